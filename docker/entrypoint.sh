#!/usr/bin/env bash
# Entrypoint of the Huế portal image. One image, one role per container:
#   prestart   wait for PostgreSQL (and Solr), build the ini, `ckan db init`, DataStore permissions; exit
#   web        build the ini, serve CKAN with uWSGI on :5000
#   worker     `ckan jobs worker` (background jobs: quality scoring, e-mails)
#   gather     `ckan harvester gather-consumer`
#   fetch      `ckan harvester fetch-consumer`
#   scheduler  supercronic running docker/crontab (harvest runs, reminders, quality)
#   ini        build the ini only (used by the tests)
#   health X   health check of a worker container: PID 1 runs X and Redis answers
#   anything else is run as a command after the ini is built, e.g. `ckan sysadmin add admin`
set -euo pipefail

APP_DIR=${APP_DIR:-/srv/app}
HUE_DIR=${HUE_DIR:-$APP_DIR/hue}
TEMPLATE=${CKAN_INI_TEMPLATE:-$HUE_DIR/config/production.ini}
export CKAN_INI=${CKAN_INI:-$APP_DIR/ckan.ini}
PYTHON=${PYTHON:-python3}

log() { echo "entrypoint: $*" >&2; }

# Variables given as NAME_FILE (Docker secrets) are exported as NAME, so that CKAN's own
# CKAN_* overrides (CKAN_SMTP_PASSWORD, ...) work with secret files too. Only the suite's own
# prefixes: other *_FILE variables (SSL_CERT_FILE, ...) name files that are not secrets.
SECRET_PREFIXES='^(CKAN|CKANEXT|POSTGRES|DATASTORE|HUESSO|HUEDATA|HUE|LGSP)_[A-Z0-9_]*_FILE$'
load_secret_files() {
  local var name
  while IFS= read -r var; do
    name=${var%_FILE}
    if [ -z "${!name:-}" ] && [ -r "${!var}" ]; then
      export "$name=$(cat "${!var}")"
    fi
  done < <(compgen -e | grep -E "$SECRET_PREFIXES" || true)
}

# One setting picks the search engine: CKAN_SEARCH_BACKEND=huesearch (PostgreSQL) or solr.
choose_search_backend() {
  case "${CKAN_SEARCH_BACKEND:-huesearch}" in
    huesearch) export CKAN_SEARCH_PLUGIN=huesearch ;;
    solr) export CKAN_SEARCH_PLUGIN="" ;;
    *) log "CKAN_SEARCH_BACKEND phải là huesearch hoặc solr / must be huesearch or solr (got '${CKAN_SEARCH_BACKEND}')"
       exit 64 ;;
  esac
}

build_ini() {
  choose_search_backend
  "$PYTHON" "$HUE_DIR/docker/build_ini.py" "$TEMPLATE" "$CKAN_INI"
}

wait_for() {  # description command...
  local what=$1; shift
  for _ in $(seq 1 "${WAIT_SECONDS:-120}"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  log "$what không sẵn sàng / did not become ready"
  exit 69
}

wait_for_services() {
  wait_for "PostgreSQL ${POSTGRES_HOST:-db}" pg_isready -q -h "${POSTGRES_HOST:-db}" -p "${POSTGRES_PORT:-5432}"
  if [ "${CKAN_SEARCH_BACKEND:-huesearch}" = solr ]; then
    wait_for "Solr" curl -fsS "${CKAN_SOLR_URL:-http://solr:8983/solr/ckan}/admin/ping"
  fi
}

prestart() {
  wait_for_services
  log "ckan db init (CKAN + plugin migrations)"
  ckan -c "$CKAN_INI" db init
  # `set-permissions` prints SQL that only a PostgreSQL superuser may run on the DataStore database.
  log "DataStore permissions"
  ckan -c "$CKAN_INI" datastore set-permissions |
    PGPASSWORD=${POSTGRES_PASSWORD:?POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE is required for prestart} \
      psql -v ON_ERROR_STOP=1 -q -h "${POSTGRES_HOST:-db}" -p "${POSTGRES_PORT:-5432}" \
        -U "${POSTGRES_USER:-postgres}" -d "${DATASTORE_DB:-datastore}" >/dev/null
  if [ "${CKAN_SEARCH_BACKEND:-huesearch}" = solr ] && [ "${CKAN_REBUILD_INDEX:-false}" = true ]; then
    ckan -c "$CKAN_INI" search-index rebuild
  fi
  log "prestart done"
}

# Workers have no HTTP port: healthy when PID 1 is the expected program and Redis answers.
health() {  # expected word of PID 1's command line
  tr '\0' ' ' </proc/1/cmdline | grep -q -- "$1" || { log "PID 1 is not $1"; return 1; }
  "$PYTHON" -c 'import os, redis; redis.Redis.from_url(os.environ.get("CKAN_REDIS_URL", "redis://redis:6379/0"), socket_timeout=5).ping()'
}

main() {
  local role=${1:-web}
  [ $# -gt 0 ] && shift
  load_secret_files
  case "$role" in
    ini) build_ini ;;
    health) health "${1:?health needs the expected program}" ;;
    prestart) build_ini; prestart ;;
    web)
      build_ini; wait_for_services
      # the page scripts' translations (/api/i18n/<lang>): `ckan run` builds them, uWSGI does not
      ckan -c "$CKAN_INI" translation js >/dev/null
      exec uwsgi --http "[::]:5000" --wsgi-file "$APP_DIR/wsgi.py" --module wsgi:application \
        --master --enable-threads --lazy-apps --die-on-term --vacuum -b 32768 --http-keepalive \
        --processes "${UWSGI_PROCESSES:-4}" --harakiri "${UWSGI_HARAKIRI:-60}" "$@" ;;
    worker) build_ini; wait_for_services; exec ckan -c "$CKAN_INI" jobs worker "$@" ;;
    gather) build_ini; wait_for_services; exec ckan -c "$CKAN_INI" harvester gather-consumer ;;
    fetch) build_ini; wait_for_services; exec ckan -c "$CKAN_INI" harvester fetch-consumer ;;
    scheduler) build_ini; wait_for_services; exec supercronic -passthrough-logs "$HUE_DIR/docker/crontab" ;;
    *) build_ini; exec "$role" "$@" ;;
  esac
}

# Sourcing the file (the tests do) defines the functions without running anything.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
