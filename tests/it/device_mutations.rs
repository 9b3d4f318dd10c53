//! A seeded mutation test of the device gate (issue 11): mutated payloads and signatures, each
//! re-signed over what the device hashes, judged by the harness (`verify_response`) and by an
//! independent model of the Exchange app written here from its C sources (LedgerHQ/app-exchange
//! at `50712d1d`: `src/base64.c`, `src/pb_decode.c`, `src/process_transaction.c`,
//! `src/check_tx_signature.c`, `src/apdu_parser.c`) and Ledger Live's `Exchange.ts`. Nothing
//! here uses the harness's own decoders. Every mutant must get the same verdict, stage and first
//! status word from both.

use crate::device_kit::{Pb, b64url, device_of, hex, public_hex, sign};
use libtest_mimic::{Failed, Trial};
use provider_conformance::curve::Curve;
use provider_conformance::swap::{Expectations, Nonce, SignatureMode};
use sha2::{Digest, Sha256};

pub(crate) fn trials() -> Vec<Trial> {
    vec![Trial::test(
        "device_mutations::independent_model_agrees_on_every_mutant",
        run,
    )]
}

const MUTANTS: usize = 1200;
const SEED: u64 = 0x5eed_1105;
const SECRET: [u8; 32] = [0x3c; 32];
const OTHER: [u8; 32] = [0x4d; 32];
const NONCE: [u8; 32] = [0x35; 32];
const LEGACY_NONCE: &str = "QWERTYUIOP";

/// xorshift64*, so the mutants are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ---- the independent model ----------------------------------------------------------------

type Verdict = (bool, Option<&'static str>, Option<u16>);
const PT: Option<&str> = Some("process_transaction");
const CS: Option<&str> = Some("check_signature");

/// base64.c: `pr2six`.
fn six(c: u8) -> u32 {
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    match table.iter().position(|&t| t == c) {
        Some(i) => i as u32,
        None if c == b'/' => 63,
        None => 64,
    }
}

/// base64.c `base64_decode` with the caller's 512-byte buffer; None for -1.
fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    if input.len() % 4 == 1 {
        return None;
    }
    let mut n = input.len();
    if n > 0 && input[n - 1] == b'=' {
        n -= 1;
    }
    if n > 0 && input[n - 1] == b'=' {
        n -= 1;
    }
    let mut out = Vec::new();
    let mut i = 0;
    let byte = |x: u32| (x & 0xff) as u8;
    while n - i > 4 {
        let (a, b, c, d) = (
            six(input[i]),
            six(input[i + 1]),
            six(input[i + 2]),
            six(input[i + 3]),
        );
        out.extend([
            byte(a << 2 | b >> 4),
            byte(b << 4 | c >> 2),
            byte(c << 6 | d),
        ]);
        i += 4;
    }
    let left = n - i;
    if left > 1 {
        out.push(byte(six(input[i]) << 2 | six(input[i + 1]) >> 4));
    }
    if left > 2 {
        out.push(byte(six(input[i + 1]) << 4 | six(input[i + 2]) >> 2));
    }
    if left > 3 {
        out.push(byte(six(input[i + 2]) << 6 | six(input[i + 3])));
    }
    (out.len() <= 512).then_some(out)
}

/// protocol.pb.c / protocol.options: (is a string, max_size) of a known field.
fn spec(n: u32) -> Option<(bool, usize)> {
    Some(match n {
        1 | 3 | 5 => (true, 151),
        2 | 4 | 6 => (true, 20),
        7 | 8 => (true, 10),
        9 | 10 => (false, 16),
        11 => (true, 11),
        12 => (false, 32),
        13 => (false, 33),
        _ => return None,
    })
}

/// The struct pb_decode fills: a `char` array per string, a value per bytes field.
#[derive(Default)]
struct Tx {
    mem: std::collections::HashMap<u32, Vec<u8>>,
}

struct In<'a> {
    b: &'a [u8],
    at: usize,
}

impl In<'_> {
    fn get(&mut self) -> Option<u8> {
        let v = *self.b.get(self.at)?;
        self.at += 1;
        Some(v)
    }
    /// pb_decode_varint32_eof.
    fn varint32(&mut self) -> Option<u32> {
        let first = self.get()?;
        if first < 0x80 {
            return Some(u32::from(first));
        }
        let mut value = u32::from(first & 0x7f);
        let mut shift = 7u32;
        loop {
            let b = self.get()?;
            if shift >= 32 {
                let ext = if shift < 63 { 0xff } else { 0x01 };
                if b & 0x7f != 0 && (value >> 31 == 0 || b != ext) {
                    return None;
                }
            } else {
                value |= ((u64::from(b & 0x7f) << shift) & 0xffff_ffff) as u32;
            }
            shift += 7;
            if b < 0x80 {
                if shift == 35 && b & 0x70 != 0 {
                    return None;
                }
                return Some(value);
            }
        }
    }
    fn skip(&mut self, n: u64) -> Option<()> {
        let n = usize::try_from(n).ok()?;
        (self.b.len() - self.at >= n).then(|| self.at += n)
    }
}

/// pb_decode for NewTransactionResponse; None for false.
fn pb_decode(bytes: &[u8]) -> Option<Tx> {
    let mut tx = Tx::default();
    for n in 1..=13 {
        if let Some((true, max)) = spec(n) {
            tx.mem.insert(n, vec![0; max]);
        }
    }
    let mut s = In { b: bytes, at: 0 };
    while s.at < bytes.len() {
        let tag = s.varint32()?;
        if tag == 0 {
            break;
        }
        let (number, wire) = (tag >> 3, tag & 7);
        match spec(number) {
            None => match wire {
                0 => while s.get()? & 0x80 != 0 {},
                1 => s.skip(8)?,
                2 => {
                    let len = s.varint32()?;
                    s.skip(u64::from(len))?;
                }
                5 => s.skip(4)?,
                _ => return None,
            },
            Some((is_string, max)) => {
                let size = s.varint32()? as usize;
                if (is_string && size + 1 > max) || (!is_string && size > max) {
                    return None;
                }
                let start = s.at;
                s.skip(size as u64)?;
                let value = &bytes[start..s.at];
                let mem = tx.mem.entry(number).or_default();
                if is_string {
                    mem[..size].copy_from_slice(value);
                    mem[size] = 0;
                } else {
                    *mem = value.to_vec();
                }
            }
        }
    }
    Some(tx)
}

impl Tx {
    fn field(&self, n: u32) -> &[u8] {
        self.mem.get(&n).map_or(&[], Vec::as_slice)
    }
}

/// check_extra_id_extra_data and check_transaction_id.
fn process_checks(tx: &Tx, legacy: bool) -> Option<u16> {
    let id = tx.field(2).first().copied().unwrap_or(0) != 0;
    let data = tx.field(13);
    let has_data = !(data.is_empty() || data == [0]);
    if has_data && (id || data.len() != 33) {
        return Some(0x6A8D);
    }
    let ok = if legacy {
        tx.field(11)[10] == 0 && &tx.field(11)[..10] == LEGACY_NONCE.as_bytes()
    } else {
        tx.field(12) == NONCE
    };
    (!ok).then_some(0x6A82)
}

/// Exchange.ts `processTransaction` and `processSplitTransaction`, apdu_parser.c's reassembly
/// and process_transaction.c's `parse_transaction`: the payload the app gets, or a status word.
fn frame(payload: &[u8]) -> Result<Vec<u8>, u16> {
    let mut data = vec![1, (payload.len() >> 8) as u8, payload.len() as u8];
    data.extend_from_slice(payload);
    data.push(8);
    data.extend([7; 8]);
    let got = if data.len() < 256 {
        data.clone()
    } else {
        let n = data.len();
        let mut got: Vec<u8> = Vec::new();
        let mut parts: Vec<&[u8]> = Vec::new();
        for i in 0..n / 256 {
            parts.push(&data[i * 255..(i + 1) * 255]);
        }
        parts.push(&data[n - n % 255..]);
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 && got.len() + part.len() > 512 {
                return Err(0x6A89);
            }
            got.extend_from_slice(part);
        }
        got
    };
    if got.len() < 3 {
        return Err(0x6A80);
    }
    let len = usize::from(got[1]) << 8 | usize::from(got[2]);
    if 3 + len + 1 > got.len() || 3 + len + 1 + usize::from(got[3 + len]) != got.len() {
        return Err(0x6A80);
    }
    Ok(got[3..3 + len].to_vec())
}

/// cx_ecdsa_verify over SHA-256(msg), high S accepted.
fn ecdsa(curve: Curve, public: &[u8], msg: &[u8], rs: &[u8; 64]) -> bool {
    use k256::ecdsa::signature::hazmat::PrehashVerifier;
    let digest = Sha256::digest(msg);
    match curve {
        Curve::Secp256k1 => {
            let (Ok(key), Ok(sig)) = (
                k256::ecdsa::VerifyingKey::from_sec1_bytes(public),
                k256::ecdsa::Signature::from_slice(rs),
            ) else {
                return false;
            };
            key.verify_prehash(&digest, &sig.normalize_s()).is_ok()
        }
        Curve::Secp256r1 => {
            let (Ok(key), Ok(sig)) = (
                p256::ecdsa::VerifyingKey::from_sec1_bytes(public),
                p256::ecdsa::Signature::from_slice(rs),
            ) else {
                return false;
            };
            key.verify_prehash(&digest, &sig).is_ok()
        }
    }
}

/// Node's `Buffer.from(s, "base64")`.
fn node_base64(s: &str) -> Vec<u8> {
    let mut bits = String::new();
    for c in s.bytes().take_while(|&c| c != b'=') {
        let v = if c == b'+' { 62 } else { six(c) };
        if v < 64 {
            bits.push_str(&format!("{v:06b}"));
        }
    }
    (0..bits.len() / 8)
        .map(|i| u8::from_str_radix(&bits[i * 8..i * 8 + 8], 2).unwrap_or(0))
        .collect()
}

/// Node's `Buffer.from(s, "hex")`.
fn node_hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s
        .chars()
        .map_while(|c| c.to_digit(16))
        .map(|d| d as u8)
        .collect();
    digits
        .chunks(2)
        .filter(|p| p.len() == 2)
        .map(|p| p[0] * 16 + p[1])
        .collect()
}

/// Length of asn1.js's DER of r‖s: minimal positive integers.
fn der_len(rs: &[u8; 64]) -> usize {
    let int = |v: &[u8]| {
        let t: Vec<u8> = v.iter().copied().skip_while(|&b| b == 0).collect();
        2 + t.len().max(1) + usize::from(t.first().is_some_and(|&b| b >= 0x80))
    };
    2 + int(&rs[..32]) + int(&rs[32..])
}

fn model_ng(payload: &str, signature: &str, curve: Curve, public: &[u8]) -> Verdict {
    let received = match frame(payload.as_bytes()) {
        Ok(p) => p,
        Err(sw) => return (false, PT, Some(sw)),
    };
    let Some(tx) = base64_decode(&received)
        .filter(|b| !b.is_empty())
        .and_then(|b| pb_decode(&b))
    else {
        return (false, PT, Some(0x6A81));
    };
    if let Some(sw) = process_checks(&tx, false) {
        return (false, PT, Some(sw));
    }
    let Ok(rs) = <[u8; 64]>::try_from(node_base64(signature).as_slice()) else {
        return (false, CS, Some(0x6A80));
    };
    let msg = [b".", &received[..]].concat();
    if ecdsa(curve, public, &msg, &rs) {
        (true, None, None)
    } else {
        (false, CS, Some(0x9D1A))
    }
}

fn model_legacy(payload: &str, signature: &str, public: &[u8]) -> Verdict {
    let raw = node_hex(payload);
    if raw.len() + 10 >= 256 {
        return (false, PT, None);
    }
    let Some(tx) = pb_decode(&raw) else {
        return (false, PT, Some(0x6A81));
    };
    if let Some(sw) = process_checks(&tx, true) {
        return (false, PT, Some(sw));
    }
    let Ok(rs) = <[u8; 64]>::try_from(node_hex(signature).as_slice()) else {
        return (false, CS, None);
    };
    if !(67..=73).contains(&der_len(&rs)) {
        return (false, CS, Some(0x6A80));
    }
    if ecdsa(Curve::Secp256k1, public, &raw, &rs) {
        (true, None, None)
    } else {
        (false, CS, Some(0x9D1A))
    }
}

// ---- the mutants ----------------------------------------------------------------------------

fn base_fields(rng: &mut Rng, legacy: bool) -> Vec<u8> {
    let addr = |rng: &mut Rng| -> String {
        let n = 20 + rng.below(40);
        (0..n)
            .map(|_| char::from(b"abcdefghjkmnpqrstuvwxyz0123456789"[rng.below(33)]))
            .collect()
    };
    let mut pb = Pb::default()
        .string(1, &addr(rng))
        .string(3, &addr(rng))
        .string(5, &addr(rng))
        .string(7, "BTC")
        .string(8, "ETH")
        .bytes(9, &[0x0f, 0x42, 0x40])
        .bytes(10, &[0x06, 0xf0, 0x5b]);
    if rng.chance(20) {
        pb = pb.string(2, "memo");
    }
    if rng.chance(20) {
        pb = pb.bytes(13, &[0x01; 33]);
    }
    if legacy {
        pb.string(11, LEGACY_NONCE).0
    } else {
        pb.bytes(12, &NONCE).0
    }
}

/// One mutation of the protobuf bytes.
fn mutate_bytes(rng: &mut Rng, pb: &mut Vec<u8>) {
    let at = rng.below(pb.len() + 1);
    match rng.below(11) {
        0 if !pb.is_empty() => {
            let i = rng.below(pb.len());
            pb[i] ^= 1 << rng.below(8);
        }
        1 => {
            // A duplicated field: the first occurrence of field 5, 12 or 11 again.
            let dup = Pb::default().string(5, "dup").0;
            pb.extend(dup);
        }
        2 => {
            let n = [1u32, 2, 7, 9, 11, 12, 13][rng.below(7)];
            let len = spec(n).map_or(10, |(s, m)| m + usize::from(!s) - 1 + rng.below(3));
            let extra = Pb::default().bytes(n, &vec![b'Z'; len]).0;
            pb.extend(extra);
        }
        3 => {
            let wire = rng.below(8) as u64;
            let mut f = Pb::default()
                .varint_raw((u64::from(14 + rng.below(20) as u32)) << 3 | wire)
                .0;
            f.extend(match wire {
                0 => vec![0x96, 0x01],
                1 => vec![0; 8],
                2 => vec![2, 0, 0],
                5 => vec![0; 4],
                _ => vec![],
            });
            pb.splice(at..at, f);
        }
        4 => pb.splice(at..at, [0x00, 0xff, 0xff]).for_each(drop),
        5 => {
            let wire = [0u8, 1, 2, 5, 3][rng.below(5)];
            let tail: &[u8] = match wire {
                0 => &[1],
                1 => &[0; 8],
                2 => &[1, 9],
                5 => &[0; 4],
                _ => &[],
            };
            pb.splice(at..at, [&[wire][..], tail].concat())
                .for_each(drop);
        }
        6 => {
            // A known field with another wire type: rewrite the first tag of field 3.
            if let Some(i) = pb.iter().position(|&b| b == 0x1a) {
                pb[i] = 0x18 | [0u8, 1, 3, 5][rng.below(4)];
            }
        }
        7 => {
            // An overlong length: field 7 "BTC" with its length in 2 to 12 bytes.
            let n = 2 + rng.below(11);
            let mut f = vec![0x3a, 0x83];
            f.extend(std::iter::repeat_n(0x80, n - 2));
            f.push(0x00);
            f.extend(b"BTC");
            pb.extend(f);
        }
        8 => pb.truncate(at),
        9 => pb.extend(Pb::default().bytes(9, &[0]).0),
        _ => pb.extend(Pb::default().bytes(12, &[7; 32]).0),
    }
}

/// One mutation of the payload text.
fn mutate_text(rng: &mut Rng, text: &mut String) {
    let at = rng.below(text.len() + 1);
    match rng.below(6) {
        0 => text.push_str(&"=".repeat(1 + rng.below(3))),
        1 => text.insert(at, ['+', '/', '.', ' ', '=', '*'][rng.below(6)]),
        2 if at < text.len() => {
            text.remove(at);
        }
        3 => text.insert(0, '.'),
        4 => text.push_str(&"A".repeat(rng.below(300))),
        _ => text.push(char::from(b"AQgw"[rng.below(4)])),
    }
}

struct Mutant {
    legacy: bool,
    curve: Curve,
    payload: String,
    signature: String,
}

fn make(rng: &mut Rng) -> Mutant {
    let legacy = rng.chance(30);
    let curve = if legacy || rng.chance(50) {
        Curve::Secp256k1
    } else {
        Curve::Secp256r1
    };
    let mut pb = base_fields(rng, legacy);
    for _ in 0..rng.below(3) {
        mutate_bytes(rng, &mut pb);
    }
    let mut payload = if legacy {
        hex(&pb)
    } else {
        b64url(&pb, rng.chance(30))
    };
    if rng.chance(35) {
        if legacy {
            match rng.below(3) {
                0 => payload.push('f'),
                1 => payload.insert_str(0, "0x"),
                _ => payload.insert(rng.below(payload.len() + 1), 'g'),
            }
        } else {
            mutate_text(rng, &mut payload);
        }
    }
    // Re-signed over what the device hashes.
    let signed = if legacy {
        node_hex(&payload)
    } else {
        format!(".{payload}").into_bytes()
    };
    let mut sig = sign(curve, &SECRET, &signed);
    match rng.below(14) {
        0 => sig = sign(curve, &OTHER, &signed),
        1 => sig = sign(curve, &SECRET, payload.as_bytes()),
        2 => sig.truncate(63),
        3 => sig.clear(),
        4 => sig[..32].fill(0),
        5 => {
            sig[..4].fill(0);
            sig[4] = 1;
        }
        6 => sig.push(0),
        _ => {}
    }
    let signature = if legacy {
        hex(&sig)
    } else {
        b64url(&sig, false)
    };
    Mutant {
        legacy,
        curve,
        payload,
        signature,
    }
}

fn run() -> Result<(), Failed> {
    let mut rng = Rng(SEED);
    let (mut agree, mut disagreements) = (0usize, Vec::new());
    // For comparison: "accepts when no device or Ledger Live rule fails", the pre-model verdict.
    let mut rules_agree = 0usize;
    let mut refused = std::collections::BTreeMap::<String, usize>::new();
    for i in 0..MUTANTS {
        let m = make(&mut rng);
        let key_hex = public_hex(m.curve, &SECRET);
        let public: Vec<u8> = (0..key_hex.len() / 2)
            .map(|j| u8::from_str_radix(&key_hex[j * 2..j * 2 + 2], 16).unwrap_or(0))
            .collect();
        let (mode, expected, nonce) = if m.legacy {
            let e = model_legacy(&m.payload, &m.signature, &public);
            (SignatureMode::Legacy, e, Nonce::Legacy(LEGACY_NONCE.into()))
        } else {
            let e = model_ng(&m.payload, &m.signature, m.curve, &public);
            (SignatureMode::Ng, e, Nonce::Ng(NONCE))
        };
        let exp = Expectations {
            nonce: Some(nonce),
            fee_len: Some(8),
            ..Expectations::default()
        };
        let v = crate::device_kit::verdict(mode, m.curve, &key_hex, &m.payload, &m.signature, &exp);
        let got = device_of(&v);
        let rules_accept = !v.rules.iter().any(|o| {
            o.status == provider_conformance::swap::RuleStatus::Fail
                && o.gate() != provider_conformance::swap::Gate::BindingsAndGuidance
        });
        rules_agree += usize::from(rules_accept == expected.0);
        *refused
            .entry(format!(
                "{:?} {:?}",
                expected.1,
                expected.2.map(|w| format!("{w:04X}"))
            ))
            .or_default() += 1;
        if got == expected {
            agree += 1;
        } else if disagreements.len() < 8 {
            disagreements.push(format!(
                "mutant {i} ({}): model {expected:?}, harness {got:?} ({}); payload {:?}, signature {:?}",
                if m.legacy { "legacy" } else { "NG" },
                v.device.reason,
                m.payload,
                m.signature
            ));
        }
    }
    println!(
        "device_mutations: {agree} of {MUTANTS} mutants agree ({:.1}%) on verdict, stage and status word; \
         the rules alone agree on the verdict for {rules_agree} ({:.1}%); outcomes: {refused:?}",
        agree as f64 * 100.0 / MUTANTS as f64,
        rules_agree as f64 * 100.0 / MUTANTS as f64
    );
    if agree == MUTANTS {
        Ok(())
    } else {
        Err(format!(
            "{agree} of {MUTANTS} mutants agree; first disagreements:\n{}",
            disagreements.join("\n")
        )
        .into())
    }
}
