//! Finding and starting headless Chromium, and always stopping it.
//!
//! The browser speaks the DevTools protocol over a pipe (`--remote-debugging-pipe`): no port
//! to find, no WebSocket client to build, nothing another process on the machine can reach.
//! Chromium expects the pipe on its file descriptors 3 and 4; `std::process` hands a child
//! only 0, 1 and 2, so the browser is started through `sh`, which moves our two pipes there
//! (`exec … 3<&0 4>&1`) before it becomes the browser. The browser is killed when
//! [`Browser`] is dropped, and its profile folder removed, again while the browser's helper
//! processes, which outlive it by some milliseconds, still write into it.

use super::cdp::Cdp;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a fresh browser may take to open and close a blank tab.
const PROBE: Duration = Duration::from_secs(10);
/// How many times the browser is launched before it counts as not starting.
const LAUNCHES: usize = 3;
/// How long removing a killed browser's profile folder is tried.
const REMOVE: Duration = Duration::from_secs(2);

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

    /// [`Browser::launch`], then a blank tab opened and closed: a browser that does not
    /// answer within [`PROBE`] is killed and launched again, [`LAUNCHES`] times at most. Now
    /// and then a Chromium started on a loaded machine never answered its first
    /// `Target.createTarget` (not within 30 s), and the widgets' checks could not run.
    /// Blocking: call it on the blocking pool.
    pub(crate) fn launch_ready(program: &Path) -> std::io::Result<Browser> {
        Browser::ready(program, PROBE, LAUNCHES)
    }

    fn ready(program: &Path, probe: Duration, launches: usize) -> std::io::Result<Browser> {
        let mut why = String::new();
        for _ in 0..launches {
            let mut b = Browser::launch(program)?;
            match b.probe(probe) {
                Ok(()) => return Ok(b),
                // Dropped: killed, its profile removed.
                Err(e) => why = e.to_string(),
            }
        }
        Err(std::io::Error::other(format!(
            "{why} ({launches} launches)"
        )))
    }

    fn probe(&mut self, within: Duration) -> Result<(), super::cdp::CdpError> {
        let created = self.cdp.call(
            "Target.createTarget",
            serde_json::json!({ "url": "about:blank" }),
            None,
            within,
        )?;
        let target = created
            .get("targetId")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string();
        self.cdp.call(
            "Target.closeTarget",
            serde_json::json!({ "targetId": target }),
            None,
            within,
        )?;
        Ok(())
    }

    /// A handle that kills this browser.
    pub(crate) fn killer(&self) -> Killer {
        self.child.clone()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.child.kill();
        let _ = remove(&self.profile, REMOVE);
    }
}

/// Removes `dir`, trying again every 20 ms for at most `within` while something still writes
/// into it. Killing the browser does not kill its network and storage helpers at once: they
/// wrote `Local State`, caches and journals for some milliseconds more, the removal found a
/// folder that was no longer empty, and about half the runs left their profile behind.
fn remove(dir: &Path, within: Duration) -> std::io::Result<()> {
    let start = Instant::now();
    loop {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) if start.elapsed() >= within => return Err(e),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
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

    /// A program that keeps its DevTools pipe open and never answers, and one that exits.
    #[test]
    fn a_browser_that_never_answers_is_launched_again_then_given_up() {
        let silent = Browser::ready(Path::new("/bin/sleep"), Duration::from_millis(200), 2);
        // `sleep --headless …` refuses its arguments and exits: the pipe closes.
        let e = silent.err().expect("no browser");
        assert!(e.to_string().ends_with("(2 launches)"), "{e}");
        let dir = std::env::temp_dir().join(format!("pc-silent-browser-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let program = dir.join("browser");
        std::fs::write(&program, "#!/bin/sh\nexec sleep 30\n").unwrap();
        std::fs::set_permissions(
            &program,
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        let start = std::time::Instant::now();
        let e = Browser::ready(&program, Duration::from_millis(200), 3)
            .err()
            .expect("it never answers");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            e.to_string()
                .starts_with("the browser did not answer `Target.createTarget`"),
            "{e}"
        );
        assert!(e.to_string().ends_with("(3 launches)"), "{e}");
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "each launch waited its 200 ms"
        );
    }

    /// A writer that keeps adding files for a while, as the browser's helpers do once it is
    /// killed (into folders that exist: once the folder is gone, they fail): the folder is
    /// removed once the writing stops; a writer that does not stop in time is given up on.
    #[test]
    fn a_profile_still_written_to_is_removed_once_the_writing_stops() {
        let writing = |dir: &Path, for_ms: u64| {
            std::fs::create_dir_all(dir.join("Default")).unwrap();
            let dir = dir.to_path_buf();
            std::thread::spawn(move || {
                let start = Instant::now();
                let mut n = 0;
                while start.elapsed() < Duration::from_millis(for_ms) {
                    let _ = std::fs::create_dir(dir.join("Default"));
                    let _ = std::fs::write(dir.join("Default").join(n.to_string()), "x");
                    let _ = std::fs::write(dir.join(format!("Local State {}", n % 8)), "x");
                    n += 1;
                }
            })
        };
        let base = std::env::temp_dir().join(format!("pc-profile-removal-{}", std::process::id()));
        let stops = base.join("stops");
        let writer = writing(&stops, 150);
        std::thread::sleep(Duration::from_millis(30));
        remove(&stops, Duration::from_secs(5)).unwrap();
        writer.join().unwrap();
        assert!(!stops.exists());

        let never = base.join("never");
        let writer = writing(&never, 1_500);
        let start = Instant::now();
        let _ = remove(&never, Duration::from_millis(200));
        assert!(
            start.elapsed() < Duration::from_millis(1_400),
            "gave up in time"
        );
        writer.join().unwrap();
        remove(&base, Duration::from_secs(5)).unwrap();
        assert!(!base.exists());
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
