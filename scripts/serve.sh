#!/usr/bin/env bash
# Installs what is missing, starts PostgreSQL and Redis under DATA_DIR (unless DATABASE_URL / REDIS_URL point
# elsewhere), builds zviewer, applies migrations and serves on HTTP_HOST:HTTP_PORT (default 127.0.0.1:8080).
#   scripts/serve.sh [--release] [zviewer serve options, e.g. --role api]
source "$(dirname "$0")/common.sh"
cd "$ROOT"

config=debug
if [ "${1:-}" = "--release" ]; then config=release; shift; fi

# Settings from .env count as configured.
if [ -f .env ]; then set -a; source .env; set +a; fi
export DATA_DIR="${DATA_DIR:-$ROOT/.data}"
mkdir -p "$DATA_DIR"
ensure_packages

if [ -z "${DATABASE_URL:-}" ]; then
    port="${ZV_PG_PORT:-54329}"
    start_postgres "$DATA_DIR/postgres" "$port" zviewer
    export DATABASE_URL="postgres://zviewer@127.0.0.1:$port/zviewer?sslmode=disable"
fi
if [ -z "${REDIS_URL:-}" ]; then
    port="${ZV_REDIS_PORT:-63799}"
    start_redis "$DATA_DIR/redis" "$port"
    export REDIS_URL="$(redis_url "$DATA_DIR/redis" "$port" 0)"
fi
if [ -z "${JWT_SECRET:-}" ] && [ -z "${JWT_SECRET_FILE:-}" ]; then
    [ -f "$DATA_DIR/jwt_secret" ] || (umask 077; openssl rand -base64 48 | tr -d '\n' > "$DATA_DIR/jwt_secret")
    export JWT_SECRET_FILE="$DATA_DIR/jwt_secret"
fi
export MIGRATIONS_DIR="${MIGRATIONS_DIR:-$ROOT/migrations}"
# Two malloc arenas (glibc's default is 8 per core): buffers freed by one thread are reused by the next instead of
# staying in that thread's arena, so memory levels off at the working set (see the README, Configuration, "Memory").
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.arena_max=2}"

log "building zviewer ($config)"
swift build -c "$config" --product zviewer
log "serving on http://${HTTP_HOST:-127.0.0.1}:${HTTP_PORT:-8080}"
exec "$(swift build -c "$config" --show-bin-path)/zviewer" serve "$@"
