//! End users and what is kept per end user: profiles, memories, tool policies (wire.md
//! §2.6–2.8), over real HTTP.

mod common;

use common::{error_of, json_of, TestServer};
use m8tes_protocol::seg;
use m8tes_protocol::types::{EndUser, Memory, Page, PermissionPolicy};
use reqwest::Method;
use serde_json::json;

fn user_path(user_id: &str) -> String {
    format!("/users/{}", seg(user_id).unwrap())
}

#[tokio::test]
async fn users_crud_by_string_id() {
    let server = TestServer::start().await;
    let made: EndUser = serde_json::from_value(
        json_of(
            server
                .post(
                    "/users/",
                    json!({"user_id": "ann bjørk?x=1", "name": "Ann",
            "email": "ann@x.io", "metadata": {"a": 1, "b": 2}}),
                )
                .await,
            201,
        )
        .await,
    )
    .unwrap();
    assert_eq!(made.user_id, "ann bjørk?x=1");
    let path = user_path("ann bjørk?x=1");
    let fetched: EndUser =
        serde_json::from_value(json_of(server.get(&path).await, 200).await).unwrap();
    assert_eq!(fetched, made);

    let dup = error_of(server.post("/users", json!({"user_id": "ann bjørk?x=1"})).await, 409).await;
    assert_eq!(dup["error_code"], "user_exists");
    error_of(server.post("/users", json!({"user_id": ""})).await, 422).await;
    error_of(server.post("/users", json!({"name": "no id"})).await, 422).await;

    let updated: EndUser = serde_json::from_value(
        json_of(server.patch(&path, json!({"company": "Acme", "metadata": {"c": 3}})).await, 200)
            .await,
    )
    .unwrap();
    assert_eq!(updated.company.as_deref(), Some("Acme"));
    assert_eq!(updated.name.as_deref(), Some("Ann"));
    assert_eq!(
        serde_json::Value::Object(updated.metadata.unwrap()),
        json!({"c": 3}),
        "metadata is replaced"
    );

    error_of(server.get(&user_path("nobody")).await, 404).await;
    error_of(server.patch(&user_path("nobody"), json!({"name": "x"})).await, 404).await;
    assert_eq!(server.delete(&path).await.status(), 204);
    error_of(server.delete(&path).await, 404).await;
    error_of(server.get(&path).await, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn users_page_by_numeric_id_and_stay_in_their_account() {
    let server = TestServer::start().await;
    for name in ["u1", "u2", "u3"] {
        json_of(server.post("/users", json!({"user_id": name})).await, 201).await;
    }
    let first: Page<EndUser> =
        serde_json::from_value(json_of(server.get("/users/?limit=2").await, 200).await).unwrap();
    assert_eq!(first.data.iter().map(|u| u.user_id.as_str()).collect::<Vec<_>>(), ["u1", "u2"]);
    let cursor = first.next_cursor(None).unwrap();
    assert_eq!(cursor.to_string(), first.data[1].id.to_string());
    let second: Page<EndUser> = serde_json::from_value(
        json_of(server.get(&format!("/users/?limit=2&starting_after={cursor}")).await, 200).await,
    )
    .unwrap();
    assert_eq!(second.data.iter().map(|u| u.user_id.as_str()).collect::<Vec<_>>(), ["u3"]);
    error_of(server.get("/users/?user_id=u1").await, 422).await;

    let other = server.second_account("o@x.io").await;
    let theirs = server.request_as(&other, Method::GET, &user_path("u1")).send().await.unwrap();
    error_of(theirs, 404).await;
    // The same string id is a different user in another account.
    let created = server
        .request_as(&other, Method::POST, "/users")
        .json(&json!({"user_id": "u1"}))
        .send()
        .await
        .unwrap();
    json_of(created, 201).await;
    server.stop().await;
}

#[tokio::test]
async fn memories_trim_refuse_duplicates_and_create_the_user() {
    let server = TestServer::start().await;
    let made: Memory = serde_json::from_value(
        json_of(
            server
                .post("/memories/", json!({"user_id": "mia", "content": "  Prefers   Tea 🍵 "}))
                .await,
            201,
        )
        .await,
    )
    .unwrap();
    assert_eq!(made.content, "Prefers   Tea 🍵");
    assert_eq!(made.source.as_deref(), Some("api"));
    assert_eq!(made.user_id.as_deref(), Some("mia"));
    json_of(server.get(&user_path("mia")).await, 200).await;

    let dup =
        server.post("/memories", json!({"user_id": "mia", "content": "prefers tea  🍵"})).await;
    assert_eq!(error_of(dup, 409).await["error_code"], "duplicate_memory");
    // Another user may hold the same memory.
    json_of(
        server.post("/memories", json!({"user_id": "max", "content": "prefers tea 🍵"})).await,
        201,
    )
    .await;

    json_of(
        server.post("/memories", json!({"user_id": "mia", "content": "é".repeat(300)})).await,
        201,
    )
    .await;
    for body in [
        json!({"user_id": "mia", "content": "x".repeat(301)}),
        json!({"user_id": "mia", "content": "   "}),
        json!({"user_id": "", "content": "x"}),
        json!({"user_id": "mia"}),
    ] {
        error_of(server.post("/memories", body).await, 422).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn memories_list_and_delete_per_user() {
    let server = TestServer::start().await;
    let mut ids = Vec::new();
    for content in ["one", "two", "three"] {
        let made = json_of(
            server.post("/memories", json!({"user_id": "mia", "content": content})).await,
            201,
        )
        .await;
        ids.push(made["id"].as_i64().unwrap());
    }
    let bob =
        json_of(server.post("/memories", json!({"user_id": "bob", "content": "bob's"})).await, 201)
            .await;

    let page: Page<Memory> = serde_json::from_value(
        json_of(server.get("/memories/?user_id=mia&limit=2").await, 200).await,
    )
    .unwrap();
    assert_eq!(page.data.iter().map(|m| m.id).collect::<Vec<_>>(), ids[..2]);
    assert!(page.has_more);
    let rest: Page<Memory> = serde_json::from_value(
        json_of(server.get(&format!("/memories?user_id=mia&starting_after={}", ids[1])).await, 200)
            .await,
    )
    .unwrap();
    assert_eq!(rest.data.iter().map(|m| m.id).collect::<Vec<_>>(), ids[2..]);
    // Without user_id (SDK 4.49) the account scope, which has none of the end users' memories.
    assert_eq!(json_of(server.get("/memories/").await, 200).await["data"], json!([]));

    let bob_id = bob["id"].as_i64().unwrap();
    error_of(server.delete(&format!("/memories/{bob_id}?user_id=mia")).await, 404).await;
    error_of(server.delete(&format!("/memories/{bob_id}")).await, 404).await;
    assert_eq!(server.delete(&format!("/memories/{bob_id}?user_id=bob")).await.status(), 204);
    error_of(server.delete(&format!("/memories/{bob_id}?user_id=bob")).await, 404).await;

    let other = server.second_account("o@x.io").await;
    let theirs =
        server.request_as(&other, Method::GET, "/memories?user_id=mia").send().await.unwrap();
    assert_eq!(json_of(theirs, 200).await["data"], json!([]));
    let steal = server
        .request_as(&other, Method::DELETE, &format!("/memories/{}?user_id=mia", ids[0]))
        .send()
        .await
        .unwrap();
    error_of(steal, 404).await;

    // Deleting the user deletes what is kept about them.
    assert_eq!(server.delete(&user_path("mia")).await.status(), 204);
    let gone: Page<Memory> =
        serde_json::from_value(json_of(server.get("/memories?user_id=mia").await, 200).await)
            .unwrap();
    assert!(gone.data.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn permission_policies_are_idempotent_per_user_and_tool() {
    let server = TestServer::start().await;
    let first = server.post("/permissions/", json!({"user_id": "mia", "tool": "gmail"})).await;
    let first: PermissionPolicy = serde_json::from_value(json_of(first, 201).await).unwrap();
    assert_eq!((first.user_id.as_deref().unwrap(), first.tool_name.as_str()), ("mia", "gmail"));
    let again = server.post("/permissions", json!({"user_id": "mia", "tool": "gmail"})).await;
    let again: PermissionPolicy = serde_json::from_value(json_of(again, 200).await).unwrap();
    assert_eq!(again, first);
    json_of(server.post("/permissions", json!({"user_id": "mia", "tool": "slack"})).await, 201)
        .await;
    json_of(server.post("/permissions", json!({"user_id": "bob", "tool": "gmail"})).await, 201)
        .await;
    for body in [
        json!({"user_id": "mia", "tool": ""}),
        json!({"user_id": "mia"}),
        json!({"user_id": "mia", "tool_name": "gmail"}),
    ] {
        error_of(server.post("/permissions", body).await, 422).await;
    }

    let listed: Page<PermissionPolicy> = serde_json::from_value(
        json_of(server.get("/permissions?user_id=mia&limit=1").await, 200).await,
    )
    .unwrap();
    assert_eq!(listed.data, vec![first.clone()]);
    assert!(listed.has_more);
    assert_eq!(json_of(server.get("/permissions").await, 200).await["data"], json!([]));

    error_of(server.delete(&format!("/permissions/{}?user_id=bob", first.id)).await, 404).await;
    let other = server.second_account("o@x.io").await;
    let steal = server
        .request_as(&other, Method::DELETE, &format!("/permissions/{}?user_id=mia", first.id))
        .send()
        .await
        .unwrap();
    error_of(steal, 404).await;
    assert_eq!(
        server.delete(&format!("/permissions/{}?user_id=mia", first.id)).await.status(),
        204
    );
    error_of(server.delete(&format!("/permissions/{}?user_id=mia", first.id)).await, 404).await;
    server.stop().await;
}
