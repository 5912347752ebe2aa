"""The annual agency report: the page and its CSV/XLSX (same action, same numbers)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

import ckan.plugins.toolkit as tk

from ..shared import web
from . import export

huefeedback_annual = Blueprint("huefeedback_annual", __name__, url_prefix="/bao-cao-nam")

MIME = {"csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _report() -> dict[str, Any]:
    data = {key: tk.request.args[key] for key in ("year", "organization") if tk.request.args.get(key)}
    try:
        return tk.get_action("huefeedback_annual_report")(web.context(), data)
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Agency not found"))
    except tk.ValidationError as error:
        tk.abort(400, "; ".join(m for ms in web.messages(error).values() for m in ms))
    raise AssertionError("unreachable")


@huefeedback_annual.route("/")
def index() -> str:
    result = _report()
    headers, rows = export.table(result)
    return tk.render("huefeedback/annual/index.html", {
        "result": result, "headers": headers, "rows": rows,
        "organization": tk.request.args.get("organization", "")})


@huefeedback_annual.route("/bao-cao.<fmt>")
def download(fmt: str) -> Response:
    if fmt not in MIME:
        tk.abort(404, tk._("Unknown format: use csv or xlsx"))
    result = _report()
    body = export.as_csv(result) if fmt == "csv" else export.as_xlsx(result)
    name = f"bao-cao-nam-{result['year']}" + (f"-{tk.request.args['organization']}"
                                              if tk.request.args.get("organization") else "")
    safe = "".join(c for c in name if c.isalnum() or c in "-_")
    return Response(body, mimetype=MIME[fmt], headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'})
