#!/bin/sh
# Back up Clinic Blog: the database (pg_dump, custom format) and the uploaded media, into one folder.
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/clinic/media scripts/backup.sh /backups/2026-11-29
# Restore with scripts/restore.sh (see docs/operations.md, "Backups").
set -eu
dest=${1:?usage: backup.sh DEST_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL}"
media=${MEDIA_ROOT:-$(dirname "$0")/../media}
mkdir -p "$dest"
# One consistent snapshot of the database; without owners or grants, so it restores into any role.
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$dest/database.dump"
if [ -d "$media" ]; then
    tar -C "$media" -czf "$dest/media.tar.gz" .
else
    tar -czf "$dest/media.tar.gz" --files-from=/dev/null
fi
(cd "$dest" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Backed up to $dest: $(du -sh "$dest" | cut -f1)"
