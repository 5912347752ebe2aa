"""Harvest throughput: the LGSP harvester against the stock CKAN harvester, in the same run.

    .venv/bin/python bench/harvest_lgsp.py [--datasets 1000] [--rows 20]

Each run is timed twice: harvesting (queue the jobs, gather, fetch, import) and closing the
jobs (``harvest_jobs_run``, what the periodic ``ckan harvester run`` does; ckanext-harvest
re-indexes the source for each finished job, so this grows with the number of sources).

1. LGSP, catalogue mode: a test LGSP (``tests/harvest/lgsp_server.py``) lists ``--datasets``
   items; one ``lgsp`` source with ``modified_since_param``. The unchanged re-run asks only
   for what changed since the last run.
2. LGSP, records mode: ``--datasets`` record APIs of ``--rows`` rows each (20,000 records in
   1,000 datasets by default), held as ``tables`` by ``--agencies`` sources (one source per
   agency, several tables each). Every job goes through the Redis gather and fetch queues,
   driven in this process exactly as the consumers do.
3. CKAN: the portal database filled by step 1 is served by ``ckan run`` on a free port (the
   "remote CKAN"); ckanext-harvest's stock ``ckan`` harvester copies the ``--datasets``
   catalogue datasets into a second database through the same queues.

Each is measured as a first run, then an unchanged re-run, in the same invocation.
Databases ``ckan_hue_bench_harvest`` and ``ckan_hue_bench_harvest_copy`` (plus DataStore
twins) are created if needed and emptied first. Redis: ``BENCH_REDIS_URL``
(default redis://127.0.0.1:6379/7). Not a test: it prints figures, it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DB_URL = "postgresql://ckan_default:pass@127.0.0.1/{}"
DS_READ_URL = "postgresql://datastore_default:pass@127.0.0.1/{}"
DBS = {"portal": ("ckan_hue_bench_harvest", "datastore_hue_bench_harvest"),
       "copy": ("ckan_hue_bench_harvest_copy", "datastore_hue_bench_harvest_copy")}
PLUGINS = {"portal": "harvest lgsp_harvester huesearch",
           "copy": "harvest ckan_harvester huesearch"}


def _env(which: str) -> dict[str, str]:
    db, ds = DBS[which]
    return dict(os.environ,
                CKAN_SQLALCHEMY_URL=DB_URL.format(db),
                CKAN_DATASTORE_WRITE_URL=DB_URL.format(ds),
                CKAN_DATASTORE_READ_URL=DS_READ_URL.format(ds),
                CKAN_REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"))


def _ini(which: str) -> Path:
    """test.ini with the bench's plugins and a site id of its own (its own queue keys)."""
    lines = []
    for line in (ROOT / "test.ini").read_text(encoding="utf-8").splitlines():
        if line.startswith("ckan.plugins"):
            line = f"ckan.plugins = {PLUGINS[which]}"
        elif line.startswith("ckan.site_id"):
            line = f"ckan.site_id = bench-{which}"
        elif line.startswith("ckan.site_url"):
            line = "ckan.site_url = http://127.0.0.1"
        lines.append(line)
    lines.append("ckanext.harvest.default_dataset_name_append = random-hex")
    path = Path(f"/tmp/harvest-bench-{which}.ini")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _prepare(which: str) -> None:
    db, ds = DBS[which]
    subprocess.run(["bash", str(ROOT / "scripts/bootstrap-db.sh"), db, ds], check=True)
    ckan = [str(BIN / "ckan"), "-c", str(_ini(which))]
    quiet = {"env": _env(which), "check": True, "capture_output": True}
    subprocess.run([*ckan, "db", "clean", "--yes"], **quiet)
    subprocess.run([*ckan, "db", "init"], **quiet)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- in-process part (one CKAN configuration per process) -------------------------------
def _app(which: str):
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    return make_app(load_config(str(_ini(which))))


def _context() -> dict[str, object]:
    from ckan import model
    from ckan.plugins import toolkit
    user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    return {"model": model, "session": model.Session, "user": user, "ignore_auth": True}


def _drain(source_ids: list[str]) -> None:
    """Queue one job per source, then do what the gather and fetch consumers do."""
    from ckan.plugins import toolkit
    from ckanext.harvest import queue
    for source_id in source_ids:
        toolkit.get_action("harvest_job_create")(_context(), {"source_id": source_id,
                                                              "run": True})
    for consumer, callback in ((queue.get_gather_consumer(), queue.gather_callback),
                               (queue.get_fetch_consumer(), queue.fetch_callback)):
        while True:
            reply = consumer.basic_get(None)
            if reply[2] is None:
                break
            callback(consumer, *reply)


def _close_jobs(source_ids: list[str]) -> None:
    """What the periodic ``ckan harvester run`` does: mark the finished jobs Finished."""
    from ckan.plugins import toolkit
    for source_id in source_ids:
        toolkit.get_action("harvest_jobs_run")(_context(), {"source_id": source_id})


def _stats(source_ids: list[str]) -> dict[str, int]:
    from ckan import model
    from ckanext.harvest.model import HarvestJob, HarvestObject
    totals: dict[str, int] = {}
    latest = [model.Session.query(HarvestJob).filter_by(source_id=s)
              .order_by(HarvestJob.created.desc()).first() for s in source_ids]
    for job in latest:
        for (status,) in model.Session.query(HarvestObject.report_status).filter_by(
                harvest_job_id=job.id):
            totals[status or "none"] = totals.get(status or "none", 0) + 1
    return totals


def _timed_runs(source_ids: list[str]) -> list[dict[str, object]]:
    runs = []
    for label in ("first run", "unchanged re-run"):
        start = time.perf_counter()
        _drain(source_ids)
        harvested = time.perf_counter()
        _close_jobs(source_ids)
        runs.append({"run": label, "seconds": round(harvested - start, 1),
                     "closing_jobs_seconds": round(time.perf_counter() - harvested, 1),
                     "objects": _stats(source_ids)})
    return runs


def _rates(runs: list[dict[str, object]], datasets: int, rows: int = 0) -> None:
    for run in runs:
        seconds = float(run["seconds"])  # type: ignore[arg-type]
        total = seconds + float(run["closing_jobs_seconds"])  # type: ignore[arg-type]
        run["datasets_per_minute"] = round(datasets / seconds * 60, 1)
        run["closing_share_percent"] = round(100 * float(run["closing_jobs_seconds"])  # type: ignore[arg-type]
                                             / total, 1) if total else 0.0
        if rows:
            run["records_per_second"] = round(datasets * rows / seconds, 1)


def phase_lgsp(datasets: int, rows: int, agencies: int) -> list[dict[str, object]]:
    sys.path.insert(0, str(ROOT / "ckanext-huedata"))
    from ckan.plugins import toolkit
    from ckan.tests import factories  # noqa: F401 - loads factory-boy's session binding
    from ckanext.harvest import queue
    from ckanext.huedata.tests.harvest.lgsp_server import (
        LgspServer, sample_catalogue, sample_rows,
    )
    server = LgspServer().start()
    os.environ["HUEDATA_LGSP_SECRET_BENCH_KEY"] = "hue-portal-consumer"
    os.environ["HUEDATA_LGSP_SECRET_BENCH_SECRET"] = "s3cr3t-lgsp-consumer-value"
    auth = {"token_url": f"{server.url}/token", "consumer_key": "bench-key",
            "consumer_secret": "bench-secret"}
    app = _app("portal")
    results = []
    with app._wsgi_app.test_request_context():
        queue.purge_queues()
        user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        context = {"user": user, "ignore_auth": True}

        # 1. catalogue mode: one agency source listing `datasets` items, incremental re-run
        server.state.catalogue = sample_catalogue(datasets)
        org = toolkit.get_action("organization_create")(dict(context), {"name": "so-catalogue"})
        cfg = {"mode": "catalogue", "auth": auth, "modified_since_param": "updated_since",
               "pagination": {"style": "page", "items": "/data", "size": 100, "total": "/total"},
               "mapping": {"guid": "/ma", "title": "/ten", "notes": "/mo_ta", "tags": "/tu_khoa",
                           "contact_email": "/lien_he/email",
                           "update_frequency": {"const": "monthly"}}}
        source = toolkit.get_action("harvest_source_create")(dict(context), {
            "url": f"{server.url}/sotnmt/datasets", "name": "lgsp-catalogue",
            "title": "LGSP catalogue", "source_type": "lgsp", "owner_org": org["id"],
            "config": json.dumps(cfg, ensure_ascii=False), "frequency": "MANUAL"})
        runs = _timed_runs([source["id"]])
        _rates(runs, datasets)
        results.append({"harvester": "lgsp (catalogue mode, modified_since_param)",
                        "datasets": datasets, "sources": 1, "runs": runs})

        # 2. records mode: `datasets` tables of `rows` rows, `agencies` sources holding them
        org = toolkit.get_action("organization_create")(dict(context), {"name": "so-records"})
        source_ids = []
        per_agency = -(-datasets // agencies)
        for a in range(agencies):
            tables = []
            for i in range(a * per_agency, min(datasets, (a + 1) * per_agency)):
                server.state.tables[f"ds-{i}"] = sample_rows(rows, prefix=f"R{i}")
                tables.append({"name": f"ds-{i}", "path": f"/tables/ds-{i}",
                               "dataset": {"title": f"Bảng dữ liệu {i}",
                                           "update_frequency": "monthly"}})
            cfg = {"mode": "records", "auth": auth, "tables": tables,
                   "pagination": {"style": "offset", "items": "/items", "size": 100,
                                  "total": "/count"}}
            source = toolkit.get_action("harvest_source_create")(dict(context), {
                "url": server.url, "name": f"lgsp-agency-{a}", "title": f"LGSP {a}",
                "source_type": "lgsp", "owner_org": org["id"],
                "config": json.dumps(cfg, ensure_ascii=False), "frequency": "MANUAL"})
            source_ids.append(source["id"])
        runs = _timed_runs(source_ids)
        _rates(runs, datasets, rows)
        results.append({"harvester": "lgsp (records mode, several tables per source)",
                        "datasets": datasets, "sources": agencies,
                        "records": datasets * rows, "runs": runs})
    server.stop()
    return results


def phase_copy(remote: str, datasets: int) -> dict[str, object]:
    from ckan.plugins import toolkit
    from ckanext.harvest import queue
    app = _app("copy")
    with app._wsgi_app.test_request_context():
        queue.purge_queues()
        user = toolkit.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        context = {"user": user, "ignore_auth": True}
        org = toolkit.get_action("organization_create")(dict(context), {"name": "so-copy"})
        source = toolkit.get_action("harvest_source_create")(dict(context), {
            "url": remote, "name": "remote-ckan", "title": "Remote CKAN",
            "source_type": "ckan", "owner_org": org["id"], "frequency": "MANUAL",
            "config": json.dumps({"organizations_filter_include": ["so-catalogue"]})})
        runs = _timed_runs([source["id"]])
    _rates(runs, datasets)
    return {"harvester": "ckan (stock), from a second local CKAN", "datasets": datasets,
            "sources": 1, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--agencies", type=int, default=10,
                        help="records mode: sources the tables are spread over")
    parser.add_argument("--phase", choices=("lgsp", "copy"))
    parser.add_argument("--remote")
    args = parser.parse_args()
    if args.phase == "lgsp":
        print(json.dumps(phase_lgsp(args.datasets, args.rows, args.agencies)))
        return
    if args.phase == "copy":
        print(json.dumps(phase_copy(args.remote, args.datasets)))
        return

    for which in DBS:
        _prepare(which)
    me = [str(BIN / "python"), __file__, "--datasets", str(args.datasets)]
    lgsp = subprocess.run([*me, "--rows", str(args.rows), "--agencies", str(args.agencies),
                           "--phase", "lgsp"],
                          env=_env("portal"), check=True, capture_output=True, text=True)
    results = list(json.loads(lgsp.stdout.strip().splitlines()[-1]))
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "ckan"), "-c", str(_ini("portal")), "run", "-H", "127.0.0.1", "-p", str(port),
         "-r", "-D"], env=_env("portal"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        copy = subprocess.run([*me, "--phase", "copy", "--remote", f"http://127.0.0.1:{port}"],
                              env=_env("copy"), check=True, capture_output=True, text=True)
        results.append(json.loads(copy.stdout.strip().splitlines()[-1]))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
