#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, starts a throw-away PostgreSQL, Redis and S3-compatible
# server (moto) on loopback ports under .data/test, checks the format, builds, runs the Postman collection, the tus
# client check (tuspy, across a server restart), the nginx secure_link check and a schemathesis run over openapi.yaml
# against a real server process, then every Swift test (use cases, adapters against the real PostgreSQL, Redis and S3
# server, HTTP, raw-socket wire tests against `zviewer serve`).
#   scripts/test.sh [swift test arguments, e.g. --filter ServerTests]
source "$(dirname "$0")/common.sh"
cd "$ROOT"

ensure_packages nodejs nginx
TEST_DIR="${TEST_DATA_DIR:-$ROOT/.data/test}"
PG_PORT="${ZV_TEST_PG_PORT:-55432}"
REDIS_PORT="${ZV_TEST_REDIS_PORT:-56379}"
S3_PORT="${ZV_TEST_S3_PORT:-59000}"

cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    [ -f "$TEST_DIR/nginx/nginx.pid" ] && kill "$(cat "$TEST_DIR/nginx/nginx.pid")" 2>/dev/null || true
    stop_postgres "$TEST_DIR/postgres"
    stop_redis "$REDIS_PORT"
    stop_s3 "$TEST_DIR"
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
start_s3 "$S3_PORT" "$TEST_DIR/moto.log"
PY="$(python_tools)"
# A small MaxMind-format country database for the GeoIP tests.
"$PY/python" "$ROOT/scripts/make-test-geoip.py" "$TEST_DIR/geoip-test.mmdb"
export TEST_GEOIP_DATABASE="$TEST_DIR/geoip-test.mmdb"

export TEST_DATABASE_URL="postgres://zviewer@127.0.0.1:$PG_PORT/zviewer_test?sslmode=disable"
export TEST_ADMIN_DATABASE_URL="postgres://zviewer@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export TEST_REDIS_PORT="$REDIS_PORT"
# The same Redis on its Unix socket (the adapter tests connect both ways; the Postman run's server uses it).
export TEST_REDIS_SOCKET_URL="$(redis_url "$TEST_DIR/redis" "$REDIS_PORT" 0)"
export MIGRATIONS_DIR="$ROOT/migrations"
export PSQL="$(pg_bin)/psql"
export TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"

log "checking the format (swift format lint --strict, .swift-format)"
swift format lint --strict --recursive Sources Tests Package.swift || die "swift format found lines to change: run swift format -i -r Sources Tests Package.swift"
log "building"
swift build --build-tests
export TEST_ZVIEWER_BINARY="$(swift build --show-bin-path)/zviewer"

# The Postman collection, top to bottom, then a standard tus client, against a real server process.
api_port="${ZV_TEST_HTTP_PORT:-58080}"
start_api() {
    DATABASE_URL="postgres://zviewer@127.0.0.1:$PG_PORT/zviewer_postman?sslmode=disable" \
    REDIS_URL="$(redis_url "$TEST_DIR/redis" "$REDIS_PORT" 1)" JWT_SECRET="postman-run-secret-0123456789abcdef0123456789" \
    HTTP_PORT="$api_port" LOG_FORMAT=logfmt LOG_LEVEL=warning DATA_DIR="$TEST_DIR/api-data" \
        "$(swift build --show-bin-path)/zviewer" serve "$@" >> "$TEST_DIR/api-server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$api_port/ready" >/dev/null 2>&1 && break; sleep 0.2; done
}
stop_api() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }
server_failed() { cat "$TEST_DIR/api-server.log" >&2; exit 1; }

if [ -n "${ZV_SKIP_E2E:-}" ]; then
    log "ZV_SKIP_E2E is set: skipping the Postman collection and the tus check (development only)"
else
log "running the Postman collection against a fresh server on port $api_port"
start_api
node scripts/postman-run.mjs postman/zviewer.postman_collection.json postman/zviewer.postman_environment.json \
    "http://127.0.0.1:$api_port" || server_failed
log "running the tus client check (tuspy), restarting the server halfway"
export OBJECTS_DIR="$TEST_DIR/api-data/objects"
# The API role only: the check's uploads are random bytes, and a worker transcoding one (and failing it) before the
# check reads its status made "queued" a race.
stop_api
start_api --role api
"$PY/python" scripts/tus-check.py "http://127.0.0.1:$api_port" "$TEST_DIR/tus-state.json" before-restart || server_failed
stop_api
start_api --role api
"$PY/python" scripts/tus-check.py "http://127.0.0.1:$api_port" "$TEST_DIR/tus-state.json" after-restart || server_failed
stop_api
log "running the nginx secure_link check: deploy/nginx-secure-link.conf in front of zviewer"
nginx_port="${ZV_TEST_NGINX_PORT:-58090}"
NGINX_DIR="$TEST_DIR/nginx"
mkdir -p "$NGINX_DIR/tmp"
SECURE_LINK_SECRET="test-secure-link-$(openssl rand -hex 8)"
sed -e "s|@LISTEN@|127.0.0.1:$nginx_port|" -e "s|@UPSTREAM@|127.0.0.1:$api_port|" \
    -e "s|@OBJECTS@|$TEST_DIR/api-data/objects|" -e "s|@SECRET@|$SECURE_LINK_SECRET|" \
    deploy/nginx-secure-link.conf > "$NGINX_DIR/site.conf"
{
    [ "$(id -u)" = 0 ] && echo "user root;"  # workers must read the data directory, wherever the checkout is
    echo "daemon on; worker_processes 1; pid $NGINX_DIR/nginx.pid; error_log $NGINX_DIR/error.log;"
    echo "events { worker_connections 256; }"
    echo "http { access_log off; client_body_temp_path $NGINX_DIR/tmp; proxy_temp_path $NGINX_DIR/tmp;"
    echo "  fastcgi_temp_path $NGINX_DIR/tmp; uwsgi_temp_path $NGINX_DIR/tmp; scgi_temp_path $NGINX_DIR/tmp;"
    echo "  include $NGINX_DIR/site.conf; }"
} > "$NGINX_DIR/nginx.conf"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=3" -f lavfi -i "sine=frequency=440:duration=3" \
    -c:v libx264 -preset ultrafast -c:a aac -shortest "$NGINX_DIR/clip.mp4"
export MEDIA_SECURE_LINK_SECRET="$SECURE_LINK_SECRET"
start_api
unset MEDIA_SECURE_LINK_SECRET
nginx -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log"
python3 scripts/secure-link-check.py "http://127.0.0.1:$nginx_port" "$TEST_DIR/api-data/objects" "$NGINX_DIR/clip.mp4" \
    || { cat "$NGINX_DIR/error.log" >&2; server_failed; }
kill "$(cat "$NGINX_DIR/nginx.pid")"
stop_api
log "fuzzing the API against openapi.yaml (schemathesis, ${ZV_FUZZ_SECONDS:-180} s, signed in)"
export RATE_LIMIT_ANONYMOUS_PER_MINUTE=1000000 RATE_LIMIT_USER_PER_MINUTE=1000000 RATE_LIMIT_AUTH_PER_MINUTE=1000000
start_api
unset RATE_LIMIT_ANONYMOUS_PER_MINUTE RATE_LIMIT_USER_PER_MINUTE RATE_LIMIT_AUTH_PER_MINUTE
"$PY/python" scripts/contract-fuzz.py "http://127.0.0.1:$api_port" "${ZV_FUZZ_SECONDS:-180}" > "$TEST_DIR/schemathesis.log" 2>&1 \
    || { tail -n 120 "$TEST_DIR/schemathesis.log" >&2; server_failed; }
sed -n '/SUMMARY/,$p' "$TEST_DIR/schemathesis.log"
stop_api
fi

log "running swift tests"
# The log is kept, and on failure the failed tests and their issues are repeated at the end: CI shows the tail of
# the output, and with tests running in parallel an issue may be printed far above it.
status=0
swift test --skip-build "$@" 2>&1 | tee "$TEST_DIR/swift-test.log" || status=$?
if [ "$status" != 0 ]; then
    echo "---- swift test failed (exit $status); failed tests and their issues (log: $TEST_DIR/swift-test.log) ----"
    tr '\r' '\n' < "$TEST_DIR/swift-test.log" | grep -E '✘|recorded an issue|Expectation failed|Fatal error|error:' \
        | grep -v 'warning' | tail -n 80 || true
fi
exit "$status"
