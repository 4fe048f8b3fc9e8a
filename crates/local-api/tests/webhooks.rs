//! The outbound webhook registry and its delivery log over real HTTP (wire.md §2.9).

mod common;

use std::time::Duration;

use common::{error_of, json_of, TestServer};
use m8tes_protocol::types::{Page, Webhook, WebhookDelivery};
use reqwest::Method;
use serde_json::json;

fn is_full_secret(secret: &str) -> bool {
    secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

async fn create(server: &TestServer, body: serde_json::Value) -> Webhook {
    serde_json::from_value(json_of(server.post("/webhooks/", body).await, 201).await).unwrap()
}

#[tokio::test]
async fn create_shows_the_secret_once_then_masks_it() {
    let server = TestServer::start().await;
    let made = create(&server, json!({"url": "https://example.com/hook"})).await;
    let secret = made.secret.clone().unwrap();
    assert!(is_full_secret(&secret), "{secret}");
    assert_eq!(
        made.events.as_deref(),
        Some(&["run.completed".to_string(), "run.failed".to_string()][..])
    );
    assert_eq!(made.active, Some(true));

    let masked = format!("{}...", &secret[..4]);
    let fetched: Webhook = serde_json::from_value(
        json_of(server.get(&format!("/webhooks/{}", made.id)).await, 200).await,
    )
    .unwrap();
    assert_eq!(fetched.secret.as_deref(), Some(masked.as_str()));
    let listed: Page<Webhook> =
        serde_json::from_value(json_of(server.get("/webhooks").await, 200).await).unwrap();
    assert_eq!(listed.data[0].secret.as_deref(), Some(masked.as_str()));

    let empty = create(&server, json!({"url": "http://127.0.0.1:9/x", "events": []})).await;
    assert_eq!(empty.events, Some(vec![]), "[] stays empty");
    let all = create(&server, json!({"url": "http://localhost/x", "events": ["run.started", "run.awaiting_input", "run.started"]})).await;
    assert_eq!(all.events, Some(vec!["run.started".to_string(), "run.awaiting_input".to_string()]));
    server.stop().await;
}

#[tokio::test]
async fn bad_urls_and_events_are_422() {
    let server = TestServer::start().await;
    for body in [
        json!({"url": "ftp://example.com/x"}),
        json!({"url": "not a url"}),
        json!({"url": "/relative"}),
        json!({"url": "javascript:alert(1)"}),
        json!({"url": format!("https://example.com/{}", "a".repeat(2048))}),
        json!({"url": "https://example.com", "events": ["run.exploded"]}),
        json!({"url": "https://example.com", "events": "run.failed"}),
        json!({"events": ["run.failed"]}),
    ] {
        error_of(server.post("/webhooks", body).await, 422).await;
    }
    let listed: Page<Webhook> =
        serde_json::from_value(json_of(server.get("/webhooks/").await, 200).await).unwrap();
    assert!(listed.data.is_empty(), "nothing was created");
    server.stop().await;
}

#[tokio::test]
async fn update_rotate_and_delete() {
    let server = TestServer::start().await;
    let made = create(&server, json!({"url": "https://example.com/a"})).await;
    let path = format!("/webhooks/{}", made.id);
    let updated: Webhook = serde_json::from_value(
        json_of(server.patch(&path, json!({"url": "https://example.com/b", "events": ["run.cancelled"], "active": false})).await, 200).await,
    )
    .unwrap();
    assert_eq!(updated.url, "https://example.com/b");
    assert_eq!(updated.events, Some(vec!["run.cancelled".to_string()]));
    assert_eq!(updated.active, Some(false));
    assert!(updated.secret.as_deref().unwrap().ends_with("..."), "not rotated: masked");
    assert!(updated.updated_at.is_some());

    let rotated: Webhook = serde_json::from_value(
        json_of(server.patch(&path, json!({"rotate_secret": true})).await, 200).await,
    )
    .unwrap();
    let new_secret = rotated.secret.unwrap();
    assert!(is_full_secret(&new_secret));
    assert_ne!(Some(new_secret.as_str()), made.secret.as_deref());
    assert_eq!(rotated.url, "https://example.com/b");

    error_of(server.patch(&path, json!({"url": "mailto:a@b.c"})).await, 422).await;
    error_of(server.patch(&path, json!({"events": ["nope"]})).await, 422).await;
    let unchanged: Webhook =
        serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
    assert_eq!(unchanged.url, "https://example.com/b");

    assert_eq!(server.delete(&path).await.status(), 204);
    error_of(server.delete(&path).await, 404).await;
    error_of(server.get(&path).await, 404).await;
    error_of(server.get(&format!("{path}/deliveries")).await, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn webhooks_are_isolated_between_accounts() {
    let server = TestServer::start().await;
    let made = create(&server, json!({"url": "https://example.com/a"})).await;
    let other = server.second_account("o@x.io").await;
    let path = format!("/webhooks/{}", made.id);
    for (method, suffix) in
        [(Method::GET, ""), (Method::PATCH, ""), (Method::DELETE, ""), (Method::GET, "/deliveries")]
    {
        let response = server
            .request_as(&other, method, &format!("{path}{suffix}"))
            .json(&json!({"rotate_secret": true}))
            .send()
            .await
            .unwrap();
        error_of(response, 404).await;
    }
    let theirs = server.request_as(&other, Method::GET, "/webhooks").send().await.unwrap();
    assert_eq!(json_of(theirs, 200).await["data"], json!([]));
    server.stop().await;
}

/// A receiver on loopback that answers 200 to every POST.
async fn receiver() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route("/hook", axum::routing::post(|| async { "received" }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/hook")
}

#[tokio::test]
async fn deliveries_list_what_a_run_sent() {
    let server = TestServer::start().await;
    let made = create(
        &server,
        json!({"url": receiver().await, "events": ["run.started", "run.completed"]}),
    )
    .await;
    let run = server
        .post(
            "/runs/",
            json!({"message": "hello", "stream": false, "memory": true, "history": true}),
        )
        .await;
    let run_id = json_of(run, 200).await["id"].as_i64().unwrap();

    let path = format!("/webhooks/{}/deliveries", made.id);
    let mut deliveries = Vec::new();
    for _ in 0..100 {
        let page: Page<WebhookDelivery> =
            serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
        deliveries = page.data;
        if deliveries.len() == 2 && deliveries.iter().all(|d| d.status == "success") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let kinds: Vec<&str> = deliveries.iter().map(|d| d.event_type.as_str()).collect();
    assert_eq!(kinds, ["run.started", "run.completed"], "{deliveries:?}");
    for delivery in &deliveries {
        assert_eq!(delivery.webhook_endpoint_id, made.id);
        assert_eq!(delivery.run_id, run_id);
        assert_eq!(delivery.status, "success");
        assert!(delivery.event_id.starts_with("evt_"));
        assert_eq!(delivery.response_status_code, Some(200));
        assert_eq!(delivery.response_body.as_deref(), Some("received"));
        assert_eq!(delivery.attempts, Some(1));
    }
    let first: Page<WebhookDelivery> =
        serde_json::from_value(json_of(server.get(&format!("{path}/?limit=1")).await, 200).await)
            .unwrap();
    assert!(first.has_more);
    let rest: Page<WebhookDelivery> = serde_json::from_value(
        json_of(server.get(&format!("{path}?starting_after={}", first.data[0].id)).await, 200)
            .await,
    )
    .unwrap();
    assert_eq!(rest.data.len(), 1);
    error_of(server.get(&format!("{path}?limit=500")).await, 422).await;
    server.stop().await;
}
