//! Helpers for hostile inputs: run the binary with a time bound, and a loopback server that
//! speaks raw HTTP/1.1 so that each case can misbehave at the byte level.

use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Runs `cmd` to completion, or kills it after `bound` and fails: a hang is a bug.
pub(crate) fn output_within(cmd: &mut Command, bound: Duration) -> Result<Output, String> {
    Running::start(cmd)?.wait_within(bound)
}

/// A started binary whose output is collected in the background.
pub(crate) struct Running {
    child: std::process::Child,
    stdout: std::thread::JoinHandle<Vec<u8>>,
    stderr: std::thread::JoinHandle<Vec<u8>>,
}

impl Running {
    pub(crate) fn start(cmd: &mut Command) -> Result<Running, String> {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the binary: {e}"))?;
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = pipe.read_to_end(&mut buf);
                buf
            })
        };
        let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
        let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
        Ok(Running {
            child,
            stdout,
            stderr,
        })
    }

    /// True while the process has not exited.
    pub(crate) fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does.
    pub(crate) fn interrupt(&self) -> Result<(), String> {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .map_err(|e| format!("cannot run kill: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("kill -INT failed: {status}"))
        }
    }

    /// Waits for the exit, or kills the process after `bound` and fails.
    pub(crate) fn wait_within(mut self, bound: Duration) -> Result<Output, String> {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            if started.elapsed() > bound {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let stderr = self.stderr.join().unwrap_or_default();
                return Err(format!(
                    "still running after {} s: killed\n--- stderr ---\n{}",
                    bound.as_secs(),
                    String::from_utf8_lossy(&stderr)
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Ok(Output {
            status,
            stdout: self.stdout.join().unwrap_or_default(),
            stderr: self.stderr.join().unwrap_or_default(),
        })
    }
}

/// One request as the fake server received it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub head: String,
    pub body: Vec<u8>,
}

impl Received {
    /// The request line, e.g. `POST /swap/fixed HTTP/1.1`.
    pub(crate) fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }
}

/// What the fake server does with each request: the handler gets the request and the socket.
pub(crate) type Handler = Arc<
    dyn Fn(Received, TcpStream) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>
        + Send
        + Sync,
>;

/// A raw HTTP/1.1 server on 127.0.0.1, recording every request it gets.
pub(crate) struct FakeServer {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
    pub connections: Arc<Mutex<usize>>,
}

impl FakeServer {
    /// Starts serving on `rt`; every connection is answered by `handler`.
    pub(crate) fn start(rt: &tokio::runtime::Runtime, handler: Handler) -> FakeServer {
        let listener = rt
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind loopback");
        let port = listener.local_addr().expect("local addr").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let (rec, conns) = (received.clone(), connections.clone());
        rt.spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                *conns.lock().expect("lock") += 1;
                let (handler, rec) = (handler.clone(), rec.clone());
                tokio::spawn(async move {
                    if let Some(req) = read_request(&mut stream).await {
                        rec.lock().expect("lock").push(req.clone());
                        handler(req, stream).await;
                    }
                });
            }
        });
        FakeServer {
            port,
            received,
            connections,
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub(crate) fn requests(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes of body.
pub(crate) async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 1 << 20 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received { head, body })
}

/// A complete response: status line, the headers given, `Content-Length`, then the body.
pub(crate) fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Writes `bytes` and closes the connection politely.
pub(crate) async fn send_all(mut stream: TcpStream, bytes: Vec<u8>) {
    let _ = stream.write_all(&bytes).await;
    let _ = stream.shutdown().await;
}
