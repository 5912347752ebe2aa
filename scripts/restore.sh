#!/usr/bin/env bash
# Khôi phục bản sao lưu vào một triển khai trống / restores a backup made by backup.sh into an
# EMPTY deployment: checks every checksum first, creates the databases when missing (owned by
# CKAN_DB_USER), refuses databases or a file store that already hold data, pg_restore, untar.
#   restore.sh <backup folder>
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD or PGPASSWORD_FILE of a superuser (creates
# databases). Settings: CKAN_DB (ckan), DATASTORE_DB (datastore), CKAN_DB_USER (ckan),
# STORAGE_DIR (/var/lib/ckan). Roles (CKAN_DB_USER, the DataStore read-only user) must exist:
# the PostgreSQL init script of the deployment creates them.
# After a restore: run the ckan-init container (migrations, DataStore permissions) and rebuild
# the search index (`ckan search-index rebuild`).
set -euo pipefail

SOURCE=${1:?usage: restore.sh <backup folder>}
CKAN_DB=${CKAN_DB:-ckan}
DATASTORE_DB=${DATASTORE_DB:-datastore}
CKAN_DB_USER=${CKAN_DB_USER:-ckan}
STORAGE_DIR=${STORAGE_DIR:-/var/lib/ckan}
if [ -z "${PGPASSWORD:-}" ] && [ -n "${PGPASSWORD_FILE:-}" ]; then
  PGPASSWORD=$(cat "$PGPASSWORD_FILE"); export PGPASSWORD
fi

log() { echo "restore: $*" >&2; }
fail() { echo "restore: LỖI / ERROR: $*" >&2; exit 1; }
psql_q() { psql -X -v ON_ERROR_STOP=1 -qtA --no-password "$@"; }

[ -f "$SOURCE/MANIFEST" ] || fail "không thấy $SOURCE/MANIFEST / $SOURCE/MANIFEST not found"
log "kiểm tra mã băm / verifying checksums"
(cd "$SOURCE" && sed -n '/^# sha256$/,$p' MANIFEST | tail -n +2 | sha256sum --check --strict --quiet) ||
  fail "mã băm không khớp, bản sao lưu hỏng / checksum mismatch, the backup is damaged"

# Refuse anything that holds data: a restore never overwrites.
db_exists() { [ -n "$(psql_q -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; }
db_is_empty() {
  [ "$(psql_q -d "$1" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')")" = 0 ]
}
for db in "$CKAN_DB" "$DATASTORE_DB"; do
  if db_exists "$db" && ! db_is_empty "$db"; then
    fail "CSDL $db đã có dữ liệu / database $db is not empty"
  fi
done
if [ -d "$STORAGE_DIR" ] && [ -n "$(ls -A "$STORAGE_DIR")" ]; then
  fail "thư mục $STORAGE_DIR không trống / $STORAGE_DIR is not empty"
fi

mkdir -p "$STORAGE_DIR" 2>/dev/null || true
[ -w "$STORAGE_DIR" ] || fail "không ghi được vào $STORAGE_DIR / cannot write to $STORAGE_DIR (run as its owner)"

for pair in "ckan:$CKAN_DB" "datastore:$DATASTORE_DB"; do
  name=${pair%%:*} db=${pair#*:}
  if ! db_exists "$db"; then
    log "tạo / creating database $db"
    psql_q -d postgres -c "CREATE DATABASE \"$db\" OWNER \"$CKAN_DB_USER\" ENCODING 'UTF8' TEMPLATE template0"
  fi
  log "pg_restore $db"
  # Objects are owned by the CKAN user (as in a fresh deployment), whoever owned them before.
  pg_restore --no-password --exit-on-error --no-owner --role="$CKAN_DB_USER" --dbname="$db" "$SOURCE/$name.dump"
done

log "giải nén kho tệp / unpacking the file store into $STORAGE_DIR"
tar -C "$STORAGE_DIR" -xzf "$SOURCE/storage.tar.gz"
log "xong / done; now run ckan-init and \`ckan search-index rebuild\`"
