//! `serve`: runs the reference provider until Ctrl-C.

use crate::curve::Curve;
use crate::error::HarnessError;
use crate::exit;
use crate::provider::{
    BEARER_TOKEN, DEFAULT_API_KEY, Fault, ProviderOptions, parse_hex, parse_variants, start,
    variants_list,
};
use std::fmt::Write;
use std::net::SocketAddr;

/// Options of `serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Curve of the partner key: `secp256k1` or `secp256r1`
    #[arg(long, default_value = "secp256k1")]
    pub curve: Curve,
    /// Partner secret key as 64 hex digits (default: a random key, never printed)
    #[arg(long, value_name = "HEX")]
    pub secret_key: Option<String>,
    /// Value expected in the `X-API-KEY` header
    #[arg(long, default_value = DEFAULT_API_KEY)]
    pub api_key: String,
    /// Break one rule on purpose (repeatable); see `--list-faults`
    #[arg(long = "fault", value_name = "NAME")]
    pub faults: Vec<String>,
    /// Legacy swap flow (provider registered as version 1): `/v2/swap` takes the 10-letter
    /// nonce and answers a hex payload signed over its raw bytes, secp256k1
    #[arg(long)]
    pub legacy: bool,
    /// Print the fault names with what each breaks, then exit
    #[arg(long)]
    pub list_faults: bool,
    /// Make a conforming choice differently from the default (repeatable); see `--list-variants`
    #[arg(long = "variant", value_name = "NAME")]
    pub variants: Vec<String>,
    /// Print the variant names with what each changes and the source that allows it, then exit
    #[arg(long)]
    pub list_variants: bool,
    /// Delay every answer by MS milliseconds, as a distant provider would
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Admit at most RPS requests per one-second window; past it, answer `429` with
    /// `Retry-After` (seconds until the window ends)
    #[arg(long, value_name = "RPS", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    /// Once listening, write the profile that certifies this instance (`run --profile FILE`)
    #[arg(long, value_name = "FILE")]
    pub write_profile: Option<std::path::PathBuf>,
    /// Also serve N synthetic pairs between synthetic currencies (pair sweep lane), paginated
    /// like the bundled ones and quotable at any amount inside their limits
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub pairs: usize,
}

/// Runs `serve`: the exit code once stopped, or why it could not start.
pub(crate) fn run(args: &ServeArgs) -> Result<u8, HarnessError> {
    if args.list_faults {
        let mut text = String::new();
        for fault in Fault::ALL {
            let _ = writeln!(text, "{:<32} {}", fault.name(), fault.description());
        }
        super::show(&text);
        return Ok(exit::SUCCESS);
    }
    if args.list_variants {
        super::show(&variants_list());
        return Ok(exit::SUCCESS);
    }
    let opts = options(args).map_err(|m| HarnessError::usage("start the reference provider", m))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| HarnessError::new("start the async runtime", e))?;
    runtime.block_on(serve(opts, args.listen, args.write_profile.as_deref()))
}

/// Validates the arguments into provider options.
fn options(args: &ServeArgs) -> Result<ProviderOptions, String> {
    let mut faults = Vec::new();
    for name in &args.faults {
        match name.parse::<Fault>() {
            Ok(f) => faults.push(f),
            Err(e) => {
                let valid: Vec<&str> = Fault::ALL.iter().map(|f| f.name()).collect();
                return Err(format!("{e}; valid faults: {}", valid.join(", ")));
            }
        }
    }
    let secret_key = match &args.secret_key {
        None => None,
        // The value itself is never echoed back.
        Some(hex) => {
            Some(parse_hex(hex.trim()).ok_or("`--secret-key` must be 64 hex digits (32 bytes)")?)
        }
    };
    Ok(ProviderOptions {
        curve: args.curve,
        secret_key,
        api_key: args.api_key.clone(),
        faults,
        legacy: args.legacy,
        variants: parse_variants(&args.variants)?,
        latency_ms: args.latency_ms,
        rate_limit: args.rate_limit,
        pairs: args.pairs,
    })
}

async fn serve(
    opts: ProviderOptions,
    listen: SocketAddr,
    write_profile: Option<&std::path::Path>,
) -> Result<u8, HarnessError> {
    let faults = opts.faults.clone();
    let variants = opts.variants.clone();
    let legacy = opts.legacy || faults.iter().any(|f| f.needs_legacy());
    let (latency_ms, rate_limit) = (opts.latency_ms, opts.rate_limit);
    let provider = start(opts, listen).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            HarnessError::usage("start the reference provider", e.to_string())
        } else {
            HarnessError::new(format!("listen on `{listen}`"), e)
        }
    })?;
    if let Some(path) = write_profile {
        let written = crate::report::write_file("profile", path, &provider.profile_yaml());
        if let Err(e) = written {
            provider.shutdown().await;
            return Err(HarnessError::new(
                format!("write the profile to `{}`", path.display()),
                e.source,
            ));
        }
    }
    let root = provider.root_url();
    let mut text = String::new();
    let _ = writeln!(text, "reference provider listening on {root}");
    let _ = writeln!(text, "  swap (current):  {root}/v2");
    let _ = writeln!(
        text,
        "  swap (seed-era): {root}/v1  (bearer token `{BEARER_TOKEN}`)"
    );
    let _ = writeln!(text, "  buy:             {root}/buy");
    let _ = writeln!(text, "  curve:           {}", provider.curve());
    let _ = writeln!(text, "  public key:      {}", provider.public_key_hex());
    if legacy {
        let _ = writeln!(
            text,
            "  swap flow:       legacy (hex payload, 10-letter nonce)"
        );
    }
    if latency_ms > 0 {
        let _ = writeln!(text, "  latency:         {latency_ms} ms per answer");
    }
    if let Some(rps) = rate_limit {
        let _ = writeln!(
            text,
            "  rate limit:      {rps} requests per second, then 429 with Retry-After"
        );
    }
    for fault in &faults {
        let _ = writeln!(text, "  fault:           {fault}");
    }
    for variant in &variants {
        let _ = writeln!(text, "  variant:         {variant}");
    }
    let _ = writeln!(text, "press Ctrl-C to stop");
    super::show(&text);
    let interrupted = tokio::signal::ctrl_c().await;
    provider.shutdown().await;
    interrupted.map_err(|e| HarnessError::new("wait for Ctrl-C", e))?;
    Ok(exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Variant;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    fn args(argv: &[&str]) -> ServeArgs {
        Cli::parse_from([&["serve"], argv].concat()).serve
    }

    #[test]
    fn defaults_match_the_reference_profile() {
        let a = args(&[]);
        assert_eq!(a.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(a.curve, Curve::Secp256k1);
        assert_eq!(a.api_key, DEFAULT_API_KEY);
        let opts = options(&a).unwrap();
        assert!(opts.secret_key.is_none() && opts.faults.is_empty() && !opts.legacy);
        assert!(options(&args(&["--legacy"])).unwrap().legacy);
    }

    #[test]
    fn faults_and_keys_are_parsed() {
        let a = args(&[
            "--curve",
            "secp256r1",
            "--fault",
            "leading-dot",
            "--fault",
            "high-s",
            "--secret-key",
            &"0A".repeat(32),
        ]);
        let opts = options(&a).unwrap();
        assert_eq!(opts.curve, Curve::Secp256r1);
        assert_eq!(opts.faults, vec![Fault::LeadingDot, Fault::HighS]);
        assert_eq!(opts.secret_key, Some([0x0a; 32]));
        // The Debug form never shows the key.
        assert!(!format!("{opts:?}").contains("10, 10"));
    }

    #[test]
    fn a_bad_fault_lists_the_valid_names_and_exits_bad_input() {
        let a = args(&["--fault", "leading-dots"]);
        let message = options(&a).unwrap_err();
        assert!(message.starts_with("unknown fault `leading-dots`; valid faults: "));
        assert!(message.contains("leading-dot, "));
        assert_eq!(run(&a).unwrap_err().exit_code(), exit::BAD_INPUT);
    }

    #[test]
    fn a_bad_secret_key_is_refused_without_echoing_it() {
        let a = args(&["--secret-key", "abcd"]);
        let message = options(&a).unwrap_err();
        assert!(!message.contains("abcd"));
        let e = run(&a).unwrap_err();
        assert_eq!(e.exit_code(), exit::BAD_INPUT);
        assert!(!e.render().contains("abcd"));
    }

    #[test]
    fn latency_and_rate_limit_are_parsed() {
        let opts = options(&args(&["--latency-ms", "25", "--rate-limit", "40"])).unwrap();
        assert_eq!((opts.latency_ms, opts.rate_limit), (25, Some(40)));
        let opts = options(&args(&[])).unwrap();
        assert_eq!((opts.latency_ms, opts.rate_limit), (0, None));
        let zero = Cli::try_parse_from(["serve", "--rate-limit", "0"]);
        assert!(zero.is_err(), "a limit of 0 would refuse everything");
    }

    #[test]
    fn list_faults_succeeds() {
        assert_eq!(run(&args(&["--list-faults"])).unwrap(), exit::SUCCESS);
    }

    #[test]
    fn variants_are_parsed_and_listed() {
        let opts = options(&args(&["--variant", "high-s", "--variant", "v1-no-login"])).unwrap();
        assert_eq!(opts.variants, vec![Variant::HighS, Variant::V1NoLogin]);
        let a = args(&["--variant", "fixed-only", "--variant", "float-only"]);
        assert!(options(&a).unwrap_err().contains("exclude each other"));
        assert_eq!(run(&a).unwrap_err().exit_code(), exit::BAD_INPUT);
        assert_eq!(run(&args(&["--list-variants"])).unwrap(), exit::SUCCESS);
    }
}
