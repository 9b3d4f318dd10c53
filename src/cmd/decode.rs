//! The `decode` command: decodes a swap payload (base64url or hex) as the device reads it and
//! prints its fields. Exit codes: 0 decoded, 2 unreadable input or a payload that does not
//! decode (the message gives the failing offset, field and wire type).

use std::io::Write;

use super::offline::{OutputFormat, emit, read_input, setup_colour};
use crate::error::HarnessError;
use crate::exit::SUCCESS;
use crate::input::MAX_RESPONSE_BYTES;
use crate::report::swap_verdict;
use crate::swap::fields;
use crate::swap::outcome::RuleStatus;
use crate::swap::payload::{PayloadEncoding, decode_payload, decode_payload_as};

/// Decode a swap payload (base64url or hex) and print its fields.
#[derive(Debug, Clone, clap::Args)]
pub struct DecodeArgs {
    /// The payload text; `-` reads stdin.
    pub payload: String,
    /// The payload is hex (legacy flow); without it the encoding is detected.
    #[arg(long)]
    pub hex: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

/// A usage error of this command.
fn bad_input(message: &str) -> HarnessError {
    HarnessError::usage("decode the payload", message)
}

/// Runs `decode`, printing to stdout; returns the exit code (2 with the failing offset, field
/// and wire type when the payload does not decode).
pub(crate) fn run(args: &DecodeArgs) -> Result<u8, HarnessError> {
    run_to(args, &mut std::io::stdout().lock())
}

/// Runs `decode`, writing the fields to `out`; returns the exit code.
pub(crate) fn run_to(args: &DecodeArgs, out: &mut dyn Write) -> Result<u8, HarnessError> {
    setup_colour(args.format);
    let text = if args.payload == "-" {
        match read_input("-", "payload", MAX_RESPONSE_BYTES) {
            Ok(t) => t,
            Err(e) => return Err(bad_input(&e)),
        }
    } else {
        args.payload.clone()
    };
    let text = text.trim();
    let decoded = if args.hex {
        decode_payload_as(text, PayloadEncoding::Hex)
    } else {
        decode_payload(text)
    };
    let d = match decoded {
        Ok(d) => d,
        Err(e) => return Err(bad_input(&format!("cannot decode payload: {e}"))),
    };
    match args.format {
        OutputFormat::Json => emit(
            out,
            &(serde_json::to_string_pretty(&d)
                .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
                + "\n"),
        ),
        OutputFormat::Human => {
            let mut text = swap_verdict::payload_table(&d);
            let limits = fields::limits(&d);
            if limits.status == RuleStatus::Fail {
                text.push_str(&format!("\nwarning: {}\n", limits.message));
            }
            emit(out, &text);
        }
    }
    Ok(SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::BAD_INPUT;
    use crate::swap::testkit::{b64url, good_fields};
    use clap::Parser;
    use serde_json::Value;

    #[derive(Parser)]
    enum Cmd {
        Decode(DecodeArgs),
    }

    fn run(argv: &[&str]) -> (u8, String) {
        let mut out = Vec::new();
        let Cmd::Decode(a) = Cmd::try_parse_from(argv).expect("args parse");
        let code = run_to(&a, &mut out).unwrap_or_else(|e| e.exit_code());
        (code, String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn decode_exit_codes() {
        let payload = b64url(&good_fields().into_bytes(), false);
        let (code, text) = run(&["x", "decode", &payload]);
        assert_eq!(code, SUCCESS);
        assert!(
            text.contains("  7  currency_from             \"BTC\""),
            "{text}"
        );
        let (code, text) = run(&["x", "decode", "--format", "json", &payload]);
        assert_eq!(code, SUCCESS);
        let json: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(json["encoding"], "base64url");
        assert_eq!(run(&["x", "decode", "--hex", "0a03616263"]).0, SUCCESS);
        assert_eq!(run(&["x", "decode", "--hex", "0a05ab"]).0, BAD_INPUT);
        assert_eq!(run(&["x", "decode", "ab+c"]).0, BAD_INPUT);
        // A `+` inside payin_address: the device decodes it, garbled, and so does `decode`.
        let mut garbled = payload.clone();
        garbled.replace_range(8..9, "+");
        let (code, text) = run(&["x", "decode", &garbled]);
        assert_eq!(code, SUCCESS, "{text}");
        assert!(
            text.contains("payin_address") && text.contains("(garbled: as the device reads it)"),
            "{text}"
        );
        assert!(
            text.contains("note: the device read 1 character(s)"),
            "{text}"
        );
    }
}
