//! Webhook endpoints of one end user (SDK 4.49 `webhooks.create(user_id=…)`): such an endpoint
//! receives only that end user's runs' events, never another end user's nor account-level
//! ones; by-id routes with `?user_id=` hide another end user's endpoint, and lists filter.

mod common;
mod run_support;

use std::time::Duration;

use common::receiver::Receiver;
use common::{error_of, json_of, TestServer};
use run_support::{streamed, teammate, DEADLINE};
use serde_json::{json, Value};

async fn endpoint(server: &TestServer, url: &str, user_id: Option<&str>) -> Value {
    let mut body = json!({"url": url, "events": ["run.completed"]});
    if let Some(user_id) = user_id {
        body["user_id"] = json!(user_id);
    }
    json_of(server.post("/webhooks/", body).await, 201).await
}

/// The run ids the endpoint has deliveries for, once there are `count` of them.
async fn delivered_runs(server: &TestServer, id: i64, count: usize) -> Vec<i64> {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let page = json_of(server.get(&format!("/webhooks/{id}/deliveries")).await, 200).await;
        let runs: Vec<i64> = page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["run_id"].as_i64().unwrap())
            .collect();
        if runs.len() >= count {
            return runs;
        }
        assert!(tokio::time::Instant::now() < deadline, "endpoint {id} has only {runs:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn run_for(server: &TestServer, teammate_id: i64, user_id: Option<&str>) -> i64 {
    let mut body = json!({"teammate_id": teammate_id, "message": "hello", "stream": true});
    if let Some(user_id) = user_id {
        body["user_id"] = json!(user_id);
    }
    let (events, _) = streamed(server, body).await;
    events.iter().find_map(|e| e.run_id()).expect("a run id in the stream")
}

#[tokio::test]
async fn an_end_users_endpoint_gets_only_that_end_users_runs() {
    let server = TestServer::start().await;
    let receiver = Receiver::start().await;
    let account_wide = endpoint(&server, &receiver.url, None).await;
    let alice = endpoint(&server, &receiver.url, Some("alice")).await;
    let bob = endpoint(&server, &receiver.url, Some("bob")).await;
    assert_eq!(account_wide["user_id"], Value::Null);
    assert_eq!(alice["user_id"], "alice");
    assert_eq!(alice["secret"].as_str().unwrap().len(), 64, "shown in full at creation");

    let mate = teammate(&server, &[]).await;
    let account_run = run_for(&server, mate, None).await;
    let alice_run = run_for(&server, mate, Some("alice")).await;

    // Both runs completed, so every delivery row for both is written by now.
    let mut all = delivered_runs(&server, account_wide["id"].as_i64().unwrap(), 2).await;
    all.sort();
    assert_eq!(all, [account_run, alice_run], "an account-level endpoint sees every run");
    let alices = delivered_runs(&server, alice["id"].as_i64().unwrap(), 1).await;
    assert_eq!(alices, [alice_run], "alice's endpoint sees alice's run only");
    let bobs = delivered_runs(&server, bob["id"].as_i64().unwrap(), 0).await;
    assert!(bobs.is_empty(), "bob's endpoint sees nothing: {bobs:?}");
    server.stop().await;
}

#[tokio::test]
async fn by_id_routes_and_lists_follow_the_end_user() {
    let server = TestServer::start().await;
    let account_wide = endpoint(&server, "http://example.com/a", None).await;
    let alice = endpoint(&server, "http://example.com/b", Some("alice")).await;
    let alice_id = alice["id"].as_i64().unwrap();

    let listed = json_of(server.get("/webhooks/?user_id=alice").await, 200).await;
    let ids: Vec<&Value> = listed["data"].as_array().unwrap().iter().map(|w| &w["id"]).collect();
    assert_eq!(ids, [&alice["id"]]);
    let everything = json_of(server.get("/webhooks/").await, 200).await;
    assert_eq!(everything["data"].as_array().unwrap().len(), 2, "no user_id: every endpoint");

    let shown =
        json_of(server.get(&format!("/webhooks/{alice_id}?user_id=alice")).await, 200).await;
    assert_eq!(shown["user_id"], "alice");
    assert!(shown["secret"].as_str().unwrap().ends_with("..."), "masked after creation");
    error_of(server.get(&format!("/webhooks/{alice_id}?user_id=bob")).await, 404).await;
    let account_id = account_wide["id"].as_i64().unwrap();
    error_of(server.get(&format!("/webhooks/{account_id}?user_id=alice")).await, 404).await;

    let path = format!("/webhooks/{alice_id}?user_id=bob");
    error_of(server.patch(&path, json!({"active": false})).await, 404).await;
    error_of(server.get(&format!("/webhooks/{alice_id}/deliveries?user_id=bob")).await, 404).await;
    error_of(server.delete(&path).await, 404).await;
    let path = format!("/webhooks/{alice_id}?user_id=alice");
    let paused = json_of(server.patch(&path, json!({"active": false})).await, 200).await;
    assert_eq!(
        (paused["active"].clone(), paused["user_id"].clone()),
        (json!(false), json!("alice"))
    );
    assert_eq!(server.delete(&path).await.status(), 204);

    let blank = json!({"url": "http://example.com/c", "user_id": "  "});
    let error = error_of(server.post("/webhooks/", blank).await, 422).await;
    assert!(error["message"].as_str().unwrap().contains("user_id"), "{error}");
    error_of(server.get("/webhooks/?owner=alice").await, 422).await;

    let other = server.second_account("other@example.com").await;
    let foreign = server
        .request_as(&other, reqwest::Method::GET, &format!("/webhooks/{account_id}"))
        .send()
        .await
        .unwrap();
    error_of(foreign, 404).await;
    server.stop().await;
}
