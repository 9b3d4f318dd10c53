//! The `verify-swap` command: checks one captured `/swap` response offline, with every device
//! rule, and prints the verdict of each gate.
//!
//! Exit codes: 0 the device would accept the response and nothing failed, 1 a rule failed,
//! 2 bad usage or unreadable input (the message names the file and why).

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use super::offline::{OutputFormat, emit, read_json, setup_colour};
use crate::curve::Curve;
use crate::error::HarnessError;
use crate::exit::{CHECKS_FAILED, SUCCESS};
use crate::input::{MAX_FILE_BYTES, MAX_RESPONSE_BYTES, Origin, read_text};
use crate::report::swap_verdict;
use crate::swap::expect::{Expectations, SignatureMode, VerifyConfig, parse_nonce};
use crate::swap::hex;
use crate::swap::key::parse_public_key;
use crate::swap::verify::verify_response;

/// Verify a provider's /swap response offline, exactly as the Ledger device would.
#[derive(Debug, Clone, clap::Args)]
pub struct VerifySwapArgs {
    /// The /swap response body, or just `{"providerSig": {...}}`; `-` reads stdin.
    #[arg(long, value_name = "FILE")]
    pub response: String,
    /// The nonce sent: 64 hex chars (NG), or the 10-letter nonce with --legacy.
    #[arg(long)]
    pub nonce: Option<String>,
    /// The provider's public key: uncompressed SEC1 hex (130 chars), or a path to a PEM file.
    #[arg(long, value_name = "HEX|PEM_FILE")]
    pub public_key: String,
    /// The registered curve.
    #[arg(long, value_name = "secp256k1|secp256r1")]
    pub curve: Curve,
    /// The /swap request body, to check the bindings (addresses, currencies, amount, nonce).
    #[arg(long, value_name = "FILE")]
    pub request: Option<String>,
    /// Decimals of the from currency (8 for BTC), to check amount_to_provider.
    #[arg(long, value_name = "N")]
    pub decimals_from: Option<u32>,
    /// Decimals of the to currency, to show amount_to_wallet.
    #[arg(long, value_name = "N")]
    pub decimals_to: Option<u32>,
    /// Length of the network fee in bytes, if known (the size rule assumes 8 otherwise).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u8).range(0..=16))]
    pub fee_len: Option<u8>,
    /// The provider is registered for the legacy flow (hex payload, 10-letter nonce, secp256k1).
    #[arg(long)]
    pub legacy: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// A usage error of this command.
fn bad_input(message: &str) -> HarnessError {
    HarnessError::usage("verify the /swap response", message)
}

/// The key text: hex as given, or the contents of the PEM file it names.
fn key_text(arg: &str) -> Result<String, String> {
    let trimmed = arg.trim();
    if hex::is_hex(trimmed.strip_prefix("0x").unwrap_or(trimmed)) {
        return Ok(trimmed.to_owned());
    }
    if trimmed.starts_with("-----BEGIN") {
        return Ok(trimmed.to_owned());
    }
    if Path::new(trimmed).is_file() {
        return read_text(Origin::File(Path::new(trimmed)), MAX_FILE_BYTES)
            .map_err(|e| format!("cannot read public key file `{trimmed}`: {e}"));
    }
    Err(format!(
        "--public-key `{trimmed}` is neither hex nor an existing PEM file"
    ))
}

/// Fills the expectations from the /swap request body.
fn expectations_from_request(
    request: &Value,
    exp: &mut Expectations,
) -> Result<Option<String>, String> {
    let Some(obj) = request.as_object() else {
        return Err("the /swap request is not a JSON object".to_owned());
    };
    let get = |key: &str| -> Result<Option<String>, String> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "request field `{key}` is {other}, expected a string"
            )),
        }
    };
    exp.refund_address = get("refundAddress")?;
    exp.payout_address = get("payoutAddress")?;
    exp.refund_extra_id = get("refundAddressExtraId")?;
    exp.payout_extra_id = get("payoutAddressExtraId")?;
    exp.currency_from = get("payloadCurrencyFrom")?;
    exp.currency_to = get("payloadCurrencyTo")?;
    exp.amount_from = get("amount")?;
    get("nonce")
}

/// Runs `verify-swap`, printing to stdout; returns the exit code, or why the input cannot be used.
pub(crate) fn run(args: &VerifySwapArgs) -> Result<u8, HarnessError> {
    run_to(args, &mut std::io::stdout().lock())
}

/// Runs `verify-swap`, writing the report to `out`; returns the exit code, or why the input cannot be used.
pub(crate) fn run_to(args: &VerifySwapArgs, out: &mut dyn Write) -> Result<u8, HarnessError> {
    setup_colour(args.format);
    let mode = if args.legacy {
        SignatureMode::Legacy
    } else {
        SignatureMode::Ng
    };
    let body = match read_json(&args.response, "response", MAX_RESPONSE_BYTES) {
        Ok(v) => v,
        Err(e) => return Err(bad_input(&e)),
    };
    let public_key = match key_text(&args.public_key)
        .and_then(|t| parse_public_key(&t, args.curve).map_err(|e| e.to_string()))
    {
        Ok(k) => k,
        Err(e) => return Err(bad_input(&e)),
    };
    let mut exp = Expectations {
        decimals_from: args.decimals_from,
        decimals_to: args.decimals_to,
        fee_len: args.fee_len.map(usize::from),
        ..Expectations::default()
    };
    let mut nonce_text = args.nonce.clone();
    if let Some(path) = &args.request {
        if path == "-" && args.response == "-" {
            return Err(bad_input("--response and --request cannot both read stdin"));
        }
        let request = match read_json(path, "request", MAX_FILE_BYTES) {
            Ok(v) => v,
            Err(e) => return Err(bad_input(&e)),
        };
        match expectations_from_request(&request, &mut exp) {
            Ok(n) => nonce_text = nonce_text.or(n),
            Err(e) => return Err(bad_input(&format!("request file `{path}`: {e}"))),
        }
    }
    if let Some(text) = nonce_text {
        match parse_nonce(&text, mode) {
            Ok(n) => exp.nonce = Some(n),
            Err(e) => return Err(bad_input(&e)),
        }
    }
    let cfg = VerifyConfig {
        mode,
        curve: args.curve,
        public_key,
    };
    let verdict = verify_response(&body, &cfg, &exp);
    emit(
        out,
        &match args.format {
            OutputFormat::Human => swap_verdict::verdict_human(&verdict),
            OutputFormat::Json => swap_verdict::verdict_json(&verdict),
        },
    );
    Ok(if verdict.passed() {
        SUCCESS
    } else {
        CHECKS_FAILED
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::BAD_INPUT;
    use crate::swap::testkit::{self, PAYOUT, REFUND, good_fields, response_for};
    use clap::Parser;
    use serde_json::json;

    #[derive(Parser)]
    enum Cmd {
        VerifySwap(VerifySwapArgs),
    }

    fn dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("verify-swap-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    fn write(name: &str, text: &str) -> String {
        let p = dir().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_string_lossy().into_owned()
    }

    fn run(argv: &[&str]) -> (u8, String) {
        let mut out = Vec::new();
        let Cmd::VerifySwap(a) = Cmd::try_parse_from(argv).expect("args parse");
        let code = run_to(&a, &mut out).unwrap_or_else(|e| e.exit_code());
        (code, String::from_utf8_lossy(&out).into_owned())
    }

    fn verify(args: &[&str]) -> u8 {
        let mut argv = vec!["x", "verify-swap"];
        argv.extend_from_slice(args);
        run(&argv).0
    }

    #[test]
    fn verify_swap_exit_codes() {
        let c = Curve::Secp256r1;
        let key = testkit::public_hex(c);
        let good = write("good.json", &response_for(c, good_fields()).to_string());
        let request = json!({
            "refundAddress": REFUND, "payoutAddress": PAYOUT, "payloadCurrencyFrom": "BTC",
            "payloadCurrencyTo": "ETH", "amount": "0.01", "nonce": testkit::NONCE_HEX
        });
        let req = write("req.json", &request.to_string());
        let base = [
            "--response",
            &good,
            "--public-key",
            &key,
            "--curve",
            "secp256r1",
        ];
        assert_eq!(verify(&base), SUCCESS);
        let with_req = [
            &base[..],
            &[
                "--request",
                &req,
                "--decimals-from",
                "8",
                "--format",
                "json",
            ],
        ]
        .concat();
        let mut argv = vec!["x", "verify-swap"];
        argv.extend_from_slice(&with_req);
        let (code, text) = run(&argv);
        assert_eq!(code, SUCCESS);
        let json: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(json["passed"], true);
        let amount = json["rules"]
            .as_array()
            .and_then(|r| r.iter().find(|o| o["id"] == "SWAP-BIND-006"))
            .expect("SWAP-BIND-006");
        assert_eq!(amount["status"], "pass");
        assert_eq!(amount["gate"], "bindings_and_guidance");
        assert_eq!(json["device"]["accepts"], true);
        assert_eq!(json["device"]["stage"], Value::Null);
        assert_eq!(json["ledger_live"]["accepts"], true);
        let zeros = "00".repeat(32);
        let wrong_nonce = [&base[..], &["--nonce", &zeros]].concat();
        assert_eq!(verify(&wrong_nonce), CHECKS_FAILED);
        let bad_amount = [&base[..], &["--request", &req, "--decimals-from", "6"]].concat();
        assert_eq!(verify(&bad_amount), CHECKS_FAILED);
    }

    #[test]
    fn verify_swap_bad_input_is_exit_2() {
        let c = Curve::Secp256k1;
        let key = testkit::public_hex(c);
        let good = write("good-k1.json", &response_for(c, good_fields()).to_string());
        let not_json = write("not.json", "{oops");
        let missing = dir().join("missing.json").to_string_lossy().into_owned();
        for args in [
            // An endless file is refused after the response limit, not read to the end.
            vec![
                "--response",
                "/dev/zero",
                "--public-key",
                &key,
                "--curve",
                "secp256k1",
            ],
            vec![
                "--response",
                missing.as_str(),
                "--public-key",
                &key,
                "--curve",
                "secp256k1",
            ],
            vec![
                "--response",
                &not_json,
                "--public-key",
                &key,
                "--curve",
                "secp256k1",
            ],
            vec![
                "--response",
                &good,
                "--public-key",
                "nothex",
                "--curve",
                "secp256k1",
            ],
            vec![
                "--response",
                &good,
                "--public-key",
                &key[..66],
                "--curve",
                "secp256k1",
            ],
            vec![
                "--response",
                &good,
                "--public-key",
                &key,
                "--curve",
                "secp256k1",
                "--nonce",
                "12",
            ],
            vec![
                "--response",
                &good,
                "--public-key",
                &key,
                "--curve",
                "secp256k1",
                "--request",
                &not_json,
            ],
        ] {
            assert_eq!(verify(&args), BAD_INPUT, "{args:?}");
        }
        assert!(
            Cmd::try_parse_from([
                "x",
                "verify-swap",
                "--response",
                "r",
                "--public-key",
                "k",
                "--curve",
                "ed25519"
            ])
            .is_err()
        );
    }

    #[test]
    fn public_key_from_pem_file() {
        let pem = write(
            "k1.pem",
            "-----BEGIN PUBLIC KEY-----\nMFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEhL91YiYrvWlACFdI875q+lKuMXFVGB7O\nMbZjUcz/pLCMxD1jsoWdRp/uFfMcnttTJCZub9BAfoc4LWD8RRGs2A==\n-----END PUBLIC KEY-----\n",
        );
        let text = key_text(&pem).expect("reads");
        assert!(parse_public_key(&text, Curve::Secp256k1).is_ok());
    }
}
