"""The catalogue's facets on the shipped portal, over HTTP: a ward filters and counts per value,
facet titles and values read in Vietnamese, and a write is counted at once by every process."""
from __future__ import annotations

import secrets

from ckanext.huedata import vocabularies as vocab


def test_ward_and_sector_facets_over_http(shipped_portal):
    agency = shipped_portal.create_agency()
    api = shipped_portal.admin().action
    tag = f"the{secrets.token_hex(3)}"
    w0, w1 = vocab.wards()[3].code, vocab.wards()[4].code

    def create(name: str, wards: list[str], sector: str) -> dict:
        return api.package_create(
            name=f"{name}-{agency['name']}", title=name, owner_org=agency["id"], private=False,
            notes="Dữ liệu", sector=sector, update_frequency="quarterly", data_kind="sector_data",
            access_level="open", license_id="cc-by", spatial_coverage=wards, tags=[{"name": tag}])

    def search(fq: str = "", **params) -> dict:
        return shipped_portal.api().action.package_search(fq=f"tags:{tag} {fq}", **params)

    create("hai-phuong", [w0, w1], "tourism")
    assert search(**{"facet.field": '["spatial_coverage", "sector"]'})["facets"] == {
        "spatial_coverage": {w0: 1, w1: 1}, "sector": {"tourism": 1}}
    before = shipped_portal.api().action.package_search(**{"facet.field": '["sector"]', "rows": 0})
    create("mot-phuong", [w1], "tourism")
    # the next anonymous search page, in whichever server process answers, counts the new dataset
    for _ in range(4):
        after = shipped_portal.api().action.package_search(**{"facet.field": '["sector"]', "rows": 0})
        assert after["count"] == before["count"] + 1
        assert after["facets"]["sector"]["tourism"] == before["facets"]["sector"].get("tourism", 0) + 1
    assert {d["title"] for d in search(fq=f"spatial_coverage:{w1}")["results"]} >= {"hai-phuong", "mot-phuong"}

    page = shipped_portal.get("/dataset/", params={"spatial_coverage": w0, "tags": tag})
    assert page.status_code == 200 and "hai-phuong" in page.text and "mot-phuong" not in page.text
    for text in ("Lĩnh vực", "Phường, xã", "Loại dữ liệu", "Tần suất cập nhật", "Du lịch", vocab.wards()[3].vi):
        assert text in page.text, text
