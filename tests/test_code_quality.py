"""The suite's code passes its linters, and the three places that run them agree:
`make lint` (which `make test` runs first), .pre-commit-config.yaml and this file."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _make(target: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTEST_ARGS")}
    return subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=env).stdout


def _formatted() -> str:
    match = re.search(r"^FORMATTED := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match
    return match.group(1).strip()


def test_ruff_finds_nothing():
    result = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_formatted_code_is_formatted():
    result = subprocess.run([str(BIN / "ruff"), "format", "--no-cache", "--check", *_formatted().split()],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_test_runs_the_linters_before_the_tests():
    tools = [m.group(1) for line in _make("test").splitlines()
             if (m := re.search(r"/bin/(ruff|mypy|pytest)\b", line))]
    assert tools == ["ruff", "ruff", "mypy", "pytest"]


def test_pre_commit_runs_what_make_lint_runs():
    hooks = {hook["id"]: hook for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]
             for hook in repo["hooks"]}
    lint = _make("lint")
    assert set(hooks) == {"ruff", "ruff-format", "mypy"}
    assert "ruff check" in hooks["ruff"]["entry"] and "ruff check" in lint
    assert "format --check" in hooks["ruff-format"]["entry"] and f"--check {_formatted()}" in lint
    # the formatter's scope is the same folder list in both places
    assert hooks["ruff-format"]["files"] == "^(" + "|".join(_formatted().split()) + ")/" or \
        hooks["ruff-format"]["files"] == "^" + _formatted() + "/"
    assert hooks["mypy"]["entry"].endswith("mypy") and hooks["mypy"]["pass_filenames"] is False


def test_mypy_checks_the_files_its_config_names():
    config = (ROOT / "mypy.ini").read_text()
    files = re.search(r"^files =\n((?:\s+.+\n)+)", config, re.MULTILINE)
    assert files
    for path in (p.strip(" ,") for p in files.group(1).splitlines()):
        assert (ROOT / path).exists(), path
