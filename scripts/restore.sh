#!/bin/sh
# Restore a backup made by scripts/backup.sh into a new, empty database and media folder.
#   DATABASE_URL=postgres://…/clinic_blog_restored MEDIA_ROOT=/srv/clinic/media-restored \
#       scripts/restore.sh /backups/2026-11-29
# It refuses a database that already has tables and a media folder that is not empty.
set -eu
src=${1:?usage: restore.sh BACKUP_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL (an empty database: createdb first)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT (an empty or missing folder)}"
(cd "$src" && sha256sum --check --quiet SHA256SUMS)
tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="select count(*) from information_schema.tables where table_schema = 'public'")
if [ "$tables" != "0" ]; then
    echo "restore.sh: the database already has $tables tables; restore into a new, empty one" >&2
    exit 1
fi
if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
    echo "restore.sh: $MEDIA_ROOT is not empty" >&2
    exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$src/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$src/media.tar.gz"
echo "Restored $src. Next: manage.py migrate (a no-op for the same release), then start the app and the worker."
