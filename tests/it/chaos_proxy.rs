//! A seeded chaos proxy: sits between the harness and the reference provider, forwards each
//! request, and spoils about half of the answers at the byte level: truncated, wrong
//! `Content-Length`, broken chunked framing, stalled, dripped, reset mid-body, a garbage status
//! line, a line that is not a header, a huge header, invalid UTF-8, or a 1xx interim response
//! first. The same seed makes the same choices in the same connection order.

use crate::hostile_support::read_request;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does to one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mischief {
    Pass,
    Truncate,
    LongerLength,
    ShorterLength,
    BadChunk,
    Stall,
    Drip,
    Reset,
    BadStatusLine,
    NotAHeader,
    HugeHeader,
    InvalidUtf8,
    Interim100,
}

const SPOILS: [Mischief; 12] = [
    Mischief::Truncate,
    Mischief::LongerLength,
    Mischief::ShorterLength,
    Mischief::BadChunk,
    Mischief::Stall,
    Mischief::Drip,
    Mischief::Reset,
    Mischief::BadStatusLine,
    Mischief::NotAHeader,
    Mischief::HugeHeader,
    Mischief::InvalidUtf8,
    Mischief::Interim100,
];

/// SplitMix64: small, seeded, good enough to pick mischief.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The running proxy.
pub(crate) struct ChaosProxy {
    pub port: u16,
    /// What was done to each connection, in accept order.
    pub log: Arc<Mutex<Vec<Mischief>>>,
}

impl ChaosProxy {
    /// Listens on 127.0.0.1 and forwards to `upstream`.
    pub(crate) fn start(
        rt: &tokio::runtime::Runtime,
        upstream: SocketAddr,
        seed: u64,
    ) -> ChaosProxy {
        let listener = rt
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind loopback");
        let port = listener.local_addr().expect("local addr").port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let rng = Arc::new(Mutex::new(Rng(seed)));
        let shared_log = log.clone();
        rt.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (mischief, cut) = {
                    let mut r = rng.lock().expect("lock");
                    let m = if r.below(2) == 0 {
                        Mischief::Pass
                    } else {
                        SPOILS[r.below(SPOILS.len())]
                    };
                    (m, r.next())
                };
                shared_log.lock().expect("lock").push(mischief);
                tokio::spawn(serve(stream, upstream, mischief, cut));
            }
        });
        ChaosProxy { port, log }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Forwards one request and answers it, spoiled by `mischief`; `cut` picks where to cut.
async fn serve(mut client: TcpStream, upstream: SocketAddr, mischief: Mischief, cut: u64) {
    let Some(req) = read_request(&mut client).await else {
        return;
    };
    let Some(answer) = forward(upstream, &req.head, &req.body).await else {
        return;
    };
    let (head, body) = split(&answer);
    let at = |len: usize| (cut % len.max(1) as u64) as usize;
    let bytes = match mischief {
        Mischief::Pass => answer.clone(),
        Mischief::Truncate => answer[..at(answer.len())].to_vec(),
        Mischief::LongerLength => join(&set_length(head, body.len() + 1 + at(100)), body),
        Mischief::ShorterLength => join(&set_length(head, at(body.len())), body),
        Mischief::BadChunk => {
            let head = set_header(head, "Content-Length", None);
            let head = set_header(&head, "Transfer-Encoding", Some("chunked"));
            join(&head, &[b"zz\r\n".as_slice(), body].concat())
        }
        Mischief::Stall => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            return;
        }
        Mischief::Drip => {
            for b in &answer {
                if client.write_all(&[*b]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            return;
        }
        Mischief::Reset => {
            let _ = client.write_all(&answer[..answer.len() / 2]).await;
            let _ = client.set_zero_linger();
            return; // dropped with a zero linger: a TCP reset
        }
        Mischief::BadStatusLine => {
            let rest = head.find("\r\n").map_or("", |i| &head[i..]);
            join(&format!("HTTP/1.1 two hundred OK{rest}"), body)
        }
        Mischief::NotAHeader => join(
            &head.replacen("\r\n", "\r\nthis is not a header\r\n", 1),
            body,
        ),
        Mischief::HugeHeader => {
            let huge = format!("\r\nX-Huge: {}\r\n", "a".repeat(256 * 1024));
            join(&head.replacen("\r\n", &huge, 1), body)
        }
        Mischief::InvalidUtf8 => {
            let mut body = body.to_vec();
            let i = at(body.len());
            if let Some(b) = body.get_mut(i) {
                *b = 0xFF;
            }
            join(head, &body)
        }
        Mischief::Interim100 => [b"HTTP/1.1 100 Continue\r\n\r\n".as_slice(), &answer].concat(),
    };
    let _ = client.write_all(&bytes).await;
    let _ = client.shutdown().await;
}

/// Sends the request upstream with `Connection: close` and reads the whole answer.
async fn forward(upstream: SocketAddr, head: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).await.ok()?;
    let head = set_header(head.trim_end_matches("\r\n"), "Connection", Some("close"));
    up.write_all(&join(&head, body)).await.ok()?;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), up.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(answer)
}

/// The head (status line and headers, without the blank line) and the body.
fn split(answer: &[u8]) -> (&str, &[u8]) {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(answer.len());
    let head = std::str::from_utf8(&answer[..end]).unwrap_or("HTTP/1.1 502 Bad Gateway");
    (head, answer.get(end + 4..).unwrap_or_default())
}

fn join(head: &str, body: &[u8]) -> Vec<u8> {
    [head.as_bytes(), b"\r\n\r\n", body].concat()
}

/// `head` without any `name` header, plus `name: value` when given.
fn set_header(head: &str, name: &str, value: Option<&str>) -> String {
    let mut lines: Vec<String> = head
        .split("\r\n")
        .filter(|l| {
            !l.split_once(':')
                .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        })
        .map(str::to_string)
        .collect();
    if let Some(v) = value {
        lines.push(format!("{name}: {v}"));
    }
    lines.join("\r\n")
}

fn set_length(head: &str, length: usize) -> String {
    set_header(head, "Content-Length", Some(&length.to_string()))
}

/// The same seed makes the same choices; another seed others.
pub(crate) fn same_seed_same_choices() -> Result<(), libtest_mimic::Failed> {
    let picks = |seed| {
        let mut r = Rng(seed);
        (0..20).map(|_| r.below(13)).collect::<Vec<_>>()
    };
    if picks(7) != picks(7) || picks(7) == picks(8) {
        return Err("the proxy's choices do not follow its seed".into());
    }
    Ok(())
}
