//! SDK 4.49's teammate calls over real HTTP: create with `webhook`/`email_inbox`, list with
//! `include_archived`, `disable`/`enable`/`unarchive`/`reset`, `system-prompt`, and pausing
//! the inbound webhook without losing its URL. Every by-id route 404s another account's
//! teammate and, with `?user_id=`, another end user's.

mod common;

use std::time::Duration;

use common::{error_of, json_of, TestServer};
use serde_json::{json, Value};

async fn mate(server: &TestServer, body: Value) -> Value {
    json_of(server.post("/agents/", body).await, 201).await
}

fn ids(page: &Value) -> Vec<i64> {
    page["data"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn create_can_ask_for_the_webhook_and_the_inbox() {
    let server = TestServer::start().await;
    let made = mate(&server, json!({"name": "Inbox", "email_inbox": true, "webhook": true})).await;
    assert_eq!(made["inbound_email_enabled"], true);
    let address = made["email_address"].as_str().unwrap();
    assert!(address.ends_with("@inbox.m8tes.local"), "{address}");
    assert_eq!(made["webhook_enabled"], true);
    let plain = mate(&server, json!({"name": "Plain"})).await;
    assert_eq!(
        (plain["inbound_email_enabled"].clone(), plain["webhook_enabled"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(plain["email_address"], Value::Null);
    error_of(server.post("/agents/", json!({"name": "x", "email_inbox": "yes"})).await, 422).await;

    // The inbox works: mail to it starts a run.
    let mail = json!({"to": address, "from": "a@b.io", "subject": "hi", "text": "hello"});
    let run = server.http.post(server.url("/inbound/email")).json(&mail).send().await.unwrap();
    assert_eq!(json_of(run, 202).await["teammate_id"], made["id"]);
    server.stop().await;
}

#[tokio::test]
async fn archived_teammates_are_listed_only_when_asked_and_come_back_disabled() {
    let server = TestServer::start().await;
    let kept = mate(&server, json!({"name": "Kept"})).await["id"].as_i64().unwrap();
    let gone = mate(&server, json!({"name": "Gone"})).await["id"].as_i64().unwrap();
    assert_eq!(server.delete(&format!("/agents/{gone}")).await.status(), 204);

    assert_eq!(ids(&json_of(server.get("/agents/").await, 200).await), [kept]);
    let all = json_of(server.get("/agents/?include_archived=true").await, 200).await;
    assert_eq!(ids(&all), [kept, gone]);
    assert_eq!(all["data"][1]["status"], "archived");
    let summary = json_of(server.get("/agents/?include_archived=false&fields=summary").await, 200);
    assert_eq!(ids(&summary.await), [kept]);
    error_of(server.get("/agents/?fields=everything").await, 422).await;
    error_of(server.get("/agents/?include_archived=maybe").await, 422).await;

    error_of(server.post(&format!("/agents/{gone}/disable"), json!({})).await, 409).await;
    let error =
        error_of(server.post(&format!("/agents/{gone}/enable"), json!({})).await, 409).await;
    assert_eq!(error["error_code"], "teammate_archived", "{error}");
    let back = json_of(server.post(&format!("/agents/{gone}/unarchive"), json!({})).await, 200);
    assert_eq!(back.await["status"], "disabled", "an unarchived teammate comes back paused");
    let again = json_of(server.post(&format!("/agents/{gone}/unarchive"), json!({})).await, 200);
    assert_eq!(again.await["status"], "disabled", "idempotent");
    assert_eq!(ids(&json_of(server.get("/agents/").await, 200).await), [kept, gone]);
    let on = json_of(server.post(&format!("/agents/{gone}/enable"), json!({})).await, 200).await;
    assert_eq!(on["status"], "enabled");
    server.stop().await;
}

async fn runs_of(server: &TestServer, teammate_id: i64) -> usize {
    let page = json_of(server.get(&format!("/runs/?teammate_id={teammate_id}")).await, 200).await;
    page["data"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_disabled_teammates_schedules_wait_until_it_is_enabled() {
    let server = TestServer::start().await;
    let id = mate(&server, json!({"name": "Sched"})).await["id"].as_i64().unwrap();
    let off = json_of(server.post(&format!("/agents/{id}/disable"), json!({})).await, 200).await;
    assert_eq!(off["status"], "disabled");
    assert_eq!(ids(&json_of(server.get("/agents/").await, 200).await), [id], "still listed");
    let task = json_of(
        server.post("/tasks/", json!({"teammate_id": id, "instructions": "Tick"})).await,
        201,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let schedule = json!({"type": "schedule", "timezone": "UTC", "interval_seconds": 1});
    json_of(server.post(&format!("/tasks/{task}/triggers"), schedule).await, 201).await;

    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(runs_of(&server, id).await, 0, "a paused teammate's schedule does not fire");

    json_of(server.post(&format!("/agents/{id}/enable"), json!({})).await, 200).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while runs_of(&server, id).await == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the schedule never fired again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn reset_and_system_prompt() {
    let server = TestServer::start().await;
    let body = json!({"name": "Ada", "role": "an analyst", "goals": "clarity",
        "instructions": "Answer in one line.", "tools": ["gmail"], "user_id": "alice"});
    let id = mate(&server, body).await["id"].as_i64().unwrap();

    let path = format!("/agents/{id}/reset?user_id=alice");
    assert_eq!(
        json_of(server.post(&path, json!({})).await, 200).await,
        json!({"reset_fields": []})
    );
    let named = json_of(server.post(&path, json!({"fields": ["name"]})).await, 200).await;
    assert_eq!(named, json!({"reset_fields": []}), "no templates here, so no overrides");
    error_of(server.post(&path, json!({"fields": [""]})).await, 422).await;
    error_of(server.post(&path, json!({"field": ["name"]})).await, 422).await;

    let prompt = json_of(server.get(&format!("/agents/{id}/system-prompt")).await, 200).await;
    assert_eq!(prompt["prompt_profile"], "platform");
    assert!(prompt["profile_description"].as_str().is_some_and(|d| !d.is_empty()));
    let text = prompt["system_prompt"].as_str().unwrap();
    for part in ["You are Ada, an analyst.", "clarity", "Answer in one line.", "Tools: gmail"] {
        assert!(text.contains(part), "{part:?} in {text:?}");
    }
    assert_eq!(prompt["characters"], text.chars().count());

    for path in
        [format!("/agents/{id}/system-prompt?user_id=bob"), format!("/agents/{id}?user_id=bob")]
    {
        error_of(server.get(&path).await, 404).await;
    }
    for route in ["disable", "enable", "unarchive", "reset", "webhook", "email-inbox"] {
        let path = format!("/agents/{id}/{route}?user_id=bob");
        error_of(server.post(&path, json!({})).await, 404).await;
    }
    error_of(server.patch(&format!("/agents/{id}?user_id=bob"), json!({"name": "x"})).await, 404)
        .await;
    error_of(server.delete(&format!("/agents/{id}?user_id=bob")).await, 404).await;
    let other = server.second_account("other@example.com").await;
    for route in ["disable", "enable", "unarchive", "reset"] {
        let path = format!("/agents/{id}/{route}");
        let foreign = server.request_as(&other, reqwest::Method::POST, &path).json(&json!({}));
        error_of(foreign.send().await.unwrap(), 404).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn a_paused_webhook_keeps_its_url_and_refuses_to_fire() {
    let server = TestServer::start().await;
    let id = mate(&server, json!({"name": "Hook"})).await["id"].as_i64().unwrap();
    let path = format!("/agents/{id}/webhook");
    let error = error_of(server.patch(&path, json!({"enabled": false})).await, 400).await;
    assert_eq!(error["error_code"], "webhook_not_enabled", "{error}");

    let minted = json_of(server.post(&path, json!({})).await, 201).await;
    let url = minted["url"].as_str().unwrap().to_owned();
    let paused = json_of(server.patch(&path, json!({"enabled": false})).await, 200).await;
    assert_eq!(paused, json!({"enabled": false, "url": url}), "the URL survives a pause");
    let shown = json_of(server.get(&format!("/agents/{id}")).await, 200).await;
    assert_eq!(shown["webhook_enabled"], false);
    // The inbox coming and going leaves the pause alone.
    json_of(server.post(&format!("/agents/{id}/email-inbox"), json!({})).await, 201).await;
    assert_eq!(server.delete(&format!("/agents/{id}/email-inbox")).await.status(), 204);
    let shown = json_of(server.get(&format!("/agents/{id}")).await, 200).await;
    assert_eq!(shown["webhook_enabled"], false);

    let fired = server.http.post(&url).json(&json!({"a": 1})).send().await.unwrap();
    let error = error_of(fired, 409).await;
    assert_eq!(error["error_code"], "webhook_paused", "{error}");
    let wrong = format!("{}x", &url[..url.len() - 1]);
    error_of(server.http.post(&wrong).json(&json!({})).send().await.unwrap(), 404).await;

    let resumed = json_of(server.patch(&path, json!({"enabled": true})).await, 200).await;
    assert_eq!(resumed, json!({"enabled": true, "url": url}));
    let fired = server.http.post(&url).json(&json!({"a": 1})).send().await.unwrap();
    assert_eq!(json_of(fired, 202).await["teammate_id"], id);
    assert_eq!(
        json_of(server.get(&format!("/agents/{id}")).await, 200).await["webhook_enabled"],
        true
    );

    error_of(server.patch(&path, json!({"enabled": "no"})).await, 422).await;
    error_of(server.patch(&path, json!({})).await, 422).await;
    error_of(server.patch(&format!("{path}?user_id=bob"), json!({"enabled": true})).await, 404)
        .await;
    // Destroying it is still DELETE; then there is nothing to pause.
    assert_eq!(server.delete(&path).await.status(), 204);
    error_of(server.patch(&path, json!({"enabled": true})).await, 400).await;
    server.stop().await;
}
