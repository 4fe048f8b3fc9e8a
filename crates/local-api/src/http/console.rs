//! The built console at `/`: its files (a single-page app, so unknown paths get `index.html`),
//! each answered with a Content-Security-Policy and frame protection, so agent output that
//! slipped into the page could neither run script nor be framed by another site.
//!
//! The policy allows what a Trunk build needs: its module script and wasm from this origin
//! (`'wasm-unsafe-eval'` to compile the wasm), and its inline start-up script by the SHA-256 of
//! its text, read from `index.html` at start (the text names hashed file names, so it changes
//! with every build).

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::services::{ServeDir, ServeFile};

/// The console's files under `dir`, with their security headers.
pub fn service(dir: &Path) -> Router {
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
    let policy = HeaderValue::from_str(&policy(&index))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"));
    let spa = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
    Router::new().fallback_service(spa).layer(middleware::from_fn(
        move |request: Request, next: Next| {
            let policy = policy.clone();
            async move { with_headers(next.run(request).await, policy) }
        },
    ))
}

fn with_headers(mut response: Response, policy: HeaderValue) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// The policy for a page whose inline scripts are those of `index`. The console may be
/// pointed at another m8tes API (its connection form takes a base URL), so `connect-src`
/// also allows https and local servers.
pub fn policy(index: &str) -> String {
    let hashes: String = inline_scripts(index)
        .map(|script| format!(" 'sha256-{}'", sha256_base64(script)))
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self' https: http://localhost:* http://127.0.0.1:*; \
         base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'"
    )
}

/// The text of each `<script>` element without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, body) = rest.split_once('>')?;
        let text = &body[..body.find("</script>")?];
        (!attributes.contains("src=") && !text.is_empty()).then_some(text)
    })
}

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::policy;

    #[test]
    fn inline_scripts_are_allowed_by_hash_only() {
        let page = "<head><script type=\"module\">init()</script><script src=\"/a.js\"></script>";
        let csp = policy(page);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-w4ujnOpjBoH2vcasx+reJRUwYivG8Q3afx/XevGJod8=';"), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 1, "{csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
    }
}
