//! One log line per request through tower-http's `TraceLayer`: method, path, status, latency
//! and the request id the answer carries in `X-Request-Id` (and an error in its body), so a
//! user can match an error to its line. Headers and query strings are never logged, and the
//! secret segment of an inbound trigger URL is masked: no key or secret reaches the log.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use tower_http::trace::TraceLayer;
use tracing::Span;

/// The id [`super::error::request_id`] gives a request, for the layers inside it.
#[derive(Clone)]
pub struct RequestId(pub String);

/// Wraps `router` so each request is logged when its answer starts (a stream's line is written
/// when the stream opens).
pub fn around(router: Router) -> Router {
    router.layer(
        TraceLayer::new_for_http()
            .make_span_with(|request: &Request<Body>| {
                let request_id =
                    request.extensions().get::<RequestId>().map_or("", |id| id.0.as_str());
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %loggable_path(request.uri().path()),
                    request_id = %request_id,
                )
            })
            .on_request(())
            .on_response(|response: &Response<Body>, latency: Duration, _span: &Span| {
                tracing::info!(
                    status = response.status().as_u16(),
                    latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
                    "answered"
                );
            }),
    )
}

/// The path with the secret of `/inbound/webhooks/{kind}/{id}/{token}` replaced by `***`.
pub fn loggable_path(path: &str) -> String {
    const INBOUND: &str = "/api/v2/inbound/webhooks/";
    match path.strip_prefix(INBOUND) {
        Some(rest) => {
            let mut segments: Vec<&str> = rest.split('/').collect();
            if segments.len() >= 3 {
                segments[2] = "***";
            }
            format!("{INBOUND}{}", segments.join("/"))
        }
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn inbound_secrets_are_masked_and_other_paths_kept() {
        assert_eq!(
            loggable_path("/api/v2/inbound/webhooks/tasks/7/whsec_abc"),
            "/api/v2/inbound/webhooks/tasks/7/***"
        );
        assert_eq!(loggable_path("/api/v2/runs/3/stream"), "/api/v2/runs/3/stream");
    }
}
