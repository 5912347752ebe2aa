"""Typed getters of the options shared by both features (``config_declaration.yaml`` beside
this file). Each feature reads its own options through ``deadlines/config.py`` and
``quality/config.py``."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def job_settle_seconds() -> int:
    return int(tk.config["ckanext.huequality.job_settle_seconds"])
