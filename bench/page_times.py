"""Page times of the portal as citizens see it: median of 20 warm requests (after 3 warm-up requests)
for the home page, the search page, a dataset page and the Data Quality Index, beside two baselines
in the same run — CKAN's ``status_show`` API call (no template) and the login page (CKAN's page
frame with one small form) — so the figures can be read against the machine's speed.

Starts its own portal from config/ckan.ini (production server, uWSGI) with the demo catalogue:
    CKAN_SQLALCHEMY_URL=... .venv/bin/python bench/page_times.py [--runs 20]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.shipped_portal import Mailbox, free_port, start_portal  # noqa: E402


def measure(url: str, runs: int, session: requests.Session) -> tuple[float, float, float, int]:
    for _ in range(3):
        session.get(url, timeout=60)
    times = []
    status = 0
    for _ in range(runs):
        start = time.perf_counter()
        response = session.get(url, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
        status = response.status_code
    return statistics.median(times), min(times), max(times), status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    portal = start_portal("pagetimes", Mailbox(port=free_port()))
    try:
        portal.ckan("huedata", "seed-demo", timeout=900)
        portal.ckan("huequality", "recompute", timeout=900, check=False)
        portal.ckan("huequality", "index", timeout=300, check=False)
        dataset = portal.action("package_search", method="GET", q="du lịch", rows=1).json()["result"]["results"][0]["name"]
        pages = [("baseline: API status_show", "/api/3/action/status_show"),
                 ("baseline: /user/login", "/user/login"),
                 ("/ (home)", "/"), ("/dataset/ (search)", "/dataset/"),
                 (f"/dataset/{dataset}", f"/dataset/{dataset}"),
                 ("/chat-luong-du-lieu (quality index)", "/chat-luong-du-lieu")]
        session = requests.Session()
        print(f"load average before: {os.getloadavg()}")
        print(f"{'page':45} {'median ms':>10} {'min':>8} {'max':>8} status")
        for label, path in pages:
            median, low, high, status = measure(portal.url + path, args.runs, session)
            print(f"{label:45} {median:10.1f} {low:8.1f} {high:8.1f} {status}")
        print(f"load average after: {os.getloadavg()}")
    finally:
        portal.stop()


if __name__ == "__main__":
    main()
