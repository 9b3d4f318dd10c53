//! The HTML report's header block: what a reviewer checks first, each value labelled: the
//! verdict, the provider, the harness version and the profile's SHA-256 digest (of the
//! profile file's bytes, so a report can be matched to the profile it ran).

use crate::runner::outcome::RunOutcome;

/// `<dl id="header">` with the four values, `esc` escaping text.
pub(super) fn header(run: &RunOutcome, esc: &dyn Fn(&str) -> String) -> String {
    let verdict = run.verdict();
    let profile = match &run.profile_digest {
        Some(d) => format!("SHA-256 <code id=\"profile-digest\">{}</code>", esc(d)),
        None => "none".to_string(),
    };
    format!(
        "<dl class=\"header\" id=\"header\">\
         <dt>Verdict</dt><dd class=\"{}\">{}: {}</dd>\
         <dt>Provider</dt><dd>{}</dd>\
         <dt>Harness</dt><dd>{}</dd>\
         <dt>Profile</dt><dd>{profile}</dd></dl>\n",
        if verdict.is_pass() { "pass" } else { "fail" },
        esc(verdict.headline()),
        esc(&verdict.closing_line()),
        esc(&run.provider),
        esc(&run.tool),
    )
}
