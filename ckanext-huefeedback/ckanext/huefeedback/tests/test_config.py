"""The README's table of options is the declaration's (keys and defaults), and the getters read declared keys."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent


def _declared() -> dict[str, str]:
    declaration = yaml.safe_load((HERE / "config_declaration.yaml").read_text(encoding="utf-8"))
    return {o["key"]: (str(o["default"]).lower() if isinstance(o["default"], bool) else str(o["default"]))
            for group in declaration["groups"] for o in group["options"]}


def test_readme_lists_exactly_the_declared_options_with_their_defaults():
    readme = (HERE.parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- options:start -->")[1].split("<!-- options:end -->")[0]
    rows = {m[0]: m[1] for m in re.findall(r"^\| `([^`]+)` \| `?([^|`]*)`? \|", table, flags=re.M)}
    assert rows == _declared()


def test_config_getters_read_only_declared_options():
    source = (HERE / "config.py").read_text(encoding="utf-8")
    used = {"ckanext.huefeedback." + name for name in re.findall(r'_(?:get|list)\("([a-z_.]+)"\)', source)}
    assert used == set(_declared())
