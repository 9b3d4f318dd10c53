//! `POST /ip_check {ip}`: whether a user at this IP may trade. The old pages asked for such an
//! endpoint without publishing its shape; this is the reference provider's choice.

use super::{V1Error, parse_body};
use crate::provider::faults::Fault;
use crate::provider::state::ProviderState;
use crate::provider::variants::Variant;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use std::net::IpAddr;
use std::sync::Arc;

/// An IP the provider accepts (TEST-NET-3).
pub(crate) const ACCEPTED_IP: &str = "203.0.113.10";
/// An IP the provider rejects: any address in 198.51.100.0/24 (TEST-NET-2).
pub(crate) const REJECTED_IP: &str = "198.51.100.7";

#[derive(Deserialize)]
struct IpCheckRequest {
    ip: Option<String>,
}

/// `POST /ip_check`.
pub(crate) async fn ip_check(State(state): State<Arc<ProviderState>>, body: Bytes) -> Response {
    answer(&state, &body).unwrap_or_else(IntoResponse::into_response)
}

fn answer(state: &ProviderState, body: &[u8]) -> Result<Response, V1Error> {
    let req: IpCheckRequest = parse_body(body)?;
    let ip: IpAddr = req
        .ip
        .as_deref()
        .and_then(|ip| ip.trim().parse().ok())
        .ok_or_else(|| V1Error::bad_request("ip must be an IPv4 or IPv6 address"))?;
    let rejected = if state.has(Fault::V1IpCheckRejectsAll) {
        true
    } else {
        is_rejected(ip) && !state.has(Fault::V1IpCheckAcceptsAll)
    };
    if rejected && state.chooses(Variant::V1IpCheckInBody) {
        return Ok(Json(json!({ "accepted": false })).into_response());
    }
    if rejected {
        return Err(V1Error::new(
            StatusCode::FORBIDDEN,
            "IP_REJECTED",
            format!("trading is not available from {ip}"),
        ));
    }
    Ok(Json(json!({ "accepted": true })).into_response())
}

/// True for 198.51.100.0/24.
fn is_rejected(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.octets()[..3] == [198, 51, 100],
        IpAddr::V6(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_rejected_range_is_rejected() {
        assert!(is_rejected(REJECTED_IP.parse().unwrap()));
        assert!(is_rejected("198.51.100.255".parse().unwrap()));
        assert!(!is_rejected(ACCEPTED_IP.parse().unwrap()));
        assert!(!is_rejected("198.51.101.1".parse().unwrap()));
        assert!(!is_rejected("::1".parse().unwrap()));
    }
}
