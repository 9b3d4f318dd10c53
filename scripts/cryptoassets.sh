#!/bin/sh
# Writes Ledger's coin list (data/ledger-currencies.tsv, or the file given) from a pinned
# version of the npm package @ledgerhq/cryptoassets (Apache-2.0), installed into a temporary
# folder. The binary embeds that file; `cargo test` compares it with what this script writes
# when PROVIDER_CONFORMANCE_NPM=1 (it needs npm, node and the npm registry).
#
#   scripts/cryptoassets.sh [OUTPUT]
#
# To move to a newer version: change VERSION (and TYPES_VERSION, the version of the package's
# @ledgerhq/types-cryptoassets dependency), run the script, review the diff, commit both.
set -eu

VERSION=13.56.0
# The package's lib/currencies.js requires it at run time, though it lists it among its
# development dependencies only.
TYPES_VERSION=7.39.0

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../data/ledger-currencies.tsv"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in npm node; do
    command -v "$tool" >/dev/null || { echo "cryptoassets.sh: \`$tool\` not found" >&2; exit 2; }
done
echo '{"private": true}' >"$tmp/package.json"
npm install --prefix "$tmp" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
    "@ledgerhq/cryptoassets@$VERSION" "@ledgerhq/types-cryptoassets@$TYPES_VERSION" >&2
node "$here/cryptoassets.mjs" "$tmp" >"$tmp/list.tsv"
mv "$tmp/list.tsv" "$out"
