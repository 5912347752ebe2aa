"""The one clock of ckanext-huequality: tests replace ``now`` so nothing depends on today's date."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
