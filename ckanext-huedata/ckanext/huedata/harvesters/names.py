"""Dataset names from Vietnamese titles: folded, unique, stable across runs (pure + one query)."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from ckan import model

MAX_LENGTH = 90  # CKAN allows 100; room for the "-xxxxxx" of a taken name


def fold(title: str) -> str:
    """``Thống kê hồ sơ dịch vụ công`` → ``thong-ke-ho-so-dich-vu-cong``.

    Diacritics are removed, not the letters that carry them (``đ`` becomes ``d``); anything
    else that CKAN does not allow in a name becomes one dash.
    """
    text = title.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9_-]+", "-", text).strip("-_")
    text = re.sub(r"-{2,}", "-", text)
    return text[:MAX_LENGTH].rstrip("-_") or "dataset"


def unique_name(title: str, guid: str, source_id: str) -> str:
    """The folded title; when another dataset holds it, the title plus a short hash of the
    source and guid, so the same item always asks for the same name."""
    base = fold(title)
    if len(base) < 2:
        base = f"{base}-dataset"
    if model.Package.get(base) is None:
        return base
    digest = hashlib.sha256(f"{source_id}:{guid}".encode()).hexdigest()
    for length in (6, 10, 16):
        candidate = f"{base}-{digest[:length]}"
        if model.Package.get(candidate) is None:
            return candidate
    return f"{base}-{digest[:32]}"
