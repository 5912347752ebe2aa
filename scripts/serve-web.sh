#!/usr/bin/env bash
# Serves the CKAN web application on HOST:PORT.
#   HUE_SERVER=dev    CKAN's development server (one process, one request at a time per thread)
#   HUE_SERVER=uwsgi  uWSGI with UWSGI_PROCESSES workers, the options of the production image
#                     (docker/entrypoint.sh `web`): what `make serve` runs
set -euo pipefail
INI=${CKAN_INI:-config/ckan.ini}
VENV=${VENV:-.venv}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
case "${HUE_SERVER:-dev}" in
  dev)
    exec "$VENV/bin/ckan" -c "$INI" run -H "$HOST" -p "$PORT" -r -D ;;
  uwsgi)
    # `ckan run` builds the JavaScript modules' translations (/api/i18n/<lang>) on start; uWSGI does
    # not: without this every string of the page scripts stays English.
    "$VENV/bin/ckan" -c "$INI" translation js >/dev/null
    CKAN_INI=$(realpath "$INI") exec "$VENV/bin/uwsgi" --virtualenv "$VENV" --http "$HOST:$PORT" \
      --wsgi-file "$(dirname "$0")/wsgi.py" --master --enable-threads --lazy-apps --die-on-term --vacuum \
      -b 32768 --http-keepalive --processes "${UWSGI_PROCESSES:-4}" --harakiri "${UWSGI_HARAKIRI:-60}" \
      --disable-logging --log-4xx --log-5xx ;;
  *)
    echo "HUE_SERVER must be dev or uwsgi" >&2; exit 64 ;;
esac
