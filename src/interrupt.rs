//! Ctrl-C during a run: the first press asks the run to stop and write the reports of the
//! flows that finished; a second press, or a press once the run no longer listens (while the
//! reports are written, say to a stuck file), exits at once with code 130.

use crate::exit;
use tokio::sync::mpsc;

/// Starts watching for Ctrl-C; the receiver gets one message for the first press. Dropping it
/// means nobody listens any more: the next press exits.
pub(crate) fn watch() -> mpsc::UnboundedReceiver<()> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut presses = 0;
        while tokio::signal::ctrl_c().await.is_ok() {
            presses += 1;
            if presses > 1 || tx.send(()).is_err() {
                eprintln!("\ninterrupted again: exiting without finishing the reports");
                std::process::exit(i32::from(exit::INTERRUPTED));
            }
        }
    });
    rx
}
