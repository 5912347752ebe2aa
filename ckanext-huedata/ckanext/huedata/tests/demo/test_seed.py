"""`ckan huedata seed-demo` fills the portal with agencies and datasets, once."""
from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from ckan.tests.helpers import call_action

from ckanext.huedata.cli import huedata
from ckanext.huedata.tests.conftest import hue_schema


@hue_schema
def test_seed_demo_creates_agencies_and_datasets_once(app):
    first = CliRunner().invoke(huedata, ["seed-demo"])
    assert first.exit_code == 0, first.output
    names = call_action("organization_list", limit=1000)
    assert len(names) >= 25
    orgs = [call_action("organization_show", id=name) for name in names]
    titles = {o["title"] for o in orgs}
    assert {"Trung tâm Bảo tồn di tích Cố đô Huế", "Trung tâm Festival Huế",
            "Viện Nghiên cứu phát triển", "Đài Phát thanh và Truyền hình Huế"} <= titles
    assert sum(o["agency_level"] == "ward_commune" for o in orgs) >= 3
    assert all(o["agency_code"].startswith("H57.") for o in orgs)
    datasets = call_action("package_search", rows=1000)["results"]
    assert len(datasets) >= 60
    assert len({d["sector"] for d in datasets}) == 14

    again = CliRunner().invoke(huedata, ["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "datasets: 0 created" in again.output and "agencies: 0 created" in again.output
    assert call_action("package_search", rows=0)["count"] == len(datasets)

    schools = call_action("package_show", id="truong-thpt")
    csv_resource = next(r for r in schools["resources"] if r["format"] == "CSV")
    assert csv_resource["url_type"] == "upload"
    dictionary = json.loads(csv_resource["data_dictionary"])
    body = app.get(csv_resource["url"].replace("http://test.ckan.net", "")).body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0]) == [f["name"] for f in dictionary["fields"]]
    keys = [r["ma"] for r in rows]
    assert len(keys) > len(set(keys)), "the THPT list is seeded with duplicate rows on purpose"
