"""Nothing secret is committed in docker/ or config/: every password, key and token comes from the
environment or a secret file. config/ckan.ini is the local development config: its only allowed
values are the throw-away ones of scripts/bootstrap-db.sh (`pass`) and `dev-only-*` keys."""
from __future__ import annotations

import re
import subprocess

from conftest import ROOT

SECRET_NAME = re.compile(r"(password|passwd|secret|token|private_key|api_key|SECRET_KEY)", re.IGNORECASE)
ASSIGNMENT = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.\-]+)\s*[=:]\s*(?P<value>.*?)\s*$")
URL_CREDENTIALS = re.compile(r"://[^/\s:@$]+:(?P<password>[^@\s]+)@")
LONG_RANDOM = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9+/_\-]{24,}={0,2}(?![A-Za-z0-9])")
DEV_ALLOWED = re.compile(r"^(string:)?dev-only-[a-z-]+$|^pass$")
# references, not values: placeholders, paths of secret files, compose names and anchors, flags, numbers
REFERENCE = re.compile(r"^(string:)?(\$\{[A-Z0-9_:|\-]*[^}]*\}|\.?/[\w./\-]+|\[[a-z_, ]*\]|[&*][\w\-]+|true|false|\d+|)$")
SHELL_SUFFIXES = (".sh",)  # shell scripts compute values; their assignments are not literals


def random_looking(token: str) -> bool:
    """Keys and passwords mix many digits with letters; identifiers and paths do not."""
    return sum(c.isdigit() for c in token) >= 6 and sum(c.isalpha() for c in token) >= 6


def committed_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "docker", "config"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return [name for name in result.stdout.split() if not name.endswith(".xml")]


def findings(name: str, text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith(("#", ";", "<!--")) or "SHA1SUM" in line:
            continue
        allowed = DEV_ALLOWED if name == "config/ckan.ini" else None
        for match in URL_CREDENTIALS.finditer(line):
            password = match["password"]
            if not password.startswith("${") and not (allowed and allowed.match(password)):
                found.append(f"{name}:{number}: password inside a URL")
        assignment = ASSIGNMENT.match(line)
        if assignment and not name.endswith(SHELL_SUFFIXES) and SECRET_NAME.search(assignment["key"]) and not assignment["key"].endswith("_FILE"):
            value = assignment["value"].strip("\"'")
            if not REFERENCE.match(value) and not (allowed and allowed.match(value)):
                found.append(f"{name}:{number}: {assignment['key']} has a literal value")
        if any(random_looking(m) for m in LONG_RANDOM.findall(line)):
            found.append(f"{name}:{number}: long random-looking string")
        if "PRIVATE KEY-----" in line:
            found.append(f"{name}:{number}: private key")
    return found


def test_no_password_key_or_token_is_committed_in_docker_or_config():
    files = committed_files()
    assert "docker/docker-compose.yml" in files and "config/production.ini" in files
    problems = [problem for name in files for problem in findings(name, (ROOT / name).read_text(encoding="utf-8"))]
    assert problems == []


def test_the_scan_catches_what_it_is_meant_to_catch():
    leaked = (
        "SECRET_KEY = 9f8e7d6c5b4a\n"
        "sqlalchemy.url = postgresql://ckan:hunter2@db/ckan\n"
        "ckanext.huesso.client_secret: abc\n"
        "token = 3q2+7w8fZ9xYkLmNpQrStUvWxYz0123456789ab\n"
        "HUESSO_CLIENT_ID: 8f14e45fceea167a5a36dedd4bea2543\n"
        "-----BEGIN RSA PRIVATE KEY-----\n")
    assert len(findings("docker/leak.ini", leaked)) == 7
    safe = ("SECRET_KEY = ${CKAN_SECRET_KEY}\n"
            "sqlalchemy.url = postgresql://ckan:${CKAN_DB_PASSWORD|url}@db/ckan\n"
            "CKAN_DB_PASSWORD_FILE: /run/secrets/ckan_db_password\n"
            "secrets: [postgres_password]\n")
    assert findings("docker/ok.ini", safe) == []
    assert findings("config/production.ini", "SECRET_KEY = dev-only-secret-key-change-me\n") != []


def test_secret_files_and_local_env_are_ignored_by_git():
    result = subprocess.run(["git", "check-ignore", "docker/secrets/ckan_db_password", "docker/.env",
                             "docker/backups/x", "docker/tls/privkey.pem"], cwd=ROOT, capture_output=True, text=True)
    assert len(result.stdout.split()) == 4
