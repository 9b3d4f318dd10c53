//! The user tokens the reference login widget hands out: JWTs with `exp` (Ledger Live's
//! `isJwtExpired` decodes one), tagged so that `/v1/check_quote` and `/v1/swap` know them.
//! The tag is a SHA-256 over a fixed key and the token's first two parts: the reference
//! provider needs to recognise its own tokens, not to resist forgery.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

const KEY: &[u8] = b"provider-conformance reference widget tokens";

/// What the token looks like (the `widget-token-*` faults change it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A JWT whose `exp` is an hour ahead.
    Jwt,
    /// A JWT that expired an hour ago.
    Expired,
    /// Not a JWT: an opaque string.
    Opaque,
}

fn tag(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(
        Sha256::new()
            .chain_update(KEY)
            .chain_update(text)
            .finalize(),
    )
}

/// A new token for the reference user, issued at `now` (seconds since the epoch).
pub(crate) fn issue(shape: Shape, now: i64) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let exp = match shape {
        Shape::Expired => now - 3600,
        _ => now + 3600,
    };
    let claims = URL_SAFE_NO_PAD.encode(format!(
        r#"{{"sub":"reference-user","iat":{now},"exp":{exp}}}"#
    ));
    let body = format!("{header}.{claims}");
    match shape {
        Shape::Opaque => format!("opaque-{}", tag(&format!("opaque{now}"))),
        _ => format!("{body}.{}", tag(&body)),
    }
}

/// Whether `token` was issued by [`issue`] (expired or not: the faults only change what the
/// widget hands over, not what the API accepts).
pub(crate) fn issued(token: &str) -> bool {
    if let Some(rest) = token.strip_prefix("opaque-") {
        return rest.len() == 43;
    }
    match token.rsplit_once('.') {
        Some((body, sig)) => body.contains('.') && tag(body) == sig,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_are_recognised_and_others_are_not() {
        for shape in [Shape::Jwt, Shape::Expired, Shape::Opaque] {
            let t = issue(shape, 1_700_000_000);
            assert!(issued(&t), "{shape:?} {t}");
        }
        let t = issue(Shape::Jwt, 1_700_000_000);
        assert!(!issued(&format!("{t}x")));
        assert!(!issued("a.b.c"));
        assert_eq!(t.split('.').count(), 3);
    }
}
