//! The one encoder every dynamic path segment goes through (D4, wire.md §9.3).
//!
//! Why refuse `/` instead of encoding it: the server routes on the percent-*decoded* path, so
//! `%2F` still acts as a separator and `users.get("../account")` would reach another route.
//! `.` and `..` are refused because HTTP stacks normalise them away. Everything outside
//! `A-Za-z0-9-._~` is percent-encoded (uppercase hex), `%` included, so a value can never
//! carry a query, a fragment or a pre-encoded separator.

use std::fmt;

/// Why a value cannot be a path segment. Nothing is sent for such a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentError {
    pub value: String,
    pub reason: &'static str,
}

impl SegmentError {
    /// `invalid path segment "<value>": <reason>`, the value quoted as a JSON string. Written
    /// by concatenation: `{:?}` would bring core's `Debug` escapes and Unicode tables into the
    /// npm wasm for this one message.
    pub fn message(&self) -> String {
        let mut message = String::from("invalid path segment ");
        crate::json_text::push_string(&mut message, &self.value);
        message.push_str(": ");
        message.push_str(self.reason);
        message
    }
}

impl fmt::Display for SegmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for SegmentError {}

/// Encodes `value` as one path segment, or refuses it.
pub fn seg(value: &str) -> Result<String, SegmentError> {
    let refuse = |reason| Err(SegmentError { value: value.to_owned(), reason });
    match value {
        "" => return refuse("it is empty"),
        "." | ".." => return refuse("it is a dot segment"),
        _ if value.contains('/') => return refuse("it contains '/'"),
        _ => {}
    }
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            push_percent(&mut out, byte);
        }
    }
    Ok(out)
}

pub(crate) fn push_percent(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(byte >> 4)] as char);
    out.push(HEX[usize::from(byte & 0xF)] as char);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_pass_through() {
        assert_eq!(seg("42").unwrap(), "42");
    }

    #[test]
    fn separators_and_dots_are_refused() {
        for bad in ["", ".", "..", "a/b", "/"] {
            assert!(seg(bad).is_err(), "{bad:?}");
        }
        assert_eq!(seg("...").unwrap(), "...");
    }

    #[test]
    fn error_names_the_value() {
        let err = seg("../x").unwrap_err();
        assert!(err.to_string().contains("\"../x\""));
    }
}
