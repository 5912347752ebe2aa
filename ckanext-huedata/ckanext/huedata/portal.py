"""What the portal's own pages show: the home page's figures and the header's navigation."""
from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.huedata import vocabularies as vocab

log = logging.getLogger(__name__)

OPERATOR_URL = "https://skhcn.hue.gov.vn"


def _search(**params: Any) -> dict[str, Any]:
    try:
        return tk.get_action("package_search")({}, params)
    except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound) as error:
        log.warning("huedata home: package_search %s failed: %s", params, error)
        return {"count": 0, "results": [], "search_facets": {}}


def _route(endpoint: str, **values: Any) -> str | None:
    """The URL of a route another extension may or may not have registered."""
    try:
        return tk.url_for(endpoint, **values)
    except Exception:  # werkzeug BuildError: the plugin providing it is not enabled
        return None


def sector_counts() -> list[dict[str, Any]]:
    """The 14 sectors with the number of public datasets in each, in the reader's language."""
    facets = _search(q="", rows=0, **{"facet.field": ["sector"], "facet.limit": -1}).get("search_facets", {})
    counts = {item["name"]: item["count"] for item in facets.get("sector", {}).get("items", [])}
    english = tk.h.lang() == "en"
    return [{"code": t.code, "label": t.en if english else t.vi, "count": counts.get(t.code, 0)}
            for t in vocab.SECTORS]


def city_quality() -> dict[str, Any] | None:
    """The city's newest Data Quality Index row, read from ckanext-huequality when it is enabled."""
    try:
        data = tk.get_action("huequality_index")({}, {})
    except KeyError:  # huequality is not enabled
        return None
    except (tk.ValidationError, tk.NotAuthorized) as error:
        log.warning("huedata home: huequality_index failed: %s", error)
        return None
    city = [r for r in data.get("rows", []) if r.get("org_id") is None]
    if not city:
        return None
    return max(city, key=lambda r: r["period"])


def home_data() -> dict[str, Any]:
    agencies = tk.get_action("organization_list")(
        {}, {"all_fields": True, "sort": "package_count desc", "limit": 8})
    return {
        "total": _search(q="", rows=0)["count"],
        "sectors": sector_counts(),
        "newest": _search(q="", rows=5, sort="metadata_created desc")["results"],
        "updated": _search(q="", rows=5, sort="metadata_modified desc")["results"],
        "agencies": agencies,
        "agency_count": model.Session.query(model.Group).filter_by(
            is_organization=True, state="active").count(),
        "quality": city_quality(),
        "quality_url": _route("huequality_quality.index_page"),
        "api_guide_url": _route("huedata_api_guide.guide"),
    }


def can_see_deadlines() -> bool:
    user = tk.g.get("userobj")
    if not user:
        return False
    return bool(user.sysadmin or user.get_groups("organization"))


def nav_links() -> list[dict[str, Any]]:
    """The header's navigation: label, URL and whether the current page belongs to it."""
    path = tk.request.path if tk.request else ""
    links = [
        (tk._("Datasets"), _route("dataset.search"), ("/dataset",)),
        (tk._("Agencies"), _route("organization.index"), ("/organization",)),
        (tk._("Sectors"), (_route("home.index") or "/") + "#linh-vuc", ()),
        (tk._("Data quality"), _route("huequality_quality.index_page"), ("/chat-luong-du-lieu",)),
    ]
    if can_see_deadlines():
        links.append((tk._("Update deadlines"), _route("huequality_deadlines.city"), ("/deadlines",)))
    links.append((tk._("Data requests"), _route("huefeedback_requests.index"), ("/yeu-cau-du-lieu",)))
    links.append((tk._("API guide"), "/api-guide", ("/api-guide",)))
    return [{"label": label, "url": url, "active": any(path.startswith(p) for p in prefixes)}
            for label, url, prefixes in links if url]


def license_title(license_id: str | None) -> str:
    """One licence name everywhere (facet, form, page): the register's translated title."""
    if not license_id:
        return tk._("No License Provided")
    lic = model.Package.get_license_register().get(license_id)
    return str(lic.title) if lic else license_id


LGSP_EXAMPLE = """{"mode": "catalogue",
 "auth": {"token_url": "https://lgsp.hue.gov.vn/token",
          "consumer_key": "sotnmt-key", "consumer_secret": "sotnmt-secret"},
 "pagination": {"style": "page", "items": "/data", "size": 50},
 "modified_since_param": "updated_since",
 "mapping": {"guid": "/ma", "title": "/ten", "notes": "/mo_ta",
             "sector": {"pointer": "/linh_vuc", "values": {"Y tế": "health"}}}}"""
CKAN_EXAMPLE = """{"default_fields": {"data_kind": "shared_data", "update_frequency": "quarterly"},
 "organizations_filter_include": ["so-y-te"]}"""
DCAT_EXAMPLE = """{"rdf_format": "text/turtle"}"""


def harvest_help() -> list[dict[str, str]]:
    """Each harvester the portal offers: its name, what it reads and an example configuration."""
    titles = {"lgsp": tk._("Agency API through LGSP"), "ckan_hue": tk._("CKAN portal, with the Huế fields"),
              "ckan": tk._("CKAN portal, as it is"), "dcat_rdf": tk._("DCAT catalogue (RDF)"),
              "dcat_json": tk._("DCAT catalogue (JSON)")}
    known = {
        "lgsp": (tk._("An agency system behind the provincial integration platform (LGSP): a JSON API "
                      "read page by page; the mapping says which JSON field fills which dataset field. "
                      "consumer_key and consumer_secret are names of server secrets."), LGSP_EXAMPLE),
        "ckan_hue": (tk._("Another CKAN portal, e.g. the national open-data portal: its datasets are copied "
                          "with the Huế fields the remote site does not know filled from default_fields."),
                     CKAN_EXAMPLE),
        "ckan": (tk._("Another CKAN portal, copied as it is (without the Huế fields): prefer the Huế CKAN "
                      "harvester."), '{"organizations_filter_include": ["so-y-te"]}'),
        "dcat_rdf": (tk._("A DCAT catalogue published as RDF (Turtle, RDF/XML or JSON-LD) at the URL."),
                     DCAT_EXAMPLE),
    }
    try:
        harvesters = tk.h.harvesters_info()
    except Exception:  # ckanext-harvest is not enabled
        return []
    items = []
    for harvester in harvesters:
        text, example = known.get(harvester["name"], (harvester.get("description", ""), ""))
        items.append({"name": harvester["name"], "title": titles.get(harvester["name"], harvester["title"]),
                      "text": text, "example": example})
    return items
