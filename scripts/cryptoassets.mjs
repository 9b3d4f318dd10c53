// Prints Ledger's coin list as TSV from an installed @ledgerhq/cryptoassets (the folder given,
// holding node_modules). Run by scripts/cryptoassets.sh; src/ledger_list/ reads the columns.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const COLUMNS = ["id", "ticker", "decimals", "family", "evm_chain_id", "app", "testnet_for"];

const root = process.argv[2];
const require = createRequire(join(root, "package.json"));
const pkgDir = join(root, "node_modules", "@ledgerhq", "cryptoassets");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const { cryptocurrenciesById } = require("@ledgerhq/cryptoassets/lib/currencies");

const clean = (v, i, id) => {
  const text = v === undefined || v === null ? "" : String(v);
  if (/[\t\r\n]/.test(text)) throw new Error(`${id}: ${COLUMNS[i]} holds a tab or a line break`);
  return text;
};

// The record lists a few currencies under two keys (`lbry` and `LBRY`): one row per id.
const byId = new Map();
for (const c of Object.values(cryptocurrenciesById)) {
  if (byId.has(c.id) && byId.get(c.id) !== c) throw new Error(`${c.id}: two different records`);
  byId.set(c.id, c);
}
const rows = [...byId.values()]
  .map((c) =>
    [
      c.id,
      c.ticker,
      // The first unit is the largest (the package's convention: "desc ordered by magnitude").
      c.units[0].magnitude,
      c.family,
      c.ethereumLikeInfo ? c.ethereumLikeInfo.chainId : "",
      c.managerAppName,
      c.isTestnetFor,
    ].map((v, i) => clean(v, i, c.id)),
  )
  .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

const lines = [
  "# Ledger's coin list: the `currencies` module of the npm package @ledgerhq/cryptoassets",
  "# (https://github.com/LedgerHQ/ledger-live), written by scripts/cryptoassets.sh: do not edit.",
  "# decimals: the magnitude of the first (largest) unit; evm_chain_id: ethereumLikeInfo.chainId;",
  "# app: managerAppName; testnet_for: isTestnetFor. Tokens are not in the package.",
  `# package\t${pkg.name}`,
  `# version\t${pkg.version}`,
  `# licence\t${pkg.license}`,
  COLUMNS.join("\t"),
  ...rows.map((r) => r.join("\t")),
];
process.stdout.write(lines.join("\n") + "\n");
