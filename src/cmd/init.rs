//! `init`: writes a commented profile template for a new provider, or with `--discover`
//! a profile discovered from the provider's own lists (`init/`).
//!
//! The template is valid against `schemas/profile.schema.json` and loads with the profile
//! loader once its `${env:...}` variable is set; its public key is a placeholder (the
//! secp256k1 generator point) to replace with the partner key registered with Ledger.

mod address;
mod choose;
mod discover;
mod headers;
mod listing;
mod write;

use crate::error::HarnessError;
use crate::exit;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Options of `init`.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// Where to write the profile (`-` prints it)
    #[arg(long, short, value_name = "FILE", default_value = "profile.yaml")]
    pub output: PathBuf,
    /// The partner name as registered with Ledger (3 to 15 bytes)
    #[arg(long, value_name = "NAME", default_value = "ACME")]
    pub name: String,
    /// Overwrite FILE if it exists
    #[arg(long)]
    pub force: bool,
    /// Discover the profile from the provider's /currencies and /pairs (with --swap-url,
    /// --swap-v1-url or --buy-url), mapped to Ledger's coin list
    #[arg(long)]
    pub discover: bool,
    /// With --discover: the current swap API's base URL
    #[arg(long, value_name = "URL", requires = "discover")]
    pub swap_url: Option<String>,
    /// With --discover: the seed documents' swap API's base URL (its ids are mapped through
    /// --swap-url's /currencies)
    #[arg(long, value_name = "URL", requires = "discover")]
    pub swap_v1_url: Option<String>,
    /// With --discover: the buy API's base URL
    #[arg(long, value_name = "URL", requires = "discover")]
    pub buy_url: Option<String>,
    /// With --discover: a header for every section, `'NAME: VALUE'` (repeatable); `${env:VAR}`
    /// is read from the environment for the requests and written to the profile as is
    #[arg(long = "header", value_name = "NAME: VALUE", requires = "discover")]
    pub headers: Vec<String>,
    /// With --discover: your partner public key (uncompressed SEC1 hex, or a PEM file's path)
    #[arg(long, value_name = "KEY", requires = "discover")]
    pub public_key: Option<String>,
    /// With --discover: the curve of that key
    #[arg(long, value_name = "CURVE", requires = "discover")]
    pub curve: Option<crate::curve::Curve>,
    /// With --discover: at most this many pairs per section
    #[arg(long, value_name = "N", default_value_t = 6,
          value_parser = clap::value_parser!(u64).range(1..=50))]
    pub max_pairs: u64,
}

/// Placeholder public key: the secp256k1 generator point, a valid key nobody registers.
pub const PLACEHOLDER_KEY: &str = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

/// Runs `init`: writes the template, or says why not.
pub fn run(args: &InitArgs) -> Result<u8, HarnessError> {
    const CONTEXT: &str = "write the profile template";
    let len = args.name.len();
    if !(3..=15).contains(&len) || args.name.chars().any(char::is_control) {
        return Err(HarnessError::usage(
            CONTEXT,
            format!("the partner name must be 3 to 15 bytes of printable text, found {len} bytes"),
        ));
    }
    if args.discover {
        return run_discover(args);
    }
    let text = template(&args.name);
    if args.output.as_os_str() == "-" {
        print!("{text}");
        return Ok(exit::SUCCESS);
    }
    write_new(args, &text, CONTEXT)?;
    println!(
        "wrote `{}`: fill in the base URL, the key and the pairs, export {}, then run\n  provider-conformance run --profile {}",
        args.output.display(),
        env_var(&args.name),
        args.output.display()
    );
    Ok(exit::SUCCESS)
}

/// Writes `text` to `args.output`, keeping an existing file unless `--force`.
fn write_new(args: &InitArgs, text: &str, context: &str) -> Result<(), HarnessError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let path = &args.output;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| HarnessError::new(format!("create `{}`", dir.display()), e))?;
    }
    match options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(HarnessError::usage(
            context,
            format!("`{}` already exists; nothing was written", path.display()),
        )
        .with_hint("pass `--force` to overwrite it, or `--output` another file")),
        Err(e) => Err(HarnessError::new(format!("write `{}`", path.display()), e)),
    }
}

/// `init --discover`: reads the provider's lists, writes the profile, checks that it loads,
/// and prints what it could not map.
fn run_discover(args: &InitArgs) -> Result<u8, HarnessError> {
    const CONTEXT: &str = "discover the profile";
    if args.swap_url.is_none() && args.swap_v1_url.is_none() && args.buy_url.is_none() {
        return Err(
            HarnessError::usage(CONTEXT, "`--discover` needs a base URL to read").with_hint(
                "pass `--swap-url URL` (and `--swap-v1-url`, `--buy-url` where you have them)",
            ),
        );
    }
    let env = |k: &str| std::env::var(k).ok();
    let parsed: Vec<headers::Header> = args
        .headers
        .iter()
        .map(|h| headers::parse(h, &env))
        .collect::<Result<_, _>>()
        .map_err(|m| HarnessError::usage(CONTEXT, m))?;
    let curve = args.curve.map(|c| c.name());
    let d = discover::Discovery {
        name: &args.name,
        swap_url: args.swap_url.as_deref(),
        swap_v1_url: args.swap_v1_url.as_deref(),
        buy_url: args.buy_url.as_deref(),
        headers_written: parsed
            .iter()
            .map(|h| (h.name.clone(), h.written.clone()))
            .collect(),
        headers_sent: parsed
            .iter()
            .map(|h| (h.name.clone(), h.sent.clone()))
            .collect(),
        curve,
        public_key: args.public_key.as_deref(),
        max_pairs: usize::try_from(args.max_pairs).unwrap_or(6),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| HarnessError::new("start the async runtime", e))?;
    let http = discover::client().map_err(|e| HarnessError::new("build the HTTP client", e))?;
    let found = runtime
        .block_on(discover::discover(&d, &http))
        .map_err(|e| HarnessError::usage(CONTEXT, e))?;
    let dir = args.output.parent().unwrap_or(Path::new("."));
    loads(&found.text, dir, &env).map_err(|m| HarnessError::usage(CONTEXT, m))?;
    if args.output.as_os_str() == "-" {
        print!("{}", found.text);
    } else {
        write_new(args, &found.text, CONTEXT)?;
        println!(
            "wrote `{}`: replace every `# REPLACE` value, then run\n  provider-conformance run --profile {}",
            args.output.display(),
            args.output.display()
        );
    }
    for why in &found.unmapped {
        eprintln!("not mapped: {why}");
    }
    Ok(exit::SUCCESS)
}

/// Loads a discovered profile as `run` would: a profile that does not load is a bug of
/// `--discover`, never written.
fn loads(text: &str, dir: &Path, env: &dyn Fn(&str) -> Option<String>) -> Result<(), String> {
    let mut sources = crate::source::Sources::default();
    crate::profile::load_profile(&mut sources, "profile.yaml", text.to_string(), dir, env)
        .map(|_| ())
        .map_err(|d| {
            let problems: Vec<String> = d.iter().map(|d| d.message.clone()).collect();
            format!(
                "the discovered profile does not load: {}",
                problems.join("; ")
            )
        })
}

/// The environment variable the template reads the API key from: `NAME_API_KEY`, with every
/// character that is not a letter or a digit as `_`.
pub fn env_var(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{}_API_KEY", stem.trim_matches('_'))
}

/// The commented template for `name`.
pub fn template(name: &str) -> String {
    let quoted = serde_json::to_string(name).unwrap_or_else(|_| "\"ACME\"".into());
    let env = env_var(name);
    let host = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let host = if host.is_empty() {
        "partner".into()
    } else {
        host
    };
    format!(
        r#"# Provider profile for provider-conformance (schema: schemas/profile.schema.json).
# Run it with:  {env}=... provider-conformance run --profile THIS_FILE
# Every section is optional; the suites that run are those whose section is present.
# Header values and ${{env:NAME}} values are secrets: they appear in no output (shown as ***).

# The partner name as registered with Ledger (3 to 15 bytes; the device refuses others).
name: {quoted}

# The current Partner Swap API.
swap:
  base_url: https://staging.{host}.example/ledger   # your staging API; paths are appended
  headers:
    X-API-KEY: "${{env:{env}}}"                      # read from the environment at run time
  curve: secp256k1              # or secp256r1: the curve your partner key is registered on
  # Your partner public key: uncompressed SEC1 hex (04 + 128 hex digits), or the path of a
  # PEM file beside this profile. REPLACE this placeholder (the secp256k1 generator point).
  public_key: "{PLACEHOLDER_KEY}"
  nonce_encoding: hex           # hex (current documentation) or base64url (older documentation)
  signature_mode: ng            # ng (default) or legacy (hex payload, 10-letter nonce)
  status_deadline_secs: 60      # how long /status may take to reach a final state
  pairs:                        # the pairs to exercise, with addresses you control
    - from: btc
      to: eth
      amount: "0.01"            # a quoted decimal string, within your limits
      payload_currency_from: BTC
      payload_currency_to: ETH
      decimals_from: 8
      decimals_to: 18
      refund_address: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
      payout_address: "0x00000000000000000000000000000000c0ffee01"
      # refund_extra_id: "..."      # memo or tag, for currencies that need one (XLM, XRP)
      # payout_extra_id: "..."
      # amount_below_minimum: "0.00000001"   # default: one base unit
      # amount_above_maximum: "1000000000"   # default: 10^9 coins

# The older swap API (check_quote, bearer token), if Ledger still calls it for you:
# swap_v1:
#   base_url: https://staging.{host}.example/v1
#   headers: {{ X-API-KEY: "${{env:{env}}}" }}
#   login: required               # or none (the default): no bearer token needed
#   bearer_token: "${{env:{env}_BEARER}}"
#   curve: secp256k1
#   public_key: "04..."
#   pairs: [ ... as above ... ]

# The buy API:
# buy:
#   base_url: https://staging.{host}.example/buy
#   headers: {{ X-API-KEY: "${{env:{env}}}" }}
#   quote: {{ from: EUR, to: bitcoin, payment_method: card, amount: 100, country: FR, dest: "bc1q..." }}

# Failures accepted for now, each with its reason; a listed failure that stops failing fails
# the run, so remove the entry once fixed. Ids are those of docs/checks.md.
known_deviations: []
#  - {{ id: SWAP-QUOTE-005, reason: "quotes expire after 30 s until release 4.2", flow: fixed }}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_variable_follows_the_name() {
        assert_eq!(env_var("ACME"), "ACME_API_KEY");
        assert_eq!(env_var("Swap-Co 2"), "SWAP_CO_2_API_KEY");
    }

    #[test]
    fn the_template_loads_once_its_variable_is_set() {
        let mut sources = crate::source::Sources::default();
        let p = crate::profile::load_profile(
            &mut sources,
            "profile.yaml",
            template("Swap-Co"),
            std::path::Path::new("."),
            &|k| (k == "SWAP_CO_API_KEY").then(|| "k-123456".to_string()),
        )
        .unwrap_or_else(|d| panic!("{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>()));
        assert_eq!(p.name, "Swap-Co");
        assert!(p.secrets.contains(&"k-123456".to_string()));
        assert!(
            p.known_deviations
                .is_some_and(|n| n.kind == crate::yaml::NodeKind::Seq(Vec::new()))
        );
    }
}
