"""scripts/backup.sh and scripts/restore.sh on the local PostgreSQL: a catalogue (with its quality
history) backed up, its databases dropped, restored into an empty deployment, reads back the same."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CKAN, ROOT, as_postgres, db_urls, drop_database, psql

PLUGINS = "activity datastore huesearch huequality"


def write_ini(folder: Path, storage: Path) -> Path:
    """test.ini with the plugins that own tables and a storage folder of its own."""
    lines = []
    for line in (ROOT / "test.ini").read_text(encoding="utf-8").splitlines():
        if line.startswith("ckan.plugins ="):
            line = f"ckan.plugins = {PLUGINS}"
        elif line.startswith("ckan.storage_path ="):
            line = f"ckan.storage_path = {storage}"
        lines.append(line)
    ini = folder / f"portal-{storage.name}.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


def ckan_env(ckan_db: str, datastore_db: str) -> dict[str, str]:
    env = dict(os.environ, **db_urls(ckan_db, datastore_db))
    env.setdefault("CKAN_REDIS_URL", "redis://127.0.0.1:6379/1")
    return env


def run(args, env, **kwargs) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def portal_view(ini: Path, env) -> dict:
    """What users see: datasets, DataStore rows, uploaded files."""
    return json.loads(run([sys.executable, str(Path(__file__).with_name("portal_data.py")), "show", str(ini)], env))


def table_fingerprints(database: str) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every table: quality history and harvest tables included."""
    tables = psql(database, "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
                            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1").split()
    prints = {}
    for table in tables:
        out = psql(database, f"SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                             f"FROM {table} t")
        count, _, digest = out.partition(" ")
        prints[table] = (int(count), digest)
    return prints


def script_env(**settings: str) -> dict[str, str]:
    return dict(os.environ, PGHOST="/var/run/postgresql", **settings)


def backup(workdir: Path, ckan_db: str, datastore_db: str, storage: Path) -> Path:
    result = as_postgres(["bash", str(ROOT / "scripts/backup.sh")], env=script_env(
        CKAN_DB=ckan_db, DATASTORE_DB=datastore_db, STORAGE_DIR=str(storage), BACKUP_DIR=str(workdir / "backups")))
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def restore(folder: Path, ckan_db: str, datastore_db: str, storage: Path) -> subprocess.CompletedProcess:
    return as_postgres(["bash", str(ROOT / "scripts/restore.sh"), str(folder)], env=script_env(
        CKAN_DB=ckan_db, DATASTORE_DB=datastore_db, CKAN_DB_USER="ckan_default", STORAGE_DIR=str(storage)))


@pytest.fixture
def source_portal(deploy_dbs, workdir):
    """A deployment with an organisation, three datasets, uploaded files and a DataStore table."""
    storage = workdir / "storage-src"
    storage.mkdir()
    ini = write_ini(workdir, storage)
    run(["bash", "scripts/bootstrap-db.sh", deploy_dbs["src"], deploy_dbs["src_ds"]], dict(os.environ))
    env = ckan_env(deploy_dbs["src"], deploy_dbs["src_ds"])
    run([CKAN, "-c", str(ini), "db", "init"], env)
    permissions = run([CKAN, "-c", str(ini), "datastore", "set-permissions"], env)
    result = as_postgres(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", deploy_dbs["src_ds"]], input=permissions)
    assert result.returncode == 0, result.stderr
    run([sys.executable, str(Path(__file__).with_name("portal_data.py")), "seed", str(ini)], env)
    return ini, env, storage


def test_restore_into_an_empty_deployment_gives_back_the_same_catalogue(deploy_dbs, workdir, source_portal):
    ini, env, storage = source_portal
    # quality history: scores, fingerprints and update events, as the scheduler's nightly commands make them
    run([CKAN, "-c", str(ini), "huequality", "recompute"], env)
    run([CKAN, "-c", str(ini), "huequality", "deadlines", "check-resources"], env)
    before = portal_view(ini, env)
    tables_before = {db: table_fingerprints(deploy_dbs[db]) for db in ("src", "src_ds")}
    rows = {table: count for table, (count, _) in tables_before["src"].items()}
    assert rows["public.huequality_quality_score"] == 3 and rows["public.huequality_update_event"] > 0
    assert len(before["datasets"]) == 3 and len(before["files"]) == 3
    assert [row["phuong"] for rows in before["datastore"].values() for row in rows] == ["Phú Hội", "Vỹ Dạ"]

    folder = backup(workdir, deploy_dbs["src"], deploy_dbs["src_ds"], storage)
    manifest = (folder / "MANIFEST").read_text()
    assert {"ckan.dump", "datastore.dump", "storage.tar.gz"} <= {line.split()[-1] for line in manifest.splitlines()
                                                                  if len(line.split()) == 2}

    # the disaster: databases and files gone
    drop_database(deploy_dbs["src"])
    drop_database(deploy_dbs["src_ds"])
    subprocess.run(["rm", "-rf", str(storage)], check=True)

    # both cases of an empty deployment: the DataStore database exists empty (as the PostgreSQL
    # init script of docker/ leaves it), the CKAN database does not exist yet
    psql("postgres", f'CREATE DATABASE "{deploy_dbs["dst_ds"]}" OWNER ckan_default')
    restored_storage = workdir / "storage-dst"
    result = restore(folder, deploy_dbs["dst"], deploy_dbs["dst_ds"], restored_storage)
    assert result.returncode == 0, result.stderr

    assert table_fingerprints(deploy_dbs["dst"]) == tables_before["src"]
    assert table_fingerprints(deploy_dbs["dst_ds"]) == tables_before["src_ds"]
    restored_ini = write_ini(workdir, restored_storage)
    after = portal_view(restored_ini, ckan_env(deploy_dbs["dst"], deploy_dbs["dst_ds"]))
    assert after == before
    # the read-only DataStore user still reads, and still cannot write
    assert psql(deploy_dbs["dst_ds"], "SELECT has_database_privilege('datastore_default', current_database(), "
                                      "'CONNECT')") == "t"


def test_restore_refuses_a_damaged_backup_and_creates_nothing(deploy_dbs, workdir, source_portal):
    _, _, storage = source_portal
    folder = backup(workdir, deploy_dbs["src"], deploy_dbs["src_ds"], storage)
    dump = folder / "datastore.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    result = restore(folder, deploy_dbs["dst"], deploy_dbs["dst_ds"], workdir / "storage-dst")
    assert result.returncode != 0
    assert "checksum mismatch" in result.stderr and "mã băm không khớp" in result.stderr
    assert psql("postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{deploy_dbs['dst']}'") == "0"


def test_restore_never_overwrites_a_deployment_that_holds_data(deploy_dbs, workdir, source_portal):
    _, _, storage = source_portal
    folder = backup(workdir, deploy_dbs["src"], deploy_dbs["src_ds"], storage)
    prints = table_fingerprints(deploy_dbs["src"])

    result = restore(folder, deploy_dbs["src"], deploy_dbs["src_ds"], workdir / "storage-dst")
    assert result.returncode != 0
    assert f"database {deploy_dbs['src']} is not empty" in result.stderr
    assert table_fingerprints(deploy_dbs["src"]) == prints


def test_backup_of_a_missing_database_fails_and_leaves_no_folder(deploy_dbs, workdir):
    result = as_postgres(["bash", str(ROOT / "scripts/backup.sh")], env=script_env(
        CKAN_DB=deploy_dbs["src"], DATASTORE_DB=deploy_dbs["src_ds"], STORAGE_DIR=str(workdir / "none"),
        BACKUP_DIR=str(workdir / "backups")))
    assert result.returncode != 0
    assert deploy_dbs["src"] in result.stderr
    assert list((workdir / "backups").iterdir()) == []


def test_restore_stops_before_touching_databases_when_it_cannot_write_the_file_store(deploy_dbs, workdir):
    locked = workdir / "locked"
    locked.mkdir(mode=0o500)  # owned by root: the postgres user running the restore cannot write
    folder = workdir / "backup"
    folder.mkdir()
    for name in ("ckan.dump", "datastore.dump", "storage.tar.gz"):
        (folder / name).write_bytes(b"x")
    sums = subprocess.run(["sha256sum", "ckan.dump", "datastore.dump", "storage.tar.gz"], cwd=folder,
                          capture_output=True, text=True, check=True).stdout
    (folder / "MANIFEST").write_text("# hue-backup manifest\n# sha256\n" + sums)
    os.chmod(folder, 0o755)

    result = restore(folder, deploy_dbs["dst"], deploy_dbs["dst_ds"], locked)
    assert result.returncode != 0
    assert f"cannot write to {locked}" in result.stderr
    assert psql("postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{deploy_dbs['dst']}'") == "0"
