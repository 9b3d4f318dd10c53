//! `ip_answer: accepted | rejected`: the seed IP check's answer, read as the profile declares
//! it. The seed leaves the form open ("Our back-end can adapt to how you decide to do this …
//! your endpoint should tell us if the trade is accepted or rejected"): the status code (2xx
//! accepts, 4xx rejects; the default) or a field of the body with its two declared values.

use super::response::{Input, snippet};
use super::verdict::{Grade, Judgement};
use crate::profile::{IpAnswer, Section};
use crate::suite::{IpSent, StatusPattern};
use serde_json::Value;

pub(super) fn judge(sent: IpSent, section: &Section, input: &Input<'_>) -> Judgement {
    let Some(cfg) = &section.ip_check else {
        return Judgement::with(Grade::Error, "not run: `ip_check` is not in the profile");
    };
    let word = match sent {
        IpSent::Accepted => "accepted",
        IpSent::Rejected => "rejected",
    };
    match &cfg.answer {
        IpAnswer::Status => {
            let want = match sent {
                IpSent::Accepted => StatusPattern::Class(2),
                IpSent::Rejected => StatusPattern::Class(4),
            };
            super::response::status(&[want], input)
        }
        IpAnswer::Field {
            path,
            accepted,
            rejected,
        } => {
            let (want, other) = match sent {
                IpSent::Accepted => (accepted, rejected),
                IpSent::Rejected => (rejected, accepted),
            };
            let found = field(path, input);
            match found {
                Err(why) => Judgement::fail(format!("expected `{path}` {want} ({word}): {why}")),
                Ok(v) if v == *want => Judgement::pass(format!("`{path}` is {v} ({word})")),
                Ok(v) if v == *other => Judgement::fail(format!(
                    "`{path}` is {v}, the declared answer for the other IP; expected {want} ({word})"
                )),
                Ok(v) => Judgement::fail(format!(
                    "`{path}` is {v}, neither declared answer; expected {want} ({word})"
                )),
            }
        }
    }
}

/// The one value at `path` in the body.
fn field(path: &str, input: &Input<'_>) -> Result<Value, String> {
    let doc = input.json.as_ref().map_err(|why| {
        format!(
            "status {}, {why}: {}",
            input.response.status,
            snippet(&input.response.body)
        )
    })?;
    let compiled = crate::suite::Query::parse(path).map_err(|e| e.to_string())?;
    match compiled.all(doc).as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(format!(
            "status {}, the body has no `{path}`: {}",
            input.response.status,
            snippet(&input.response.body)
        )),
        many => Err(format!("`{path}` matched {} values", many.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Response;
    use crate::profile::{Api, IpCheck, IpIn, Login, NonceEncoding};
    use serde_json::json;
    use std::time::Duration;

    fn section(answer: IpAnswer) -> Section {
        Section {
            api: Api::SwapV1,
            base_url: "http://127.0.0.1:1".into(),
            headers: Vec::new(),
            curve: None,
            public_key: None,
            key: None,
            nonce_encoding: NonceEncoding::Base64Url,
            signature_mode: crate::swap::SignatureMode::Ng,
            pairs: Vec::new(),
            status_deadline_secs: None,
            test_swaps: Default::default(),
            login: Login::None,
            bearer_token: None,
            kyc_users: Vec::new(),
            ip_check: Some(IpCheck {
                method: reqwest::Method::POST,
                path: "/ip".into(),
                ip_in: IpIn::Body,
                ip_name: "ip".into(),
                accepted_ip: "1.1.1.1".into(),
                rejected_ip: "2.2.2.2".into(),
                answer,
            }),
            quote: None,
            span: Default::default(),
        }
    }

    fn grade(answer: IpAnswer, sent: IpSent, status: u16, body: Value) -> Grade {
        let response = Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            elapsed: Duration::from_millis(1),
        };
        let json = Ok(body);
        let lookup = |_: &crate::template::Reference| None;
        let input = Input {
            response: &response,
            json: &json,
            lookup: &lookup,
            brief: false,
        };
        judge(sent, &section(answer), &input).grade
    }

    #[test]
    fn the_default_reads_the_status_code() {
        use IpSent::*;
        let s = || IpAnswer::Status;
        assert_eq!(grade(s(), Accepted, 200, json!({})), Grade::Pass);
        assert_eq!(grade(s(), Accepted, 403, json!({})), Grade::Fail);
        assert_eq!(grade(s(), Rejected, 403, json!({})), Grade::Pass);
        assert_eq!(
            grade(s(), Rejected, 200, json!({"accepted": false})),
            Grade::Fail
        );
    }

    #[test]
    fn a_declared_field_is_read_whatever_the_status() {
        use IpSent::*;
        let f = || IpAnswer::Field {
            path: "$.accepted".into(),
            accepted: json!(true),
            rejected: json!(false),
        };
        assert_eq!(
            grade(f(), Accepted, 200, json!({"accepted": true})),
            Grade::Pass
        );
        assert_eq!(
            grade(f(), Rejected, 200, json!({"accepted": false})),
            Grade::Pass
        );
        assert_eq!(
            grade(f(), Rejected, 200, json!({"accepted": true})),
            Grade::Fail
        );
        assert_eq!(
            grade(f(), Accepted, 200, json!({"accepted": "yes"})),
            Grade::Fail
        );
        assert_eq!(grade(f(), Rejected, 403, json!({"code": "X"})), Grade::Fail);
    }
}
