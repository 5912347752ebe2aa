#!/usr/bin/env bash
# pip install, quiet, without the notices about unused local package folders some machines configure.
set -eo pipefail
"${VENV:-.venv}/bin/pip" install -q --disable-pip-version-check "$@" 2>&1 | sed '/^WARNING: Location/d'
