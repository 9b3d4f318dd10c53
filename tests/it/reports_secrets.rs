//! Secrets never reach any output: a sentinel API key from `${env:...}`, a sentinel value
//! captured with `secret: true` and a KYC test user's token (`kyc_users:`), sent back by a provider that echoes everything (and their
//! base64, base64url, URL-encoded, `Basic` and `Bearer` forms), must appear in no artifact.

use crate::support::{Scratch, ensure, text};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use libtest_mimic::{Failed, Trial};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "reports_secrets::sentinel_secrets_appear_in_no_artifact_in_any_form",
            sentinels_never_leak,
        ),
        Trial::test(
            "reports_secrets::a_json_special_secret_in_the_swap_payload_appears_in_no_artifact",
            json_special_secret_never_leaks,
        ),
    ]
}

/// The API key, read by the profile from the environment.
const ENV_SECRET: &str = "pc-Sentinel/Env+Key=7";
/// The value the provider hands out and the suite captures with `secret: true`.
const CAPTURED_SECRET: &str = "cap-Sentinel/Tok+9";
/// A KYC test user's bearer token (`swap_v1.kyc_users`), read from the environment.
const KYC_SECRET: &str = "kyc-Sentinel/User+3";

/// Every form a secret may leak in.
fn forms(secret: &str) -> Vec<(String, String)> {
    let mut out = vec![("raw".to_string(), secret.to_string())];
    for (what, raw) in [
        ("", secret.to_string()),
        (" of `:secret`", format!(":{secret}")),
        (" of `secret:`", format!("{secret}:")),
    ] {
        out.push((format!("base64{what}"), STANDARD.encode(&raw)));
        out.push((
            format!("base64 unpadded{what}"),
            STANDARD_NO_PAD.encode(&raw),
        ));
        out.push((format!("base64url{what}"), URL_SAFE.encode(&raw)));
        out.push((
            format!("base64url unpadded{what}"),
            URL_SAFE_NO_PAD.encode(&raw),
        ));
    }
    let pct = |lower: bool| -> String {
        secret
            .bytes()
            .map(|b| match b {
                b if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) => (b as char).to_string(),
                b if lower => format!("%{b:02x}"),
                b => format!("%{b:02X}"),
            })
            .collect()
    };
    out.push(("URL-encoded".into(), pct(false)));
    out.push(("URL-encoded, lower hex".into(), pct(true)));
    out
}

/// A provider that answers every request with the captured sentinel, an echo of the request
/// (so the API key and the captured value come back in the body) and their derived forms.
fn echo_server() -> Result<u16, Failed> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = answer(stream);
            });
        }
    });
    Ok(port)
}

fn answer(mut stream: std::net::TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = Vec::new();
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
        head.push(line.trim_end().to_string());
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let mut derived = Vec::new();
    for s in [ENV_SECRET, CAPTURED_SECRET, KYC_SECRET] {
        derived.extend(forms(s).into_iter().map(|(_, f)| f));
        derived.push(format!("Basic {}", STANDARD.encode(format!(":{s}"))));
        derived.push(format!("Bearer {s}"));
    }
    let json = serde_json::json!({
        "token": CAPTURED_SECRET,
        "request": head,
        "body": String::from_utf8_lossy(&body),
        "derived": derived,
    })
    .to_string();
    write!(
        stream,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nset-cookie: session={CAPTURED_SECRET}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{json}",
        json.len()
    )?;
    stream.flush()
}

const SUITE: &str = r#"suite: secrets
api: swap
flows:
  - name: capture and reuse a token
    steps:
      - name: get a token
        request: { method: GET, path: /token }
        capture: { token: { path: $.token, secret: true } }
        checks:
          - { id: SWAP-QUOTE-001, status: 200 }
      - name: use the token
        request:
          method: POST
          path: /use
          query: { t: "${token}" }
          headers: { Authorization: "Bearer ${token}", X-Echo: "${token}" }
          json: { token: "${token}" }
        checks:
          - { id: SWAP-QUOTE-001, status: 200 }
          - id: SWAP-QUOTE-004
            assert: { path: $.token, equals: "not the token" }
          - id: SWAP-QUOTE-006
            assert: { path: "$.derived[0]", equals: "not the key" }
"#;

/// The KYC test user's token, sent in a header, the query and the body.
const KYC_SUITE: &str = r#"suite: kyc-secrets
api: swap_v1
flows:
  - name: a KYC user
    for_each: kyc_user
    steps:
      - name: check quote as the user
        request:
          method: POST
          path: /check_quote
          query: { t: "${kyc_user.bearer_token}" }
          headers: { Authorization: "Bearer ${kyc_user.bearer_token}" }
          json: { bearerToken: "${kyc_user.bearer_token}" }
        checks:
          - { id: V1-KYC-001, status: 200 }
"#;

fn sentinels_never_leak() -> Result<(), Failed> {
    let dir = Scratch::new("secrets");
    let port = echo_server()?;
    std::fs::write(
        dir.path("p.yaml"),
        format!(
            "name: Leaky\nswap:\n  base_url: http://127.0.0.1:{port}\n  headers: {{ X-API-KEY: \"${{env:PC_SENTINEL_KEY}}\" }}\n  curve: secp256k1\n  public_key: \"{key}\"\n  pairs:\n    - {pair}\nswap_v1:\n  base_url: http://127.0.0.1:{port}\n  kyc_users: {{ pending: \"${{env:PC_SENTINEL_KYC}}\" }}\n  curve: secp256k1\n  public_key: \"{key}\"\n  pairs:\n    - {pair}\n",
            key = crate::e2e::REF_KEY,
            pair = "{ from: btc, to: eth, amount: \"0.01\", payload_currency_from: BTC, payload_currency_to: ETH, decimals_from: 8, decimals_to: 18, refund_address: a, payout_address: b }",
        ),
    )?;
    std::fs::create_dir_all(dir.path("suites"))?;
    std::fs::write(dir.path("suites/secrets.yaml"), SUITE)?;
    std::fs::write(dir.path("suites/kyc-secrets.yaml"), KYC_SUITE)?;
    let env = [
        ("PC_SENTINEL_KEY", ENV_SECRET),
        ("PC_SENTINEL_KYC", KYC_SECRET),
    ];
    let (out, artifacts) = every_artifact(&dir, "suites", &env)?;
    ensure(
        out.status.code() == Some(1),
        "the two failing assertions should fail the run",
        &out,
    )?;
    let mut leaks = Vec::new();
    for secret in [ENV_SECRET, CAPTURED_SECRET, KYC_SECRET] {
        for (form, needle) in forms(secret) {
            for (name, content) in &artifacts {
                if content.contains(&needle) {
                    leaks.push(format!("{secret} ({form}: {needle}) in {name}"));
                }
            }
        }
    }
    ensure(
        leaks.is_empty(),
        &format!("secrets leaked:\n{}", leaks.join("\n")),
        &out,
    )?;
    // The run really exchanged them: the echo came back, masked.
    let json = &artifacts[3].1;
    for want in [
        "Bearer ***",
        "session=***",
        "\\\"token\\\":\\\"***\\\"",
        "a KYC user [pending]",
        "t=***",
    ] {
        ensure(
            json.contains(want),
            &format!("the JSON report does not show `{want}`"),
            &out,
        )?;
    }
    ensure(
        text(&out.stdout).contains("::error "),
        "the annotations were not printed (they must be redacted too)",
        &out,
    )
}

/// A captured secret with the characters JSON escapes (`"`, `\`, a newline), which the
/// provider also writes into the signed /swap payload (issue 9 item 5: the decoded payload is
/// redacted on its type, and bytes that hold a secret are dropped).
const JSON_SECRET: &str = "pc-\"JsonSentinel7\"\\path\nend";
/// The part of it no artifact may show in any form.
const JSON_CORE: &str = "JsonSentinel7";

fn payload_with_secret() -> String {
    let field = |n: u8, v: &[u8]| [&[n << 3 | 2, v.len() as u8][..], v].concat();
    let pb = [
        field(1, JSON_SECRET.as_bytes()),
        field(3, b"bc1qrefund"),
        field(5, JSON_SECRET.as_bytes()),
        field(7, b"BTC"),
        field(8, b"ETH"),
        field(9, &[1]),
        field(10, &[2]),
        field(12, &[7; 32]),
    ]
    .concat();
    URL_SAFE_NO_PAD.encode(pb)
}

fn secret_server() -> Result<u16, Failed> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = answer_secret(stream);
            });
        }
    });
    Ok(port)
}

fn answer_secret(mut stream: std::net::TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let json = if first.contains("/token") {
        serde_json::json!({ "token": JSON_SECRET })
    } else {
        serde_json::json!({
            "swapId": "s-1",
            "payinAddress": JSON_SECRET,
            "providerSig": { "payload": payload_with_secret(), "signature": URL_SAFE_NO_PAD.encode([9u8; 64]) },
        })
    }
    .to_string();
    write!(
        stream,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{json}",
        json.len()
    )?;
    stream.flush()
}

const JSON_SUITE: &str = r#"suite: json-secret
api: swap
flows:
  - name: a secret in the payload
    steps:
      - name: get a token
        request: { method: GET, path: /token }
        capture: { token: { path: $.token, secret: true } }
        checks:
          - { id: SWAP-QUOTE-001, status: 200 }
      - name: swap
        request:
          method: POST
          path: /swap
          json: { payoutAddress: "${token}", refundAddress: bc1qrefund, nonce: "0707070707070707070707070707070707070707070707070707070707070707" }
        checks:
          - swap_payload: {}
"#;

fn json_special_secret_never_leaks() -> Result<(), Failed> {
    let dir = Scratch::new("json-secret");
    let port = secret_server()?;
    std::fs::write(
        dir.path("p.yaml"),
        format!(
            "name: Leaky\nswap:\n  base_url: http://127.0.0.1:{port}\n  curve: secp256k1\n  public_key: \"{}\"\n  pairs:\n    - {{ from: btc, to: eth, amount: \"0.01\", payload_currency_from: BTC, payload_currency_to: ETH, decimals_from: 8, decimals_to: 18, refund_address: a, payout_address: b }}\n",
            crate::e2e::REF_KEY
        ),
    )?;
    std::fs::write(dir.path("s.yaml"), JSON_SUITE)?;
    let (out, artifacts) = every_artifact(&dir, "s.yaml", &[])?;
    ensure(
        out.status.code() == Some(1),
        "the payload check should fail the run",
        &out,
    )?;
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let needles = [
        ("the secret's core", JSON_CORE.to_string()),
        ("hex of the core", hex(JSON_CORE.as_bytes())),
        ("hex of the secret", hex(JSON_SECRET.as_bytes())),
        ("base64 of the secret", STANDARD.encode(JSON_SECRET)),
        (
            "base64url of the secret",
            URL_SAFE_NO_PAD.encode(JSON_SECRET),
        ),
    ];
    let mut leaks = Vec::new();
    for (name, content) in &artifacts {
        for (form, needle) in &needles {
            if content.contains(needle.as_str()) {
                leaks.push(format!("{form} in {name}"));
            }
        }
    }
    ensure(leaks.is_empty(), &format!("secret leaked: {leaks:?}"), &out)?;
    // The payload check ran and the reports carry its evidence and both gates.
    let report: serde_json::Value = serde_json::from_str(&artifacts[3].1)?;
    let step = &report["suites"][0]["flows"][0]["steps"][1];
    let evidence = &step["decoded_payload"];
    ensure(
        evidence["redacted"] == true && evidence["device"]["accepts"] == false,
        &format!("no redacted evidence with the device gate in the JSON report: {evidence}"),
        &out,
    )?;
    ensure(
        artifacts[2].1.contains("device_gate") && artifacts[5].1.contains("Ledger Live"),
        "the JUnit properties or the HTML miss the gates",
        &out,
    )
}

/// Runs `suite` with the profile `p.yaml` in `dir`, writing every report and a GitHub step
/// summary, and returns the output with every artifact a secret could reach, by name.
fn every_artifact(
    dir: &Scratch,
    suite: &str,
    env: &[(&str, &str)],
) -> Result<(std::process::Output, Vec<(String, String)>), Failed> {
    let summary = dir.path("step_summary.md");
    let mut cmd = crate::support::bin();
    cmd.current_dir(&dir.0)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["run", "--profile", "p.yaml", "--suite", suite])
        .args(["--junit", "junit.xml", "--json", "report.json"])
        .args(["--markdown", "summary.md", "--html", "report.html"])
        .output()?;
    let mut artifacts = vec![
        ("stdout".to_string(), text(&out.stdout)),
        ("stderr".to_string(), text(&out.stderr)),
    ];
    for f in [
        "junit.xml",
        "report.json",
        "summary.md",
        "report.html",
        "step_summary.md",
    ] {
        // A report that was not written is a failure of the test, never an empty artifact.
        artifacts.push((f.to_string(), std::fs::read_to_string(dir.path(f))?));
    }
    Ok((out, artifacts))
}
