//! Tasks and their triggers over real HTTP (wire.md §2.3, §2.4).

mod common;

use chrono::{DateTime, Utc};
use common::{error_of, json_of, TestServer};
use m8tes_protocol::types::{Page, Task, Trigger};
use reqwest::Method;
use serde_json::{json, Value};

async fn teammate(server: &TestServer) -> i64 {
    json_of(server.post("/teammates/", json!({"name": "t"})).await, 201).await["id"]
        .as_i64()
        .unwrap()
}

async fn task(server: &TestServer, body: Value) -> Task {
    serde_json::from_value(json_of(server.post("/tasks/", body).await, 201).await).unwrap()
}

async fn trigger(server: &TestServer, task_id: i64, body: Value, status: u16) -> Value {
    json_of(server.post(&format!("/tasks/{task_id}/triggers/"), body).await, status).await
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn task_crud_and_validation() {
    let server = TestServer::start().await;
    let mate = teammate(&server).await;
    let long = "Summarise the inbox ".repeat(10);
    let made = task(
        &server,
        json!({"teammate_id": mate, "instructions": long, "user_id": "alice",
        "expected_output": "a list", "goals": "calm"}),
    )
    .await;
    assert_eq!(
        made.name.as_deref().map(|n| n.chars().count()),
        Some(100),
        "name defaults to instructions[:100]"
    );
    assert_eq!(made.tools, Some(vec![]));
    assert_eq!(made.status.as_deref(), Some("enabled"));
    let named = task(
        &server,
        json!({"teammate_id": mate, "instructions": "x", "name": "Ünïcode ✓", "tools": ["gmail"]}),
    )
    .await;
    assert_eq!(named.name.as_deref(), Some("Ünïcode ✓"));

    error_of(server.post("/tasks/", json!({"teammate_id": 999, "instructions": "x"})).await, 404)
        .await;
    error_of(server.post("/tasks/", json!({"teammate_id": mate, "instructions": ""})).await, 422)
        .await;
    error_of(server.post("/tasks/", json!({"teammate_id": mate})).await, 422).await;
    error_of(server.post("/tasks/", json!({"instructions": "x"})).await, 422).await;

    let path = format!("/tasks/{}", named.id);
    let updated: Task = serde_json::from_value(
        json_of(server.patch(&path, json!({"goals": "new goals"})).await, 200).await,
    )
    .unwrap();
    assert_eq!(updated.goals.as_deref(), Some("new goals"));
    assert_eq!(updated.name, named.name);
    assert_eq!(updated.tools, named.tools);
    error_of(server.patch(&path, json!({"instructions": "  "})).await, 422).await;

    let by_mate: Page<Task> = serde_json::from_value(
        json_of(server.get(&format!("/tasks?teammate_id={mate}&user_id=alice")).await, 200).await,
    )
    .unwrap();
    assert_eq!(by_mate.data.iter().map(|t| t.id).collect::<Vec<_>>(), vec![made.id]);
    error_of(server.get("/tasks/?teammate=1").await, 422).await;

    assert_eq!(server.delete(&path).await.status(), 204);
    assert_eq!(server.delete(&path).await.status(), 204);
    let archived: Task =
        serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
    assert_eq!(archived.status.as_deref(), Some("archived"));
    let all: Page<Task> =
        serde_json::from_value(json_of(server.get("/tasks/").await, 200).await).unwrap();
    assert_eq!(all.data.iter().map(|t| t.id).collect::<Vec<_>>(), vec![made.id]);
    error_of(server.delete("/tasks/999").await, 404).await;

    assert_eq!(server.delete(&format!("/teammates/{mate}")).await.status(), 204);
    let refused = server.post("/tasks/", json!({"teammate_id": mate, "instructions": "x"})).await;
    assert_eq!(error_of(refused, 409).await["error_code"], "teammate_archived");
    server.stop().await;
}

#[tokio::test]
async fn tasks_are_isolated_between_accounts_and_end_users() {
    let server = TestServer::start().await;
    let mate = teammate(&server).await;
    let made =
        task(&server, json!({"teammate_id": mate, "instructions": "x", "user_id": "alice"})).await;
    let other = server.second_account("o@x.io").await;
    let path = format!("/tasks/{}", made.id);
    error_of(server.request_as(&other, Method::GET, &path).send().await.unwrap(), 404).await;
    error_of(server.request_as(&other, Method::DELETE, &path).send().await.unwrap(), 404).await;
    let borrowed = server
        .request_as(&other, Method::POST, "/tasks/")
        .json(&json!({"teammate_id": mate, "instructions": "x"}))
        .send()
        .await
        .unwrap();
    error_of(borrowed, 404).await;
    let triggers =
        server.request_as(&other, Method::GET, &format!("{path}/triggers")).send().await.unwrap();
    error_of(triggers, 404).await;
    error_of(server.get(&format!("{path}?user_id=bob")).await, 404).await;
    json_of(server.get(&format!("{path}?user_id=alice")).await, 200).await;
    server.stop().await;
}

#[tokio::test]
async fn schedule_triggers_compute_next_run() {
    let server = TestServer::start().await;
    let mate = teammate(&server).await;
    let made = task(&server, json!({"teammate_id": mate, "instructions": "x"})).await;
    let before = Utc::now();
    let interval: Trigger = serde_json::from_value(
        trigger(
            &server,
            made.id,
            json!({"type": "schedule", "timezone": "UTC", "interval_seconds": 3600}),
            201,
        )
        .await,
    )
    .unwrap();
    assert!(interval.id > 0);
    assert_eq!(interval.kind, "schedule");
    assert_eq!(interval.enabled, Some(true));
    assert_eq!(interval.interval_seconds, Some(3600));
    let next = at(interval.next_run.as_deref().unwrap());
    let expected = before + chrono::Duration::seconds(3600);
    assert!((next - expected).num_seconds().abs() <= 2, "{next} vs {expected}");

    let cron: Trigger = serde_json::from_value(
        trigger(
            &server,
            made.id,
            json!({"type": "schedule", "timezone": "Asia/Kolkata", "cron": "30 9 * * *"}),
            201,
        )
        .await,
    )
    .unwrap();
    assert_eq!(cron.timezone.as_deref(), Some("Asia/Kolkata"));
    let next = at(cron.next_run.as_deref().unwrap());
    // 09:30 in Kolkata (UTC+5:30) is 04:00 UTC, within the next day.
    assert_eq!(next.format("%H:%M:%S").to_string(), "04:00:00");
    assert!(next > Utc::now() && next - Utc::now() <= chrono::Duration::days(1));

    for body in [
        json!({"type": "schedule", "timezone": "UTC"}),
        json!({"type": "schedule", "timezone": "Nowhere/City", "interval_seconds": 60}),
        json!({"type": "schedule", "timezone": "UTC", "cron": "61 * * * *"}),
        json!({"type": "schedule", "timezone": "UTC", "cron": "0 0 30 2 *"}),
        json!({"type": "schedule", "timezone": "UTC", "cron": "* * * * *", "interval_seconds": 5}),
        json!({"type": "schedule", "timezone": "UTC", "interval_seconds": 0}),
        json!({"type": "schedule", "timezone": "UTC", "interval_seconds": -5}),
        json!({"type": "schedule", "timezone": "UTC", "interval_seconds": u64::MAX}),
        json!({"type": "sms", "timezone": "UTC"}),
        json!({"type": "webhook", "timezone": "UTC", "cron": "* * * * *"}),
        json!({"type": "email", "timezone": "Not/AZone"}),
    ] {
        let error =
            error_of(server.post(&format!("/tasks/{}/triggers", made.id), body.clone()).await, 422)
                .await;
        assert!(!error["message"].as_str().unwrap().is_empty(), "{body}");
    }
    // Without `timezone` the default is UTC.
    let defaulted =
        trigger(&server, made.id, json!({"type": "schedule", "interval_seconds": 60}), 201).await;
    assert_eq!(defaulted["timezone"], "UTC");
    error_of(
        server
            .post("/tasks/999/triggers/", json!({"type": "schedule", "interval_seconds": 60}))
            .await,
        404,
    )
    .await;
    server.stop().await;
}

#[tokio::test]
async fn webhook_and_email_triggers_are_virtual_and_listed() {
    let server = TestServer::start().await;
    let mate = teammate(&server).await;
    let made = task(&server, json!({"teammate_id": mate, "instructions": "x"})).await;
    let other = task(&server, json!({"teammate_id": mate, "instructions": "y"})).await;
    let schedule = trigger(
        &server,
        made.id,
        json!({"type": "schedule", "timezone": "UTC", "interval_seconds": 60}),
        201,
    )
    .await;
    let hook: Trigger = serde_json::from_value(
        trigger(&server, made.id, json!({"type": "webhook", "timezone": "UTC"}), 201).await,
    )
    .unwrap();
    assert_eq!((hook.id, hook.kind.as_str()), (0, "webhook"));
    let url = hook.url.clone().unwrap();
    assert!(
        url.starts_with(&format!("{}/inbound/webhooks/tasks/{}/", server.base, made.id)),
        "{url}"
    );
    let again: Trigger = serde_json::from_value(
        trigger(&server, made.id, json!({"type": "webhook", "timezone": "UTC"}), 201).await,
    )
    .unwrap();
    assert_eq!(again.url, hook.url, "one webhook URL per task");
    let mail: Trigger = serde_json::from_value(
        trigger(&server, made.id, json!({"type": "email", "timezone": "UTC"}), 201).await,
    )
    .unwrap();
    assert_eq!(mail.id, 0);
    assert!(mail.address.as_deref().unwrap().ends_with("@inbox.m8tes.local"));

    for path in [format!("/tasks/{}/triggers", made.id), format!("/tasks/{}/triggers/", made.id)] {
        let listed: Vec<Trigger> =
            serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
        let kinds: Vec<(i64, &str)> = listed.iter().map(|t| (t.id, t.kind.as_str())).collect();
        assert_eq!(
            kinds,
            vec![(schedule["id"].as_i64().unwrap(), "schedule"), (0, "webhook"), (0, "email")]
        );
    }
    error_of(server.get("/tasks/999/triggers").await, 404).await;

    let zero = error_of(server.delete(&format!("/tasks/{}/triggers/0", made.id)).await, 422).await;
    assert!(zero["message"].as_str().unwrap().contains("0"));
    let schedule_path = format!("/tasks/{}/triggers/{}", made.id, schedule["id"]);
    error_of(server.delete(&format!("/tasks/{}/triggers/{}", other.id, schedule["id"])).await, 404)
        .await;
    assert_eq!(server.delete(&schedule_path).await.status(), 204);
    error_of(server.delete(&schedule_path).await, 404).await;
    error_of(server.delete(&format!("/tasks/{}/triggers/abc", made.id)).await, 422).await;
    server.stop().await;
}

#[tokio::test]
async fn archiving_a_task_stops_its_triggers() {
    let server = TestServer::start().await;
    let mate = teammate(&server).await;
    let made = task(&server, json!({"teammate_id": mate, "instructions": "x"})).await;
    trigger(
        &server,
        made.id,
        json!({"type": "schedule", "timezone": "UTC", "interval_seconds": 60}),
        201,
    )
    .await;
    trigger(&server, made.id, json!({"type": "webhook", "timezone": "UTC"}), 201).await;
    assert_eq!(server.delete(&format!("/tasks/{}", made.id)).await.status(), 204);
    let listed: Vec<Trigger> = serde_json::from_value(
        json_of(server.get(&format!("/tasks/{}/triggers", made.id)).await, 200).await,
    )
    .unwrap();
    assert_eq!(listed.len(), 1, "the webhook URL is gone: {listed:?}");
    assert_eq!(listed[0].enabled, Some(false));
    assert_eq!(listed[0].next_run, None);
    let refused = trigger(&server, made.id, json!({"type": "email", "timezone": "UTC"}), 409).await;
    assert_eq!(refused["error"]["error_code"], "task_archived");
    server.stop().await;
}
