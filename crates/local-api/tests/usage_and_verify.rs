//! SDK 4.49's `users.usage` (`GET /usage/end-users`) and `auth.is_verified`
//! (`GET /verify/status`) over real HTTP.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::wait_for_status;
use serde_json::{json, Value};

async fn run_for(server: &TestServer, user_id: &str) {
    let body = json!({"message": "hello", "stream": false, "user_id": user_id});
    let run = json_of(server.post("/runs/", body).await, 200).await;
    wait_for_status(server, run["id"].as_i64().unwrap(), "completed").await;
}

#[tokio::test]
async fn usage_is_rolled_up_per_end_user() {
    let server = TestServer::start().await;
    run_for(&server, "alice").await;
    run_for(&server, "alice").await;
    run_for(&server, "bob").await;
    json_of(server.post("/users/", json!({"user_id": "carol"})).await, 201).await;
    json_of(server.patch("/settings", json!({"per_end_user_run_limit": 10})).await, 200).await;

    let all = json_of(server.get("/usage/end-users").await, 200).await;
    let rows = all["data"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|u| u["user_id"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice", "bob", "carol"], "a run gives its end user a profile");
    let alice = &rows[0];
    assert_eq!(alice["runs_used"], 2);
    assert!(alice["cost_used"].as_str().unwrap().parse::<f64>().unwrap() > 0.0);
    let (input, output) =
        (alice["input_tokens"].as_u64().unwrap(), alice["output_tokens"].as_u64().unwrap());
    assert!(input > 0 && output > 0);
    assert_eq!(alice["total_tokens"], input + output);
    assert!(alice["last_active_at"].is_string());
    assert_eq!(alice["runs_limit"], 10, "the account's per-end-user cap");
    assert_eq!(
        (alice["cost_limit_cents"].clone(), alice["rate_per_minute"].clone()),
        (Value::Null, Value::Null)
    );
    assert!(alice["period_end"].as_str().unwrap().ends_with("-01T00:00:00Z"));
    let carol = &rows[2];
    assert_eq!(
        (carol["runs_used"].clone(), carol["cost_used"].clone()),
        (json!(0), json!("0.0000"))
    );
    assert_eq!(carol["last_active_at"], Value::Null);

    let one = json_of(server.get("/usage/end-users?user_id=bob").await, 200).await;
    assert_eq!(one["data"].as_array().unwrap().len(), 1);
    assert_eq!(one["data"][0]["runs_used"], 1);
    let page = json_of(server.get("/usage/end-users/?limit=1").await, 200).await;
    assert_eq!(
        (page["has_more"].clone(), page["next_starting_after"].clone()),
        (json!(true), alice["id"].clone())
    );
    let next = json_of(
        server.get(&format!("/usage/end-users?limit=2&starting_after={}", alice["id"])).await,
        200,
    )
    .await;
    assert_eq!(next["data"][0]["user_id"], "bob");
    assert!(json_of(server.get("/usage/end-users?user_id=nobody").await, 200).await["data"]
        .as_array()
        .unwrap()
        .is_empty());
    error_of(server.get("/usage/end-users?limit=0").await, 422).await;
    error_of(server.get("/usage/end-users?user=bob").await, 422).await;

    let other = server.second_account("other@example.com").await;
    let theirs =
        server.request_as(&other, reqwest::Method::GET, "/usage/end-users").send().await.unwrap();
    assert_eq!(json_of(theirs, 200).await["data"], json!([]));
    let anonymous = server.http.get(server.url("/usage/end-users")).send().await.unwrap();
    error_of(anonymous, 401).await;
    server.stop().await;
}

#[tokio::test]
async fn a_local_account_is_verified() {
    let server = TestServer::start().await;
    assert_eq!(
        json_of(server.get("/verify/status").await, 200).await,
        json!({"is_verified": true})
    );
    let anonymous = server.http.get(server.url("/verify/status")).send().await.unwrap();
    error_of(anonymous, 401).await;
    let other = server.second_account("new@example.com").await;
    let fresh =
        server.request_as(&other, reqwest::Method::GET, "/verify/status").send().await.unwrap();
    assert_eq!(json_of(fresh, 200).await["is_verified"], true, "verified from signup on");
    server.stop().await;
}
