#!/usr/bin/env bash
# Playback benchmarks (figures, not pass/fail tests). Starts its own PostgreSQL and Redis under .data/bench-playback,
# a release build of zviewer (local-disk storage), and nginx serving the same package files as the reference.
#   scripts/bench-playback.sh [--accounts N] [--seconds S] [--connections C] [--rounds R] [--pairs P] [--debug] [--hold]
# --rounds: heartbeat rounds (default 3; the median round is the figure, all are printed).
# --pairs: alternating zviewer/nginx pairs per media comparison (default 4, each run S/3 seconds; medians printed).
# --hold keeps PostgreSQL, Redis, nginx and the server running after the figures (for profiling; Ctrl-C ends it) and
# writes their settings to .data/bench-playback/env.sh.
# Prints, in one run:
#   - the framework's floor: GET /health requests/s through the same router and middleware chain;
#   - heartbeats: wrk with a Lua script over a pool of live sessions (N premium accounts x 4 devices) → heartbeats/s,
#     p50 and p99 latency and the ratio to /health (target: at least 0.5x), the CPU one heartbeat costs zviewer,
#     Redis and wrk; next to redis-benchmark running the very EVALSHA command a heartbeat sends (captured with
#     MONITOR), and the rows PostgreSQL received (batched);
#   - media: a ~3 MB 1080p segment, the same with a 64 KiB Range, the media and master playlists and the MPD (rewritten per
#     token, from a template per grant shape), a two-hour film's media playlist (1,800 segments),
#     through zviewer and through nginx serving the same files, alternating in pairs → requests/s, MB/s, ratio (the
#     median of the pairs') with the pairs' spread; zviewer RSS before the media runs and after each comparison.
source "$(dirname "$0")/common.sh"
cd "$ROOT"

ACCOUNTS=250 SECONDS_EACH=15 CONNECTIONS=64 CONFIG=release HOLD=0 HB_ROUNDS=3 PAIRS=4
while [ $# -gt 0 ]; do
    case "$1" in
        --accounts) ACCOUNTS="$2"; shift 2 ;;
        --seconds) SECONDS_EACH="$2"; shift 2 ;;
        --connections) CONNECTIONS="$2"; shift 2 ;;
        --rounds) HB_ROUNDS="$2"; shift 2 ;;
        --pairs) PAIRS="$2"; shift 2 ;;
        --debug) CONFIG=debug; shift ;;
        --hold) HOLD=1; shift ;;
        *) die "unknown option $1" ;;
    esac
done

ensure_packages nginx wrk redis-tools python3 ffmpeg
BENCH_DIR="$ROOT/.data/bench-playback"
PG_PORT=55632 REDIS_PORT=56579 API_PORT=58380 NGINX_PORT=58381 SECURE_LINK_PORT=58382
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    [ -f "$BENCH_DIR/nginx.pid" ] && kill "$(cat "$BENCH_DIR/nginx.pid")" 2>/dev/null || true
    stop_postgres "$BENCH_DIR/postgres"
    stop_redis "$REDIS_PORT"
}
trap cleanup EXIT
bench_stores
export RATE_LIMIT_AUTH_PER_MINUTE=100000 RATE_LIMIT_USER_PER_MINUTE=100000 RATE_LIMIT_ANONYMOUS_PER_MINUTE=100000
export MEDIA_SECURE_LINK_SECRET="bench-secure-link-0123456789"
bench_server
API="http://127.0.0.1:$API_PORT"

log "generating and transcoding an 8 s 1080p clip with noise (big segments, like real video)"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=8,noise=alls=40:allf=t" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=8" -c:v libx264 -preset ultrafast -qp 18 -c:a aac -shortest \
    "$BENCH_DIR/clip.mp4"

log "creating $ACCOUNTS premium accounts with 4 live sessions each"
python3 - "$API" "$ACCOUNTS" "$BENCH_DIR" "$DATABASE_URL" <<'PY'
import json, sys, time, urllib.request, subprocess, uuid
api, accounts, out, db = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def call(method, path, body=None, token=None, raw=None, ctype="application/json"):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(api + path, data=data, method=method)
    if data is not None: req.add_header("Content-Type", ctype)
    if token: req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as r:
        text = r.read()
        return json.loads(text) if text else None
def register():
    email = f"bench-{uuid.uuid4().hex[:12]}@example.com"
    r = call("POST", "/api/v1/auth/register", {"email": email, "password": "bench password 123", "displayName": "Bench"})
    return r["accessToken"], r["user"]["id"]
owner, owner_id = register()
boundary = "zvbench" + uuid.uuid4().hex
clip = open(out + "/clip.mp4", "rb").read()
body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBench\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"visibility\"\r\n\r\npublic\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n").encode() + clip + f"\r\n--{boundary}--\r\n".encode()
video = call("POST", "/api/v1/videos", token=owner, raw=body, ctype=f"multipart/form-data; boundary={boundary}")["id"]
for _ in range(600):
    state = call("GET", f"/api/v1/videos/{video}/processing", token=owner)
    if state["status"] in ("ready", "failed"): break
    time.sleep(0.5)
assert state["status"] == "ready", state
ids = []
with open(out + "/sessions.txt", "w") as sessions:
    for i in range(accounts):
        token, user = register()
        ids.append(user)
        subprocess.run(["psql", "-q", db, "-c", f"UPDATE users SET plan_id = 'premium' WHERE id = '{user}'"], check=True)
        profile = call("GET", "/api/v1/me/profiles", token=token)["items"][0]["id"]
        for d in range(4):
            play = call("POST", f"/api/v1/videos/{video}/play", {"profileId": profile, "deviceId": f"d{d}", "deviceName": f"Device {d}"}, token=token)
            sessions.write(f"{token} {play['sessionId']}\n")
    # The owner's own premium play gives the media token for every rung.
    subprocess.run(["psql", "-q", db, "-c", f"UPDATE users SET plan_id = 'premium' WHERE id = '{owner_id}'"], check=True)
    profile = call("GET", "/api/v1/me/profiles", token=owner)["items"][0]["id"]
    play = call("POST", f"/api/v1/videos/{video}/play", {"profileId": profile, "deviceId": "media", "deviceName": "Bench"}, token=owner)
json.dump({"video": video, "token": play["hlsUrl"].split("token=")[1]}, open(out + "/media.json", "w"))
PY
SESSIONS=$(wc -l < "$BENCH_DIR/sessions.txt")
VIDEO=$(python3 -c "import json;print(json.load(open('$BENCH_DIR/media.json'))['video'])")
MEDIA_TOKEN=$(python3 -c "import json;print(json.load(open('$BENCH_DIR/media.json'))['token'])")

# Each request is built once, in init (16 positions per session, advancing a step per pass over the pool): building
# it with string.format in request() cost wrk ~25 us per request on these shared 2 cores, ~18 us prebuilt.
cat > "$BENCH_DIR/heartbeat.lua" <<LUA
local sessions = {}
for line in io.lines("$BENCH_DIR/sessions.txt") do
    local token, id = line:match("(%S+) (%S+)")
    sessions[#sessions + 1] = { "Bearer " .. token, "/api/v1/playback/" .. id .. "/heartbeat" }
end
local steps = 16
local built = {}
local counter = 0
local step = 1
function init(args)
    local suffix = args[1] or ""
    for i, s in ipairs(sessions) do
        local requests = {}
        for k = 1, steps do
            requests[k] = wrk.format("POST", s[2] .. suffix, { ["Authorization"] = s[1], ["Content-Type"] = "application/json" },
                string.format('{"positionSeconds":%d,"rendition":"1080p","bufferHealthSeconds":20,"bitrate":6000000}', k * 30))
        end
        built[i] = requests
    end
    counter = math.random(#sessions)
end
function request()
    counter = counter + 1
    if counter > #sessions then
        counter = 1
        step = step % steps + 1
    end
    return built[counter][step]
end
function done(summary, latency, requests)
    io.write(string.format("non2xx=%d\n", summary.errors.status))
end
LUA

rss_mib() { awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$server_pid/status"; }
# wrk's summary: requests/s, and latency percentiles with --latency.
wrk_run() { wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$@" 2>&1; }
field() { awk -v k="$1" '$1 == k {print $2}'; }

log "heartbeats: wrk -t2 -c$CONNECTIONS over $SESSIONS sessions for ${SECONDS_EACH}s"
# redis-cli and redis-benchmark reach Redis the way zviewer does (its Unix socket when REDIS_URL names one).
if [[ "$REDIS_URL" == unix://* ]]; then
    redis_at=(-s "${REDIS_URL#unix://}"); redis_at[1]="${redis_at[1]%%\?*}"; redis_via="Unix socket"
else
    redis_at=(-p "$REDIS_PORT"); redis_via="TCP"
fi
# Capture the exact script call one heartbeat makes, for redis-benchmark.
timeout 3 redis-cli "${redis_at[@]}" MONITOR > "$BENCH_DIR/monitor.txt" &
monitor_pid=$!
sleep 0.5
read -r token sid < <(head -n 1 "$BENCH_DIR/sessions.txt")
curl -fs -o /dev/null -X POST "$API/api/v1/playback/$sid/heartbeat" -H "Authorization: Bearer $token" \
    -H 'content-type: application/json' -d '{"positionSeconds":1}'
wait "$monitor_pid" || true
# CPU time of zviewer, Redis and wrk itself over the run (all on the same cores): where a heartbeat's budget goes.
# (-1: the process is not there to measure.)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo -1; }
redis_pid=$(cat "$BENCH_DIR/redis/redis.pid" 2>/dev/null || echo none)
zv_ticks=$(ticks "$server_pid") redis_ticks=$(ticks "$redis_pid")
TIMEFORMAT='%U %S'
# Several rounds: this machine's speed moves by a quarter from one minute to the next (other tenants); the median
# round is the figure, every round is printed.
: > "$BENCH_DIR/wrk-heartbeat.time"
for round in $(seq "$HB_ROUNDS"); do
    { time wrk_run -s "$BENCH_DIR/heartbeat.lua" "$API" > "$BENCH_DIR/wrk-heartbeat-$round.txt"; } 2>> "$BENCH_DIR/wrk-heartbeat.time"
done
zv_ticks=$(( zv_ticks < 0 ? -1 : $(ticks "$server_pid") - zv_ticks ))
redis_ticks=$(( redis_ticks < 0 ? -1 : $(ticks "$redis_pid") - redis_ticks ))
hb_count=$(cat "$BENCH_DIR"/wrk-heartbeat-*.txt | awk '/requests in/ {n += $1} END {print n + 0}')
hb_cpu=$(python3 - "$zv_ticks" "$redis_ticks" "$(getconf CLK_TCK)" "${hb_count:-0}" "$BENCH_DIR/wrk-heartbeat.time" <<'PY2'
import sys
zv, redis, hz, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
times = [line.split() for line in open(sys.argv[5]) if line.strip()]
wrk_user, wrk_sys = sum(float(t[0]) for t in times), sum(float(t[1]) for t in times)
if n == 0 or zv < 0 or redis < 0: print("n/a (a process was not found)"); sys.exit()
us = lambda seconds: seconds * 1e6 / n
z, r, w = us(zv / hz), us(redis / hz), us(wrk_user + wrk_sys)
if z + r == 0: print("n/a (no CPU time recorded)"); sys.exit()
print(f"zviewer {z:.0f} us, Redis {r:.0f} us, wrk {w:.0f} us: {z + r + w:.0f} us in all, i.e. at most "
      f"{2e6 / (z + r + w):,.0f} heartbeats/s on 2 cores ({2e6 / (z + r):,.0f}/s without the load generator)")
PY2
)
# Each round: requests/s, p50, p99, non-2xx; the median round by requests/s.
hb_table=$(for round in $(seq "$HB_ROUNDS"); do
    out=$(cat "$BENCH_DIR/wrk-heartbeat-$round.txt")
    echo "$(echo "$out" | field "Requests/sec:") $(echo "$out" | awk '$1 == "50%" {print $2}') $(echo "$out" | awk '$1 == "99%" {print $2}') $(echo "$out" | sed -n 's/^non2xx=//p')"
done)
read -r hb_rps hb_p50 hb_p99 _ < <(echo "$hb_table" | sort -g | sed -n "$(( (HB_ROUNDS + 1) / 2 ))p")
hb_bad=$(echo "$hb_table" | awk '{n += $4} END {print n + 0}')
hb_rounds=$(echo "$hb_table" | awk '{printf "%s%s/s p50 %s p99 %s", (NR > 1 ? " · " : ""), $1, $2, $3}')
# The framework's floor in the same run: the cheapest route, through the same channel, router and middleware.
health_out=$(wrk_run "$API/health")
health_rps=$(echo "$health_out" | field "Requests/sec:")
health_p50=$(echo "$health_out" | awk '$1 == "50%" {print $2}')
health_p99=$(echo "$health_out" | awk '$1 == "99%" {print $2}')
sleep 3  # let the last batch reach PostgreSQL
pg_rows=$(psql -tA "$DATABASE_URL" -c "SELECT count(*) FROM playback_sessions WHERE last_heartbeat_at > now() - interval '1 minute'")

python3 - "$BENCH_DIR/monitor.txt" > "$BENCH_DIR/evalsha.args" <<'PY'
import shlex, sys
for line in open(sys.argv[1]):
    if '"EVALSHA"' in line or '"evalsha"' in line:
        parts = shlex.split(line.split("]", 1)[1])
        if len(parts) > 3 and ":ss:" in " ".join(parts): print("\n".join(parts)); break
PY
if [ -s "$BENCH_DIR/evalsha.args" ]; then
    mapfile -t evalsha < "$BENCH_DIR/evalsha.args"
    # Arguments: EVALSHA sha 2 <leases key> <session key> <now> <lease expiry> ... The captured call's lease would
    # expire during the run, and the script answers an expired lease early (-1, a cheaper path than a heartbeat's);
    # keep the time as captured and push the expiry far out, and check the call takes the live path (status 1).
    evalsha[6]=9999999999999
    status=$(redis-cli "${redis_at[@]}" "${evalsha[@]}" | head -n 1)
    [ "$status" = 1 ] || log "warning: the captured heartbeat script answered $status, not 1 (a live lease): the redis-benchmark figure is off"
    redis_out=$(redis-benchmark "${redis_at[@]}" -c 50 -n 300000 --csv "${evalsha[@]}" 2>/dev/null | tail -n 1)
    redis_rps=$(echo "$redis_out" | awk -F'","' '{print $2}')
    redis_p50=$(echo "$redis_out" | awk -F'","' '{print $5}')
    redis_p99=$(echo "$redis_out" | awk -F'","' '{print $7}')
else
    redis_rps="n/a" redis_p50="n/a" redis_p99="n/a"
fi

log "media: zviewer vs nginx on the same files"
MEDIA_DIR="$BENCH_DIR/data/objects/videos/$VIDEO/media"
SEGMENT=seg-0-00001.m4s
SEGMENT_BYTES=$(stat -c %s "$MEDIA_DIR/$SEGMENT")
# A two-hour film's media playlist: the clip's 720p playlist written out to 1,800 four-second segments, as the
# transcoder writes them (the segments themselves are not fetched). Every one of its URLs carries the stream's token,
# so its size per stream is what a player of a feature film downloads before playing.
LONG_LIST=hls-720p.m3u8
python3 - "$MEDIA_DIR/$LONG_LIST" <<'PY'
import sys
head = [line for line in open(sys.argv[1]).read().splitlines() if not line.startswith(("#EXTINF", "seg-", "#EXT-X-ENDLIST"))]
body = [f"#EXTINF:4.000000,\nseg-1-{number:05d}.m4s" for number in range(1, 1801)]
open(sys.argv[1], "w").write("\n".join(head + body + ["#EXT-X-ENDLIST"]) + "\n")
PY
LONG_STORED_BYTES=$(stat -c %s "$MEDIA_DIR/$LONG_LIST")
# The deployment's secure_link server block (deploy/nginx-secure-link.conf) next to a plain static server.
sed -e "s|@LISTEN@|127.0.0.1:$SECURE_LINK_PORT|" -e "s|@UPSTREAM@|127.0.0.1:$API_PORT|" \
    -e "s|@OBJECTS@|$BENCH_DIR/data/objects|" -e "s|@SECRET@|$MEDIA_SECURE_LINK_SECRET|" \
    deploy/nginx-secure-link.conf > "$BENCH_DIR/nginx-secure-link.conf"
cat > "$BENCH_DIR/nginx.conf" <<NGINX
$([ "$(id -u)" = 0 ] && echo "user root;")
daemon on; worker_processes auto; pid $BENCH_DIR/nginx.pid; error_log $BENCH_DIR/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
    client_body_temp_path $BENCH_DIR/nginx-tmp; proxy_temp_path $BENCH_DIR/nginx-tmp;
    types { video/iso.segment m4s; application/vnd.apple.mpegurl m3u8; }
    server { listen 127.0.0.1:$NGINX_PORT; root $MEDIA_DIR; location / { add_header Cache-Control "public, max-age=31536000, immutable"; } }
    include $BENCH_DIR/nginx-secure-link.conf;
}
NGINX
mkdir -p "$BENCH_DIR/nginx-tmp"
nginx -c "$BENCH_DIR/nginx.conf" -e "$BENCH_DIR/nginx-error.log"
rss_before=$(rss_mib)
# Each comparison alternates zviewer and the reference in PAIRS pairs of short runs (zviewer first, then the
# reference first, ...): this machine's speed moves by up to 2x from one minute to the next, which made a ratio of two
# back-to-back 15 s runs swing by a third between runs of the script. The figures are the medians; the ratio is the
# median of the pairs' ratios, printed with their spread.
PAIR_SECONDS=$(( SECONDS_EACH / 3 )); [ "$PAIR_SECONDS" -lt 2 ] && PAIR_SECONDS=2
declare -A zv ng ratio spread
rss_trail=""
media_run() {  # url, extra wrk args → requests/s
    local url="$1"; shift
    local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${PAIR_SECONDS}s" "$@" "$url" 2>&1)
    local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $4}')
    [ -n "$non2xx" ] && log "$url: $non2xx non-2xx responses"
    echo "$out" | field "Requests/sec:"
}
compare() {  # name, zviewer url, reference url, extra wrk args
    local name="$1" ours="$2" theirs="$3"; shift 3
    local a=() b=() pair
    for pair in $(seq "$PAIRS"); do
        if (( pair % 2 )); then
            a+=("$(media_run "$ours" "$@")"); b+=("$(media_run "$theirs" "$@")")
        else
            b+=("$(media_run "$theirs" "$@")"); a+=("$(media_run "$ours" "$@")")
        fi
    done
    read -r "zv[$name]" "ng[$name]" "ratio[$name]" "spread[$name]" < <(python3 - "${a[*]}" "${b[*]}" <<'PY'
import statistics, sys
ours = [float(x) for x in sys.argv[1].split()]
theirs = [float(x) for x in sys.argv[2].split()]
ratios = sorted(x / y for x, y in zip(ours, theirs))
print(f"{statistics.median(ours):.0f} {statistics.median(theirs):.0f} {statistics.median(ratios):.2f}x {ratios[0]:.2f}-{ratios[-1]:.2f}")
PY
)
    rss_trail="$rss_trail $(rss_mib)"
}
Q="token=$MEDIA_TOKEN"
NG="http://127.0.0.1:$NGINX_PORT"
RANGE=(-H "Range: bytes=65536-131071")
log "media: $PAIRS alternating pairs of ${PAIR_SECONDS}s runs per comparison"
compare seg "$API/media/$VIDEO/$SEGMENT?$Q" "$NG/$SEGMENT"
compare range "$API/media/$VIDEO/$SEGMENT?$Q" "$NG/$SEGMENT" "${RANGE[@]}"
compare list "$API/media/$VIDEO/hls-1080p.m3u8?$Q" "$NG/hls-1080p.m3u8"
compare long "$API/media/$VIDEO/$LONG_LIST?$Q" "$NG/$LONG_LIST"
# nginx sending a static copy of what zviewer sends for it (the tokens make it several times the stored file).
curl -fs "$API/media/$VIDEO/$LONG_LIST?$Q" > "$MEDIA_DIR/rendered-$LONG_LIST"
LONG_SENT_BYTES=$(stat -c %s "$MEDIA_DIR/rendered-$LONG_LIST")
compare long_sent "$API/media/$VIDEO/$LONG_LIST?$Q" "$NG/rendered-$LONG_LIST"
compare master "$API/media/$VIDEO/master.m3u8?$Q" "$NG/master.m3u8"
compare mpd "$API/media/$VIDEO/manifest.mpd?$Q" "$NG/manifest.mpd"
# The signed URL of the same segment as the 1080p playlist gives it, fetched from nginx's secure_link location.
SIGNED=$(curl -fs "$API/media/$VIDEO/hls-1080p.m3u8?$Q" | grep -m1 "^$SEGMENT?")
compare sl_seg "http://127.0.0.1:$SECURE_LINK_PORT/media/$VIDEO/$SIGNED" "$NG/$SEGMENT"
compare sl_range "http://127.0.0.1:$SECURE_LINK_PORT/media/$VIDEO/$SIGNED" "$NG/$SEGMENT" "${RANGE[@]}"

mbs() { python3 -c "print(f'{float($1) * $2 / 1e6:.0f}')"; }
echo
echo "== heartbeats ($SESSIONS live sessions, wrk -t2 -c$CONNECTIONS, ${SECONDS_EACH}s, $CONFIG build) =="
printf '%-44s %12s %10s %10s\n' "" "ops/s" "p50" "p99"
printf '%-44s %12s %10s %10s\n' "zviewer POST /playback/{id}/heartbeat" "$hb_rps" "$hb_p50" "$hb_p99"
echo "  (the median of $HB_ROUNDS rounds: $hb_rounds)"
printf '%-44s %12s %10s %10s\n' "zviewer GET /health (the framework's floor)" "$health_rps" "$health_p50" "$health_p99"
echo "heartbeats / health: $(python3 -c "print(f'{float(\"$hb_rps\") / float(\"$health_rps\"):.2f}x')") (target: at least 0.50x)"
printf '%-44s %12s %10s %10s\n' "redis-benchmark, same EVALSHA (-c 50)" "$redis_rps" "${redis_p50}ms" "${redis_p99}ms"
echo "zviewer and redis-benchmark reach Redis over its $redis_via ($REDIS_URL)"
echo "CPU per heartbeat (the heartbeat rounds): $hb_cpu"
echo "non-2xx heartbeat responses: ${hb_bad:-0}"
echo "sessions with a heartbeat in PostgreSQL (batched writes): $pg_rows"
echo
echo "== media ($SEGMENT = $SEGMENT_BYTES bytes; wrk -t2 -c$CONNECTIONS; $PAIRS alternating pairs of ${PAIR_SECONDS}s runs each) =="
row() { printf '%-28s %12s %12s %10s %14s\n' "$1" "${zv[$2]}" "${ng[$2]}" "${ratio[$2]}" "${spread[$2]}"; }
printf '%-28s %12s %12s %10s %14s\n' "" "zviewer r/s" "nginx r/s" "ratio" "pair ratios"
row "segment (full)" seg
row "segment (64 KiB Range)" range
row "media playlist" list
row "playlist of a 2 h film" long
row "  nginx sending zviewer's" long_sent
row "master playlist" master
row "DASH manifest (MPD)" mpd
row "segment, secure_link mode" sl_seg
row "64 KiB Range, secure_link" sl_range
echo "(r/s: medians of the pairs' runs; ratio: the median of the pairs' ratios, then their lowest and highest)"
echo "(2 h film: 1,800 segments; nginx sends the stored playlist, $LONG_STORED_BYTES bytes; zviewer sends it with the stream's token and signature in every URL, $LONG_SENT_BYTES bytes, which the next row has nginx send as a static file)"
echo "(secure_link mode: nginx serves the zviewer-signed URL from the playlist itself, checking its MD5 signature)"
echo "segment throughput: zviewer $(mbs "${zv[seg]}" "$SEGMENT_BYTES") MB/s, nginx $(mbs "${ng[seg]}" "$SEGMENT_BYTES") MB/s"
echo "zviewer RSS: ${rss_before} MiB before the media runs, then after each comparison:${rss_trail} MiB (GLIBC_TUNABLES=${GLIBC_TUNABLES:-})"
if [ "$HOLD" = 1 ]; then
    {
        for name in DATABASE_URL REDIS_URL JWT_SECRET LOG_LEVEL LOG_FORMAT BCRYPT_COST HTTP_PORT DATA_DIR \
            RATE_LIMIT_AUTH_PER_MINUTE RATE_LIMIT_USER_PER_MINUTE RATE_LIMIT_ANONYMOUS_PER_MINUTE; do
            printf 'export %s=%q\n' "$name" "${!name}"
        done
        printf 'BIN=%q VIDEO=%q MEDIA_TOKEN=%q SERVER_PID=%q\n' "$BIN" "$VIDEO" "$MEDIA_TOKEN" "$server_pid"
    } > "$BENCH_DIR/env.sh"
    log "holding (settings in $BENCH_DIR/env.sh); Ctrl-C stops everything"
    sleep infinity & wait $!
fi
