"""Fixtures for the tests that cross extensions."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def portal_server():
    """Starts `ckan run` (one process, no reloader) on a free loopback port; yields its base URL."""
    port = free_port()
    ckan = Path(sys.executable).with_name("ckan")
    log = open(ROOT / "var" / f"portal-test-{port}.log", "w") if (ROOT / "var").is_dir() else subprocess.DEVNULL
    process = subprocess.Popen(
        [str(ckan), "-c", os.environ.get("CKAN_INI", str(ROOT / "test.ini")), "run", "-H", "127.0.0.1",
         "-p", str(port), "-r", "-D"],
        stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ), cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/api/3/action/status_show", timeout=2)
                break
            except requests.ConnectionError:
                if process.poll() is not None:
                    raise RuntimeError("ckan run exited early")
                time.sleep(0.3)
        else:
            raise RuntimeError("ckan run did not answer within 60 s")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
