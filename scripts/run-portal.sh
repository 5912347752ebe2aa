#!/usr/bin/env bash
# Serves the portal on http://127.0.0.1:5000 with its background workers and a demo VNeID
# (http://127.0.0.1:5556, HUE_DEMO_VNEID_PORT; HUE_DEMO_VNEID=0 leaves it out); Ctrl-C stops them all.
set -euo pipefail
INI=${CKAN_INI:-config/ckan.ini}
BASE_INI=$INI
BIN=${VENV:-.venv}/bin
mkdir -p var/log
pids=()
start() {  # name command...
  local name=$1; shift
  "$@" >"var/log/$name.log" 2>&1 &
  pids+=($!)
  echo "run-portal: $name started (pid $!, log var/log/$name.log)"
}
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# Local SSO: the demo provider, and the portal pointed at it through a generated ini that `use`s $INI
if [ "${HUE_DEMO_VNEID:-1}" != 0 ]; then
  start demo-vneid "$BIN/python" -m ckanext.huesso.demo_vneid serve
  "$BIN/python" -m ckanext.huesso.demo_vneid ini "$INI" var/run-local.ini
  INI=var/run-local.ini
fi

# CKAN background jobs (quality recomputation and other queued work)
start jobs-worker "$BIN/ckan" -c "$INI" jobs worker
# Harvest consumers, only when the harvest plugin is enabled
if grep -Eq '^ckan\.plugins.*\bharvest\b' "$BASE_INI"; then
  start harvest-gather "$BIN/ckan" -c "$INI" harvester gather-consumer
  start harvest-fetch "$BIN/ckan" -c "$INI" harvester fetch-consumer
  # Starts scheduled jobs, marks finished (or timed-out) jobs Finished: every 5 minutes.
  start harvest-run bash -c "while true; do '$BIN/ckan' -c '$INI' harvester run; sleep 300; done"
fi
echo "run-portal: serving http://127.0.0.1:5000 (${HUE_SERVER:-dev} server)"
CKAN_INI="$INI" HOST=127.0.0.1 PORT=5000 bash "$(dirname "$0")/serve-web.sh"
