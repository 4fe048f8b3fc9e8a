//! Fair delivery (issue 12, finding 6): thousands of deliveries failing to a dead endpoint of
//! one account do not hold up another account's delivery to a healthy receiver.

mod common;

use std::time::Duration;

use common::receiver::Receiver;
use common::{json_of, TestServer};
use reqwest::Method;
use serde_json::json;

/// Queued by hand: 3,000 runs would take longer to make than the delay being tested.
const DEAD_BACKLOG: i64 = 3000;

#[tokio::test]
async fn a_dead_endpoints_backlog_does_not_delay_another_accounts_delivery() {
    let server = TestServer::start().await;
    // Account A: an endpoint on a port nobody listens on, with a large backlog due now.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let made =
        json_of(server.post("/webhooks/", json!({"url": dead, "events": []})).await, 201).await;
    let queued = server
        .server
        .execute_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2) \
             INSERT INTO webhook_deliveries (webhook_endpoint_id, account_id, event_type, \
             event_id, run_id, status, attempts, next_retry_at, payload, created_at) \
             SELECT e.id, e.account_id, 'run.completed', 'evt_dead_' || n.i, 1, 'pending', 0, \
             ?3, '{}', ?3 FROM n, webhook_endpoints e WHERE e.id = ?1",
            rusqlite::params![made["id"].as_i64().unwrap(), DEAD_BACKLOG, "2000-01-01T00:00:00Z"],
        )
        .unwrap();
    assert_eq!(queued as i64, DEAD_BACKLOG);
    // Let the worker start on the backlog.
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Account B: a healthy receiver and one run.
    let receiver = Receiver::start().await;
    let other = server.second_account("b@example.com").await;
    let hook = json!({"url": receiver.url, "events": ["run.completed"]});
    let response =
        server.request_as(&other, Method::POST, "/webhooks/").json(&hook).send().await.unwrap();
    json_of(response, 201).await;
    let run = json!({"message": "hi", "stream": false});
    let response =
        server.request_as(&other, Method::POST, "/runs/").json(&run).send().await.unwrap();
    let run_id = json_of(response, 200).await["id"].as_i64().unwrap();

    // Generous for a loaded machine; before this fix it took tens of seconds.
    let got = receiver
        .wait_for(Duration::from_secs(5), |d| {
            d.body["event"] == "run.completed" && d.body["run_id"] == run_id
        })
        .await;
    assert_eq!(got.body["data"]["status"], "completed");
    server.stop().await;
}
