"""The DCAT catalogue endpoint before and after the per-page prefetch and the shared page cache.

Not a test: it prints figures. In one run, over HTTP, it serves the same database with two uWSGI
portals started from `config/ckan.ini`: "before" runs the suite's code of a git ref (default the
commit before the catalogue work) through a `git worktree`, "after" runs this checkout. Rounds
alternate between the two so that both see the same machine. Per side: `status_show`,
`package_show`, `/catalog.ttl` with 100 datasets per page warm (the same page asked again) and
cold (the first request after a dataset write), min/median/max, and the ratios to `status_show`
(goals of issue 17: warm <= 10x, cold <= 30x). `package_show` before/after shows what the change
costs on the read path of a dataset (the suite's plugins' overhead, 1.01-1.05x, must stay).

    .venv/bin/python bench/catalogue.py [--rounds 5] [--before-ref 77f1b7e] [--skip-prepare]

It prepares its own databases (`make demo` into ckan_hue_catalogue_bench, then datasets added
through the API up to --datasets) and uses Redis database 8.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import start_server, stop_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DB, DS = "ckan_hue_catalogue_bench", "datastore_hue_catalogue_bench"
REDIS = "redis://127.0.0.1:6379/8"
ENV = {
    "CKAN_SQLALCHEMY_URL": f"postgresql://ckan_default:pass@127.0.0.1/{DB}",
    "CKAN_DATASTORE_WRITE_URL": f"postgresql://ckan_default:pass@127.0.0.1/{DS}",
    "CKAN_DATASTORE_READ_URL": f"postgresql://datastore_default:pass@127.0.0.1/{DS}",
    "CKAN_REDIS_URL": REDIS,
}
CKAN = str(ROOT / ".venv" / "bin" / "ckan")
ADMIN = "bench-admin"
NAMES: list[str] = []  # two datasets the bench added: one written to, one shown


def sh(args: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **ENV}, check=True, text=True,
                          capture_output=True, **kwargs)  # type: ignore[call-overload]


def prepare() -> str:
    for db in (DB, DS):
        subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-qc",
                        f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'], check=True)
    subprocess.run(["make", "-s", "demo", f"RUN_DB={DB}", f"RUN_DATASTORE_DB={DS}", f"RUN_REDIS_URL={REDIS}"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    sh([CKAN, "-c", "config/ckan.ini", "sysadmin", "add", ADMIN, f"email={ADMIN}@example.org",
        "password=Bench-Portal-2026!", f"name={ADMIN}"], input="y\n")
    return token()


def token() -> str:
    out = sh([CKAN, "-c", "config/ckan.ini", "user", "token", "add", ADMIN, "bench"]).stdout
    return out.strip().splitlines()[-1].strip()


def fill(base: str, key: str, total: int) -> None:
    """Adds public datasets over the demo agencies until the catalogue holds ``total``."""
    api = f"{base}/api/3/action/"
    headers = {"Authorization": key}
    count = requests.get(api + "package_search", params={"rows": 0}, timeout=60).json()["result"]["count"]
    orgs = requests.get(api + "organization_list", timeout=60).json()["result"]
    for n in range(count, total):
        response = requests.post(api + "package_create", headers=headers, timeout=60, json={
            "name": f"bench-{n}", "title": f"Tập dữ liệu thử {n}", "notes": "Dữ liệu sinh cho đo hiệu năng",
            "owner_org": orgs[n % len(orgs)], "sector": "health", "spatial_coverage": ["city"],
            "legal_basis": "Quyết định 06/2021/QĐ-UBND", "contact_email": "bench@hue.gov.vn",
            "resources": [{"url": f"https://example.org/{n}.csv", "format": "CSV"}]})
        response.raise_for_status()


def before_tree(ref: str) -> Path:
    tree = ROOT / "var" / "bench-before"
    if tree.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), ref], cwd=ROOT, check=True,
                   capture_output=True)
    shim = ROOT / "var" / "bench-before-shim"
    shim.mkdir(parents=True, exist_ok=True)
    # The venv imports the suite through setuptools' editable finder: point it at the old tree.
    (shim / "sitecustomize.py").write_text(
        "import sys\n"
        "for name, module in list(sys.modules.items()):\n"
        "    if name.startswith('__editable__') and hasattr(module, 'MAPPING'):\n"
        f"        module.MAPPING.update({{k: v.replace({str(ROOT)!r}, {str(tree)!r}) "
        "for k, v in module.MAPPING.items()})\n")
    return tree


def timed(url: str, **kwargs: object) -> float:
    started = time.perf_counter()
    response = requests.get(url, timeout=300, **kwargs)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed


def write(base: str, key: str, n: int) -> None:
    response = requests.post(f"{base}/api/3/action/package_patch", headers={"Authorization": key},
                             json={"id": NAMES[0], "notes": f"Sửa lần {n}"}, timeout=60)
    response.raise_for_status()


def measure_light(bases: dict[str, str], samples: dict[str, dict[str, list[float]]], repeat: int) -> None:
    """status_show and package_show, the two sides request by request (same machine moment)."""
    for _ in range(repeat):
        for side, base in bases.items():
            samples[side]["status_show"].append(timed(base + "/api/3/action/status_show"))
            samples[side]["package_show"].append(
                timed(base + "/api/3/action/package_show", params={"id": NAMES[1]}))


def measure(base: str, key: str, samples: dict[str, list[float]], round_no: int, repeat: int) -> None:
    write(base, key, round_no * 100)
    samples["catalog_cold"].append(timed(base + "/catalog.ttl"))
    for _ in range(max(3, repeat // 4)):
        samples["catalog_warm"].append(timed(base + "/catalog.ttl"))
    for n in range(2):  # more cold pages: a write then the first request
        write(base, key, round_no * 100 + n + 1)
        samples["catalog_cold"].append(timed(base + "/catalog.ttl"))


def summary(values: list[float]) -> str:
    return (f"{min(values) * 1000:8.1f} {statistics.median(values) * 1000:8.1f} "
            f"{max(values) * 1000:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--datasets", type=int, default=130)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--before-ref", default="77f1b7e")
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()

    print(f"load average at start: {os.getloadavg()}", flush=True)
    key = token() if args.skip_prepare else prepare()
    tree = before_tree(args.before_ref)
    servers = {}
    try:
        servers["after"] = start_server("catalogue-after", "uwsgi", 5611, ENV, processes=args.processes)
        servers["before"] = start_server("catalogue-before", "uwsgi", 5612, ENV, processes=args.processes,
                                         pythonpath=str(ROOT / "var" / "bench-before-shim"))
        bases = {"after": "http://127.0.0.1:5611", "before": "http://127.0.0.1:5612"}
        fill(bases["after"], key, args.datasets)
        listed = requests.get(bases["after"] + "/api/3/action/package_list", timeout=60).json()["result"]
        NAMES.extend(sorted(n for n in listed if n.startswith("bench-"))[:2])
        for side, base in bases.items():  # which code each side runs: the sector concepts are new
            body = requests.get(base + "/catalog.ttl", timeout=300).text
            print(f"{side}: Huế sector concepts in the export: {'/vocab/sector/' in body}", flush=True)
        for base in bases.values():  # warm both (templates, schemas, licences)
            for _ in range(3):
                timed(base + "/catalog.ttl")
                timed(base + "/api/3/action/status_show")
        samples: dict[str, dict[str, list[float]]] = {s: {k: [] for k in (
            "status_show", "package_show", "catalog_warm", "catalog_cold")} for s in bases}
        for round_no in range(args.rounds):
            order = ("before", "after") if round_no % 2 == 0 else ("after", "before")
            measure_light({side: bases[side] for side in order}, samples, args.repeat)
            for side in order:
                measure(bases[side], key, samples[side], round_no, args.repeat)
        print(f"\n/catalog.ttl, {args.datasets} datasets, 100 per page; before = {args.before_ref}, "
              f"{args.rounds} rounds, uWSGI x{args.processes} each")
        print(f"{'side':7} {'request':14} {'min ms':>8} {'med ms':>8} {'max ms':>8}  x status_show (median)")
        for side in ("before", "after"):
            base = statistics.median(samples[side]["status_show"])
            for kind, values in samples[side].items():
                ratio = statistics.median(values) / base
                print(f"{side:7} {kind:14} {summary(values)}  {ratio:6.1f}x")
        show = {s: statistics.median(samples[s]["package_show"]) for s in samples}
        print(f"package_show after/before (median): {show['after'] / show['before']:.3f}x")
    finally:
        for process in servers.values():
            stop_server(process)
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
        print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())
