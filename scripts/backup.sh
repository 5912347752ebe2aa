#!/usr/bin/env bash
# Sao lưu cổng dữ liệu / backs up the portal: both databases (pg_dump custom format), the file
# storage (tar.gz) and a manifest with SHA-256 checksums, into one new folder:
#   $BACKUP_DIR/hue-backup-<UTC timestamp>/{ckan.dump,datastore.dump,storage.tar.gz,MANIFEST}
# Connection: the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD or PGPASSWORD_FILE),
# a role that may read both databases (the compose `backup` service uses the postgres superuser).
# Settings: CKAN_DB (ckan), DATASTORE_DB (datastore), STORAGE_DIR (/var/lib/ckan), BACKUP_DIR (./backups).
# Prints the folder it wrote on the last line. Exit status non-zero on any failure (the partial
# folder is removed, so a folder that exists is a complete backup).
set -euo pipefail
umask 077

CKAN_DB=${CKAN_DB:-ckan}
DATASTORE_DB=${DATASTORE_DB:-datastore}
STORAGE_DIR=${STORAGE_DIR:-/var/lib/ckan}
BACKUP_DIR=${BACKUP_DIR:-./backups}
if [ -z "${PGPASSWORD:-}" ] && [ -n "${PGPASSWORD_FILE:-}" ]; then
  PGPASSWORD=$(cat "$PGPASSWORD_FILE"); export PGPASSWORD
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
target=$BACKUP_DIR/hue-backup-$stamp
partial=$target.partial
mkdir -p "$BACKUP_DIR"
rm -rf "$partial"
mkdir "$partial"
trap 'rm -rf "$partial"' EXIT

log() { echo "backup: $*" >&2; }

for pair in "ckan:$CKAN_DB" "datastore:$DATASTORE_DB"; do
  name=${pair%%:*} db=${pair#*:}
  log "pg_dump $db"
  pg_dump --format=custom --compress=6 --no-password --dbname="$db" --file="$partial/$name.dump"
done

if [ -d "$STORAGE_DIR" ]; then
  log "tar $STORAGE_DIR"
  tar -C "$STORAGE_DIR" -czf "$partial/storage.tar.gz" .
else
  log "$STORAGE_DIR không tồn tại, lưu kho tệp rỗng / does not exist, storing an empty file store"
  tar -czf "$partial/storage.tar.gz" -T /dev/null
fi

{
  echo "# hue-backup manifest"
  echo "created_utc=$stamp"
  echo "ckan_db=$CKAN_DB"
  echo "datastore_db=$DATASTORE_DB"
  echo "pg_dump=$(pg_dump --version | head -1)"
  echo "# sha256"
  (cd "$partial" && sha256sum ckan.dump datastore.dump storage.tar.gz)
} >"$partial/MANIFEST"

mv "$partial" "$target"
trap - EXIT
log "xong / done"
echo "$target"
