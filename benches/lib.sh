# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): wrk and the Lua its scripts share, the
# concord binary, a free loopback port and stopping a server. Expects HOST to be set and the
# working folder to be the repo.

# Installs wrk from Debian's packages if it is missing.
need_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    echo "--- installing wrk"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
}

# Sets CONCORD_BIN, building it with cargo's PROFILE (default release) unless it is set.
# PROFILE=bench reuses what `cargo bench` compiled (same settings as release, own artifacts).
concord_bin() {
  if [ -n "${CONCORD_BIN:-}" ]; then
    return
  fi
  PROFILE=${PROFILE:-release}
  echo "--- cargo build --profile $PROFILE"
  cargo build --profile "$PROFILE" --quiet --bin concord
  local dir
  case "$PROFILE" in
    release | bench) dir=release ;;
    dev | test) dir=debug ;;
    *) dir=$PROFILE ;;
  esac
  CONCORD_BIN="${CARGO_TARGET_DIR:-target}/$dir/concord"
}

# Prints the first port from $1 to $2 that nothing listens on.
free_port() {
  for p in $(seq "$1" "$2"); do
    if ! (exec 3<>"/dev/tcp/$HOST/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "no free port in $1-$2" >&2
  return 1
}

# Stops process $1: SIGTERM, up to 5 s to finish, then SIGKILL.
stop_process() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

# Prints, as a Lua table named `queries`, every third judged query of tests/relevance.toml.
query_mix_lua() {
  echo "local queries = {"
  grep -E '^q = "' tests/relevance.toml | sed -E 's/^q = "(.*)"$/\1/; s/\\"/"/g' |
    awk 'NR % 3 == 1 { print "  [==[" $0 "]==]," }'
  echo "}"
}

# Prints the Lua the wrk scripts share: `encode` (URL encoding), a `paths` list that the
# script's `init` fills and that each thread walks round from its own offset, and `request`.
wrk_paths_lua() {
  cat <<'LUA'
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {}
local i = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 17)
  threads = threads + 1
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
}
