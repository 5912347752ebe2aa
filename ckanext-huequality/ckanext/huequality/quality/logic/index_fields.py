"""What the search index keeps of a dataset's quality: its badge, read once at indexing time.

The badge goes into the index row twice: as the field ``quality_badge`` (the facet and
``fq=quality_badge:tot``) and inside the stored dataset dict (``validated_data_dict``) that
``package_search`` returns, so a page of search results shows each badge without one query
per row. The scoring job re-indexes the dataset after every score, so the row is current.
``package_show`` drops the key (the plugin's ``after_dataset_show``): it is a search-result
field; ``huequality_dataset_quality`` gives the whole score.
"""

from __future__ import annotations

import json
from typing import Any

from . import store


def add_badge(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    badge = store.latest_badge(pkg_dict["id"])
    if not badge:
        return pkg_dict
    pkg_dict["quality_badge"] = badge
    stored = pkg_dict.get("validated_data_dict")
    if isinstance(stored, str):
        shown = json.loads(stored)
        shown["quality_badge"] = badge
        pkg_dict["validated_data_dict"] = json.dumps(shown)
    return pkg_dict
