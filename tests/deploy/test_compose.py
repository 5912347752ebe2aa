"""docker/docker-compose.yml as `docker-compose config` reads it (no Docker engine here), for both
search engines, with the example .env and throw-away secret files."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

COMPOSE = ROOT / "docker" / "docker-compose.yml"
SECRETS = ("postgres_password", "ckan_db_password", "datastore_ro_password", "ckan_secret_key", "ckan_jwt_secret",
           "huesso_client_secret", "huesso_id_hmac_secret", "smtp_password")
CKAN_ROLES = {"ckan-init": "prestart", "ckan": "web", "harvest-gather": "gather", "harvest-fetch": "fetch",
              "worker": "worker", "scheduler": "scheduler"}
LONG_RUNNING = {"db", "redis", "solr", "ckan", "harvest-gather", "harvest-fetch", "worker", "scheduler", "nginx"}

pytestmark = pytest.mark.skipif(shutil.which("docker-compose") is None,
                                reason="docker-compose missing: run scripts/bootstrap-system.sh")


def env_file(tmp_path: Path, backend: str) -> Path:
    secrets = tmp_path / "secrets"
    secrets.mkdir(exist_ok=True)
    for name in SECRETS:
        (secrets / name).write_text("not-a-real-secret\n")
    text = (ROOT / "docker" / ".env.example").read_text(encoding="utf-8")
    text = text.replace("CKAN_SEARCH_BACKEND=huesearch", f"CKAN_SEARCH_BACKEND={backend}")
    env = tmp_path / f"env.{backend}"
    env.write_text(text + f"HUE_SECRETS_DIR={secrets}\n", encoding="utf-8")
    return env


def compose_config(env: Path) -> dict:
    result = subprocess.run(["docker-compose", "--env-file", str(env), "-f", str(COMPOSE), "config"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def active_profiles(env: Path) -> list[str]:
    """COMPOSE_PROFILES as docker-compose itself reads it from the env file (with interpolation)."""
    script = ("import sys; from compose.config.environment import env_vars_from_file; "
              "print(env_vars_from_file(sys.argv[1]).get('COMPOSE_PROFILES', ''))")
    result = subprocess.run(["/usr/bin/python3", "-c", script, str(env)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split(",")


@pytest.mark.parametrize("backend", ["huesearch", "solr"])
def test_compose_file_is_accepted_with_every_service_for_each_search_engine(tmp_path, backend):
    env = env_file(tmp_path, backend)
    config = compose_config(env)
    services = config["services"]
    assert set(services) == LONG_RUNNING | {"ckan-init", "backup", "restore"}
    for name, role in CKAN_ROLES.items():
        assert services[name]["command"] == [role]
        assert services[name]["environment"]["CKAN_SEARCH_BACKEND"] == backend
        assert services[name]["image"] == services["ckan"]["image"]
    # Solr starts only when chosen: one setting, CKAN_SEARCH_BACKEND, drives COMPOSE_PROFILES.
    assert services["solr"]["profiles"] == ["solr"]
    assert ("solr" in active_profiles(env)) == (backend == "solr")


def test_every_long_running_service_has_a_health_check_a_restart_policy_and_no_root(tmp_path):
    services = compose_config(env_file(tmp_path, "huesearch"))["services"]
    for name in LONG_RUNNING:
        service = services[name]
        assert service["healthcheck"]["test"][0] != "NONE", name
        assert service["restart"] == "unless-stopped", name
        # nginx-unprivileged runs as nginx by its image; every other service names its user
        assert service.get("user", "nginx") not in ("root", "0"), name
    assert services["ckan-init"]["restart"] == "no"
    assert services["ckan"]["depends_on"]["ckan-init"]["condition"] == "service_completed_successfully"


def test_data_lives_on_named_volumes_and_only_the_proxy_publishes_ports(tmp_path):
    config = compose_config(env_file(tmp_path, "solr"))
    assert {"pg_data", "redis_data", "solr_data", "ckan_storage"} <= set(config["volumes"])
    # docker-compose 1.29 prints volumes as "source:target[:mode]"; named ones have no path
    mounts = {name: [v.split(":")[0] for v in s.get("volumes", []) if not v.startswith(("/", "."))]
              for name, s in config["services"].items()}
    assert mounts["db"] == ["pg_data"] and mounts["solr"] == ["solr_data"] and mounts["ckan"] == ["ckan_storage"]
    assert [name for name, s in config["services"].items() if s.get("ports")] == ["nginx"]
    assert config["networks"]["backend"]["internal"] is True


def test_secrets_reach_containers_as_files_never_as_values(tmp_path):
    config = compose_config(env_file(tmp_path, "huesearch"))
    assert set(config["secrets"]) == set(SECRETS)
    rendered = yaml.safe_dump(config)
    assert "not-a-real-secret" not in rendered
    environment = config["services"]["ckan"]["environment"]
    assert environment["CKAN_DB_PASSWORD_FILE"] == "/run/secrets/ckan_db_password"
    assert not any(key.endswith(("PASSWORD", "SECRET", "SECRET_KEY")) for key in environment)
    # the PostgreSQL superuser password is given to the one-shot init container only
    holders = [name for name, s in config["services"].items()
               if any(x["source"] == "postgres_password" for x in s.get("secrets", []))]
    assert sorted(holders) == ["backup", "ckan-init", "db", "restore"]


def test_compose_refuses_to_start_without_the_site_address(tmp_path):
    env = env_file(tmp_path, "huesearch")
    env.write_text(env.read_text().replace("CKAN_SITE_URL=https://data.hue.gov.vn\n", ""))
    result = subprocess.run(["docker-compose", "--env-file", str(env), "-f", str(COMPOSE), "config"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0
    assert "CKAN_SITE_URL" in result.stderr


def test_solr_schema_folds_vietnamese_accents_in_every_text_analyzer():
    import xml.etree.ElementTree as ET

    ours = ET.parse(ROOT / "config" / "solr" / "schema.xml").getroot()
    upstream = ET.parse(Path(__import__("ckan").__file__).parent / "config" / "solr" / "schema.xml").getroot()
    assert ours.get("name") == upstream.get("name") == "ckan-2.11"
    text_types = [t for t in ours.iter("fieldType") if t.get("class") == "solr.TextField"]
    assert {t.get("name") for t in text_types} == {"text", "text_general", "text_ngram"}
    for field_type in text_types:
        for analyzer in field_type.iter("analyzer"):
            filters = [f.get("class") for f in analyzer.iter("filter")]
            assert "solr.ICUFoldingFilterFactory" in filters, (field_type.get("name"), analyzer.get("type"))
    # the fields themselves are CKAN's, untouched
    assert [f.attrib for f in ours.iter("field")] == [f.attrib for f in upstream.iter("field")]


def test_image_builds_from_the_official_ckan_image_copies_files_that_exist_and_runs_as_ckan():
    lines = [line.strip() for line in (ROOT / "docker" / "Dockerfile").read_text().splitlines()]
    assert [line for line in lines if line.startswith("FROM ")] == ["FROM ckan/ckan-base:2.11"]
    assert [line for line in lines if line.startswith("USER ")][-1] == "USER ckan"
    for line in lines:
        if line.startswith("COPY "):
            *sources, _target = line.split()[1:]
            for source in sources:
                assert (ROOT / source).exists(), source  # build context is the repository root
    assert 'ENTRYPOINT ["/srv/app/hue/docker/entrypoint.sh"]' in lines


def test_every_file_the_compose_file_mounts_is_in_the_repository(tmp_path):
    config = compose_config(env_file(tmp_path, "solr"))
    for name, service in config["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith(str(ROOT)) and "/backups" not in source and "/tls" not in source:
                assert Path(source).exists(), (name, source)
