"""The configuration `make run` serves (config/ckan.ini) loads every plugin and command."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ckan(*args: str) -> subprocess.CompletedProcess:
    ckan = Path(sys.executable).with_name("ckan")
    # the test database stands in for the portal's own (CKAN_SQLALCHEMY_URL is set by `make test`)
    return subprocess.run([str(ckan), "-c", str(ROOT / "config" / "ckan.ini"), *args], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ), timeout=120)


def test_every_plugin_of_the_portal_loads_and_offers_its_commands():
    result = _ckan("--help")
    assert result.returncode == 0, result.stderr[-3000:]
    for command in ("huedata", "search-index"):
        assert command in result.stdout
