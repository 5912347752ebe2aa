"""Benchmark: the huequality table scorer vs `frictionless validate` on the same CSV files.

Generates CSVs of 100k and 1M rows × 20 columns (with a Table Schema), then runs each tool
in its own subprocess and reports wall time, rows/second and peak memory (ru_maxrss of
the child). Frictionless is installed into a separate venv (``bench/.venv-frictionless``)
because its dependencies do not need to live beside CKAN's pins.

    .venv/bin/python bench/quality_scoring.py [--rows 100000 1000000] [--workdir /tmp/hq-bench]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FRICTIONLESS = "frictionless==5.18.1"
FL_VENV = Path(os.environ.get("HQ_FRICTIONLESS_VENV", HERE / ".venv-frictionless"))

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer"},
        {"name": "ward_code", "type": "string"},
        {"name": "sector", "type": "string", "constraints": {"enum": ["health", "education", "tourism"]}},
        {"name": "name", "type": "string"},
        {"name": "address", "type": "string"},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "amount", "type": "number"},
        {"name": "ratio", "type": "number", "constraints": {"maximum": 1}},
        {"name": "opened", "type": "date"},
        {"name": "updated", "type": "date"},
        {"name": "lat", "type": "number"},
        {"name": "lon", "type": "number"},
        {"name": "active", "type": "boolean"},
        {"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]{2}[0-9]{4}"}},
        {"name": "year", "type": "year"},
        {"name": "phone", "type": "string"},
        {"name": "note", "type": "string"},
        {"name": "staff", "type": "integer"},
        {"name": "area", "type": "number"},
        {"name": "category", "type": "string"},
    ],
    "primaryKey": ["id"],
}


def generate(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    wards = ["19900", "20014", "19930", "19768", "19777"]
    start = date(2015, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(f["name"] for f in SCHEMA["fields"]) + "\n")
        for i in range(rows):
            day = start + timedelta(days=rnd.randrange(3000))
            out.write(",".join((
                str(i if i % 1000 else i - 1),  # one duplicate key per thousand rows
                rnd.choice(wards), rnd.choice(("health", "education", "tourism")),
                f"Cơ sở {i}", f"{rnd.randrange(300)} Lê Lợi", str(rnd.randrange(1000)),
                f"{rnd.random() * 1e6:.2f}", f"{rnd.random():.4f}", day.isoformat(),
                (day + timedelta(days=30)).isoformat(), f"{16 + rnd.random() * 0.6:.6f}",
                f"{107.2 + rnd.random() * 0.9:.6f}", rnd.choice(("true", "false")),
                f"HU{rnd.randrange(10000):04d}", str(2000 + rnd.randrange(25)),
                f"0234{rnd.randrange(10**6):06d}", "ghi chú" if i % 3 else "", str(rnd.randrange(500)),
                f"{rnd.random() * 100:.1f}", rnd.choice(("a", "b", "c")),
            )) + "\n")


def ours(csv_path: str, schema_path: str) -> dict:
    sys.path.insert(0, str(ROOT / "ckanext-huequality"))
    from ckanext.huequality.quality.fields import Bbox
    from ckanext.huequality.quality.readers import open_table
    from ckanext.huequality.quality.scan import scan_table

    schema = json.loads(Path(schema_path).read_text())
    started = time.perf_counter()
    scan = scan_table(open_table(csv_path, "csv"), schema, today=date(2026, 11, 23),
                      bbox=Bbox(106.95, 15.95, 108.25, 16.80))
    elapsed = time.perf_counter() - started
    return {"rows": scan.rows, "seconds": elapsed, "duplicates": scan.duplicates,
            "invalid_cells": scan.checked_cells - scan.valid_cells}


def frictionless(csv_path: str, schema_path: str) -> dict:
    started = time.perf_counter()
    # Frictionless refuses absolute paths ("not safe"): run it beside the files.
    proc = subprocess.run([str(FL_VENV / "bin" / "frictionless"), "validate", "--json",
                           "--schema", Path(schema_path).name, "--limit-errors", "1000000",
                           Path(csv_path).name],
                          capture_output=True, text=True, cwd=Path(csv_path).parent)
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        report = json.loads(proc.stdout)
        task = report["tasks"][0]
        rows = task["stats"].get("rows")
        errors = task["stats"].get("errors")
    except (ValueError, KeyError, IndexError):
        rows, errors = None, proc.stderr[-300:]
    return {"rows": rows, "seconds": elapsed, "errors": errors, "child_maxrss_mb": usage.ru_maxrss / 1024}


def _child(kind: str, csv_path: str, schema_path: str) -> dict:
    """Run one measurement in a fresh interpreter so ru_maxrss is that tool's alone."""
    proc = subprocess.run([sys.executable, __file__, "--child", kind, csv_path, schema_path],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ensure_frictionless() -> None:
    if (FL_VENV / "bin" / "frictionless").exists():
        return
    subprocess.run([sys.executable, "-m", "venv", str(FL_VENV)], check=True)
    subprocess.run([str(FL_VENV / "bin" / "pip"), "install", "-q", FRICTIONLESS], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--workdir", default="/tmp/hq-bench")
    parser.add_argument("--skip-frictionless", action="store_true")
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        kind, csv_path, schema_path = args.child
        result = ours(csv_path, schema_path) if kind == "ours" else frictionless(csv_path, schema_path)
        result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    schema_path = work / "schema.json"
    schema_path.write_text(json.dumps(SCHEMA))
    if not args.skip_frictionless:
        ensure_frictionless()
    print(f"{'rows':>9} {'tool':<13} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}  notes")
    for rows in args.rows:
        csv_path = work / f"bench-{rows}.csv"
        if not csv_path.exists():
            generate(csv_path, rows)
        mine = _child("ours", str(csv_path), str(schema_path))
        print(f"{rows:>9} {'huequality':<13} {mine['seconds']:>8.2f} {rows / mine['seconds']:>9.0f} "
              f"{mine['maxrss_mb']:>8.1f}  duplicates={mine['duplicates']} invalid={mine['invalid_cells']}",
              flush=True)
        if args.skip_frictionless:
            continue
        theirs = _child("frictionless", str(csv_path), str(schema_path))
        peak = max(theirs["maxrss_mb"], theirs["child_maxrss_mb"])
        print(f"{rows:>9} {'frictionless':<13} {theirs['seconds']:>8.2f} {rows / theirs['seconds']:>9.0f} "
              f"{peak:>8.1f}  errors={theirs['errors']}  speed-up ×{theirs['seconds'] / mine['seconds']:.1f}",
              flush=True)


if __name__ == "__main__":
    main()
