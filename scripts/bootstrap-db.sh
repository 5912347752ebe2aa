#!/usr/bin/env bash
# Creates the CKAN role and databases (main + DataStore, with a read-only DataStore role).
# Usage: bootstrap-db.sh <ckan_db> <datastore_db>   Idempotent.
set -euo pipefail
CKAN_DB=$1
DS_DB=$2
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -qtA "$@"; }

ensure_role() {  # name password
  if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$1'")" ]; then
    psql_admin -c "CREATE ROLE $1 LOGIN PASSWORD '$2'"
  fi
}
ensure_db() {  # name owner
  if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$1'")" ]; then
    psql_admin -c "CREATE DATABASE $1 OWNER $2 ENCODING 'UTF8' TEMPLATE template0"
  fi
}
ensure_role ckan_default pass
ensure_role datastore_default pass
ensure_db "$CKAN_DB" ckan_default
ensure_db "$DS_DB" ckan_default
# the DataStore read role may read but never write (CKAN's `datastore set-permissions` does the rest)
psql_admin -d "$DS_DB" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT CONNECT ON DATABASE $DS_DB TO datastore_default;" >/dev/null
