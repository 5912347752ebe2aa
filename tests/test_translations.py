"""Every string the suite shows a person has a Vietnamese translation."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import ckan

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = sorted(p for p in ROOT.glob("ckanext-*/ckanext/*") if (p / "plugin.py").exists())
# The template extractor by dotted path: babel finds named extractors only through pkg_resources,
# which recent setuptools no longer ships.
METHOD_MAP = [("**/tests/**", "ignore"), ("**.py", "python"), ("**/templates/**.html", "ckan.lib.extract:extract_ckan")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "ungettext": (1, 2)}


def _catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


CKAN_VI = {m.id for m in _catalog(Path(ckan.__file__).parent / "i18n/vi/LC_MESSAGES/ckan.po") if m.string}


def _source_messages(extension: Path) -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(extension), METHOD_MAP, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


@pytest.mark.parametrize("extension", EXTENSIONS, ids=lambda p: p.name)
def test_every_message_of_the_extension_is_translated_to_vietnamese(extension):
    messages = _source_messages(extension) - CKAN_VI
    if not messages:
        return
    catalogs = list((extension / "i18n" / "vi" / "LC_MESSAGES").glob("*.po"))
    assert catalogs, f"{extension.name} shows {len(messages)} strings but has no Vietnamese catalogue"
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id  # a plural by its singular
                  for c in catalogs for m in _catalog(c) if m.string and not m.fuzzy}
    missing = sorted(messages - translated)
    assert not missing, f"{len(missing)} strings of {extension.name} lack a Vietnamese translation: {missing[:20]}"


@pytest.mark.parametrize("catalog", sorted(ROOT.glob("ckanext-*/ckanext/*/i18n/vi/LC_MESSAGES/*.po")),
                         ids=lambda p: p.name)
def test_vietnamese_catalogues_have_no_empty_or_fuzzy_entries(catalog):
    bad = [m.id for m in _catalog(catalog) if m.id and (not m.string or m.fuzzy)]
    assert not bad, f"untranslated or fuzzy in {catalog.name}: {bad[:20]}"
