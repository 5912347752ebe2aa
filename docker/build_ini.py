#!/usr/bin/env python3
"""Writes CKAN's ini from the production template and the environment.

Usage: build_ini.py TEMPLATE OUTPUT

Every ``${NAME}`` in the template is replaced by the environment variable NAME, or by the
content of the file named in NAME_FILE (Docker secrets, /run/secrets/...). ``${NAME:-x}`` falls
back to x; ``${NAME|url}`` percent-encodes the value (a password inside a database URL).
Comment lines are left alone. A required name that is missing stops the container with a message naming it, in
Vietnamese and English, and never prints a value. Only the standard library: the same file
runs inside the image and in the tests.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import quote

PLACEHOLDER = re.compile(r"\$\{(?P<name>[A-Z][A-Z0-9_]*)(?::-(?P<default>[^}|]*))?(?:\|(?P<filter>url))?\}")


class MissingSetting(Exception):
    pass


def lookup(name: str, environ: dict[str, str]) -> str | None:
    """The value of NAME from the environment, else from the file NAME_FILE points to."""
    if environ.get(name):
        return environ[name]
    path = environ.get(f"{name}_FILE")
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
            return value or None  # an empty secret file counts as unset
        except OSError as error:
            raise MissingSetting(
                f"Không đọc được tệp bí mật {name}_FILE={path} / cannot read secret file {name}_FILE={path}: "
                f"{error.strerror}") from error
    return None


def render(template: str, environ: dict[str, str]) -> str:
    missing: list[str] = []

    def substitute(match: re.Match[str]) -> str:
        name, default = match["name"], match["default"]
        value = lookup(name, environ)
        if value is None:
            if default is None:
                missing.append(name)
                return ""
            value = default
        if "\n" in value:
            raise MissingSetting(f"{name}: nhiều dòng không hợp lệ / a setting must be one line")
        if match["filter"] == "url":
            value = quote(value, safe="")
        # CKAN reads the ini with ConfigParser interpolation: a literal % must be doubled.
        return value.replace("%", "%%")

    # Comment lines are copied as they are: they document placeholders, they do not use them.
    rendered = "".join(
        line if line.lstrip().startswith(("#", ";")) else PLACEHOLDER.sub(substitute, line)
        for line in template.splitlines(keepends=True))
    if missing:
        names = ", ".join(sorted(set(missing)))
        raise MissingSetting(
            f"Thiếu cấu hình bắt buộc (đặt biến môi trường hoặc tệp <TÊN>_FILE): {names}\n"
            f"Missing required settings (set the variable or a <NAME>_FILE secret file): {names}")
    return rendered


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    template, output = Path(argv[1]), Path(argv[2])
    try:
        text = render(template.read_text(encoding="utf-8"), dict(os.environ))
    except MissingSetting as error:
        print(f"build_ini: {error}", file=sys.stderr)
        return 1
    # The ini holds secrets: readable by its owner only, written atomically.
    partial = output.with_name(output.name + ".tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(partial, 0o600)
    os.replace(partial, output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
