//! Outbound webhooks end to end: a real HTTP receiver on loopback gets run events signed per
//! D10 with the body of D11, verified with protocol's `verify_signature`; failures are
//! recorded and retried with the same id and body.

mod common;
mod run_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use common::{json_of, TestServer};
use m8tes_protocol::types::{Page, WebhookDelivery, WebhookEvent};
use m8tes_protocol::webhook_signature::{verify_signature, SignatureHeaders};
use run_support::{streamed, wait_for_status, EventReader, DEADLINE};
use serde_json::json;

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

/// Registers an endpoint through the API; returns its id and its full secret.
async fn endpoint(server: &TestServer, url: &str, events: &[&str], active: bool) -> (i64, String) {
    let created =
        json_of(server.post("/webhooks/", json!({"url": url, "events": events})).await, 201).await;
    let id = created["id"].as_i64().unwrap();
    if !active {
        json_of(server.patch(&format!("/webhooks/{id}"), json!({"active": false})).await, 200)
            .await;
    }
    (id, created["secret"].as_str().unwrap().to_owned())
}

fn verified(received: &Received, secret: &str) -> WebhookEvent {
    let pairs = received
        .headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)));
    let headers = SignatureHeaders::from_pairs(pairs);
    let now = unix_now();
    assert!(
        verify_signature(&headers, &received.body, secret, Some(300), now),
        "signature verifies"
    );
    assert!(!verify_signature(&headers, &received.body, "wrong-secret", None, now));
    let event: WebhookEvent = serde_json::from_slice(&received.body).expect("a D11 body");
    assert_eq!(headers.id, Some(event.event_id.as_str()), "Webhook-Id is the event id");
    assert!(event.event_id.starts_with("evt_"));
    event
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The endpoint's deliveries as `GET /webhooks/{id}/deliveries` lists them, once `done`
/// holds for them.
async fn deliveries(
    server: &TestServer,
    endpoint_id: i64,
    done: impl Fn(&[WebhookDelivery]) -> bool,
) -> Vec<WebhookDelivery> {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let page: Page<WebhookDelivery> = serde_json::from_value(
            json_of(server.get(&format!("/webhooks/{endpoint_id}/deliveries")).await, 200).await,
        )
        .unwrap();
        if done(&page.data) {
            return page.data;
        }
        assert!(tokio::time::Instant::now() < deadline, "deliveries stuck: {:?}", page.data);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn run_events_are_delivered_signed_to_subscribed_endpoints() {
    let server = TestServer::start().await;
    let receiver = Receiver::start(vec![]).await;
    let all = ["run.started", "run.completed", "run.failed", "run.cancelled", "run.awaiting_input"];
    let (hook, secret) = endpoint(&server, &receiver.url, &all, true).await;
    let quiet = Receiver::start(vec![]).await;
    endpoint(&server, &quiet.url, &all, false).await;

    let (events, _) = streamed(&server, json!({"message": "hello"})).await;
    let run_id = events[0].run_id().unwrap();
    let got = receiver.wait_for(2).await;
    let mut names: Vec<(String, String)> = got
        .iter()
        .map(|r| verified(r, &secret))
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
    let rows = deliveries(&server, hook, |rows| {
        rows.len() == 2 && rows.iter().all(|r| r.status == "success")
    })
    .await;
    for row in rows {
        assert_eq!(row.webhook_endpoint_id, hook);
        assert_eq!(row.run_id, run_id);
        assert_eq!(
            (row.response_status_code, row.attempts, row.next_retry_at),
            (Some(200), Some(1), None)
        );
        assert_eq!(row.response_body.as_deref(), Some("answered 200"));
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
    let mut names: Vec<String> = got[2..].iter().map(|r| verified(r, &secret).event).collect();
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
    let (hook, secret) = endpoint(&server, &receiver.url, &["run.completed"], true).await;
    let (events, _) = streamed(&server, json!({"message": "hello"})).await;
    wait_for_status(&server, events[0].run_id().unwrap(), "completed").await;
    let got = receiver.wait_for(3).await;
    assert_eq!(got.len(), 3, "two failures, then the success");
    let ids: Vec<_> = got.iter().map(|r| r.headers["webhook-id"].clone()).collect();
    assert!(ids.iter().all(|id| *id == ids[0]));
    assert!(got.iter().all(|r| r.body == got[0].body));
    for received in &got {
        verified(received, &secret);
    }
    let rows =
        deliveries(&server, hook, |rows| rows.first().is_some_and(|r| r.status == "success")).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].response_status_code, rows[0].attempts), (Some(200), Some(3)));
    assert_eq!(rows[0].event_type, "run.completed");
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
    let (hook, _) = endpoint(&server, &closed, &["run.completed"], true).await;
    streamed(&server, json!({"message": "hello"})).await;
    let rows =
        deliveries(&server, hook, |rows| rows.first().is_some_and(|r| r.attempts >= Some(1))).await;
    let row = &rows[0];
    assert_eq!(
        (row.status.as_str(), row.response_status_code, row.attempts),
        ("pending", None, Some(1))
    );
    assert!(row.next_retry_at.is_some(), "a retry is scheduled");
    assert_eq!(row.response_body.as_deref(), Some("delivery failed: connect: could not connect"));
    server.stop().await;
}

#[tokio::test]
async fn a_delivery_that_keeps_failing_ends_failed_after_its_attempts() {
    // The backoff is shortened through config so the five attempts take well under a second.
    let mut config = common::test_config();
    config.webhook_retry_base = Duration::from_millis(10);
    let server = TestServer::start_with(config).await;
    let receiver = Receiver::start(vec![500; 10]).await;
    let (hook, secret) = endpoint(&server, &receiver.url, &["run.completed"], true).await;
    streamed(&server, json!({"message": "hello"})).await;
    let rows =
        deliveries(&server, hook, |rows| rows.first().is_some_and(|r| r.status == "failed")).await;
    let row = &rows[0];
    let max_attempts = m8tes_local_api::WEBHOOK_MAX_ATTEMPTS;
    assert_eq!(row.attempts, Some(max_attempts as u32));
    assert_eq!((row.response_status_code, row.next_retry_at.as_deref()), (Some(500), None));
    assert_eq!(row.response_body.as_deref(), Some("answered 500"));
    // Every attempt was the same signed delivery, and none came after the last.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), max_attempts as usize);
    for received in &got {
        assert_eq!(received.headers["webhook-id"], got[0].headers["webhook-id"]);
        verified(received, &secret);
    }
    server.stop().await;
}
