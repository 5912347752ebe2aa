"""Load test of the portal's web server: the production server (uWSGI) against CKAN's development server.

Not a test: it prints figures. It prepares its own databases with the demo catalogue (the same
commands as `make run`), then, in one run, alternates phases of the same load against each server
(`scripts/serve-web.sh` with HUE_SERVER=dev and HUE_SERVER=uwsgi), so both see the same machine:

    .venv/bin/python bench/load_server.py --clients 50 --seconds 60 --rounds 2

The load: N clients on loopback, each in a loop over a fixed mix of home page, search page, dataset
pages, API package_search and DCAT (catalogue page and dataset Turtle), with think time 0. Per server:
requests/s, p50/p95/p99 latency, errors (status >= 500 or connection errors), and p50 per kind,
with min/median/max over the rounds.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import start_server, stop_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DB, DS = "ckan_hue_load", "datastore_hue_load"
ENV = {
    "CKAN_SQLALCHEMY_URL": f"postgresql://ckan_default:pass@127.0.0.1/{DB}",
    "CKAN_DATASTORE_WRITE_URL": f"postgresql://ckan_default:pass@127.0.0.1/{DS}",
    "CKAN_DATASTORE_READ_URL": f"postgresql://datastore_default:pass@127.0.0.1/{DS}",
    "CKAN_REDIS_URL": "redis://127.0.0.1:6379/9",
}
QUERIES = ["truong hoc", "y te", "du lich", "moi truong", "dan so", "giao thong", "benh vien", "hue"]


def prepare(skip: bool) -> None:
    if skip:
        return
    subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-qc", f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)'],
                   check=True)
    subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-qc", f'DROP DATABASE IF EXISTS "{DS}" WITH (FORCE)'],
                   check=True)
    subprocess.run(["make", "-s", "demo", f"RUN_DB={DB}", f"RUN_DATASTORE_DB={DS}",
                    f"RUN_REDIS_URL={ENV['CKAN_REDIS_URL']}"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def mix(base: str, names: list[str]) -> list[tuple[str, str]]:
    """(kind, url) pairs in the proportions of a citizen/developer mix."""
    pairs: list[tuple[str, str]] = []
    pairs += [("home", base + "/")] * 4
    pairs += [("search page", f"{base}/dataset/?q={q.replace(' ', '+')}") for q in QUERIES[:4]]
    pairs += [("dataset page", f"{base}/dataset/{n}") for n in names[:5]]
    pairs += [("api search", f"{base}/api/3/action/package_search?q={q.replace(' ', '+')}&rows=10")
              for q in QUERIES[4:8]]
    pairs += [("dcat catalogue", base + "/catalog.ttl?page=1")]
    pairs += [("dcat dataset", f"{base}/dataset/{names[0]}.ttl")]
    return pairs


def run_load(base: str, names: list[str], clients: int, seconds: float) -> dict:
    pairs = mix(base, names)
    latencies: dict[str, list[float]] = defaultdict(list)
    errors = [0]
    reasons: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(seed: int) -> None:
        rnd = random.Random(seed)
        session = requests.Session()
        while time.monotonic() < stop_at:
            kind, url = rnd.choice(pairs)
            started = time.perf_counter()
            try:
                status = session.get(url, timeout=60).status_code
                ok, reason = status < 500, f"HTTP {status}"
            except requests.RequestException as error:
                ok, reason = False, type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                latencies[kind].append(elapsed)
                if not ok:
                    errors[0] += 1
                    reasons[reason] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    begun = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - begun
    everything = sorted(x for values in latencies.values() for x in values)
    q = statistics.quantiles(everything, n=100) if len(everything) > 1 else [0.0] * 99
    return {"requests": len(everything), "rps": len(everything) / wall, "p50": q[49], "p95": q[94], "p99": q[98],
            "errors": errors[0], "reasons": dict(reasons), "kinds": {k: statistics.median(v) for k, v in latencies.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="length of one phase")
    parser.add_argument("--rounds", type=int, default=2, help="phases per server, interleaved")
    parser.add_argument("--processes", type=int, default=4, help="uWSGI worker processes")
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the databases of an earlier run")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    prepare(args.skip_prepare)
    results: dict[str, list[dict]] = defaultdict(list)
    ports = {"dev": 5601, "uwsgi": 5602}
    names: list[str] = []
    for round_ in range(args.rounds):
        for kind in ("dev", "uwsgi"):
            port = ports[kind]
            server = start_server(f"load-{kind}", kind, port, ENV, processes=args.processes)
            base = f"http://127.0.0.1:{port}"
            try:
                if not names:
                    found = requests.get(base + "/api/3/action/package_search?rows=20", timeout=60).json()
                    names = [d["name"] for d in found["result"]["results"]]
                for _kind, url in mix(base, names):  # warm: every page once
                    requests.get(url, timeout=60)
                results[kind].append(run_load(base, names, args.clients, args.seconds))
                print(f"round {round_ + 1} {kind}: {results[kind][-1]['rps']:.1f} req/s, errors "
                      f"{results[kind][-1]['reasons']}", file=sys.stderr)
            finally:
                stop_server(server)
    load = os.getloadavg()
    print(f"\n{args.clients} clients, {args.rounds} × {args.seconds:.0f} s per server, uWSGI {args.processes} "
          f"processes, {os.cpu_count()} cores, load average after the run {load[0]:.2f}")
    print("| server | req/s min / median / max | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for kind, runs in results.items():
        rps = sorted(r["rps"] for r in runs)
        print(f"| {kind} | {rps[0]:.1f} / {statistics.median(rps):.1f} / {rps[-1]:.1f} | "
              f"{statistics.median(r['p50'] for r in runs) * 1000:.0f} | "
              f"{statistics.median(r['p95'] for r in runs) * 1000:.0f} | "
              f"{statistics.median(r['p99'] for r in runs) * 1000:.0f} | {sum(r['errors'] for r in runs)} |")
    print("\np50 per kind (ms, median over rounds):")
    kinds = sorted({k for runs in results.values() for r in runs for k in r["kinds"]})
    print("| kind | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for k in kinds:
        cells = [f"{statistics.median(r['kinds'].get(k, 0) for r in runs) * 1000:.0f}" for runs in results.values()]
        print(f"| {k} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
