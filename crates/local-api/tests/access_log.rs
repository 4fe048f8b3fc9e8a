//! The binary as a developer runs it (issue 13): `--version`, options from `M8TES_LOCAL_*`,
//! and one JSON access-log line per request that carries the same request id as the answer's
//! `X-Request-Id`, so an error can be matched to its line; never the key or a trigger secret.

mod common;

use std::process::Command;

use common::process::{Process, BIN};
use serde_json::Value;

const KEY: &str = "m8_access_log_test_key_0123456789";

fn start() -> Process {
    Process::start(
        &[
            ("M8TES_LOCAL_PORT", "0"),
            ("M8TES_LOCAL_MEMORY", "1"),
            ("M8TES_LOCAL_SPEED", "instant"),
            ("M8TES_LOCAL_API_KEY", KEY),
            ("M8TES_LOCAL_LOG_FORMAT", "json"),
            ("M8TES_LOCAL_CONSOLE_DIR", "/nonexistent"),
        ],
        &[],
    )
}

fn line_for(lines: &[String], request_id: &str) -> Option<Value> {
    lines
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|entry| entry["span"]["request_id"] == request_id)
}

#[test]
fn version_prints_the_package_version() {
    let output = Command::new(BIN).arg("--version").output().expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(text.trim(), format!("m8tes-local {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_shows_each_option_with_its_environment_variable() {
    let output = Command::new(BIN).arg("--help").output().expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for name in ["M8TES_LOCAL_PORT", "M8TES_LOCAL_DATA_DIR", "M8TES_LOCAL_LOG_FORMAT"] {
        assert!(text.contains(&format!("[env: {name}]")), "{name} missing:\n{text}");
    }
}

#[tokio::test]
async fn each_request_is_one_json_line_with_the_answers_request_id_and_no_secret() {
    let server = start();
    let http = reqwest::Client::new();
    let missing = http
        .get(format!("{}/teammates/999999", server.base))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("answered");
    assert_eq!(missing.status(), 404);
    let header_id = missing.headers()["x-request-id"].to_str().expect("ascii").to_owned();
    let body: Value = missing.json().await.expect("json");
    assert_eq!(body["error"]["request_id"], header_id.as_str());
    let inbound = http
        .post(format!("{}/inbound/webhooks/tasks/1/whsec_not_logged", server.base))
        .body("{}")
        .send()
        .await
        .expect("answered");
    let inbound_id = inbound.headers()["x-request-id"].to_str().expect("ascii").to_owned();

    let lines = server.log_until(|seen| {
        line_for(seen, &header_id).is_some() && line_for(seen, &inbound_id).is_some()
    });
    let entry = line_for(&lines, &header_id).unwrap_or_else(|| panic!("no line: {lines:#?}"));
    assert_eq!(entry["span"]["method"], "GET");
    assert_eq!(entry["span"]["path"], "/api/v2/teammates/999999");
    assert_eq!(entry["fields"]["status"], 404);
    assert!(entry["fields"]["latency_ms"].is_u64(), "{entry}");
    assert_eq!(entry["level"], "INFO");
    let inbound_entry = line_for(&lines, &inbound_id).expect("the inbound request is logged");
    assert_eq!(inbound_entry["span"]["path"], "/api/v2/inbound/webhooks/tasks/1/***");
    let log = lines.join("\n");
    assert!(!log.contains(KEY), "the key reached the log");
    assert!(!log.contains("whsec_not_logged"), "a trigger secret reached the log");
}
