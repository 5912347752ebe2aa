"""The portal as it ships, run from outside: a pytest plugin for every test folder.

A test that says "the portal does X" must run the portal with the exact plugin list and
settings of ``config/ckan.ini``, over HTTP, with real clients. This module starts such
portals: each instance is the production WSGI server (uWSGI, two processes; ``ckan run``
with HUE_TEST_SERVER=dev) on a free loopback port, with a generated ini of a
few lines that ``use = config:config/ckan.ini`` and overrides only what must differ for a
test (database URLs, Redis, site id/url, storage folder, mail server) plus the overrides
a test names explicitly. :data:`ALLOWED_OVERRIDES` lists the keys a test may override;
anything else (the plugin list, the guards) is what ships.

Fixtures:
- ``portal_factory(name, ..., owner=request)``: starts a named instance with its own
  databases, e.g. a second portal that harvests the first;
- ``shipped_portal``: the instance named "main";
- ``portal_mailbox``: a real SMTP server every instance delivers to.

The "main" instance lives for the whole session (starting one costs ~20 s): tests create their
own agencies, users and datasets with unique names and never assume an empty catalogue. Any
other instance is started with ``owner=request`` and stops when that fixture's scope ends: each
idle instance keeps ~10 database connections, and a dozen kept to the end of the run exhausted
PostgreSQL's default 100 (the last folders' tests then failed to connect).
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_INI = ROOT / "config" / "ckan.ini"
CKAN = str(Path(sys.executable).with_name("ckan"))
RUN_DIR = ROOT / "var" / "test-portals"
# A password that passes the city's local password policy (huesso).
PASSWORD = "Hue-Portal-2026!"

# Keys a test may set on top of config/ckan.ini. Each one is a deployment setting that
# differs by machine (hosts, folders, allow-lists of internal hosts), never a guard or a
# plugin list: the security of what ships is what the tests measure.
ALLOWED_OVERRIDES = frozenset({
    "ckanext.huedata.outbound.allowed_hosts",   # the LGSP gateway / agency APIs on loopback
    "ckanext.huedata.lgsp.secret.*",            # harvest secrets resolved by name
    "ckanext.huedata.lgsp.request_timeout", "ckanext.huedata.lgsp.backoff",
    "ckanext.huedata.lgsp.retry_after_max", "ckanext.huedata.lgsp.max_retries",
    "ckanext.huesso.*",                          # the SSO provider's address and client
    "ckan.harvest.timeout",
})


def _allowed(key: str) -> bool:
    return any(key == pattern or (pattern.endswith("*") and key.startswith(pattern[:-1]))
               for pattern in ALLOWED_OVERRIDES)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    """Runs a command as the postgres OS user (peer authentication on the local socket)."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    else:
        args = ["sudo", "-n", "-u", "postgres", *args]
    return subprocess.run(args, capture_output=True, text=True, check=False, input=stdin)


def _psql(sql: str, database: str = "postgres") -> None:
    result = as_postgres(["psql", "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql])
    if result.returncode:
        raise RuntimeError(f"psql failed: {result.stderr}")


def _db_prefix() -> str:
    # Derived from the test database of this run, so that parallel runs (make test with
    # another TEST_DB) never share a portal's databases.
    url = os.environ.get("CKAN_SQLALCHEMY_URL", "postgresql:///ckan_hue_test")
    return url.rsplit("/", 1)[-1].split("?")[0]


# --- mail -------------------------------------------------------------------------------

@dataclass
class Mailbox:
    """Messages a real SMTP server (aiosmtpd) received, for every portal instance."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address in m["X-Envelope-To"]]

    def wait_for(self, address: str, count: int = 1, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"{address} received {len(self.to(address))} messages, expected {count}")


@pytest.fixture(scope="session")
def portal_mailbox() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
        asyncio.set_event_loop(asyncio.new_event_loop())


# --- portal instances ---------------------------------------------------------------------

@dataclass
class Portal:
    """One running portal built from config/ckan.ini, reached over HTTP."""

    name: str
    port: int
    ini: Path
    ckan_db: str
    datastore_db: str
    storage: Path
    log: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    sysadmin: str = "hue-admin"
    sysadmin_token: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- commands
    def ckan(self, *args: str, check: bool = True, timeout: float = 300,
             stdin: str | None = None) -> subprocess.CompletedProcess:
        """Runs a ``ckan`` command against this instance (about 3 s of start-up each)."""
        result = subprocess.run([CKAN, "-c", str(self.ini), *args], capture_output=True, text=True,
                                cwd=ROOT, env=_clean_env(), timeout=timeout, check=False, input=stdin)
        if check and result.returncode:
            raise RuntimeError(f"ckan {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    # -- clients
    def api(self, token: str | None = None) -> Any:
        """A ckanapi client; anonymous unless a token is given."""
        from ckanapi import RemoteCKAN

        return RemoteCKAN(self.url, apikey=token, user_agent="hue-tests/1.0")

    def admin(self) -> Any:
        return self.api(self.sysadmin_token)

    def action(self, name: str, token: str | None = None, method: str = "POST",
               **data: Any) -> requests.Response:
        """A raw Action API call (the response is returned whatever its status)."""
        headers = {"Authorization": token} if token else {}
        if method == "GET":
            return requests.get(f"{self.url}/api/3/action/{name}", params=data, headers=headers, timeout=60)
        return requests.post(f"{self.url}/api/3/action/{name}", json=data, headers=headers, timeout=60)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 60)
        return requests.get(self.url + path, **kwargs)

    # -- people and agencies
    def create_user(self, name: str | None = None, *, sysadmin: bool = False,
                    password: str = PASSWORD, **extra: Any) -> dict[str, Any]:
        """A local user with an API token: ``{"name", "id", "token", "password", "email"}``."""
        name = name or f"user-{secrets.token_hex(4)}"
        admin = self.admin()
        user = admin.action.user_create(name=name, email=f"{name}@example.org", password=password, **extra)
        if sysadmin:
            admin.action.user_patch(id=user["id"], sysadmin=True)
        token = admin.action.api_token_create(user=name, name="tests")["token"]
        return {"name": name, "id": user["id"], "token": token, "password": password,
                "email": f"{name}@example.org"}

    def create_agency(self, name: str | None = None, **fields: Any) -> dict[str, Any]:
        name = name or f"agency-{secrets.token_hex(4)}"
        fields.setdefault("title", f"Cơ quan {name}")
        return self.admin().action.organization_create(name=name, **fields)

    def add_member(self, agency: str, user: str, role: str = "editor") -> None:
        self.admin().action.organization_member_create(id=agency, username=user, role=role)

    def login(self, user: dict[str, Any]) -> requests.Session:
        """A browser-like session logged in through the local login form (with its CSRF token)."""
        session = requests.Session()
        form = session.get(f"{self.url}/user/login", timeout=60)
        token = csrf_token(form.text)
        response = session.post(f"{self.url}/user/login", timeout=60, data={
            "login": user["name"], "password": user["password"], "_csrf_token": token})
        if "ckan" not in "".join(session.cookies.keys()) and response.status_code >= 400:
            raise RuntimeError(f"login of {user['name']} failed: {response.status_code}")
        return session

    # -- background processes
    def start_workers(self, *names: str) -> None:
        """Starts background processes by name: ``jobs`` (RQ worker), ``gather``, ``fetch``
        (harvest consumers). Idempotent."""
        commands = {
            "jobs": ["jobs", "worker"],
            "gather": ["harvester", "gather-consumer"],
            "fetch": ["harvester", "fetch-consumer"],
        }
        for name in names or tuple(commands):
            if name in self.processes and self.processes[name].poll() is None:
                continue
            log = open(self.log.with_name(f"{self.name}-{name}.log"), "a")  # noqa: SIM115 (the process owns it)
            self.processes[name] = subprocess.Popen([CKAN, "-c", str(self.ini), *commands[name]],
                                                    stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                                    env=_clean_env(), preexec_fn=_own_group_dying_with_parent)

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 60, interval: float = 0.5,
                   message: str = "condition") -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: {message} not met within {timeout} s")
            time.sleep(interval)

    def log_text(self) -> str:
        """Everything the instance's processes have logged so far."""
        return "".join(p.read_text(errors="replace") for p in sorted(self.log.parent.glob(f"{self.name}*.log")))

    def stop(self) -> None:
        """Stops every process of the instance with its children (each runs in its own process
        group). SIGINT, not SIGTERM: uWSGI treats SIGTERM as "reload" unless it has finished
        starting, and a reloading server keeps its database connections."""
        for process in self.processes.values():
            _signal_group(process, signal.SIGINT)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
            _signal_group(process, signal.SIGKILL)
            try:
                process.kill()  # the leader too, should it have left its group
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # A process in uninterruptible sleep outlives SIGKILL for a while: it must not
                # hold the test run (a CI run once spent its 600 s timeout here).
                print(f"{self.name}: process {process.pid} still alive after SIGKILL", file=sys.stderr)


def _own_group_dying_with_parent() -> None:
    """preexec_fn of every instance process: its own process group (stopped as a whole), and
    SIGINT when the test run dies without stopping it (Linux prctl PR_SET_PDEATHSIG)."""
    os.setsid()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGINT)
    except OSError:
        pass


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token"\s+value="([^"]+)"', html) or \
        re.search(r'value="([^"]+)"\s+name="_csrf_token"', html) or \
        re.search(r'<meta name="_csrf_token" content="([^"]+)"', html)
    if not match:
        raise AssertionError("the page carries no CSRF token")
    return match.group(1)


def _clean_env() -> dict[str, str]:
    # The instance reads its settings from its ini only: drop the test run's CKAN_* overrides.
    return {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}


def write_ini(path: Path, settings: dict[str, str]) -> None:
    lines = ["# Generated by tests/shipped_portal.py: config/ckan.ini with per-test deployment settings.",
             "[app:main]", f"use = config:{SHIPPED_INI}"]
    lines += [f"{key} = {value}" for key, value in settings.items()]
    # logging is configured from the file named on the command line only: copy the shipped one
    shipped = SHIPPED_INI.read_text(encoding="utf-8")
    lines.append(shipped[shipped.index("[loggers]"):])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def start_portal(name: str, mailbox: Mailbox, overrides: dict[str, str] | None = None) -> Portal:
    """Creates fresh databases, initialises them with the shipped plugins, starts ``ckan run``."""
    overrides = dict(overrides or {})
    refused = [key for key in overrides if not _allowed(key)]
    if refused:
        raise ValueError(f"tests may not override {refused}: test what ships")
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    prefix = _db_prefix()
    portal = Portal(name=name, port=free_port(), ini=RUN_DIR / f"{prefix}-{name}.ini",
                    ckan_db=f"{prefix}_portal_{name}", datastore_db=f"{prefix}_portal_{name}_ds",
                    storage=RUN_DIR / f"{prefix}-{name}-storage", log=RUN_DIR / f"{name}.log")
    for old in RUN_DIR.glob(f"{name}*.log"):
        old.unlink()
    redis_url = os.environ.get("CKAN_REDIS_URL", "redis://127.0.0.1:6379/1")
    write_ini(portal.ini, {
        "sqlalchemy.url": f"postgresql://ckan_default:pass@127.0.0.1/{portal.ckan_db}",
        "ckan.datastore.write_url": f"postgresql://ckan_default:pass@127.0.0.1/{portal.datastore_db}",
        "ckan.datastore.read_url": f"postgresql://datastore_default:pass@127.0.0.1/{portal.datastore_db}",
        "ckan.redis.url": redis_url,
        # the site id prefixes the job and harvest queues: instances sharing Redis never meet
        "ckan.site_id": f"{prefix}-{name}",
        "ckan.site_url": portal.url,
        "ckan.storage_path": str(portal.storage),
        "smtp.server": f"{mailbox.host}:{mailbox.port}",
        **overrides,
    })
    for database in (portal.ckan_db, portal.datastore_db):
        _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    subprocess.run(["rm", "-rf", str(portal.storage)], check=True)
    subprocess.run(["bash", str(ROOT / "scripts" / "bootstrap-db.sh"), portal.ckan_db, portal.datastore_db],
                   check=True, capture_output=True)
    portal.ckan("db", "init")
    permissions = portal.ckan("datastore", "set-permissions").stdout
    result = as_postgres(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", portal.datastore_db], stdin=permissions)
    if result.returncode:
        raise RuntimeError(result.stderr)
    portal.ckan("sysadmin", "add", portal.sysadmin, f"email={portal.sysadmin}@example.org",
                f"password={PASSWORD}", "name=" + portal.sysadmin, stdin="y\n")
    token = portal.ckan("user", "token", "add", portal.sysadmin, "tests").stdout.strip().splitlines()[-1]
    portal.sysadmin_token = token.strip()

    log = open(portal.log, "w")  # noqa: SIM115 (the process owns it)
    # The production server (uWSGI, two worker processes) unless HUE_TEST_SERVER=dev: state kept
    # in one process (caches, sessions) must hold across processes, as in production.
    env = {**_clean_env(), "CKAN_INI": str(portal.ini), "HOST": "127.0.0.1", "PORT": str(portal.port),
           "HUE_SERVER": os.environ.get("HUE_TEST_SERVER", "uwsgi"), "UWSGI_PROCESSES": "2",
           "VENV": str(Path(sys.executable).parent.parent)}
    portal.processes["web"] = subprocess.Popen(["bash", str(ROOT / "scripts" / "serve-web.sh")],
                                               stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
                                               preexec_fn=_own_group_dying_with_parent)
    deadline = time.monotonic() + 90
    while True:
        try:
            if requests.get(portal.url + "/api/3/action/status_show", timeout=5).ok:
                break
        except (requests.ConnectionError, requests.Timeout):  # a busy machine: the first answer may be slow
            pass
        if portal.processes["web"].poll() is not None or time.monotonic() > deadline:
            portal.stop()
            raise RuntimeError(f"portal {name} did not start:\n{portal.log.read_text()[-4000:]}")
        time.sleep(0.3)
    return portal


@pytest.fixture(scope="session")
def portal_factory(portal_mailbox: Mailbox) -> Iterator[Callable[..., Portal]]:
    """``portal_factory(name, overrides=None, owner=None)``: the running instance of that name,
    started on first use (same name and overrides: same instance). ``owner``: the ``request`` of
    the fixture or test that needs the instance; it stops when that scope ends (without one, at
    the end of the session)."""
    running: dict[str, tuple[dict[str, str], Portal]] = {}

    def release(name: str) -> None:
        if name in running:
            running.pop(name)[1].stop()

    def get(name: str = "main", overrides: dict[str, str] | None = None,
            owner: pytest.FixtureRequest | None = None) -> Portal:
        overrides = dict(overrides or {})
        if name in running:
            wanted, portal = running[name]
            if wanted != overrides:
                raise ValueError(f"portal {name!r} already runs with other overrides: use another name")
        else:
            portal = start_portal(name, portal_mailbox, overrides)
            running[name] = (overrides, portal)
        if owner is not None:
            owner.addfinalizer(lambda: release(name))
        return portal

    try:
        yield get
    finally:
        for name in list(running):
            release(name)


@pytest.fixture(scope="session")
def shipped_portal(portal_factory: Callable[..., Portal]) -> Portal:
    """The portal of config/ckan.ini, running for the whole session, with its background-job
    worker (``ckan jobs worker``, as scripts/run-portal.sh and the worker container run it):
    DataStore loads and quality scoring happen there."""
    portal = portal_factory("main")
    portal.start_workers("jobs")
    return portal


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one for the whole test run: Playwright's sync API
    runs an event loop of its own, so a second ``sync_playwright()`` while one is open fails."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
