//! Random values the server hands out as capabilities: inbound webhook tokens, inbox
//! addresses, signing secrets, app connection ids. Each is unguessable, so holding it is the
//! proof (an inbound webhook carries no API key).

/// `bytes` random bytes as lowercase hex (twice as many characters).
pub fn random_hex(bytes: usize) -> String {
    let raw: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
    hex(&raw)
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The last path segment of an inbound webhook URL, or the local part of an inbox address.
pub fn inbound_token() -> String {
    random_hex(16)
}

/// The domain inbox addresses live under; mail reaches them through `POST /inbound/email`.
pub const INBOX_DOMAIN: &str = "inbox.m8tes.local";

pub fn inbox_address(token: &str) -> String {
    format!("{token}@{INBOX_DOMAIN}")
}
