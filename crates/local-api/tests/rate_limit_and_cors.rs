//! Per-key rate limiting (429 + Retry-After) and CORS on real responses (D13).

mod common;

use common::{error_of, json_of, test_config, TestServer};
use reqwest::Method;

#[tokio::test]
async fn a_key_over_its_limit_gets_429_with_retry_after() {
    let server = TestServer::start_with(m8tes_local_api::Config {
        rate_limit_per_minute: Some(3),
        ..test_config()
    })
    .await;
    for _ in 0..3 {
        json_of(server.get("/settings").await, 200).await;
    }
    let limited = server.get("/teammates/").await;
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let error = error_of(limited, 429).await;
    assert_eq!(error["error_code"], "rate_limited");
    assert_eq!(error["type"], "rate_limit_error");

    // The window is per key: another account's key is not held back.
    let other = server.second_account("o@x.io").await;
    let theirs = server.request_as(&other, Method::GET, "/settings").send().await.unwrap();
    json_of(theirs, 200).await;
    server.stop().await;
}

#[tokio::test]
async fn no_limit_by_default() {
    let server = TestServer::start().await;
    for _ in 0..50 {
        json_of(server.get("/settings").await, 200).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn responses_carry_cors_headers_for_browser_clients() {
    let server = TestServer::start().await;
    let origin = "http://127.0.0.1:5173";
    let ok = server.request(Method::GET, "/usage/").header("origin", origin).send().await.unwrap();
    assert_eq!(ok.headers()["access-control-allow-origin"], origin);
    let exposed =
        ok.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    for name in ["x-request-id", "retry-after", "idempotent-replay"] {
        assert!(exposed.contains(name), "{exposed}");
    }
    json_of(ok, 200).await;

    // Errors too, or a browser could not read the envelope.
    let denied =
        server.http.get(server.url("/usage/")).header("origin", origin).send().await.unwrap();
    assert_eq!(denied.headers()["access-control-allow-origin"], origin);
    error_of(denied, 401).await;

    let preflight = server
        .http
        .request(Method::OPTIONS, server.url("/teammates/1"))
        .header("origin", origin)
        .header("access-control-request-method", "PATCH")
        .header("access-control-request-headers", "authorization,content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    let methods = preflight.headers()["access-control-allow-methods"].to_str().unwrap().to_owned();
    for method in ["GET", "POST", "PATCH", "DELETE"] {
        assert!(methods.contains(method), "{methods}");
    }
    server.stop().await;
}
