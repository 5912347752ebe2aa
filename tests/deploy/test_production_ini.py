"""config/production.ini carries every option the suite declares, so that operators find them all
in one documented file."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import CKAN, ROOT

TEMPLATE = ROOT / "config" / "production.ini"
TEST_URLS = {
    "CKAN_SQLALCHEMY_URL": "postgresql://ckan_default:pass@127.0.0.1/ckan_hue_test",
    "CKAN_DATASTORE_WRITE_URL": "postgresql://ckan_default:pass@127.0.0.1/datastore_hue_test",
    "CKAN_DATASTORE_READ_URL": "postgresql://datastore_default:pass@127.0.0.1/datastore_hue_test",
    "CKAN_REDIS_URL": "redis://127.0.0.1:6379/1",
}


def declared_options() -> set[str]:
    keys = set()
    for declaration in ROOT.glob("ckanext-hue*/ckanext/**/config_declaration.yaml"):
        for group in (yaml.safe_load(declaration.read_text(encoding="utf-8")) or {}).get("groups", []):
            for option in group.get("options", []):
                # pattern keys such as ckanext.huedata.lgsp.secret.NAME are documented as a comment
                if not re.search(r"\.[A-Z][A-Z_]*$", option["key"]):
                    keys.add(option["key"])
    return keys


def test_every_declared_suite_option_is_set_in_the_production_template():
    assert "ckanext.huesso.issuer" in declared_options()  # the scan finds the declarations
    set_in_template = {match[1] for match in re.finditer(r"^([\w.\-]+) =", TEMPLATE.read_text(), re.MULTILINE)}
    missing = sorted(declared_options() - set_in_template)
    assert missing == [], f"add these options, with a Vietnamese and English comment, to {TEMPLATE}: {missing}"


def test_every_option_block_is_explained_in_both_languages():
    text = TEMPLATE.read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert len(sections) >= 10
    for title in sections:
        assert " / " in title, f"section '{title}' needs its Vietnamese and English names"


def installed_plugins() -> set[str]:
    from importlib.metadata import entry_points

    return {entry.name for entry in entry_points(group="ckan.plugins")}


def buildable_template(folder: Path) -> Path:
    """The production template with what this checkout can load: plugins of branches not merged
    yet are left out, and scheming's sample schemas stand in while the Huế schemas are missing."""
    text = TEMPLATE.read_text(encoding="utf-8")
    plugins_line = re.search(r"^ckan\.plugins = (.*)$", text, re.MULTILINE)
    kept = [name for name in plugins_line[1].split() if name.startswith("${") or name in installed_plugins()]
    text = text.replace(plugins_line[0], "ckan.plugins = " + " ".join(kept))
    if not (ROOT / "ckanext-huedata" / "ckanext" / "huedata" / "schemas" / "dataset.yaml").exists():
        text = text.replace("ckanext.huedata.schemas:dataset.yaml", "ckanext.scheming:ckan_dataset.yaml")
        text = text.replace("ckanext.huedata.schemas:organization.yaml", "ckanext.scheming:org_with_dept_id.json")
    template = folder / "production.ini"
    template.write_text(text, encoding="utf-8")
    return template


def test_built_ini_passes_ckans_own_validation_and_has_no_misspelt_option(tmp_path):
    env = {"PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}", "PYTHON": sys.executable,
           "HUE_DIR": str(ROOT), "APP_DIR": str(tmp_path), "CKAN_INI": str(tmp_path / "ckan.ini"),
           "CKAN_INI_TEMPLATE": str(buildable_template(tmp_path)), "CKAN_SITE_URL": "https://data.hue.gov.vn",
           "CKAN_DB_PASSWORD": "p", "DATASTORE_RO_PASSWORD": "r", "CKAN_SECRET_KEY": "k", "CKAN_JWT_SECRET": "j",
           "HUESSO_ISSUER": "https://sso.example.vn", "HUESSO_CLIENT_ID": "c", "HUESSO_CLIENT_SECRET": "s",
           "HUESSO_ID_HMAC_SECRET": "h" * 40}
    built = subprocess.run(["bash", str(ROOT / "docker" / "entrypoint.sh"), "ini"], env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    # the databases of the test run stand in for the containers' (CKAN reads these variables first)
    env.update({name: os.environ.get(name, default) for name, default in TEST_URLS.items()})

    def ckan_config(command: str) -> subprocess.CompletedProcess:
        return subprocess.run([CKAN, "-c", env["CKAN_INI"], "config", command], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    validated = ckan_config("validate")
    assert validated.returncode == 0 and "Error" not in validated.stdout, validated.stdout + validated.stderr
    undeclared = ckan_config("undeclared")
    assert undeclared.returncode == 0, undeclared.stderr
    declared_prefixes = {key.rsplit(".", 1)[0] + "." for key in declared_options()}
    misspelt = [key for key in undeclared.stdout.split()
                if not key.isupper() and not key.startswith("scheming.")  # scheming declares nothing
                and (not key.startswith("ckanext.hue") or any(key.startswith(p) for p in declared_prefixes))]
    assert misspelt == []
