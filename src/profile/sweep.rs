//! The profile's `sweep:` section: how the pair sweep samples the advertised pairs, how many
//! it also swaps, and the user's address on each currency for those swaps.
//!
//! ```yaml
//! sweep:
//!   sample: 200          # quote 200 pairs drawn with `seed` (default: every pair)
//!   seed: 7              # default 0
//!   swaps: 2             # also swap 2 sampled pairs (default 0)
//!   addresses:           # per provider currency id: what a swap of it sends
//!     btc: { address: "bc1q...", ticker: BTC, decimals: 8 }
//!     xlm: { address: "G...", ticker: XLM, decimals: 7, extra_id: "123456" }
//! ```

use crate::diagnostic::Diagnostic;
use crate::yaml::{MapReader, Node, NodeKind};
use std::collections::BTreeMap;

/// The `sweep:` section, validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SweepConfig {
    /// Quote this many pairs drawn at random (with `seed`) instead of every pair.
    pub sample: Option<u64>,
    /// The seed of the draw; the same seed draws the same pairs from the same list.
    pub seed: u64,
    /// How many sampled pairs are also swapped, with the full payload check.
    pub swaps: u64,
    /// The user's address on each currency, by the provider's currency id.
    pub addresses: BTreeMap<String, SweepAddress>,
}

/// The user's address on one currency, and what the device knows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepAddress {
    pub address: String,
    /// Memo or tag, for currencies that need one.
    pub extra_id: Option<String>,
    /// Ledger's ticker (the payload's currency field).
    pub ticker: String,
    /// Decimals of the base unit; at most 38.
    pub decimals: u32,
}

const KEYS: &[&str] = &["sample", "seed", "swaps", "addresses"];
const ADDRESS_KEYS: &[&str] = &["address", "extra_id", "ticker", "decimals"];

/// Reads the section; problems are reported and the section left out.
pub(super) fn load_sweep(node: &Node, diags: &mut Vec<Diagnostic>) -> Option<SweepConfig> {
    let before = diags.len();
    let r = MapReader::new(node, "`sweep`", KEYS, diags)?;
    let mut config = SweepConfig {
        sample: r.opt_u64("sample", diags),
        seed: r.opt_u64("seed", diags).unwrap_or(0),
        swaps: r.opt_u64("swaps", diags).unwrap_or(0),
        addresses: BTreeMap::new(),
    };
    if let (Some(0), Some(n)) = (config.sample, r.get("sample")) {
        diags.push(
            Diagnostic::error(n.span, "`sample` must be at least 1")
                .with_help("leave `sample` out to quote every pair"),
        );
    }
    if let Some(list) = r.get("addresses") {
        match &list.kind {
            NodeKind::Map(entries) => {
                for (key, value) in entries {
                    let Some(id) = key.as_scalar() else { continue };
                    if let Some(a) = load_address(id, value, diags) {
                        config.addresses.insert(id.to_string(), a);
                    }
                }
            }
            _ => diags.push(
                Diagnostic::error(list.span, "`addresses` must be a mapping")
                    .with_label(format!("found {}", list.type_name()))
                    .with_help("map each currency id to `{ address, ticker, decimals }`"),
            ),
        }
    }
    (diags.len() == before).then_some(config)
}

fn load_address(id: &str, node: &Node, diags: &mut Vec<Diagnostic>) -> Option<SweepAddress> {
    let what = format!("the address of `{id}`");
    let r = MapReader::new(node, &what, ADDRESS_KEYS, diags)?;
    let address = r.req_str("address", diags);
    let ticker = r.req_str("ticker", diags);
    r.required("decimals", diags);
    let decimals = r.opt_u64("decimals", diags);
    if let (Some(d), Some(n)) = (decimals, r.get("decimals"))
        && d > 38
    {
        diags.push(
            Diagnostic::error(n.span, format!("`decimals` must be at most 38, found {d}"))
                .with_label("16-byte amounts cannot hold more"),
        );
        return None;
    }
    Some(SweepAddress {
        address: address?,
        extra_id: r.opt_str("extra_id", diags),
        ticker: ticker?,
        decimals: u32::try_from(decimals?).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn load(text: &str) -> (Option<SweepConfig>, Vec<String>) {
        let node = crate::yaml::parse(FileId(0), text).unwrap();
        let mut diags = Vec::new();
        let c = load_sweep(&node, &mut diags);
        (c, diags.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn reads_the_draw_and_the_addresses() {
        let (c, errors) = load(
            "{ sample: 5, seed: 9, swaps: 1, addresses: { xlm: { address: G1, ticker: XLM, decimals: 7, extra_id: \"12\" } } }",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let c = c.unwrap();
        assert_eq!((c.sample, c.seed, c.swaps), (Some(5), 9, 1));
        let xlm = &c.addresses["xlm"];
        assert_eq!((xlm.ticker.as_str(), xlm.decimals), ("XLM", 7));
        assert_eq!(xlm.extra_id.as_deref(), Some("12"));
        assert_eq!(load("{}").0, Some(SweepConfig::default()));
    }

    #[test]
    fn every_mistake_is_reported() {
        let (c, errors) = load(
            "{ sample: 0, sead: 1, addresses: { btc: { address: a, decimals: 40 }, eth: [] } }",
        );
        assert!(c.is_none());
        assert_eq!(
            errors,
            [
                "unknown key `sead` in `sweep`",
                "`sample` must be at least 1",
                "missing key `ticker` in the address of `btc`",
                "`decimals` must be at most 38, found 40",
                "the address of `eth` must be a mapping",
            ]
        );
    }
}
