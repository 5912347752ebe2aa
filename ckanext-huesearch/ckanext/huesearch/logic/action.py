"""Actions huesearch chains onto CKAN's."""
from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError
from ckan.types import Context, DataDict

log = logging.getLogger(__name__)


@tk.chained_action
@tk.side_effect_free
def package_autocomplete(original: Any, context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """CKAN's autocomplete, where a prefix beyond the search limits completes to nothing.

    CKAN's ``/api/2/util/dataset/autocomplete`` view does not catch search errors: a refused
    prefix (too long, control characters) would answer 500 there.
    """
    try:
        return original(context, data_dict)
    except SearchError as error:
        log.info("huesearch: autocomplete refused: %s", error)
        return []


def get_actions() -> dict[str, Any]:
    return {"package_autocomplete": package_autocomplete}
