//! Teammates and the `/agents` alias over real HTTP (wire.md §2.1, D3).

mod common;

use common::{error_of, json_of, TestServer};
use m8tes_protocol::types::{EmailInbox, Page, Teammate, TeammateWebhook};
use reqwest::Method;
use serde_json::json;

async fn create(server: &TestServer, body: serde_json::Value) -> Teammate {
    serde_json::from_value(json_of(server.post("/teammates/", body).await, 201).await).unwrap()
}

#[tokio::test]
async fn create_round_trips_every_field() {
    let server = TestServer::start().await;
    let made = create(
        &server,
        json!({
            "name": "Zoë the Résumé bot 🤖", "instructions": "Be kind", "tools": ["gmail", "slack"],
            "role": "support", "goals": "answer", "user_id": "alice",
            "metadata": {"tier": "gold", "n": 3}, "allowed_senders": ["boss@acme.io"]
        }),
    )
    .await;
    assert_eq!(made.name, "Zoë the Résumé bot 🤖");
    assert_eq!(made.tools.as_deref(), Some(&["gmail".to_string(), "slack".to_string()][..]));
    assert_eq!(made.metadata.as_ref().unwrap()["n"], 3);
    assert_eq!(made.allowed_senders.as_deref(), Some(&["boss@acme.io".to_string()][..]));
    assert_eq!(made.status.as_deref(), Some("enabled"));
    assert_eq!(made.inbound_email_enabled, Some(false));
    assert!(made.created_at.as_deref().unwrap().ends_with('Z'));

    let minimal = create(&server, json!({"name": "m"})).await;
    assert_eq!(minimal.tools, Some(vec![]), "tools default to an empty list");
    assert_eq!(minimal.instructions, None);

    let fetched: Teammate = serde_json::from_value(
        json_of(server.get(&format!("/teammates/{}", made.id)).await, 200).await,
    )
    .unwrap();
    assert_eq!(fetched, made);
    let via_alias: Teammate = serde_json::from_value(
        json_of(server.get(&format!("/agents/{}", made.id)).await, 200).await,
    )
    .unwrap();
    assert_eq!(via_alias, made);
    let alias_made: Teammate = serde_json::from_value(
        json_of(server.post("/agents", json!({"name": "a"})).await, 201).await,
    )
    .unwrap();
    assert!(alias_made.id > minimal.id);
    server.stop().await;
}

#[tokio::test]
async fn bad_bodies_and_ids_are_refused() {
    let server = TestServer::start().await;
    for body in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "   "}),
        json!({"name": "x".repeat(256)}),
        json!({"name": "ok", "tools": "gmail"}),
        json!({"name": "ok", "allowed_senders": [""]}),
    ] {
        error_of(server.post("/teammates/", body).await, 422).await;
    }
    assert_eq!(create(&server, json!({"name": "é".repeat(255)})).await.name.chars().count(), 255);
    let not_json =
        server.request(Method::POST, "/teammates/").body("{\"name\": ").send().await.unwrap();
    error_of(not_json, 422).await;
    let put = server.request(Method::PUT, "/teammates/1").body("{}").send().await.unwrap();
    error_of(put, 405).await;
    error_of(server.get("/teammates/999").await, 404).await;
    error_of(server.get("/teammates/abc").await, 422).await;
    error_of(server.patch("/teammates/999", json!({"name": "x"})).await, 404).await;
    error_of(server.delete("/teammates/999").await, 404).await;
    error_of(server.request(Method::POST, "/teammates/999/webhook").send().await.unwrap(), 404)
        .await;
    error_of(server.delete("/teammates/999/email-inbox").await, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn list_pages_filters_and_hides_archived() {
    let server = TestServer::start().await;
    let mut ids = Vec::new();
    for (name, user) in [("a", "alice"), ("b", "bob"), ("c", "alice"), ("d", "alice")] {
        ids.push(create(&server, json!({"name": name, "user_id": user})).await.id);
    }
    assert_eq!(server.delete(&format!("/teammates/{}", ids[3])).await.status(), 204);

    let page: Page<Teammate> =
        serde_json::from_value(json_of(server.get("/teammates/?limit=2").await, 200).await)
            .unwrap();
    assert_eq!(page.data.iter().map(|t| t.id).collect::<Vec<_>>(), ids[..2]);
    assert!(page.has_more);
    let next = page.next_cursor(None).expect("a next page");
    let rest: Page<Teammate> = serde_json::from_value(
        json_of(server.get(&format!("/teammates?limit=2&starting_after={next}")).await, 200).await,
    )
    .unwrap();
    assert_eq!(rest.data.iter().map(|t| t.id).collect::<Vec<_>>(), vec![ids[2]]);
    assert!(!rest.has_more);

    let alices: Page<Teammate> =
        serde_json::from_value(json_of(server.get("/agents/?user_id=alice").await, 200).await)
            .unwrap();
    assert_eq!(alices.data.iter().map(|t| t.id).collect::<Vec<_>>(), vec![ids[0], ids[2]]);

    error_of(server.get("/teammates/?limit=0").await, 422).await;
    error_of(server.get("/teammates/?limit=101").await, 422).await;
    let unknown = error_of(server.get("/teammates/?colour=red").await, 422).await;
    assert!(unknown["message"].as_str().unwrap().contains("colour"), "{unknown}");
    json_of(server.get("/teammates/?limit=100").await, 200).await;
    server.stop().await;
}

#[tokio::test]
async fn update_changes_only_what_is_sent() {
    let server = TestServer::start().await;
    let made = create(&server, json!({"name": "n", "role": "r", "tools": ["gmail"]})).await;
    let path = format!("/teammates/{}", made.id);
    let updated: Teammate = serde_json::from_value(
        json_of(
            server.patch(&path, json!({"instructions": "new", "metadata": {"k": 1}})).await,
            200,
        )
        .await,
    )
    .unwrap();
    assert_eq!(updated.instructions.as_deref(), Some("new"));
    assert_eq!(updated.role.as_deref(), Some("r"));
    assert_eq!(updated.tools, made.tools);
    assert!(updated.updated_at.is_some());
    error_of(server.patch(&path, json!({"name": ""})).await, 422).await;
    let after: Teammate =
        serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
    assert_eq!(after.name, "n", "a refused update changes nothing");
    server.stop().await;
}

#[tokio::test]
async fn delete_archives_and_repeats_quietly() {
    let server = TestServer::start().await;
    let made = create(&server, json!({"name": "n"})).await;
    let path = format!("/teammates/{}", made.id);
    server.request(Method::POST, &format!("{path}/webhook")).send().await.unwrap();
    assert_eq!(server.delete(&path).await.status(), 204);
    assert_eq!(server.delete(&path).await.status(), 204);
    let archived: Teammate =
        serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
    assert_eq!(archived.status.as_deref(), Some("archived"));
    let error = error_of(
        server.request(Method::POST, &format!("{path}/webhook")).send().await.unwrap(),
        409,
    )
    .await;
    assert_eq!(error["error_code"], "teammate_archived");
    server.stop().await;
}

#[tokio::test]
async fn webhook_and_inbox_enable_idempotently_and_reissue_after_disable() {
    let server = TestServer::start().await;
    let made = create(&server, json!({"name": "n"})).await;
    let path = format!("/teammates/{}", made.id);
    let enable = |suffix: &'static str| {
        let server = &server;
        let path = path.clone();
        async move {
            json_of(
                server.request(Method::POST, &format!("{path}/{suffix}")).send().await.unwrap(),
                201,
            )
            .await
        }
    };
    let first: TeammateWebhook = serde_json::from_value(enable("webhook").await).unwrap();
    assert!(first.enabled);
    let url = first.url.unwrap();
    let prefix = format!("{}/inbound/webhooks/teammates/{}/", server.base, made.id);
    assert!(url.starts_with(&prefix), "{url}");
    assert!(url[prefix.len()..].len() >= 32, "the token is unguessable: {url}");
    let again: TeammateWebhook = serde_json::from_value(enable("webhook").await).unwrap();
    assert_eq!(again.url.as_deref(), Some(url.as_str()));
    assert_eq!(server.delete(&format!("{path}/webhook")).await.status(), 204);
    let reissued: TeammateWebhook = serde_json::from_value(enable("webhook").await).unwrap();
    assert_ne!(reissued.url.as_deref(), Some(url.as_str()));

    let inbox: EmailInbox = serde_json::from_value(enable("email-inbox").await).unwrap();
    let address = inbox.address.unwrap();
    assert!(address.ends_with("@inbox.m8tes.local"), "{address}");
    let same: EmailInbox = serde_json::from_value(enable("email-inbox").await).unwrap();
    assert_eq!(same.address.as_deref(), Some(address.as_str()));
    let shown: Teammate =
        serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
    assert_eq!(shown.inbound_email_enabled, Some(true));
    assert_eq!(shown.email_address.as_deref(), Some(address.as_str()));
    assert_eq!(server.delete(&format!("{path}/email-inbox")).await.status(), 204);
    let shown: Teammate =
        serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
    assert_eq!(shown.inbound_email_enabled, Some(false));
    assert_eq!(shown.email_address, None);
    server.stop().await;
}

#[tokio::test]
async fn accounts_and_end_users_are_isolated() {
    let server = TestServer::start().await;
    let made = create(&server, json!({"name": "mine", "user_id": "alice"})).await;
    let other = server.second_account("other@x.io").await;
    let path = format!("/teammates/{}", made.id);
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let response = server
            .request_as(&other, method, &path)
            .json(&json!({"name": "x"}))
            .send()
            .await
            .unwrap();
        error_of(response, 404).await;
    }
    let theirs = server.request_as(&other, Method::GET, "/teammates/").send().await.unwrap();
    assert_eq!(json_of(theirs, 200).await["data"], json!([]));
    error_of(server.get(&format!("{path}?user_id=bob")).await, 404).await;
    json_of(server.get(&format!("{path}?user_id=alice")).await, 200).await;
    error_of(server.get(&format!("{path}?colour=red")).await, 422).await;
    server.stop().await;
}
