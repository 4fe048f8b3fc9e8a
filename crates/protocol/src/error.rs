//! The error envelope (D7, wire.md §5, §9.6): what the server writes, how the client reads
//! any error body (envelope, `{"detail"}`, `{"error":"string"}`, HTML, empty), and which
//! error class a status maps to.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json_text;
use crate::types::JsonObject;

/// The class of an API error, from its status (wire.md §5.2, D7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Validation,
    Authentication,
    Billing,
    PermissionDenied,
    NotFound,
    Conflict,
    RateLimit,
    InternalServer,
    /// Any other non-2xx status (405, 408, 413, …).
    Api,
}

impl ErrorKind {
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            400 | 422 => ErrorKind::Validation,
            401 => ErrorKind::Authentication,
            402 => ErrorKind::Billing,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::RateLimit,
            500.. => ErrorKind::InternalServer,
            _ => ErrorKind::Api,
        }
    }

    /// The JS class name of this kind (js-api.md "Errors").
    pub fn class_name(&self) -> &'static str {
        match self {
            ErrorKind::Validation => "ValidationError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::Billing => "BillingError",
            ErrorKind::PermissionDenied => "PermissionDeniedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::Conflict => "ConflictError",
            ErrorKind::RateLimit => "RateLimitError",
            ErrorKind::InternalServer => "InternalServerError",
            ErrorKind::Api => "APIError",
        }
    }

    /// The envelope's `error.type` for this kind, as the server writes it.
    pub fn type_name(&self) -> &'static str {
        match self {
            ErrorKind::Validation => "invalid_request_error",
            ErrorKind::Authentication => "authentication_error",
            ErrorKind::Billing => "billing_error",
            ErrorKind::PermissionDenied => "permission_error",
            ErrorKind::NotFound => "not_found_error",
            ErrorKind::Conflict => "conflict_error",
            ErrorKind::RateLimit => "rate_limit_error",
            ErrorKind::InternalServer => "api_error",
            ErrorKind::Api => "api_error",
        }
    }
}

/// `{"error": {...}}`, the body of every error the server sends (D7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorEnvelope {
    pub error: ErrorObject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorObject {
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    /// The HTTP status, as the current server sends it (§9.6).
    pub code: u16,
    pub request_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<JsonObject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
}

impl ErrorEnvelope {
    pub fn new(status: u16, message: impl Into<String>, request_id: impl Into<String>) -> Self {
        ErrorEnvelope {
            error: ErrorObject {
                kind: ErrorKind::from_status(status).type_name().into(),
                message: message.into(),
                code: status,
                request_id: request_id.into(),
                error_code: None,
                details: None,
                doc_url: None,
            },
        }
    }

    pub fn with_error_code(mut self, error_code: impl Into<String>) -> Self {
        self.error.error_code = Some(error_code.into());
        self
    }

    pub fn with_details(mut self, details: JsonObject) -> Self {
        self.error.details = Some(details);
        self
    }
}

/// What the client knows of a failed response, read from any body shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiErrorInfo {
    pub kind: ErrorKind,
    pub status: u16,
    pub message: String,
    pub request_id: Option<String>,
    /// `details.error_code` if a string, else `error.code` if a string (§9.6).
    pub code: Option<String>,
    /// `error.error_code` if a string, else `details.error_code`.
    pub error_code: Option<String>,
    pub details: JsonObject,
    pub doc_url: Option<String>,
}

/// Said when the body is an HTML page: the base URL points at a web site, not the API.
pub const HTML_BODY_MESSAGE: &str = "this host does not serve the m8tes API: check baseUrl";
/// Said for a bare `{"detail":"Not Found"}` 404: no route matched, so the path is off.
pub const NO_ROUTE_MESSAGE: &str =
    "the path matched no route on this host: is baseUrl missing `/api/v2`?";

impl ApiErrorInfo {
    /// Reads an error response. `request_id_header` is the `X-Request-Id` header, used when
    /// the body carries no request id. Never fails: an unreadable body becomes the message.
    /// Bytes that are not UTF-8 read as U+FFFD, as `Response.text()` reads them.
    pub fn parse(status: u16, body: &[u8], request_id_header: Option<&str>) -> ApiErrorInfo {
        ApiErrorInfo::parse_text(status, &String::from_utf8_lossy(body), request_id_header)
    }

    /// [`ApiErrorInfo::parse`] of a body already decoded (the npm package's JS reads it with
    /// `Response.text()`, so the wasm needs no lossy decoder of its own).
    pub fn parse_text(status: u16, text: &str, request_id_header: Option<&str>) -> ApiErrorInfo {
        let mut message = String::from("HTTP ");
        json_text::push_decimal(&mut message, status.into());
        let mut info = ApiErrorInfo {
            kind: ErrorKind::from_status(status),
            status,
            message,
            request_id: None,
            code: None,
            error_code: None,
            details: JsonObject::new(),
            doc_url: None,
        };
        let trimmed = text.trim();
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(obj)) => info.read_object(&obj, trimmed),
            _ if looks_like_html(trimmed) => info.message = HTML_BODY_MESSAGE.into(),
            _ if !trimmed.is_empty() => info.message = trimmed.to_owned(),
            _ => {}
        }
        if info.request_id.is_none() {
            info.request_id = request_id_header.map(str::to_owned);
        }
        info
    }

    fn read_object(&mut self, obj: &JsonObject, body_text: &str) {
        let top_request_id = obj.get("request_id").and_then(Value::as_str);
        match obj.get("error") {
            Some(Value::String(message)) => self.message = message.clone(),
            Some(Value::Object(error)) => {
                let str_of = |key: &str| error.get(key).and_then(Value::as_str).map(str::to_owned);
                if let Some(Value::Object(details)) = error.get("details") {
                    self.details = details.clone();
                }
                let details_code =
                    self.details.get("error_code").and_then(Value::as_str).map(str::to_owned);
                self.message = str_of("message")
                    .or_else(|| detail_text(obj))
                    .unwrap_or_else(|| self.message.clone());
                self.request_id = str_of("request_id").or(top_request_id.map(str::to_owned));
                self.code = details_code.clone().or_else(|| str_of("code"));
                self.error_code = str_of("error_code").or(details_code);
                self.doc_url = str_of("doc_url");
            }
            Some(Value::Null) => self.message = body_text.to_owned(),
            _ => {
                self.request_id = top_request_id.map(str::to_owned);
                match detail_text(obj) {
                    Some(detail) if self.status == 404 && detail == "Not Found" => {
                        self.message = NO_ROUTE_MESSAGE.into()
                    }
                    Some(detail) => self.message = detail,
                    None => {}
                }
            }
        }
    }
}

/// FastAPI's `detail`: a string, or a list of validation problems made readable.
fn detail_text(obj: &JsonObject) -> Option<String> {
    match obj.get("detail")? {
        Value::String(text) => Some(text.clone()),
        Value::Array(items) => {
            let mut text = String::new();
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    text.push_str("; ");
                }
                match item.get("msg").and_then(Value::as_str) {
                    Some(msg) => text.push_str(msg),
                    None => json_text::push_value(&mut text, item),
                }
            }
            Some(text)
        }
        Value::Null => None,
        other => Some(json_text::to_text(other)),
    }
}

/// Whether the text starts like an HTML page, ASCII case ignored (compared in place: no
/// lowered copy of the body).
fn looks_like_html(text: &str) -> bool {
    let text = text.as_bytes();
    ["<!doctype html", "<html", "<head"].into_iter().any(|start| {
        text.get(..start.len()).is_some_and(|head| head.eq_ignore_ascii_case(start.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_map_matches_the_contract() {
        let cases = [
            (400, ErrorKind::Validation),
            (401, ErrorKind::Authentication),
            (402, ErrorKind::Billing),
            (403, ErrorKind::PermissionDenied),
            (404, ErrorKind::NotFound),
            (405, ErrorKind::Api),
            (408, ErrorKind::Api),
            (409, ErrorKind::Conflict),
            (422, ErrorKind::Validation),
            (429, ErrorKind::RateLimit),
            (500, ErrorKind::InternalServer),
            (503, ErrorKind::InternalServer),
        ];
        for (status, kind) in cases {
            assert_eq!(ErrorKind::from_status(status), kind, "{status}");
        }
    }

    #[test]
    fn envelope_round_trips() {
        let envelope = ErrorEnvelope::new(409, "duplicate", "req_1").with_error_code("dup");
        let body = serde_json::to_vec(&envelope).unwrap();
        let info = ApiErrorInfo::parse(409, &body, None);
        assert_eq!(info.kind, ErrorKind::Conflict);
        assert_eq!(info.message, "duplicate");
        assert_eq!(info.request_id.as_deref(), Some("req_1"));
        assert_eq!(info.error_code.as_deref(), Some("dup"));
        assert_eq!(info.code.as_deref(), None, "an int code is not a machine code");
    }

    #[test]
    fn details_error_code_is_the_code() {
        let body = br#"{"error":{"message":"m","code":402,"request_id":"r","details":{"error_code":"RUN_LIMIT_REACHED"}}}"#;
        let info = ApiErrorInfo::parse(402, body, None);
        assert_eq!(info.code.as_deref(), Some("RUN_LIMIT_REACHED"));
        assert_eq!(info.error_code.as_deref(), Some("RUN_LIMIT_REACHED"));
    }

    #[test]
    fn other_body_shapes() {
        let detail = ApiErrorInfo::parse(422, br#"{"detail":"bad limit","request_id":"r9"}"#, None);
        assert_eq!(
            (detail.message.as_str(), detail.request_id.as_deref()),
            ("bad limit", Some("r9"))
        );
        let string = ApiErrorInfo::parse(502, br#"{"error":"upstream down"}"#, Some("hdr"));
        assert_eq!(
            (string.message.as_str(), string.request_id.as_deref()),
            ("upstream down", Some("hdr"))
        );
        let html = ApiErrorInfo::parse(404, b"<!DOCTYPE html><html>nope</html>", None);
        assert_eq!(html.message, HTML_BODY_MESSAGE);
        for page in ["<HTML lang=en>", "<Head>", "<!doctype HTML>"] {
            assert_eq!(ApiErrorInfo::parse_text(502, page, None).message, HTML_BODY_MESSAGE);
        }
        assert_eq!(ApiErrorInfo::parse_text(502, "<htm", None).message, "<htm");
        let empty = ApiErrorInfo::parse(503, b"", None);
        assert_eq!(empty.message, "HTTP 503");
        let text = ApiErrorInfo::parse(500, b"oops", None);
        assert_eq!(text.message, "oops");
        let no_route = ApiErrorInfo::parse(404, br#"{"detail":"Not Found"}"#, None);
        assert_eq!(no_route.message, NO_ROUTE_MESSAGE);
        let list = ApiErrorInfo::parse(422, br#"{"detail":[{"msg":"field required"}]}"#, None);
        assert_eq!(list.message, "field required");
        let array = ApiErrorInfo::parse(500, b"[1,2]", None);
        assert_eq!(array.message, "[1,2]");
    }

    #[test]
    fn status_codes_and_detail_lists_are_written_in_full() {
        for status in [0, 7, 42, 404, 503, 65535] {
            assert_eq!(
                ApiErrorInfo::parse_text(status, "", None).message,
                format!("HTTP {status}")
            );
        }
        let body = r#"{"detail":[{"msg":"a"},{"loc":["x"]},{"msg":"b"}]}"#;
        assert_eq!(ApiErrorInfo::parse_text(422, body, None).message, r#"a; {"loc":["x"]}; b"#);
    }

    #[test]
    fn bytes_that_are_not_utf8_read_as_replacement_characters() {
        let info = ApiErrorInfo::parse(400, b"{\"error\":{\"message\":\"bad \xff\"}}", None);
        assert_eq!(info.message, "bad \u{FFFD}");
        assert_eq!(ApiErrorInfo::parse(500, b"oops \xff", None).message, "oops \u{FFFD}");
    }
}
