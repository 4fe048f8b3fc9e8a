//! A teammate made for one end user works for that end user: its runs and tasks created
//! without a `user_id` get the teammate's, and a request naming another end user does not
//! see it (404, as if it did not exist).

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::wait_for_status;
use serde_json::json;

async fn alices_teammate(server: &TestServer) -> i64 {
    let body = json!({"name": "Alice's helper", "user_id": "alice"});
    json_of(server.post("/agents/", body).await, 201).await["id"].as_i64().unwrap()
}

#[tokio::test]
async fn runs_of_an_end_users_teammate_are_that_end_users() {
    let server = TestServer::start().await;
    let mate = alices_teammate(&server).await;
    let body = json!({"teammate_id": mate, "message": "hi", "stream": false});
    let run = json_of(server.post("/runs/", body).await, 200).await;
    assert_eq!(run["user_id"], "alice", "{run}");
    let id = run["id"].as_i64().unwrap();
    wait_for_status(&server, id, "completed").await;
    let listed = json_of(server.get("/runs/?user_id=alice").await, 200).await;
    assert!(listed["data"].as_array().unwrap().iter().any(|r| r["id"] == id));

    let same = json!({"teammate_id": mate, "message": "hi", "stream": false, "user_id": "alice"});
    assert_eq!(json_of(server.post("/runs/", same).await, 200).await["user_id"], "alice");
    let other = json!({"teammate_id": mate, "message": "hi", "stream": false, "user_id": "bob"});
    error_of(server.post("/runs/", other).await, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn tasks_of_an_end_users_teammate_are_that_end_users() {
    let server = TestServer::start().await;
    let mate = alices_teammate(&server).await;
    let task = json_of(
        server.post("/tasks/", json!({"teammate_id": mate, "instructions": "Report"})).await,
        201,
    )
    .await;
    assert_eq!(task["user_id"], "alice", "{task}");
    let task_id = task["id"].as_i64().unwrap();
    let run = json_of(
        server.post(&format!("/tasks/{task_id}/runs"), json!({"stream": false})).await,
        200,
    )
    .await;
    assert_eq!(run["user_id"], "alice", "{run}");

    let bobs = json!({"teammate_id": mate, "instructions": "Report", "user_id": "bob"});
    error_of(server.post("/tasks/", bobs).await, 404).await;

    // An account-level teammate keeps account-level tasks and runs.
    let shared = json_of(server.post("/agents/", json!({"name": "Shared"})).await, 201).await;
    let body = json!({"teammate_id": shared["id"], "instructions": "Report"});
    assert_eq!(json_of(server.post("/tasks/", body).await, 201).await["user_id"], json!(null));
    let body = json!({"teammate_id": shared["id"], "instructions": "Report", "user_id": "bob"});
    assert_eq!(json_of(server.post("/tasks/", body).await, 201).await["user_id"], "bob");
    server.stop().await;
}
