//! When to retry a request and how long to wait first (D5, D6, wire.md §5.3, §9.4), as pure
//! functions: the transport supplies the clock and the random jitter.

/// The request being retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryRequest<'a> {
    pub method: &'a str,
    /// A run-creating POST (`/runs/`, `/runs/with-files`, `/runs/{id}/reply`,
    /// `/tasks/{id}/runs`, wire.md §9.4): the endpoint table says which (D6), so the path is
    /// not parsed again here.
    pub run_creating: bool,
    pub has_idempotency_key: bool,
}

/// How the last attempt failed.
#[derive(Debug, Clone, Copy)]
pub enum AttemptFailure<'a> {
    /// A response arrived with this status (and maybe a `Retry-After` header).
    Status { status: u16, retry_after: Option<&'a str> },
    /// No response: connection refused or reset, DNS failure, timeout.
    Network,
}

pub const DEFAULT_MAX_RETRIES: u32 = 2;
const BASE_DELAY_MS: f64 = 500.0;
const MAX_DELAY_MS: f64 = 8_000.0;
const MAX_RETRY_AFTER_MS: f64 = 60_000.0;
const RETRYABLE_STATUSES: [u16; 6] = [408, 429, 500, 502, 503, 504];

/// The milliseconds to wait before the next attempt, or `None` to give up.
///
/// `retries_done` counts the retries already made (0 after the first attempt); `jitter` is a
/// random number in `[0, 1)` that takes up to 25 % off the backoff, so that many clients
/// failing together do not retry together; `now_unix_ms` reads an HTTP-date `Retry-After`.
pub fn retry_delay_ms(
    request: RetryRequest<'_>,
    failure: AttemptFailure<'_>,
    retries_done: u32,
    max_retries: u32,
    jitter: f64,
    now_unix_ms: u64,
) -> Option<u64> {
    if retries_done >= max_retries || !is_retryable_request(request) {
        return None;
    }
    let retry_after = match failure {
        AttemptFailure::Network => None,
        AttemptFailure::Status { status, retry_after } => {
            if !RETRYABLE_STATUSES.contains(&status) {
                return None;
            }
            retry_after.and_then(|value| retry_after_ms(value, now_unix_ms))
        }
    };
    let delay = match retry_after {
        Some(ms) if ms <= MAX_RETRY_AFTER_MS => ms,
        // An absent, unreadable or too distant Retry-After falls back to our own backoff.
        _ => {
            let backoff = (BASE_DELAY_MS * 2f64.powi(retries_done as i32)).min(MAX_DELAY_MS);
            backoff * (1.0 - 0.25 * jitter.clamp(0.0, 1.0))
        }
    };
    Some(delay.round() as u64)
}

/// Whether a request may be sent twice: idempotent methods, or a run-creating POST that
/// carries an `Idempotency-Key` (the server then replays instead of creating twice).
pub fn is_retryable_request(request: RetryRequest<'_>) -> bool {
    let method = |name: &str| request.method.eq_ignore_ascii_case(name);
    if ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].into_iter().any(method) {
        return true;
    }
    method("POST") && request.has_idempotency_key && request.run_creating
}

/// A `Retry-After` value in milliseconds: delay-seconds (fractions allowed) or an HTTP-date.
pub fn retry_after_ms(value: &str, now_unix_ms: u64) -> Option<f64> {
    let value = value.trim();
    if let Some(ms) = delay_seconds_ms(value) {
        return Some(ms);
    }
    let at_ms = parse_http_date(value)? as f64 * 1000.0;
    Some((at_ms - now_unix_ms as f64).max(0.0))
}

/// `12` or `0.25` as milliseconds. Digits are read by hand rather than with `f64::from_str`,
/// whose tables would add ~15 KB to the client's wasm for a header that is almost always an
/// integer; signs, exponents, `inf` and `NaN` are not delay-seconds anyway.
fn delay_seconds_ms(value: &str) -> Option<f64> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    let mut ms = whole.bytes().fold(0.0, |acc, b| acc * 10.0 + f64::from(b - b'0')) * 1000.0;
    let mut scale = 100.0;
    for b in fraction.bytes().take(3) {
        ms += f64::from(b - b'0') * scale;
        scale /= 10.0;
    }
    Some(ms)
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to Unix seconds. Numbers are
/// read by [`digits`] and the parts split at single characters, which keeps `str::parse` and
/// the substring searcher out of the npm wasm.
fn parse_http_date(value: &str) -> Option<i64> {
    let rest = value.split_once(',')?.1.strip_prefix(' ')?;
    let mut parts = rest.split(' ');
    let day = digits(parts.next()?)?;
    let month_name = parts.next()?;
    let year = digits(parts.next()?)?;
    let time = parts.next()?;
    if parts.next()? != "GMT" {
        return None;
    }
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
    let mut hms = time.split(':').map(digits);
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// One to nine ASCII digits as a number; a sign or anything else is not a date's part.
fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.bytes().fold(0, |n, b| n * 10 + i64::from(b - b'0')))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET: RetryRequest =
        RetryRequest { method: "GET", run_creating: false, has_idempotency_key: false };
    fn status(status: u16) -> AttemptFailure<'static> {
        AttemptFailure::Status { status, retry_after: None }
    }

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(retry_delay_ms(GET, status(503), 0, 9, 0.0, 0), Some(500));
        assert_eq!(retry_delay_ms(GET, status(503), 1, 9, 0.0, 0), Some(1000));
        assert_eq!(retry_delay_ms(GET, status(503), 5, 9, 0.0, 0), Some(8000));
        assert_eq!(retry_delay_ms(GET, status(503), 0, 9, 0.999, 0), Some(375));
    }

    #[test]
    fn attempts_are_bounded() {
        assert!(retry_delay_ms(GET, status(500), 1, 2, 0.0, 0).is_some());
        assert_eq!(retry_delay_ms(GET, status(500), 2, 2, 0.0, 0), None);
    }

    #[test]
    fn only_transient_statuses_retry() {
        for code in [408, 429, 500, 502, 503, 504] {
            assert!(retry_delay_ms(GET, status(code), 0, 2, 0.0, 0).is_some(), "{code}");
        }
        for code in [400, 401, 403, 404, 409, 422, 501] {
            assert_eq!(retry_delay_ms(GET, status(code), 0, 2, 0.0, 0), None, "{code}");
        }
    }

    #[test]
    fn posts_retry_only_with_a_key_on_run_creating_routes() {
        let post = |run_creating, key| RetryRequest {
            method: "POST",
            run_creating,
            has_idempotency_key: key,
        };
        assert!(is_retryable_request(post(true, true)));
        assert!(!is_retryable_request(post(true, false)));
        assert!(!is_retryable_request(post(false, true)));
        assert!(!is_retryable_request(RetryRequest {
            method: "PATCH",
            run_creating: true,
            has_idempotency_key: true
        }));
        assert!(is_retryable_request(RetryRequest {
            method: "delete",
            run_creating: false,
            has_idempotency_key: false
        }));
        assert_eq!(
            retry_delay_ms(post(true, true), AttemptFailure::Network, 0, 2, 0.0, 0),
            Some(500)
        );
        assert_eq!(retry_delay_ms(post(true, false), AttemptFailure::Network, 0, 2, 0.0, 0), None);
    }

    #[test]
    fn retry_after_is_honoured_up_to_a_minute() {
        let with = |value| AttemptFailure::Status { status: 429, retry_after: Some(value) };
        assert_eq!(retry_delay_ms(GET, with("2"), 0, 2, 0.5, 0), Some(2000));
        assert_eq!(retry_delay_ms(GET, with("0.25"), 0, 2, 0.5, 0), Some(250));
        assert_eq!(retry_delay_ms(GET, with("3600"), 0, 2, 0.0, 0), Some(500));
        assert_eq!(retry_delay_ms(GET, with("soon"), 0, 2, 0.0, 0), Some(500));
        assert_eq!(retry_delay_ms(GET, with(".5"), 0, 2, 0.0, 0), Some(500));
        assert_eq!(retry_delay_ms(GET, with("1.234"), 0, 2, 0.0, 0), Some(1234));
        for not_seconds in ["-1", "1e3", "inf", "NaN", ".", "1.2.3"] {
            assert_eq!(retry_after_ms(not_seconds, 0), None, "{not_seconds}");
        }
        let now = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        let date = AttemptFailure::Status {
            status: 503,
            retry_after: Some("Sun, 06 Nov 1994 08:49:40 GMT"),
        };
        assert_eq!(retry_delay_ms(GET, date, 0, 2, 0.0, now), Some(3000));
    }

    #[test]
    fn http_dates_parse() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("06 Nov 1994"), None);
        assert_eq!(parse_http_date("Sun,06 Nov 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun, +6 Nov 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:x7 GMT"), None);
    }
}
