"""Fixtures of ckanext-huequality's tests."""
from __future__ import annotations

import datetime as dt
import http.server
import threading
from typing import Any, Callable, Iterator

import pytest

import ckan.model as model
from ckan.lib import jobs

from ckanext.huequality.deadlines.schedule import TIMEZONE

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
def backdate() -> Callable[[str, dt.datetime], None]:
    """Moves a dataset's creation into the past (creation decides which periods are due)."""
    def move(package_id: str, when: dt.datetime) -> None:
        model.Session.execute(
            model.package_table.update().where(model.package_table.c.id == package_id)
            .values(metadata_created=when.astimezone(dt.timezone.utc).replace(tzinfo=None)))
        model.Session.commit()
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
