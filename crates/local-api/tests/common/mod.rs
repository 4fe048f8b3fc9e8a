//! Starts a real server on an ephemeral loopback port for a test, with a known key, an
//! in-memory store and the instant agent, and talks to it over real HTTP.
#![allow(dead_code)] // each test file uses part of this

pub mod receiver;

use m8tes_local_api::RunningServer;
use m8tes_local_api::{Config, Speed};
use serde_json::Value;

pub const KEY: &str = "m8_test_0123456789abcdef0123456789abcdef";

pub struct TestServer {
    pub server: RunningServer,
    pub http: reqwest::Client,
    /// `http://127.0.0.1:PORT/api/v2`
    pub base: String,
}

pub fn test_config() -> Config {
    Config {
        port: 0,
        data_dir: None,
        api_keys: vec![KEY.into()],
        speed: Speed::Instant,
        ..Config::default()
    }
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(test_config()).await
    }

    pub async fn start_with(config: Config) -> TestServer {
        let server = m8tes_local_api::start(config).await.expect("server starts");
        let base = server.base_url();
        TestServer { server, http: reqwest::Client::new(), base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request with the test key, like an SDK sends it.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(KEY)
            .header("content-type", "application/json")
    }

    /// A request with another account's key.
    pub fn request_as(
        &self,
        key: &str,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(key)
            .header("content-type", "application/json")
    }

    /// Signs up a fresh account and returns its key.
    pub async fn second_account(&self, email: &str) -> String {
        let body = serde_json::json!({
            "email": email, "password": "hunter2hunter2", "first_name": "Other", "last_name": ""
        });
        let response = self.http.post(self.url("/signup")).json(&body).send().await.unwrap();
        json_of(response, 201).await["api_key"].as_str().expect("api_key").to_owned()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path).send().await.expect("request sent")
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.request(reqwest::Method::POST, path).json(&body).send().await.expect("request sent")
    }

    pub async fn patch(&self, path: &str, body: Value) -> reqwest::Response {
        self.request(reqwest::Method::PATCH, path).json(&body).send().await.expect("request sent")
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::DELETE, path).send().await.expect("request sent")
    }

    pub async fn stop(self) {
        self.server.stop().await.expect("clean stop");
    }
}

/// Reads a JSON body, asserting the status first (the body is printed when it differs).
pub async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let text = response.text().await.expect("body");
    assert_eq!(got, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Asserts the D7 envelope with its request id, and returns `error`.
pub async fn error_of(response: reqwest::Response, status: u16) -> Value {
    let header_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .expect("X-Request-Id on every response");
    let body = json_of(response, status).await;
    let error = body["error"].clone();
    assert_eq!(error["code"], status, "{body}");
    assert_eq!(error["request_id"], header_id.as_str(), "{body}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(error["type"].is_string(), "{body}");
    // SDK 4.49 reads `exc.code` from `details.error_code` (wire.md §10.1): both carry it.
    if let Some(code) = error.get("error_code") {
        assert_eq!(error["details"]["error_code"], *code, "{body}");
    }
    error
}
