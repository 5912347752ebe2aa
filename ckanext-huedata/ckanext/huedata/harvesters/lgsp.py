"""The ``lgsp`` harvester: agency APIs behind the city's LGSP gateway (catalogue or records)."""
from __future__ import annotations

import json
import logging
import os
from typing import Any

from ckan import model
from ckan import plugins as p
from ckan.lib.plugins import DefaultTranslation
from ckan.plugins import toolkit
from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject, HarvestObjectExtra

from . import actions, guard, importer, names
from .client import LgspClient, LgspError
from .mapping import TransformError, content_hash, map_fields
from .source_config import SourceConfig, SourceConfigError, Table, parse

log = logging.getLogger(__name__)
HERE = os.path.dirname(__file__)


def _extra(obj: HarvestObject, key: str) -> str | None:
    for extra in obj.extras:
        if extra.key == key:
            return extra.value
    return None


def _last_successful_start(job: HarvestJob) -> str | None:
    """When the last run without any error began (for modified-since)."""
    previous = (model.Session.query(HarvestJob)
                .filter(HarvestJob.source_id == job.source_id)
                .filter(HarvestJob.id != job.id)
                .filter(HarvestJob.status == "Finished")
                .filter(~HarvestJob.gather_errors.any())
                # an item that failed must be asked for again, changed or not
                .filter(~HarvestJob.objects.any(HarvestObject.state == "ERROR"))
                .order_by(HarvestJob.gather_started.desc())
                .first())
    if previous is None or previous.gather_started is None:
        return None
    return previous.gather_started.replace(microsecond=0).isoformat()


def _owner_org(obj: HarvestObject) -> str | None:
    """The harvest source is itself a dataset; its organisation owns what it harvests."""
    source_package = model.Package.get(obj.source.id)
    return source_package.owner_org if source_package else None


@toolkit.blanket.config_declarations(os.path.join(HERE, "config_declaration.yaml"))
class LgspHarvester(HarvesterBase, DefaultTranslation):
    """Gather lists the agency's items, fetch reads rows (records mode), import writes datasets."""

    p.implements(p.ITranslation)
    p.implements(p.IActions)

    def get_actions(self) -> dict[str, Any]:
        # the safety guard's operator override, for lgsp and ckan_hue sources alike
        return {"huedata_harvest_force_once": actions.huedata_harvest_force_once}

    def i18n_directory(self) -> str:
        return os.path.join(os.path.dirname(HERE), "i18n")

    def i18n_domain(self) -> str:
        return "ckanext-huedata-harvest"

    def info(self) -> dict[str, str]:
        return {
            "name": "lgsp",
            "title": toolkit._("LGSP agency API"),
            "description": toolkit._(
                "Agency data shared through the city's LGSP integration platform"),
            "form_config_interface": "Text",
        }

    def validate_config(self, config: str | None) -> str:
        """Checked against the JSON Schema of LGSP configs, then for meaning."""
        try:
            parse(config)
        except SourceConfigError as error:
            raise ValueError(str(error)) from None
        return config or ""

    # -- gather -------------------------------------------------------------------------
    def gather_stage(self, harvest_job: HarvestJob) -> list[str] | None:
        forced = False
        try:
            cfg = parse(harvest_job.source.config)
            if cfg.mode == "records":
                objects = [HarvestObject(guid=table.name, job=harvest_job,
                                         extras=[HarvestObjectExtra(key="status",
                                                                    value="change")])
                           for table in cfg.records_tables(harvest_job.source.url)]
            else:
                objects, forced = self._gather_catalogue(harvest_job, cfg)
        except (SourceConfigError, LgspError, guard.GuardError, TransformError) as error:
            # Nothing was written: earlier datasets stay exactly as they were.
            model.Session.rollback()
            HarvestGatherError.create(str(error), harvest_job)
            return None
        for obj in objects:
            model.Session.add(obj)
        if forced:
            guard.consume_force(harvest_job.source_id)
        model.Session.commit()
        return [obj.id for obj in objects]

    def _gather_catalogue(self, job: HarvestJob, cfg: SourceConfig
                          ) -> tuple[list[HarvestObject], bool]:
        """The objects of this run and whether an operator's force let the guard pass."""
        client = LgspClient(cfg.auth, cfg.envelope)
        params: dict[str, Any] = {}
        since = _last_successful_start(job) if cfg.modified_since_param else None
        if since:
            params[cfg.modified_since_param] = since
        listed: dict[str, dict[str, Any]] = {}
        for item in client.iter_items(job.source.url, cfg.pagination, params):
            guid = map_fields(item, {"guid": cfg.mapping["guid"]}).get("guid")
            if guid is None:
                HarvestGatherError.create(
                    f"Item without identifier at {cfg.mapping['guid'].pointer}", job)
                continue
            listed[str(guid)] = item  # the same guid twice: the later one wins, no duplicate
        # (guid, content, package id, status): nothing touches the session before the guard
        plan: list[tuple[str, str | None, str | None, str]] = []
        for guid, item in listed.items():
            deleted = "deleted" in cfg.mapping and bool(
                map_fields(item, {"deleted": cfg.mapping["deleted"]}).get("deleted"))
            plan.append((guid, json.dumps(item, ensure_ascii=False), None,
                         "delete" if deleted else "change"))
        current = self._current_objects(job.source_id)
        if not since:
            # A full listing: what the source no longer lists is withdrawn.
            plan += [(obj.guid, None, obj.package_id, "delete") for obj in current
                     if obj.guid not in listed]
        current_guids = {obj.guid for obj in current}
        leaving = sum(1 for guid, _c, _p, status in plan
                      if guid in current_guids and status == "delete")
        what = "withdraw" if cfg.on_delete == "withdraw" else "delete"
        forced = guard.check(job.source_id, what, len(current), leaving,
                             guard.share(cfg.safety_share))
        objects = [HarvestObject(guid=guid, job=job, content=content, package_id=package_id,
                                 extras=[HarvestObjectExtra(key="status", value=status)])
                   for guid, content, package_id, status in plan]
        return objects, forced

    @staticmethod
    def _current_objects(source_id: str) -> list[HarvestObject]:
        return (model.Session.query(HarvestObject)
                .filter(HarvestObject.harvest_source_id == source_id)
                .filter(HarvestObject.current == True)  # noqa: E712
                .all())

    # -- fetch --------------------------------------------------------------------------
    def fetch_stage(self, harvest_object: HarvestObject) -> bool:
        if _extra(harvest_object, "status") == "delete":
            return True
        cfg = parse(harvest_object.source.config)
        if cfg.mode == "catalogue":
            return True  # the listing carried the metadata
        table = self._table(cfg, harvest_object)
        if table is None:
            self._save_object_error(f"No table {harvest_object.guid} in the config",
                                    harvest_object, "Fetch")
            return False
        try:
            rows = list(LgspClient(cfg.auth, cfg.envelope).iter_items(table.url,
                                                                      table.pagination))
        except LgspError as error:
            self._save_object_error(str(error), harvest_object, "Fetch")
            return False
        harvest_object.content = json.dumps(rows, ensure_ascii=False)
        harvest_object.save()
        return True

    @staticmethod
    def _table(cfg: SourceConfig, obj: HarvestObject) -> Table | None:
        for table in cfg.records_tables(obj.source.url):
            # sources saved before "tables" existed used the guid "records" for their one table
            if table.name == obj.guid:
                return table
        return None

    # -- import -------------------------------------------------------------------------
    def import_stage(self, harvest_object: HarvestObject) -> bool | str:
        cfg = parse(harvest_object.source.config)
        previous = importer.previous_object(harvest_object.source.id, harvest_object.guid)
        try:
            if _extra(harvest_object, "status") == "delete":
                return self._withdraw(harvest_object, previous, cfg)
            return self._import(harvest_object, previous, cfg)
        except toolkit.ValidationError as error:
            model.Session.rollback()
            self._save_object_error(
                f"Invalid dataset for {harvest_object.guid}: {error.error_dict}",
                harvest_object, "Import")
            return False
        except (ValueError, LgspError, guard.GuardError) as error:
            model.Session.rollback()
            self._save_object_error(f"{harvest_object.guid}: {error}", harvest_object, "Import")
            return False
        except Exception as error:  # noqa: BLE001 - one bad item must not stop the consumer
            log.exception("LGSP import of %s failed", harvest_object.guid)
            model.Session.rollback()
            self._save_object_error(f"{harvest_object.guid}: {type(error).__name__}",
                                    harvest_object, "Import")
            return False

    def _existing(self, previous: HarvestObject | None) -> dict[str, Any] | None:
        if previous is None or not previous.package_id:
            return None
        try:
            return toolkit.get_action("package_show")(importer.site_context(),
                                                      {"id": previous.package_id})
        except toolkit.ObjectNotFound:
            return None

    def _import(self, obj: HarvestObject, previous: HarvestObject | None,
                cfg: SourceConfig) -> bool | str:
        content = json.loads(obj.content)
        digest = content_hash([content, obj.source.config])
        existing = self._existing(previous)
        live = (existing is not None and existing["state"] == "active"
                and not existing.get("private"))
        if previous is not None and previous.current and live \
                and _extra(previous, "content_hash") == digest:
            return "unchanged"
        forced = False
        table = self._table(cfg, obj) if cfg.mode == "records" else None
        if table is not None:
            typed = importer.typed_table(content, table)
            before = int(_extra(previous, "row_count") or 0) if previous is not None else 0
            forced = guard.check(obj.source.id, "drop rows", before,
                                 before - len(typed.rows), guard.share(cfg.safety_share))
            package = importer.records_package(typed, table, existing)
            title = package.get("title") or obj.source.title
        elif cfg.mode == "records":
            raise ValueError(f"no table {obj.guid} in the config")
        else:
            package = importer.catalogue_package(content, cfg)
            title = package.get("title")
            if not title:
                raise ValueError(f"no title at {cfg.mapping['title'].pointer}")
        saved = importer.save_package(package, existing, _owner_org(obj),
                                      names.unique_name(str(title), obj.guid, obj.source.id))
        if table is not None:
            csv_resource = next(r for r in saved["resources"] if r["format"].upper() == "CSV")
            importer.load_datastore(csv_resource["id"], typed)
            obj.extras.append(HarvestObjectExtra(key="row_count", value=str(len(typed.rows))))
            if forced:
                guard.consume_force(obj.source.id)
        model.Session.query(HarvestObject).filter(
            HarvestObject.guid == obj.guid,
            HarvestObject.harvest_source_id == obj.source.id,
        ).update({"current": False}, synchronize_session=False)
        obj.package_id = saved["id"]
        obj.current = True
        obj.extras.append(HarvestObjectExtra(key="content_hash", value=digest))
        obj.save()
        importer.notify_update(saved["id"], obj.harvest_job_id)
        return True

    def _withdraw(self, obj: HarvestObject, previous: HarvestObject | None,
                  cfg: SourceConfig) -> bool | str:
        existing = self._existing(previous)
        if previous is None or existing is None or existing["state"] != "active":
            return "unchanged"
        importer.withdraw_package(previous.package_id, cfg.on_delete)
        model.Session.query(HarvestObject).filter(
            HarvestObject.guid == obj.guid,
            HarvestObject.harvest_source_id == obj.source.id,
        ).update({"current": False}, synchronize_session=False)
        obj.package_id = previous.package_id
        obj.current = False
        obj.save()
        importer.notify_update(previous.package_id, obj.harvest_job_id)
        return True
