"""Benchmark of the DataStore loader (ckanext-huedata dataapi) and of datastore_search.

Not a test: it prints figures. It creates its own databases (default ``ckan_hue_dsbench``),
writes a generated CSV of N rows × 20 columns (Vietnamese text, codes, integers, decimals,
dd/mm/yyyy dates), then in one run:

1. loads it with the code the background job runs (``tables.read_table`` then
   ``jobs.write_table``: decoding, type inference, casting, COPY): seconds and rows/s;
2. times ``datastore_search`` through CKAN's action layer for a filter + sort
   (``filters={"phuong": …, "nam": …}``, ``sort="gia desc"``, ``limit=100``): p50/p95;
3. answers the same question by reading the file with ``csv`` (filter, sort, first 100):
   p50/p95, and the ratio.

    .venv/bin/python bench/datastore_load.py --rows 1000000

Run it on an idle machine: every figure is wall-clock time.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHUONG = ["Phường Phú Hội", "Phường Thuận Hóa", "Phường Phú Xuân", "Phường Vỹ Dạ", "Phường An Cựu",
          "Xã Phú Vang", "Xã Quảng Điền", "Phường Hương Thủy", "Phường Hương Trà", "Xã Phong Điền",
          "Phường Kim Long", "Xã A Lưới", "Xã Phú Lộc", "Phường Thủy Xuân", "Phường Dương Nỗ"]
NGANH = ["Giáo dục", "Y tế", "Du lịch", "Môi trường", "Giao thông", "Văn hóa", "Nông nghiệp"]
HEADER = ["stt", "ma_don_vi", "ten_co_so", "phuong", "nganh", "nam", "quy", "ngay_cap_nhat", "so_luong",
          "gia", "dien_tich", "ty_le", "dia_chi", "dien_thoai", "trang_thai", "so_lao_dong", "von",
          "vi_do", "kinh_do", "ghi_chu"]


def write_csv(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            phuong = rng.choice(PHUONG)
            writer.writerow([
                i + 1, f"{rng.randrange(1, 99999):05d}", f"Cơ sở số {i} {rng.choice(NGANH).lower()}", phuong,
                rng.choice(NGANH), rng.randrange(2015, 2027), rng.randrange(1, 5),
                f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(2015, 2027)}",
                rng.randrange(0, 5000), f"{rng.uniform(1000, 9_000_000):.2f}", f"{rng.uniform(10, 5000):.1f}",
                f"{rng.random():.4f}", f"{rng.randrange(1, 300)} đường Lê Lợi, {phuong}",
                f"0234{rng.randrange(1000000, 9999999)}", rng.choice(["Đang hoạt động", "Tạm dừng", "Giải thể"]),
                rng.randrange(1, 2000), rng.randrange(10_000_000, 9_000_000_000),
                f"{16.3 + rng.random() * 0.3:.6f}", f"{107.4 + rng.random() * 0.3:.6f}",
                "" if rng.random() < 0.7 else "Cập nhật theo báo cáo quý"])


def ensure_database(db: str) -> None:
    subprocess.run(["bash", str(ROOT / "scripts/bootstrap-db.sh"), db, db + "_ds"], check=True,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ,
               CKAN_SQLALCHEMY_URL=f"postgresql://ckan_default:pass@127.0.0.1/{db}",
               CKAN_DATASTORE_WRITE_URL=f"postgresql://ckan_default:pass@127.0.0.1/{db}_ds",
               CKAN_DATASTORE_READ_URL=f"postgresql://datastore_default:pass@127.0.0.1/{db}_ds")
    ckan = [str(ROOT / ".venv/bin/ckan"), "-c", str(ROOT / "test.ini")]
    subprocess.run([*ckan, "db", "init"], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    permissions = subprocess.run([*ckan, "datastore", "set-permissions"], check=True, env=env,
                                 capture_output=True, text=True).stdout
    subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-q", "-d", db + "_ds"], input=permissions,
                   text=True, check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)


def load_ckan():
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    conf = load_config(str(ROOT / "test.ini"))
    conf["ckan.plugins"] = "datastore huesearch huedata"
    app = make_app(conf)
    return app._wsgi_app.test_request_context()


def make_resource() -> str:
    """A dataset and a resource row for the table (through SQL: the bench is about the DataStore)."""
    import sqlalchemy as sa

    import ckan.model as model

    pid, rid = str(uuid.uuid4()), str(uuid.uuid4())
    conn = model.Session.connection()
    conn.execute(sa.text("INSERT INTO package (id, name, title, state, type, private, metadata_created, "
                         "metadata_modified) VALUES (:id, :name, 'Cơ sở kinh doanh', 'active', 'dataset', false, "
                         "now(), now())"),
                 {"id": pid, "name": f"bench-{pid[:8]}"})
    conn.execute(sa.text("INSERT INTO resource (id, package_id, url, format, state, position, extras, created, "
                         "metadata_modified) VALUES (:id, :pid, 'co-so.csv', 'CSV', 'active', 0, '{}', now(), now())"), {"id": rid, "pid": pid})
    model.Session.commit()
    return rid


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", default="ckan_hue_dsbench")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--file-queries", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(2026)
    workdir = Path(tempfile.mkdtemp(prefix="dsbench-"))
    path = workdir / "co-so.csv"
    started = time.perf_counter()
    write_csv(path, args.rows, rng)
    size_mb = path.stat().st_size / 2**20
    print(f"file: {args.rows:,} rows x {len(HEADER)} columns, {size_mb:.0f} MB "
          f"(generated in {time.perf_counter() - started:.1f} s)")
    print("load average:", os.getloadavg())

    ensure_database(args.db)
    with load_ckan():
        import ckan.plugins.toolkit as tk

        from ckanext.huedata.dataapi import jobs, tables

        rid = make_resource()
        t0 = time.perf_counter()
        table = tables.read_table(path.read_bytes(), "csv")
        t1 = time.perf_counter()
        jobs.write_table(rid, table)
        t2 = time.perf_counter()
        types = {f.name: f.datastore_type for f in table.fields}
        del table
        total = t2 - t0
        print(f"load: read+type+cast {t1 - t0:.1f} s, write (COPY) {t2 - t1:.1f} s, total {total:.1f} s, "
              f"{args.rows / total:,.0f} rows/s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        print("types:", json.dumps(types, ensure_ascii=False))

        context = {"ignore_auth": True}
        queries = [(rng.choice(PHUONG), rng.randrange(2015, 2027)) for _ in range(args.queries)]
        search = tk.get_action("datastore_search")
        search(dict(context), {"resource_id": rid, "limit": 1})  # warm the connection pool
        samples, totals = [], []
        for phuong, nam in queries:
            q0 = time.perf_counter()
            result = search(dict(context), {"resource_id": rid, "filters": {"phuong": phuong, "nam": nam},
                                            "sort": "gia desc", "limit": 100})
            samples.append(time.perf_counter() - q0)
            totals.append(result["total"])
        ds50, ds95 = percentiles(samples)
        print(f"datastore_search filter+sort (action layer, {len(samples)} queries, ~{statistics.mean(totals):,.0f} "
              f"matching rows): p50 {ds50 * 1000:.0f} ms, p95 {ds95 * 1000:.0f} ms")

    file_samples = []
    for phuong, nam in queries[:args.file_queries]:
        q0 = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as handle:
            matching = [r for r in csv.DictReader(handle) if r["phuong"] == phuong and r["nam"] == str(nam)]
        matching.sort(key=lambda r: float(r["gia"]), reverse=True)
        _first = matching[:100]
        file_samples.append(time.perf_counter() - q0)
    f50, f95 = percentiles(file_samples)
    print(f"csv module on the file ({len(file_samples)} queries): p50 {f50 * 1000:.0f} ms, p95 {f95 * 1000:.0f} ms")
    print(f"ratio file/datastore_search: p50 {f50 / ds50:.1f}x, p95 {f95 / ds95:.1f}x")
    print("load average:", os.getloadavg())
    path.unlink()


if __name__ == "__main__":
    main()
