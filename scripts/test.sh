#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, starts a throw-away PostgreSQL and Redis on loopback
# ports under .data/test, builds, runs the Postman collection against a freshly started server, then every
# Swift test (use cases, adapters against the real PostgreSQL and Redis, HTTP).
#   scripts/test.sh [swift test arguments, e.g. --filter ServerTests]
source "$(dirname "$0")/common.sh"
cd "$ROOT"

ensure_packages nodejs
TEST_DIR="${TEST_DATA_DIR:-$ROOT/.data/test}"
PG_PORT="${ZV_TEST_PG_PORT:-55432}"
REDIS_PORT="${ZV_TEST_REDIS_PORT:-56379}"

cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    stop_postgres "$TEST_DIR/postgres"
    stop_redis "$REDIS_PORT"
}
trap cleanup EXIT

# A fresh cluster every run: tests never see a previous run's data.
stop_postgres "$TEST_DIR/postgres"
stop_redis "$REDIS_PORT"
rm -rf "$TEST_DIR" "$(pg_dir "$TEST_DIR/postgres")"
mkdir -p "$TEST_DIR"
PG_FSYNC=off start_postgres "$TEST_DIR/postgres" "$PG_PORT" zviewer_test zviewer_postman
# DEBUG SLEEP (local connections only) lets a test hold a reply back to exercise the command timeout.
REDIS_EXTRA_ARGS="--enable-debug-command local" start_redis "$TEST_DIR/redis" "$REDIS_PORT"

export TEST_DATABASE_URL="postgres://zviewer@127.0.0.1:$PG_PORT/zviewer_test?sslmode=disable"
export TEST_ADMIN_DATABASE_URL="postgres://zviewer@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export TEST_REDIS_PORT="$REDIS_PORT"
export MIGRATIONS_DIR="$ROOT/migrations"
export PSQL="$(pg_bin)/psql"

log "building"
swift build --build-tests

# The Postman collection, top to bottom, against a real server process.
api_port="${ZV_TEST_HTTP_PORT:-58080}"
log "running the Postman collection against a fresh server on port $api_port"
DATABASE_URL="postgres://zviewer@127.0.0.1:$PG_PORT/zviewer_postman?sslmode=disable" \
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1" JWT_SECRET="postman-run-secret-0123456789abcdef0123456789" \
HTTP_PORT="$api_port" LOG_FORMAT=logfmt LOG_LEVEL=warning \
    "$(swift build --show-bin-path)/zviewer" serve > "$TEST_DIR/postman-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$api_port/ready" >/dev/null 2>&1 && break; sleep 0.2; done
node scripts/postman-run.mjs postman/zviewer.postman_collection.json postman/zviewer.postman_environment.json \
    "http://127.0.0.1:$api_port" || { cat "$TEST_DIR/postman-server.log" >&2; exit 1; }
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

log "running swift tests"
swift test --skip-build "$@"
