"""Vietnamese-aware text folding and tokenising, shared by indexing and querying.

Both sides go through the same two functions, so a query token always has the
same shape as the indexed token it should meet: "Trường học" and "truong hoc"
both become ``["truong", "hoc"]``; "Đà Nẵng" becomes ``["da", "nang"]``.
PostgreSQL only ever sees plain ``[a-z0-9]`` words, so its own parser (which
would keep hosts, e-mails and hyphenated compounds whole) cannot disagree.
"""
from __future__ import annotations

import re
import unicodedata

_TOKEN_RE = re.compile(r"[a-z0-9]+")
# đ/Đ are letters of their own, not d + a combining mark: NFD leaves them alone.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})


def fold(value: str) -> str:
    """Lower-case ``value`` and strip every accent (Vietnamese tone and vowel marks included)."""
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def tokens(value: str) -> list[str]:
    """The searchable words of ``value``, folded, in order."""
    return _TOKEN_RE.findall(fold(value))


def folded_words(value: str) -> str:
    """``value`` as its folded words joined by single spaces (what phrase queries match against)."""
    return " ".join(tokens(value))
