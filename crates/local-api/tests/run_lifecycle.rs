//! A run's life over real HTTP: idempotent creation, rejoining its stream, cancelling, replies
//! that continue it, keepalives, and what a server stop or restart does to runs in flight.

mod common;
mod run_support;

use std::time::Duration;

use common::{error_of, json_of, test_config, TestServer};
use m8tes_protocol::event::EventKind;
use run_support::{streamed, text, types, wait_for_status, EventReader};
use serde_json::json;

#[tokio::test]
async fn an_idempotency_key_replays_the_first_run_and_refuses_another_body() {
    let server = TestServer::start().await;
    let send = |body: serde_json::Value, key: &str| {
        server
            .request(reqwest::Method::POST, "/runs/")
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let body = json!({"message": "hi", "stream": false, "memory": true, "history": true});
    let first = send(body.clone(), "key-1").await.unwrap();
    assert!(first.headers().get("idempotent-replay").is_none());
    let first = json_of(first, 200).await;
    let again = send(body.clone(), "key-1").await.unwrap();
    assert_eq!(again.headers()["idempotent-replay"], "true");
    let again = json_of(again, 200).await;
    assert_eq!(again["id"], first["id"]);

    // A replayed streaming request answers the Run as JSON (wire.md §9.4).
    let streaming = json!({"message": "stream me", "stream": true});
    let original = EventReader::new(send(streaming.clone(), "key-2").await.unwrap()).rest().await;
    let replayed = send(streaming, "key-2").await.unwrap();
    assert_eq!(replayed.headers()["content-type"], "application/json");
    assert_eq!(json_of(replayed, 200).await["id"], original[0].run_id().unwrap());

    let reused = error_of(
        send(json!({"message": "something else", "stream": false}), "key-1").await.unwrap(),
        409,
    )
    .await;
    assert_eq!(reused["error_code"], "idempotency_key_reuse");
    let listed = json_of(server.get("/runs/").await, 200).await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 2, "replays made no new runs");

    // Replies and task runs honour keys too.
    let id = first["id"].as_i64().unwrap();
    wait_for_status(&server, id, "completed").await;
    let reply = |message: &str| {
        server
            .request(reqwest::Method::POST, &format!("/runs/{id}/reply"))
            .header("idempotency-key", "key-3")
            .json(&json!({"message": message, "stream": false}))
            .send()
    };
    json_of(reply("more").await.unwrap(), 200).await;
    let replay = reply("more").await.unwrap();
    assert_eq!(replay.headers()["idempotent-replay"], "true");
    error_of(reply("different").await.unwrap(), 409).await;
    server.stop().await;
}

#[tokio::test]
async fn rejoining_replays_the_turn_then_goes_live_and_cancel_ends_it() {
    let server = TestServer::start().await;
    let run = json_of(
        server
            .post("/runs/", json!({"message": "simulate:slow take your time", "stream": false}))
            .await,
        200,
    )
    .await;
    let id = run["id"].as_i64().unwrap();
    let mut first = EventReader::new(server.get(&format!("/runs/{id}/stream")).await);
    first.until("text-delta").await;
    // A second viewer joins later and sees everything from the metadata on.
    let mut second = EventReader::new(server.get(&format!("/runs/{id}/stream")).await);
    let replay = second.until("text-delta").await;
    assert_eq!(types(&replay)[..3], ["metadata", "text-start", "text-delta"]);
    assert_eq!(replay[0].run_id(), Some(id));

    let cancelled = json_of(server.post(&format!("/runs/{id}/cancel"), json!({})).await, 200).await;
    assert_eq!(cancelled["status"], "cancelled");
    for stream in [&mut first, &mut second] {
        let rest = stream.rest().await;
        assert_eq!(types(&rest).last(), Some(&"cancelled"), "{:?}", types(&rest));
    }
    // Byte for byte, the late viewer's replay plus its live part is the first viewer's stream.
    assert_eq!(String::from_utf8_lossy(&second.raw), String::from_utf8_lossy(&first.raw));
    let run = wait_for_status(&server, id, "cancelled").await;
    assert!(run["output"].is_string(), "the text so far is kept: {run}");
    let again = error_of(server.post(&format!("/runs/{id}/cancel"), json!({})).await, 409).await;
    assert_eq!(again["error_code"], "run_not_active");
    error_of(server.get(&format!("/runs/{id}/stream")).await, 409).await;

    // Resume: a reply re-opens the cancelled run, and its new turn runs to the end.
    let mut resumed = EventReader::new(
        server.post(&format!("/runs/{id}/reply"), json!({"message": "carry on"})).await,
    );
    let events = resumed.rest().await;
    assert_eq!(events[0].run_id(), Some(id));
    assert_eq!(types(&events)[types(&events).len() - 2..], ["run_metrics", "done"]);
    let run = wait_for_status(&server, id, "completed").await;
    assert_eq!(run["output"], text(&events).as_str());
    server.stop().await;
}

#[tokio::test]
async fn a_reply_continues_the_same_run_with_its_history() {
    let server = TestServer::start().await;
    let (first, _) =
        streamed(&server, json!({"message": "What is our MRR?", "tools": ["stripe"]})).await;
    let id = first[0].run_id().unwrap();
    let mut reply = EventReader::new(
        server
            .post(
                &format!("/runs/{id}/reply"),
                json!({"message": "And the tickets?", "stream": true}),
            )
            .await,
    );
    let events = reply.rest().await;
    assert_eq!(events[0].run_id(), Some(id), "same run");
    let answer = text(&events);
    assert!(answer.starts_with("Following up on \"What is our MRR?\"."), "{answer}");
    let run = wait_for_status(&server, id, "completed").await;
    assert_eq!(run["output"], answer.as_str(), "output is the last turn's text");
    // A failed run re-opens on a reply; a running one queues it (wire.md §10.4).
    let (failed, _) = streamed(&server, json!({"message": "simulate:failure"})).await;
    let failed_id = failed[0].run_id().unwrap();
    let reopened = json_of(
        server
            .post(
                &format!("/runs/{failed_id}/reply"),
                json!({"message": "try again", "stream": false}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(reopened["status"], "running");
    assert_eq!(reopened["error"], serde_json::Value::Null);
    wait_for_status(&server, failed_id, "completed").await;
    let slow = json_of(
        server.post("/runs/", json!({"message": "simulate:slow", "stream": false})).await,
        200,
    )
    .await;
    let slow_id = slow["id"].as_i64().unwrap();
    let busy = json_of(
        server
            .post(&format!("/runs/{slow_id}/reply"), json!({"message": "hurry", "stream": false}))
            .await,
        200,
    )
    .await;
    assert_eq!(busy["delivery"], "queued");
    let queued = busy["queued_message_id"].clone();
    json_of(server.post(&format!("/runs/{slow_id}/cancel"), json!({})).await, 200).await;
    // Cancelling the run cancels the reply waiting behind its turn.
    let cancelled = json_of(server.get(&format!("/runs/{slow_id}")).await, 200).await;
    assert_eq!(cancelled["cancelled_queued_message_ids"], json!([queued]));
    assert_eq!(cancelled["pending_queued_message_ids"], json!([]));
    assert!(cancelled.get("delivery").is_none());
    error_of(server.post(&format!("/runs/{slow_id}/reply"), json!({"message": ""})).await, 422)
        .await;
    server.stop().await;
}

#[tokio::test]
async fn silence_on_a_stream_is_filled_with_keepalive_comments() {
    let mut config = test_config();
    config.stream_keepalive = Duration::from_millis(150);
    let server = TestServer::start_with(config).await;
    let mut stream =
        EventReader::new(server.post("/runs/", json!({"message": "simulate:slow"})).await);
    let id = stream.until("text-delta").await[0].run_id().unwrap();
    stream.until("text-delta").await;
    let raw = String::from_utf8(stream.raw.clone()).unwrap();
    assert!(raw.contains("\n\n: keepalive\n\n"), "{raw}");
    json_of(server.post(&format!("/runs/{id}/cancel"), json!({})).await, 200).await;
    server.stop().await;
}

#[tokio::test]
async fn stopping_the_server_fails_runs_in_flight_and_ends_their_streams() {
    let data = tempdir();
    let mut config = test_config();
    config.data_dir = Some(data.clone());
    let server = TestServer::start_with(config.clone()).await;
    let mut stream =
        EventReader::new(server.post("/runs/", json!({"message": "simulate:slow"})).await);
    let first = stream.until("text-delta").await;
    let id = first[0].run_id().unwrap();
    // The open stream must not hold the stop up.
    tokio::time::timeout(Duration::from_secs(10), server.stop()).await.expect("stop is prompt");
    let rest = stream.rest().await;
    let last_error = rest.iter().rev().find_map(|e| match &e.kind {
        EventKind::Error { error, .. } => Some(error.clone()),
        _ => None,
    });
    assert_eq!(last_error.as_deref(), Some("the server stopped while the run was in flight"));
    assert_eq!(types(&rest).last(), Some(&"done"));

    // Back up on the same data dir: the run is failed, with the same error.
    let server = TestServer::start_with(config).await;
    let run = json_of(server.get(&format!("/runs/{id}")).await, 200).await;
    assert_eq!(run["status"], "failed");
    assert_eq!(run["error"], "the server stopped while the run was in flight");
    server.stop().await;
    std::fs::remove_dir_all(&data).ok();
}

#[tokio::test]
async fn a_run_left_running_by_a_dead_process_is_failed_at_start() {
    let data = tempdir();
    let mut config = test_config();
    config.data_dir = Some(data.clone());
    let server = TestServer::start_with(config.clone()).await;
    let run =
        json_of(server.post("/runs/", json!({"message": "hello", "stream": false})).await, 200)
            .await;
    let id = run["id"].as_i64().unwrap();
    wait_for_status(&server, id, "completed").await;
    server.stop().await;
    // As a crash would leave it: the row still says running.
    {
        let conn = rusqlite::Connection::open(data.join("m8tes.sqlite3")).unwrap();
        conn.execute("UPDATE runs SET status = 'awaiting_approval' WHERE id = ?1", [id]).unwrap();
    }
    let server = TestServer::start_with(config).await;
    let run = json_of(server.get(&format!("/runs/{id}")).await, 200).await;
    assert_eq!(run["status"], "failed");
    assert_eq!(run["error"], "the server stopped while the run was in flight");
    server.stop().await;
    std::fs::remove_dir_all(&data).ok();
}

#[tokio::test]
async fn files_live_in_the_data_dir_and_survive_a_restart() {
    let data = tempdir();
    let mut config = test_config();
    config.data_dir = Some(data.clone());
    let server = TestServer::start_with(config.clone()).await;
    let (events, _) = streamed(&server, json!({"message": "export this"})).await;
    let id = events[0].run_id().unwrap();
    server.stop().await;
    assert!(data.join("runs").join(id.to_string()).join("export.csv").is_file());
    let server = TestServer::start_with(config).await;
    let download = server.get(&format!("/runs/{id}/files/export.csv/download")).await;
    assert_eq!(download.status(), 200);
    assert!(download.text().await.unwrap().starts_with("request,tools_used\nexport this,0\n"));
    server.stop().await;
    std::fs::remove_dir_all(&data).ok();
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("m8tes-local-test-{:016x}", rand_u64()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(std::process::id() as u64);
    hasher.finish()
}

#[tokio::test]
async fn each_reply_is_a_new_live_turn_that_can_be_rejoined() {
    let server = TestServer::start().await;
    for _ in 0..5 {
        let (events, _) = streamed(&server, json!({"message": "hi"})).await;
        let id = events[0].run_id().unwrap();
        let reply = server
            .post(
                &format!("/runs/{id}/reply"),
                json!({"message": "simulate:slow", "stream": false}),
            )
            .await;
        json_of(reply, 200).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        let mut rejoined = EventReader::new(server.get(&format!("/runs/{id}/stream")).await);
        assert_eq!(rejoined.until("metadata").await[0].run_id(), Some(id));
        json_of(server.post(&format!("/runs/{id}/cancel"), json!({})).await, 200).await;
        assert_eq!(types(&rejoined.rest().await).last(), Some(&"cancelled"));
    }
    server.stop().await;
}
