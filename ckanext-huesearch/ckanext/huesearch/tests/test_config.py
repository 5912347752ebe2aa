"""huesearch's options are declared once; the README's table lists each with its declared default."""
from __future__ import annotations

import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_readme_table_matches_the_declaration():
    declaration = yaml.safe_load((ROOT / "config_declaration.yaml").read_text(encoding="utf-8"))
    declared = {o["key"]: str(o["default"]) for g in declaration["groups"] for o in g["options"]}
    readme = (ROOT.parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line.split("|")[2].strip()
            for line in readme.splitlines() if line.startswith("| `ckanext.huesearch.")}
    assert rows == declared
