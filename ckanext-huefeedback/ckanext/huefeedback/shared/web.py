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
    ``ckan.csrf_protection.ignore_extensions`` says: the forms are open to anonymous visitors."""

    @blueprint.before_request
    def _csrf() -> None:
        if tk.request.method == "POST" and not tk.g.get("_csrf_exempt_view") and not tk.g.get("login_via_auth_header"):
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
