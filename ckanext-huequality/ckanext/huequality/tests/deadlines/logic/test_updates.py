"""What counts as a data update, recorded as history by the job the dataset hooks enqueue."""

from __future__ import annotations

import subprocess

import ckan.model as model
import pytest
from ckan.tests import factories, helpers

from ckanext.huequality.deadlines.model import UpdateEvent
from ckanext.huequality.tests.conftest import PLUGINS


def events(package_id):
    return [
        (e.kind, e.resource_id)
        for e in model.Session.query(UpdateEvent).filter(UpdateEvent.package_id == package_id).order_by(UpdateEvent.id)
    ]


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestContentChanges:
    def test_adding_a_resource_is_an_update(self, run_jobs, file_server):
        file_server.bodies["/a.csv"] = b"x,y\n1,2\n"
        dataset = factories.Dataset()
        run_jobs()
        assert events(dataset["id"]) == []
        resource = factories.Resource(package_id=dataset["id"], url=file_server.url + "/a.csv")
        run_jobs()
        assert events(dataset["id"]) == [("resource_added", resource["id"])]

    def test_metadata_only_edit_is_not_an_update(self, run_jobs, file_server):
        file_server.bodies["/a.csv"] = b"x,y\n1,2\n"
        dataset = factories.Dataset(resources=[{"url": file_server.url + "/a.csv", "name": "a"}])
        run_jobs()
        helpers.call_action("package_patch", id=dataset["id"], notes="better description")
        resource_id = dataset["resources"][0]["id"]
        helpers.call_action("resource_patch", id=resource_id, description="columns explained")
        run_jobs()
        assert events(dataset["id"]) == [("resource_added", resource_id)]

    def test_url_content_changed_behind_the_same_url_is_an_update(self, run_jobs, file_server):
        file_server.bodies["/a.csv"] = b"x,y\n1,2\n"
        dataset = factories.Dataset(resources=[{"url": file_server.url + "/a.csv"}])
        run_jobs()
        file_server.bodies["/a.csv"] = b"x,y\n1,2\n3,4\n"
        helpers.call_action("package_patch", id=dataset["id"], notes="Q1 figures")
        run_jobs()
        kinds = [k for k, _ in events(dataset["id"])]
        assert kinds == ["resource_added", "resource_changed"]
        hashes = [e.content_hash for e in model.Session.query(UpdateEvent).order_by(UpdateEvent.id)]
        assert hashes[0] != hashes[1] and all(len(h) == 64 for h in hashes)

    def test_unreadable_url_counts_only_when_the_address_changes(self, run_jobs, file_server):
        dataset = factories.Dataset(resources=[{"url": file_server.url + "/missing.csv"}])
        run_jobs()
        resource_id = dataset["resources"][0]["id"]
        helpers.call_action("resource_patch", id=resource_id, name="renamed")
        run_jobs()
        assert [k for k, _ in events(dataset["id"])] == ["resource_added"]
        helpers.call_action("resource_patch", id=resource_id, url=file_server.url + "/other.csv")
        run_jobs()
        assert [k for k, _ in events(dataset["id"])] == ["resource_added", "resource_changed"]

    def test_replacing_an_uploaded_file_with_new_content_is_an_update(self, run_jobs, create_with_upload):
        dataset = factories.Dataset()
        resource = create_with_upload(b"a,b\n1,2\n", "data.csv", package_id=dataset["id"])
        run_jobs()
        create_with_upload(b"a,b\n1,2\n", "data.csv", action="resource_update", id=resource["id"])
        run_jobs()
        assert [k for k, _ in events(dataset["id"])] == ["resource_added"]  # same bytes again
        create_with_upload(b"a,b\n1,2\n5,6\n", "data.csv", action="resource_update", id=resource["id"])
        run_jobs()
        assert [k for k, _ in events(dataset["id"])] == ["resource_added", "resource_changed"]


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestRecordedUpdates:
    def test_harvester_records_a_harvest_update(self):
        sysadmin = factories.Sysadmin()
        dataset = factories.Dataset()
        result = helpers.call_action(
            "huequality_record_update", {"user": sysadmin["name"]}, package_id=dataset["name"], note="harvest job 42"
        )
        assert result["kind"] == "harvest"
        row = model.Session.query(UpdateEvent).one()
        assert (row.kind, row.note, row.user_id) == ("harvest", "harvest job 42", sysadmin["id"])

    def test_unknown_kind_is_refused_with_a_clear_message(self):
        sysadmin = factories.Sysadmin()
        dataset = factories.Dataset()
        with pytest.raises(helpers.logic.ValidationError) as error:
            helpers.call_action(
                "huequality_record_update", {"user": sysadmin["name"]}, package_id=dataset["id"], kind="metadata"
            )
        assert "kind" in error.value.error_dict
        assert model.Session.query(UpdateEvent).count() == 0

    def test_agency_editor_confirms_no_change_and_who_and_when_are_kept(self):
        editor = factories.User()
        org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
        dataset = factories.Dataset(owner_org=org["id"])
        result = helpers.call_action(
            "huequality_confirm_no_change",
            {"user": editor["name"]},
            package_id=dataset["id"],
            note="no new permits this quarter",
        )
        assert result["user"] == editor["name"]
        row = model.Session.query(UpdateEvent).one()
        assert (row.kind, row.user_id, row.owner_org) == ("no_change", editor["id"], org["id"])
        assert row.occurred_at is not None

    def test_a_stranger_cannot_record_or_confirm(self):
        stranger = factories.User()
        dataset = factories.Dataset(owner_org=factories.Organization()["id"])
        for action in ("huequality_confirm_no_change", "huequality_record_update"):
            with pytest.raises(helpers.logic.NotAuthorized):
                helpers.call_action(action, {"user": stranger["name"], "ignore_auth": False}, package_id=dataset["id"])

    def test_history_is_appended_never_overwritten(self):
        sysadmin = factories.Sysadmin()
        dataset = factories.Dataset()
        for _ in range(3):
            helpers.call_action("huequality_record_update", {"user": sysadmin["name"]}, package_id=dataset["id"])
        assert model.Session.query(UpdateEvent).count() == 3


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_check_resources_command_catches_up_without_a_worker(file_server, ckan_command, run_jobs):
    file_server.bodies["/a.csv"] = b"x\n1\n"
    dataset = factories.Dataset(resources=[{"url": file_server.url + "/a.csv"}])  # no job run
    command = ckan_command() + ["huequality", "deadlines", "check-resources"]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "data updates recorded: 1" in first.stdout
    assert "data updates recorded: 0" in subprocess.run(command, capture_output=True, text=True).stdout
    assert [k for k, _ in events(dataset["id"])] == ["resource_added"]
