"""Benchmark of huesearch: package_search through CKAN's action layer at 10k and 100k datasets.

Not a test: it prints figures. It creates its own database (default ``ckan_hue_bench``), fills it
with generated Vietnamese datasets straight through SQL (fast, and without indexing), times
``search.rebuild()`` (CKAN's own rebuild: package_show + index per dataset), then runs a fixed
query mix as an anonymous user and prints p50/p95 per query kind.

    .venv/bin/python bench/search_bench.py --sizes 10000 100000

Run it on an idle machine: every figure is wall-clock time.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = ["Danh sách trường học", "Trạm y tế", "Điểm du lịch", "Chất lượng không khí", "Dân số",
            "Giá đất", "Doanh nghiệp đăng ký mới", "Di tích lịch sử", "Lễ hội truyền thống", "Chợ truyền thống",
            "Tuyến xe buýt", "Bệnh viện", "Nhà thuốc", "Khách sạn", "Nhà hàng", "Thư viện", "Công viên",
            "Điểm thu gom rác", "Mực nước sông Hương", "Lượng mưa", "Giao thông", "Camera giám sát",
            "Thủ tục hành chính", "Hộ nghèo", "Lao động việc làm", "Sản lượng lúa", "Cơ sở giáo dục mầm non"]
PLACES = ["phường Phú Hội", "phường Thuận Hóa", "phường Phú Xuân", "phường Vỹ Dạ", "phường An Cựu",
          "xã Phú Vang", "xã Quảng Điền", "phường Hương Thủy", "phường Hương Trà", "xã Phong Điền",
          "thành phố Huế", "xã A Lưới", "phường Kim Long", "xã Phú Lộc"]
TAGS = ["giáo dục", "y tế", "du lịch", "môi trường", "giao thông", "văn hóa", "kinh tế", "dân số",
        "nông nghiệp", "đất đai", "lao động", "xã hội", "khoa học", "công nghệ", "tài chính", "năng lượng",
        "hạ tầng", "thời tiết", "nước", "an ninh"] + [f"chủ đề {i}" for i in range(280)]
FORMATS = ["CSV", "JSON", "XLSX", "PDF", "GeoJSON"]
LICENSES = ["cc-by", "cc-by-sa", "odc-by", "cc-zero", "odc-pddl"]
WORDS = ["truong hoc", "y te", "du lich hue", "khong khi", "benh vien", "song huong", "di tich",
         "phu hoi", "giao thong", "le hoi", "dan so", "cho", "thu vien", "ho ngheo", "lua"]


def ensure_database(db: str) -> dict[str, str]:
    subprocess.run(["bash", str(ROOT / "scripts/bootstrap-db.sh"), db, db + "_ds"], check=True)
    env = dict(os.environ,
               CKAN_SQLALCHEMY_URL=f"postgresql://ckan_default:pass@127.0.0.1/{db}",
               CKAN_DATASTORE_WRITE_URL=f"postgresql://ckan_default:pass@127.0.0.1/{db}_ds",
               CKAN_DATASTORE_READ_URL=f"postgresql://datastore_default:pass@127.0.0.1/{db}_ds")
    subprocess.run([str(ROOT / ".venv/bin/ckan"), "-c", str(ROOT / "test.ini"), "db", "init"], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ.update(env)
    return env


def load_ckan():
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(str(ROOT / "test.ini")))
    return app._wsgi_app.test_request_context()


def fill(count: int, rng: random.Random) -> None:
    """Inserts ``count`` datasets (with tags, resources, 200 organisations) through plain SQL."""
    import sqlalchemy as sa

    import ckan.model as model

    conn = model.Session.connection()
    for table in ("resource", "package_tag", "member", "package_extra", "package", "tag"):
        conn.execute(sa.text(f'DELETE FROM "{table}"'))
    conn.execute(sa.text("DELETE FROM \"group\""))
    conn.execute(sa.text("DELETE FROM huesearch_document"))
    now = datetime(2026, 11, 1)
    orgs = [{"id": str(uuid.uuid4()), "name": f"co-quan-{i}", "title": f"Cơ quan số {i} thành phố Huế",
             "type": "organization", "is_organization": True, "state": "active", "approval_status": "approved",
             "created": now} for i in range(200)]
    conn.execute(sa.text('INSERT INTO "group" (id, name, title, type, is_organization, state, approval_status, '
                         "created) VALUES (:id, :name, :title, :type, :is_organization, :state, :approval_status, "
                         ":created)"), orgs)
    tags = [{"id": str(uuid.uuid4()), "name": name} for name in TAGS]
    conn.execute(sa.text("INSERT INTO tag (id, name) VALUES (:id, :name)"), tags)
    batch_packages, batch_tags, batch_resources = [], [], []
    for i in range(count):
        subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
        pid = str(uuid.uuid4())
        modified = now - timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
        batch_packages.append({
            "id": pid, "name": f"du-lieu-{i}", "title": f"{subject} {place} năm {rng.randrange(2015, 2027)}",
            "notes": f"Dữ liệu {subject.lower()} trên địa bàn {place}, cập nhật hằng quý. " * rng.randrange(1, 4),
            "state": "active", "license_id": rng.choice(LICENSES), "type": "dataset",
            "owner_org": rng.choice(orgs)["id"], "private": rng.random() < 0.05,
            "metadata_modified": modified, "metadata_created": modified})
        for tag in rng.sample(tags, rng.randrange(1, 5)):
            batch_tags.append({"id": str(uuid.uuid4()), "package_id": pid, "tag_id": tag["id"], "state": "active"})
        for position in range(rng.randrange(1, 4)):
            fmt = rng.choice(FORMATS)
            batch_resources.append({"id": str(uuid.uuid4()), "package_id": pid, "position": position,
                                    "url": f"http://data.hue.gov.vn/{pid}/{position}.{fmt.lower()}",
                                    "format": fmt, "name": f"{subject} ({fmt})", "state": "active",
                                    "created": modified, "metadata_modified": modified, "extras": "{}"})
        if len(batch_packages) >= 2000 or i == count - 1:
            conn.execute(sa.text(
                "INSERT INTO package (id, name, title, notes, state, license_id, type, owner_org, private, "
                "metadata_modified, metadata_created) VALUES (:id, :name, :title, :notes, :state, :license_id, "
                ":type, :owner_org, :private, :metadata_modified, :metadata_created)"), batch_packages)
            conn.execute(sa.text("INSERT INTO package_tag (id, package_id, tag_id, state) "
                                 "VALUES (:id, :package_id, :tag_id, :state)"), batch_tags)
            conn.execute(sa.text(
                "INSERT INTO resource (id, package_id, position, url, format, name, state, created, "
                "metadata_modified, extras) VALUES (:id, :package_id, :position, :url, :format, :name, :state, "
                ":created, :metadata_modified, :extras)"), batch_resources)
            batch_packages, batch_tags, batch_resources = [], [], []
    model.Session.commit()
    conn = model.Session.connection()
    conn.execute(sa.text("ANALYZE"))
    model.Session.commit()


def indexed_count() -> int:
    import sqlalchemy as sa

    import ckan.model as model

    return int(model.Session.execute(sa.text("SELECT count(*) FROM huesearch_document")).scalar() or 0)


def vacuum_analyze() -> None:
    import ckan.model as model

    with model.meta.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE huesearch_document")


def query_mix(rng: random.Random, n: int) -> dict[str, list[dict]]:
    orgs = [f"co-quan-{i}" for i in range(200)]
    facets = json.dumps(["organization", "tags", "res_format", "license_id", "groups"])
    return {
        "free text": [{"q": rng.choice(WORDS)} for _ in range(n)],
        "text + 2 filters + 5 facets": [
            {"q": rng.choice(WORDS), "fq": f'license_id:{rng.choice(LICENSES)} res_format:{rng.choice(FORMATS)}',
             "facet.field": facets} for _ in range(n)],
        "organisation page (1 filter, 5 facets)": [
            {"fq": f"organization:{rng.choice(orgs)}", "facet.field": facets} for _ in range(n)],
        "search page, no query, 5 facets (cold)": [{"facet.field": facets} for _ in range(max(1, n // 10))],
        "search page, no query, 5 facets (cached)": [{"facet.field": facets} for _ in range(n)],
        "filters only": [
            {"fq": f'tags:"{rng.choice(TAGS[:20])}" res_format:{rng.choice(FORMATS)}', "facet.field": facets}
            for _ in range(n)],
        "deep paging": [{"sort": "metadata_modified desc", "rows": 20, "start": rng.randrange(1000, 5000)}
                        for _ in range(n)],
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--db", default="ckan_hue_bench")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the datasets and index already in the database when it holds exactly that many")
    args = parser.parse_args()

    ensure_database(args.db)
    with load_ckan():
        import ckan.logic as logic
        from ckan.lib import search

        for size in args.sizes:
            rng = random.Random(size)
            if args.reuse and indexed_count() == size:
                print(f"\n== {size} datasets (reused)")
            else:
                started = time.perf_counter()
                fill(size, rng)
                print(f"\n== {size} datasets (generated in {time.perf_counter() - started:.1f} s)")
                started = time.perf_counter()
                search.rebuild(quiet=True, defer_commit=True)
                rebuild = time.perf_counter() - started
                vacuum_analyze()  # what autovacuum does in a running portal
                print(f"search-index rebuild: {rebuild:.1f} s ({size / rebuild:.0f} datasets/s)")
            package_search = logic.get_action("package_search")
            from ckanext.huesearch.search import cache

            for kind, queries in query_mix(rng, args.queries).items():
                timings, hits = [], []
                for params in queries:
                    if "cold" in kind:
                        cache.clear()
                    t0 = time.perf_counter()
                    result = package_search({"user": "", "ignore_auth": False}, dict(params))
                    timings.append((time.perf_counter() - t0) * 1000)
                    hits.append(result["count"])
                print(f"{kind:40s} p50 {statistics.median(timings):7.1f} ms   p95 {percentile(timings, 95):7.1f} ms"
                      f"   (median hits {statistics.median(hits):.0f})")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
