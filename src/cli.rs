//! The command line (clap).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Certifies crypto exchange providers (swap and buy) for Ledger Live: runs scripted flows
/// against a provider's API and checks every response, including the device-exact /swap payload.
#[derive(Debug, Parser)]
#[command(name = "provider-conformance", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Certify a provider (with --profile) or the bundled reference provider (without)
    Run(Box<RunArgs>),
    /// Write a commented profile template for a new provider
    Init(crate::cmd::init::InitArgs),
    /// Run the bundled reference provider alone
    Serve(crate::cmd::serve::ServeArgs),
    /// Verify one captured /swap response offline, as the device would
    VerifySwap(crate::cmd::verify_swap::VerifySwapArgs),
    /// Print the decoded fields of a /swap payload
    Decode(crate::cmd::decode::DecodeArgs),
}

/// `run --deadline`'s default, in seconds. The bundled suites send about 60 requests with two
/// pairs per section: a provider that takes the whole 10 s timeout on each, 4 at a time, needs
/// about 150 s plus the status polling (at most 30 s per swap); four times that leaves room
/// for more pairs and slow CI machines, and still ends a stuck job within 10 minutes.
pub const DEFAULT_DEADLINE_SECS: u64 = 600;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The provider profile (YAML); without it the bundled reference provider is started on
    /// 127.0.0.1 and certified
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Suite files or folders to run instead of the bundled suites (repeatable)
    #[arg(long = "suite", value_name = "PATH")]
    pub suites: Vec<PathBuf>,
    /// Where to write the JUnit XML report
    #[arg(long, value_name = "FILE", default_value = "reports/junit.xml")]
    pub junit: PathBuf,
    /// Where to write the JSON report
    #[arg(long, value_name = "FILE", default_value = "reports/report.json")]
    pub json: PathBuf,
    /// Also write a Markdown summary (in GitHub Actions it is always appended to
    /// $GITHUB_STEP_SUMMARY)
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Also write a single-file HTML report (no network resources)
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Known deviations to accept (a YAML list of `{ id, reason, flow }`), added to the
    /// profile's `known_deviations`
    #[arg(long, value_name = "FILE")]
    pub deviations: Option<PathBuf>,
    /// List the flows and checks that would run, without sending any request
    #[arg(long)]
    pub list: bool,
    /// Per-request timeout in seconds
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub timeout: u64,
    /// Largest response body read, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_response_bytes: usize,
    /// How many requests are in flight at once (a flow waiting between status polls holds
    /// none; the sweep quotes N pairs at once)
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
    /// Time for the whole run, in seconds: when it passes, running requests are cancelled,
    /// flows not finished are reported as not run, and the run is incomplete (exit 1)
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_DEADLINE_SECS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub deadline: u64,
    /// After N timeouts in a row against one base URL, its remaining requests are not sent and
    /// fail as "provider unreachable" (0: keep sending)
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub unreachable_after: u32,
    /// Without --profile: switch on a fault of the reference provider (repeatable; see `serve --list-faults`)
    #[arg(long, value_name = "NAME")]
    pub fault: Vec<String>,
    /// Without --profile: the reference provider's curve
    #[arg(long, value_name = "CURVE", default_value = "secp256k1")]
    pub curve: crate::curve::Curve,
    /// Without --profile: the reference provider follows the legacy swap flow (hex payload,
    /// 10-letter nonce) and its profile says `signature_mode: legacy`
    #[arg(long)]
    pub legacy: bool,
    /// Without --profile: a conforming variant of the reference provider (repeatable; see
    /// `serve --list-variants`)
    #[arg(long = "variant", value_name = "NAME")]
    pub variants: Vec<String>,
    /// Print the variant names with what each changes and the source that allows it, then exit
    #[arg(long)]
    pub list_variants: bool,
    // Scale and performance lane: retries after `429`/`503`, and the reference provider's
    // latency and rate limit.
    /// Retries of one request answered `429` or `503` with `Retry-After` (0: no retry, the
    /// answer is judged as it is)
    #[arg(long, value_name = "N", default_value_t = crate::runner::http::DEFAULT_MAX_RETRIES)]
    pub max_retries: u32,
    /// The longest `Retry-After` wait made, in seconds; a `429`/`503` asking for more is judged
    /// as it is
    #[arg(long, value_name = "SECS",
          default_value_t = crate::runner::http::DEFAULT_MAX_RETRY_WAIT_SECS)]
    pub max_retry_wait: u64,
    /// Without --profile: the reference provider delays every answer by MS milliseconds
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Without --profile: the reference provider admits at most RPS requests per second and
    /// answers `429` with `Retry-After` past it
    #[arg(long, value_name = "RPS", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    // Lane "widgets" (issue 13).
    /// The browser that checks the provider's widgets (headless Chromium); default the first
    /// of chromium, chromium-browser, google-chrome, chrome on PATH
    #[arg(long, value_name = "PATH")]
    pub browser: Option<PathBuf>,
    // Pair sweep lane (issue 12): `run --sweep` and its knobs.
    /// Also quote every pair `/pairs` advertises, for each trade method, at its advertised
    /// minimum (so does a `sweep:` section in the profile, or the filter `sweep`)
    #[arg(long)]
    pub sweep: bool,
    /// Sweep: quote N pairs drawn with --seed instead of every pair
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub sample: Option<u64>,
    /// Sweep: the seed of --sample's draw (default 0, or the profile's `sweep.seed`)
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Sweep: also swap N sampled pairs with the full payload check, using the profile's
    /// `sweep.addresses`
    #[arg(long, value_name = "N")]
    pub sweep_swaps: Option<u64>,
    /// At most R requests in any one second, bursts and retries included (a token bucket over
    /// every request of the run: the sweep's and the suites')
    #[arg(long, value_name = "R", value_parser = clap::value_parser!(u32).range(1..))]
    pub rps: Option<u32>,
    /// Sweep: write one JSON line per quote to FILE (NDJSON)
    #[arg(long, value_name = "FILE")]
    pub sweep_results: Option<PathBuf>,
    /// Without --profile: the reference provider also serves N synthetic pairs, and its
    /// profile sweeps them
    #[arg(long, value_name = "N")]
    pub pairs: Option<usize>,
    // Onboarding lane: reports at a glance.
    /// Print only the failures, grouped by requirement, and the closing lines (no line per check)
    #[arg(long, short)]
    pub quiet: bool,
    /// Keep flows whose `suite/flow` name contains FILTER, that have FILTER as a tag, or whose
    /// requirement ids start with FILTER
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,
}
