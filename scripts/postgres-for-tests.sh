#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (Debian's `postgresql` package) on loopback for the tests
# and prints the URL to export as TEST_DATABASE_URL. Durability is off (fsync, full-page writes):
# the data is thrown away after the run; crash safety is proved against the real settings elsewhere.
#
#   export TEST_DATABASE_URL="$(bash scripts/postgres-for-tests.sh)"
#
# Idempotent: a server already answering on the port is reused.
set -euo pipefail

PORT="${PG_TEST_PORT:-54329}"
DATA="${PG_TEST_DATA:-/tmp/mutirao-pg-test}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$BIN" ] || [ ! -x "$BIN/postgres" ]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run it as the `postgres` system user the package created.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U mutirao --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -o \
    "-h 127.0.0.1 -p $PORT -k '' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300" \
    start >/dev/null
fi

echo "postgres://mutirao@127.0.0.1:$PORT/postgres"
