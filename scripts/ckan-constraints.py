"""Prints CKAN's own pins (its `requirements` extra) as a pip constraints file.

The suite's other packages are installed with these held, so adding an extension
never moves a package CKAN was tested with.
"""
import re
from importlib.metadata import requires

for requirement in requires("ckan") or []:
    spec, _, marker = requirement.partition(";")
    if 'extra == "requirements"' in marker and "==" in spec:
        print(re.sub(r"\[.*?\]", "", spec).strip())  # constraints take no extras
