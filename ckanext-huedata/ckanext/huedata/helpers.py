"""Template helpers: choice lists for the scheming forms, names for stored codes, the attribution."""
from __future__ import annotations

import datetime
import json
from typing import Any, Callable

import ckan.plugins.toolkit as tk
import flask_babel
from ckan import model

from ckanext.huedata import portal
from ckanext.huedata import vocabularies as vocab

PORTAL_NAME = "data.hue.gov.vn"


def huedata_sector_choices(field: Any = None) -> list[dict]:
    return [t.choice() for t in vocab.SECTORS]


def huedata_data_kind_choices(field: Any = None) -> list[dict]:
    return [t.choice() for t in vocab.DATA_KINDS]


def huedata_frequency_choices(field: Any = None) -> list[dict]:
    return [t.choice() for t in vocab.FREQUENCIES]


def huedata_access_level_choices(field: Any = None) -> list[dict]:
    return [t.choice() for t in vocab.ACCESS_LEVELS]


def huedata_agency_level_choices(field: Any = None) -> list[dict]:
    return [t.choice() for t in vocab.AGENCY_LEVELS]


def huedata_spatial_choices(field: Any = None) -> list[dict]:
    return [t.choice() for t in vocab.spatial_terms()]


def huedata_license_choices(field: Any = None) -> list[dict]:
    """Open licences only: the register filtered by CKAN's own `isopen`."""
    register = model.Package.get_license_register()
    return [{"value": lic.id, "label": str(lic.title)} for lic in register.values() if lic.isopen()]


def huedata_spatial_names(value: Any) -> list[str]:
    """The names of stored ward/commune codes, in the reader's language."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    terms = vocab.by_code(vocab.spatial_terms())
    english = tk.h.lang() == "en"
    names = []
    for code in value or []:
        term = terms.get(str(code))
        names.append((term.en if english else term.vi) if term else str(code))
    return names


def huedata_attribution_text() -> str:
    """The citation the city asks re-users to give (41/2024 Art 20)."""
    return tk._("When using the data, please cite the source: Huế City Open Data Portal ({portal})").format(
        portal=PORTAL_NAME)


def huedata_home_data() -> dict[str, Any]:
    return portal.home_data()


def huedata_nav_links() -> list[dict[str, Any]]:
    return portal.nav_links()


def huedata_license_title(license_id: str | None) -> str:
    return portal.license_title(license_id)


def huedata_harvest_help() -> list[dict[str, str]]:
    return portal.harvest_help()


def huedata_operator_url() -> str:
    return portal.OPERATOR_URL


@tk.chained_helper
def render_datetime(next_helper: Callable[..., str], datetime_: Any, date_format: str | None = None,
                    with_hours: bool = False, with_seconds: bool = False) -> str:
    """Core's date with hours uses the English pattern "MMMM d, YYYY, HH:mm" in every language
    ("tháng 12 4, 2026, 10:26" in Vietnamese); here the language's own long date, then the time."""
    if date_format or with_seconds or not with_hours:
        return next_helper(datetime_, date_format, with_hours, with_seconds)
    moment = datetime_
    if isinstance(moment, str):
        try:
            moment = tk.h.date_str_to_datetime(moment)
        except (TypeError, ValueError):
            return ""
    if not isinstance(moment, datetime.datetime):
        return ""
    if moment.tzinfo is None:  # stored in UTC, shown in the portal's zone (as core does)
        moment = moment.replace(tzinfo=datetime.timezone.utc).astimezone(tk.h.get_display_timezone())
    return "{date}, {time}".format(date=flask_babel.format_date(moment, "long"),
                                   time=flask_babel.format_time(moment, "HH:mm (z)"))


@tk.chained_helper
def format_resource_items(next_helper: Callable[..., list], items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The "more" rows of a resource page: core lists every stored key by its English name (id,
    state, url type, datastore active …); readers get the few that mean something to them, named in
    their language (the schema's fields have their own rows)."""
    labels = {"id": tk._("Resource ID (for the API)"), "size": tk._("File size"), "mimetype": tk._("Media type")}
    kept = [(key, value) for key, value in items if key in labels]
    return [(labels[key], value) for key, value in next_helper(kept)]


def huedata_error_text(code: Any, name: str | None, content: Any) -> dict[str, str]:
    """An error page's heading and text in the reader's language: werkzeug's English name and
    default description ("Not Found", "The requested URL was not found on the server …") replaced;
    a message the portal wrote for that error (already translated) kept."""
    from werkzeug.exceptions import default_exceptions

    headings = {
        400: tk._("The request is not valid"), 401: tk._("Please sign in"), 403: tk._("Access denied"),
        404: tk._("Page not found"), 405: tk._("This action is not allowed here"),
        409: tk._("The request conflicts with the data"), 413: tk._("The file is too large"),
        429: tk._("Too many requests: please wait a moment"), 500: tk._("The portal met an error"),
        502: tk._("The portal is temporarily unavailable"), 503: tk._("The portal is temporarily unavailable"),
    }
    try:
        number = int(code)
    except (TypeError, ValueError):
        number = 500
    default = default_exceptions.get(number)
    text = str(content or "")
    if not text or (default is not None and text == default.description):
        text = {
            404: tk._("The address may be mistyped, or the page was moved or removed. Search the catalogue "
                      "or go back to the home page."),
            403: tk._("Your account may not see this page. Sign in with an account that may."),
        }.get(number, tk._("Please try again later. If the problem continues, contact the portal's operator."))
    heading = headings.get(number) or (name if default is None or name != default.name else tk._("Error"))
    return {"heading": heading, "text": text}


def get_helpers() -> dict[str, Callable[..., Any]]:
    return {
        "format_resource_items": format_resource_items,
        "render_datetime": render_datetime,
        **{name: fn for name, fn in globals().items() if name.startswith("huedata_") and callable(fn)},
    }
