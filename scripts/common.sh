# Shared helpers for scripts/serve.sh, scripts/test.sh and the benchmarks: install what is missing, run a local PostgreSQL
# and Redis under the data directory on loopback. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '\033[1m[zviewer]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

# Debian packages the build, the server and the tests need.
REQUIRED_PACKAGES=(pkg-config libhiredis-dev redis-server curl ca-certificates openssl ffmpeg libavformat-dev libavcodec-dev libswscale-dev libswresample-dev libavutil-dev libmaxminddb-dev)

ensure_packages() {
    local missing=() pkg
    for pkg in "${REQUIRED_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then missing+=(postgresql postgresql-contrib); fi
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    command -v swift >/dev/null || [ -x /opt/swift/usr/bin/swift ] || die "Swift 6.x toolchain not found (expected on PATH or in /opt/swift)"
    command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

# Runs a PostgreSQL tool as the cluster owner (initdb refuses root).
pg_run() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The cluster directory for DIR: DIR itself, or (as root, when the postgres user cannot reach DIR, e.g. a
# checkout under /root) a directory under /tmp named after DIR.
pg_dir() {
    local dir="$1"
    mkdir -p "$(dirname "$dir")"
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$(dirname "$dir")" 2>/dev/null; then
        echo "/tmp/zviewer-pg-$(printf '%s' "$dir" | md5sum | cut -c1-12)"
    else
        echo "$dir"
    fi
}

# start_postgres DIR PORT DBNAME... : a trust-auth cluster owned by role "zviewer", listening on 127.0.0.1 only.
start_postgres() {
    local dir; dir="$(pg_dir "$1")"
    local port="$2"; shift 2
    local bin; bin="$(pg_bin)"
    if [ ! -f "$dir/PG_VERSION" ]; then
        mkdir -p "$dir"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
        chmod 700 "$dir"
        pg_run "$bin/initdb" -D "$dir" -U zviewer --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! pg_run "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        pg_run "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
            -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=${PG_FSYNC:-on}" start >/dev/null
    fi
    local db
    for db in "$@"; do
        if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U zviewer -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
            "$bin/createdb" -h 127.0.0.1 -p "$port" -U zviewer "$db"
        fi
    done
    log "postgres on 127.0.0.1:$port ($dir)"
}

stop_postgres() {
    local dir; dir="$(pg_dir "$1")"
    [ -f "$dir/PG_VERSION" ] && pg_run "$(pg_bin)/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
}

# start_redis DIR PORT: Redis on 127.0.0.1:PORT and, when the path fits in a socket address, on the Unix socket
# DIR/redis.sock (owner only), which `redis_url` prefers.
start_redis() {
    local dir="$1" port="$2" socket=()
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    [ "${#dir}" -lt 96 ] && socket=(--unixsocket "$dir/redis.sock" --unixsocketperm 700)
    if ! redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
        # shellcheck disable=SC2086 # REDIS_EXTRA_ARGS is a list of options
        redis-server --bind 127.0.0.1 --port "$port" "${socket[@]}" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
            --logfile "$dir/redis.log" --save "" --appendonly no ${REDIS_EXTRA_ARGS:-} >/dev/null
        for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null || die "redis did not start on port $port"
    log "redis on 127.0.0.1:$port ($dir)"
}

# redis_url DIR PORT DB: the URL of a Redis start_redis started: its Unix socket when it has one (cheaper round
# trips than loopback TCP for both processes), else TCP.
redis_url() {
    local dir; dir="$(cd "$1" && pwd)"
    if [ -S "$dir/redis.sock" ] && redis-cli -s "$dir/redis.sock" ping >/dev/null 2>&1; then
        echo "unix://$dir/redis.sock?db=$3"
    else
        echo "redis://127.0.0.1:$2/$3"
    fi
}

stop_redis() {
    redis-cli -h 127.0.0.1 -p "$1" shutdown nosave >/dev/null 2>&1 || true
}

# A Python virtual environment under .data with the test tools (an S3-compatible server, a tus client).
# Prints the venv's bin directory.
python_tools() {
    local venv="$ROOT/.data/venv"
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" >/dev/null 2>&1 || { ensure_packages python3-venv python3-pip; python3 -m venv "$venv"; }
    fi
    if ! "$venv/bin/python" -c 'import moto, flask, tusclient, requests, schemathesis, mmdb_writer' >/dev/null 2>&1; then
        log "installing Python test tools (moto server, tuspy, schemathesis, mmdb-writer) into $venv"
        "$venv/bin/pip" install -q --disable-pip-version-check 'moto[server]>=5' 'tuspy>=1.0' requests 'schemathesis>=4.32,<5' 'mmdb-writer>=0.2' >&2
    fi
    echo "$venv/bin"
}

# start_s3 PORT LOGFILE: moto's S3-compatible server on 127.0.0.1 (in-memory; gone when it stops).
start_s3() {
    local port="$1" logfile="$2" bin; bin="$(python_tools)"
    "$bin/moto_server" -H 127.0.0.1 -p "$port" >"$logfile" 2>&1 &
    echo $! > "$(dirname "$logfile")/moto.pid"
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fs "http://127.0.0.1:$port/" >/dev/null || die "the S3 test server did not start (see $logfile)"
    log "S3 (moto) on 127.0.0.1:$port"
}

stop_s3() {
    local pidfile="$1/moto.pid"
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
}

# Benchmarks (scripts/bench*.sh, which set BENCH_DIR, PG_PORT, REDIS_PORT, API_PORT and CONFIG): a fresh PostgreSQL
# and Redis under BENCH_DIR.
bench_stores() {
    stop_postgres "$BENCH_DIR/postgres"; stop_redis "$REDIS_PORT"
    rm -rf "$BENCH_DIR" "$(pg_dir "$BENCH_DIR/postgres")"; mkdir -p "$BENCH_DIR"
    start_postgres "$BENCH_DIR/postgres" "$PG_PORT" zviewer_bench
    start_redis "$BENCH_DIR/redis" "$REDIS_PORT"
}

# Builds zviewer ($CONFIG), exports its settings for those stores (a caller exports any others first) and starts it;
# sets BIN and server_pid, and returns once it is ready.
bench_server() {
    log "building ($CONFIG)"
    swift build -c "$CONFIG" --product zviewer >/dev/null
    BIN="$(swift build -c "$CONFIG" --show-bin-path)/zviewer"
    export DATABASE_URL="postgres://zviewer@127.0.0.1:$PG_PORT/zviewer_bench?sslmode=disable"
    export REDIS_URL="$(redis_url "$BENCH_DIR/redis" "$REDIS_PORT" 0)"
    export JWT_SECRET="bench-secret-0123456789abcdef0123456789abcdef"
    export LOG_LEVEL=warning LOG_FORMAT=logfmt BCRYPT_COST=4 HTTP_PORT="$API_PORT" DATA_DIR="$BENCH_DIR/data"
    export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.arena_max=2}"  # as scripts/serve.sh and the image run it
    "$BIN" serve ${SERVE_ARGS:-} > "$BENCH_DIR/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$API_PORT/ready" >/dev/null 2>&1 && break; sleep 0.2; done
}
