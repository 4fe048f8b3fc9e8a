//! Runs started from outside: a schedule trigger firing, inbound webhooks (teammate and task)
//! and inbound email (teammate inbox and task address), with allowed senders.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::{wait_for_status, DEADLINE};
use serde_json::{json, Value};

async fn teammate(server: &TestServer, tools: Value) -> i64 {
    let mate =
        json_of(server.post("/teammates/", json!({"name": "Ops", "tools": tools})).await, 201)
            .await;
    mate["id"].as_i64().unwrap()
}

async fn task(server: &TestServer, mate: i64, instructions: &str) -> i64 {
    let task = json_of(
        server.post("/tasks/", json!({"teammate_id": mate, "instructions": instructions})).await,
        201,
    )
    .await;
    task["id"].as_i64().unwrap()
}

/// The runs of `task_id`, waiting until there are at least `count`.
async fn runs_of_task(server: &TestServer, task_id: i64, count: usize) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let page = json_of(server.get("/runs/?limit=100").await, 200).await;
        let runs: Vec<Value> = page["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|run| run["task_id"] == task_id)
            .cloned()
            .collect();
        if runs.len() >= count {
            return runs;
        }
        assert!(tokio::time::Instant::now() < deadline, "task {task_id} made {} runs", runs.len());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// An unauthenticated POST, as a third-party service sends it.
async fn post_from_outside(server: &TestServer, url: &str, body: Value) -> reqwest::Response {
    server.http.post(url).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn an_interval_schedule_fires_task_runs() {
    let server = TestServer::start().await;
    let mate = teammate(&server, json!(["stripe"])).await;
    let task_id = task(&server, mate, "Report MRR").await;
    let trigger = json_of(
        server
            .post(
                &format!("/tasks/{task_id}/triggers/"),
                json!({"type": "schedule", "timezone": "UTC", "interval_seconds": 1}),
            )
            .await,
        201,
    )
    .await;
    let runs = runs_of_task(&server, task_id, 2).await;
    let first = wait_for_status(&server, runs[0]["id"].as_i64().unwrap(), "completed").await;
    assert_eq!(first["teammate_id"], mate);
    assert_eq!(first["metadata"]["trigger"], "schedule");
    assert_eq!(first["metadata"]["trigger_id"], trigger["id"]);
    assert!(first["output"].as_str().unwrap().contains("MRR is $48,250.00"), "{first}");
    // Deleting the trigger stops it.
    let deleted = server.delete(&format!("/tasks/{task_id}/triggers/{}", trigger["id"])).await;
    assert_eq!(deleted.status(), 204);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let settled = runs_of_task(&server, task_id, 0).await.len();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(runs_of_task(&server, task_id, 0).await.len(), settled);
    server.stop().await;
}

/// A cron slot is at most a minute away, too long for a test to wait on; so the trigger's
/// stored `next_run` is moved into the past, as a server that was down over its slot finds it.
/// It fires once, and is re-armed to the cron's next slot in its timezone.
#[tokio::test]
async fn a_cron_schedule_fires_when_due_and_is_rearmed_to_its_next_slot() {
    let server = TestServer::start().await;
    let mate = teammate(&server, json!(["stripe"])).await;
    let task_id = task(&server, mate, "Report MRR").await;
    let created = json_of(
        server
            .post(
                &format!("/tasks/{task_id}/triggers"),
                json!({"type": "schedule", "timezone": "Asia/Kolkata", "cron": "30 9 * * *"}),
            )
            .await,
        201,
    )
    .await;
    let trigger_id = created["id"].as_i64().unwrap();
    let armed = created["next_run"].as_str().unwrap().to_owned();
    server
        .server
        .execute_sql(
            "UPDATE task_triggers SET next_run = '2020-01-01T04:00:00Z' WHERE id = ?1",
            [trigger_id],
        )
        .unwrap();
    let runs = runs_of_task(&server, task_id, 1).await;
    let run = wait_for_status(&server, runs[0]["id"].as_i64().unwrap(), "completed").await;
    assert_eq!(run["metadata"]["trigger"], "schedule");
    assert_eq!(run["metadata"]["trigger_id"], trigger_id);
    // 09:30 in Kolkata (UTC+5:30) is 04:00 UTC: the next one after now, which is where the
    // trigger was armed at creation (unless a slot passed while this test ran).
    let listed = json_of(server.get(&format!("/tasks/{task_id}/triggers")).await, 200).await;
    let next_run = listed[0]["next_run"].as_str().unwrap();
    let next = chrono::DateTime::parse_from_rfc3339(next_run).unwrap().with_timezone(&chrono::Utc);
    let now = chrono::Utc::now();
    assert_eq!(next.format("%H:%M:%S").to_string(), "04:00:00", "{next_run}");
    assert!(next > now && next - now <= chrono::Duration::days(1), "{next_run}");
    assert!(next_run >= armed.as_str(), "{next_run} < {armed}");
    // Fired once for the missed slot, not again.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(runs_of_task(&server, task_id, 0).await.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn a_teammate_webhook_starts_a_run_with_the_body() {
    let server = TestServer::start().await;
    let mate = teammate(&server, json!([])).await;
    let hook =
        json_of(server.post(&format!("/teammates/{mate}/webhook"), json!({})).await, 201).await;
    let url = hook["url"].as_str().unwrap().to_owned();
    let accepted = post_from_outside(&server, &url, json!({"event": "deploy.finished"})).await;
    let run = json_of(accepted, 202).await;
    assert_eq!(run["teammate_id"], mate);
    assert_eq!(run["metadata"]["trigger"], "webhook");
    let done = wait_for_status(&server, run["id"].as_i64().unwrap(), "completed").await;
    assert!(done["output"].as_str().unwrap().contains("deploy.finished"), "{done}");

    let wrong = url.rsplit_once('/').unwrap().0.to_owned() + "/0000";
    error_of(post_from_outside(&server, &wrong, json!({})).await, 404).await;
    // Disabled, the URL is gone.
    assert_eq!(server.delete(&format!("/teammates/{mate}/webhook")).await.status(), 204);
    error_of(post_from_outside(&server, &url, json!({})).await, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn a_task_webhook_trigger_runs_the_task() {
    let server = TestServer::start().await;
    let mate = teammate(&server, json!(["linear"])).await;
    let task_id = task(&server, mate, "Triage the open tickets").await;
    let trigger = json_of(
        server
            .post(
                &format!("/tasks/{task_id}/triggers/"),
                json!({"type": "webhook", "timezone": "UTC"}),
            )
            .await,
        201,
    )
    .await;
    let url = trigger["url"].as_str().unwrap();
    let run =
        json_of(post_from_outside(&server, url, json!({"ticket": "ENG-101"})).await, 202).await;
    assert_eq!(run["task_id"], task_id);
    let done = wait_for_status(&server, run["id"].as_i64().unwrap(), "completed").await;
    assert!(done["output"].as_str().unwrap().contains("ENG-101"), "{done}");
    server.stop().await;
}

#[tokio::test]
async fn email_reaches_a_teammate_inbox_from_allowed_senders_only() {
    let server = TestServer::start().await;
    let mate = teammate(&server, json!(["gmail"])).await;
    let inbox =
        json_of(server.post(&format!("/teammates/{mate}/email-inbox"), json!({})).await, 201).await;
    let address = inbox["address"].as_str().unwrap().to_owned();
    json_of(
        server
            .patch(
                &format!("/teammates/{mate}"),
                json!({"allowed_senders": ["boss@acme.io", "@partner.com"]}),
            )
            .await,
        200,
    )
    .await;
    let mail = |from: &str, to: &str| json!({"to": to, "from": from, "subject": "Inbox check", "text": "Anything urgent in my inbox?"});
    let inbound = server.url("/inbound/email");
    let run = json_of(
        post_from_outside(&server, &inbound, mail("Boss <Boss@Acme.io>", &address)).await,
        202,
    )
    .await;
    assert_eq!(run["teammate_id"], mate);
    assert_eq!(run["metadata"]["trigger"], "email");
    let done = wait_for_status(&server, run["id"].as_i64().unwrap(), "completed").await;
    assert!(done["output"].as_str().unwrap().contains("Q3 budget review"), "{done}");
    json_of(post_from_outside(&server, &inbound, mail("ana@partner.com", &address)).await, 202)
        .await;

    let refused = error_of(
        post_from_outside(&server, &inbound, mail("mallory@evil.io", &address)).await,
        403,
    )
    .await;
    assert_eq!(refused["error_code"], "sender_not_allowed");
    error_of(
        post_from_outside(&server, &inbound, mail("boss@acme.io", "nobody@inbox.m8tes.local"))
            .await,
        404,
    )
    .await;
    error_of(
        post_from_outside(&server, &inbound, mail("boss@acme.io", "x@example.com")).await,
        404,
    )
    .await;
    error_of(post_from_outside(&server, &inbound, json!({"to": address})).await, 422).await;
    server.stop().await;
}

#[tokio::test]
async fn email_to_a_task_address_runs_the_task() {
    let server = TestServer::start().await;
    let mate = teammate(&server, json!([])).await;
    let task_id = task(&server, mate, "Summarise the mail").await;
    let trigger = json_of(
        server
            .post(
                &format!("/tasks/{task_id}/triggers/"),
                json!({"type": "email", "timezone": "UTC"}),
            )
            .await,
        201,
    )
    .await;
    let address = trigger["address"].as_str().unwrap();
    let mail = json!({"to": address, "from": "lee@northwind.com", "subject": "Renewal", "text": "Call me"});
    let run =
        json_of(post_from_outside(&server, &server.url("/inbound/email"), mail).await, 202).await;
    assert_eq!(run["task_id"], task_id);
    let done = wait_for_status(&server, run["id"].as_i64().unwrap(), "completed").await;
    assert!(done["output"].as_str().unwrap().contains("Summarise the mail"), "{done}");
    server.stop().await;
}
