"""The pages CKAN serves from the search index work without Solr."""
from __future__ import annotations

import pytest


def test_home_page(corpus, app):
    response = app.get("/")
    assert response.status_code == 200


def test_dataset_search_page_finds_vietnamese_without_accents(corpus, app):
    body = app.get("/dataset/", query_string={"q": "truong hoc"}).body
    assert "Danh sách trường học thành phố Huế" in body
    assert "Chất lượng không khí" in body
    assert "Di tích Cố đô Huế" not in body


def test_dataset_search_page_has_facets_and_pages(corpus, app):
    body = app.get("/dataset/", query_string={"res_format": "CSV"}).body
    assert "Di tích Cố đô Huế" in body and "Trạm y tế" not in body
    # the organisation facet lists organisations with their titles
    assert "Sở Giáo dục và Đào tạo" in body
    paged = app.get("/dataset/", query_string={"page": 2}).body
    assert "Danh sách trường học" not in paged or "Di tích" not in paged


def test_organization_list_counts_only_public_datasets(corpus, app):
    body = app.get("/organization/").body
    assert "Sở Giáo dục và Đào tạo" in body
    # so-giao-duc owns one public, one private and one draft dataset: the list says 1
    from ckan.tests import helpers

    orgs = {o["name"]: o for o in helpers.call_action(
        "organization_list", context={"user": "", "ignore_auth": False}, all_fields=True)}
    assert orgs["so-giao-duc"]["package_count"] == 1
    assert orgs["so-y-te"]["package_count"] == 2


def test_organization_page_lists_its_datasets(corpus, app):
    body = app.get("/organization/so-y-te").body
    assert "Trạm y tế phường, xã" in body and "Chất lượng không khí" in body
    assert "Di tích" not in body


def test_private_dataset_not_on_pages_for_anonymous(corpus, app):
    assert "Điểm thi tuyển sinh" not in app.get("/organization/so-giao-duc").body
    assert "Điểm thi tuyển sinh" not in app.get("/dataset/", query_string={"q": "diem thi"}).body


def test_group_page_lists_its_datasets(corpus, app):
    body = app.get("/group/ban-do").body
    assert "Danh sách trường học" in body and "Di tích Cố đô Huế" in body


def test_dataset_page_renders(corpus, app):
    assert "Lăng tẩm" in app.get("/dataset/di-tich").body or "lăng tẩm" in app.get("/dataset/di-tich").body


@pytest.mark.parametrize("url", ["/api/3/action/package_search?q=hue", "/api/3/action/package_autocomplete?q=hue",
                                 "/api/3/action/organization_show?id=so-y-te&include_datasets=true",
                                 "/api/3/action/group_list?all_fields=true", "/api/3/action/tag_show?id=y%20t%E1%BA%BF"])
def test_api_calls_that_used_to_need_solr(corpus, app, url):
    assert app.get(url).json["success"] is True
