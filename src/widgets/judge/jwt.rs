//! Reads a bearer token as Ledger Live does (`isJwtExpired` in
//! `libs/ledger-live-common/src/exchange/swap/utils/index.ts` decodes it with `jwt-decode`
//! and compares `exp`, in seconds, with the current time; anything it cannot decode counts as
//! expired).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

#[derive(Deserialize)]
struct Claims {
    exp: Option<f64>,
}

/// What a token is, as far as `isJwtExpired` can tell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// A JWT whose `exp` (seconds since the epoch) is `exp`.
    Jwt { exp: f64 },
    /// A JWT without a numeric `exp`.
    NoExp,
    /// Not a JWT, and why.
    NotJwt(&'static str),
}

/// Decodes the payload (second part) of `token`.
pub(crate) fn read(token: &str) -> Token {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Token::NotJwt("a JWT has three dot-separated parts");
    }
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(parts[1].trim_end_matches('=')) else {
        return Token::NotJwt("its second part is not base64url");
    };
    match serde_json::from_slice::<Claims>(&bytes) {
        Ok(Claims { exp: Some(exp) }) => Token::Jwt { exp },
        Ok(Claims { exp: None }) => Token::NoExp,
        Err(_) => Token::NotJwt("its second part is not a JSON object"),
    }
}

/// The check: a JWT whose `exp` is after `now` (seconds since the epoch).
pub(crate) fn judge(token: &str, now: f64) -> Result<String, String> {
    match read(token) {
        Token::Jwt { exp } if exp > now => Ok(format!(
            "a JWT whose `exp` is {} min ahead",
            ((exp - now) / 60.0).round()
        )),
        Token::Jwt { exp } => Err(format!(
            "the JWT expired {} min ago (`exp` {exp}): Ledger Live's `isJwtExpired` treats it as expired and asks the user to log in again",
            ((now - exp) / 60.0).round()
        )),
        Token::NoExp => Err("the JWT has no numeric `exp` claim: Ledger Live's `isJwtExpired` cannot tell when it expires".into()),
        Token::NotJwt(why) => Err(format!(
            "the token is not a JWT ({why}): Ledger Live's `isJwtExpired` fails to decode it and treats it as expired"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    #[test]
    fn a_jwt_with_exp_ahead_passes_and_anything_else_fails() {
        assert!(judge(&jwt(r#"{"exp":2000}"#), 1000.0).is_ok());
        assert!(
            judge(&jwt(r#"{"exp":999}"#), 1000.0)
                .unwrap_err()
                .contains("expired")
        );
        assert!(
            judge(&jwt(r#"{"sub":"u"}"#), 1000.0)
                .unwrap_err()
                .contains("no numeric `exp`")
        );
        assert!(
            judge("opaque-token", 1000.0)
                .unwrap_err()
                .contains("not a JWT")
        );
        assert!(judge("a.!!.c", 1000.0).unwrap_err().contains("base64url"));
    }
}
