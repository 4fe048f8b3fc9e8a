//! Crash and stop (issue 12, finding 5): a run failed because the server stopped, or because
//! the process died under it (failed at the next start), tells its subscribers with
//! `run.failed`; a delivery under way when the process died is sent again promptly after the
//! restart, not once its 60 s lease has run out.

mod common;
mod run_support;

use std::time::Duration;

use common::receiver::{Receiver, TempDir};
use common::{json_of, test_config, TestServer};
use m8tes_local_api::Config;
use run_support::{wait_for_status, EventReader, DEADLINE};
use serde_json::json;

fn on_disk(dir: &TempDir) -> Config {
    Config { data_dir: Some(dir.0.clone()), ..test_config() }
}

async fn subscribe(server: &TestServer, url: &str, events: &[&str]) {
    json_of(server.post("/webhooks/", json!({"url": url, "events": events})).await, 201).await;
}

fn is_failed(run_id: i64) -> impl Fn(&common::receiver::Delivery) -> bool {
    move |d| d.body["event"] == "run.failed" && d.body["run_id"] == run_id
}

#[tokio::test]
async fn a_run_failed_by_a_stop_emits_run_failed() {
    let dir = TempDir::new("stop");
    let receiver = Receiver::start().await;
    let server = TestServer::start_with(on_disk(&dir)).await;
    subscribe(&server, &receiver.url, &["run.failed"]).await;
    // Waiting on an approval gate, the run is executing when the server stops.
    let body = json!({"message": "Check my inbox", "stream": true, "tools": ["gmail"],
                      "human_in_the_loop": true, "permission_mode": "approval"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let run_id = stream.until("awaiting_approval").await[0].run_id().unwrap();
    server.stop().await;
    drop(stream);

    // Sent before the stop finished, or queued and sent by the next start.
    let again = TestServer::start_with(on_disk(&dir)).await;
    let got = receiver.wait_for(DEADLINE, is_failed(run_id)).await;
    assert_eq!(got.body["data"]["status"], "failed");
    again.stop().await;
}

#[tokio::test]
async fn a_run_failed_by_a_crash_emits_run_failed_at_the_next_start() {
    let dir = TempDir::new("crash");
    let receiver = Receiver::start().await;
    let server = TestServer::start_with(on_disk(&dir)).await;
    subscribe(&server, &receiver.url, &["run.failed"]).await;
    let run =
        json_of(server.post("/runs/", json!({"message": "hi", "stream": false})).await, 200).await;
    let run_id = run["id"].as_i64().unwrap();
    wait_for_status(&server, run_id, "completed").await;
    // What a process killed mid-run leaves behind: the run still marked executing.
    server
        .server
        .execute_sql("UPDATE runs SET status = 'running' WHERE id = ?1", [run_id])
        .unwrap();
    server.stop().await;

    let again = TestServer::start_with(on_disk(&dir)).await;
    let got = receiver.wait_for(DEADLINE, is_failed(run_id)).await;
    assert_eq!(got.body["data"]["status"], "failed");
    again.stop().await;
}

#[tokio::test]
async fn a_delivery_under_way_at_a_crash_is_sent_again_promptly_after_a_restart() {
    let dir = TempDir::new("inflight");
    let receiver = Receiver::start().await;
    let server = TestServer::start_with(on_disk(&dir)).await;
    let made =
        json_of(server.post("/webhooks/", json!({"url": receiver.url, "events": []})).await, 201)
            .await;
    // What a process killed mid-attempt leaves behind: a due delivery, leased for a minute.
    let now = m8tes_local_api::now_iso();
    let lease = chrono_in(60);
    server
        .server
        .execute_sql(
            "INSERT INTO webhook_deliveries (webhook_endpoint_id, account_id, event_type, \
             event_id, run_id, status, attempts, next_retry_at, leased_until, payload, \
             created_at) SELECT id, account_id, 'run.completed', 'evt_in_flight', 1, 'pending', \
             0, ?2, ?3, '{\"event_id\":\"evt_in_flight\"}', ?2 FROM webhook_endpoints \
             WHERE id = ?1",
            rusqlite::params![made["id"].as_i64().unwrap(), now, lease],
        )
        .unwrap();
    server.stop().await;

    let again = TestServer::start_with(on_disk(&dir)).await;
    // Well under the 60 s lease, with room for a slow machine.
    let got =
        receiver.wait_for(Duration::from_secs(15), |d| d.body["event_id"] == "evt_in_flight").await;
    assert_eq!(got.headers["webhook-id"], "evt_in_flight");
    again.stop().await;
}

/// An ISO time `seconds` from now, as the store writes them.
fn chrono_in(seconds: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(seconds))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
