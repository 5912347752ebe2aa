#!/usr/bin/env bash
# Serves the portal on http://127.0.0.1:5000 with its background workers; Ctrl-C stops them all.
set -euo pipefail
INI=${CKAN_INI:-config/ckan.ini}
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

# CKAN background jobs (quality recomputation and other queued work)
start jobs-worker "$BIN/ckan" -c "$INI" jobs worker
# Harvest consumers, only when the harvest plugin is enabled
if grep -Eq '^ckan\.plugins.*\bharvest\b' "$INI"; then
  start harvest-gather "$BIN/ckan" -c "$INI" harvester gather-consumer
  start harvest-fetch "$BIN/ckan" -c "$INI" harvester fetch-consumer
  # Starts scheduled jobs, marks finished (or timed-out) jobs Finished: every 5 minutes.
  start harvest-run bash -c "while true; do '$BIN/ckan' -c '$INI' harvester run; sleep 300; done"
fi
echo "run-portal: serving http://127.0.0.1:5000 (${HUE_SERVER:-dev} server)"
CKAN_INI="$INI" HOST=127.0.0.1 PORT=5000 bash "$(dirname "$0")/serve-web.sh"
