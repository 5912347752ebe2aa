"""Starting and stopping the portal's web server for the benchmarks (``scripts/serve-web.sh``)."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def start_server(name: str, kind: str, port: int, env: dict[str, str], *, processes: int = 4,
                 pythonpath: str | None = None, timeout: float = 180) -> subprocess.Popen:
    """``kind`` "uwsgi" (the production server) or "dev" (CKAN's development server) on
    127.0.0.1:``port``, in its own process group; returns once ``status_show`` answers. Log:
    var/bench-``name``.log."""
    server_env = {**os.environ, **env, "HUE_SERVER": kind, "PORT": str(port), "HOST": "127.0.0.1",
                  "UWSGI_PROCESSES": str(processes), "CKAN_SITE_URL": f"http://127.0.0.1:{port}"}
    if pythonpath:
        server_env["PYTHONPATH"] = pythonpath
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / f"bench-{name}.log", "w")  # noqa: SIM115 (the process owns it)
    process = subprocess.Popen(["bash", "scripts/serve-web.sh"], cwd=ROOT, env=server_env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=30).ok:
                return process
        except requests.RequestException:
            time.sleep(0.5)
    stop_server(process)
    raise SystemExit(f"{name} did not start; see var/bench-{name}.log")


def stop_server(process: subprocess.Popen) -> None:
    """Stops the server's whole process group (uWSGI's workers included)."""
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=20)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=20)
