#!/usr/bin/env bash
# Runs once, on the first start of an empty PostgreSQL volume (docker-entrypoint-initdb.d):
# the CKAN user owning the CKAN and DataStore databases, and a DataStore user that can only read.
# Passwords come from secret files; nothing is printed. `ckan datastore set-permissions`
# (run by the ckan-init container) then grants the read-only user what it may read.
set -euo pipefail
secret() { local file_var="$1_FILE"; if [ -n "${!file_var:-}" ]; then cat "${!file_var}"; else echo "${!1:?$1 or $1_FILE is required}"; fi; }
CKAN_DB_PASSWORD=$(secret CKAN_DB_PASSWORD)
DATASTORE_RO_PASSWORD=$(secret DATASTORE_RO_PASSWORD)

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v ckan_user="${CKAN_DB_USER:-ckan}" -v ckan_password="$CKAN_DB_PASSWORD" \
  -v ro_user="${DATASTORE_RO_USER:-datastore_ro}" -v ro_password="$DATASTORE_RO_PASSWORD" \
  -v ckan_db="${CKAN_DB:-ckan}" -v ds_db="${DATASTORE_DB:-datastore}" <<'SQL'
CREATE ROLE :"ckan_user" LOGIN PASSWORD :'ckan_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE :"ro_user" LOGIN PASSWORD :'ro_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE :"ckan_db" OWNER :"ckan_user" ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE :"ds_db" OWNER :"ckan_user" ENCODING 'UTF8' TEMPLATE template0;
SQL
# The read-only user may connect to the DataStore only; nobody may create objects in public but the owner.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${DATASTORE_DB:-datastore}" \
  -v ro_user="${DATASTORE_RO_USER:-datastore_ro}" -v ds_db="${DATASTORE_DB:-datastore}" \
  -v ckan_db="${CKAN_DB:-ckan}" <<'SQL'
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CONNECT ON DATABASE :"ckan_db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"ds_db" TO :"ro_user";
SQL
