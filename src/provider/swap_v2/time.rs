//! How the current swap API writes its timestamps: RFC 3339 in UTC by default, or the other
//! ISO-8601 forms of the `example-timestamps` and `offset-timestamps` variants.

use crate::provider::state::ProviderState;
use crate::provider::variants::Variant;
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

/// The offset of `offset-timestamps`: two hours east of UTC.
const OFFSET_SECS: i32 = 2 * 3600;

/// A quote's `expiry`: `2026-12-01T09:10:51Z`, the quote example's `+0000` form, or an offset
/// with milliseconds.
pub(crate) fn expiry(state: &ProviderState, t: DateTime<Utc>) -> String {
    if state.chooses(Variant::ExampleTimestamps) {
        t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
    } else {
        default_or_offset(state, t)
    }
}

/// A swap's `createdAt`: like [`expiry`], but the swap example has no zone at all.
pub(crate) fn created_at(state: &ProviderState, t: DateTime<Utc>) -> String {
    if state.chooses(Variant::ExampleTimestamps) {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    } else {
        default_or_offset(state, t)
    }
}

fn default_or_offset(state: &ProviderState, t: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(OFFSET_SECS) {
        Some(offset) if state.chooses(Variant::OffsetTimestamps) => t
            .with_timezone(&offset)
            .to_rfc3339_opts(SecondsFormat::Millis, false),
        _ => t.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::options::ProviderOptions;

    fn state(variants: &[Variant]) -> ProviderState {
        ProviderState::new(&ProviderOptions {
            variants: variants.to_vec(),
            ..ProviderOptions::default()
        })
        .unwrap()
    }

    #[test]
    fn each_form_names_the_same_instant() {
        let t = DateTime::parse_from_rfc3339("2026-12-01T09:10:51.250Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(expiry(&state(&[]), t), "2026-12-01T09:10:51Z");
        assert_eq!(created_at(&state(&[]), t), "2026-12-01T09:10:51Z");
        let example = state(&[Variant::ExampleTimestamps]);
        assert_eq!(expiry(&example, t), "2026-12-01T09:10:51+0000");
        assert_eq!(created_at(&example, t), "2026-12-01T09:10:51");
        let offset = state(&[Variant::OffsetTimestamps]);
        assert_eq!(expiry(&offset, t), "2026-12-01T11:10:51.250+02:00");
        assert_eq!(
            DateTime::parse_from_rfc3339(&created_at(&offset, t)).unwrap(),
            t
        );
    }
}
