//! Hostile providers: a loopback server that misbehaves at the byte level, one way per case,
//! certified by the real binary. Every case must end within a bound, fail the right check with a
//! message naming the problem, exit 1, and still write both reports.

use crate::hostile_support::{FakeServer, Handler, Received, output_within, response, send_all};
use crate::support::{Scratch, bin, checks, text};
use base64::Engine;
use k256::ecdsa::signature::Signer;
use libtest_mimic::{Failed, Trial};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// Longest a case may run before it counts as a hang.
const BOUND: Duration = Duration::from_secs(30);
/// The profile's API key; it must never reach another host.
const API_KEY: &str = "hostile-api-key-5c1e";
/// The secp256k1 generator: the public key of the secret key 1, which the fake signs with.
const PUBLIC_KEY: &str = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";
/// secp256k1's group order n, big-endian.
const ORDER: &str = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
const NONCE_BYTE: u8 = 0xab;
const REFUND: &str = "bc1qhostilerefund0000000000000000000000";
const PAYOUT: &str = "0x000000000000000000000000000000000000dEaD";
const PAYIN: &str = "bc1qhostilepayin00000000000000000000000";

/// What the fake provider answers to every request.
enum Reply {
    /// These bytes (a whole HTTP response), then close.
    Raw(Vec<u8>),
    /// Reads the request, then never answers.
    SlowHeaders,
    /// Headers, then one body byte a second.
    Drip,
    /// Headers announcing 1000 bytes, 100 of them, then a TCP reset.
    ResetMidBody,
    /// A JSON response body of this many bytes.
    Huge(usize),
    /// A chunked body that never ends.
    EndlessChunks,
    /// A 302 to this URL.
    Redirect(String),
}

/// The servers of one case.
struct Env {
    provider: FakeServer,
    /// Another host: nothing may ever reach it.
    elsewhere: FakeServer,
}

/// An assertion on what the servers saw.
type ServerCheck = fn(&Env) -> Result<(), String>;

struct Case {
    name: &'static str,
    /// `quote` or `swap` (`tests/fixtures/hostile/<suite>.yaml`).
    suite: &'static str,
    args: &'static [&'static str],
    reply: fn(&Env) -> Reply,
    /// `(check id, message fragment)`: such a check must fail or err.
    expect: &'static [(&'static str, &'static str)],
    exit: i32,
    /// Further assertions on what the servers saw.
    servers: Option<ServerCheck>,
}

fn json_reply(status: &str, content_type: Option<&str>, body: &[u8]) -> Reply {
    let headers: Vec<(&str, &str)> = content_type
        .map(|c| ("Content-Type", c))
        .into_iter()
        .collect();
    Reply::Raw(response(status, &headers, body))
}

fn ok_json(body: &[u8]) -> Reply {
    json_reply("200 OK", Some("application/json"), body)
}

const GOOD_QUOTE: &str = r#"{"quoteId":"q-1","amountTo":"0.15","providerFees":"0.001","referralFees":"0","payoutNetworkFees":"0.0001","tradeMethod":"fixed","expiry":"2099-01-01T00:00:00Z","minAmountFrom":"0.001","maxAmountFrom":"10"}"#;

fn html(status: &str) -> Reply {
    Reply::Raw(response(
        status,
        &[("Content-Type", "text/html; charset=utf-8"), ("Retry-After", "120")],
        b"<!DOCTYPE html>\n<html><head><title>Bad gateway</title></head><body><h1>Upstream is down</h1></body></html>\n",
    ))
}

fn cases() -> Vec<Case> {
    let q = |name, reply, expect| Case {
        name,
        suite: "quote",
        args: &[],
        reply,
        expect,
        exit: 1,
        servers: None,
    };
    let s = |name, reply, expect| Case {
        name,
        suite: "swap",
        args: &[],
        reply,
        expect,
        exit: 1,
        servers: None,
    };
    vec![
        // Controls: the fake provider done right passes, so every failure below is the case's.
        Case {
            exit: 0,
            ..q(
                "control_quote_passes",
                |_| ok_json(GOOD_QUOTE.as_bytes()),
                &[],
            )
        },
        Case {
            exit: 0,
            ..s(
                "control_swap_passes",
                |_| ok_json(&swap_body(&good_payload(), &good_signature())),
                &[],
            )
        },
        // Bodies.
        q(
            "invalid_json",
            |_| ok_json(br#"{"quoteId": "q-1", "amountTo": "#),
            &[("SWAP-QUOTE-002", "the body is not JSON: EOF while parsing")],
        ),
        q(
            "wrong_content_type",
            |_| json_reply("200 OK", Some("text/html"), GOOD_QUOTE.as_bytes()),
            &[(
                "SWAP-HTTP-001",
                "content type `text/html`, expected `application/json`",
            )],
        ),
        q(
            "missing_content_type",
            |_| json_reply("200 OK", None, GOOD_QUOTE.as_bytes()),
            &[(
                "SWAP-HTTP-001",
                "no content type, expected `application/json`",
            )],
        ),
        q(
            "empty_body",
            |_| ok_json(b""),
            &[("SWAP-QUOTE-002", "the body is empty")],
        ),
        q(
            "body_of_50_mb",
            |_| Reply::Huge(50 * 1024 * 1024),
            &[(
                "SWAP-QUOTE-001",
                "larger than the 4194304 byte limit (--max-response-bytes)",
            )],
        ),
        q(
            "chunked_body_without_end",
            |_| Reply::EndlessChunks,
            &[("SWAP-QUOTE-001", "larger than the 4194304 byte limit")],
        ),
        q(
            "json_nested_100000_deep",
            |_| ok_json(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes()),
            &[(
                "SWAP-QUOTE-002",
                "the body is not JSON: recursion limit exceeded",
            )],
        ),
        q(
            "not_utf8",
            |_| ok_json(b"{\"quoteId\": \"q\xff\xfe-1\"}"),
            &[("SWAP-QUOTE-002", "the body is not UTF-8")],
        ),
        q(
            "escape_sequences_in_the_body",
            |_| {
                Reply::Raw(response(
                    "500 Internal Server Error",
                    &[("Content-Type", "text/plain")],
                    b"\x1b[2J\x1b[31mboom\x07",
                ))
            },
            &[(
                "SWAP-QUOTE-001",
                "status 500, expected 200; body: \u{fffd}[2J\u{fffd}[31mboom\u{fffd}",
            )],
        ),
        // Numbers no float can hold.
        q(
            "amount_1e309",
            |_| ok_json(GOOD_QUOTE.replace(r#""0.15""#, "1e309").as_bytes()),
            &[(
                "SWAP-QUOTE-002",
                "the body is not JSON: number out of range",
            )],
        ),
        q(
            "amount_400_digit_integer",
            |_| ok_json(GOOD_QUOTE.replace(r#""0.15""#, &"9".repeat(400)).as_bytes()),
            &[(
                "SWAP-QUOTE-002",
                "the body is not JSON: number out of range",
            )],
        ),
        q(
            "limits_400_digits_compared_exactly",
            |_| {
                ok_json(
                    GOOD_QUOTE
                        .replace(
                            r#""minAmountFrom":"0.001""#,
                            &format!(r#""minAmountFrom":"{}1""#, "9".repeat(399)),
                        )
                        .replace(
                            r#""maxAmountFrom":"10""#,
                            &format!(r#""maxAmountFrom":"{}0""#, "9".repeat(399)),
                        )
                        .as_bytes(),
                )
            },
            &[("SWAP-QUOTE-010", "")],
        ),
        // Status codes.
        q(
            "status_500_html",
            |_| html("500 Internal Server Error"),
            &[
                (
                    "SWAP-QUOTE-001",
                    "status 500, expected 200; body: <!DOCTYPE html>",
                ),
                ("SWAP-HTTP-001", "content type `text/html`"),
                ("SWAP-QUOTE-002", "the body is not JSON"),
            ],
        ),
        q(
            "status_503_html",
            |_| html("503 Service Unavailable"),
            &[(
                "SWAP-QUOTE-001",
                "status 503, expected 200; body: <!DOCTYPE html>",
            )],
        ),
        // Transport.
        q(
            "slow_headers",
            |_| Reply::SlowHeaders,
            &[("SWAP-QUOTE-001", "not run: timed out")],
        ),
        q(
            "body_drips_a_byte_a_second",
            |_| Reply::Drip,
            &[("SWAP-QUOTE-001", "not run: timed out")],
        ),
        q(
            "connection_reset_mid_body",
            |_| Reply::ResetMidBody,
            &[("SWAP-QUOTE-001", "not run: the body could not be read")],
        ),
        Case {
            servers: Some(nothing_reached_elsewhere),
            ..q(
                "redirect_to_another_host",
                |env| Reply::Redirect(format!("{}/steal", env.elsewhere.url())),
                &[(
                    "SWAP-QUOTE-001",
                    "status 302, expected 200; a redirect to `http://127.0.0.1:",
                )],
            )
        },
        Case {
            servers: Some(exactly_one_request),
            ..q(
                "redirect_loop",
                |env| Reply::Redirect(format!("{}/quote", env.provider.url())),
                &[("SWAP-QUOTE-001", "(never followed)")],
            )
        },
        q(
            "closes_without_answering",
            |_| Reply::Raw(Vec::new()),
            &[(
                "SWAP-QUOTE-001",
                "connection closed before message completed",
            )],
        ),
        q(
            "not_http_at_all",
            |_| Reply::Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec()),
            &[("SWAP-QUOTE-001", "invalid HTTP version")],
        ),
        q(
            "ten_thousand_headers",
            |_| {
                let names: Vec<String> = (0..10_000).map(|i| format!("X-Flood-{i}")).collect();
                let headers: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
                Reply::Raw(response("200 OK", &headers, GOOD_QUOTE.as_bytes()))
            },
            &[("SWAP-QUOTE-001", "message head is too large")],
        ),
        // The /swap payload and its signature.
        s(
            "payload_10_mb_at_the_size_cap",
            |_| ok_json(&swap_body(&huge_payload(), &good_signature())),
            &[("SWAP-SWAP-001", "larger than the 4194304 byte limit")],
        ),
        Case {
            args: &["--max-response-bytes", "16000000"],
            ..s(
                "payload_10_mb_under_a_raised_cap",
                |_| {
                    let payload = huge_payload();
                    let sig = b64(&sign(&payload));
                    ok_json(&swap_body(&payload, &sig))
                },
                &[
                    ("SWAP-PAYLOAD-011", "497"),
                    ("SWAP-PAYLOAD-005", "payin_extra_data"),
                ],
            )
        },
        s(
            "payload_not_base64",
            |_| ok_json(&swap_body("@@not*base64@@", &good_signature())),
            &[("SWAP-PAYLOAD-003", "outside the device alphabet")],
        ),
        s(
            "payload_truncated_protobuf",
            |_| {
                let mut pb = encode(&good_fields());
                pb.truncate(pb.len() - 5);
                let payload = b64(&pb);
                let sig = b64(&sign(&payload));
                ok_json(&swap_body(&payload, &sig))
            },
            &[("SWAP-PAYLOAD-004", "")],
        ),
        s(
            "payload_is_a_number",
            |_| {
                ok_json(br#"{"swapId":"s-1","payinAddress":"x","providerSig":{"payload":12,"signature":"AA"}}"#)
            },
            &[("SWAP-PAYLOAD-001", "`providerSig.payload` is a number")],
        ),
        s(
            "provider_sig_null",
            |_| ok_json(br#"{"swapId":"s-1","providerSig":null}"#),
            &[("SWAP-PAYLOAD-001", "`providerSig` is null")],
        ),
        s(
            "signature_1000_bytes",
            |_| ok_json(&swap_body(&good_payload(), &b64(&[7u8; 1000]))),
            &[("SWAP-SIG-001", "1000 bytes, expected exactly 64")],
        ),
        s(
            "signature_not_base64",
            |_| ok_json(&swap_body(&good_payload(), "%%%%")),
            &[("SWAP-SIG-001", "not base64")],
        ),
        s(
            "signature_r_zero",
            |_| ok_json(&swap_body(&good_payload(), &with_part(0, &[0; 32]))),
            &[("SWAP-SIG-001", "r is zero")],
        ),
        s(
            "signature_s_zero",
            |_| ok_json(&swap_body(&good_payload(), &with_part(1, &[0; 32]))),
            &[("SWAP-SIG-001", "s is zero")],
        ),
        s(
            "signature_r_equals_n",
            |_| ok_json(&swap_body(&good_payload(), &with_part(0, &order()))),
            &[("SWAP-SIG-001", "r is not below the group order n")],
        ),
        s(
            "signature_s_equals_n",
            |_| ok_json(&swap_body(&good_payload(), &with_part(1, &order()))),
            &[("SWAP-SIG-001", "s is not below the group order n")],
        ),
    ]
}

/// The check ids some case expects to fail or err (for the coverage test).
pub(crate) fn expected_ids() -> Vec<&'static str> {
    cases()
        .iter()
        .flat_map(|c| c.expect.iter().map(|(id, _)| *id))
        .collect()
}

pub(crate) fn trials() -> Vec<Trial> {
    cases()
        .into_iter()
        .map(|c| Trial::test(format!("hostile::{}", c.name), move || run_case(&c)))
        .chain([Trial::test(
            "hostile::closed_stdout_does_not_stop_the_run",
            closed_stdout,
        )])
        .collect()
}

/// `run | head -0`: the console is gone before the first line, the reports are still written.
fn closed_stdout() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    let reply = Arc::new(OnceLock::new());
    let _ = reply.set(html("500 Internal Server Error"));
    let provider = FakeServer::start(&rt, handler(reply));
    let dir = Scratch::new("closed-stdout");
    std::fs::write(dir.path("profile.yaml"), profile(&provider.url()))?;
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/quote.yaml");
    let mut child = bin()
        .current_dir(&dir.0)
        .args(["run", "--profile", "profile.yaml", "--suite"])
        .arg(&suite)
        .args(["--json", "report.json", "--junit", "junit.xml"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    drop(child.stdout.take());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > BOUND {
            let _ = child.kill();
            return Err("still running: killed".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if status.code() != Some(1) {
        return Err(format!("expected exit 1 (a check failed), got {status}").into());
    }
    read_reports(&dir.0)?;
    Ok(())
}

fn nothing_reached_elsewhere(env: &Env) -> Result<(), String> {
    let n = *env.elsewhere.connections.lock().expect("lock");
    let leaked =
        env.elsewhere.requests().iter().any(|r| {
            r.head.contains(API_KEY) || String::from_utf8_lossy(&r.body).contains(API_KEY)
        });
    if n > 0 || leaked {
        return Err(format!(
            "the other host got {n} connection(s); API key sent: {leaked}"
        ));
    }
    exactly_one_request(env)
}

fn exactly_one_request(env: &Env) -> Result<(), String> {
    let got: Vec<String> = env
        .provider
        .requests()
        .iter()
        .map(|r| r.request_line().to_string())
        .collect();
    if got.len() == 1 {
        Ok(())
    } else {
        Err(format!("expected one request to the provider, got {got:?}"))
    }
}

fn run_case(case: &Case) -> Result<(), Failed> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    // The reply may name the servers' addresses, so it is set once both listen.
    let reply = Arc::new(OnceLock::new());
    let env = Env {
        provider: FakeServer::start(&rt, handler(reply.clone())),
        elsewhere: FakeServer::start(
            &rt,
            Arc::new(|_, s| Box::pin(send_all(s, response("200 OK", &[], b"{}")))),
        ),
    };
    let _ = reply.set((case.reply)(&env));
    let dir = Scratch::new(case.name);
    std::fs::write(dir.path("profile.yaml"), profile(&env.provider.url()))?;
    let suite = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(format!("{}.yaml", case.suite));
    let mut cmd = bin();
    cmd.current_dir(&dir.0)
        .args(["run", "--profile", "profile.yaml", "--suite"])
        .arg(&suite)
        .args([
            "--timeout",
            "2",
            "--junit",
            "junit.xml",
            "--json",
            "report.json",
        ])
        .args(case.args);
    let out = output_within(&mut cmd, BOUND)?;
    let show = |what: &str| -> Failed {
        format!(
            "{what}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            out.status.code(),
            text(&out.stdout),
            text(&out.stderr)
        )
        .into()
    };
    if out.status.code() != Some(case.exit) {
        return Err(show(&format!("expected exit {}", case.exit)));
    }
    let report = read_reports(&dir.0).map_err(|e| show(&e))?;
    let all = checks(&report);
    // `HOSTILE_SHOW=1 cargo test --test it hostile -- --nocapture` prints what each case reports.
    if std::env::var_os("HOSTILE_SHOW").is_some() {
        for (id, status, message) in all.iter().filter(|(_, s, _)| s == "fail" || s == "error") {
            let message: String = message.chars().take(300).collect();
            eprintln!("{} | {id} {status}: {message}", case.name);
        }
    }
    // Whatever the provider sends, the reports stay readable.
    for (what, size) in [
        (
            "report.json",
            std::fs::metadata(dir.path("report.json"))?.len(),
        ),
        ("junit.xml", std::fs::metadata(dir.path("junit.xml"))?.len()),
        ("stdout", out.stdout.len() as u64),
    ] {
        if size > 1024 * 1024 {
            return Err(show(&format!("{what} is {size} bytes")));
        }
    }
    for (id, fragment) in case.expect {
        let hit = all.iter().any(|(i, status, message)| {
            i == id && (status == "fail" || status == "error") && message.contains(fragment)
        });
        if !hit {
            return Err(show(&format!(
                "no failing `{id}` check saying {fragment:?}; checks: {all:#?}"
            )));
        }
    }
    if case.exit == 0 && all.iter().any(|(_, s, _)| s != "pass") {
        return Err(show(&format!("the control case must pass: {all:#?}")));
    }
    if out.stdout.contains(&0x1b) || out.stderr.contains(&0x1b) {
        return Err(show("an escape character reached the console"));
    }
    if let Some(check) = case.servers {
        check(&env).map_err(|e| show(&e))?;
    }
    drop(rt);
    Ok(())
}

/// Both reports exist and parse; the JUnit file has one testcase per check of the JSON report.
fn read_reports(dir: &Path) -> Result<serde_json::Value, String> {
    let json = std::fs::read_to_string(dir.join("report.json"))
        .map_err(|e| format!("report.json: {e}"))?;
    let report: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("report.json is not JSON: {e}"))?;
    let xml =
        std::fs::read_to_string(dir.join("junit.xml")).map_err(|e| format!("junit.xml: {e}"))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut testcases = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.name().as_ref() == b"testcase" =>
            {
                testcases += 1;
            }
            Ok(_) => {}
            Err(e) => return Err(format!("junit.xml does not parse: {e}")),
        }
    }
    let n = checks(&report).len();
    if testcases != n || n == 0 {
        return Err(format!(
            "junit.xml has {testcases} testcases, report.json {n} checks"
        ));
    }
    Ok(report)
}

/// A profile for the fake provider at `url`, signing with the secret key 1.
pub(crate) fn profile(url: &str) -> String {
    format!(
        "name: Hostile\n\
         swap:\n\
         \x20 base_url: \"{url}\"\n\
         \x20 headers: {{ X-API-KEY: \"{API_KEY}\" }}\n\
         \x20 curve: secp256k1\n\
         \x20 public_key: \"{PUBLIC_KEY}\"\n\
         \x20 nonce_encoding: hex\n\
         \x20 pairs:\n\
         \x20   - {{ from: btc, to: eth, amount: \"0.01\", payload_currency_from: BTC, payload_currency_to: ETH,\n\
         \x20        decimals_from: 8, decimals_to: 18, refund_address: \"{REFUND}\", payout_address: \"{PAYOUT}\" }}\n"
    )
}

/// Serves `reply` to every request.
fn handler(reply: Arc<OnceLock<Reply>>) -> Handler {
    Arc::new(move |_req: Received, stream| {
        let reply = reply.clone();
        Box::pin(async move {
            if let Some(reply) = reply.get() {
                misbehave(reply, stream).await;
            }
        })
    })
}

async fn misbehave(reply: &Reply, mut stream: tokio::net::TcpStream) {
    match reply {
        Reply::Raw(bytes) => send_all(stream, bytes.clone()).await,
        Reply::SlowHeaders => {
            tokio::time::sleep(Duration::from_secs(120)).await;
            drop(stream);
        }
        Reply::Drip => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for _ in 0..100 {
                if stream.write_all(b" ").await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        Reply::ResetMidBody => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&[b' '; 100]).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(100)).await;
            // SO_LINGER 0: closing sends a reset, not a clean end of stream.
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Reply::Huge(n) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < *n {
                let len = chunk.len().min(n - sent);
                if stream.write_all(&chunk[..len]).await.is_err() {
                    return;
                }
                sent += len;
            }
        }
        Reply::EndlessChunks => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
            chunk.extend_from_slice(&[b' '; 64 * 1024]);
            chunk.extend_from_slice(b"\r\n");
            while stream.write_all(&chunk).await.is_ok() {}
        }
        Reply::Redirect(to) => {
            let bytes = response(
                "302 Found",
                &[("Location", to.as_str()), ("Content-Type", "text/html")],
                b"<a href=\"elsewhere\">moved</a>",
            );
            send_all(stream, bytes).await;
        }
    }
}

// The /swap payload, built and signed as a correct provider would.

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Length-delimited protobuf fields, in order.
fn encode(fields: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (number, value) in fields {
        varint(&mut out, u64::from(number << 3 | 2));
        varint(&mut out, value.len() as u64);
        out.extend_from_slice(value);
    }
    out
}

/// The NewTransactionResponse a correct provider sends for the suite's request:
/// 0.01 BTC is 1,000,000 satoshis.
fn good_fields() -> Vec<(u32, Vec<u8>)> {
    vec![
        (1, PAYIN.into()),
        (3, REFUND.into()),
        (5, PAYOUT.into()),
        (7, b"BTC".to_vec()),
        (8, b"ETH".to_vec()),
        (9, 1_000_000u32.to_be_bytes().to_vec()),
        (10, 150_000_000_000_000_000u64.to_be_bytes().to_vec()),
        (12, vec![NONCE_BYTE; 32]),
    ]
}

fn good_payload() -> String {
    b64(&encode(&good_fields()))
}

/// About 10 MB of base64url: a valid protobuf with 7.5 MB of `payin_extra_data`.
fn huge_payload() -> String {
    let mut fields = good_fields();
    fields.push((13, vec![0x5a; 7_500_000]));
    b64(&encode(&fields))
}

/// r‖s over `"." + payload` with the secret key 1.
fn sign(payload: &str) -> [u8; 64] {
    let mut secret = [0u8; 32];
    secret[31] = 1;
    let key = k256::ecdsa::SigningKey::from_slice(&secret).expect("secret key 1");
    let sig: k256::ecdsa::Signature = key.sign(format!(".{payload}").as_bytes());
    sig.to_bytes().into()
}

fn good_signature() -> String {
    b64(&sign(&good_payload()))
}

fn order() -> [u8; 32] {
    let mut n = [0u8; 32];
    for (i, b) in n.iter_mut().enumerate() {
        *b = u8::from_str_radix(&ORDER[2 * i..2 * i + 2], 16).expect("hex");
    }
    n
}

/// The good signature with r (`part` 0) or s (`part` 1) replaced.
fn with_part(part: usize, value: &[u8; 32]) -> String {
    let mut rs = sign(&good_payload());
    rs[part * 32..part * 32 + 32].copy_from_slice(value);
    b64(&rs)
}

/// A /swap response around `providerSig`.
fn swap_body(payload: &str, signature: &str) -> Vec<u8> {
    serde_json::json!({
        "swapId": "swap-1",
        "payinAddress": PAYIN,
        "createdAt": "2026-01-01T00:00:00Z",
        "providerFees": "0.001",
        "referralFees": "0",
        "payoutNetworkFees": "0.0001",
        "providerSig": { "payload": payload, "signature": signature },
    })
    .to_string()
    .into_bytes()
}
