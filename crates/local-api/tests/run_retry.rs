//! `POST /runs/{id}/retry` over real HTTP (wire.md §10.6): a failed or cancelled run starts
//! again as a new run, linked both ways; a run that acted needs `confirm`; a retry still
//! executing is answered again instead of a second one.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::{streamed, wait_for_status, EventReader};
use serde_json::{json, Value};

async fn gated(server: &TestServer, tools: &[&str]) -> (EventReader, i64, String) {
    let body = json!({"message": "Check my inbox and post to #general: hi", "stream": true,
                      "tools": tools, "user_id": "ann", "human_in_the_loop": true,
                      "permission_mode": "approval"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let before = stream.until("awaiting_approval").await;
    let gate = Value::Object(before[before.len() - 2].raw.clone());
    (stream, before[0].run_id().unwrap(), gate["request_id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_failed_run_is_retried_as_a_new_linked_run() {
    let server = TestServer::start().await;
    let (events, _) = streamed(&server, json!({"message": "simulate:failure"})).await;
    let failed = events[0].run_id().unwrap();
    let before = json_of(server.get(&format!("/runs/{failed}")).await, 200).await;
    assert_eq!(
        (before["retryable"].as_bool(), before["repeats_actions"].as_bool()),
        (Some(true), Some(false))
    );
    let retry = json_of(server.post(&format!("/runs/{failed}/retry"), json!({})).await, 200).await;
    let retry_id = retry["id"].as_i64().unwrap();
    assert_ne!(retry_id, failed);
    assert_eq!(
        (retry["retry_of_run_id"].as_i64(), retry["retry_count"].as_u64()),
        (Some(failed), Some(1))
    );
    assert_eq!(retry["status"], "running");
    // It re-executes the same message, so it fails the same way.
    let done = wait_for_status(&server, retry_id, "failed").await;
    assert_eq!(done["error_code"], "simulated_failure");
    let original = json_of(server.get(&format!("/runs/{failed}")).await, 200).await;
    assert_eq!(original["retried_by_run_id"], retry_id);
    assert!(original["retried_at"].is_string());
    assert_eq!(original["status"], "failed", "the original stays failed");
    let messages = json_of(server.get(&format!("/runs/{retry_id}/messages")).await, 200).await;
    assert_eq!(messages[0]["content"], "simulate:failure");
    // A retry of the retry counts on.
    let again =
        json_of(server.post(&format!("/runs/{retry_id}/retry"), json!({})).await, 200).await;
    assert_eq!(again["retry_count"], 2);
    wait_for_status(&server, again["id"].as_i64().unwrap(), "failed").await;

    let (events, _) = streamed(&server, json!({"message": "hello"})).await;
    let completed = events[0].run_id().unwrap();
    let run = json_of(server.get(&format!("/runs/{completed}")).await, 200).await;
    assert_eq!(
        (run["retryable"].as_bool(), run["retry_blocked_reason"].as_str()),
        (Some(false), Some("run_not_failed"))
    );
    let refused =
        error_of(server.post(&format!("/runs/{completed}/retry"), json!({})).await, 409).await;
    assert_eq!(refused["details"]["error_code"], "run_not_retryable");
    error_of(server.post(&format!("/runs/{failed}/retry?confirm=maybe"), json!({})).await, 422)
        .await;
    error_of(server.post(&format!("/runs/{failed}/retry?force=true"), json!({})).await, 422).await;
    error_of(server.post("/runs/999/retry", json!({})).await, 404).await;
    let other = server.second_account("retry@example.com").await;
    let response = server
        .request_as(&other, reqwest::Method::POST, &format!("/runs/{failed}/retry"))
        .send()
        .await
        .unwrap();
    error_of(response, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn a_run_that_acted_needs_confirm_and_an_executing_retry_is_answered_again() {
    let server = TestServer::start().await;
    // gmail runs, then the run is cancelled at slack's gate: it acted.
    let (mut stream, acted, gate) = gated(&server, &["gmail", "slack"]).await;
    json_of(
        server
            .post(
                &format!("/runs/{acted}/approve"),
                json!({"request_id": gate, "decision": "allow", "remember": false}),
            )
            .await,
        200,
    )
    .await;
    stream.until("awaiting_approval").await;
    json_of(server.post(&format!("/runs/{acted}/cancel"), json!({})).await, 200).await;
    let run = json_of(server.get(&format!("/runs/{acted}")).await, 200).await;
    assert_eq!(run["repeats_actions"], true);
    let refused =
        error_of(server.post(&format!("/runs/{acted}/retry"), json!({})).await, 409).await;
    assert_eq!(refused["details"]["error_code"], "retry_needs_confirmation");
    error_of(
        server.post(&format!("/runs/{acted}/retry?user_id=bob&confirm=true"), json!({})).await,
        404,
    )
    .await;
    let retry = json_of(
        server.post(&format!("/runs/{acted}/retry?confirm=true&user_id=ann"), json!({})).await,
        200,
    )
    .await;
    let retry_id = retry["id"].as_i64().unwrap();
    assert_eq!(retry["user_id"], "ann", "the retry keeps the run's settings");
    assert_eq!(retry["permission_mode"], "approval");
    // The retry waits at its first gate: retrying again answers that same run.
    wait_for_status(&server, retry_id, "awaiting_approval").await;
    let same =
        json_of(server.post(&format!("/runs/{acted}/retry?confirm=true"), json!({})).await, 200)
            .await;
    assert_eq!(same["id"], retry_id);
    json_of(server.post(&format!("/runs/{retry_id}/cancel"), json!({})).await, 200).await;
    server.stop().await;
}
