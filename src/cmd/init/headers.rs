//! `init --discover --header 'NAME: VALUE'`: the header as written goes into the profile;
//! for the discovery requests, each `${env:VAR}` in its value is read from the environment.

/// One `--header`, as written and as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    pub(super) name: String,
    pub(super) written: String,
    pub(super) sent: String,
}

/// Parses `NAME: VALUE` and resolves the value with `env`; the error says what is wrong
/// without showing the value.
pub(super) fn parse(arg: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Header, String> {
    let (name, value) = arg
        .split_once(':')
        .ok_or_else(|| "a `--header` must be `NAME: VALUE`".to_string())?;
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!("`{name}` is not a header name"));
    }
    let written = value.trim().to_string();
    Ok(Header {
        name: name.to_string(),
        sent: resolve(&written, env)?,
        written,
    })
}

fn resolve(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${env:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 6..];
        let end = after
            .find('}')
            .ok_or("an unclosed `${env:` in a `--header`")?;
        let var = &after[..end];
        let value = env(var).ok_or_else(|| {
            format!("the environment variable `{var}` a `--header` reads is not set")
        })?;
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_environment_and_keeps_what_was_written() {
        let env = |k: &str| (k == "ACME_API_KEY").then(|| "k-123456".to_string());
        let h = parse("X-API-KEY: ${env:ACME_API_KEY}", &env).unwrap();
        assert_eq!(h.name, "X-API-KEY");
        assert_eq!(h.written, "${env:ACME_API_KEY}");
        assert_eq!(h.sent, "k-123456");
        let e = parse("X-API-KEY: ${env:NOPE}", &env).unwrap_err();
        assert_eq!(
            e,
            "the environment variable `NOPE` a `--header` reads is not set"
        );
        assert!(parse("no colon", &env).is_err());
        let e = parse("Bad Name: secret-value", &env).unwrap_err();
        assert!(!e.contains("secret-value"));
    }
}
