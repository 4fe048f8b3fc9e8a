//! Bad input gets a typed error envelope and the server goes on: oversized bodies, invalid
//! UTF-8 and lone surrogates in JSON strings, bodies of the wrong JSON type or content type,
//! ids out of range, bad paging values. After each, a good request still works (a panic would
//! drop the connection instead).

mod common;

use common::{error_of, json_of, TestServer};
use reqwest::Method;
use serde_json::json;

/// Over axum's 2 MiB body limit.
fn oversized() -> Vec<u8> {
    let mut body = b"{\"name\": \"".to_vec();
    body.extend(std::iter::repeat_n(b'a', 3 * 1024 * 1024));
    body.extend_from_slice(b"\"}");
    body
}

async fn still_serving(server: &TestServer) {
    json_of(server.get("/settings").await, 200).await;
}

#[tokio::test]
async fn bodies_too_large_are_413_envelopes() {
    let server = TestServer::start().await;
    for path in ["/teammates", "/runs", "/webhooks"] {
        let response = server.request(Method::POST, path).body(oversized()).send().await.unwrap();
        let error = error_of(response, 413).await;
        assert_eq!(error["message"], "the request body is larger than 2097152 bytes", "{path}");
    }
    // An inbound webhook has no key and a raw body: still the envelope, not axum's text.
    let mate = json_of(server.post("/teammates", json!({"name": "Ops"})).await, 201).await;
    let hook = json_of(
        server
            .request(Method::POST, &format!("/teammates/{}/webhook", mate["id"]))
            .send()
            .await
            .unwrap(),
        201,
    )
    .await;
    let url = hook["url"].as_str().unwrap();
    error_of(server.http.post(url).body(oversized()).send().await.unwrap(), 413).await;
    let mail = server.http.post(server.url("/inbound/email")).body(oversized());
    error_of(mail.header("content-type", "application/json").send().await.unwrap(), 413).await;
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn malformed_json_is_a_422_envelope() {
    let server = TestServer::start().await;
    let bodies: [&[u8]; 7] = [
        b"{\"name\": \"\xff\xfe\"}", // invalid UTF-8 inside a string
        b"{\"name\": \"\\ud800\"}",  // a lone surrogate escape
        b"{\"name\": \"x\"",         // cut short
        b"[]",                       // not an object
        b"null",
        b"{\"name\": 5}",                    // wrong type
        b"{\"name\": \"x\", \"tools\": {}}", // wrong type in a list field
    ];
    for body in bodies {
        let response =
            server.request(Method::POST, "/teammates").body(body.to_vec()).send().await.unwrap();
        error_of(response, 422).await;
    }
    let deep = format!(
        "{{\"message\": \"x\", \"metadata\": {}1{}}}",
        "{\"a\":".repeat(500),
        "}".repeat(500)
    );
    error_of(server.request(Method::POST, "/runs").body(deep).send().await.unwrap(), 422).await;
    let huge_id = br#"{"message": "x", "teammate_id": 18446744073709551615}"#.to_vec();
    error_of(server.request(Method::POST, "/runs").body(huge_id).send().await.unwrap(), 422).await;
    still_serving(&server).await;
    server.stop().await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_by_its_content_type() {
    let server = TestServer::start().await;
    for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
        let mut request = server
            .http
            .post(server.url("/teammates"))
            .bearer_auth(common::KEY)
            .body("{\"name\":\"x\"}");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let error = error_of(request.send().await.unwrap(), 422).await;
        assert_eq!(error["message"], "Expected request with `Content-Type: application/json`");
    }
    // A charset parameter is still JSON.
    let request = server
        .http
        .post(server.url("/teammates"))
        .bearer_auth(common::KEY)
        .header("content-type", "application/json; charset=utf-8")
        .body("{\"name\":\"x\"}");
    json_of(request.send().await.unwrap(), 201).await;
    server.stop().await;
}

#[tokio::test]
async fn ids_and_paging_values_out_of_range() {
    let server = TestServer::start().await;
    for (path, status) in [
        ("/teammates/-1", 404),
        ("/runs/0", 404),
        ("/tasks/9223372036854775807", 404),
        ("/teammates/99999999999999999999", 422),
        ("/runs/abc", 422),
        ("/runs/1.5", 422),
        ("/teammates?limit=0", 422),
        ("/teammates?limit=101", 422),
        ("/teammates?limit=-1", 422),
        ("/teammates?limit=abc", 422),
        ("/runs?limit=99999999999", 422),
        ("/teammates?starting_after=abc", 422),
        ("/memories?user_id=ann&starting_after=1e3", 422),
        ("/memories?user_id=", 422),
        ("/runs?status=sleeping", 422),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        error_of(response, status).await;
    }
    // Extreme but well-formed cursors just page.
    for path in [
        "/teammates?starting_after=-9223372036854775808",
        "/runs?starting_after=9223372036854775807&limit=100",
    ] {
        let page = json_of(server.get(path).await, 200).await;
        assert_eq!(page["has_more"], false, "{path}");
    }
    let cancel = server.request(Method::POST, "/runs/-5/cancel").send().await.unwrap();
    error_of(cancel, 404).await;
    let bad_key = server
        .http
        .post(server.url("/runs"))
        .bearer_auth(common::KEY)
        .header("idempotency-key", "k".repeat(256))
        .json(&json!({"message": "x", "stream": false}))
        .send()
        .await
        .unwrap();
    error_of(bad_key, 422).await;
    still_serving(&server).await;
    server.stop().await;
}
