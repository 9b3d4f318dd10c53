//! Timestamps as providers write them: RFC 3339, ISO-8601 with `+0000`, or epoch numbers.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

/// Parses a timestamp; epoch numbers above 10^11 are milliseconds, below seconds.
pub(crate) fn parse_timestamp(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::Number(n) => {
            let x = n.as_i64()?;
            if x.abs() > 100_000_000_000 {
                DateTime::from_timestamp_millis(x)
            } else {
                DateTime::from_timestamp(x, 0)
            }
        }
        Value::String(s) => {
            let s = s.trim();
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                return Some(t.with_timezone(&Utc));
            }
            for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z"] {
                if let Ok(t) = DateTime::parse_from_str(s, f) {
                    return Some(t.with_timezone(&Utc));
                }
            }
            // No zone given: read as UTC, as the documentation's examples are.
            for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"] {
                if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
                    return Some(t.and_utc());
                }
            }
            s.parse::<i64>()
                .ok()
                .and_then(|x| parse_timestamp(&Value::from(x)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_forms() {
        let want = DateTime::parse_from_rfc3339("2022-04-04T09:10:51Z").unwrap();
        for v in [
            json!("2022-04-04T09:10:51Z"),
            json!("2022-04-04T09:10:51+0000"),
            json!("2022-04-04T09:10:51+00:00"),
            json!("2022-04-04T09:10:51"),
            json!(1_649_063_451_000_i64),
            json!(1_649_063_451),
        ] {
            assert_eq!(parse_timestamp(&v), Some(want.with_timezone(&Utc)), "{v}");
        }
        assert_eq!(parse_timestamp(&json!("date")), None);
    }
}
