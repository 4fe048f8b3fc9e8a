//! Errors as sentences a person can act on, from the client's typed error (never a raw dump,
//! never the API key: client errors do not carry it).

use m8tes_client_wasm::error::ClientError;
use m8tes_protocol::ErrorKind;
use serde_json::Value;

/// One human sentence for `err`.
#[inline(never)]
pub fn sentence(err: &ClientError) -> String {
    match err {
        ClientError::Api(failure) => {
            let info = &failure.info;
            let message = info.message.trim_end_matches('.');
            match info.kind {
                ErrorKind::NotFound => format!("Not found: {message}."),
                ErrorKind::RateLimit => match failure.retry_after {
                    // Whole seconds as an integer: float formatting costs wasm size.
                    Some(seconds) => format!(
                        "Too many requests: try again in {} s.",
                        seconds.ceil().max(1.0) as u64
                    ),
                    None => "Too many requests: wait a moment and try again.".into(),
                },
                ErrorKind::Validation => match field_of(&info.details) {
                    Some(field) => format!("Check “{field}”: {message}."),
                    None => format!("That was not accepted: {message}."),
                },
                ErrorKind::Authentication => {
                    "The API key was not accepted. Connect again with a valid key.".into()
                }
                ErrorKind::Billing => format!("Billing limit: {message}."),
                ErrorKind::PermissionDenied => format!("Not allowed: {message}."),
                ErrorKind::Conflict => format!("Conflict: {message}."),
                ErrorKind::InternalServer => {
                    format!("The server failed ({}): {message}. Try again.", info.status)
                }
                ErrorKind::Api => format!("The server answered {}: {message}.", info.status),
            }
        }
        ClientError::Connection { .. } => {
            "Could not reach the API: check the base URL and that the server is running.".into()
        }
        ClientError::Timeout { .. } => "The API took too long to answer. Try again.".into(),
        ClientError::MissingApiKey => "Enter an API key to connect.".into(),
        ClientError::InvalidRequest { message } => format!("Check the form: {message}."),
        ClientError::InvalidResponse { .. } => {
            "The server's answer could not be read: is the base URL an m8tes API?".into()
        }
        ClientError::StreamInterrupted { .. } => {
            "The live connection broke off; reload the page to rejoin the run.".into()
        }
        ClientError::UserAbort => "The request was stopped.".into(),
        ClientError::ReplayTerminal { .. } => "That run has already ended.".into(),
        ClientError::RunFailed { errors, .. } => format!("The run failed: {}.", errors.join("; ")),
        ClientError::PollTimeout { .. } => "The run did not finish in time.".into(),
        // Not a failure the console's calls produce; said plainly rather than dumped.
        _ => "The request failed unexpectedly. Try again.".into(),
    }
}

/// Whether the error means the key is no longer good, so the console must reconnect.
pub fn is_unauthorized(err: &ClientError) -> bool {
    err.kind() == Some(ErrorKind::Authentication)
}

/// The field a validation error names, from `details` (`field`, `param`, or FastAPI's `loc`).
fn field_of(details: &serde_json::Map<String, Value>) -> Option<String> {
    for key in ["field", "param"] {
        if let Some(Value::String(field)) = details.get(key) {
            return Some(field.clone());
        }
    }
    match details.get("loc") {
        Some(Value::Array(path)) => path.last().map(|part| match part {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use m8tes_client_wasm::error::ApiFailure;
    use m8tes_protocol::ApiErrorInfo;

    use super::*;

    fn api(status: u16, body: &str, retry_after: Option<f64>) -> ClientError {
        ClientError::Api(Box::new(ApiFailure {
            info: ApiErrorInfo::parse(status, body.as_bytes(), Some("req_1")),
            method: "POST".into(),
            path: "/teammates/".into(),
            headers: Vec::new(),
            retry_after,
        }))
    }

    #[test]
    fn rate_limits_say_how_long_to_wait() {
        let err = api(
            429,
            r#"{"error":{"type":"rate_limit_error","message":"Slow down","code":429,"request_id":"r"}}"#,
            Some(2.2),
        );
        assert_eq!(sentence(&err), "Too many requests: try again in 3 s.");
        assert_eq!(
            sentence(&api(429, "", None)),
            "Too many requests: wait a moment and try again."
        );
    }

    #[test]
    fn validation_names_the_field() {
        let body = r#"{"error":{"type":"invalid_request_error","message":"must not be empty","code":422,"request_id":"r","details":{"field":"name"}}}"#;
        assert_eq!(sentence(&api(422, body, None)), "Check “name”: must not be empty.");
        let fastapi = r#"{"detail":[{"loc":["body","url"],"msg":"must be https"}]}"#;
        assert_eq!(sentence(&api(422, fastapi, None)), "That was not accepted: must be https.");
    }

    #[test]
    fn not_found_and_unreachable_read_as_sentences() {
        let body = r#"{"error":{"type":"not_found_error","message":"Teammate 9 not found","code":404,"request_id":"r"}}"#;
        assert_eq!(sentence(&api(404, body, None)), "Not found: Teammate 9 not found.");
        let offline = ClientError::Connection { message: "Failed to fetch".into() };
        assert!(sentence(&offline).starts_with("Could not reach the API"));
    }

    #[test]
    fn only_a_401_means_reconnect() {
        assert!(is_unauthorized(&api(401, "", None)));
        assert!(!is_unauthorized(&api(403, "", None)));
        assert!(!is_unauthorized(&ClientError::MissingApiKey));
    }
}
