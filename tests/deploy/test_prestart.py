"""The first start of a deployment, on the local PostgreSQL instead of containers:
docker/postgres/initdb.sh creates the users and databases, `entrypoint.sh prestart` builds the ini,
migrates and sets the DataStore permissions; the read-only DataStore user can then read, not write."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PREFIX, ROOT, as_postgres, drop_database, psql



def template_with_plugins(folder: Path) -> Path:
    """The production template with only the plugins of this branch that need no other service
    (the full list names harvesters and schemas other branches deliver)."""
    lines = []
    for line in (ROOT / "config" / "production.ini").read_text(encoding="utf-8").splitlines():
        if line.startswith("ckan.plugins ="):
            line = "ckan.plugins = activity datastore ${CKAN_SEARCH_PLUGIN:-} ${CKAN_EXTRA_PLUGINS:-}"
        lines.append(line)
    template = folder / "production.ini"
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return template


@pytest.fixture
def fresh_cluster_names(workdir):
    suffix = os.getpid()
    names = {"CKAN_DB": f"{PREFIX}init_{suffix}", "DATASTORE_DB": f"{PREFIX}init_ds_{suffix}",
             "CKAN_DB_USER": f"{PREFIX}owner_{suffix}", "DATASTORE_RO_USER": f"{PREFIX}ro_{suffix}"}

    def drop_all():
        drop_database(names["CKAN_DB"])
        drop_database(names["DATASTORE_DB"])
        for role in (names["CKAN_DB_USER"], names["DATASTORE_RO_USER"]):
            psql("postgres", f'DROP ROLE IF EXISTS "{role}"')

    drop_all()
    yield names
    drop_all()


def test_first_start_creates_migrates_and_locks_down_the_datastore(workdir, fresh_cluster_names):
    names = fresh_cluster_names
    secrets = workdir / "secrets"
    secrets.mkdir()
    for name, value in {"ckan_db_password": "owner-pw", "datastore_ro_password": "ro-pw"}.items():
        (secrets / name).write_text(value + "\n")
    os.chmod(secrets, 0o755)
    for file in secrets.iterdir():
        os.chmod(file, 0o644)

    init = as_postgres(["bash", str(ROOT / "docker" / "postgres" / "initdb.sh")], env=dict(
        os.environ, POSTGRES_USER="postgres", PGHOST="/var/run/postgresql",
        CKAN_DB_PASSWORD_FILE=str(secrets / "ckan_db_password"),
        DATASTORE_RO_PASSWORD_FILE=str(secrets / "datastore_ro_password"), **names))
    assert init.returncode == 0, init.stderr
    assert psql("postgres", f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{names['CKAN_DB']}'") \
        == names["CKAN_DB_USER"]

    storage = workdir / "storage"
    env = dict(
        os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", PYTHON=sys.executable,
        HUE_DIR=str(ROOT), APP_DIR=str(workdir), CKAN_INI=str(workdir / "ckan.ini"),
        CKAN_INI_TEMPLATE=str(template_with_plugins(workdir)), CKAN_STORAGE_PATH=str(storage),
        CKAN_SITE_URL="https://data.hue.gov.vn", CKAN_SECRET_KEY="k", CKAN_JWT_SECRET="j",
        HUESSO_ISSUER="https://sso.example.vn", HUESSO_CLIENT_ID="c", HUESSO_CLIENT_SECRET="s",
        HUESSO_ID_HMAC_SECRET="h", POSTGRES_HOST="127.0.0.1", POSTGRES_USER="postgres",
        POSTGRES_PASSWORD="trust-auth-here", CKAN_DB_PASSWORD_FILE=str(secrets / "ckan_db_password"),
        DATASTORE_RO_PASSWORD_FILE=str(secrets / "datastore_ro_password"),
        CKAN_REDIS_URL=os.environ.get("CKAN_REDIS_URL", "redis://127.0.0.1:6379/1"), WAIT_SECONDS="10", **names)
    for name in ("CKAN_SQLALCHEMY_URL", "CKAN_DATASTORE_WRITE_URL", "CKAN_DATASTORE_READ_URL"):
        env.pop(name, None)  # the ini built from the template must be what CKAN uses
    result = subprocess.run(["bash", str(ROOT / "docker" / "entrypoint.sh"), "prestart"], env=env,
                            capture_output=True, text=True, cwd=workdir, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "prestart done" in result.stderr

    # CKAN's tables (and the activity plugin's) exist and belong to the CKAN user
    owners = psql(names["CKAN_DB"], "SELECT DISTINCT tableowner FROM pg_tables WHERE tablename IN "
                                    "('package', 'activity', 'alembic_version')")
    assert owners == names["CKAN_DB_USER"]
    # the DataStore read-only user reads what CKAN writes, and may write nothing
    ds, ro, owner = names["DATASTORE_DB"], names["DATASTORE_RO_USER"], names["CKAN_DB_USER"]
    psql(ds, f'SET ROLE "{owner}"; CREATE TABLE "rows" (x int); INSERT INTO "rows" VALUES (1)')
    assert psql(ds, f'SET ROLE "{ro}"; SELECT x FROM "rows"') == "1"
    denied = as_postgres(["psql", "-X", "-qtA", "-d", ds, "-c", f'SET ROLE "{ro}"; INSERT INTO "rows" VALUES (2)'])
    assert denied.returncode != 0 and "permission denied" in denied.stderr
    denied = as_postgres(["psql", "-X", "-qtA", "-d", ds, "-c", f'SET ROLE "{ro}"; CREATE TABLE evil (x int)'])
    assert denied.returncode != 0 and "permission denied" in denied.stderr
    # and cannot even connect to the CKAN database
    assert psql(names["CKAN_DB"], f"SELECT has_database_privilege('{ro}', current_database(), 'CONNECT')") == "f"
