"""The /api-guide page: how to use the Action API, the DataStore and the DCAT endpoints."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

api_guide = Blueprint("huedata_api_guide", __name__)


@api_guide.route("/api-guide")
def guide() -> str:
    return tk.render("huedata/api_guide.html", {
        "site_url": tk.config.get("ckan.site_url", "").rstrip("/"),
        "rows_max": tk.config.get("ckan.datastore.search.rows_max"),
        "sql_enabled": tk.asbool(tk.config.get("ckan.datastore.sqlsearch.enabled")),
    })


def get_blueprints() -> list[Blueprint]:
    return [api_guide]
