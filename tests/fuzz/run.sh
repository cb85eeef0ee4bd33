#!/usr/bin/env bash
# Fuzzes Concord: the query path (search), the citation parser (citation), the cross-reference
# scanner (xref) and the Markdown corpus parser (corpus), DURATION seconds each (default 180).
# Not part of CI.
#
#   tests/fuzz/run.sh                 # every target
#   DURATION=600 tests/fuzz/run.sh corpus search
#   MODE=plain tests/fuzz/run.sh      # force the plain (stable) build
#
# MODE=auto (default) uses libFuzzer through cargo-fuzz when a nightly toolchain is installed,
# installing cargo-fuzz from crates.io if it is missing; otherwise, or if that fails, it runs
# the same targets as plain programs that replay the seeds and mutate them at random (not
# coverage-guided, but they run on stable). A nightly toolchain cannot be downloaded on a
# machine whose only network is the package registries: rustup's servers are not among them,
# so there the plain mode is what runs unless nightly came with the machine.
#
# Crashing inputs land in target/fuzz-work/artifacts/<target>/; reported bugs are tolerated
# (counted, not crashed on) unless FUZZ_STRICT=1. Keep a crash as a regression test in
# tests/properties.rs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DURATION="${DURATION:-180}"
MODE="${MODE:-auto}"
if [ "$#" -gt 0 ]; then
    TARGETS=("$@")
else
    TARGETS=(search citation xref corpus)
fi

# Builds stay out of the main target folder (other flags, other profile).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target/fuzz}"
WORK="$ROOT/target/fuzz-work"
export CONCORD_FUZZ_INDEX="$WORK/index"
mkdir -p "$WORK"

log() { printf '== %s\n' "$*" >&2; }

have_nightly() {
    command -v rustup >/dev/null 2>&1 && rustup toolchain list 2>/dev/null | grep -q '^nightly'
}

ensure_cargo_fuzz() {
    if cargo fuzz --version >/dev/null 2>&1; then
        return 0
    fi
    log "cargo-fuzz is missing: installing it from crates.io"
    cargo install cargo-fuzz --locked
}

if [ "$MODE" = auto ]; then
    if have_nightly && ensure_cargo_fuzz; then
        MODE=libfuzzer
    else
        if ! have_nightly; then
            log "no nightly toolchain (cargo-fuzz needs one); trying to install it"
            if ! rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
                log "nightly cannot be installed here (no network but the package registries):"
                log "running the targets as plain programs instead"
            fi
        fi
        if have_nightly && ensure_cargo_fuzz; then
            MODE=libfuzzer
        else
            MODE=plain
        fi
    fi
fi
log "mode: $MODE, ${DURATION}s per target: ${TARGETS[*]}"

# Extra seeds beyond tests/fuzz/seeds: the real corpus files for the corpus parser.
extra_seeds() {
    case "$1" in
        corpus) echo "$ROOT/corpus/budapest-p1.md" ;;
        *) ;;
    esac
}

max_len() {
    case "$1" in
        corpus) echo 65536 ;;
        *) echo 4096 ;;
    esac
}

failed=()
if [ "$MODE" = libfuzzer ]; then
    for t in "${TARGETS[@]}"; do
        corpus="$WORK/corpus/$t"
        artifacts="$WORK/artifacts/$t"
        mkdir -p "$corpus" "$artifacts"
        cp "$HERE/seeds/$t/"* "$corpus/" 2>/dev/null || true
        for s in $(extra_seeds "$t"); do cp "$s" "$corpus/"; done
        log "libFuzzer: $t"
        if ! cargo +nightly fuzz run "$t" --fuzz-dir "$HERE" "$corpus" -- \
            -max_total_time="$DURATION" -max_len="$(max_len "$t")" -rss_limit_mb=4096 \
            -artifact_prefix="$artifacts/" -print_final_stats=1; then
            failed+=("$t")
        fi
    done
else
    cargo build --release --manifest-path "$HERE/Cargo.toml" --bins
    for t in "${TARGETS[@]}"; do
        log "plain: $t"
        # shellcheck disable=SC2046
        if ! "$CARGO_TARGET_DIR/release/$t" --duration "$DURATION" --out "$WORK/artifacts/$t" \
            "$HERE/seeds/$t" $(extra_seeds "$t"); then
            failed+=("$t")
        fi
    done
fi

if [ "${#failed[@]}" -gt 0 ]; then
    log "failed (a crash, or a build error above): ${failed[*]}; crashing inputs in $WORK/artifacts/"
    exit 1
fi
log "no crashes"
