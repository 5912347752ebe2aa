"""Benchmark of huesearch: package_search through CKAN's action layer at 10k and 100k datasets.

Not a test: it prints figures. It creates its own database (default ``ckan_hue_bench``), fills it
with generated Vietnamese datasets straight through SQL (fast, and without indexing), times
``search.rebuild()`` (CKAN's own rebuild: package_show + index per dataset), then runs a fixed
query mix as an anonymous user and prints p50/p95 per query kind.

    .venv/bin/python bench/search_bench.py --sizes 10000 100000

Every query kind runs on two sides in the same run, interleaved round by round: *before*
(facet counts and totals recounted over the matching rows, cached per process until the
next write: huesearch before issue 17) and *after* (the public catalogue's counts read from
``huesearch_public_count``, kept by the index's own transactions). Each round gives a p95 per
side; the figures are min/median/max of those p95 over ``--rounds``. "first page after a
write" re-indexes one dataset (a real write: new generation, per-process cache retired)
before each timed search.

``--clone-from N``: index N generated datasets with CKAN's rebuild, then reach each size by
copying their index rows (new ids, spread dates) with SQL: the query figures at 100k without
the 14 minutes of rebuilding 100k datasets one package_show at a time. The rebuild figure
is then the one of N datasets.

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
from typing import Any

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
        # this machine's PostgreSQL runs with autovacuum = off (/etc/postgresql/15/main/conf.d/90-ci.conf):
        # without this, the planner keeps the statistics of an empty table and every counter update
        # leaves a dead row version behind
        conn.exec_driver_sql("VACUUM ANALYZE huesearch_document, huesearch_public_count")


def clone_index(size: int) -> None:
    """Copies the indexed rows (new index ids, dates spread back in time) until ``size`` rows exist."""
    import sqlalchemy as sa

    import ckan.model as model

    have = indexed_count()
    copy = 1
    while have < size:
        take = min(have, size - have)
        model.Session.execute(sa.text(f"""
            INSERT INTO huesearch_document (index_id, site_id, package_id, state, capacity, permission_labels,
                metadata_modified, stored, terms, phrases, ngrams, sort_keys, search_vector, indexed_at)
            SELECT md5(index_id || :copy), site_id, package_id, state, capacity, permission_labels,
                   metadata_modified - make_interval(days => :copy), stored, terms, phrases, ngrams, sort_keys,
                   search_vector, indexed_at
            FROM huesearch_document ORDER BY index_id LIMIT {int(take)}
            ON CONFLICT DO NOTHING"""), {"copy": copy})
        model.Session.commit()
        vacuum_analyze()
        have, copy = indexed_count(), copy + 1


def touch_one(rng: random.Random, ids: list[str]) -> None:
    """A real index write: one dataset re-indexed and committed (the generation moves on)."""
    from ckan.lib import search

    search.rebuild(package_id=rng.choice(ids), quiet=True)


def write_overhead(ids: list[str], rounds: int) -> None:
    """Re-indexing ``ids`` in one transaction (as ``search-index rebuild`` does), side by side:
    without count triggers, counting per statement (huesearch before migration 0004), and
    counting once before the commit (0004)."""
    import sqlalchemy as sa

    import ckan.model as model
    from ckan.lib import search

    from ckanext.huesearch.search import counts

    times: dict[str, list[float]] = {"without counts": [], "per statement": [], "deferred": []}
    for round_ in range(rounds):
        sides = list(times) if round_ % 2 == 0 else list(reversed(times))
        for side in sides:
            action = "DISABLE" if side == "without counts" else "ENABLE"
            model.Session.execute(sa.text(f"ALTER TABLE huesearch_document {action} TRIGGER USER"))
            model.Session.commit()
            counts.DEFER_BULK = side == "deferred"
            vacuum_analyze()
            started = time.perf_counter()
            search.rebuild(package_ids=ids, quiet=True, defer_commit=True)
            times[side].append(len(ids) / (time.perf_counter() - started))
    counts.DEFER_BULK = True
    model.Session.execute(sa.text("ALTER TABLE huesearch_document ENABLE TRIGGER USER"))
    model.Session.execute(sa.text("SELECT huesearch_recount_public()"))
    model.Session.commit()
    vacuum_analyze()
    for side, rates in times.items():
        print(f"re-index {len(ids)} datasets in one transaction, {side:14s} datasets/s min / median / max: "
              f"{min(rates):.0f} / {statistics.median(rates):.0f} / {max(rates):.0f}")


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
        "search page, no query, 5 facets, first after a write": [
            {"facet.field": facets} for _ in range(max(1, n // 4))],
        "search page, no query, 5 facets (repeated)": [{"facet.field": facets} for _ in range(n)],
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


def run_kind(package_search: Any, kind: str, queries: list[dict], rng: random.Random,
             ids: list[str]) -> tuple[list[float], list[int]]:
    timings, hits = [], []
    for params in queries:
        if "after a write" in kind:
            touch_one(rng, ids)
        t0 = time.perf_counter()
        result = package_search({"user": "", "ignore_auth": False}, dict(params))
        timings.append((time.perf_counter() - t0) * 1000)
        hits.append(result["count"])
    return timings, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--queries", type=int, default=200, help="queries per kind, side and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clone-from", type=int, default=0,
                        help="index this many datasets, then copy index rows up to each size")
    parser.add_argument("--write-sample", type=int, default=0,
                        help="after the queries, re-index this many datasets with and without the count "
                             "triggers, interleaved over --rounds (the write cost of the counts)")
    parser.add_argument("--statement-timeout", type=int, default=60000,
                        help="ckanext.huesearch.statement_timeout (ms) for the run: the 'before' side's recounts "
                             "at 100k on a busy machine take longer than the shipped 3 s")
    parser.add_argument("--db", default="ckan_hue_bench")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the datasets and index already in the database when it holds exactly that many")
    args = parser.parse_args()

    ensure_database(args.db)
    print(f"load average before: {os.getloadavg()}")
    with load_ckan():
        import sqlalchemy as sa

        import ckan.logic as logic
        import ckan.model as model
        from ckan.lib import search

        from ckan.common import config

        from ckanext.huesearch.search import counts

        config["ckanext.huesearch.statement_timeout"] = args.statement_timeout

        for size in args.sizes:
            rng = random.Random(size)
            generated = args.clone_from or size
            if args.reuse and indexed_count() == size:
                print(f"\n== {size} index rows (reused)")
            else:
                started = time.perf_counter()
                fill(generated, rng)
                print(f"\n== {generated} datasets (generated in {time.perf_counter() - started:.1f} s)")
                started = time.perf_counter()
                search.rebuild(quiet=True, defer_commit=True)
                rebuild = time.perf_counter() - started
                print(f"search-index rebuild: {rebuild:.1f} s ({indexed_count() / rebuild:.0f} datasets/s)")
                vacuum_analyze()
                if generated < size:
                    started = time.perf_counter()
                    clone_index(size)
                    print(f"index rows copied up to {indexed_count()} in {time.perf_counter() - started:.1f} s")
                vacuum_analyze()  # what autovacuum does in a running portal
            ids = [r[0] for r in model.Session.execute(sa.text("SELECT id FROM package WHERE NOT private LIMIT :n"), {"n": max(2000, args.write_sample)})]
            package_search = logic.get_action("package_search")
            print(f"{'kind':52s} {'side':6s}  p95 min / median / max over {args.rounds} rounds (ms)   p50 median"
                  "   median hits")
            for kind, queries in query_mix(rng, args.queries).items():
                p95: dict[str, list[float]] = {"before": [], "after": []}
                p50: dict[str, list[float]] = {"before": [], "after": []}
                hits: dict[str, list[int]] = {"before": [], "after": []}
                for round_ in range(args.rounds):
                    sides = ["before", "after"] if round_ % 2 == 0 else ["after", "before"]
                    for side in sides:
                        counts.ENABLED = side == "after"
                        timings, found = run_kind(package_search, kind, queries, rng, ids)
                        p95[side].append(percentile(timings, 95))
                        p50[side].append(statistics.median(timings))
                        hits[side] += found
                counts.ENABLED = True
                for side in ("before", "after"):
                    values = p95[side]
                    print(f"{kind:52s} {side:6s}  {min(values):7.1f} / {statistics.median(values):7.1f} / "
                          f"{max(values):7.1f}   {statistics.median(p50[side]):7.1f}   "
                          f"{statistics.median(hits[side]):.0f}")
                sys.stdout.flush()
            if args.write_sample:
                write_overhead(ids[:args.write_sample], args.rounds)
            print(f"load average after {size}: {os.getloadavg()}")


if __name__ == "__main__":
    main()
