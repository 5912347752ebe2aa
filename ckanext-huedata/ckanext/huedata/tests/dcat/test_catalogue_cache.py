"""The catalogue endpoint: a constant number of SQL statements per page, pages cached per generation.

Behaviour, not timing (issue 17): the statements a page runs do not grow with the page size, a
cached page runs none, and any write to a dataset, an agency or a quality score retires it.
"""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from ckan import model
from ckan.plugins import toolkit
from ckan.tests.helpers import call_action
from rdflib import Graph, Namespace
from sqlalchemy import event

from ckanext.huedata.dcat import cache
from ckanext.huedata.tests.dcat.marks import dcat_portal

DCAT = Namespace("http://www.w3.org/ns/dcat#")



@contextmanager
def counting_statements():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = model.meta.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _catalogue(count: int) -> None:
    """``count`` public datasets over five agencies, each with a stored quality score."""
    site = {"user": call_action("get_site_user")["name"], "ignore_auth": True}
    orgs = [call_action("organization_create", context=dict(site), name=f"so-{i}", title=f"Sở {i}",
                        agency_code=f"H57.{10 + i}", contact_email=f"so{i}@hue.gov.vn")
            for i in range(5)]
    for n in range(count):
        pkg = call_action("package_create", context=dict(site), name=f"tap-{n}", title=f"Tập {n}",
                          notes="x", owner_org=orgs[n % 5]["id"], sector="health",
                          resources=[{"url": f"http://example.com/{n}.csv", "format": "CSV"}])
        if n % 2 == 0:
            call_action("huequality_dataset_quality_recompute", context=dict(site), id=pkg["id"])


def _datasets_in(body: str) -> int:
    return len(set(Graph().parse(data=body, format="turtle").subjects(None, DCAT.Dataset)))


@dcat_portal()
@pytest.mark.ckan_config("ckanext.huedata.dcat.cache_seconds", "0")
def test_a_catalogue_page_runs_as_many_sql_statements_for_50_datasets_as_for_10(app, monkeypatch):
    _catalogue(50)
    counts = {}
    for size in (10, 50):
        monkeypatch.setitem(toolkit.config, "ckanext.dcat.datasets_per_page", size)
        app.get("/catalog.ttl")  # warm CKAN's own per-process caches (licences, schemas)
        with counting_statements() as statements:
            response = app.get("/catalog.ttl")
        assert response.status_code == 200
        assert _datasets_in(response.body) == size
        # huesearch reads its own cache generation only when its per-process count cache
        # misses: that depends on earlier searches, not on the page size.
        counts[size] = len([s for s in statements if "huesearch_generation" not in s])
    assert counts[10] == counts[50], counts


@dcat_portal()
def test_a_cached_page_runs_no_sql_and_any_write_retires_it(app):
    _catalogue(3)
    first = app.get("/catalog.ttl").body
    with counting_statements() as statements:
        again = app.get("/catalog.ttl").body
    assert again == first
    # Only CKAN's own per-request check of runtime-edited config (system_info) and the read of
    # the search index generation are left.
    assert [s for s in statements if "FROM system_info" not in s] == ["SELECT last_value FROM huesearch_generation"]

    generation = cache.generation()
    site = {"user": call_action("get_site_user")["name"], "ignore_auth": True}
    call_action("package_patch", context=dict(site), id="tap-1", title="Tập một (sửa)")
    assert cache.generation() != generation
    assert "Tập một (sửa)" in app.get("/catalog.ttl").body

    generation = cache.generation()
    call_action("organization_patch", context=dict(site), id="so-1", agency_code="H57.99")
    assert cache.generation() != generation
    assert "H57.99" in app.get("/catalog.ttl").body

    generation = cache.generation()
    call_action("huequality_dataset_quality_recompute", context=dict(site), id="tap-1")
    assert cache.generation() != generation

    generation = cache.generation()
    call_action("package_delete", context=dict(site), id="tap-2")
    assert cache.generation() != generation
    assert _datasets_in(app.get("/catalog.ttl").body) == 2

    # CKAN's bulk actions call no dataset hook: the search index generation retires the page.
    org = call_action("organization_show", id="so-0")
    call_action("bulk_update_private", context=dict(site), datasets=[call_action("package_show", id="tap-0")["id"]],
                org_id=org["id"])
    assert _datasets_in(app.get("/catalog.ttl").body) == 1
    # Every format and page is a page of its own.
    assert app.get("/catalog.jsonld").body != app.get("/catalog.ttl").body


def test_the_shipped_portal_serves_a_write_in_the_next_catalogue_page_from_every_process(shipped_portal):
    """Over HTTP, uWSGI with two processes: a page cached by one is retired for both by a write."""
    import secrets

    agency = shipped_portal.create_agency()
    name = f"cache-{secrets.token_hex(4)}"
    shipped_portal.admin().action.package_create(
        name=name, title="Bản đầu", notes="x", owner_org=agency["id"], sector="health")
    path = f"/catalog.ttl?q=name:{name}"
    for _ in range(4):  # cached, whichever process answers
        assert "Bản đầu" in shipped_portal.get(path).content.decode("utf-8")
    shipped_portal.admin().action.package_patch(id=name, title="Bản sửa")
    for _ in range(4):
        body = shipped_portal.get(path).content.decode("utf-8")
        assert "Bản sửa" in body and "Bản đầu" not in body
