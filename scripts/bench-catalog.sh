#!/usr/bin/env bash
# Catalog benchmark (figures, not a pass/fail test). Starts its own PostgreSQL and Redis under .data/bench-catalog and a
# release build of zviewer, seeds 100,000 videos (1,000 series of 10 episodes) across genres, languages, ratings,
# regions, windows and schedules, then for five representative filter sets and for deep pagination (page 200) prints
# p50/p95/p99 of GET /api/v1/catalog next to the very SQL that request ran, timed by psql in the same run (the
# floor), the ratio, and the EXPLAIN of each statement.
#   scripts/bench-catalog.sh [--requests N] [--debug]
source "$(dirname "$0")/common.sh"
cd "$ROOT"

REQUESTS=300 CONFIG=release
while [ $# -gt 0 ]; do
    case "$1" in
        --requests) REQUESTS="$2"; shift 2 ;;
        --debug) CONFIG=debug; shift ;;
        *) die "unknown option $1" ;;
    esac
done

ensure_packages python3
BENCH_DIR="$ROOT/.data/bench-catalog"
PG_PORT=55732 REDIS_PORT=56679 API_PORT=58480
cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
    stop_postgres "$BENCH_DIR/postgres"
    stop_redis "$REDIS_PORT"
}
trap cleanup EXIT
bench_stores
export RATE_LIMIT_ANONYMOUS_PER_MINUTE=1000000 GEO_COUNTRY_HEADER=CF-IPCountry TRUSTED_PROXIES=127.0.0.1/32
SERVE_ARGS="--role api" bench_server  # no job workers: only the requests measured reach PostgreSQL
curl -fs "http://127.0.0.1:$API_PORT/ready" >/dev/null || die "zviewer did not start (see $BENCH_DIR/server.log)"
PSQL=("$(pg_bin)/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U zviewer -d zviewer_bench -v ON_ERROR_STOP=1)

log "seeding 100,000 videos (1,000 series x 10 episodes) and 100 channels"
"${PSQL[@]}" <<'SQL'
INSERT INTO users (id, email, display_name, password_hash)
SELECT gen_random_uuid(), 'channel' || i || '@example.com', 'Channel ' || i, 'x' FROM generate_series(1, 100) i;
CREATE TEMP TABLE owners AS SELECT row_number() OVER () AS n, id FROM users;
INSERT INTO series (id, owner_id, title, genres, maturity, language, created_at)
SELECT gen_random_uuid(), (SELECT id FROM owners WHERE n = 1 + i % 100), 'Series ' || md5(i::text),
       ARRAY[(ARRAY['drama','comedy','action','sci-fi','documentary','kids'])[1 + i % 6]], (i % 5)::smallint,
       (ARRAY['en','de','fr','es','ja','pt-BR'])[1 + i % 6], now() - (i || ' hours')::interval
FROM generate_series(1, 1000) i;
INSERT INTO seasons (series_id, number, title) SELECT id, 1, 'Season 1' FROM series;
CREATE TEMP TABLE g AS SELECT array_agg(slug ORDER BY sort_order) AS slugs FROM genres;
INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, created_at, updated_at, kind, genres, maturity,
                    language, release_year, available_from, available_until, region_mode, region_countries, publish_at,
                    view_count)
SELECT gen_random_uuid(), (SELECT id FROM owners WHERE n = 1 + i % 100), 'Video ' || md5(i::text),
       CASE WHEN i % 10 = 0 THEN 'unlisted' WHEN i % 23 = 0 THEN 'private' ELSE 'public' END,
       CASE WHEN i % 97 = 0 THEN 'processing' ELSE 'ready' END, 1000,
       now() - (i || ' minutes')::interval, now(),
       CASE WHEN i % 5 < 2 THEN 'movie' ELSE 'clip' END,
       ARRAY[(SELECT slugs[1 + i % 20] FROM g), (SELECT slugs[1 + (i / 20) % 20] FROM g)],
       (i % 5)::smallint, (ARRAY['en','de','fr','es','ja','pt-BR','en-GB'])[1 + i % 7], 1950 + i % 77,
       CASE WHEN i % 41 = 0 AND i % 43 <> 0 THEN now() + interval '30 days' END, CASE WHEN i % 43 = 0 THEN now() - interval '1 day' END,
       CASE WHEN i % 10 = 3 THEN 'allow' WHEN i % 10 = 7 THEN 'deny' END,
       CASE WHEN i % 10 = 3 THEN ARRAY['DE','FR'] WHEN i % 10 = 7 THEN ARRAY['US'] ELSE '{}' END,
       CASE WHEN i % 47 = 0 THEN now() + interval '7 days' END, (i * 7919) % 100000
FROM generate_series(1, 90000) i;
-- 10 episodes per series.
INSERT INTO videos (id, owner_id, title, visibility, status, size_bytes, created_at, updated_at, kind, genres, maturity,
                    language, release_year, view_count, series_id, season_number, episode_number)
SELECT gen_random_uuid(), s.owner_id, s.title || ' E' || e, 'public', 'ready', 1000, now() - (e || ' days')::interval, now(),
       'episode', s.genres, s.maturity, s.language, 2000 + e, e * 13, s.id, 1, e
FROM series s CROSS JOIN generate_series(1, 10) e;
VACUUM ANALYZE;
SQL
"${PSQL[@]}" -At -c "SELECT count(*) || ' videos, ' || (SELECT count(*) FROM series) || ' series' FROM videos"

log "measuring ($REQUESTS requests per case, one keep-alive connection; psql runs the same statements)"
BENCH_PGDATA="$(pg_dir "$BENCH_DIR/postgres")" python3 - "$API_PORT" "$REQUESTS" "${PSQL[@]}" <<'PY'
import http.client, json, os, re, subprocess, sys, time, statistics
port, requests, psql = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
log_path = os.environ["BENCH_PGDATA"] + "/server.log"
headers = {"CF-IPCountry": "DE"}
conn = http.client.HTTPConnection("127.0.0.1", port)

def get(path):
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200: raise SystemExit(f"{path}: {r.status} {body[:300]!r}")
    return json.loads(body)

def sql(statement):
    return subprocess.run(psql + ["-At", "-c", statement], check=True, capture_output=True, text=True).stdout

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

def captured(path):
    """The statements one request runs, with their parameters, from PostgreSQL's statement log."""
    sql("ALTER SYSTEM SET log_min_duration_statement = 0"); sql("SELECT pg_reload_conf()")
    time.sleep(0.3)
    start = os.path.getsize(log_path)
    get(path)
    time.sleep(0.3)
    sql("ALTER SYSTEM RESET log_min_duration_statement"); sql("SELECT pg_reload_conf()")
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(start); text = f.read()
    statements = []
    for m in re.finditer(r"execute [^:]*: (.*?)\n(?:[^\n]*DETAIL:\s+parameters: (.*?)\n)?(?=\S|\Z)", text, re.S):
        body, params = m.group(1), m.group(2) or ""
        if "ALTER SYSTEM" in body or "pg_reload_conf" in body: continue
        values = dict((k, v) for k, v in re.findall(r"\$(\d+) = ('(?:[^']|'')*'|NULL)", params))
        body = re.sub(r"\$(\d+)", lambda x: values.get(x.group(1), "NULL"), body)
        statements.append(body.strip())
    return statements

def psql_times(statements, n):
    """Client-side time of each run of all the statements, by psql's \\timing in one session."""
    script = "\\timing on\n" + "".join(";\n".join(statements) + ";\n" for _ in range(n))
    out = subprocess.run(psql + ["-o", "/dev/null"], input=script, check=True, capture_output=True, text=True)
    times = [float(t) for t in re.findall(r"Time: ([0-9.]+) ms", out.stdout + out.stderr)]
    per = len(statements)
    return [sum(times[i:i + per]) for i in range(0, len(times) - per + 1, per)]

cases = [
    ("newest, everything", "/api/v1/catalog?limit=20"),
    ("genre drama, popular", "/api/v1/catalog?genre=drama&sort=popular&limit=20"),
    ("movies in English by title", "/api/v1/catalog?kind=movie&language=en&sort=title&limit=20"),
    ("series, comedy, 13+ profile-like (no login: adult)", "/api/v1/catalog?kind=series&genre=comedy&limit=20"),
    ("sparse: action from 2001", "/api/v1/catalog?genre=action&year=2001&limit=20"),
]
# Deep pagination: walk to page 200 of the newest list and measure that page.
cursor = None
for _ in range(199):
    page = get("/api/v1/catalog?limit=20" + (f"&cursor={cursor}" if cursor else ""))
    cursor = page["nextCursor"]
cases.append(("page 200 of newest", f"/api/v1/catalog?limit=20&cursor={cursor}"))
# The same first page with one item: what a request costs besides its items (rows decoded, JSON encoded).
cases.append(("newest, one item (per-request cost)", "/api/v1/catalog?limit=1"))

print(f"\n{'case':<52} {'zviewer p50/p95/p99 ms':>24} {'psql p50/p95/p99 ms':>22} {'p95 ratio':>9}")
plans = []
for name, path in cases:
    for _ in range(20): get(path)
    times = []
    for _ in range(requests):
        t = time.perf_counter(); get(path); times.append((time.perf_counter() - t) * 1000)
    statements = captured(path)
    floor = psql_times(statements, requests)
    z = [pct(times, p) for p in (50, 95, 99)]
    f = [pct(floor, p) for p in (50, 95, 99)]
    print(f"{name:<52} {z[0]:>7.2f} {z[1]:>7.2f} {z[2]:>7.2f}   {f[0]:>6.2f} {f[1]:>6.2f} {f[2]:>6.2f} {z[1] / max(f[1], 0.001):>8.2f}x")
    plans.append((name, statements))

print("\nEXPLAIN of every statement (a Seq Scan on videos or series would be a missing index):")
seq = 0
for name, statements in plans:
    for statement in statements:
        plan = sql("EXPLAIN " + statement)
        if re.search(r"Seq Scan on (videos|series)\b", plan): seq += 1
        print(f"\n-- {name}\n{statement[:400]}{'...' if len(statement) > 400 else ''}\n{plan}")
print(f"\nstatements with a sequential scan of videos or series: {seq}")
PY
