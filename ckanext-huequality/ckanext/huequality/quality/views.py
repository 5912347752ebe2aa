"""Public pages of the Data Quality Index and its CSV."""

from __future__ import annotations

from ckan.plugins import toolkit as tk
from flask import Blueprint, Response

from . import charts
from .logic import index as qindex

blueprint = Blueprint("huequality_quality", __name__)


@blueprint.route("/chat-luong-du-lieu")
def index_page() -> str:
    data = tk.get_action("huequality_index")({}, {})
    city = [r for r in data["rows"] if r["org_id"] is None]
    latest = data["periods"][0] if data["periods"] else None
    agencies = sorted(
        (r for r in data["rows"] if r["org_id"] and r["period"] == latest), key=lambda r: -(r["score"] or 0)
    )
    return tk.render(
        "huequality/quality/index.html",
        {
            "periods": data["periods"],
            "latest": latest,
            "agencies": agencies,
            "city_rows": sorted(city, key=lambda r: r["period"]),
            "city_chart": charts.line_chart(
                [(r["period"], r["score"]) for r in sorted(city, key=lambda r: r["period"])],
                tk._("Quality index of the city by quarter (the numbers are in the table below)"),
            ),
            "agency_chart": charts.bar_chart(
                [(r["org_title"], r["score"]) for r in agencies],
                tk._("Quality index of each agency (the numbers are in the table below)"),
            ),
        },
    )


@blueprint.route("/chat-luong-du-lieu/chi-so.csv")
def index_csv() -> Response:
    return Response(
        qindex.csv_text(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=chi-so-chat-luong.csv"},
    )
