//! One regression test for each server bug the `schemathesis` stage found by fuzzing the API
//! through its OpenAPI document.

mod common;

use common::{error_of, json_of, TestServer};
use reqwest::Method;
use serde_json::json;

/// serde reads a struct from an array of its fields in order, so `PATCH /settings/ [true]`
/// changed `company_research` and `POST /runs/ ["hi"]` started a run: every JSON body must be
/// an object.
#[tokio::test]
async fn a_json_array_is_not_a_body() {
    let server = TestServer::start().await;
    let before = json_of(server.get("/settings/").await, 200).await;
    for (method, path, body) in [
        (Method::PATCH, "/settings/", "[]"),
        (Method::PATCH, "/settings/", "[true]"),
        (Method::PATCH, "/settings/", "[false]"),
        (Method::POST, "/runs/", r#"["hi", false]"#),
        (Method::POST, "/teammates/", r#"["a name"]"#),
        (Method::POST, "/users/", r#"["alice"]"#),
    ] {
        let response = server.request(method.clone(), path).body(body).send().await.unwrap();
        let error = error_of(response, 422).await;
        assert!(
            error["message"].as_str().unwrap().contains("JSON object"),
            "{method} {path}: {error}"
        );
    }
    assert_eq!(json_of(server.get("/settings/").await, 200).await, before);
    let runs = json_of(server.get("/runs/").await, 200).await;
    assert_eq!(runs["data"], json!([]), "no run was started");
    // An object with whitespace before it is still a body.
    let response = server.request(Method::PATCH, "/settings/").body(" \n{}").send().await.unwrap();
    json_of(response, 200).await;
    server.stop().await;
}

/// A request to a multipart route that is not multipart (no body, JSON, no boundary) was
/// answered by axum's plain-text 400, outside the error envelope every answer carries (D7).
#[tokio::test]
async fn a_body_that_is_not_multipart_is_an_envelope() {
    let server = TestServer::start().await;
    for (path, content_type) in [
        ("/runs/with-files", None),
        ("/runs/with-files", Some("application/json")),
        ("/runs/with-files", Some("multipart/form-data")),
        ("/runs/1/reply/with-files", None),
    ] {
        let mut request = server.http.post(server.url(path)).bearer_auth(common::KEY);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type).body("{}");
        }
        let error = error_of(request.send().await.unwrap(), 422).await;
        assert!(error["message"].as_str().unwrap().contains("multipart"), "{path}: {error}");
    }
    server.stop().await;
}
