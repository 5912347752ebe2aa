"""Every user-facing string of the extension has a Vietnamese translation."""

from __future__ import annotations

import pathlib
import re

from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).resolve().parents[1]
PO = ROOT / "i18n" / "vi" / "LC_MESSAGES" / "ckanext-huequality.po"
# _("...") / tk._("...") in Python, _('...') in templates (not inside tests)
CALL = re.compile(r"(?<![\w.])(?:tk\.)?_\(\s*(['\"])(.+?)(?<!\\)\1\s*[,)]", re.S)
PLURAL = re.compile(r"ungettext\(\s*'(.+?)',\s*'(.+?)'")


def _source_strings() -> set[str]:
    found: set[str] = set()
    for path in list(ROOT.rglob("*.py")) + list(ROOT.rglob("*.html")):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found.update(m.group(2) for m in CALL.finditer(text))
        found.update(m.group(1) for m in PLURAL.finditer(text))
    # adjacent string literals in Python calls are joined by the compiler
    return {re.sub(r"['\"]\s+['\"]", "", s) for s in found}


def test_every_string_in_code_and_templates_is_translated_to_vietnamese():
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}
    missing = sorted(s for s in _source_strings() if not translated.get(s))
    assert missing == []
    assert len(translated) > 50


def test_status_labels_read_as_vietnamese():
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    labels = {
        m.id: m.string
        for m in catalog
        if m.id in ("On time", "Late", "Due soon", "Overdue", "Not required", "Not yet due")
    }
    assert labels == {
        "On time": "Đúng hạn",
        "Late": "Trễ hạn",
        "Due soon": "Sắp đến hạn",
        "Overdue": "Quá hạn",
        "Not required": "Không bắt buộc",
        "Not yet due": "Chưa đến hạn",
    }
