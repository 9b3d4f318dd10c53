//! A small client of the Chrome DevTools Protocol over Chromium's debugging pipe
//! (`--remote-debugging-pipe`): JSON messages separated by a NUL byte, the browser reading
//! on its fd 3 and writing on its fd 4 (see `browser.rs` for how those are wired).
//!
//! Calls are synchronous and bounded in time: [`Cdp::call`] sends one command and waits for
//! its answer; events that arrive meanwhile are kept, in order, for [`Cdp::next_event`].
//! Sessions are flat (`Target.attachToTarget` with `flatten: true`): a command names its
//! session with `sessionId`, and so does an event.

use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// The largest message read from the browser. A full-page PNG screenshot of a widget is a
/// few hundred kilobytes; anything far beyond that is a broken pipe, not a message.
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// Why a DevTools call did not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CdpError {
    #[error("the browser did not answer `{method}` within {secs} s")]
    Timeout { method: String, secs: u64 },
    #[error("the browser closed its DevTools pipe")]
    Closed,
    #[error("the browser refused `{method}`: {message}")]
    Refused { method: String, message: String },
}

/// An event of the protocol: `Page.loadEventFired`, `Runtime.bindingCalled`, ...
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Event {
    pub method: String,
    #[serde(default)]
    pub params: Value,
    #[serde(rename = "sessionId", default)]
    pub session: Option<String>,
}

/// A message from the browser: the answer to a call, or an event.
#[derive(Debug, Deserialize)]
struct Incoming {
    id: Option<u64>,
    #[serde(default)]
    result: Option<Value>,
    #[serde(default)]
    error: Option<ProtocolError>,
    method: Option<String>,
    #[serde(default)]
    params: Value,
    #[serde(rename = "sessionId", default)]
    session: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ProtocolError {
    message: String,
}

/// One connection to a browser.
pub(crate) struct Cdp {
    to_browser: Box<dyn Write + Send>,
    from_browser: Receiver<Incoming>,
    next_id: u64,
    events: VecDeque<Event>,
}

impl Cdp {
    /// Speaks over `to_browser` (the browser's fd 3) and `from_browser` (its fd 4). A reader
    /// thread splits the messages; it ends when the pipe closes.
    pub(crate) fn new(
        to_browser: impl Write + Send + 'static,
        from_browser: impl Read + Send + 'static,
    ) -> Cdp {
        let (tx, rx) = channel();
        std::thread::spawn(move || read_messages(from_browser, &tx));
        Cdp {
            to_browser: Box::new(to_browser),
            from_browser: rx,
            next_id: 0,
            events: VecDeque::new(),
        }
    }

    /// Sends `method` with `params` (to `session`, or to the browser) and waits at most
    /// `timeout` for its result.
    pub(crate) fn call(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
        timeout: Duration,
    ) -> Result<Value, CdpError> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap_or_default();
        bytes.push(0);
        self.to_browser
            .write_all(&bytes)
            .and_then(|()| self.to_browser.flush())
            .map_err(|_| CdpError::Closed)?;
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_browser.recv_timeout(left) {
                Ok(m) if m.id == Some(id) => {
                    return match m.error {
                        Some(e) => Err(CdpError::Refused {
                            method: method.to_string(),
                            message: e.message,
                        }),
                        None => Ok(m.result.unwrap_or(Value::Null)),
                    };
                }
                Ok(m) => self.keep(m),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(CdpError::Timeout {
                        method: method.to_string(),
                        secs: timeout.as_secs().max(1),
                    });
                }
                Err(RecvTimeoutError::Disconnected) => return Err(CdpError::Closed),
            }
        }
    }

    /// The next event, waiting until `deadline` at most; `Err(Closed)` once the pipe closed.
    pub(crate) fn next_event(&mut self, deadline: Instant) -> Result<Option<Event>, CdpError> {
        loop {
            if let Some(e) = self.events.pop_front() {
                return Ok(Some(e));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.from_browser.recv_timeout(left) {
                Ok(m) => self.keep(m),
                Err(RecvTimeoutError::Timeout) => return Ok(None),
                Err(RecvTimeoutError::Disconnected) => return Err(CdpError::Closed),
            }
        }
    }

    fn keep(&mut self, m: Incoming) {
        if let Some(method) = m.method {
            self.events.push_back(Event {
                method,
                params: m.params,
                session: m.session,
            });
        }
    }
}

/// Splits the browser's output on NUL bytes and sends each message; stops at the end of
/// the pipe, at an oversized message, or when nobody listens.
fn read_messages(mut from: impl Read, tx: &Sender<Incoming>) {
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        pending.extend_from_slice(&chunk[..n]);
        while let Some(end) = memchr::memchr(0, &pending) {
            let message: Vec<u8> = pending.drain(..=end).collect();
            // A message that is not JSON cannot be answered; the call waiting for it times out.
            if let Ok(m) = serde_json::from_slice::<Incoming>(&message[..end])
                && tx.send(m).is_err()
            {
                return;
            }
        }
        if pending.len() > MAX_MESSAGE {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A pipe whose far end answers from a script.
    fn cdp_reading(script: &str) -> Cdp {
        Cdp::new(std::io::sink(), Cursor::new(script.as_bytes().to_vec()))
    }

    #[test]
    fn answers_are_matched_by_id_and_events_kept_in_order() {
        let mut cdp = cdp_reading(
            "{\"method\":\"Page.loadEventFired\",\"params\":{}}\0\
             {\"id\":1,\"result\":{\"ok\":true}}\0\
             {\"method\":\"Runtime.bindingCalled\",\"params\":{\"payload\":\"x\"},\"sessionId\":\"S\"}\0",
        );
        let r = cdp.call("Page.enable", json!({}), None, Duration::from_secs(2));
        assert_eq!(r, Ok(json!({"ok": true})));
        let soon = Instant::now() + Duration::from_secs(2);
        let first = cdp.next_event(soon).unwrap().unwrap();
        assert_eq!(first.method, "Page.loadEventFired");
        let second = cdp.next_event(soon).unwrap().unwrap();
        assert_eq!(second.session.as_deref(), Some("S"));
        assert_eq!(cdp.next_event(soon), Err(CdpError::Closed));
    }

    #[test]
    fn a_protocol_error_is_a_refusal_and_silence_a_timeout() {
        let mut cdp =
            cdp_reading("{\"id\":1,\"error\":{\"code\":-32000,\"message\":\"no such frame\"}}\0");
        let r = cdp.call("Page.navigate", json!({}), None, Duration::from_secs(2));
        assert!(matches!(r, Err(CdpError::Refused { message, .. }) if message == "no such frame"));
        let (_tx, rx) = channel::<Incoming>();
        let mut silent = Cdp {
            to_browser: Box::new(std::io::sink()),
            from_browser: rx,
            next_id: 0,
            events: VecDeque::new(),
        };
        let r = silent.call("Page.enable", json!({}), None, Duration::from_millis(50));
        assert!(matches!(r, Err(CdpError::Timeout { .. })));
    }
}
