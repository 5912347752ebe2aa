"""What every page of the extension shares: the caller's context, CSRF on every form, errors."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

import ckan.plugins.toolkit as tk
from ckan.types import Context


def context() -> Context:
    user = tk.current_user.name if tk.current_user.is_authenticated else ""
    return {"user": user, "auth_user_obj": tk.current_user if user else None}  # type: ignore[return-value]


def protect_forms(blueprint: Blueprint) -> Blueprint:
    """Every POST of the blueprint needs the CSRF token, whatever
    ``ckan.csrf_protection.ignore_extensions`` says, and for anonymous visitors too (CKAN itself
    checks only cookie sessions): the forms are open to anyone. A caller that authenticates with
    an API token in a header is exempt, as in CKAN."""

    @blueprint.before_request
    def _csrf() -> None:
        if tk.request.method != "POST":
            return
        header = tk.config.get("apikey_header_name") or "X-CKAN-API-Key"
        if tk.current_user.is_authenticated and (tk.request.headers.get("Authorization")
                                                 or tk.request.headers.get(header)):
            return
        current_app.extensions["csrf"].protect()

    return blueprint


def messages(error: tk.ValidationError) -> dict[str, list[str]]:
    """Field → messages, flattened from a ValidationError (nested lists become text)."""
    out: dict[str, list[str]] = {}
    for field, value in (error.error_dict or {}).items():
        items = value if isinstance(value, list) else [value]
        out[field] = [item if isinstance(item, str) else str(item) for item in items]
    return out


def form_values(names: tuple[str, ...]) -> dict[str, Any]:
    return {name: tk.request.form.get(name, "") for name in names}
