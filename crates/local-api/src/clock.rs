//! Timestamps as the wire writes them: ISO-8601 UTC with `Z`, to the second (D12).

use chrono::{DateTime, SecondsFormat, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

pub fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The current time as the wire writes it.
pub fn now_iso() -> String {
    iso(now())
}
