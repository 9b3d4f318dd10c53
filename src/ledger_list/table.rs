//! The coin table: `data/ledger-currencies.tsv` parsed into [`Coin`]s.
//!
//! The file holds `# key<TAB>value` header lines (`package`, `version`, `licence`), other `#`
//! comment lines, one line of column names, then one coin per line, sorted by id.

/// One of Ledger's coins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Coin {
    /// Ledger's currency id (`bitcoin`, `ethereum`): what `/currencies`' `blockchain` names.
    pub(crate) id: &'static str,
    /// Ledger's ticker (`BTC`): what Ledger sends as `payloadCurrencyFrom`/`To`.
    pub(crate) ticker: &'static str,
    /// Decimals of the base unit: the magnitude of the coin's first (largest) unit.
    pub(crate) decimals: u32,
    /// The coin family (`bitcoin`, `evm`, `stellar`): decides the address form.
    pub(crate) family: &'static str,
    /// `ethereumLikeInfo.chainId`, for EVM coins.
    pub(crate) evm_chain_id: Option<u64>,
    /// The device app's name in Ledger Live's manager.
    pub(crate) app: &'static str,
    /// The main coin a testnet is for (`bitcoin` for `bitcoin_testnet`).
    pub(crate) testnet_for: Option<&'static str>,
}

/// The whole list, with where it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct LedgerList {
    pub(crate) package: &'static str,
    pub(crate) version: &'static str,
    pub(crate) licence: &'static str,
    /// Sorted by id, one per id.
    pub(crate) coins: Vec<Coin>,
}

/// The columns, in file order.
const COLUMNS: [&str; 7] = [
    "id",
    "ticker",
    "decimals",
    "family",
    "evm_chain_id",
    "app",
    "testnet_for",
];

impl LedgerList {
    /// Parses the file's text; the error names the line (1-based) and what is wrong.
    pub(crate) fn parse(text: &'static str) -> Result<LedgerList, String> {
        let mut list = LedgerList::default();
        let mut seen_columns = false;
        for (n, line) in text.lines().enumerate() {
            let at = |what: String| format!("line {}: {what}", n + 1);
            if let Some(comment) = line.strip_prefix("# ") {
                match comment.split_once('\t') {
                    Some(("package", v)) => list.package = v,
                    Some(("version", v)) => list.version = v,
                    Some(("licence", v)) => list.licence = v,
                    _ => {}
                }
                continue;
            }
            let fields: Vec<&'static str> = line.split('\t').collect();
            if fields.len() != COLUMNS.len() {
                return Err(at(format!(
                    "{} fields, expected {}",
                    fields.len(),
                    COLUMNS.len()
                )));
            }
            if !seen_columns {
                if fields != COLUMNS {
                    return Err(at(format!("columns {fields:?}, expected {COLUMNS:?}")));
                }
                seen_columns = true;
                continue;
            }
            list.coins.push(coin(&fields).map_err(at)?);
        }
        if list.package.is_empty() || list.version.is_empty() || list.licence.is_empty() {
            return Err("the header does not give the package, its version and licence".into());
        }
        if !list.coins.windows(2).all(|w| w[0].id < w[1].id) {
            return Err("the coins are not sorted by id, one per id".into());
        }
        Ok(list)
    }

    /// The coin with Ledger id `id`.
    pub(crate) fn coin(&self, id: &str) -> Option<&Coin> {
        self.coins
            .binary_search_by(|c| c.id.cmp(id))
            .ok()
            .map(|i| &self.coins[i])
    }

    /// The EVM coin with chain id `chain_id`.
    pub(crate) fn by_chain_id(&self, chain_id: u64) -> Option<&Coin> {
        self.coins.iter().find(|c| c.evm_chain_id == Some(chain_id))
    }

    /// `@ledgerhq/cryptoassets 13.56.0`: where the list came from, for messages.
    pub(crate) fn source(&self) -> String {
        format!("{} {}", self.package, self.version)
    }
}

fn coin(f: &[&'static str]) -> Result<Coin, String> {
    let number = |i: usize| -> Result<Option<u64>, String> {
        match f[i] {
            "" => Ok(None),
            t => t
                .parse()
                .map(Some)
                .map_err(|_| format!("`{}` is not a whole number: `{t}`", COLUMNS[i])),
        }
    };
    if f[0].is_empty() || f[1].is_empty() {
        return Err("a coin needs an id and a ticker".into());
    }
    let decimals = number(2)?.ok_or("a coin needs its decimals")?;
    Ok(Coin {
        id: f[0],
        ticker: f[1],
        decimals: u32::try_from(decimals).map_err(|_| "decimals too large")?,
        family: f[3],
        evm_chain_id: number(4)?,
        app: f[5],
        testnet_for: (!f[6].is_empty()).then_some(f[6]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "# package\tp\n# version\t1\n# licence\tApache-2.0\n\
        id\tticker\tdecimals\tfamily\tevm_chain_id\tapp\ttestnet_for\n";

    fn parse(rows: &str) -> Result<LedgerList, String> {
        let text: &'static str = Box::leak(format!("{HEAD}{rows}").into_boxed_str());
        LedgerList::parse(text)
    }

    #[test]
    fn reads_rows_and_finds_by_id_and_chain() {
        let l = parse("a\tA\t8\tbitcoin\t\tA\t\nb\tB\t18\tevm\t10\tEthereum\ta\n").unwrap();
        assert_eq!(l.coin("b").unwrap().testnet_for, Some("a"));
        assert_eq!(l.by_chain_id(10).unwrap().id, "b");
        assert!(l.coin("c").is_none() && l.by_chain_id(1).is_none());
        assert_eq!(l.source(), "p 1");
    }

    #[test]
    fn bad_rows_name_their_line() {
        assert_eq!(
            parse("a\tA\tx\tbitcoin\t\tA\t\n").unwrap_err(),
            "line 5: `decimals` is not a whole number: `x`"
        );
        assert_eq!(parse("a\tA\n").unwrap_err(), "line 5: 2 fields, expected 7");
        assert_eq!(
            parse("b\tB\t1\tf\t\tB\t\na\tA\t1\tf\t\tA\t\n").unwrap_err(),
            "the coins are not sorted by id, one per id"
        );
        let no_head: &'static str =
            "id\tticker\tdecimals\tfamily\tevm_chain_id\tapp\ttestnet_for\n";
        assert!(LedgerList::parse(no_head).is_err());
    }
}
