//! The error-body conventions of the three APIs.

use super::{Input, snippet};
use crate::suite::Convention;
use serde_json::Value;

/// The /check_quote and /swap error codes of the seed documents (§4.2), with the spellings
/// seen in Ledger's documents and Ledger Live's mock.
pub(super) const SWAP_V1_CODES: &[&str] = &[
    "UNKNOW_USER",
    "UNKNOWN_USER",
    "KYC_UNDEFINED",
    "KYC_PENDING",
    "KYC_FAILED",
    "KYC_UPGRADE_REQUIRED",
    "KYC_UPDRAGE-REQUIRED",
    "OVER_TRADE_LIMIT",
    "UNKNOWN_ERROR",
    "MFA_REQUIRED",
    "RATE_NOT_FOUND",
    "WITHDRAWALS_BLOCKED",
];

pub(super) fn check(
    convention: Convention,
    key: Option<&str>,
    fields: &[String],
    input: &Input<'_>,
) -> Result<String, String> {
    let resp = input.response;
    if convention == Convention::Buy
        && resp.status == 400
        && resp.content_type().as_deref() == Some("text/plain")
    {
        return if resp.body.is_empty() {
            Err("a text/plain 400 with an empty body; the reason should be given".into())
        } else {
            Ok(format!("text/plain 400: {}", snippet(&resp.body)))
        };
    }
    let doc = input
        .json
        .as_ref()
        .map_err(|why| format!("not a {} error body: {why}", convention.name()))?;
    let obj = doc
        .as_object()
        .ok_or_else(|| format!("the error body is not an object: {}", super::short(doc)))?;
    let string = |k: &str| obj.get(k).and_then(Value::as_str);
    match convention {
        Convention::Swap => {
            let mk = string("messageKey").ok_or("`messageKey` is missing or not a string (ErrorPayload {messageKey, message, additionalFields?})")?;
            string("message").ok_or("`message` is missing or not a string")?;
            if let Some(want) = key
                && mk != want
            {
                return Err(format!("`messageKey` is `{mk}`, expected `{want}`"));
            }
            if !fields.is_empty() {
                let extra = obj
                    .get("additionalFields")
                    .and_then(Value::as_object)
                    .ok_or("`additionalFields` is missing or not an object")?;
                let missing: Vec<&str> = fields
                    .iter()
                    .map(String::as_str)
                    .filter(|f| !extra.contains_key(*f))
                    .collect();
                if !missing.is_empty() {
                    return Err(format!("`additionalFields` lacks {}", missing.join(", ")));
                }
            }
            Ok(format!("ErrorPayload `{mk}`"))
        }
        Convention::SwapV1 => {
            let code = string("code")
                .ok_or("`code` is missing or not a string ({code, error, description})")?;
            string("error").ok_or("`error` is missing or not a string")?;
            string("description").ok_or("`description` is missing or not a string")?;
            if let Some(want) = key {
                if code != want {
                    return Err(format!("`code` is `{code}`, expected `{want}`"));
                }
            } else if !SWAP_V1_CODES.contains(&code) {
                return Err(format!(
                    "`code` `{code}` is not a documented code ({})",
                    SWAP_V1_CODES.join(", ")
                ));
            }
            Ok(format!("error code `{code}`"))
        }
        Convention::Buy => {
            let code = obj
                .get("code")
                .ok_or("`code` is missing (ProviderServerError {code: integer, message})")?;
            if !code.is_i64() {
                return Err(format!(
                    "`code` is {}, expected an integer",
                    super::short(code)
                ));
            }
            string("message").ok_or("`message` is missing or not a string")?;
            Ok(format!("ProviderServerError {code}"))
        }
    }
}
