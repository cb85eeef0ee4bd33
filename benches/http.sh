#!/usr/bin/env bash
# HTTP under load: `concord serve` on a loopback port with a temporary index, then wrk against
# /healthz, /api/v1/search (a rotating mix of judged queries, every third of
# tests/relevance.toml, URL-encoded) and /search (the HTML page, same mix). Records requests/s,
# p50/p99 latency, errors and the server's peak RSS (VmHWM from /proc/PID/status).
#
#   bash benches/http.sh                 # 15 s per endpoint, 32 connections, 2 threads
#   DURATION=1 bash benches/http.sh      # CI: one second each
#
# Environment: DURATION (s, default 15), CONNECTIONS (32), THREADS (2), PORT (first free from
# 38080), PROFILE (cargo profile to build, default release), CONCORD_BIN (skip the build and
# use this binary). Only 127.0.0.1 is contacted; every run is bounded by wrk's -d and a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/lib.sh
. benches/lib.sh

DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
HOST=127.0.0.1

need_wrk
concord_bin

PORT=${PORT:-$(free_port 38080 38280)}
BASE="http://$HOST:$PORT"

WORK=$(mktemp -d)
SERVER=""
cleanup() {
  stop_process "$SERVER"
  rm -rf "$WORK"
}
trap cleanup EXIT

# The query mix: every third judged query, as a Lua table of long strings.
{
  query_mix_lua
  wrk_paths_lua
  cat <<'LUA'
local route = os.getenv("CONCORD_WRK_ROUTE") or "/healthz"
function init(args)
  if route == "/healthz" then
    paths = { "/healthz" }
  else
    for k, q in ipairs(queries) do paths[k] = route .. "?q=" .. encode(q) end
  end
  i = (offset or 0) % #paths
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%.0f max_us=%d errors=%d status=%d queries=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, e.connect + e.read + e.write + e.timeout, e.status, #queries))
end
LUA
} >"$WORK/mix.lua"

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
# Every route answers 200 before it is loaded.
curl -fsS --max-time 5 -o /dev/null "$BASE/api/v1/search?q=illegal+access"
curl -fsS --max-time 5 -o /dev/null "$BASE/search?q=illegal+access"

status_kb() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$SERVER/status"; }
echo "server VmRSS after start: $(( $(status_kb VmRSS) / 1024 )) MiB"

ROWS=()
run() {
  local name=$1 route=$2
  echo "--- wrk $route: ${DURATION}s, $CONNECTIONS connections, $THREADS threads"
  local out
  out=$(CONCORD_WRK_ROUTE=$route timeout $((DURATION + 60)) \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$WORK/mix.lua" "$BASE")
  echo "$out" | grep -v '^RESULT'
  local result
  result=$(echo "$out" | grep '^RESULT')
  local requests duration p50 p99 errors status
  requests=$(echo "$result" | sed -E 's/.*requests=([0-9]+).*/\1/')
  duration=$(echo "$result" | sed -E 's/.*duration_us=([0-9]+).*/\1/')
  p50=$(echo "$result" | sed -E 's/.*p50_us=([0-9]+).*/\1/')
  p99=$(echo "$result" | sed -E 's/.*p99_us=([0-9]+).*/\1/')
  errors=$(echo "$result" | sed -E 's/.* errors=([0-9]+).*/\1/')
  status=$(echo "$result" | sed -E 's/.* status=([0-9]+).*/\1/')
  local rps
  rps=$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  ROWS+=("$(printf '%-16s %10s %10.2f %10.2f %8s %8s %10s %10s' "$name" "$rps" \
    "$(awk -v x="$p50" 'BEGIN { print x / 1000 }')" "$(awk -v x="$p99" 'BEGIN { print x / 1000 }')" \
    "$errors" "$status" "$(( $(status_kb VmHWM) / 1024 ))" "$(( $(status_kb VmRSS) / 1024 ))")")
  eval "RPS_${name//[^a-z]/_}=$rps"
}

run healthz /healthz
run api /api/v1/search
run html /search

echo
echo "== HTTP under load: ${DURATION}s each, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores shared by wrk and the server"
printf '%-16s %10s %10s %10s %8s %8s %10s %10s\n' endpoint 'req/s' 'p50 ms' 'p99 ms' 'sockerr' 'non-2xx' 'VmHWM MiB' 'VmRSS MiB'
for row in "${ROWS[@]}"; do echo "$row"; done
awk -v a="$RPS_api" -v h="$RPS_healthz" -v s="$RPS_html" \
  'BEGIN { printf "ratio /api/v1/search to /healthz: %.3f; /search (HTML) to /api/v1/search: %.3f\n", a / h, s / a }'
echo "load average (1/5/15 min) at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server log lines mentioning error or panic: $(grep -ciE 'error|panic' "$WORK/server.log" || true)"
