#!/usr/bin/env bash
# Cold start: the time from launching `concord serve` to the first successful
# /api/v1/search answer, with the index folder missing (the server builds it) and with the
# index present. The clock starts just before the launch; curl polls every 5 ms or so (each
# poll costs a few ms of its own, so figures are upper bounds within that).
#
#   bash benches/coldstart.sh            # 5 launches per case
#   DURATION=1 bash benches/coldstart.sh # CI: 1 launch per case (RUNS=N overrides)
#
# Environment: RUNS, PORT, PROFILE (cargo profile to build, default release), CONCORD_BIN (skip
# the build and use this binary). Only 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/lib.sh
. benches/lib.sh

if [ -z "${RUNS:-}" ]; then
  if [ "${DURATION:-15}" -le 2 ]; then RUNS=1; else RUNS=5; fi
fi
HOST=127.0.0.1
QUERY="/api/v1/search?q=illegal+access"

concord_bin

PORT=${PORT:-$(free_port 38300 38500)}

WORK=$(mktemp -d)
SERVER=""
stop() {
  stop_process "$SERVER"
  if [ -n "$SERVER" ]; then wait "$SERVER" 2>/dev/null || true; fi
  SERVER=""
}
trap 'stop; rm -rf "$WORK"' EXIT

# One launch: sets LAST to the milliseconds to the first 200 from the search API.
LAST=""
launch() {
  local start now
  start=$(date +%s%N)
  NO_COLOR=1 "$CONCORD_BIN" --corpus corpus --index "$WORK/index" serve --addr "$HOST:$PORT" \
    >"$WORK/server.log" 2>&1 &
  SERVER=$!
  while true; do
    if curl -fs --max-time 2 -o /dev/null "http://$HOST:$PORT$QUERY" 2>/dev/null; then
      now=$(date +%s%N)
      break
    fi
    if ! kill -0 "$SERVER" 2>/dev/null; then
      cat "$WORK/server.log" >&2
      echo "the server exited" >&2
      return 1
    fi
    now=$(date +%s%N)
    if [ $(( (now - start) / 1000000 )) -gt 60000 ]; then
      echo "no answer within 60 s" >&2
      return 1
    fi
    sleep 0.005
  done
  stop
  LAST=$(( (now - start) / 1000000 ))
}

summary() {
  sort -n | awk '{ v[NR] = $1; s += $1 } END {
    printf "%6d %8d %8d %8d %8.0f", NR, v[1], v[int((NR + 1) / 2)], v[NR], s / NR }'
}

MISSING=()
PRESENT=()
READY=()
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/index"
  launch
  MISSING+=("$LAST")
  READY+=("$(grep -oE '(built the index.*|ready in .*)' "$WORK/server.log" | paste -sd ';' || true)")
  launch
  PRESENT+=("$LAST")
done

echo
echo "== cold start: launch → first 200 from $QUERY ($RUNS launches each, port $PORT)"
printf '%-22s %6s %8s %8s %8s %8s\n' case runs 'min ms' 'p50 ms' 'max ms' 'mean ms'
printf '%-22s %s\n' "index missing" "$(printf '%s\n' "${MISSING[@]}" | summary)"
printf '%-22s %s\n' "index present" "$(printf '%s\n' "${PRESENT[@]}" | summary)"
echo "server's own log when it built: ${READY[0]}"
echo "load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
