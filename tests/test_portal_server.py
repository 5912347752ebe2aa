"""The portal served by `ckan run` (what `make run` starts) answers anonymous visitors without Solr."""
from __future__ import annotations

import pytest
import requests

from ckan.tests import factories


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_anonymous_visitor_reads_home_search_and_agencies(portal_server):
    org = factories.Organization(name="so-giao-duc", title="Sở Giáo dục và Đào tạo")
    factories.Dataset(name="truong-hoc", title="Danh sách trường học", owner_org=org["id"])
    factories.Dataset(name="bi-mat", title="Trường học nội bộ", owner_org=org["id"], private=True)

    home = requests.get(portal_server + "/", timeout=30)
    assert home.status_code == 200
    search = requests.get(portal_server + "/dataset/", params={"q": "truong hoc"}, timeout=30)
    assert search.status_code == 200
    assert "Danh sách trường học" in search.text
    assert "Trường học nội bộ" not in search.text
    agencies = requests.get(portal_server + "/organization/", timeout=30)
    assert agencies.status_code == 200
    assert "Sở Giáo dục và Đào tạo" in agencies.text
