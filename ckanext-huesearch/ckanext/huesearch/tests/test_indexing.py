"""The index follows the database: create, update, delete, purge, failures, and the CLI."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.lib import search
from ckan.lib.search.common import SearchIndexError
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _indexed_names() -> set[str]:
    rows = model.Session.execute(sa.text("SELECT stored ->> 'name' FROM huesearch_document")).fetchall()
    return {r[0] for r in rows}


def _found(q: str, **params) -> list[str]:
    return [d["name"] for d in helpers.call_action("package_search", q=q, **params)["results"]]


def test_created_dataset_is_found_at_once():
    factories.Dataset(name="ho-tinh-tam", title="Hồ Tịnh Tâm")
    assert _found("ho tinh tam") == ["ho-tinh-tam"]


def test_updated_title_replaces_the_old_words():
    dataset = factories.Dataset(name="cau-1", title="Cầu Trường Tiền")
    helpers.call_action("package_patch", id=dataset["id"], title="Cầu Dã Viên")
    assert _found("truong tien") == []
    assert _found("da vien") == ["cau-1"]


def test_resource_change_reindexes_its_dataset():
    dataset = factories.Dataset(name="cho-dong-ba")
    factories.Resource(package_id=dataset["id"], url="http://example.org/a.geojson", format="GeoJSON")
    assert _found("*:*", fq="res_format:GeoJSON") == ["cho-dong-ba"]


def test_deleted_dataset_leaves_the_results():
    dataset = factories.Dataset(name="song-huong", title="Sông Hương")
    helpers.call_action("package_delete", id=dataset["id"])
    assert _found("song huong") == []


@pytest.mark.ckan_config("ckan.search.remove_deleted_packages", False)
def test_deleted_dataset_kept_for_include_deleted_when_configured():
    dataset = factories.Dataset(name="nui-ngu-binh", title="Núi Ngự Bình")
    helpers.call_action("package_delete", id=dataset["id"])
    assert _found("ngu binh") == []
    assert _found("ngu binh", include_deleted=True) == ["nui-ngu-binh"]


def test_purged_dataset_leaves_the_index():
    dataset = factories.Dataset(name="chua-thien-mu")
    helpers.call_action("dataset_purge", id=dataset["id"])
    assert "chua-thien-mu" not in _indexed_names()


def test_failed_create_leaves_neither_dataset_nor_index_row(monkeypatch):
    """The index row is written in the dataset's own transaction: both commit or neither does."""
    from ckanext.huesearch.search import backend

    def broken_write(self, statement, params, commit):
        raise SearchIndexError("disk full")

    monkeypatch.setattr(backend.PostgresIndexConnection, "_write", broken_write)
    with pytest.raises(SearchIndexError):
        helpers.call_action("package_create", name="lang-tu-duc", title="Lăng Tự Đức")
    model.Session.rollback()
    monkeypatch.undo()
    assert model.Package.get("lang-tu-duc") is None
    assert "lang-tu-duc" not in _indexed_names()


def test_failed_commit_rolls_back_the_index_row_too():
    """A failure after CKAN indexed, inside the same commit, must not leave a ghost in the index."""
    from sqlalchemy import event

    dataset = factories.Dataset(name="kinh-thanh", title="Kinh thành Huế")
    seen_inside: list[str] = []

    def fail_after_indexing(session):
        # runs after CKAN's own before_commit hook (listeners run in the order they were added)
        seen_inside.append(session.execute(sa.text(
            "SELECT stored ->> 'title' FROM huesearch_document WHERE package_id = :id"), {"id": dataset["id"]}
        ).scalar())
        raise sa.exc.OperationalError("COMMIT", {}, Exception("connection lost"))

    pkg = model.Package.get(dataset["id"])
    pkg.title = "Tên mới không được lưu"
    event.listen(model.Session, "before_commit", fail_after_indexing, once=True)
    with pytest.raises(sa.exc.OperationalError):
        model.Session.commit()
    model.Session.rollback()
    assert seen_inside == ["Tên mới không được lưu"]  # the index row was written in the transaction...
    assert _found("ten moi") == []  # ...and rolled back with it
    assert _found("kinh thanh") == ["kinh-thanh"]


def test_search_index_rebuild_restores_a_cleared_index(cli, ckan_config):
    factories.Dataset(name="dai-noi", title="Đại Nội")
    factories.Dataset(name="lang-minh-mang", title="Lăng Minh Mạng")
    search.clear_all()
    assert _found("dai noi") == []
    from ckan.cli.cli import ckan as ckan_command

    result = cli.invoke(ckan_command, ["search-index", "rebuild", "--quiet"])
    assert result.exit_code == 0, result.output
    assert _found("dai noi") == ["dai-noi"]
    assert _indexed_names() == {"dai-noi", "lang-minh-mang"}


def test_search_index_check_lists_datasets_missing_from_the_index(cli):
    factories.Dataset(name="an-dinh", title="Cung An Định")
    kept = factories.Dataset(name="phu-van-lau")
    search.clear("an-dinh")
    from ckan.cli.cli import ckan as ckan_command

    result = cli.invoke(ckan_command, ["search-index", "check"])
    assert result.exit_code == 0, result.output
    assert "Packages not indexed = 1 out of 2" in result.output
    assert "an-dinh" in result.output
    assert kept["name"] not in result.output


def test_search_index_show_prints_the_indexed_document(cli):
    factories.Dataset(name="ngo-mon", title="Ngọ Môn")
    from ckan.cli.cli import ckan as ckan_command

    result = cli.invoke(ckan_command, ["search-index", "show", "ngo-mon"])
    assert result.exit_code == 0, result.output
    assert "Ngọ Môn" in result.output or "Ng\\u1ecd M\\u00f4n" in result.output


def test_search_index_clear_empties_the_index(cli):
    factories.Dataset(name="hien-lam-cac")
    from ckan.cli.cli import ckan as ckan_command

    result = cli.invoke(ckan_command, ["search-index", "clear"])
    assert result.exit_code == 0, result.output
    assert _indexed_names() == set()


def test_package_show_serves_the_index_copy_of_an_unchanged_dataset():
    dataset = factories.Dataset(name="thai-hoa", title="Điện Thái Hòa")
    indexed = search.show("thai-hoa")
    assert indexed["name"] == "thai-hoa"
    assert helpers.call_action("package_show", id=dataset["id"])["title"] == "Điện Thái Hòa"


def test_facet_counts_change_as_soon_as_a_dataset_does():
    """Counts are cached per index generation: a committed change retires the cached answer."""
    import json

    def formats():
        return helpers.call_action("package_search", **{"facet.field": json.dumps(["res_format"])})["facets"][
            "res_format"]

    dataset = factories.Dataset(name="bao-tang", resources=[{"url": "http://example.org/a.csv", "format": "CSV"}])
    assert formats() == {"CSV": 1}
    assert formats() == {"CSV": 1}  # served from the cache
    factories.Dataset(name="thu-vien", resources=[{"url": "http://example.org/b.csv", "format": "CSV"}])
    assert formats() == {"CSV": 2}
    helpers.call_action("package_delete", id=dataset["id"])
    assert formats() == {"CSV": 1}
