"""Seeds a CKAN database with a small catalogue, or prints what a user would see of it.

Run as a separate process (its own CKAN app on the databases named by CKAN_* variables):
    python portal_data.py seed|show <ini>
`show` prints a JSON document: every dataset as package_show returns it, the DataStore rows
and the bytes (SHA-256) of every uploaded file.
"""
from __future__ import annotations

import hashlib
import io
import json
import sys

from werkzeug.datastructures import FileStorage

from ckan.cli import load_config
from ckan.config.middleware import make_app


def seed(action) -> None:
    org = action("organization_create", name="so-tai-nguyen", title="Sở Tài nguyên và Môi trường")
    for number in range(3):
        dataset = action(
            "package_create", name=f"du-lieu-{number}", title=f"Dữ liệu quan trắc {number}",
            owner_org=org["id"], notes="Chất lượng không khí, Thừa Thiên Huế", tags=[{"name": "môi trường"}])
        action("resource_create", package_id=dataset["id"], name="Tệp CSV",
               upload=FileStorage(io.BytesIO(f"tram,pm25\nPhú Hội,{number}\n".encode()), filename="quan-trac.csv"))
    action("datastore_create", force=True,
           resource={"package_id": "du-lieu-0", "name": "Bảng DataStore"},
           fields=[{"id": "phuong", "type": "text"}, {"id": "pm25", "type": "int"}],
           records=[{"phuong": "Phú Hội", "pm25": 12}, {"phuong": "Vỹ Dạ", "pm25": 30}])


def show(action) -> dict:
    from ckan.lib.uploader import get_resource_uploader

    datasets = {}
    files = {}
    rows = {}
    for name in sorted(action("package_list")):
        dataset = action("package_show", id=name)
        datasets[name] = dataset
        for resource in dataset["resources"]:
            if resource.get("url_type") == "upload":
                path = get_resource_uploader(resource).get_path(resource["id"])
                with open(path, "rb") as handle:
                    files[resource["id"]] = hashlib.sha256(handle.read()).hexdigest()
            if resource.get("datastore_active"):
                found = action("datastore_search", resource_id=resource["id"], sort="_id")
                rows[resource["id"]] = found["records"]
    return {"datasets": datasets, "files": files, "datastore": rows}


def main(mode: str, ini: str) -> None:
    config = load_config(ini)
    app = make_app(config)
    from ckan.plugins import toolkit

    with app._wsgi_app.test_request_context():
        site_user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})

        def action(action_name, /, **data):
            return toolkit.get_action(action_name)({"ignore_auth": True, "user": site_user["name"]}, data)

        if mode == "seed":
            seed(action)
        else:
            json.dump(show(action), sys.stdout, ensure_ascii=False, sort_keys=True, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
