//! The pair sweep's requirements (`run --sweep`): what every advertised pair owes the users
//! Ledger's backend offers it to. The quote checks themselves are the swap suite's
//! (SWAP-QUOTE-*), run on every pair.

use super::model::{Force, Gate, Requirement};
use super::table::req;

pub(super) const SWEEP: &[Requirement] = &[
    req(
        "SWEEP-001",
        "Every pair `/pairs` advertises is quoted for each trade method it advertises, and by the seed API when it lists the pair too (not refused, e.g. with `SWAP_PAIR_NOT_FOUND_ERROR`)",
        "§4.1",
        "GET /pairs: Return a list of supported pairs; `tradeMethod` lists the methods of the pair (\"All five pair fields are required\")",
        Force::Must,
        Gate::Backend,
        "Quote every pair you list, by every method you list for it, or stop listing it (Ledger's backend offers every listed pair to users)",
    ),
    req(
        "SWEEP-002",
        "An amount inside a pair's advertised [`minSwapAmount`, `maxSwapAmount`] is not refused as out of range",
        "§4.1 (OpenAPI `Pair`)",
        "minSwapAmount: the minimum amount ... that can be swapped; maxSwapAmount: the maximum amount",
        Force::Must,
        Gate::Backend,
        "Advertise the limits `/quote` applies: the advertised minimum (the amount the sweep asks) must be quotable",
    ),
    req(
        "SWEEP-003",
        "Over every swept pair, the 95th percentile of the quote's latency is below 5 s",
        "§1.1 (`flow/quote.mdx`)",
        "partner must reply in less that 5s, otherwise the quote is not displayed in the quote results",
        Force::Must,
        Gate::Backend,
        "Answer quotes from cache or time out upstream calls before 5 s, for every pair",
    ),
    req(
        "SWEEP-004",
        "Over every swept pair, the slowest quote is answered within 5 s",
        "§1.1 (`flow/quote.mdx`)",
        "partner must reply in less that 5s, otherwise the quote is not displayed in the quote results",
        Force::Must,
        Gate::Backend,
        "Find the pairs of the slowest quotes in `--sweep-results` and answer them before 5 s",
    ),
];
