#!/usr/bin/env bash
# Ingest and queue benchmarks (figures, not pass/fail tests). Starts its own PostgreSQL and Redis under
# .data/bench, a release build of zviewer on local-disk storage, and nginx as the reference receiver.
#   scripts/bench.sh [--size-mib N] [--jobs N] [--workers N] [--debug]
# Prints, in one run on the same disk:
#   - a 2 GiB upload as multipart (POST /api/v1/videos) and as one tus PATCH, each: seconds, MiB/s, the server's
#     peak RSS growth during the upload, and the ratio to the references: curl PUT to nginx (WebDAV, writes the
#     body to a file) and a plain file write (dd with fsync);
#   - claim+complete throughput of 10,000 no-op jobs with 4 workers.
source "$(dirname "$0")/common.sh"
cd "$ROOT"

SIZE_MIB=2048 JOBS=10000 WORKERS=4 CONFIG=release
while [ $# -gt 0 ]; do
    case "$1" in
        --size-mib) SIZE_MIB="$2"; shift 2 ;;
        --jobs) JOBS="$2"; shift 2 ;;
        --workers) WORKERS="$2"; shift 2 ;;
        --debug) CONFIG=debug; shift ;;
        *) die "unknown option $1" ;;
    esac
done

ensure_packages nginx python3
BENCH_DIR="$ROOT/.data/bench"
PG_PORT=55532 REDIS_PORT=56479 API_PORT=58280 NGINX_PORT=58281
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    [ -f "$BENCH_DIR/nginx.pid" ] && kill "$(cat "$BENCH_DIR/nginx.pid")" 2>/dev/null || true
    stop_postgres "$BENCH_DIR/postgres"
    stop_redis "$REDIS_PORT"
    rm -rf "$BENCH_DIR/data" "$BENCH_DIR/nginx-root" "$BENCH_DIR/input.bin" "$BENCH_DIR/copy.bin"
}
trap cleanup EXIT
bench_stores
export MAX_UPLOAD_BYTES=$(( (SIZE_MIB + 64) << 20 )) DEFAULT_QUOTA_BYTES=$(( 4 * (SIZE_MIB + 64) << 20 ))
bench_server

# nginx as the reference: WebDAV PUT spools the body to a temporary file and renames it, like an upload.
mkdir -p "$BENCH_DIR/nginx-root" "$BENCH_DIR/nginx-tmp"
cat > "$BENCH_DIR/nginx.conf" <<NGINX
daemon on; worker_processes 1; pid $BENCH_DIR/nginx.pid; error_log $BENCH_DIR/nginx-error.log;
events { worker_connections 64; }
http {
    access_log off; client_max_body_size 0; client_body_temp_path $BENCH_DIR/nginx-tmp;
    server { listen 127.0.0.1:$NGINX_PORT; root $BENCH_DIR/nginx-root;
        location / { dav_methods PUT; create_full_put_path on; } }
}
NGINX
nginx -c "$BENCH_DIR/nginx.conf" -e "$BENCH_DIR/nginx-error.log"

log "writing a $SIZE_MIB MiB input file of random bytes"
head -c "$(( SIZE_MIB << 20 ))" /dev/urandom > "$BENCH_DIR/input.bin"
BYTES=$(( SIZE_MIB << 20 ))

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status"; }
# Writing 5 to clear_refs resets the peak-RSS mark (VmHWM), so each upload's peak is measured on its own.
reset_peak() { echo 5 > "/proc/$server_pid/clear_refs"; }
mibs() { python3 -c "print(f'{$BYTES / 1048576 / $1:.0f}')"; }

sync
start=$(date +%s.%N)
dd if="$BENCH_DIR/input.bin" of="$BENCH_DIR/copy.bin" bs=1M conv=fsync status=none
file_seconds=$(python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')")
rm -f "$BENCH_DIR/copy.bin"; sync

nginx_seconds=$(curl -s -o /dev/null -w '%{time_total}' -T "$BENCH_DIR/input.bin" "http://127.0.0.1:$NGINX_PORT/ref.bin")
rm -f "$BENCH_DIR/nginx-root/ref.bin"; sync

token=$(curl -fs -X POST "http://127.0.0.1:$API_PORT/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"email":"bench@example.com","password":"long enough password","displayName":"Bench"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')

reset_peak; before=$(rss_kib)
read -r multipart_status multipart_seconds < <(curl -s -o "$BENCH_DIR/multipart.json" -w '%{http_code} %{time_total}\n' \
    -H "Authorization: Bearer $token" -F title=bench -F "file=@$BENCH_DIR/input.bin;type=video/mp4" \
    "http://127.0.0.1:$API_PORT/api/v1/videos")
multipart_growth=$(( ($(hwm_kib) - before) / 1024 ))
[ "$multipart_status" = 202 ] || { cat "$BENCH_DIR/multipart.json"; die "multipart upload answered $multipart_status"; }
sync

location=$(curl -fs -D - -o /dev/null -X POST "http://127.0.0.1:$API_PORT/api/v1/uploads" -H "Authorization: Bearer $token" \
    -H 'Tus-Resumable: 1.0.0' -H "Upload-Length: $BYTES" | awk 'tolower($1) == "location:" {print $2}' | tr -d '\r')
reset_peak; before=$(rss_kib)
read -r tus_status tus_seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X PATCH -T "$BENCH_DIR/input.bin" \
    -H "Authorization: Bearer $token" -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' \
    -H 'Content-Type: application/offset+octet-stream' "http://127.0.0.1:$API_PORT$location")
tus_growth=$(( ($(hwm_kib) - before) / 1024 ))
[ "$tus_status" = 204 ] || die "tus PATCH answered $tus_status"

echo
echo "== upload of $SIZE_MIB MiB ($CONFIG build, local-disk storage, loopback, $(nproc) cores) =="
printf '%-34s %8s %8s %14s %12s %12s\n' "path" "seconds" "MiB/s" "peak RSS +MiB" "vs nginx" "vs file"
ref() { python3 -c "print(f'{$nginx_seconds / $1:.2f}x')"; }
reff() { python3 -c "print(f'{$file_seconds / $1:.2f}x')"; }
printf '%-34s %8s %8s %14s %12s %12s\n' "plain file write (dd, fsync)" "$file_seconds" "$(mibs "$file_seconds")" "-" "-" "1.00x"
printf '%-34s %8s %8s %14s %12s %12s\n' "curl PUT -> nginx (reference)" "$nginx_seconds" "$(mibs "$nginx_seconds")" "-" "1.00x" "$(reff "$nginx_seconds")"
printf '%-34s %8s %8s %14s %12s %12s\n' "zviewer multipart POST /videos" "$multipart_seconds" "$(mibs "$multipart_seconds")" "$multipart_growth" "$(ref "$multipart_seconds")" "$(reff "$multipart_seconds")"
printf '%-34s %8s %8s %14s %12s %12s\n' "zviewer tus PATCH (one request)" "$tus_seconds" "$(mibs "$tus_seconds")" "$tus_growth" "$(ref "$tus_seconds")" "$(reff "$tus_seconds")"
echo "targets: peak RSS growth < 64 MiB; throughput >= 0.8x the reference"
echo
echo "== job queue =="
swift build -c "$CONFIG" --product zviewer-bench >/dev/null
"$(dirname "$BIN")/zviewer-bench" --jobs "$JOBS" --workers "$WORKERS"
