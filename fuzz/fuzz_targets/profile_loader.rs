//! The profile loader on any text: sections, pairs, keys, `${env:...}`, and the renderer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provider_conformance::diagnostic::render_all;
use provider_conformance::profile::load_profile;
use provider_conformance::source::Sources;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = Sources::default();
    // Only a few names resolve, so both paths of `${env:...}` run; no file is ever read
    // (a PEM path resolves under a folder that does not exist).
    let env = |name: &str| (name.len() < 4).then(|| format!("value-of-{name}"));
    let root = Path::new("/nonexistent-fuzz-dir");
    if let Err(diags) = load_profile(&mut sources, "profile.yaml", text.to_string(), root, &env) {
        let _ = render_all(&diags, &sources);
    }
});
