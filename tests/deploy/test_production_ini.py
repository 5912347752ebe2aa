"""config/production.ini carries every option the suite declares, so that operators find them all
in one documented file."""
from __future__ import annotations

import re

import yaml
from conftest import ROOT

TEMPLATE = ROOT / "config" / "production.ini"


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
