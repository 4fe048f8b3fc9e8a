//! The server's frame: auth, the error envelope with request ids, unknown routes, CORS.

mod common;

use common::{error_of, TestServer, KEY};

#[tokio::test]
async fn requests_without_a_valid_key_are_401_envelopes() {
    let server = TestServer::start().await;
    let no_key = server.http.get(server.url("/usage")).send().await.unwrap();
    error_of(no_key, 401).await;
    let wrong = server.http.get(server.url("/usage")).bearer_auth("m8_wrong").send().await.unwrap();
    let error = error_of(wrong, 401).await;
    assert!(!error.to_string().contains("m8_wrong"), "a key never appears in an error");
    assert_eq!(error["message"], "Invalid API key");
    // A header that is there but not a bearer key says so, without repeating it.
    for value in
        [&b"Basic m8_secret_value"[..], b"Bearer   ", b"m8_secret_value", b"Bearer m8_\xff"]
    {
        let response = server
            .http
            .get(server.url("/usage"))
            .header("authorization", reqwest::header::HeaderValue::from_bytes(value).unwrap())
            .send()
            .await
            .unwrap();
        let error = error_of(response, 401).await;
        assert!(error["message"].as_str().unwrap().starts_with("Malformed Authorization header"));
        assert!(!error.to_string().contains("m8_secret_value"));
    }
    server.stop().await;
}

#[tokio::test]
async fn unknown_paths_are_404_envelopes() {
    let server = TestServer::start().await;
    error_of(server.get("/no-such-thing").await, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn cors_preflight_allows_the_sdk_headers() {
    let server = TestServer::start().await;
    let response = server
        .http
        .request(reqwest::Method::OPTIONS, server.url("/runs/"))
        .header("origin", "http://127.0.0.1:9999")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization,content-type,idempotency-key")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], "http://127.0.0.1:9999");
    let allowed = headers["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    for name in ["authorization", "content-type", "idempotency-key"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    let _ = KEY;
    server.stop().await;
}
