//! Replies to a run that is still executing, over real HTTP (wire.md §10.4): each waits as
//! the run's next turn, oldest first, and runs when the current turn ends.

mod common;
mod run_support;

use common::{json_of, TestServer};
use run_support::{text, wait_for_status, EventReader, DEADLINE};
use serde_json::{json, Value};

async fn gated_run(server: &TestServer) -> (EventReader, i64, String) {
    let body = json!({"message": "Check my inbox", "stream": true, "tools": ["gmail"],
                      "human_in_the_loop": true, "permission_mode": "approval"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let before = stream.until("awaiting_approval").await;
    let gate = Value::Object(before[before.len() - 2].raw.clone());
    (stream, before[0].run_id().unwrap(), gate["request_id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn replies_to_an_executing_run_become_its_next_turns_in_order() {
    let server = TestServer::start().await;
    let (mut stream, id, gate) = gated_run(&server).await;
    let path = format!("/runs/{id}/reply");
    let first = json_of(
        server.post(&path, json!({"message": "first follow-up", "stream": false})).await,
        200,
    )
    .await;
    assert_eq!(
        (first["id"].as_i64(), first["status"].as_str()),
        (Some(id), Some("awaiting_approval"))
    );
    assert_eq!(first["delivery"], "queued");
    let first_id = first["queued_message_id"].as_i64().unwrap();
    let second = json_of(
        server.post(&path, json!({"message": "second follow-up", "stream": false})).await,
        200,
    )
    .await;
    // The head of the queue stays the first; both are pending, oldest first.
    assert_eq!(second["queued_message_id"], first_id);
    let pending = second["pending_queued_message_ids"].clone();
    assert_eq!((pending.as_array().unwrap().len(), pending[0].as_i64()), (2, Some(first_id)));
    let now = json_of(server.get(&format!("/runs/{id}")).await, 200).await;
    assert_eq!(now["pending_queued_message_ids"], pending);

    json_of(
        server
            .post(
                &format!("/runs/{id}/approve"),
                json!({"request_id": gate, "decision": "allow", "remember": false}),
            )
            .await,
        200,
    )
    .await;
    stream.rest().await;
    // Both queued turns run after the first. Between turns the run reads `completed` with a
    // reply still pending, so wait until none is.
    let mut done = wait_for_status(&server, id, "completed").await;
    let deadline = std::time::Instant::now() + DEADLINE;
    while done["status"] != "completed" || done["pending_queued_message_ids"] != json!([]) {
        assert!(std::time::Instant::now() < deadline, "the queued turns never ran: {done}");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        done = json_of(server.get(&format!("/runs/{id}")).await, 200).await;
    }
    assert!(done.get("delivery").is_none(), "{done}");
    let messages = json_of(server.get(&format!("/runs/{id}/messages")).await, 200).await;
    let users: Vec<&str> = messages
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["Check my inbox", "first follow-up", "second follow-up"]);
    assert!(done["output"].as_str().unwrap().contains("second follow-up"), "{}", done["output"]);
    server.stop().await;
}

#[tokio::test]
async fn a_streamed_queued_reply_answers_with_the_executing_turns_stream() {
    let server = TestServer::start().await;
    let (_first, id, gate) = gated_run(&server).await;
    let response = server
        .post(&format!("/runs/{id}/reply"), json!({"message": "and then?", "stream": true}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-run-id"], id.to_string().as_str());
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut joined = EventReader::new(response);
    joined.until("awaiting_approval").await;
    json_of(
        server
            .post(
                &format!("/runs/{id}/approve"),
                json!({"request_id": gate, "decision": "allow", "remember": false}),
            )
            .await,
        200,
    )
    .await;
    let rest = joined.rest().await;
    assert!(text(&rest).contains("Done."), "the prior turn ends the joined stream");
    let done = wait_for_status(&server, id, "completed").await;
    let messages =
        json_of(server.get(&format!("/runs/{id}/messages?tail=true&limit=2")).await, 200).await;
    assert_eq!(messages[0]["content"], "and then?");
    assert_eq!(done["id"], id);
    server.stop().await;
}
