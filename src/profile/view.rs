//! The profile as JSON, for templates: `${profile.<section>...}` and `${pair.<key>}` read it.
//! Derived from the typed profile here and nowhere else; nothing reads it back to decide.

use super::model::{Api, IpAnswer, IpCheck, Pair, Section};
use crate::template::PairKey;
use serde_json::{Map, Value, json};

impl Pair {
    /// The value of one field; an absent optional field is null.
    pub fn value(&self, key: PairKey) -> Value {
        let text = |s: &str| Value::String(s.to_string());
        let optional = |s: &Option<String>| s.as_deref().map_or(Value::Null, text);
        match key {
            PairKey::From => text(&self.from),
            PairKey::To => text(&self.to),
            PairKey::Amount => text(self.amount.as_str()),
            PairKey::PayloadCurrencyFrom => text(&self.payload_currency_from),
            PairKey::PayloadCurrencyTo => text(&self.payload_currency_to),
            PairKey::DecimalsFrom => Value::from(self.decimals_from),
            PairKey::DecimalsTo => Value::from(self.decimals_to),
            PairKey::RefundAddress => text(&self.refund_address),
            PairKey::PayoutAddress => text(&self.payout_address),
            PairKey::RefundExtraId => optional(&self.refund_extra_id),
            PairKey::PayoutExtraId => optional(&self.payout_extra_id),
            PairKey::KycAmount => self
                .kyc_amount
                .as_ref()
                .map_or(Value::Null, |a| text(a.as_str())),
            PairKey::AmountBelowMinimum => text(self.amount_below_minimum.as_str()),
            PairKey::AmountAboveMaximum => text(self.amount_above_maximum.as_str()),
        }
    }

    /// Every field that has a value, as one JSON object.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        for &key in PairKey::ALL {
            let v = self.value(key);
            if !v.is_null() {
                m.insert(key.name().to_string(), v);
            }
        }
        Value::Object(m)
    }
}

fn ip_check_json(ip: &IpCheck) -> Value {
    json!({
        "method": ip.method.as_str(),
        "path": ip.path,
        "ip_in": ip.ip_in.name(),
        "ip_name": ip.ip_name,
        "accepted_ip": ip.accepted_ip,
        "rejected_ip": ip.rejected_ip,
        "answer": match &ip.answer {
            IpAnswer::Status => json!("status"),
            IpAnswer::Field { path, accepted, rejected } =>
                json!({ "field": path, "accepted": accepted, "rejected": rejected }),
        },
    })
}

/// One section as JSON: what it was given, with the pairs' defaults filled in.
fn section_json(s: &Section) -> Value {
    let mut m = Map::new();
    m.insert("base_url".into(), Value::String(s.base_url.clone()));
    let headers: Map<String, Value> = s
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    m.insert("headers".into(), Value::Object(headers));
    if let Some(c) = s.curve {
        m.insert("curve".into(), Value::String(c.to_string()));
    }
    if let Some(k) = &s.public_key {
        m.insert("public_key".into(), Value::String(k.clone()));
    }
    if s.api == Api::SwapV1 {
        m.insert("login".into(), s.login.name().into());
        // Null without a login: a JSON key or a header that names it is left out.
        let token = s.bearer_token.clone().map_or(Value::Null, Value::String);
        m.insert("bearer_token".into(), token);
    }
    if !s.pairs.is_empty() {
        m.insert("nonce_encoding".into(), s.nonce_encoding.name().into());
        let pairs = s.pairs.iter().map(Pair::to_json).collect();
        m.insert("pairs".into(), Value::Array(pairs));
    }
    if s.api == Api::Swap {
        m.insert("test_swaps".into(), s.test_swaps.name().into());
    }
    if let Some(d) = s.status_deadline_secs {
        m.insert("status_deadline_secs".into(), Value::from(d));
    }
    if let Some(ip) = &s.ip_check {
        m.insert("ip_check".into(), ip_check_json(ip));
    }
    if let Some(q) = &s.quote {
        let quote = json!({
            "from": q.from,
            "to": q.to,
            "payment_method": q.payment_method,
            "amount": q.amount,
            "country": q.country,
            "dest": q.dest,
        });
        m.insert("quote".into(), quote);
    }
    Value::Object(m)
}

/// The whole profile as JSON: its name and one object per section.
pub(super) fn profile_json<'a>(name: &str, sections: impl Iterator<Item = &'a Section>) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), Value::String(name.to_string()));
    for s in sections {
        m.insert(s.api.key().to_string(), section_json(s));
    }
    Value::Object(m)
}
