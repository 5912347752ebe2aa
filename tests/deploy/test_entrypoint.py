"""docker/entrypoint.sh and docker/build_ini.py run here as plain shell/Python: the ini a container
would get from its environment and secret files, and what happens when a setting is missing."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from ckan.cli import CKANConfigLoader

ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
SHELL_SCRIPTS = sorted([*ROOT.glob("docker/**/*.sh"), ROOT / "scripts" / "backup.sh", ROOT / "scripts" / "restore.sh"])
SECRET_VALUES = {
    "CKAN_DB_PASSWORD": "p@ss:w/rd%42",
    "DATASTORE_RO_PASSWORD": "read-only-%-pw",
    "CKAN_SECRET_KEY": "k%ey-1234567890",
    "CKAN_JWT_SECRET": "jwt-secret-value",
    "HUESSO_CLIENT_SECRET": "client-secret-value",
    "HUESSO_ID_HMAC_SECRET": "hmac-secret-value",
}


def container_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment docker-compose gives the ckan containers, secrets as *_FILE files."""
    secrets = tmp_path / "run-secrets"
    secrets.mkdir(exist_ok=True)
    env = {"PATH": os.environ["PATH"], "HUE_DIR": str(ROOT), "APP_DIR": str(tmp_path),
           "CKAN_INI": str(tmp_path / "ckan.ini"), "CKAN_SITE_URL": "https://data.hue.gov.vn",
           "HUESSO_ISSUER": "https://sso.example.vn/realms/hue", "HUESSO_CLIENT_ID": "data-hue"}
    for name, value in SECRET_VALUES.items():
        (secrets / name.lower()).write_text(value + "\n")
        env[f"{name}_FILE"] = str(secrets / name.lower())
    env.update(overrides)
    return env


def entrypoint(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ENTRYPOINT), *args], env=env, capture_output=True, text=True, timeout=60)


def load_ini(path: Path) -> dict[str, str]:
    return dict(CKANConfigLoader(str(path)).get_config())


def test_ini_built_from_secret_files_reads_back_exactly_through_ckan(tmp_path):
    result = entrypoint(container_env(tmp_path), "ini")
    assert result.returncode == 0, result.stderr
    ini = tmp_path / "ckan.ini"
    config = load_ini(ini)
    # special characters survive: URL-encoded in URLs, % kept through ConfigParser interpolation
    assert config["sqlalchemy.url"] == "postgresql://ckan:p%40ss%3Aw%2Frd%2542@db:5432/ckan"
    assert config["ckan.datastore.read_url"].startswith("postgresql://datastore_ro:read-only-%25-pw@db:5432/")
    assert config["SECRET_KEY"] == "k%ey-1234567890"
    assert config["api_token.jwt.encode.secret"] == "string:jwt-secret-value"
    assert config["ckanext.huesso.client_secret"] == "client-secret-value"
    assert config["ckan.site_url"] == "https://data.hue.gov.vn"
    # the written ini holds secrets: only its owner may read it
    assert stat.S_IMODE(ini.stat().st_mode) == 0o600
    assert "p@ss" not in result.stdout + result.stderr


def test_production_defaults_are_the_safe_ones(tmp_path):
    assert entrypoint(container_env(tmp_path), "ini").returncode == 0
    config = load_ini(tmp_path / "ckan.ini")
    assert config["debug"] == "false"
    assert config["SESSION_COOKIE_SECURE"] == config["REMEMBER_COOKIE_SECURE"] == "true"
    assert config["SESSION_COOKIE_HTTPONLY"] == "true"
    assert config["WTF_CSRF_ENABLED"] == "true"
    assert config["WTF_CSRF_SSL_STRICT"] == "true"
    assert config["ckan.auth.create_user_via_web"] == "false"
    assert config["ckanext.huesso.enabled"] == "true"
    assert config["ckanext.huesso.local_login_sysadmins_only"] == "true"
    assert config["ckan.locale_default"] == "vi"


@pytest.mark.parametrize(("backend", "with_huesearch"), [("huesearch", True), ("solr", False)])
def test_one_setting_chooses_the_search_engine(tmp_path, backend, with_huesearch):
    result = entrypoint(container_env(tmp_path, CKAN_SEARCH_BACKEND=backend), "ini")
    assert result.returncode == 0, result.stderr
    config = load_ini(tmp_path / "ckan.ini")
    plugins = config["ckan.plugins"].split()
    assert ("huesearch" in plugins) is with_huesearch
    assert {"datastore", "huedata", "huesso", "huequality", "harvest", "scheming_datasets"} <= set(plugins)
    assert config["solr_url"] == "http://solr:8983/solr/ckan"


def test_unknown_search_engine_stops_the_container_with_a_bilingual_message(tmp_path):
    result = entrypoint(container_env(tmp_path, CKAN_SEARCH_BACKEND="elastic"), "ini")
    assert result.returncode == 64
    assert "phải là huesearch hoặc solr" in result.stderr and "must be huesearch or solr" in result.stderr
    assert not (tmp_path / "ckan.ini").exists()


def test_missing_secret_is_named_and_no_ini_is_written(tmp_path):
    env = container_env(tmp_path)
    del env["HUESSO_ID_HMAC_SECRET_FILE"]
    (tmp_path / "run-secrets" / "huesso_client_secret").write_text("")  # an empty secret file counts as missing
    result = entrypoint(env, "ini")
    assert result.returncode == 1
    assert "HUESSO_CLIENT_SECRET, HUESSO_ID_HMAC_SECRET" in result.stderr
    assert "Thiếu cấu hình bắt buộc" in result.stderr and "Missing required settings" in result.stderr
    assert not any(value in result.stderr for value in SECRET_VALUES.values())
    assert not (tmp_path / "ckan.ini").exists()


def test_secret_files_become_ckans_own_environment_overrides(tmp_path):
    (tmp_path / "smtp").write_text("smtp-pw\n")
    env = container_env(tmp_path, CKAN_SMTP_PASSWORD_FILE=str(tmp_path / "smtp"))
    result = entrypoint(env, "bash", "-c", 'echo "$CKAN_SMTP_PASSWORD"')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "smtp-pw"
    assert load_ini(tmp_path / "ckan.ini")["smtp.password"] == "smtp-pw"


def test_other_file_variables_are_not_read_as_secrets(tmp_path):
    (tmp_path / "bundle.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    env = container_env(tmp_path, SSL_CERT_FILE=str(tmp_path / "bundle.pem"))
    result = entrypoint(env, "bash", "-c", 'echo "[${SSL_CERT:-unset}]"')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[unset]"


def test_scheduler_runs_the_periodic_commands():
    lines = [line for line in (ROOT / "docker" / "crontab").read_text().splitlines()
             if line and not line.startswith(("#", "CRON_TZ"))]
    commands = [" ".join(line.split()[5:]) for line in lines]
    for expected in ("harvester run", "huequality deadlines send-reminders", "huequality recompute",
                     "huequality index"):
        assert any(command.endswith(expected) for command in commands), expected
    assert all(len(line.split()) > 5 for line in lines)


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_shell_script_parses_and_passes_shellcheck(script):
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck missing: run scripts/bootstrap-system.sh")
    result = subprocess.run(["shellcheck", "-x", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
