#!/usr/bin/env bash
# Runs every fuzz target for a bounded time, on the stable toolchain (no cargo-fuzz, no nightly):
# the targets in fuzz/fuzz_targets/ are built with libFuzzer's coverage flags, as cargo-fuzz
# would build them without a sanitizer, and each runs for SECONDS (default 60).
#
#   scripts/fuzz.sh [SECONDS]              every target
#   FUZZ_TARGETS="base64_decoder" scripts/fuzz.sh 300
#
# New inputs are kept in fuzz/corpus/<target>/ (not committed) and grow from run to run; the
# committed seeds are in fuzz/seeds/<target>/, and the suite and profile targets also start from
# the bundled suites and the test fixtures. A crash is saved in fuzz/artifacts/<target>/ and
# stops the script: replay it with `<binary> <file>`, then add a regression test next to the
# code it breaks.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
targets=(${FUZZ_TARGETS:-suite_loader profile_loader payload_decoder base64_decoder signature_parser})
host="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
# The flags cargo-fuzz passes for `--sanitizer none`. An explicit --target keeps them off build
# scripts and proc macros, which must not be instrumented.
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"

echo "== build (release, $host)"
(cd fuzz && cargo build --release --target "$host" --bins)

for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  extra=()
  case "$t" in
    suite_loader) extra=(suites tests/fixtures/bad_suites tests/fixtures/hostile) ;;
    profile_loader) extra=(tests/fixtures/bad_profiles) ;;
  esac
  echo "== $t for ${seconds}s"
  "$CARGO_TARGET_DIR/$host/release/$t" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" \
    "$corpus" "fuzz/seeds/$t" "${extra[@]}" 2>&1 \
    | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|.*panicked|Test unit written)' || true
  if [ -n "$(ls -A "fuzz/artifacts/$t")" ]; then
    echo "!! $t: findings in fuzz/artifacts/$t"; exit 1
  fi
done
