//! Where the profile comes from: a file (`--profile`), or the bundled reference provider
//! started on 127.0.0.1, whose own profile is certified.

use crate::cli::RunArgs;
use crate::error::HarnessError;
use crate::provider::{self, Fault, ProviderOptions, RunningProvider};
use crate::source::Sources;
use std::path::{Path, PathBuf};

/// The profile's text, where it is from, and the reference provider if one was started.
pub(super) struct Target {
    /// The name diagnostics show.
    pub name: String,
    pub text: String,
    /// The folder relative paths in the profile start from.
    pub dir: PathBuf,
    reference: Option<RunningProvider>,
}

/// Reads the profile, or starts the reference provider.
pub(super) async fn open(args: &RunArgs, sources: &mut Sources) -> Result<Target, HarnessError> {
    if let Some(path) = &args.profile {
        let text = crate::yaml::read_text(sources, path, "profile")
            .map_err(|d| super::load::bad_input("read the profile", &[*d], sources))?;
        return Ok(Target {
            name: path.display().to_string(),
            text,
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            reference: None,
        });
    }
    let faults = args
        .fault
        .iter()
        .map(|f| f.parse::<Fault>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| HarnessError::usage("start the reference provider", e.to_string()))?;
    let variants = provider::parse_variants(&args.variants)
        .map_err(|e| HarnessError::usage("start the reference provider", e))?;
    let opts = ProviderOptions {
        curve: args.curve,
        faults,
        legacy: args.legacy,
        variants,
        latency_ms: args.latency_ms,
        rate_limit: args.rate_limit,
        pairs: args.pairs.unwrap_or(0),
        ..ProviderOptions::default()
    };
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let p = provider::start(opts, loopback)
        .await
        .map_err(|e| HarnessError::new("start the reference provider", e))?;
    Ok(Target {
        name: "<reference provider profile>".into(),
        text: p.profile_yaml(),
        dir: PathBuf::new(),
        reference: Some(p),
    })
}

impl Target {
    /// Stops the reference provider, if one was started.
    pub(super) async fn close(self) {
        if let Some(p) = self.reference {
            p.shutdown().await;
        }
    }
}
