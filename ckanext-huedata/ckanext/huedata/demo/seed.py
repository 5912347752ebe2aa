"""`ckan huedata seed-demo`: create the demo agencies and datasets, leaving existing ones alone."""
from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass

import ckan.plugins.toolkit as tk
from ckan import model
from werkzeug.datastructures import FileStorage

from ckanext.huedata.demo.agencies import Agency, all_agencies
from ckanext.huedata.demo.datasets import DemoDataset, demo_datasets

KEY_COLUMNS = {"ma", "so_giay_phep", "tuyen", "du_an", "ma_sach", "doanh_nghiep", "diem", "so_ket_luan"}
LICENCES = ("cc-by", "cc-by", "cc-by", "odc-by", "cc-by-sa", "cc-zero")


@dataclass
class SeedReport:
    agencies_created: int = 0
    agencies_existing: int = 0
    datasets_created: int = 0
    datasets_existing: int = 0


def seed_demo() -> SeedReport:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    report = SeedReport()
    agencies = {a.name: a for a in all_agencies()}
    for agency in agencies.values():
        if model.Group.by_name(agency.name) is not None:
            report.agencies_existing += 1
            continue
        tk.get_action("organization_create")(_context(site_user), _agency_dict(agency))
        report.agencies_created += 1
    for index, spec in enumerate(demo_datasets()):
        if model.Package.get(spec.name) is not None:
            report.datasets_existing += 1
            continue
        _create_dataset(site_user, spec, agencies[spec.agency], LICENCES[index % len(LICENCES)])
        report.datasets_created += 1
    return report


def _context(site_user: dict) -> dict:
    return {"user": site_user["name"], "ignore_auth": True}


def _agency_dict(agency: Agency) -> dict:
    return {
        "name": agency.name, "title": agency.title, "agency_code": agency.code, "agency_level": agency.level,
        "parent_agency": agency.parent, "contact_email": agency.email, "contact_phone": agency.phone,
        "description": agency.description or f"{agency.title}, thành phố Huế",
    }


def _create_dataset(site_user: dict, spec: DemoDataset, agency: Agency, licence: str) -> None:
    dataset = tk.get_action("package_create")(_context(site_user), {
        "name": spec.name, "title": spec.title, "notes": spec.notes, "owner_org": agency.name,
        "sector": spec.sector, "data_kind": spec.kind, "update_frequency": spec.frequency,
        "spatial_coverage": list(spec.spatial), "temporal_start": f"{spec.years[0]}-01-01",
        "temporal_end": f"{spec.years[1]}-12-31", "legal_basis": spec.legal_basis,
        "contact_name": agency.title, "contact_email": agency.email, "contact_phone": agency.phone,
        "access_level": spec.access, "shared_catalogue": spec.shared, "license_id": licence,
        "tags": [{"name": tag} for tag in spec.tags],
    })
    rows = demo_rows(spec)
    dictionary = json.dumps(table_schema(spec), ensure_ascii=False) if spec.dictionary else ""
    for fmt in spec.formats:
        body, mimetype = (_csv(spec, rows), "text/csv") if fmt == "CSV" else (_json(rows), "application/json")
        filename = f"{spec.name}.{fmt.lower()}"
        tk.get_action("resource_create")(_context(site_user), {
            "package_id": dataset["id"], "name": f"{spec.title} ({fmt})", "format": fmt, "url": filename,
            "description": f"Tệp {fmt} do {agency.title} công bố.", "data_dictionary": dictionary,
            "upload": FileStorage(io.BytesIO(body), filename=filename, content_type=mimetype),
        })


def demo_rows(spec: DemoDataset) -> list[dict]:
    """The table of a demo dataset; flawed ones get blank cells or repeated rows on purpose."""
    rng = random.Random(spec.name)
    rows = [{c.name: c.cell(rng, i) for c in spec.columns} for i in range(spec.rows)]
    if "missing" in spec.flaws:
        target = spec.columns[-1].name
        for row in rng.sample(rows, max(1, len(rows) // 6)):
            row[target] = None
    if "duplicates" in spec.flaws:
        rows.extend(dict(row) for row in rng.sample(rows, min(3, len(rows))))
    return rows


def table_schema(spec: DemoDataset) -> dict:
    fields = []
    for column in spec.columns:
        constraints: dict = {}
        if column.minimum is not None:
            constraints["minimum"] = column.minimum
        if column.name in KEY_COLUMNS:
            constraints.update(required=True, unique=True)
        fields.append({"name": column.name, "title": column.title or column.name, "type": column.type,
                       **({"constraints": constraints} if constraints else {})})
    schema: dict = {"fields": fields}
    if spec.columns[0].name in KEY_COLUMNS:
        schema["primaryKey"] = [spec.columns[0].name]
    return schema


def _csv(spec: DemoDataset, rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c.name for c in spec.columns], lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8")


def _json(rows: list[dict]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")
