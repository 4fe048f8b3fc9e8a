//! Webhook signatures (D10, wire.md §6.2): the server signs with [`sign`], a receiver checks
//! with [`verify_signature`] (a boolean that never fails loudly, for 1.1.0 parity) or with
//! [`unwrap`] (strict: a replay window by default, rotation lists, a typed reason).
//!
//! Signed message: `"{Webhook-Id}.{Webhook-Timestamp}.{raw body}"`, HMAC-SHA256 keyed with
//! the secret's UTF-8 bytes as given, sent as `Webhook-Signature: v1=<lowercase hex>`.

use crate::sha256::HmacSha256;
use crate::types::WebhookEvent;

pub const ID_HEADER: &str = "webhook-id";
pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
pub const SIGNATURE_HEADER: &str = "webhook-signature";
/// `unwrap`'s replay window when the caller names none, in both directions.
pub const DEFAULT_TOLERANCE_SECONDS: u64 = 300;

/// The three signature headers of one delivery, as received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignatureHeaders<'a> {
    pub id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
}

impl<'a> SignatureHeaders<'a> {
    /// Picks the three headers out of name/value pairs, names compared case-insensitively;
    /// where a name appears twice the last one wins (wire.md §6.2).
    pub fn from_pairs<I>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut headers = SignatureHeaders::default();
        for (name, value) in pairs {
            if name.eq_ignore_ascii_case(ID_HEADER) {
                headers.id = Some(value);
            } else if name.eq_ignore_ascii_case(TIMESTAMP_HEADER) {
                headers.timestamp = Some(value);
            } else if name.eq_ignore_ascii_case(SIGNATURE_HEADER) {
                headers.signature = Some(value);
            }
        }
        headers
    }

    fn present(&self) -> Option<(&'a str, &'a str, &'a str)> {
        let non_empty = |value: Option<&'a str>| value.filter(|v| !v.is_empty());
        Some((non_empty(self.id)?, non_empty(self.timestamp)?, non_empty(self.signature)?))
    }
}

/// A secret made ready to sign: HMAC's inner and outer key blocks, hashed once. A receiver
/// that checks many deliveries with one secret keeps one and saves two SHA-256 blocks a call.
#[derive(Clone)]
pub struct WebhookKey(HmacSha256);

impl WebhookKey {
    pub fn new(secret: &str) -> WebhookKey {
        WebhookKey::new_from_bytes(secret.as_bytes())
    }

    /// The key of a secret's UTF-8 bytes.
    pub fn new_from_bytes(secret: &[u8]) -> WebhookKey {
        WebhookKey(HmacSha256::new(secret))
    }

    /// The `Webhook-Signature` value for a delivery: `v1=` and 64 lowercase hex digits.
    pub fn sign(&self, id: &str, timestamp: &str, body: &[u8]) -> String {
        // The bytes are ASCII, so each is its own char.
        self.signature(id, timestamp, body).iter().map(|&byte| byte as char).collect()
    }

    /// [`WebhookKey::sign`]'s value as ASCII bytes, without allocating: the webhooks wasm
    /// checks a delivery with no allocator at all.
    pub fn signature(&self, id: &str, timestamp: &str, body: &[u8]) -> [u8; SIGNATURE_LEN] {
        let digest = self.0.mac(&[id.as_bytes(), b".", timestamp.as_bytes(), b".", body]);
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; SIGNATURE_LEN];
        out[..3].copy_from_slice(b"v1=");
        for (pair, byte) in out[3..].as_chunks_mut::<2>().0.iter_mut().zip(digest) {
            *pair = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]];
        }
        out
    }
}

/// The length of a `Webhook-Signature` value: `v1=` and 64 hex digits.
pub const SIGNATURE_LEN: usize = 67;

/// The `Webhook-Signature` value for a delivery: `v1=` and 64 lowercase hex digits.
pub fn sign(secret: &str, id: &str, timestamp: &str, body: &[u8]) -> String {
    WebhookKey::new(secret).sign(id, timestamp, body)
}

/// Whether a delivery is authentic. `tolerance_seconds: None` skips the replay check
/// (1.1.0 parity); with `Some(t)`, the timestamp must be an integer within `t` of `now_unix`.
/// The whole header must equal the one signature: no lists, no uppercase hex.
pub fn verify_signature(
    headers: &SignatureHeaders<'_>,
    body: &[u8],
    secret: &str,
    tolerance_seconds: Option<u64>,
    now_unix: i64,
) -> bool {
    verify_signature_with(headers, body, &WebhookKey::new(secret), tolerance_seconds, now_unix)
}

/// [`verify_signature`] with a key made ready beforehand.
pub fn verify_signature_with(
    headers: &SignatureHeaders<'_>,
    body: &[u8],
    key: &WebhookKey,
    tolerance_seconds: Option<u64>,
    now_unix: i64,
) -> bool {
    let Some((id, timestamp, signature)) = headers.present() else {
        return false;
    };
    if let Some(tolerance) = tolerance_seconds {
        if check_timestamp(timestamp, tolerance, now_unix).is_err() {
            return false;
        }
    }
    constant_time_eq(signature.as_bytes(), &key.signature(id, timestamp, body))
}

/// Why [`unwrap`] refused a delivery; `as_str` is the JS error's `reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationFailure {
    MissingHeader,
    InvalidTimestamp,
    TimestampTooOld,
    TimestampInFuture,
    SignatureMismatch,
    InvalidBody,
}

impl VerificationFailure {
    pub fn as_str(&self) -> &'static str {
        match self {
            VerificationFailure::MissingHeader => "missing_header",
            VerificationFailure::InvalidTimestamp => "invalid_timestamp",
            VerificationFailure::TimestampTooOld => "timestamp_too_old",
            VerificationFailure::TimestampInFuture => "timestamp_in_future",
            VerificationFailure::SignatureMismatch => "signature_mismatch",
            VerificationFailure::InvalidBody => "invalid_body",
        }
    }

    /// The sentence that says why, the error's message.
    pub fn message(&self) -> &'static str {
        match self {
            VerificationFailure::MissingHeader => {
                "a Webhook-Id, -Timestamp or -Signature header is missing"
            }
            VerificationFailure::InvalidTimestamp => {
                "the Webhook-Timestamp header is not Unix seconds"
            }
            VerificationFailure::TimestampTooOld => "the delivery is older than the tolerance",
            VerificationFailure::TimestampInFuture => {
                "the delivery is dated in the future beyond the tolerance"
            }
            VerificationFailure::SignatureMismatch => "no signature matches the body and secret",
            VerificationFailure::InvalidBody => "the body is not a JSON webhook event",
        }
    }
}

impl std::fmt::Display for VerificationFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for VerificationFailure {}

/// The strict check without parsing: replay window (default 300 s both ways), then any of a
/// space-separated list of `v1=` signatures (several during a secret rotation).
pub fn check_delivery(
    headers: &SignatureHeaders<'_>,
    body: &[u8],
    secret: &str,
    tolerance_seconds: Option<u64>,
    now_unix: i64,
) -> Result<(), VerificationFailure> {
    check_delivery_with(headers, body, &WebhookKey::new(secret), tolerance_seconds, now_unix)
}

/// [`check_delivery`] with a key made ready beforehand.
pub fn check_delivery_with(
    headers: &SignatureHeaders<'_>,
    body: &[u8],
    key: &WebhookKey,
    tolerance_seconds: Option<u64>,
    now_unix: i64,
) -> Result<(), VerificationFailure> {
    let (id, timestamp, signatures) =
        headers.present().ok_or(VerificationFailure::MissingHeader)?;
    let tolerance = tolerance_seconds.unwrap_or(DEFAULT_TOLERANCE_SECONDS);
    check_timestamp(timestamp, tolerance, now_unix)?;
    let expected = key.signature(id, timestamp, body);
    // Every candidate is compared, so the time taken does not say which one matched.
    let matched = signatures
        .split(' ')
        .filter(|candidate| !candidate.is_empty())
        .fold(false, |found, candidate| constant_time_eq(candidate.as_bytes(), &expected) | found);
    if matched {
        Ok(())
    } else {
        Err(VerificationFailure::SignatureMismatch)
    }
}

/// [`check_delivery`], then the body parsed as the event of D11.
pub fn unwrap(
    headers: &SignatureHeaders<'_>,
    body: &[u8],
    secret: &str,
    tolerance_seconds: Option<u64>,
    now_unix: i64,
) -> Result<WebhookEvent, VerificationFailure> {
    check_delivery(headers, body, secret, tolerance_seconds, now_unix)?;
    serde_json::from_slice(body).map_err(|_| VerificationFailure::InvalidBody)
}

fn check_timestamp(
    timestamp: &str,
    tolerance: u64,
    now_unix: i64,
) -> Result<(), VerificationFailure> {
    let digits = timestamp.strip_prefix('-').unwrap_or(timestamp);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VerificationFailure::InvalidTimestamp);
    }
    let sent: i64 = timestamp.parse().map_err(|_| VerificationFailure::InvalidTimestamp)?;
    let age = i128::from(now_unix) - i128::from(sent);
    if age > i128::from(tolerance) {
        Err(VerificationFailure::TimestampTooOld)
    } else if -age > i128::from(tolerance) {
        Err(VerificationFailure::TimestampInFuture)
    } else {
        Ok(())
    }
}

/// Equality whose time depends only on the lengths, never on where the inputs differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret_123";
    const BODY: &[u8] = br#"{"event":"run.completed","run_id":42}"#;
    const SIG: &str = "v1=b70279b624690a8169f069e5943e580b510e8ca616c0ce5fad0246fbc90322b6";

    fn headers<'a>(signature: &'a str, timestamp: &'a str) -> SignatureHeaders<'a> {
        SignatureHeaders {
            id: Some("msg_abc"),
            timestamp: Some(timestamp),
            signature: Some(signature),
        }
    }

    #[test]
    fn sdk_vector_signs_and_verifies() {
        assert_eq!(sign(SECRET, "msg_abc", "1700000000", BODY), SIG);
        assert!(verify_signature(&headers(SIG, "1700000000"), BODY, SECRET, None, 0));
    }

    #[test]
    fn tolerance_checks_both_directions() {
        let h = headers(SIG, "1700000000");
        assert!(verify_signature(&h, BODY, SECRET, Some(300), 1_700_000_300));
        assert!(!verify_signature(&h, BODY, SECRET, Some(300), 1_700_000_301));
        assert!(!verify_signature(&h, BODY, SECRET, Some(300), 1_699_999_699));
        assert!(verify_signature(&h, BODY, SECRET, Some(0), 1_700_000_000));
        let bad_ts = headers(SIG, "17e8");
        assert!(!verify_signature(&bad_ts, BODY, SECRET, Some(300), 1_700_000_000));
    }

    #[test]
    fn headers_are_found_case_insensitively_last_wins() {
        let pairs = [
            ("Webhook-Id", "msg_zzz"),
            ("WEBHOOK-ID", "msg_abc"),
            ("webhook-timestamp", "1700000000"),
            ("Webhook-Signature", SIG),
            ("Content-Type", "application/json"),
        ];
        let h = SignatureHeaders::from_pairs(pairs);
        assert!(verify_signature(&h, BODY, SECRET, None, 0));
        let missing = SignatureHeaders::from_pairs([("webhook-id", "msg_abc")]);
        assert!(!verify_signature(&missing, BODY, SECRET, None, 0));
    }

    #[test]
    fn unwrap_reasons() {
        let now = 1_700_000_000;
        let check =
            |h: &SignatureHeaders, body: &[u8], now| check_delivery(h, body, SECRET, None, now);
        assert_eq!(check(&headers(SIG, "1700000000"), BODY, now), Ok(()));
        let rotation = format!("v1=00 {SIG}");
        assert_eq!(check(&headers(&rotation, "1700000000"), BODY, now), Ok(()));
        assert_eq!(
            check(&SignatureHeaders::default(), BODY, now),
            Err(VerificationFailure::MissingHeader)
        );
        assert_eq!(
            check(&headers(SIG, "abc"), BODY, now),
            Err(VerificationFailure::InvalidTimestamp)
        );
        assert_eq!(
            check(&headers(SIG, "1700000000"), BODY, now + 301),
            Err(VerificationFailure::TimestampTooOld)
        );
        assert_eq!(
            check(&headers(SIG, "1700000000"), BODY, now - 301),
            Err(VerificationFailure::TimestampInFuture)
        );
        assert_eq!(
            check(&headers(SIG, "1700000000"), b"{}", now),
            Err(VerificationFailure::SignatureMismatch)
        );
        // Authentic but not an event body.
        let sig = sign(SECRET, "msg_abc", "1700000000", b"[]");
        let result = unwrap(&headers(&sig, "1700000000"), b"[]", SECRET, None, now);
        assert_eq!(result.unwrap_err(), VerificationFailure::InvalidBody);
    }
}
