"""Options are declared once, beside their getters; the README's table lists each with its
declared default; the plugin loads every declaration file."""

from __future__ import annotations

import pathlib

import yaml

from ckanext.huequality.plugin import PACKAGES

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _declared() -> dict[str, str]:
    options = {}
    for path in sorted(ROOT.rglob("config_declaration.yaml")):
        declaration = yaml.safe_load(path.read_text(encoding="utf-8"))
        for group in declaration["groups"]:
            for option in group["options"]:
                assert option["key"] not in options, f"{option['key']} is declared twice"
                options[option["key"]] = str(option["default"])
    return options


def test_readme_table_matches_the_declaration():
    readme = (ROOT.parents[1] / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(" `"): line.split("|")[2].strip()
        for line in readme.splitlines()
        if line.startswith("| `ckanext.huequality.")
    }
    assert rows == _declared()


def test_every_declaration_file_is_loaded_by_the_plugin():
    loaded = {(ROOT / package.strip(".") / "config_declaration.yaml").resolve() for package in PACKAGES}
    assert set(ROOT.rglob("config_declaration.yaml")) == loaded
