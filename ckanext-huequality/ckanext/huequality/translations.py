"""Vietnamese and English of the extension's own messages, outside any web request.

Background jobs write evidence that people read later in either language, so it keeps both
texts (``message_vi``, ``message_en``). A job has no request and so no locale of its own:
this reads the extension's compiled catalogue (``i18n/vi``, compiled by ``make setup``)
directly. Pages and e-mails keep using CKAN's ``toolkit._``.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any

I18N = Path(__file__).with_name("i18n")
DOMAIN = "ckanext-huequality"


@cache
def _vietnamese() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(I18N), languages=["vi"], fallback=True)


def bilingual(message: str, **params: Any) -> dict[str, str]:
    """``{"message_vi": …, "message_en": …}`` of an English msgid with ``{fields}``."""
    return {"message_vi": _vietnamese().gettext(message).format(**params), "message_en": message.format(**params)}
