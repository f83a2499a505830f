#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh.
#
#   createdb newsroom_restored                 # an empty database (restore never overwrites)
#   DATABASE_URL=postgres://.../newsroom_restored MEDIA_ROOT=/srv/newsroom/media \
#     deploy/restore.sh newsroom-20261202T031500Z.dump newsroom-media-20261202T031500Z.tar.gz
#   DATABASE_URL=... python manage.py migrate --check   # the code matches the restored schema
#
# All or nothing: the dump is restored in one transaction and stops at the first error.
# Then point the app's DATABASE_URL at the restored database and restart it.
set -euo pipefail

dump=${1:?usage: restore.sh DATABASE_DUMP [MEDIA_TARBALL]}
media=${2:-}
: "${DATABASE_URL:?DATABASE_URL is not set}"

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname "$DATABASE_URL" "$dump"
echo "database restored from $dump"

if [ -n "$media" ]; then
  : "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$media"
  echo "media restored into $MEDIA_ROOT"
fi
