//! The sweep's progress bar on a terminal: pairs done of total, rate and time left. Nothing
//! when stdout or stderr is not a terminal, or when `CI` is set: logs get the report instead.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Whether a bar may be drawn: both streams are terminals and `CI` is not set.
pub(crate) fn wanted() -> bool {
    std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}

/// A bar of `total` quotes on stderr, or a hidden one.
pub(crate) fn bar(total: usize, shown: bool) -> ProgressBar {
    if !shown {
        return ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total as u64);
    let style =
        ProgressStyle::with_template("sweep {bar:30} {pos}/{len} quotes  {per_sec}  ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
