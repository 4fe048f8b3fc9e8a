//! `GET /runs/` as SDK 4.49 reads it, and the marks a person puts on a run, over real HTTP
//! (wire.md §10.2, §10.5): newest first, the account scope, one task's history, the archive,
//! "waiting on a human" first, viewing and sharing.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::{teammate, wait_for_status, EventReader};
use serde_json::{json, Value};

async fn run(server: &TestServer, body: Value) -> i64 {
    let id = json_of(server.post("/runs/", body).await, 200).await["id"].as_i64().unwrap();
    wait_for_status(server, id, "completed").await;
    id
}

fn ids(page: &Value) -> Vec<i64> {
    page["data"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_account_scope_task_history_and_the_archive() {
    let server = TestServer::start().await;
    let own = run(&server, json!({"message": "mine", "stream": false})).await;
    let ann = run(&server, json!({"message": "hers", "stream": false, "user_id": "ann"})).await;
    let mate = teammate(&server, &[]).await;
    let task = json_of(
        server.post("/tasks/", json!({"teammate_id": mate, "instructions": "Sum up"})).await,
        201,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let task_run =
        json_of(server.post(&format!("/tasks/{task}/runs"), json!({"stream": false})).await, 200)
            .await["id"]
            .as_i64()
            .unwrap();
    wait_for_status(&server, task_run, "completed").await;

    // Newest first; no user_id is the account's own runs (no end user).
    assert_eq!(ids(&json_of(server.get("/runs/").await, 200).await), [task_run, own]);
    let everyone = json_of(server.get("/runs/?include_end_user_runs=true").await, 200).await;
    assert_eq!(ids(&everyone), [task_run, ann, own]);
    assert_eq!(ids(&json_of(server.get("/runs/?user_id=ann").await, 200).await), [ann]);
    let history = json_of(server.get(&format!("/runs/?task_id={task}")).await, 200).await;
    assert_eq!(ids(&history), [task_run]);
    assert_eq!(history["data"][0]["task_id"], task);

    // Archiving hides a run from the default list; doing it twice changes nothing.
    for _ in 0..2 {
        let archived =
            json_of(server.post(&format!("/runs/{own}/archive"), json!({})).await, 200).await;
        assert_eq!(
            (archived["id"].as_i64(), archived["archived"].as_bool()),
            (Some(own), Some(true))
        );
    }
    assert_eq!(ids(&json_of(server.get("/runs/").await, 200).await), [task_run]);
    assert_eq!(ids(&json_of(server.get("/runs/?archived=only").await, 200).await), [own]);
    assert_eq!(
        ids(&json_of(server.get("/runs/?archived=include").await, 200).await),
        [task_run, own]
    );
    assert_eq!(json_of(server.get(&format!("/runs/{own}")).await, 200).await["archived"], true);
    for _ in 0..2 {
        let back =
            json_of(server.post(&format!("/runs/{own}/unarchive"), json!({})).await, 200).await;
        assert_eq!(back["archived"], false);
    }
    assert_eq!(ids(&json_of(server.get("/runs/").await, 200).await), [task_run, own]);

    for bad in [
        "?archived=all",
        "?sort=oldest",
        "?fields=full",
        "?include_end_user_runs=maybe",
        "?task_id=x",
    ] {
        error_of(server.get(&format!("/runs/{bad}")).await, 422).await;
    }
    json_of(server.get("/runs/?fields=summary&exclude_platform_runs=true&sort=created").await, 200)
        .await;
    // Marks on another end user's run, or another account's, are not found.
    error_of(server.post(&format!("/runs/{ann}/archive?user_id=bob"), json!({})).await, 404).await;
    let other = server.second_account("lists@example.com").await;
    for path in ["archive", "unarchive", "view", "share"] {
        let response = server
            .request_as(&other, reqwest::Method::POST, &format!("/runs/{own}/{path}"))
            .send()
            .await
            .unwrap();
        error_of(response, 404).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn priority_puts_runs_waiting_on_a_human_first_and_pages_by_it() {
    let server = TestServer::start().await;
    let first = run(&server, json!({"message": "one", "stream": false})).await;
    let body = json!({"message": "Check my inbox", "stream": true, "tools": ["gmail"],
                      "human_in_the_loop": true, "permission_mode": "approval"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let waiting = stream.until("awaiting_approval").await[0].run_id().unwrap();
    let last = run(&server, json!({"message": "three", "stream": false})).await;

    let page = json_of(server.get("/runs/?sort=priority").await, 200).await;
    assert_eq!(ids(&page), [waiting, last, first]);
    let one = json_of(server.get("/runs/?sort=priority&limit=1").await, 200).await;
    assert_eq!(ids(&one), [waiting]);
    let next = json_of(
        server.get(&format!("/runs/?sort=priority&limit=2&starting_after={waiting}")).await,
        200,
    )
    .await;
    assert_eq!(ids(&next), [last, first]);
    assert_eq!(ids(&json_of(server.get("/runs/").await, 200).await), [last, waiting, first]);
    json_of(server.post(&format!("/runs/{waiting}/cancel"), json!({})).await, 200).await;
    server.stop().await;
}

#[tokio::test]
async fn viewing_and_sharing_a_run() {
    let server = TestServer::start().await;
    let id = run(&server, json!({"message": "share me", "stream": false, "user_id": "ann"})).await;
    assert_eq!(
        json_of(server.get(&format!("/runs/{id}")).await, 200).await["last_viewed_at"],
        Value::Null
    );
    let viewed =
        json_of(server.post(&format!("/runs/{id}/view?user_id=ann"), json!({})).await, 200).await;
    assert!(viewed["last_viewed_at"].is_string(), "{viewed}");
    error_of(server.post(&format!("/runs/{id}/view?user_id=bob"), json!({})).await, 404).await;

    let shared = json_of(server.post(&format!("/runs/{id}/share"), json!({})).await, 200).await;
    let token = shared["share_token"].as_str().unwrap().to_owned();
    let url = shared["share_url"].as_str().unwrap().to_owned();
    assert!(url.ends_with(&format!("/api/v2/shared-runs/{token}")), "{url}");
    // Idempotent: the same link again.
    let again = json_of(server.post(&format!("/runs/{id}/share"), json!({})).await, 200).await;
    assert_eq!(again, shared);
    assert_eq!(
        json_of(server.get(&format!("/runs/{id}")).await, 200).await["share_token"],
        token.as_str()
    );
    // The link opens without a key and shows the result, not who it was for.
    let public = json_of(server.http.get(&url).send().await.unwrap(), 200).await;
    assert_eq!(
        (public["run_id"].as_i64(), public["status"].as_str()),
        (Some(id), Some("completed"))
    );
    assert!(public.get("user_id").is_none() && public.get("metadata").is_none());

    let unshared = server.delete(&format!("/runs/{id}/share")).await;
    assert_eq!(unshared.status(), 204);
    error_of(server.http.get(&url).send().await.unwrap(), 404).await;
    assert!(json_of(server.get(&format!("/runs/{id}")).await, 200)
        .await
        .get("share_token")
        .is_none());
    let next = json_of(server.post(&format!("/runs/{id}/share"), json!({})).await, 200).await;
    assert_ne!(next["share_token"], token.as_str(), "a new link after a revoke");
    error_of(server.delete("/runs/999/share").await, 404).await;
    server.stop().await;
}
