#!/usr/bin/env bash
# Benchmarks anyone can rerun (issue 12), on loopback only, against the bundled reference
# provider started by this script (`provider-conformance serve` on a free 127.0.0.1 port):
#   (a) the fixed-rate flow (swap `fixed rate`, one pair, 7 requests) against Hurl, same server,
#       same run;
#   (b) sweep requests/s against oha on the same /quote endpoint at the same concurrency;
#   (c) peak RSS and wall time of a 10,000-pair sweep (and oha sending the same 10,000 quotes);
#   (d) the harness's CPU per request.
# Prints a table and writes target/bench/results.md. Missing tools are installed: hyperfine
# and jq from Debian's apt, oha and hurl with `cargo install --locked` (hurl needs Debian's
# libcurl4-openssl-dev, libxml2-dev, pkg-config and libclang-dev). (b) and (c) need
# `run --sweep`; without it they are skipped with a message.
#
# Knobs (environment): RUNS (hyperfine runs per command, default 20), CONCURRENCY (default 8),
# PAIRS (sweep size for (c), default 10000), QUOTES (requests for (b), default 2000),
# SWEEP_RUNS (sweeps for (b) and (c), each followed by an oha run, default 5: the medians count;
# single runs on a loaded two-core machine vary by half).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
CONCURRENCY=${CONCURRENCY:-8}
PAIRS=${PAIRS:-10000}
QUOTES=${QUOTES:-2000}
SWEEP_RUNS=${SWEEP_RUNS:-5}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=target/bench
API_KEY=reference-api-key
mkdir -p "$OUT"

say() { printf '%s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    local missing=()
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing from apt: ${missing[*]}"
    as_root apt-get install -y -q "${missing[@]}" >/dev/null ||
        { as_root apt-get update -q >/dev/null && as_root apt-get install -y -q "${missing[@]}" >/dev/null; }
}

install_tools() {
    command -v hyperfine >/dev/null || apt_install hyperfine
    command -v jq >/dev/null || apt_install jq
    command -v oha >/dev/null || { say "installing oha (cargo install --locked oha@1.16.0)"; cargo install --locked oha@1.16.0; }
    if ! command -v hurl >/dev/null; then
        apt_install pkg-config libcurl4-openssl-dev libxml2-dev libclang-dev
        say "installing hurl (cargo install --locked hurl@8.0.1: 8.1 needs a newer rustc)"
        cargo install --locked hurl@8.0.1
    fi
    export PATH="$HOME/.cargo/bin:$PATH"
}

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# start_server NAME ARGS...: `serve` on a free loopback port; sets ROOT and writes
# $OUT/NAME.profile.yaml, the profile that certifies that instance.
start_server() {
    local name=$1
    shift
    local log="$OUT/$name.serve.log"
    "$BIN" serve --listen 127.0.0.1:0 --write-profile "$OUT/$name.profile.yaml" "$@" >"$log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do
        ROOT=$(sed -n 's/^reference provider listening on //p' "$log")
        [ -n "$ROOT" ] && return 0
        sleep 0.05
    done
    say "the reference provider did not start:"
    cat "$log" >&2
    exit 3
}

hex32() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

# median wall (s) and mean user+system CPU (s) of command N in a hyperfine export
wall() { jq -r ".results[$2].median" "$1"; }
cpu() { jq -r ".results[$2] | (.user + .system)" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
us() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000000 }'; }

install_tools
say "building the release binary"
cargo build --release --quiet
BIN="$TARGET_DIR/release/provider-conformance"
ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 |"); }

# (a) the fixed-rate flow
start_server flow
grep -v 'from: xlm' "$OUT/flow.profile.yaml" >"$OUT/flow.one-pair.yaml"
HARNESS="$BIN run --profile $OUT/flow.one-pair.yaml --suite suites/swap.yaml --junit $OUT/flow.junit.xml --json $OUT/flow.report.json 'swap/fixed rate'"
HURL="hurl --test --variable base=$ROOT/v2 --variable api_key=$API_KEY --variable nonce1=$(hex32) --variable nonce2=$(hex32) benches/fixed-rate.hurl"
eval "$HARNESS" >/dev/null
SENT=$(jq '[.suites[].flows[].steps[].exchanges[]] | length' "$OUT/flow.report.json")
[ "$SENT" = 7 ] || { say "the harness's flow sent $SENT requests, not 7"; exit 3; }
eval "$HURL" 2>/dev/null || { say "the Hurl flow failed:"; eval "$HURL"; exit 3; }
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/flow.json" \
    -n harness "$HARNESS" -n hurl "$HURL" >&2
HW=$(wall "$OUT/flow.json" 0) HC=$(cpu "$OUT/flow.json" 0)
UW=$(wall "$OUT/flow.json" 1) UC=$(cpu "$OUT/flow.json" 1)
row "(a) fixed-rate flow (7 requests), wall (median)" "$(ms "$HW") ms" "Hurl $(ms "$UW") ms" "$(ratio "$HW" "$UW")× (target ≤ 0.8×)"
row "(a) fixed-rate flow (7 requests), CPU (mean)" "$(ms "$HC") ms" "Hurl $(ms "$UC") ms" "$(ratio "$HC" "$UC")× (target ≤ 0.8×)"
row "(d) harness CPU per request, fixed-rate flow (whole process)" "$(ms "$(awk -v c="$HC" 'BEGIN{print c/7}')") ms" "" ""

# the full certification of the reference provider (the main job): its APIs, then everything
# (with Chromium on the machine, `run` also checks the widgets in the browser)
# (-q: only what did not pass and the closing lines, kept in $OUT/certify.out to say why a run
# failed; a failed run stops the benchmark)
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/certify.json" --output "$OUT/certify.out" \
    -n apis "$BIN run -q swap/ swap-v1/ buy/ --junit $OUT/certify.junit.xml --json $OUT/certify.report.json" \
    -n certify "$BIN run -q --junit $OUT/certify.junit.xml --json $OUT/certify.report.json" >&2 ||
    { say "a certification run did not pass; the last runs' output:"; tail -40 "$OUT/certify.out" >&2; exit 3; }
row "full certification of the APIs (\`run swap/ swap-v1/ buy/\`), wall (median)" "$(ms "$(wall "$OUT/certify.json" 0)") ms" "" "target < 100 ms"
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
    row "full certification with the widgets in Chromium (\`run\`), wall (median)" "$(ms "$(wall "$OUT/certify.json" 1)") ms" "" "the browser: see README"
else
    row "full certification (\`run\`; no Chromium here, so no widgets), wall (median)" "$(ms "$(wall "$OUT/certify.json" 1)") ms" "" ""
fi

# (b), (c): the sweep
if "$BIN" run --help | grep -q -- '--sweep' && "$BIN" serve --help | grep -q -- '--pairs'; then
    QUOTE_BODY='{"from":"btc","to":"eth","amount":"0.29","tradeMethod":"fixed"}'
    oha_rps() { # oha_rps N: requests/s and wall (s) of N quotes at $CONCURRENCY
        oha --no-tui --output-format json -n "$1" -c "$CONCURRENCY" -m POST \
            -H "X-API-KEY: $API_KEY" -H 'Content-Type: application/json' -d "$QUOTE_BODY" \
            "$ROOT/v2/quote" >"$OUT/oha.$1.json"
        jq -r '"\(.summary.requestsPerSec) \(.summary.total)"' "$OUT/oha.$1.json"
    }
    # sweep NAME: a timed sweep of server NAME's pairs; prints "quotes wall rss_kb cpu rps", rps
    # being the sweep's own requests/s (its JSON report: the listing and the quotes, without
    # the process's start, loading and reports, as oha's figure is over its sending only)
    sweep() {
        /usr/bin/time -v "$BIN" run --profile "$OUT/$1.profile.yaml" --sweep \
            --concurrency "$CONCURRENCY" --sweep-results "$OUT/$1.ndjson" \
            --junit "$OUT/$1.junit.xml" --json "$OUT/$1.report.json" sweep \
            >"$OUT/$1.out" 2>"$OUT/$1.time" || true
        local quotes wall rss cpu rps
        quotes=$(wc -l <"$OUT/$1.ndjson")
        rps=$(jq -r '.sweep.requests_per_sec' "$OUT/$1.report.json")
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$OUT/$1.time")
        rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$OUT/$1.time")
        cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$OUT/$1.time")
        echo "$quotes $wall $rss $cpu $rps"
    }
    median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
    # swept NAME: SWEEP_RUNS sweeps of server NAME alternating with as many oha runs of the
    # same number of quotes; prints the medians "quotes wall rss_kb cpu oha_rps oha_wall rps"
    swept() {
        local q w r c p orps ow ws=() rs=() cs=() ps=() os=() ows=()
        for _ in $(seq "$SWEEP_RUNS"); do
            read -r q w r c p < <(sweep "$1")
            read -r orps ow < <(oha_rps "$q")
            ws+=("$w") rs+=("$r") cs+=("$c") ps+=("$p") os+=("$orps") ows+=("$ow")
        done
        echo "$q $(printf '%s\n' "${ws[@]}" | median) $(printf '%s\n' "${rs[@]}" | median)" \
            "$(printf '%s\n' "${cs[@]}" | median) $(printf '%s\n' "${os[@]}" | median)" \
            "$(printf '%s\n' "${ows[@]}" | median) $(printf '%s\n' "${ps[@]}" | median)"
    }
    start_server sweep-b --pairs "$QUOTES"
    read -r BQ BW _ BC ORPS _ BP < <(swept sweep-b)
    BRPS=$(awk -v q="$BQ" -v w="$BW" 'BEGIN { printf "%.0f", q / w }')
    row "(b) sweep quotes/s, $BQ quotes, concurrency $CONCURRENCY, whole process" "$BRPS/s" "oha $(printf '%.0f' "$ORPS")/s" "$(ratio "$BRPS" "$ORPS")× (target ≥ 0.8×)"
    row "(b) sweep requests/s, the sweep alone (its report's \`requests_per_sec\`)" "$(printf '%.0f' "$BP")/s" "oha $(printf '%.0f' "$ORPS")/s" "$(ratio "$BP" "$ORPS")× (target ≥ 0.8×)"
    row "(d) harness CPU per quote, sweep (whole process)" "$(us "$(awk -v c="$BC" -v q="$BQ" 'BEGIN{print c/q}')") µs" "" ""
    start_server sweep-c --pairs "$PAIRS"
    read -r CQ CW CRSS _ _ OW _ < <(swept sweep-c)
    row "(c) $PAIRS-pair sweep ($CQ quotes), peak RSS" "$(awk -v k="$CRSS" 'BEGIN { printf "%.1f", k / 1024 }') MB" "" "target < 60 MB"
    row "(c) $PAIRS-pair sweep, wall" "$(printf '%.2f' "$CW") s" "oha $(printf '%.2f' "$OW") s" "$(ratio "$CW" "$OW")× (target ≤ 1.5×)"
else
    say "skipping (b) and (c): this build has no \`run --sweep\` / \`serve --pairs\`"
    row "(b), (c) sweep" "skipped: no \`run --sweep\` in this build" "" ""
fi

{
    echo "# Benchmarks"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -sr), $("$BIN" --version), $(hurl --version | head -1), $(oha --version), $(hyperfine --version); $RUNS runs per command, $SWEEP_RUNS alternating sweep/oha runs, concurrency $CONCURRENCY"
    echo
    echo "| measure | provider-conformance | reference tool | ratio |"
    echo "| --- | --- | --- | --- |"
    printf '%s\n' "${ROWS[@]}"
} >"$OUT/results.md"
cat "$OUT/results.md"
