//! Extractors that answer bad input with the API's own 422 envelope instead of axum's plain
//! text rejections: JSON bodies, query strings (unknown keys refused, wire.md §8.13), and
//! path parameters.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::http::error::ApiError;

/// A JSON body; a malformed or mistyped one is a 422 that says what is wrong, one over the
/// size limit a 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = request.into_parts();
        let ApiBytes(bytes) =
            ApiBytes::from_request(Request::from_parts(parts.clone(), body), state).await?;
        if has_escaped_nul(&bytes) {
            return Err(no_nul());
        }
        if !is_object_or_empty(&bytes) {
            return Err(ApiError::validation("the body must be a JSON object"));
        }
        let request = Request::from_parts(parts, axum::body::Body::from(bytes));
        axum::Json::<T>::from_request(request, state)
            .await
            .map(|axum::Json(value)| ApiJson(value))
            .map_err(|rejection: JsonRejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    ApiError::validation(rejection.body_text())
                }
            })
    }
}

/// Whether a JSON text holds a NUL character. JSON can carry one only as the escape `\u0000`
/// inside a string; each escape is skipped whole, so `\\u0000` (a backslash, then text) is not
/// one.
fn has_escaped_nul(json: &[u8]) -> bool {
    let mut at = 0;
    while at < json.len() {
        if json[at] == b'\\' {
            if json[at + 1..].starts_with(b"u0000") {
                return true;
            }
            at += 2;
        } else {
            at += 1;
        }
    }
    false
}

/// Whether a JSON text is an object (or nothing, which the parser refuses on its own). serde
/// also reads a struct from an array of its fields in order, so `[true]` would otherwise be
/// taken for `{"company_research": true}`.
fn is_object_or_empty(json: &[u8]) -> bool {
    json.iter().find(|byte| !byte.is_ascii_whitespace()).is_none_or(|&byte| byte == b'{')
}

/// NUL cuts strings short in C, in logs and in many databases' clients: no text takes one.
fn no_nul() -> ApiError {
    ApiError::validation("text may not contain NUL characters (\\u0000)")
}

/// Whether a URL's path or query encodes a NUL (a raw one cannot appear in a URL).
fn encodes_nul(text: Option<&str>) -> bool {
    text.is_some_and(|text| text.contains("%00"))
}

/// A raw body (what an inbound webhook carries), answered with the envelope when it cannot be
/// read.
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(request, state).await.map(ApiBytes).map_err(
            |rejection: BytesRejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    ApiError::bad_request(rejection.body_text())
                }
            },
        )
    }
}

/// A `multipart/form-data` body; a request that is not one (another content type, no
/// boundary) is a 422 envelope, not axum's plain-text 400.
pub struct ApiMultipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        axum::extract::Multipart::from_request(request, state).await.map(ApiMultipart).map_err(
            |rejection: axum::extract::multipart::MultipartRejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    ApiError::validation(format!(
                        "the body must be multipart/form-data: {}",
                        rejection.body_text()
                    ))
                }
            },
        )
    }
}

fn too_large() -> ApiError {
    ApiError::too_large(format!("the request body is larger than {} bytes", BODY_LIMIT))
}

/// axum's default body limit, which every body extractor here keeps.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A query string; unknown keys are refused by the params types' `deny_unknown_fields`.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if encodes_nul(parts.uri.query()) {
            return Err(no_nul());
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection: QueryRejection| {
                let text = rejection.body_text();
                let message = match text.split_once("unknown field `") {
                    Some((_, rest)) => {
                        let name = rest.split('`').next().unwrap_or_default();
                        format!("Unknown query parameter: {name}")
                    }
                    None => text,
                };
                ApiError::validation(message)
            })
    }
}

/// For a route that takes no query: any key is refused as unknown (wire.md §8.13), so a
/// misspelt filter is an error rather than silently ignored.
pub struct NoQuery;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoKeys {}

impl<S: Send + Sync> FromRequestParts<S> for NoQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        ApiQuery::<NoKeys>::from_request_parts(parts, state).await.map(|_| NoQuery)
    }
}

/// Path parameters; an id that is not a number is a 422, as FastAPI answers.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if encodes_nul(Some(parts.uri.path())) {
            return Err(no_nul());
        }
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection: PathRejection| ApiError::validation(rejection.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::{has_escaped_nul, is_object_or_empty};

    #[test]
    fn only_an_object_is_a_body() {
        assert!(is_object_or_empty(b" \n{\"a\":1}"));
        assert!(is_object_or_empty(b""));
        assert!(!is_object_or_empty(b"[]"));
        assert!(!is_object_or_empty(b" [true]"));
        assert!(!is_object_or_empty(b"\"text\""));
    }

    #[test]
    fn only_a_real_escape_is_a_nul() {
        assert!(has_escaped_nul(br#"{"name":"a\u0000b"}"#));
        assert!(!has_escaped_nul(br#"{"name":"a\\u0000b"}"#));
        assert!(has_escaped_nul(br#"{"name":"a\\\u0000b"}"#));
        assert!(!has_escaped_nul(br#"{"name":"a\u0001b"}"#));
        assert!(!has_escaped_nul(br#"{"name":"ends with \"#));
    }
}
