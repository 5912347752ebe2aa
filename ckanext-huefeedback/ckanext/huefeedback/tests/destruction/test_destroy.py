"""Destruction with a log: nothing of a destroyed dataset remains but its log entry, and the log
itself cannot be changed, by an action or by SQL."""
from __future__ import annotations

import hashlib
import os
import secrets

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.huefeedback.tests.conftest import PLUGINS, call

CSV = b"ma,ten,so_ca\n1,Phuong Duc,12\n2,Phu Hoi,7\n"
TEXT_TYPES = ("text", "character varying", "uuid", "json", "jsonb")


def rows_naming(connection: sa.engine.Connection, needles: list[str], skip: tuple[str, ...] = ()) -> dict[str, int]:
    """Every table and column (text, uuid, json) whose values contain one of the needles."""
    columns = connection.execute(sa.text("""
        SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type = ANY(:types)
    """), {"types": list(TEXT_TYPES)}).fetchall()
    found: dict[str, int] = {}
    for table, column in columns:
        if table in skip:
            continue
        count = connection.execute(sa.text(
            f'SELECT count(*) FROM "{table}" WHERE "{column}"::text LIKE ANY(:patterns)'),  # noqa: S608
            {"patterns": [f"%{needle}%" for needle in needles]}).scalar()
        if count:
            found[f"{table}.{column}"] = count
    return found


@pytest.fixture
def doomed(app, city, create_with_upload):
    with app.flask_app.test_request_context():   # e-mails link to pages: they need a request
        return _doomed(city, create_with_upload)


def _doomed(city, create_with_upload):
    """A dataset with everything that can name it: an uploaded file, a DataStore table, a report,
    demand counts, activities, a free tag, a follower, a data request it answered, a quality score."""
    name = f"du-lieu-se-huy-{secrets.token_hex(3)}"
    dataset = factories.Dataset(name=name, title="Số ca bệnh theo phường", owner_org=city["a"]["id"],
                                tags=[{"name": f"tag-rieng-{name}"}, {"name": "y-te"}])
    factories.Dataset(owner_org=city["a"]["id"], tags=[{"name": "y-te"}])    # keeps the shared tag in use
    upload = create_with_upload(CSV, "so-ca.csv", package_id=dataset["id"], name="so-ca.csv", format="CSV")
    table = helpers.call_action("resource_create", package_id=dataset["id"], name="bang", url="")
    helpers.call_action("datastore_create", resource_id=table["id"], force=True,
                        fields=[{"id": "phuong", "type": "text"}, {"id": "so_ca", "type": "int"}],
                        records=[{"phuong": "Phú Hội", "so_ca": 3}, {"phuong": "Vỹ Dạ", "so_ca": 5}])
    helpers.call_action("follow_dataset", {"user": "citizen"}, id=dataset["id"])
    report = call("huefeedback_report_create", "citizen", package_id=dataset["id"], category="wrong_value",
                  description="Số ca của phường Vỹ Dạ sai")
    from ckanext.huefeedback.demand.counting import record
    from ckanext.huefeedback.shared import clock
    record(clock.local_date(clock.now()), dataset["id"], upload["id"], "download")
    request = call("huefeedback_request_create", "citizen", title="Số ca bệnh theo phường",
                   description="Theo tuần, năm 2026", purpose="Nghiên cứu", organization="so-tnmt")
    call("huefeedback_request_publish", "a-editor", id=request["id"], package_id=dataset["id"])
    helpers.call_action("huequality_dataset_quality_recompute", id=dataset["id"])
    model.Session.remove()
    return {"dataset": dataset, "upload": upload, "table": table, "report": report, "request": request,
            "ids": [dataset["id"], upload["id"], table["id"]], "name": name}


def storage_files(resource_ids: list[str]) -> list[str]:
    root = os.path.join(tk.config["ckan.storage_path"], "resources")
    found = []
    for folder, _dirs, files in os.walk(root):
        for file in files:
            path = os.path.join(folder, file)
            joined = path[len(root):].replace(os.sep, "")
            if any(rid.replace("-", "") in joined.replace("-", "") for rid in resource_ids):
                found.append(path)
    return found


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "with_request_context")
class TestDestroy:
    def test_a_destroyed_dataset_leaves_nothing_but_its_log_entry(self, doomed):
        ids, name = doomed["ids"], doomed["name"]
        engine = model.Session.get_bind()
        with engine.connect() as connection:
            before = rows_naming(connection, [*ids, name])
        assert {"package.id", "resource.id", "huefeedback_report.package_id", "huefeedback_demand.package_id",
                "user_following_dataset.object_id", "huefeedback_request.package_id"} <= set(before)
        assert storage_files(ids)
        file_hash = hashlib.sha256(CSV).hexdigest()

        entry = call("huefeedback_dataset_destroy", "dst-admin", id=name, confirm=name,
                     reason="Dữ liệu thu thập sai quy trình, Quyết định 12/QĐ-SYT")

        kinds = {item["kind"]: item for item in entry["content"]}
        assert kinds["file"]["sha256"] == file_hash and kinds["file"]["bytes"] == len(CSV)
        assert kinds["datastore"]["rows"] == 2 and len(kinds["datastore"]["sha256"]) == 64
        assert entry["actor_name"] == "dst-admin" and entry["package_name"] == name
        assert entry["organization_name"] == "so-tnmt" and entry["package_title"] == "Số ca bệnh theo phường"

        with engine.connect() as connection:
            left = rows_naming(connection, [*ids, name], skip=("huefeedback_destruction_log",))
            tags = connection.execute(sa.text("SELECT name FROM tag WHERE name LIKE 'tag-rieng-%' OR name = 'y-te'")).fetchall()
        assert left == {}, f"rows still naming the dataset: {left}"
        assert [t[0] for t in tags] == ["y-te"]             # the free tag went, the shared one stayed
        assert storage_files(ids) == []
        from ckanext.datastore.backend.postgres import get_write_engine
        with get_write_engine().connect() as connection:
            assert connection.execute(sa.text("SELECT to_regclass(quote_ident(:t))"), {"t": doomed["table"]["id"]}).scalar() is None
            assert connection.execute(sa.text('SELECT count(*) FROM "_table_metadata" WHERE name = :t'),
                                      {"t": doomed["table"]["id"]}).scalar() == 0
        assert helpers.call_action("package_search", q=name)["count"] == 0
        request = call("huefeedback_request_show", None, id=doomed["request"]["id"])
        assert request["package"] is None and request["status"] == "published"
        # the quality history went through huequality's purge, its hashes kept in the log
        quality_history = entry["removed"]["quality_history"]
        assert quality_history["package_id"] == doomed["dataset"]["id"]
        assert quality_history["quality_scores"]["count"] >= 1
        assert all(len(h) == 64 for h in quality_history["quality_scores"]["content_hashes"])

    def test_no_action_and_no_sql_can_change_or_delete_the_log(self, doomed):
        call("huefeedback_dataset_destroy", "dst-admin", id=doomed["name"], confirm=doomed["name"],
             reason="Kiểm thử nhật ký chỉ ghi thêm")
        assert not [name for name in _action_names() if "destruction_log" in name
                    and any(verb in name for verb in ("update", "delete", "patch", "purge"))]
        engine = model.Session.get_bind()
        for statement in ("UPDATE huefeedback_destruction_log SET reason = 'sửa'",
                          "DELETE FROM huefeedback_destruction_log",
                          "TRUNCATE huefeedback_destruction_log"):
            with pytest.raises(sa.exc.DBAPIError):
                with engine.begin() as connection:
                    connection.execute(sa.text(statement))
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT reason FROM huefeedback_destruction_log "
                                              "ORDER BY seq DESC LIMIT 1")).scalar() == "Kiểm thử nhật ký chỉ ghi thêm"

    def test_an_edited_copy_breaks_the_chain(self, doomed):
        from ckanext.huefeedback.destruction import log

        call("huefeedback_dataset_destroy", "dst-admin", id=doomed["name"], confirm=doomed["name"],
             reason="Kiểm thử chuỗi băm")
        entry = log.entries(1)[0]
        assert log.entry_hash(entry["previous_hash"], entry) == entry["entry_hash"]
        assert log.entry_hash(entry["previous_hash"], {**entry, "reason": "lý do khác"}) != entry["entry_hash"]

    def test_reason_and_confirmation_are_required(self, doomed):
        for data, field in (({"reason": "ngắn", "confirm": doomed["name"]}, "reason"),
                            ({"reason": "", "confirm": doomed["name"]}, "reason"),
                            ({"reason": "Lý do đầy đủ để hủy", "confirm": "ten-khac"}, "confirm"),
                            ({"reason": "Lý do đầy đủ để hủy"}, "confirm")):
            with pytest.raises(tk.ValidationError) as error:
                call("huefeedback_dataset_destroy", "dst-admin", id=doomed["name"], **data)
            assert field in error.value.error_dict
        assert helpers.call_action("package_show", id=doomed["name"])["name"] == doomed["name"]

    def test_only_sysadmins_destroy_unless_agency_admins_are_allowed(self, doomed):
        for user in (None, "citizen", "a-editor", "a-admin", "b-editor"):
            with pytest.raises(tk.NotAuthorized):
                call("huefeedback_dataset_destroy", user, id=doomed["name"], confirm=doomed["name"],
                     reason="Không có quyền hủy")

    @pytest.mark.ckan_config("ckanext.huefeedback.destroy.allow_agency_admins", "true")
    def test_agency_admins_destroy_their_own_datasets_where_allowed(self, doomed, city):
        with pytest.raises(tk.NotAuthorized):
            call("huefeedback_dataset_destroy", "b-editor", id=doomed["name"], confirm=doomed["name"],
                 reason="Cơ quan khác không được hủy")
        entry = call("huefeedback_dataset_destroy", "a-admin", id=doomed["name"], confirm=doomed["name"],
                     reason="Cơ quan chủ quản hủy theo quyết định")
        assert entry["actor_name"] == "a-admin"


# The pages run requests of their own: no request context around the whole test (Flask would
# share its g between the test's context and the pages').
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestDestructionLogPages:
    def test_the_log_keeps_who_when_why_and_is_readable_and_exportable_by_sysadmins_only(self, app, doomed):
        with app.flask_app.test_request_context():
            entry = call("huefeedback_dataset_destroy", "dst-admin", id=doomed["name"], confirm=doomed["name"],
                         reason="Trùng lặp với bộ dữ liệu khác")
        listed = call("huefeedback_destruction_log_list", "dst-admin", package_id=doomed["dataset"]["id"])
        assert listed["results"][0]["entry_hash"] == entry["entry_hash"]
        assert call("huefeedback_destruction_log_verify", "dst-admin") == {"ok": True, "entries": listed["count"],
                                                                          "first_bad_seq": None}
        for user in (None, "citizen", "a-admin", "b-editor"):
            with pytest.raises(tk.NotAuthorized):
                call("huefeedback_destruction_log_list", user)
            app.get("/ckan-admin/nhat-ky-huy.csv", extra_environ={"REMOTE_USER": user} if user else {},
                    status=403)
        csv_text = app.get("/ckan-admin/nhat-ky-huy.csv", extra_environ={"REMOTE_USER": "dst-admin"}).get_data(as_text=True)
        assert doomed["name"] in csv_text and "Trùng lặp với bộ dữ liệu khác" in csv_text
        page = app.get("/ckan-admin/nhat-ky-huy", extra_environ={"REMOTE_USER": "dst-admin"}).get_data(as_text=True)
        assert "Chuỗi toàn vẹn" in page and doomed["name"] in page


def _action_names() -> list[str]:
    from ckan.logic import _actions

    return list(_actions)
