"""Fixtures of ckanext-huequality's tests."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import ckan.model as model
import pytest
from ckan.lib import jobs
from ckan.tests import factories

from ckanext.huequality.deadlines.logic.updates import record_event
from ckanext.huequality.periods import TIMEZONE

PLUGINS = "huequality huesearch"


def hue(y: int, m: int, d: int, h: int = 12, mi: int = 0) -> dt.datetime:
    """An instant given in Huế local time, as UTC (the way it is stored)."""
    return dt.datetime(y, m, d, h, mi, tzinfo=TIMEZONE).astimezone(dt.timezone.utc)


@pytest.fixture
def run_jobs() -> Callable[[], int]:
    """Runs the queued background jobs in this process (the real Redis queue, no worker fork)."""
    queue = jobs.get_queue()
    queue.empty()

    def run() -> int:
        done = 0
        for job_id in list(queue.job_ids):
            job = queue.fetch_job(job_id)
            queue.remove(job_id)
            if job is not None:
                job.perform()
                done += 1
        model.Session.remove()
        return done

    return run


@pytest.fixture
def csv_upload(create_with_upload):
    """Create a CSV resource on a dataset from text (a real upload in ckan.storage_path)."""

    def make(package_id: str, text: str, name: str = "data.csv", **extra):
        return create_with_upload(text.encode("utf-8"), name, package_id=package_id, format="CSV", name=name, **extra)

    return make


@pytest.fixture
def backdate() -> Callable[[str, dt.datetime], None]:
    """Moves a dataset's creation into the past (creation decides which periods are due)."""

    def move(package_id: str, when: dt.datetime) -> None:
        model.Session.execute(
            model.package_table.update()
            .where(model.package_table.c.id == package_id)
            .values(metadata_created=when.astimezone(dt.timezone.utc).replace(tzinfo=None))
        )
        model.Session.commit()
        model.Session.expire_all()  # CKAN's session keeps loaded objects after commit

    return move


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.server.bodies.get(self.path)  # type: ignore[attr-defined]
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def file_server() -> Iterator[Any]:
    """An HTTP server on 127.0.0.1 serving ``server.bodies[path]``; change a body to change the data."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.bodies = {}  # type: ignore[attr-defined]
    server.url = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def frozen_now(monkeypatch) -> Callable[[dt.datetime], None]:
    """Sets the extension's clock (pages and commands read it; actions also take it from the context)."""
    from ckanext.huequality import clock

    def freeze(moment: dt.datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    return freeze


def updated(package_id, *moments, kind="harvest"):
    for moment in moments:
        record_event(package_id, kind, moment)
    model.Session.commit()


@pytest.fixture
def city(backdate: Callable[[str, dt.datetime], None]) -> dict[str, Any]:
    """Two agencies with datasets in every Q1 2026 situation (see each line)."""
    a = factories.Organization(name="so-tnmt", title="Sở Tài nguyên và Môi trường")
    b = factories.Organization(name="ubnd-phu-hoi", title="UBND phường Phú Hội")
    factories.Organization(name="so-moi", title="Sở chưa có dữ liệu")

    def dataset(org, name, created, frequency=None):
        extras = [{"key": "update_frequency", "value": frequency}] if frequency else []
        pkg = factories.Dataset(owner_org=org["id"], name=name, extras=extras)
        backdate(pkg["id"], created)
        return pkg["id"]

    ids = {
        "on_time": dataset(a, "a-on-time", hue(2025, 6, 1)),
        "late": dataset(a, "a-late", hue(2025, 6, 1), "quarterly"),
        "overdue": dataset(a, "a-overdue", hue(2025, 6, 1)),
        "confirmed": dataset(a, "a-confirmed", hue(2025, 6, 1)),
        "irregular": dataset(a, "a-irregular", hue(2025, 6, 1), "irregular"),
        "new_in_q1": dataset(a, "a-new-in-q1", hue(2026, 2, 10)),
        "new_in_q2": dataset(a, "a-new-in-q2", hue(2026, 4, 5)),
        "monthly": dataset(b, "b-monthly", hue(2025, 6, 1), "monthly"),
        "b_on_time": dataset(b, "b-on-time", hue(2025, 6, 1), "nonsense-defaults-to-quarterly"),
    }
    updated(ids["on_time"], hue(2026, 4, 10))
    updated(ids["late"], hue(2026, 4, 20))
    updated(ids["confirmed"], hue(2026, 4, 2), kind="no_change")
    updated(ids["new_in_q1"], hue(2026, 4, 1, 8))
    updated(ids["new_in_q2"], hue(2026, 4, 6))
    # January met on 3 February, February late on 20 March, March never met (due 15 April).
    updated(ids["monthly"], hue(2026, 2, 3), hue(2026, 3, 20))
    updated(ids["b_on_time"], hue(2026, 4, 15, 23, 30))
    return {"a": a, "b": b, "ids": ids}


_LOGGING = """
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


@pytest.fixture
def ckan_command(ckan_config: Any, tmp_path: Any) -> Callable[..., list[str]]:
    """The ``ckan`` command line as cron runs it: own process, the test ini plus this plugin."""

    def command(*settings: str) -> list[str]:
        ini = tmp_path / "cron.ini"
        ini.write_text(
            f"[app:main]\nuse = config:{ckan_config['__file__']}\nckan.plugins = {PLUGINS}\n"
            + "".join(f"{line}\n" for line in settings)
            + _LOGGING
        )
        return [os.path.join(os.path.dirname(sys.executable), "ckan"), "-c", str(ini)]

    return command
