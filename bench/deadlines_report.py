"""Benchmark: the city's deadline-compliance report for 200 agencies x 20,000 datasets.

Creates its own database (dropped at the end), builds CKAN's schema and huequality's migrations in
it, generates a year of update history straight into the tables, then times
``ckanext.huequality.deadlines.logic.report.compliance_report`` (the SQL the dashboard, the downloads
and the ``huequality_deadline_report`` action run) side by side with the same function of a baseline
revision (``--baseline``, default: main before the timeline rewrite), runs interleaved, checking that
both give the same numbers. Then the city dashboard (``/deadlines/``: the report of a quarter and the
7 quarters before it, for the chart) without the cache, with a cold cache and with a warm one
(``deadlines/logic/report_cache.py``, Redis). Goals: year report <= 1 s worst of 15 runs; city
dashboard <= 0.5 s.

Usage (from the repository root, with PostgreSQL and Redis running):
    .venv/bin/python bench/deadlines_report.py [--agencies 200] [--datasets 20000] [--runs 15] [--keep]
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time

import sqlalchemy as sa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB_URL = "postgresql://ckan_default:pass@127.0.0.1/{}"
LOGGING = """
[loggers]
keys = root
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = ERROR
handlers = console
[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic
[formatter_generic]
format = %(levelname)s %(message)s
"""


def as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else ["sudo", "-u", "postgres"]
    subprocess.run(prefix + list(command), check=True, capture_output=True)


def ckan(ini: str, url: str, *args: str) -> None:
    env = dict(os.environ, CKAN_SQLALCHEMY_URL=url)
    result = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", ini, *args],
                            capture_output=True, text=True, env=env)
    if result.returncode:
        sys.exit(f"ckan {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def build_schema(url: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as ini:
        ini.write(f"[app:main]\nuse = config:{ROOT}/test.ini\nckan.plugins = huequality huesearch\n" + LOGGING)
    try:
        ckan(ini.name, url, "db", "init")
        ckan(ini.name, url, "db", "upgrade", "-p", "huequality")
    finally:
        os.unlink(ini.name)


GENERATE = """
SELECT setseed(0.6);
INSERT INTO "group" (id, name, title, type, is_organization, state, approval_status, created, description, image_url)
SELECT 'org-' || g, 'agency-' || g, 'Agency ' || g, 'organization', true, 'active', 'approved', now(), '', ''
FROM generate_series(1, :agencies) g;

CREATE TEMP TABLE bench_dataset AS
SELECT 'pkg-' || n AS id, 'org-' || (1 + n % :agencies) AS owner_org,
       (ARRAY['quarterly','quarterly','quarterly','quarterly','quarterly','quarterly','quarterly',
              'monthly','monthly','annual','semiannual','weekly','irregular','never'])[1 + floor(random() * 14)::int] AS frequency,
       timestamp '2023-01-01' + random() * interval '1100 days' AS created
FROM generate_series(1, :datasets) n;

INSERT INTO package (id, name, title, type, state, owner_org, private, metadata_created, metadata_modified)
SELECT id, 'dataset-' || id, 'Dataset ' || id, 'dataset', 'active', owner_org, false, created, created
FROM bench_dataset;

-- one in ten datasets carries no frequency at all (quarterly by default)
INSERT INTO package_extra (id, package_id, key, value, state)
SELECT 'extra-' || id, id, 'update_frequency', frequency, 'active' FROM bench_dataset WHERE random() < 0.9;

-- each dataset's periods over the year from October 2025: 75% on time, 15% late, 10% never
INSERT INTO huequality_update_event (package_id, owner_org, kind, occurred_at)
SELECT d.id, d.owner_org, (ARRAY['resource_changed','harvest','no_change','resource_added'])[1 + floor(random() * 4)::int],
       s.period_end + CASE WHEN r.r < 0.75 / 0.9 THEN random() * interval '14 days'
                           ELSE interval '16 days' + random() * interval '45 days' END
FROM bench_dataset d
CROSS JOIN LATERAL generate_series(timestamptz '2025-10-01 00:00+07', timestamptz '2026-10-01 00:00+07',
    CASE d.frequency WHEN 'monthly' THEN interval '1 month' WHEN 'weekly' THEN interval '7 days'
                     WHEN 'semiannual' THEN interval '6 months' WHEN 'annual' THEN interval '12 months'
                     ELSE interval '3 months' END) AS s(period_end)
CROSS JOIN LATERAL (SELECT random() AS r, d.id AS k) r
WHERE d.frequency NOT IN ('irregular', 'never') AND random() < 0.9
"""


def generate(engine: sa.engine.Engine, agencies: int, datasets: int) -> dict[str, int]:
    with engine.begin() as connection:
        for statement in filter(str.strip, GENERATE.split(";\n")):
            connection.execute(sa.text(statement), {"agencies": agencies, "datasets": datasets})
        counts = {table: connection.execute(sa.text(f'SELECT count(*) FROM {table}')).scalar()
                  for table in ('"group"', "package", "package_extra", "huequality_update_event")}
    # What autovacuum does on a live database: statistics and the visibility map (index-only scans).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))
    return counts


REPORT_PATH = "ckanext-huequality/ckanext/huequality/deadlines/logic/report.py"


def baseline_report_module(revision: str):
    """The report module as it was at ``revision``, loaded beside the current one."""
    source = subprocess.run(["git", "-C", ROOT, "show", f"{revision}:{REPORT_PATH}"], check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("ckanext.huequality.deadlines.logic.report_baseline", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "ckanext.huequality.deadlines.logic"
    sys.modules[spec.name] = module  # dataclasses look their module up there
    exec(compile(source, f"{revision}:{REPORT_PATH}", "exec"), module.__dict__)  # noqa: S102 (our own file)
    return module


def figures(timings: list[float]) -> str:
    return (f"min {min(timings) * 1000:7.1f}  median {statistics.median(timings) * 1000:7.1f}  "
            f"max {max(timings) * 1000:7.1f} ms")


def compare(engine: sa.engine.Engine, baseline, period_key: str, now: dt.datetime, runs: int,
            organization: str | None = None) -> tuple[list[float], list[float], object]:
    """Baseline and current, interleaved (one run of each in turn), same connection, same inputs."""
    from ckanext.huequality.deadlines.logic import report as current
    from ckanext.huequality.deadlines.schedule import DeadlineRule
    from ckanext.huequality.periods import parse_period

    period, before, after = parse_period(period_key), [], []
    with engine.connect() as connection:
        old = baseline.compliance_report(period, now, organization, connection=connection, rule=DeadlineRule())
        new = current.compliance_report(period, now, organization, connection=connection, rule=DeadlineRule())
        if old.as_dict() | {"generated_at": ""} != new.as_dict() | {"generated_at": ""}:
            sys.exit(f"{period_key}: the baseline and the current report disagree")
        for _ in range(runs):
            for side, module in ((before, baseline), (after, current)):
                start = time.perf_counter()
                module.compliance_report(period, now, organization, connection=connection, rule=DeadlineRule())
                side.append(time.perf_counter() - start)
    return before, after, new


def dashboard(engine: sa.engine.Engine, report_function, now: dt.datetime, runs: int,
              before_each=None) -> list[float]:
    """What /deadlines/ computes: the previous quarter and the 7 before it (the chart)."""
    from ckanext.huequality.deadlines.schedule import DeadlineRule
    from ckanext.huequality.periods import local_day, period_containing, previous_period

    timings = []
    with engine.connect() as connection:
        for _ in range(runs):
            if before_each:
                before_each()
            start = time.perf_counter()
            period = previous_period(period_containing("quarterly", local_day(now)))
            for _quarter in range(8):
                report_function(period, now, None, connection=connection, rule=DeadlineRule())
                period = previous_period(period)
            timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--datasets", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", default="77f1b7e", help="git revision of the baseline report module")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    name = f"huequality_bench_{os.getpid()}"
    url = DB_URL.format(name)
    as_postgres("psql", "-qc", f"CREATE DATABASE {name} OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0")
    engine = sa.create_engine(url)
    try:
        started = time.perf_counter()
        build_schema(url)
        counts = generate(engine, args.agencies, args.datasets)
        print(f"database {name}: {counts} (built in {time.perf_counter() - started:.1f} s)")
        now = dt.datetime(2026, 10, 20, 3, 0, tzinfo=dt.timezone.utc)
        baseline = baseline_report_module(args.baseline)
        print(f"report SQL, baseline {args.baseline} vs this checkout, {args.runs} runs each, interleaved:")
        for label, key, org in (("city, quarter 2026-Q3", "2026-Q3", None),
                                ("city, half-year 2026-H1", "2026-H1", None),
                                ("city, year 2025 (as of 20 Oct 26)", "2025", None),
                                ("city, year 2026 (as of 20 Oct 26)", "2026", None),
                                ("one agency, 2026-Q3", "2026-Q3", "org-7")):
            before, after, report = compare(engine, baseline, key, now, args.runs, org)
            city = report.city  # type: ignore[attr-defined]
            print(f"  {label:32s} before {figures(before)} | after {figures(after)} | "
                  f"x{statistics.median(before) / statistics.median(after):.1f} | "
                  f"required {city.datasets_required}, on time {city.on_time}, late {city.late}, "
                  f"overdue {city.overdue}, pending {city.pending}")

        import redis as redis_client

        from ckanext.huequality.deadlines.logic import report as current
        from ckanext.huequality.deadlines.logic import report_cache

        cache = redis_client.Redis.from_url(args.redis)
        site = f"bench-{os.getpid()}"

        def cached(period, now_, org, connection, rule):
            return report_cache.report(period, now_, org, connection=connection, rule=rule, redis=cache,
                                       site_id=site, seconds=600)

        page_inputs: dict[str, str] = {}

        def cached_per_page(period, now_, org, connection, rule):
            """As on /deadlines/: one fingerprint per page (the first report of the page computes it)."""
            if period.key == first_quarter:
                page_inputs["now"] = report_cache.agency_fingerprints(connection, now_)
            return report_cache.report(period, now_, org, connection=connection, rule=rule, redis=cache,
                                       site_id=site, seconds=600, inputs=page_inputs["now"])

        def forget():
            for key in cache.scan_iter(match=f"huequality:deadline-report:{site}:*"):
                cache.delete(key)

        def uncached_with(module):
            return lambda period, now_, org, connection, rule: module.compliance_report(
                period, now_, org, connection=connection, rule=rule).as_dict()

        from ckanext.huequality.periods import local_day, period_containing, previous_period

        first_quarter = previous_period(period_containing("quarterly", local_day(now))).key
        print(f"city dashboard (8 quarters), {args.runs} runs each:")
        rows = (("baseline SQL, no cache", uncached_with(baseline), None),
                ("current SQL, no cache", uncached_with(current), None),
                ("current SQL, cold cache", cached, forget),
                ("current SQL, warm cache", cached, None),
                ("warm cache, 1 fingerprint/page", cached_per_page, None))
        written = [0]

        def one_agency_writes():
            """A clerk's update in one agency (a new update event, committed) before the page."""
            written[0] += 1
            with engine.begin() as connection:
                connection.execute(sa.text(
                    "INSERT INTO huequality_update_event (package_id, owner_org, kind, occurred_at) "
                    "VALUES ('pkg-7', 'org-8', 'resource_changed', :at)"),
                    {"at": now - dt.timedelta(minutes=written[0])})

        rows += (("after a write in one agency", cached_per_page, one_agency_writes),
                 ("warm again", cached_per_page, None))
        for label, function, before_each in rows:
            print(f"  {label:32s} {figures(dashboard(engine, function, now, args.runs, before_each))}")
        with engine.connect() as connection:
            timings = []
            for _ in range(args.runs):
                start = time.perf_counter()
                report_cache.agency_fingerprints(connection, now)
                timings.append(time.perf_counter() - start)
        print(f"  {'(of which: agency fingerprints)':32s} {figures(timings)}")
        forget()
    finally:
        engine.dispose()
        if not args.keep:
            as_postgres("psql", "-qc", f"DROP DATABASE IF EXISTS {name}")


if __name__ == "__main__":
    main()
