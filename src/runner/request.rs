//! Builds a step's HTTP request from its templates, the profile section and the scope.

use super::http::OutRequest;
use super::scope::Scope;
use crate::profile::{IpIn, Section};
use crate::suite::{Auth, IpSent, Request};
use crate::template::{Generator, Reference};
use serde_json::Value;

/// Why a step's request could not be built.
pub(super) enum NotRun {
    /// A variable has no value: an earlier step did not capture it.
    Missing(String),
    /// The request cannot be made (a bad URL).
    Invalid(String),
}

/// The request to send and the JSON body it carries.
pub(super) fn build(
    r: &Request,
    section: &Section,
    scope: &Scope<'_>,
) -> Result<(OutRequest, Option<Value>), NotRun> {
    if let Some(which) = r.ip_check {
        return ip_check(which, section).map_err(NotRun::Invalid);
    }
    let lookup = |n: &Reference| scope.get(n);
    let path = r.path.render_string(&lookup).map_err(NotRun::Missing)?;
    let mut url = format!("{}{}", section.base_url, path);
    if !r.query.is_empty() {
        let mut parsed = reqwest::Url::parse(&url)
            .map_err(|e| NotRun::Invalid(format!("the url `{url}` is not valid: {e}")))?;
        {
            let mut q = parsed.query_pairs_mut();
            for (k, t) in &r.query {
                q.append_pair(k, &t.render_string(&lookup).map_err(NotRun::Missing)?);
            }
        }
        url = parsed.to_string();
    }
    let mut headers: Vec<(String, String)> = match r.auth {
        Auth::Profile => section.headers.clone(),
        Auth::None => Vec::new(),
        Auth::Wrong => section
            .headers
            .iter()
            .map(|(k, _)| {
                let wrong = scope.get(&Reference::Gen(Generator::WrongSecret));
                let wrong = wrong.and_then(|v| v.as_str().map(String::from));
                (k.clone(), wrong.unwrap_or_default())
            })
            .collect(),
    };
    for (k, t) in &r.headers {
        // A header that names an absent optional value (no bearer token without a login) is
        // left out, as a JSON key is.
        if t.vars().any(|n| lookup(n).is_some_and(|v| v.is_null())) {
            continue;
        }
        let v = t.render_string(&lookup).map_err(NotRun::Missing)?;
        headers.retain(|(hk, _)| !hk.eq_ignore_ascii_case(k));
        headers.push((k.clone(), v));
    }
    let json = match &r.json {
        Some(t) => Some(t.render(&lookup).map_err(NotRun::Missing)?),
        None => None,
    };
    if json.is_some()
        && !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    let request = OutRequest {
        method: r.method.clone(),
        url,
        headers,
        body: json.as_ref().map(json_text),
    };
    Ok((request, json))
}

/// The seed documents' IP check: method, path and where the IP goes come from the profile
/// section's `ip_check`, as no shape was ever published (ledger-integration §4.2).
fn ip_check(which: IpSent, section: &Section) -> Result<(OutRequest, Option<Value>), String> {
    let cfg = section
        .ip_check
        .as_ref()
        .ok_or("`ip_check` is not in the profile section")?;
    let ip = match which {
        IpSent::Accepted => cfg.accepted_ip.clone(),
        IpSent::Rejected => cfg.rejected_ip.clone(),
    };
    let name = cfg.ip_name.clone();
    let mut url = reqwest::Url::parse(&format!("{}{}", section.base_url, cfg.path))
        .map_err(|e| format!("`ip_check.path`: {e}"))?;
    let mut headers = section.headers.clone();
    let mut json = None;
    match cfg.ip_in {
        IpIn::Query => {
            url.query_pairs_mut().append_pair(&name, &ip);
        }
        IpIn::Header => headers.push((name, ip)),
        IpIn::Body => {
            json = Some(serde_json::json!({ name: ip }));
            headers.push(("Content-Type".into(), "application/json".into()));
        }
    }
    let request = OutRequest {
        method: cfg.method.clone(),
        url: url.to_string(),
        headers,
        body: json.as_ref().map(json_text),
    };
    Ok((request, json))
}

/// The body's text: written straight into its buffer (`Value`'s `Display` goes through the
/// formatting machinery, four times slower on a quote's body).
fn json_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| v.to_string())
}
