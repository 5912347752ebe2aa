#!/usr/bin/env bash
# Writes one random value per Docker secret into docker/secrets/ (or $HUE_SECRETS_DIR), keeping
# any that exist. The folder is 0700 (host users cannot list it); the files are 0644 so that the
# non-root users inside the containers (postgres, ckan) can read their bind-mounted copy.
# The OIDC client secret comes from the identity provider: put it in huesso_client_secret yourself.
set -euo pipefail
DIR=${HUE_SECRETS_DIR:-$(dirname "$0")/secrets}
mkdir -p "$DIR"
chmod 700 "$DIR"
random() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }
for name in postgres_password ckan_db_password datastore_ro_password ckan_secret_key ckan_jwt_secret \
            huesso_id_hmac_secret huesso_client_secret smtp_password; do
  file=$DIR/$name
  if [ ! -s "$file" ]; then
    case "$name" in
      huesso_client_secret|smtp_password) : >"$file"
        echo "make-secrets: $file để trống, hãy điền / left empty, fill it in" ;;
      *) random >"$file" ;;
    esac
  fi
  chmod 644 "$file"
done
echo "make-secrets: $DIR ready"
