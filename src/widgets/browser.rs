//! Finding and starting headless Chromium, and always stopping it.
//!
//! The browser speaks the DevTools protocol over a pipe (`--remote-debugging-pipe`): no port
//! to find, no WebSocket client to build, nothing another process on the machine can reach.
//! Chromium expects the pipe on its file descriptors 3 and 4; `std::process` hands a child
//! only 0, 1 and 2, so the browser is started through `sh`, which moves our two pipes there
//! (`exec … 3<&0 4>&1`) before it becomes the browser. The browser is killed when
//! [`Browser`] is dropped, and its profile folder removed.

use super::cdp::Cdp;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// What to install when no browser is found.
pub const INSTALL_HINT: &str =
    "install Chromium (Debian/Ubuntu: `apt-get install -y chromium`) or pass `--browser PATH`";

/// The names looked up on `PATH`, in order.
const NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "chrome"];

/// The browser to use: `given` if set (it must exist), else the first of [`NAMES`] on `PATH`.
pub fn find(given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = given {
        return if p.is_file() {
            Ok(p.to_path_buf())
        } else {
            Err(format!("no browser at `{}`: {INSTALL_HINT}", p.display()))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(format!("no browser found on PATH: {INSTALL_HINT}"))
}

/// A running headless browser, killed on drop.
pub(crate) struct Browser {
    pub cdp: Cdp,
    child: Killer,
    profile: PathBuf,
}

/// Kills the browser process; shared so that a cancelled run can kill it from elsewhere.
#[derive(Clone)]
pub(crate) struct Killer(Arc<Mutex<Option<Child>>>);

impl Killer {
    /// Kills the browser (once) and reaps it.
    pub(crate) fn kill(&self) {
        let taken = self.0.lock().map(|mut c| c.take()).unwrap_or(None);
        if let Some(mut child) = taken {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Browser {
    /// Starts `program` headless with a fresh profile folder under the system's temp folder.
    pub(crate) fn launch(program: &Path) -> std::io::Result<Browser> {
        let profile = std::env::temp_dir().join(format!(
            "provider-conformance-browser-{}-{}",
            std::process::id(),
            unique()
        ));
        std::fs::create_dir_all(&profile)?;
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(program)
            .args(flags(&profile))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(to), Some(from)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err(std::io::Error::other("the browser's pipes were not opened"));
        };
        Ok(Browser {
            cdp: Cdp::new(to, from),
            child: Killer(Arc::new(Mutex::new(Some(child)))),
            profile,
        })
    }

    /// A handle that kills this browser.
    pub(crate) fn killer(&self) -> Killer {
        self.child.clone()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.child.kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The command line. The closed network of CI machines refuses Chromium's own connections
/// (updates, sync, field trials), so they are all switched off. Site isolation is off so
/// that a cross-site widget frame lives in the page's process, where the bridge script, the
/// binding and the exception events reach it.
fn flags(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--mute-audio",
        "--disable-site-isolation-trials",
        "--disable-features=IsolateOrigins,site-per-process,Translate,MediaRouter",
        "--window-size=480,760",
        "--remote-debugging-pipe",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        format!("--user-data-dir={}", profile.display()),
        "about:blank".into(),
    ])
    .collect()
}

/// A number unique within this process, for profile folder names.
fn unique() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_path_that_does_not_exist_says_what_to_install() {
        let e = find(Some(Path::new("/no/such/browser"))).unwrap_err();
        assert!(e.contains("apt-get install -y chromium"), "{e}");
        assert!(e.contains("--browser PATH"), "{e}");
    }

    #[test]
    fn the_profile_folder_is_fresh_and_the_network_quiet() {
        let f = flags(Path::new("/tmp/p"));
        assert!(f.contains(&"--user-data-dir=/tmp/p".to_string()));
        for needed in [
            "--headless",
            "--disable-quic",
            "--disable-background-networking",
        ] {
            assert!(f.iter().any(|x| x == needed), "{needed}");
        }
    }
}
