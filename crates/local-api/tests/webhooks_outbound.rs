//! Outbound webhooks end to end: a real HTTP receiver on loopback gets run events signed per
//! D10 with the body of D11, verified with protocol's `verify_signature`; failures are
//! recorded and retried with the same id and body.

mod common;
mod run_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use common::{json_of, TestServer};
use m8tes_protocol::types::WebhookEvent;
use m8tes_protocol::webhook_signature::{verify_signature, SignatureHeaders};
use run_support::{streamed, wait_for_status, EventReader, DEADLINE};
use serde_json::json;

const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[derive(Debug, Clone)]
struct Received {
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A receiver on an ephemeral loopback port; it answers with `statuses` in turn, then 200.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(statuses: Vec<u16>) -> Receiver {
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let script = Arc::new(Mutex::new(statuses.into_iter()));
        let record = got.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let (record, script) = (record.clone(), script.clone());
                async move {
                    record.lock().unwrap().push(Received { headers, body: body.to_vec() });
                    let status = script.lock().unwrap().next().unwrap_or(200);
                    (StatusCode::from_u16(status).unwrap(), format!("answered {status}"))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, got }
    }

    /// Waits until `count` requests arrived, and returns them.
    async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        loop {
            let got = self.got.lock().unwrap().clone();
            if got.len() >= count {
                return got;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "only {} deliveries arrived",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Registers an endpoint for the test account through the store.
fn endpoint(server: &TestServer, url: &str, events: &[&str], active: bool) -> i64 {
    let conn = server.server.state.db.lock();
    conn.execute(
        "INSERT INTO webhook_endpoints (account_id, url, events, secret, active, created_at) \
         VALUES ((SELECT account_id FROM api_keys LIMIT 1), ?1, ?2, ?3, ?4, '2026-01-01T00:00:00Z')",
        rusqlite::params![url, serde_json::to_string(events).unwrap(), SECRET, active],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn verified(received: &Received) -> WebhookEvent {
    let pairs = received
        .headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)));
    let headers = SignatureHeaders::from_pairs(pairs);
    let now = chrono_now();
    assert!(
        verify_signature(&headers, &received.body, SECRET, Some(300), now),
        "signature verifies"
    );
    assert!(!verify_signature(&headers, &received.body, "wrong-secret", None, now));
    let event: WebhookEvent = serde_json::from_slice(&received.body).expect("a D11 body");
    assert_eq!(headers.id, Some(event.event_id.as_str()), "Webhook-Id is the event id");
    assert!(event.event_id.starts_with("evt_"));
    event
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// (status, response code, attempts, next_retry_at, response body) of one delivery.
type DeliveryRow = (String, Option<i64>, i64, Option<String>, String);

/// Each delivery of `endpoint_id`, oldest first.
fn deliveries(server: &TestServer, endpoint_id: i64) -> Vec<DeliveryRow> {
    let conn = server.server.state.db.lock();
    let mut statement = conn
        .prepare(
            "SELECT status, response_status_code, attempts, next_retry_at, COALESCE(response_body, '') \
             FROM webhook_deliveries WHERE webhook_endpoint_id = ?1 ORDER BY id",
        )
        .unwrap();
    let rows = statement
        .query_map([endpoint_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

async fn wait_for_deliveries(
    server: &TestServer,
    endpoint_id: i64,
    done: impl Fn(&[DeliveryRow]) -> bool,
) -> Vec<DeliveryRow> {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let rows = deliveries(server, endpoint_id);
        if done(&rows) {
            return rows;
        }
        assert!(tokio::time::Instant::now() < deadline, "deliveries stuck: {rows:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn run_events_are_delivered_signed_to_subscribed_endpoints() {
    let server = TestServer::start().await;
    let receiver = Receiver::start(vec![]).await;
    let all = ["run.started", "run.completed", "run.failed", "run.cancelled", "run.awaiting_input"];
    let hook = endpoint(&server, &receiver.url, &all, true);
    let quiet = Receiver::start(vec![]).await;
    endpoint(&server, &quiet.url, &all, false);

    let (events, _) = streamed(&server, json!({"message": "hello"})).await;
    let run_id = events[0].run_id().unwrap();
    let got = receiver.wait_for(2).await;
    let mut names: Vec<(String, String)> = got
        .iter()
        .map(verified)
        .map(|e| {
            assert_eq!(e.run_id, run_id);
            assert_eq!(e.data.id, run_id);
            (e.event, e.data.status.unwrap())
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [("run.completed".into(), "completed".into()), ("run.started".into(), "running".into())]
    );
    assert_eq!(got[0].headers["content-type"], "application/json");
    let rows = wait_for_deliveries(&server, hook, |rows| {
        rows.len() == 2 && rows.iter().all(|r| r.0 == "success")
    })
    .await;
    for (status, code, attempts, next, body) in rows {
        assert_eq!((status.as_str(), code, attempts, next), ("success", Some(200), 1, None));
        assert_eq!(body, "answered 200");
    }

    // Failure, the approval pause and a cancel each have their event.
    streamed(&server, json!({"message": "simulate:failure"})).await;
    let body = json!({"message": "check the inbox", "tools": ["gmail"], "human_in_the_loop": true,
                      "permission_mode": "approval", "stream": true});
    let mut paused = EventReader::new(server.post("/runs/", body).await);
    let waiting = paused.until("awaiting_approval").await;
    let paused_id = waiting[0].run_id().unwrap();
    json_of(server.post(&format!("/runs/{paused_id}/cancel"), json!({})).await, 200).await;
    paused.rest().await;
    let got = receiver.wait_for(7).await;
    let mut names: Vec<String> = got[2..].iter().map(|r| verified(r).event).collect();
    names.sort();
    assert_eq!(
        names,
        ["run.awaiting_input", "run.cancelled", "run.failed", "run.started", "run.started"]
    );
    assert!(quiet.got.lock().unwrap().is_empty(), "an inactive endpoint gets nothing");
    server.stop().await;
}

#[tokio::test]
async fn a_failed_delivery_is_retried_with_the_same_id_and_body() {
    let server = TestServer::start().await;
    let receiver = Receiver::start(vec![500, 503]).await;
    let hook = endpoint(&server, &receiver.url, &["run.completed"], true);
    let (events, _) = streamed(&server, json!({"message": "hello"})).await;
    wait_for_status(&server, events[0].run_id().unwrap(), "completed").await;
    let got = receiver.wait_for(3).await;
    assert_eq!(got.len(), 3, "two failures, then the success");
    let ids: Vec<_> = got.iter().map(|r| r.headers["webhook-id"].clone()).collect();
    assert!(ids.iter().all(|id| *id == ids[0]));
    assert!(got.iter().all(|r| r.body == got[0].body));
    for received in &got {
        verified(received);
    }
    let rows =
        wait_for_deliveries(&server, hook, |rows| rows.first().is_some_and(|r| r.0 == "success"))
            .await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1, rows[0].2), (Some(200), 3));
    server.stop().await;
}

#[tokio::test]
async fn an_unreachable_endpoint_is_recorded_and_scheduled_for_retry() {
    let server = TestServer::start().await;
    // A port that was just free: nothing listens there.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hook", listener.local_addr().unwrap())
    };
    let hook = endpoint(&server, &closed, &["run.completed"], true);
    streamed(&server, json!({"message": "hello"})).await;
    let rows =
        wait_for_deliveries(&server, hook, |rows| rows.first().is_some_and(|r| r.2 >= 1)).await;
    let (status, code, attempts, next, body) = rows[0].clone();
    assert_eq!((status.as_str(), code, attempts), ("pending", None, 1));
    assert!(next.is_some(), "a retry is scheduled");
    assert_eq!(body, "delivery failed: could not connect");
    server.stop().await;
}
