"""Fixtures of the deployment tests: PostgreSQL as its superuser, throw-away databases."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CKAN = str(Path(sys.executable).with_name("ckan"))
PREFIX = "ckan_hue_deploy_"


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Runs a command as the postgres OS user (peer authentication on the local socket)."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    elif os.environ.get("USER") != "postgres":
        args = ["sudo", "-n", "-E", "-u", "postgres", *args]
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def psql(database: str, sql: str) -> str:
    result = as_postgres(["psql", "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql])
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def drop_database(name: str) -> None:
    assert name.startswith(PREFIX)
    psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def db_urls(ckan_db: str, datastore_db: str) -> dict[str, str]:
    return {
        "CKAN_SQLALCHEMY_URL": f"postgresql://ckan_default:pass@127.0.0.1/{ckan_db}",
        "CKAN_DATASTORE_WRITE_URL": f"postgresql://ckan_default:pass@127.0.0.1/{datastore_db}",
        "CKAN_DATASTORE_READ_URL": f"postgresql://datastore_default:pass@127.0.0.1/{datastore_db}",
    }


@pytest.fixture
def deploy_dbs():
    """Names for a source and a restored deployment; every one of them dropped afterwards."""
    names = {key: f"{PREFIX}{key}_{os.getpid()}" for key in ("src", "src_ds", "dst", "dst_ds")}
    for name in names.values():
        drop_database(name)
    yield names
    for name in names.values():
        drop_database(name)


@pytest.fixture
def workdir():
    """A folder the postgres user may write to (the scripts run as that user; pytest's own
    temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="hue-deploy-"))
    os.chmod(folder, 0o755)
    shutil.chown(folder, "postgres", "postgres")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
