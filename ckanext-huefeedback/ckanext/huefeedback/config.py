"""One typed getter per option of ``config_declaration.yaml`` (defaults live only there)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

PREFIX = "ckanext.huefeedback."


def _get(name: str):
    return tk.config.get(PREFIX + name)


def _list(name: str) -> list[str]:
    return [str(item) for item in tk.aslist(_get(name) or [])]


def report_overdue_days() -> int:
    return int(_get("report.overdue_days"))


def request_decision_days() -> int:
    return int(_get("request.decision_days"))


def department_emails() -> list[str]:
    return _list("department_emails")


def rate_limit_max_submissions() -> int:
    return int(_get("rate_limit.max_submissions"))


def rate_limit_window_minutes() -> int:
    return max(int(_get("rate_limit.window_minutes")), 1)


def trusted_proxies() -> list[str]:
    return _list("trusted_proxies")


def form_min_seconds() -> int:
    return int(_get("form.min_seconds"))


def form_max_age_hours() -> int:
    return int(_get("form.max_age_hours"))


def accuracy_weight() -> float:
    """Clamped to 0..1: a mistyped weight must not push scores outside 0–100."""
    return min(max(float(_get("quality.accuracy_weight")), 0.0), 1.0)


def penalty_per_report() -> int:
    return int(_get("quality.penalty_per_report"))


def demand_enabled() -> bool:
    return tk.asbool(_get("demand.enabled"))


def demand_ignore_user_agents() -> list[str]:
    return [word.lower() for word in _list("demand.ignore_user_agents")]


def demand_days() -> int:
    return max(int(_get("demand.days")), 1)


def destroy_allow_agency_admins() -> bool:
    return tk.asbool(_get("destroy.allow_agency_admins"))
