#!/usr/bin/env bash
# Soak at saturation: `concord serve` on a loopback port with a temporary index, then wrk with
# 32 connections for DURATION seconds against a rotating mix, in equal thirds, of
# /api/v1/search and /search (the judged queries http.sh uses, every third of
# tests/relevance.toml) and article pages (every article the API lists). The server's resident
# memory (VmRSS in /proc/PID/status) is sampled every second.
#
# Fails (exit 1) on any socket error or answer outside 2xx/3xx, if the server dies, or if memory
# is not flat: flat means the RSS at the end of the run is at most the RSS after the warm-up plus
# the larger of 10 % and 8 MiB. Prints RSS at start, after the warm-up, at its peak and at the end,
# requests/s and p50/p99 latency.
#
#   bash benches/soak.sh                          # 60 s, 10 s warm-up
#   PROFILE=bench DURATION=20 bash benches/soak.sh  # CI
#
# Environment: DURATION (s, default 60), WARMUP (s, default 10, at most half of DURATION),
# CONNECTIONS (32), THREADS (2), PORT (first free from 38520), PROFILE (cargo profile to build,
# default release), CONCORD_BIN (skip the build and use this binary). Only 127.0.0.1 is
# contacted; the run is bounded by wrk's -d and a timeout, and the server is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/lib.sh
. benches/lib.sh

DURATION=${DURATION:-60}
WARMUP=${WARMUP:-10}
if [ "$WARMUP" -gt $((DURATION / 2)) ]; then WARMUP=$((DURATION / 2)); fi
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
HOST=127.0.0.1
# Allowed growth from the warm-up to the end: the larger of this share and this many KiB.
GROWTH_PERCENT=10
GROWTH_FLOOR_KB=$((8 * 1024))

need_wrk
concord_bin

PORT=${PORT:-$(free_port 38520 38720)}
BASE="http://$HOST:$PORT"

WORK=$(mktemp -d)
SERVER=""
SAMPLER=""
cleanup() {
  if [ -n "$SAMPLER" ]; then kill "$SAMPLER" 2>/dev/null || true; fi
  stop_process "$SERVER"
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "load average (1/5/15 min) at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "--- starting $CONCORD_BIN serve on $BASE (index in $WORK/index)"
NO_COLOR=1 "$CONCORD_BIN" --corpus corpus --index "$WORK/index" serve --addr "$HOST:$PORT" \
  >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 600); do
  curl -fsS --max-time 1 "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.1
done
curl -fsS --max-time 2 "$BASE/healthz" >/dev/null || { echo "the server did not answer"; exit 1; }

# Every article page the API lists (paragraph links have a further /para/ and are left out).
curl -fsS --max-time 5 "$BASE/api/v1/treaties" | grep -oE '"id":"[a-z0-9-]+"' | sort -u |
  sed -E 's/"id":"(.*)"/\1/' >"$WORK/treaties"
: >"$WORK/articles"
while read -r treaty; do
  curl -fsS --max-time 5 "$BASE/api/v1/treaties/$treaty" |
    grep -oE "\"url\":\"/$treaty/art/[^\"#/]+\"" | sed -E 's/"url":"(.*)"/\1/' | sort -u \
    >>"$WORK/articles"
done <"$WORK/treaties"
[ -s "$WORK/articles" ] || { echo "the API lists no articles"; exit 1; }

# The mix, as Lua tables of long strings: every third judged query, and the article paths.
{
  query_mix_lua
  echo "local articles = {"
  awk '{ print "  [==[" $0 "]==]," }' "$WORK/articles"
  echo "}"
  wrk_paths_lua
  cat <<'LUA'
function init(args)
  -- In equal thirds: each article once a round, the queries over and over beside them.
  for k, article in ipairs(articles) do
    local q = encode(queries[(k - 1) % #queries + 1])
    paths[#paths + 1] = "/api/v1/search?q=" .. q
    paths[#paths + 1] = article
    paths[#paths + 1] = "/search?q=" .. q
  end
  i = (offset or 0) % #paths
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d errors=%d status=%d paths=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.timeout, e.status, #paths))
end
LUA
} >"$WORK/mix.lua"

# Every kind of page answers before the load starts.
curl -fsS --max-time 5 -o /dev/null "$BASE/api/v1/search?q=illegal+access"
curl -fsS --max-time 5 -o /dev/null "$BASE/search?q=illegal+access"
curl -fsS --max-time 5 -o /dev/null "$BASE$(head -1 "$WORK/articles")"

rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$SERVER/status"; }
# VmRSS in KiB and the number of threads (the blocking pool grows and shrinks with the load).
rss_threads() { awk '$1 == "VmRSS:" { r = $2 } $1 == "Threads:" { t = $2 } END { print r, t }' \
  "/proc/$SERVER/status"; }
START_KB=$(rss_kb)

# One sample a second on the clock (a late one does not delay the next): milliseconds since
# the load started, VmRSS in KiB, threads.
STARTED=$(date +%s%N)
(
  k=0
  while kill -0 "$SERVER" 2>/dev/null; do
    echo "$((($(date +%s%N) - STARTED) / 1000000)) $(rss_threads)"
    k=$((k + 1))
    wait_ns=$((STARTED + k * 1000000000 - $(date +%s%N)))
    if [ "$wait_ns" -gt 0 ]; then
      sleep "$(printf '%d.%09d' $((wait_ns / 1000000000)) $((wait_ns % 1000000000)))"
    fi
  done
) >"$WORK/rss" &
SAMPLER=$!

echo "--- wrk: ${DURATION}s, $CONNECTIONS connections, $THREADS threads," \
  "$(wc -l <"$WORK/articles") articles and the query mix"
OUT=$(timeout $((DURATION + 60)) \
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$WORK/mix.lua" "$BASE")
echo "$OUT" | grep -v '^RESULT'
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=""
ALIVE=yes
kill -0 "$SERVER" 2>/dev/null || ALIVE=no

field() { echo "$OUT" | grep '^RESULT' | sed -E "s/.* $1=([0-9]+).*/\1/"; }
REQUESTS=$(field requests)
DURATION_US=$(field duration_us)
P50=$(field p50_us)
P99=$(field p99_us)
ERRORS=$(field errors)
STATUS=$(field status)

# The samples taken under load (the sampler stopped with wrk); the warm-up one is the first at
# or after WARMUP seconds.
awk '$3 != ""' "$WORK/rss" >"$WORK/under-load"
WARM_KB=$(awk -v w=$((WARMUP * 1000)) '$1 >= w { print $2; exit }' "$WORK/under-load")
END_KB=$(tail -1 "$WORK/under-load" | cut -d' ' -f2)
PEAK_KB=$(sort -k2,2n "$WORK/under-load" | tail -1 | cut -d' ' -f2)
SAMPLES=$(wc -l <"$WORK/under-load")
ALLOWED_KB=$(awk -v w="$WARM_KB" -v p="$GROWTH_PERCENT" -v f="$GROWTH_FLOOR_KB" \
  'BEGIN { g = w * p / 100; if (g < f) g = f; printf "%d", w + g }')
# Least-squares slope of RSS over the samples after the warm-up, in MiB a minute.
SLOPE=$(awk -v w=$((WARMUP * 1000)) '$1 >= w { n++; x = $1 / 60000; y = $2 / 1024;
  sx += x; sy += y; sxx += x * x; sxy += x * y }
  END { d = n * sxx - sx * sx; if (n > 1 && d > 0) printf "%+.2f", (n * sxy - sx * sy) / d; else print "n/a" }' \
  "$WORK/under-load")
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo
echo "RSS (MiB) every 5 s under load:" \
  "$(awk 'NR % 5 == 1 { printf "%s%.0f", sep, $2 / 1024; sep = " " }' "$WORK/under-load")"
echo "threads every 5 s under load:   " \
  "$(awk 'NR % 5 == 1 { printf "%s%d", sep, $3; sep = " " }' "$WORK/under-load")"
echo "== Soak: ${DURATION}s at saturation ($CONNECTIONS connections, $THREADS wrk threads)," \
  "$(nproc) cores shared by wrk and the server"
printf '%-28s %s\n' "requests" "$REQUESTS" \
  "requests/s" "$(awk -v r="$REQUESTS" -v d="$DURATION_US" 'BEGIN { printf "%.0f", r / (d / 1e6) }')" \
  "latency p50 / p99 (ms)" "$(awk -v a="$P50" -v b="$P99" 'BEGIN { printf "%.2f / %.2f", a / 1000, b / 1000 }')" \
  "socket errors" "$ERRORS" \
  "non-2xx/3xx answers" "$STATUS" \
  "RSS at start (MiB)" "$(mib "$START_KB")" \
  "RSS after ${WARMUP}s warm-up (MiB)" "$(mib "$WARM_KB")" \
  "RSS peak (MiB)" "$(mib "$PEAK_KB")" \
  "RSS at end (MiB)" "$(mib "$END_KB")" \
  "RSS allowed at end (MiB)" "$(mib "$ALLOWED_KB") (warm-up + max(${GROWTH_PERCENT} %, $(mib "$GROWTH_FLOOR_KB") MiB))" \
  "RSS trend after warm-up" "$SLOPE MiB/min over $SAMPLES samples"
echo "load average (1/5/15 min) at end: $(cut -d' ' -f1-3 /proc/loadavg)"
PANICS=$(grep -ciE 'panic' "$WORK/server.log" || true)
echo "server log lines mentioning panic: $PANICS"

FAILED=""
[ "$ALIVE" = yes ] || FAILED="$FAILED the server died;"
[ "$ERRORS" -eq 0 ] || FAILED="$FAILED $ERRORS socket errors;"
[ "$STATUS" -eq 0 ] || FAILED="$FAILED $STATUS answers outside 2xx/3xx;"
[ "$PANICS" -eq 0 ] || FAILED="$FAILED $PANICS panics logged;"
[ "$END_KB" -le "$ALLOWED_KB" ] ||
  FAILED="$FAILED memory grew from $(mib "$WARM_KB") to $(mib "$END_KB") MiB;"
if [ "$SAMPLES" -lt $((DURATION - 2)) ]; then
  FAILED="$FAILED only $SAMPLES RSS samples in ${DURATION}s;"
fi
if [ -n "$FAILED" ]; then
  echo "SOAK FAILED:$FAILED"
  exit 1
fi
echo "soak passed: no errors, memory flat"
