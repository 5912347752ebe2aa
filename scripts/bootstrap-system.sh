#!/usr/bin/env bash
# Installs and starts what the suite needs from Debian: PostgreSQL, Redis, build tools.
# Idempotent: installs only what is missing, starts only what is not running, never uses systemd.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# command -> Debian package that provides it
declare -A WANTED=(
  [pg_ctlcluster]=postgresql
  [redis-server]=redis-server
  [redis-cli]=redis-tools
  [pg_config]=libpq-dev
  [gcc]=build-essential
  [docker-compose]=docker-compose
  [shellcheck]=shellcheck
  [chromium]=chromium
  [chromedriver]=chromium-driver
)
missing=()
for cmd in "${!WANTED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${WANTED[$cmd]}")
done
# headers and venv support for the Python that builds the virtualenv
PY=${PYTHON:-python3}
"$PY" -c "import venv, ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
[ -e "$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ] || missing+=(python3-dev)
dpkg -s libmagic1 >/dev/null 2>&1 || missing+=(libmagic1)
dpkg -s postgresql-contrib >/dev/null 2>&1 || missing+=(postgresql-contrib)

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL: start every cluster that is down (a fresh install creates one; without systemd it is not started).
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  $SUDO pg_createcluster "$ver" main >/dev/null
fi
pg_lsclusters -h | while read -r ver cluster port status _; do
  if [ "$status" != "online" ]; then
    echo "bootstrap: starting PostgreSQL $ver/$cluster"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" start
  fi
done
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
pg_isready -h 127.0.0.1

# Redis
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "bootstrap: starting Redis"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/hue-ckan.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -h 127.0.0.1 ping >/dev/null
