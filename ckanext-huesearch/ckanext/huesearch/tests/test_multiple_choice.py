"""Multiple-choice fields of the Huế schema filter and facet as lists; facets carry names."""
from __future__ import annotations

import json

from ckan.tests.helpers import call_action

from ckanext.huedata import vocabularies as vocab
from ckanext.huedata.tests.conftest import agency, hue_schema  # noqa: F401 (fixture)


def _dataset(owner_org: str, name: str, wards: list[str], sector: str) -> dict:
    return call_action("package_create", name=name, title=name, notes="Dữ liệu", owner_org=owner_org,
                       sector=sector, spatial_coverage=wards, license_id="cc-by")


@hue_schema
class TestWardsAndSectors:
    def test_a_ward_code_finds_every_dataset_covering_it_and_facets_count_each_ward(self, agency, app):  # noqa: F811
        w0, w1, w2 = (w.code for w in vocab.wards()[:3])
        _dataset(agency["id"], "hai-phuong", [w0, w1], "education")
        _dataset(agency["id"], "mot-phuong", [w1], "tourism")
        _dataset(agency["id"], "phuong-khac", [w2], "tourism")

        def names(**params):
            return {d["name"] for d in call_action("package_search", **params)["results"]}

        assert names(fq=f'spatial_coverage:"{w0}"') == {"hai-phuong"}
        assert names(fq=f'spatial_coverage:"{w1}"') == {"hai-phuong", "mot-phuong"}
        assert names(fq=f"spatial_coverage:({w0} OR {w2})") == {"hai-phuong", "phuong-khac"}
        assert names(fq="sector:tourism") == {"mot-phuong", "phuong-khac"}

        result = call_action("package_search", **{"facet.field": json.dumps(["spatial_coverage", "sector"])})
        assert result["facets"]["spatial_coverage"] == {w0: 1, w1: 2, w2: 1}
        assert result["facets"]["sector"] == {"education": 1, "tourism": 2}

        # the search page: ?spatial_coverage=<ward> filters, facet items show names, titles are Vietnamese
        body = app.get("/dataset/", query_string={"spatial_coverage": w1}, extra_environ={}).body
        assert "hai-phuong" in body and "mot-phuong" in body and "phuong-khac" not in body
        vi_body = app.get("/vi/dataset/").body
        assert vocab.wards()[1].vi in vi_body
        for title in ("Cơ quan", "Lĩnh vực", "Phường, xã", "Loại dữ liệu", "Tần suất cập nhật", "Định dạng",
                      "Giấy phép"):
            assert title in vi_body, title
        assert "Du lịch" in vi_body  # the sector's name, not its code
