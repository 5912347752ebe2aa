"""The portal that ships: config/ckan.ini over HTTP, and production.ini with the same plugins."""
from __future__ import annotations

import configparser
from pathlib import Path

from tests.shipped_portal import ALLOWED_OVERRIDES

ROOT = Path(__file__).resolve().parents[2]


def _app_main(path: Path) -> configparser.SectionProxy:
    parser = configparser.RawConfigParser(strict=False)
    parser.read(path, encoding="utf-8")
    return parser["app:main"]


def test_production_loads_the_same_plugins_in_the_same_order_as_the_tested_portal():
    shipped = _app_main(ROOT / "config" / "ckan.ini")["ckan.plugins"].split()
    # the docker entrypoint sets CKAN_SEARCH_PLUGIN=huesearch for the default search backend
    production = (_app_main(ROOT / "config" / "production.ini")["ckan.plugins"]
                  .replace("${CKAN_SEARCH_PLUGIN:-}", "huesearch").replace("${CKAN_EXTRA_PLUGINS:-}", ""))
    assert production.split() == shipped


def test_tests_never_override_the_plugin_list_or_a_guard():
    assert not any(key.startswith(("ckan.plugins", "ckan.csrf", "ckan.auth.")) for key in ALLOWED_OVERRIDES)


def test_shipped_portal_serves_its_catalogue_to_anonymous_visitors(shipped_portal):
    status = shipped_portal.api().action.status_show()
    plugins = _app_main(ROOT / "config" / "ckan.ini")["ckan.plugins"].split()
    assert set(plugins) <= set(status["extensions"])
    agency = shipped_portal.create_agency()
    user = shipped_portal.create_user()
    shipped_portal.add_member(agency["name"], user["name"], "editor")
    created = shipped_portal.api(user["token"]).action.package_create(
        name=f"ds-{agency['name']}", title="Danh sách trường học", owner_org=agency["id"], private=False,
        notes="Trường học của thành phố", sector="education", update_frequency="quarterly",
        data_kind="sector_data", access_level="open", license_id="cc-by",
        contact_name="Phòng dữ liệu", contact_email="dulieu@hue.gov.vn")
    found = shipped_portal.api().action.package_search(q="truong hoc")
    assert created["id"] in [d["id"] for d in found["results"]]
    assert shipped_portal.get(f"/dataset/{created['name']}").status_code == 200


def test_the_page_scripts_are_served_their_vietnamese_strings(shipped_portal):
    """uWSGI (the production server) does not build /api/i18n/<lang> as `ckan run` does: without the
    build in serve-web.sh and the image's entrypoint, every button a script writes stays English."""
    from tests.ui import page_strings

    served = shipped_portal.get("/api/i18n/vi").json()
    expected = page_strings.vietnamese()
    untranslated = sorted(msgid for msgid in page_strings.script_messages()
                          if not (served.get(msgid) or [None, ""])[1])
    assert not untranslated, f"script strings served in English: {untranslated}"
    assert served["Edit"][1] == expected["Edit"][0]  # the slug preview's button of the dataset form
    assert served["Show more"][1] == "Hiển thị thêm"
