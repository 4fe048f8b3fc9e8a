//! No self-amplification (issue 12, finding 1): a webhook endpoint cannot point at this
//! server's own inbound routes, a delivery of this server that arrives at one anyway starts no
//! run, an account's executing runs are capped (429 + Retry-After), and one endpoint's unsent
//! backlog is bounded.

mod common;
mod run_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use common::{error_of, json_of, test_config, TestServer};
use m8tes_local_api::Config;
use reqwest::Method;
use run_support::{wait_for_status, EventReader, DEADLINE};
use serde_json::{json, Value};

type Deliveries = Arc<Mutex<Vec<(HeaderMap, Vec<u8>)>>>;

/// A receiver on loopback that records each delivery's headers and body and answers 200.
async fn receiver() -> (String, Deliveries) {
    let got: Deliveries = Arc::default();
    let record = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let record = record.clone();
            async move {
                record.lock().unwrap().push((headers, body.to_vec()));
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

/// A teammate with an inbound webhook; returns that webhook's URL.
async fn inbound_url(server: &TestServer) -> String {
    let mate = json_of(server.post("/teammates/", json!({"name": "Loop"})).await, 201).await;
    let path = format!("/teammates/{}/webhook", mate["id"]);
    let hook = json_of(server.request(Method::POST, &path).send().await.unwrap(), 201).await;
    hook["url"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_endpoint_at_this_servers_inbound_route_is_refused() {
    let server = TestServer::start().await;
    let own = inbound_url(&server).await;
    let port = server.server.addr.port();
    let path = own.split_once("/api/v2").unwrap().1.to_owned();
    for url in [
        own.clone(),
        format!("http://localhost:{port}/api/v2{path}"),
        format!("http://LOCALHOST.:{port}/api/v2{path}"),
        format!("http://127.0.0.2:{port}/api/v2{path}"),
        format!("http://[::1]:{port}/api/v2{path}"),
        format!("http://0.0.0.0:{port}/api/v2/inbound/email"),
        format!("http://127.0.0.1:{port}/api/v2/x/../inbound/email"),
    ] {
        let error = error_of(server.post("/webhooks/", json!({"url": url})).await, 422).await;
        let message = error["message"].as_str().unwrap();
        assert!(message.contains("own inbound trigger route"), "{url}: {message}");
    }
    // The same path on another port is someone else's server, and a PATCH is checked too.
    let elsewhere = format!("http://127.0.0.1:{}/api/v2{path}", port.wrapping_add(1).max(1));
    let made = json_of(server.post("/webhooks/", json!({"url": elsewhere})).await, 201).await;
    let hook = format!("/webhooks/{}", made["id"]);
    error_of(server.patch(&hook, json!({"url": own})).await, 422).await;
    server.stop().await;
}

#[tokio::test]
async fn this_servers_own_delivery_arriving_at_an_inbound_route_starts_no_run() {
    let server = TestServer::start().await;
    let (url, got) = receiver().await;
    json_of(server.post("/webhooks/", json!({"url": url, "events": ["run.completed"]})).await, 201)
        .await;
    let run =
        json_of(server.post("/runs/", json!({"message": "hi", "stream": false})).await, 200).await;
    wait_for_status(&server, run["id"].as_i64().unwrap(), "completed").await;
    let deadline = tokio::time::Instant::now() + DEADLINE;
    let (headers, body) = loop {
        if let Some(first) = got.lock().unwrap().first().cloned() {
            break first;
        }
        assert!(tokio::time::Instant::now() < deadline, "no delivery arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };

    // The delivery, forwarded as it arrived (a tunnel or a DNS name for this machine would).
    let own = inbound_url(&server).await;
    let mut forwarded = server.http.post(&own).body(body.clone());
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type"] {
        forwarded = forwarded.header(name, headers.get(name).unwrap().to_str().unwrap());
    }
    let error = error_of(forwarded.send().await.unwrap(), 422).await;
    assert_eq!(error["error_code"], "webhook_loop", "{error}");
    let runs = json_of(server.get("/runs/").await, 200).await;
    assert_eq!(runs["data"].as_array().unwrap().len(), 1, "no second run: {runs}");

    // Another sender's signed webhook (an id this server never issued) still starts a run.
    let foreign = server
        .http
        .post(&own)
        .header("webhook-id", "msg_from_elsewhere")
        .header("webhook-timestamp", "1700000000")
        .header("webhook-signature", "v1,abc")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 202);
    server.stop().await;
}

fn gated_run() -> Value {
    json!({"message": "Check my inbox", "stream": true, "tools": ["gmail"],
           "human_in_the_loop": true, "permission_mode": "approval"})
}

#[tokio::test]
async fn an_accounts_executing_runs_are_capped_with_429_and_retry_after() {
    let server = TestServer::start_with(Config { max_live_runs: 2, ..test_config() }).await;
    // Two runs waiting on an approval gate stay executing.
    let mut first = EventReader::new(server.post("/runs/", gated_run()).await);
    let mut second = EventReader::new(server.post("/runs/", gated_run()).await);
    first.until("awaiting_approval").await;
    second.until("awaiting_approval").await;

    let refused = server.post("/runs/", json!({"message": "one more", "stream": false})).await;
    assert_eq!(refused.headers()["retry-after"], "1");
    let error = error_of(refused, 429).await;
    assert_eq!(error["error_code"], "too_many_live_runs", "{error}");
    let own = inbound_url(&server).await;
    assert_eq!(server.http.post(&own).body("x").send().await.unwrap().status(), 429);

    // Another account has its own allowance.
    let other = server.second_account("other@example.com").await;
    let theirs = server
        .request_as(&other, Method::POST, "/runs/")
        .json(&json!({"message": "hi", "stream": false}));
    assert_eq!(theirs.send().await.unwrap().status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn an_endpoints_unsent_backlog_is_bounded() {
    let config = Config {
        max_pending_deliveries: 2,
        webhook_retry_base: Duration::from_secs(3600),
        ..test_config()
    };
    let server = TestServer::start_with(config).await;
    // A port nobody listens on: every attempt fails and stays pending for an hour.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let made = json_of(
        server.post("/webhooks/", json!({"url": dead, "events": ["run.completed"]})).await,
        201,
    )
    .await;
    for _ in 0..5 {
        let run =
            json_of(server.post("/runs/", json!({"message": "hi", "stream": false})).await, 200)
                .await;
        wait_for_status(&server, run["id"].as_i64().unwrap(), "completed").await;
    }
    let listed =
        json_of(server.get(&format!("/webhooks/{}/deliveries", made["id"])).await, 200).await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 2, "{listed}");
    server.stop().await;
}
