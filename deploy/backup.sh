#!/usr/bin/env bash
# Back up Newsroom: the database (pg_dump, custom format) and the uploaded media (tar).
#
#   set -a; . /etc/newsroom/env; set +a      # DATABASE_URL and MEDIA_ROOT, as the app has them
#   deploy/backup.sh /var/backups/newsroom
#
# Prints the two files it wrote. Safe while the site runs (pg_dump takes a consistent
# snapshot). With MEDIA_STORAGE=s3 the media live in the bucket: keep its versioning
# on and only the database is dumped here. Restore with deploy/restore.sh.
set -euo pipefail

dest=${1:?usage: backup.sh DESTINATION_DIRECTORY}
: "${DATABASE_URL:?DATABASE_URL is not set}"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dest"

dump="$dest/newsroom-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file "$dump" "$DATABASE_URL"
echo "$dump"

if [ "${MEDIA_STORAGE:-filesystem}" = "filesystem" ]; then
  : "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
  media="$dest/newsroom-media-$stamp.tar.gz"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -czf "$media" .
  echo "$media"
fi
