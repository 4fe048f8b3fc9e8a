//! SDK 4.49's account scope for memories and permission policies: without `user_id` a memory
//! or policy is the account's, seen by runs without a user. The scopes never mix. Also
//! `memories.update`, `GET /memories/{id}`, `audience` and the `query` filter.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::{streamed, text, tool_names};
use serde_json::{json, Value};

fn contents(page: &Value) -> Vec<&str> {
    page["data"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn account_memories_are_their_own_scope() {
    let server = TestServer::start().await;
    let account = json_of(
        server
            .post("/memories/", json!({"content": "Office is in Lyon", "audience": "company"}))
            .await,
        201,
    )
    .await;
    assert_eq!(
        (account["user_id"].clone(), account["audience"].clone()),
        (Value::Null, json!("company"))
    );
    let alice = json_of(
        server
            .post("/memories/", json!({"content": "Office is in Lyon", "user_id": "alice"}))
            .await,
        201,
    )
    .await;
    assert_eq!(
        (alice["user_id"].clone(), alice["audience"].clone()),
        (json!("alice"), Value::Null)
    );
    let again = server.post("/memories/", json!({"content": "office IS in  lyon"})).await;
    assert_eq!(error_of(again, 409).await["error_code"], "duplicate_memory");
    json_of(server.post("/memories/", json!({"content": "Prefers tea"})).await, 201).await;

    let listed = json_of(server.get("/memories/").await, 200).await;
    assert_eq!(contents(&listed), ["Office is in Lyon", "Prefers tea"]);
    assert!(listed["data"].as_array().unwrap().iter().all(|m| m["user_id"].is_null()));
    let theirs = json_of(server.get("/memories/?user_id=alice").await, 200).await;
    assert_eq!(contents(&theirs), ["Office is in Lyon"]);
    let found = json_of(server.get("/memories/?query=TEA").await, 200).await;
    assert_eq!(contents(&found), ["Prefers tea"]);
    let none = json_of(server.get("/memories/?user_id=alice&query=tea").await, 200).await;
    assert!(contents(&none).is_empty(), "the filter never widens the scope");

    let (id, alice_id) = (account["id"].as_i64().unwrap(), alice["id"].as_i64().unwrap());
    assert_eq!(json_of(server.get(&format!("/memories/{id}")).await, 200).await["id"], id);
    error_of(server.get(&format!("/memories/{id}?user_id=alice")).await, 404).await;
    error_of(server.get(&format!("/memories/{alice_id}")).await, 404).await;
    error_of(server.delete(&format!("/memories/{alice_id}")).await, 404).await;
    error_of(server.get("/memories/?user_id=").await, 422).await;
    error_of(server.post("/memories/", json!({"content": "x", "user_id": " "})).await, 422).await;
    error_of(server.post("/memories/", json!({"content": "x", "audience": "team"})).await, 422)
        .await;

    // Runs without a user recall the account's memories, not an end user's.
    let (events, _) = streamed(&server, json!({"message": "hello"})).await;
    assert!(text(&events).contains("Prefers tea"), "{}", text(&events));
    let (events, _) = streamed(&server, json!({"message": "hello", "user_id": "alice"})).await;
    assert!(!text(&events).contains("Prefers tea"), "{}", text(&events));

    assert_eq!(server.delete(&format!("/memories/{id}")).await.status(), 204);
    assert_eq!(server.delete(&format!("/memories/{alice_id}?user_id=alice")).await.status(), 204);
    server.stop().await;
}

#[tokio::test]
async fn a_memory_is_corrected_in_place() {
    let server = TestServer::start().await;
    let made = json_of(
        server
            .post(
                "/memories/",
                json!({"content": "Likes jazz", "user_id": "ann", "audience": "personal"}),
            )
            .await,
        201,
    )
    .await;
    let other = json_of(
        server.post("/memories/", json!({"content": "Has a dog", "user_id": "ann"})).await,
        201,
    )
    .await;
    let path = format!("/memories/{}?user_id=ann", made["id"]);

    let edited =
        json_of(server.patch(&path, json!({"content": "  Likes blues "})).await, 200).await;
    assert_eq!(
        (edited["content"].clone(), edited["audience"].clone()),
        (json!("Likes blues"), json!("personal"))
    );
    let classified = json_of(server.patch(&path, json!({"audience": "company"})).await, 200).await;
    assert_eq!(
        (classified["content"].clone(), classified["audience"].clone()),
        (json!("Likes blues"), json!("company"))
    );
    let same = json_of(server.patch(&path, json!({"content": "likes BLUES"})).await, 200).await;
    assert_eq!(same["content"], "likes BLUES", "its own text in other case is no duplicate");

    let taken = server.patch(&path, json!({"content": "has a dog"})).await;
    assert_eq!(error_of(taken, 409).await["error_code"], "duplicate_memory");
    for body in
        [json!({}), json!({"content": ""}), json!({"audience": "everyone"}), json!({"text": "x"})]
    {
        error_of(server.patch(&path, body).await, 422).await;
    }
    let shown = json_of(server.get(&path).await, 200).await;
    assert_eq!(shown["content"], "likes BLUES", "refused changes change nothing");
    let wrong = format!("/memories/{}?user_id=bob", made["id"]);
    error_of(server.patch(&wrong, json!({"content": "x"})).await, 404).await;
    error_of(
        server.patch(&format!("/memories/{}", made["id"]), json!({"content": "x"})).await,
        404,
    )
    .await;
    let stranger = server.second_account("other@example.com").await;
    let foreign = server
        .request_as(&stranger, reqwest::Method::PATCH, &path)
        .json(&json!({"content": "x"}))
        .send()
        .await
        .unwrap();
    error_of(foreign, 404).await;
    assert_eq!(other["user_id"], "ann");
    server.stop().await;
}

#[tokio::test]
async fn account_policies_pre_approve_tools_for_runs_without_a_user() {
    let server = TestServer::start().await;
    let made =
        json_of(server.post("/permissions/", json!({"user_id": null, "tool": "gmail"})).await, 201)
            .await;
    assert_eq!((made["user_id"].clone(), made["tool_name"].clone()), (Value::Null, json!("gmail")));
    let repeat = json_of(server.post("/permissions/", json!({"tool": "gmail"})).await, 200).await;
    assert_eq!(repeat["id"], made["id"], "idempotent per scope");
    let ann = json_of(
        server.post("/permissions/", json!({"user_id": "ann", "tool": "gmail"})).await,
        201,
    )
    .await;
    assert_ne!(ann["id"], made["id"]);

    let listed = json_of(server.get("/permissions/").await, 200).await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 1);
    assert_eq!(listed["data"][0]["id"], made["id"]);
    let anns = json_of(server.get("/permissions/?user_id=ann").await, 200).await;
    assert_eq!(anns["data"][0]["id"], ann["id"]);

    // An approval-mode run without a user runs the account-approved tool without asking.
    let body = json!({"message": "Check my inbox", "tools": ["gmail"], "stream": true,
        "human_in_the_loop": true, "permission_mode": "approval"});
    let (events, _) = streamed(&server, body).await;
    assert_eq!(tool_names(&events), ["gmail"], "no gate: {}", text(&events));

    error_of(server.delete(&format!("/permissions/{}?user_id=ann", made["id"])).await, 404).await;
    error_of(server.delete(&format!("/permissions/{}", ann["id"])).await, 404).await;
    assert_eq!(server.delete(&format!("/permissions/{}", made["id"])).await.status(), 204);
    error_of(server.post("/permissions/", json!({"user_id": "", "tool": "gmail"})).await, 422)
        .await;
    error_of(server.post("/permissions/", json!({"tool": ""})).await, 422).await;
    server.stop().await;
}
