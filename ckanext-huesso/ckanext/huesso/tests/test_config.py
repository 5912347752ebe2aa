"""The README's table of options is the declaration's, and the getters read declared keys."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent


def test_readme_lists_exactly_the_declared_options():
    declared = {o["key"] for o in yaml.safe_load((HERE / "config_declaration.yaml").read_text())["groups"][0]["options"]}
    readme = (HERE.parent.parent / "README.md").read_text()
    table = readme.split("<!-- options:start -->")[1].split("<!-- options:end -->")[0]
    assert set(re.findall(r"^\| `([^`]+)`", table, flags=re.M)) == declared


def test_config_getters_read_only_declared_options():
    declared = {o["key"] for o in yaml.safe_load((HERE / "config_declaration.yaml").read_text())["groups"][0]["options"]}
    source = (HERE / "config.py").read_text()
    names = [n for n in re.findall(r'_(?:get|list|bool)\("([a-z_.]+)"', source) if not n.endswith(".")]
    used = {"ckanext.huesso." + name for name in names}
    used |= {"ckanext.huesso.claim." + f for f in ("id_number", "full_name", "email", "agency")}
    assert used <= declared
    assert declared - used == set()
