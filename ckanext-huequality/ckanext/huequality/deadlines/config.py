"""One typed getter per option of the deadline tracker's config_declaration.yaml (defaults live only there)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from .schedule import DeadlineRule


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


def deadline_rule() -> DeadlineRule:
    return DeadlineRule(deadline_offset_days(), deadline_grace_days(), due_soon_days())


def report_cache_seconds() -> int:
    return tk.config["ckanext.huequality.report_cache_seconds"]
