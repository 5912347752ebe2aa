"""The stock CKAN harvester with its output mapped onto the Huế data contract.

Same behaviour and config as ckanext-harvest's ``ckan`` harvester (remote CKAN 2.x, e.g.
the national portal), plus:

- ``"default_fields": {"data_kind": "shared_data", ...}`` for contract fields the remote
  site does not know;
- ``"api_key"`` is the *name* of a secret (``ckanext.huedata.lgsp.secret.<name>`` or its
  environment variable), never the key itself;
- datasets that disappeared from the remote portal are withdrawn (made private, with a note)
  or deleted (``"on_delete"``), under the same safety guard as LGSP sources;
- every request goes through the suite's guarded fetcher.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any
from urllib.parse import urlencode

import requests
from ckan import model
from ckan.plugins import plugin_loaded, toolkit
from ckanext.harvest.harvesters.ckanharvester import CKANHarvester, ContentFetchError
from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject, HarvestObjectExtra

from .. import fetching
from . import config, config_schema, guard, importer
from .contract import map_package

log = logging.getLogger(__name__)


class HueCkanHarvester(CKANHarvester):
    def __new__(cls, *args: Any, **kwargs: Any) -> HueCkanHarvester:
        # CKAN's SingletonPlugin keeps its instance in ``cls._instance`` and looks it up with
        # hasattr(), which also finds the *parent's* instance: once ``ckan_harvester`` is
        # loaded, HueCkanHarvester() would return the stock CKANHarvester and ``ckan_hue``
        # would never be registered. This class keeps an instance of its own.
        if "_instance" not in cls.__dict__:
            cls._instance = object.__new__(cls)
        return cls._instance  # type: ignore[return-value]

    def info(self) -> dict[str, str]:
        return {
            "name": "ckan_hue",
            "title": toolkit._("CKAN (Huế data contract)"),
            "description": toolkit._("Remote CKAN sites, mapped onto the Huế data contract"),
            "form_config_interface": "Text",
        }

    def validate_config(self, config_text: str | None) -> str | None:
        try:
            config_schema.validate("ckan_hue", config_text)
        except config_schema.ConfigSchemaError as error:
            raise ValueError(str(error)) from None
        return super().validate_config(config_text)

    def modify_package_dict(self, package_dict: dict[str, Any], harvest_object: Any
                            ) -> dict[str, Any]:
        defaults = (self.config or {}).get("default_fields", {})
        return map_package(package_dict, defaults, plugin_loaded("scheming_datasets"))

    # -- requests: a secret name, the guarded fetcher ----------------------------------------
    def _get_content(self, url: str) -> str:
        headers = {}
        if self.config.get("user_agent"):
            headers["User-Agent"] = str(self.config["user_agent"])
        name = self.config.get("api_key")
        if name:
            value = config.secret(str(name))
            if not value:
                raise ContentFetchError(f"Secret not configured on the portal: {name}")
            headers["Authorization"] = value
        try:
            answer = fetching.session().get(url, headers=headers,
                                            timeout=config.request_timeout())
        except fetching.FetchError as error:
            raise ContentFetchError(f"Refused or failed: {error}") from None
        except requests.RequestException as error:
            raise ContentFetchError(f"Request error: {type(error).__name__}") from None
        if answer.status_code >= 400:
            raise ContentFetchError(f"HTTP error: {answer.status_code} {url.split('?')[0]}")
        return answer.text

    # -- gather: what disappeared upstream ------------------------------------------------
    def _filters(self) -> list[str]:
        """The same organisation and group filters as the stock gather stage."""
        terms = []
        for kind, field in (("organizations", "organization"), ("groups", "groups")):
            include = self.config.get(f"{kind}_filter_include", [])
            exclude = self.config.get(f"{kind}_filter_exclude", [])
            if include:
                terms.append(" OR ".join(f"{field}:{name}" for name in include))
            elif exclude:
                terms.extend(f"-{field}:{name}" for name in exclude)
        return terms

    def _remote_ids(self, base_url: str) -> set[str]:
        """Every dataset id the remote portal lists now (ids only, 1,000 per page)."""
        params = {"fl": "id", "rows": "1000", "start": "0", "sort": "id asc"}
        if self._filters():
            params["fq"] = " ".join(self._filters())
        ids: set[str] = set()
        while True:
            url = f"{base_url}/api/3/action/package_search?{urlencode(params)}"
            page = json.loads(self._get_content(url))["result"]["results"]
            new = {p["id"] for p in page} - ids
            if not page or not new:
                return ids
            ids |= new
            params["start"] = str(int(params["start"]) + len(page))

    def gather_stage(self, harvest_job: HarvestJob) -> list[str] | None:
        self._set_config(harvest_job.source.config)
        try:
            remote = self._remote_ids(harvest_job.source.url.rstrip("/"))
        except (ContentFetchError, ValueError, KeyError, TypeError) as error:
            HarvestGatherError.create(f"Unable to list the remote datasets: {error}",
                                      harvest_job)
            return None
        current = (model.Session.query(HarvestObject)
                   .filter(HarvestObject.harvest_source_id == harvest_job.source_id)
                   .filter(HarvestObject.current == True)  # noqa: E712
                   .filter(HarvestObject.package_id.isnot(None)).all())
        gone = [obj for obj in current if obj.guid not in remote]
        how = self.config.get("on_delete", "withdraw")
        try:
            forced = guard.check(harvest_job.source_id, how, len(current), len(gone),
                                 guard.share(self.config.get("safety_share")))
        except guard.GuardError as error:
            HarvestGatherError.create(str(error), harvest_job)
            return None
        ids = super().gather_stage(harvest_job)
        if ids is None and remote:
            return None
        ids = list(ids or [])
        for obj in gone:
            deleted = HarvestObject(guid=obj.guid, job=harvest_job, package_id=obj.package_id,
                                    extras=[HarvestObjectExtra(key="status", value="delete")])
            deleted.save()
            ids.append(deleted.id)
        if forced:
            guard.consume_force(harvest_job.source_id)
            model.Session.commit()
        return ids

    # -- import: withdraw what disappeared --------------------------------------------------
    def fetch_stage(self, harvest_object: HarvestObject) -> bool:
        return True

    def import_stage(self, harvest_object: HarvestObject) -> bool | str:
        status = {e.key: e.value for e in harvest_object.extras}.get("status")
        if status != "delete":
            return super().import_stage(harvest_object)
        self._set_config(harvest_object.source.config)
        package_id = harvest_object.package_id
        try:
            existing = toolkit.get_action("package_show")(importer.site_context(),
                                                          {"id": package_id})
        except toolkit.ObjectNotFound:
            existing = None
        if existing is None or existing["state"] != "active" or existing.get("private"):
            return "unchanged"
        how = self.config.get("on_delete", "withdraw")
        if how == "withdraw" and existing.get("owner_org"):
            today = dt.date.today().isoformat()
            note = (f"\n\n---\n*Đã rút khỏi công khai ngày {today}: bộ dữ liệu không còn trên "
                    f"cổng nguồn {harvest_object.source.url}. / Withdrawn on {today}: the "
                    f"dataset is no longer on the source portal {harvest_object.source.url}.*")
            toolkit.get_action("package_patch")(importer.site_context(), {
                "id": package_id, "private": True, "notes": (existing.get("notes") or "") + note})
        else:
            toolkit.get_action("package_delete")(importer.site_context(), {"id": package_id})
        model.Session.query(HarvestObject).filter(
            HarvestObject.guid == harvest_object.guid,
            HarvestObject.harvest_source_id == harvest_object.source.id,
        ).update({"current": False}, synchronize_session=False)
        harvest_object.current = False
        harvest_object.save()
        importer.notify_update(package_id, harvest_object.harvest_job_id)
        return True

