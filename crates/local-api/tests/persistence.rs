//! Everything written survives a stop and a start on the same `--data-dir`.

mod common;

use std::path::PathBuf;

use common::{json_of, test_config, TestServer};
use m8tes_local_api::Config;
use reqwest::Method;
use serde_json::{json, Value};

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let path = std::env::temp_dir().join(format!(
            "m8tes-local-persist-{}-{:x}",
            std::process::id(),
            rand_suffix()
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Retries of the pending delivery wait an hour, so the restarted server does not change its
/// row while the snapshots are compared.
fn on_disk(dir: &TempDir) -> Config {
    Config {
        data_dir: Some(dir.0.clone()),
        webhook_retry_base: std::time::Duration::from_secs(3600),
        ..test_config()
    }
}

/// A loopback URL on a port that was just free: nothing answers there.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}/hook", listener.local_addr().unwrap())
}

/// Polls `path` until `done` holds for its JSON.
async fn wait_until(server: &TestServer, path: &str, done: impl Fn(&Value) -> bool) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let body = json_of(server.get(path).await, 200).await;
        if done(&body) {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{path} never got there: {body}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// What a read of every resource answers, to compare before and after a restart. URLs the
/// server hands out carry its origin, whose port changes between starts.
async fn snapshot(server: &TestServer, task_id: i64, webhook_id: i64) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    for path in [
        "/teammates/".to_string(),
        "/tasks/".to_string(),
        format!("/tasks/{task_id}/triggers"),
        "/users/".to_string(),
        "/memories/?user_id=ann".to_string(),
        "/permissions/?user_id=ann".to_string(),
        "/webhooks/".to_string(),
        format!("/webhooks/{webhook_id}"),
        "/settings".to_string(),
        "/apps/?user_id=ann".to_string(),
        // Runs with their output and usage, and what their webhook deliveries recorded.
        "/runs/".to_string(),
        format!("/webhooks/{webhook_id}/deliveries"),
        "/usage".to_string(),
    ] {
        let body = json_of(server.get(&path).await, 200).await.to_string();
        let origin = server.base.trim_end_matches("/api/v2");
        seen.push((path, body.replace(origin, "ORIGIN")));
    }
    seen
}

#[tokio::test]
async fn data_survives_a_restart_on_the_same_data_dir() {
    let dir = TempDir::new();
    let server = TestServer::start_with(on_disk(&dir)).await;
    let mate = json_of(
        server
            .post(
                "/teammates/",
                json!({"name": "Persistent 🧠", "user_id": "ann",
        "metadata": {"k": [1, 2]}}),
            )
            .await,
        201,
    )
    .await;
    let mate_id = mate["id"].as_i64().unwrap();
    let inbox = json_of(
        server
            .request(Method::POST, &format!("/teammates/{mate_id}/email-inbox"))
            .send()
            .await
            .unwrap(),
        201,
    )
    .await;
    let task = json_of(
        server
            .post("/tasks/", json!({"teammate_id": mate_id, "instructions": "daily digest"}))
            .await,
        201,
    )
    .await;
    let task_id = task["id"].as_i64().unwrap();
    json_of(
        server
            .post(
                &format!("/tasks/{task_id}/triggers"),
                json!({"type": "schedule", "timezone": "Europe/Paris", "cron": "0 8 * * 1-5"}),
            )
            .await,
        201,
    )
    .await;
    json_of(
        server
            .post(
                &format!("/tasks/{task_id}/triggers"),
                json!({"type": "webhook", "timezone": "UTC"}),
            )
            .await,
        201,
    )
    .await;
    json_of(
        server.post("/memories/", json!({"user_id": "ann", "content": "likes jazz"})).await,
        201,
    )
    .await;
    json_of(server.post("/permissions/", json!({"user_id": "ann", "tool": "gmail"})).await, 201)
        .await;
    let webhook =
        json_of(server.post("/webhooks/", json!({"url": closed_port_url()})).await, 201).await;
    let webhook_id = webhook["id"].as_i64().unwrap();
    json_of(server.patch("/settings", json!({"company_research": false})).await, 200).await;
    let started = json_of(
        server
            .post(
                "/apps/notion/connect",
                json!({"redirect_uri": "https://x.io/cb", "user_id": "ann"}),
            )
            .await,
        200,
    )
    .await;
    json_of(
        server
            .post(
                "/apps/notion/connect/complete",
                json!({"connection_id": started["connection_id"], "user_id": "ann"}),
            )
            .await,
        200,
    )
    .await;
    let signup = json!({"email": "keep@x.io", "password": "remembered1", "first_name": "K", "last_name": ""});
    let grant =
        json_of(server.http.post(server.url("/signup")).json(&signup).send().await.unwrap(), 201)
            .await;
    // A finished run, and the delivery of its run.completed (to a port nothing listens on,
    // so it stays pending with one failed attempt recorded).
    let run = json_of(
        server
            .post(
                "/runs/",
                json!({"message": "Remember that I like jazz", "stream": false, "user_id": "ann"}),
            )
            .await,
        200,
    )
    .await;
    let run_id = run["id"].as_i64().unwrap();
    wait_until(&server, &format!("/runs/{run_id}"), |run| run["status"] == "completed").await;
    wait_until(&server, &format!("/webhooks/{webhook_id}/deliveries"), |page| {
        page["data"][0]["attempts"] == 1
    })
    .await;
    let before = snapshot(&server, task_id, webhook_id).await;
    server.stop().await;

    let server = TestServer::start_with(on_disk(&dir)).await;
    assert!(server.server.minted_key.is_none(), "the store already has keys");
    let after = snapshot(&server, task_id, webhook_id).await;
    assert_eq!(after.len(), before.len());
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        assert_eq!(new, old, "{path} changed across the restart");
    }
    let run_again = json_of(server.get(&format!("/runs/{run_id}")).await, 200).await;
    assert_eq!(run_again["status"], "completed");
    assert!(run_again["output"].as_str().unwrap().contains("jazz"), "{run_again}");
    let mate_again = json_of(server.get(&format!("/teammates/{mate_id}")).await, 200).await;
    assert_eq!(mate_again["email_address"], inbox["address"]);
    // The signed-up account, its key and its password all came back.
    let key = grant["api_key"].as_str().unwrap();
    json_of(server.request_as(key, Method::GET, "/settings").send().await.unwrap(), 200).await;
    let login = json!({"email": "keep@x.io", "password": "remembered1"});
    json_of(server.http.post(server.url("/token")).json(&login).send().await.unwrap(), 200).await;
    // New ids continue after the old ones.
    let next = json_of(server.post("/teammates/", json!({"name": "later"})).await, 201).await;
    assert!(next["id"].as_i64().unwrap() > mate_id);
    server.stop().await;
}
