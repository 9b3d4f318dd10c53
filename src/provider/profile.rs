//! The provider profile of a running reference provider: the YAML the harness loads to
//! certify it (base URLs, auth headers, partner key, and the pairs to exercise).

use super::addresses::{USER_BTC, USER_XLM_MEMO, user_address};
use super::catalog::{Pair, pair};
use super::state::ProviderState;
use super::swap_v1::{ACCEPTED_IP, BEARER_TOKEN, KYC_USERS, REJECTED_IP, UNKNOWN_USER_TOKEN};
use super::variants::Variant;

/// A pair the profile asks the harness to swap, with the amount to use.
struct ProfilePair {
    pair: &'static Pair,
    /// Whole `from` coins. `0.29` BTC is a value f64 arithmetic gets wrong
    /// (0.29 × 10^8 = 28999999.999999996), which the `float-rounding` fault relies on.
    amount: &'static str,
    refund_extra_id: Option<&'static str>,
}

fn profile_pairs() -> Vec<ProfilePair> {
    let mut out = Vec::new();
    if let Some(p) = pair("btc", "eth") {
        out.push(ProfilePair {
            pair: p,
            amount: "0.29",
            refund_extra_id: None,
        });
    }
    if let Some(p) = pair("xlm", "btc") {
        out.push(ProfilePair {
            pair: p,
            amount: "25",
            refund_extra_id: Some(USER_XLM_MEMO),
        });
    }
    out
}

/// An amount just above the pair's KYC threshold (a whole number), for the seed-era KYC flow.
fn kyc_amount(p: &ProfilePair) -> String {
    p.pair
        .kyc_above
        .parse::<u64>()
        .map(|k| (k + 1).to_string())
        .unwrap_or_else(|_| p.pair.max.to_string())
}

fn pair_line(p: &ProfilePair, with_kyc: bool) -> String {
    let from = p.pair.currency_from();
    let to = p.pair.currency_to();
    let mut extra = p
        .refund_extra_id
        .map(|id| format!(", refund_extra_id: \"{id}\""))
        .unwrap_or_default();
    if with_kyc {
        extra.push_str(&format!(", kyc_amount: \"{}\"", kyc_amount(p)));
    }
    format!(
        "    - {{ from: {}, to: {}, amount: \"{}\", payload_currency_from: {}, payload_currency_to: {}, \
         decimals_from: {}, decimals_to: {}, refund_address: \"{}\"{extra}, payout_address: \"{}\" }}\n",
        from.id,
        to.id,
        p.amount,
        from.ticker,
        to.ticker,
        from.decimals,
        to.decimals,
        user_address(from),
        user_address(to),
    )
}

/// The `kyc_users:` lines: a test user for every KYC state.
fn kyc_users() -> String {
    let mut out = format!("  kyc_users:\n    unknown_user: \"{UNKNOWN_USER_TOKEN}\"\n");
    for (state, token, _, _) in KYC_USERS {
        out.push_str(&format!("    {state}: \"{token}\"\n"));
    }
    out
}

/// `text` escaped for a YAML double-quoted scalar.
fn yaml_escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            c if c.is_control() => format!("\\u{:04x}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// The `widgets:` section: the reference widgets under `/widgets`, the KYC test users on
/// either side of the first seed-era pair's KYC threshold, and the buy widget's public
/// origin mapped to this loopback server.
fn widgets_yaml(root_url: &str) -> String {
    let above = profile_pairs().first().map(kyc_amount).unwrap_or_default();
    let timeout = super::widgets::LOGIN_TIMEOUT_SECS;
    let email = super::widgets::USER_EMAIL;
    let ramp = super::buy::WIDGET_ORIGIN;
    let budget = super::widgets::BUY_BUDGET_SECS;
    format!(
        "widgets:\n\
         \x20 login:\n\
         \x20   url: \"{root_url}/widgets/login?hideFrame=true&ledgerLive=true\"\n\
         \x20   timeout_secs: {timeout}\n\
         \x20   steps:\n\
         \x20     - fill: {{ selector: \"#email\", value: \"{email}\" }}\n\
         \x20     - fill: {{ selector: \"#password\", value: \"reference-password\" }}\n\
         \x20     - click: \"#submit\"\n\
         \x20 kyc:\n\
         \x20   url: \"{root_url}/widgets/kyc\"\n\
         \x20   params: seed\n\
         \x20   timeout_secs: {timeout}\n\
         \x20   users:\n\
         \x20     - {{ name: within-limit, expected: KYC_OK, steps: [ {{ click: \"#continue\" }} ] }}\n\
         \x20     - {{ name: above-limit, amount: \"{above}\", expected: KYC_UPGRADE_REQUIRED, steps: [ {{ click: \"#continue\" }} ] }}\n\
         \x20 buy: {{ budget_secs: {budget}, map_from: \"{ramp}/\", map_to: \"{root_url}/widgets/ramp/\" }}\n"
    )
}

/// The profile of the provider at `root_url` (e.g. `http://127.0.0.1:8080`).
pub(crate) fn profile_yaml(root_url: &str, state: &ProviderState) -> String {
    let pairs: String = profile_pairs()
        .iter()
        .map(|p| pair_line(p, false))
        .collect();
    let v1_pairs: String = profile_pairs().iter().map(|p| pair_line(p, true)).collect();
    let api_key = yaml_escape(&state.api_key);
    let curve = state.curve().name();
    let public_key = state.public_key_hex();
    // The legacy flow concerns the current API's /swap only; the seed-era API stays NG.
    let signature_mode = if state.legacy { "legacy" } else { "ng" };
    // What the seed API leaves to the provider is declared as the provider chose it.
    // Without a login there are no users, so no KYC test users either.
    let login = if state.chooses(Variant::V1NoLogin) {
        "  login: none\n".to_string()
    } else {
        format!(
            "  login: required\n  bearer_token: \"{BEARER_TOKEN}\"\n{}",
            kyc_users()
        )
    };
    let test_swaps = if state.chooses(Variant::StatusStaysPending) {
        "stay_pending"
    } else {
        "settle"
    };
    let ip_answer = if state.chooses(Variant::V1IpCheckInBody) {
        ", answer: { field: $.accepted, accepted: true, rejected: false }"
    } else {
        ""
    };
    let sweep = sweep_section(state);
    format!(
        "# Provider profile of the bundled reference provider\n\
         name: Reference\n\
         swap:\n\
         \x20 base_url: \"{root_url}/v2\"\n\
         \x20 headers: {{ X-API-KEY: \"{api_key}\" }}\n\
         \x20 curve: {curve}\n\
         \x20 public_key: \"{public_key}\"\n\
         \x20 signature_mode: {signature_mode}\n\
         \x20 nonce_encoding: hex\n\
         \x20 test_swaps: {test_swaps}\n\
         \x20 pairs:\n\
         {pairs}\
         swap_v1:\n\
         \x20 base_url: \"{root_url}/v1\"\n\
         \x20 headers: {{ X-API-KEY: \"{api_key}\" }}\n\
         {login}\
         \x20 curve: {curve}\n\
         \x20 public_key: \"{public_key}\"\n\
         \x20 nonce_encoding: base64url\n\
         \x20 pairs:\n\
         {v1_pairs}\
         \x20 ip_check: {{ method: POST, path: /ip_check, ip_in: body, ip_name: ip, \
         accepted_ip: \"{ACCEPTED_IP}\", rejected_ip: \"{REJECTED_IP}\"{ip_answer} }}\n\
         buy:\n\
         \x20 base_url: \"{root_url}/buy\"\n\
         \x20 headers: {{ X-API-KEY: \"{api_key}\" }}\n\
         \x20 quote: {{ from: EUR, to: bitcoin, payment_method: card, amount: 100, country: FR, \
         dest: \"{USER_BTC}\" }}\n\
         {widgets}{sweep}",
        widgets = widgets_yaml(root_url)
    )
}

/// With synthetic pairs (`--pairs N`), a `sweep:` section: the run sweeps them, and can swap
/// the bundled pairs with the user's addresses.
fn sweep_section(state: &ProviderState) -> String {
    if state.catalog.pairs.len() == super::catalog::PAIRS.len() {
        return String::new();
    }
    let mut out = String::from("sweep:\n  addresses:\n");
    for c in super::catalog::CURRENCIES {
        let memo = if c.needs_memo {
            format!(", extra_id: \"{USER_XLM_MEMO}\"")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "    {}: {{ address: \"{}\", ticker: {}, decimals: {}{memo} }}\n",
            c.id,
            user_address(c),
            c.ticker,
            c.decimals
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_amounts_are_quotable_and_below_the_kyc_threshold() {
        use super::super::catalog::dec;
        for p in profile_pairs() {
            let amount = dec(p.amount);
            assert!(dec(p.pair.min) <= amount && amount <= dec(p.pair.max));
            let kyc = dec(Box::leak(kyc_amount(&p).into_boxed_str()));
            assert!(
                dec(p.pair.kyc_above) < kyc && kyc <= dec(p.pair.max),
                "kyc amount"
            );
            assert!(
                amount <= dec(p.pair.kyc_above),
                "{} would need KYC",
                p.amount
            );
            assert!(p.pair.terms(amount).is_some());
        }
    }

    #[test]
    fn api_keys_are_escaped_for_yaml() {
        assert_eq!(yaml_escape("plain-key"), "plain-key");
        assert_eq!(yaml_escape("a\"b\\c\n"), "a\\\"b\\\\c\\u000a");
    }
}
