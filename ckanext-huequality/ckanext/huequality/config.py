"""One typed getter per option of config_declaration.yaml (defaults live only there)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .deadlines.schedule import DeadlineRule


def deadline_offset_days() -> int:
    return tk.config["ckanext.huequality.deadline_offset_days"]


def deadline_grace_days() -> int:
    return tk.config["ckanext.huequality.deadline_grace_days"]


def due_soon_days() -> int:
    return tk.config["ckanext.huequality.due_soon_days"]


def escalation_days() -> int:
    return tk.config["ckanext.huequality.escalation_days"]


def status_history_periods() -> int:
    return tk.config["ckanext.huequality.status_history_periods"]


def fetch_private_addresses() -> bool:
    return tk.asbool(tk.config["ckanext.huequality.fetch_private_addresses"])


def fetch_max_bytes() -> int:
    return tk.config["ckanext.huequality.fetch_max_bytes"]


def fetch_timeout() -> int:
    return tk.config["ckanext.huequality.fetch_timeout"]


def deadline_rule() -> DeadlineRule:
    return DeadlineRule(deadline_offset_days(), deadline_grace_days(), due_soon_days())
