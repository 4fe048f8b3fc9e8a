//! SDK 4.49's task calls over real HTTP: create with `schedule` and `webhook`, the task
//! webhook paused without losing its URL, lessons, `triggers.update`, one-time `run_at`
//! schedules, the account-wide `GET /triggers`, and `list(include_archived)`.

mod common;
mod run_support;

use std::time::Duration;

use common::{error_of, json_of, TestServer};
use run_support::{teammate, wait_for_status, DEADLINE};
use serde_json::{json, Value};

async fn task(server: &TestServer, body: Value) -> Value {
    json_of(server.post("/tasks/", body).await, 201).await
}

async fn triggers_of(server: &TestServer, task_id: i64) -> Vec<Value> {
    let listed = json_of(server.get(&format!("/tasks/{task_id}/triggers")).await, 200).await;
    listed.as_array().unwrap().clone()
}

async fn runs_of_task(server: &TestServer, mate: i64, task_id: i64) -> usize {
    let page = json_of(server.get(&format!("/runs/?teammate_id={mate}&limit=100")).await, 200);
    page.await["data"].as_array().unwrap().iter().filter(|r| r["task_id"] == task_id).count()
}

#[tokio::test]
async fn create_can_add_a_schedule_and_the_webhook_all_or_nothing() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let body = json!({"teammate_id": mate, "instructions": "Daily report",
        "schedule": "0 9 * * 1-5", "schedule_timezone": "Europe/Paris", "webhook": true});
    let made = task(&server, body).await;
    assert_eq!(made["webhook_enabled"], true);
    let triggers = triggers_of(&server, made["id"].as_i64().unwrap()).await;
    assert_eq!(triggers.len(), 2, "{triggers:?}");
    assert_eq!(triggers[0]["cron"], "0 9 * * 1-5");
    assert_eq!(triggers[0]["timezone"], "Europe/Paris");
    assert!(triggers[0]["next_run"].is_string());
    assert_eq!(triggers[0]["run_at"], Value::Null);
    assert_eq!(
        (triggers[1]["type"].clone(), triggers[1]["enabled"].clone()),
        (json!("webhook"), json!(true))
    );

    let before = json_of(server.get("/tasks/").await, 200).await["data"].as_array().unwrap().len();
    for (body, says) in [
        (json!({"teammate_id": mate, "instructions": "x", "schedule": "61 * * * *"}), "cron"),
        (
            json!({"teammate_id": mate, "instructions": "x", "schedule": "0 9 * * *",
            "schedule_timezone": "Mars/Olympus"}),
            "Mars/Olympus",
        ),
        (json!({"teammate_id": mate, "instructions": "x", "schedule_timezone": "UTC"}), "schedule"),
        (json!({"teammate_id": mate, "instructions": "x", "webhook": "yes"}), "webhook"),
    ] {
        let error = error_of(server.post("/tasks/", body.clone()).await, 422).await;
        assert!(error["message"].as_str().unwrap().contains(says), "{body}: {error}");
    }
    let after = json_of(server.get("/tasks/").await, 200).await["data"].as_array().unwrap().len();
    assert_eq!(before, after, "a refused schedule leaves no task behind");
    server.stop().await;
}

#[tokio::test]
async fn a_paused_task_webhook_keeps_its_url_and_refuses_to_fire() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let id = task(&server, json!({"teammate_id": mate, "instructions": "On hook"})).await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/tasks/{id}/webhook");
    let error = error_of(server.patch(&path, json!({"enabled": false})).await, 400).await;
    assert_eq!(error["error_code"], "webhook_not_enabled");
    let url =
        json_of(server.post(&path, json!({})).await, 201).await["url"].as_str().unwrap().to_owned();
    let paused = json_of(server.patch(&path, json!({"enabled": false})).await, 200).await;
    assert_eq!(paused, json!({"enabled": false, "url": url}));
    assert_eq!(
        json_of(server.get(&format!("/tasks/{id}")).await, 200).await["webhook_enabled"],
        false
    );
    let listed = triggers_of(&server, id).await;
    assert_eq!(
        (listed[0]["type"].clone(), listed[0]["enabled"].clone()),
        (json!("webhook"), json!(false))
    );

    let fired = server.http.post(&url).json(&json!({"n": 1})).send().await.unwrap();
    assert_eq!(error_of(fired, 409).await["error_code"], "webhook_paused");

    // Resumed through the trigger, as `tasks.triggers.update(id, "webhook", enabled=True)`.
    let resumed = json_of(
        server.patch(&format!("/tasks/{id}/triggers/webhook"), json!({"enabled": true})).await,
        200,
    )
    .await;
    assert_eq!((resumed["enabled"].clone(), resumed["url"].clone()), (json!(true), json!(url)));
    let fired = server.http.post(&url).json(&json!({"n": 2})).send().await.unwrap();
    assert_eq!(json_of(fired, 202).await["task_id"], id);

    error_of(server.patch(&format!("{path}?user_id=bob"), json!({"enabled": true})).await, 404)
        .await;
    assert_eq!(server.delete(&path).await.status(), 204);
    let gone = server.http.post(&url).json(&json!({})).send().await.unwrap();
    error_of(gone, 404).await;
    error_of(server.patch(&path, json!({"enabled": true})).await, 400).await;
    server.stop().await;
}

#[tokio::test]
async fn a_task_run_saves_its_lessons_which_can_be_deleted_and_cleared() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let instructions =
        "Write the report.\nLesson: cite sources\nLesson: be brief | when: on Mondays";
    let id = task(&server, json!({"teammate_id": mate, "instructions": instructions})).await["id"]
        .as_i64()
        .unwrap();
    let empty = json_of(server.get(&format!("/tasks/{id}/lessons")).await, 200).await;
    assert_eq!(empty, json!({"data": [], "capacity_used": 0, "capacity_limit": 20}));

    let run =
        json_of(server.post(&format!("/tasks/{id}/runs"), json!({"stream": false})).await, 200)
            .await;
    let run_id = run["id"].as_i64().unwrap();
    wait_for_status(&server, run_id, "completed").await;
    let lessons = json_of(server.get(&format!("/tasks/{id}/lessons")).await, 200).await;
    assert_eq!(lessons["capacity_used"], 2);
    let first = &lessons["data"][0];
    assert_eq!(first["text"], "cite sources");
    assert_eq!(first["when_applicable"], "always");
    assert_eq!(first["source_run_id"], run_id);
    assert_eq!(first["reaffirm_count"], 0);
    assert!(first["id"].is_string());
    assert_eq!(lessons["data"][1]["when_applicable"], "on Mondays");

    let again =
        json_of(server.post(&format!("/tasks/{id}/runs"), json!({"stream": false})).await, 200)
            .await;
    wait_for_status(&server, again["id"].as_i64().unwrap(), "completed").await;
    let lessons = json_of(server.get(&format!("/tasks/{id}/lessons")).await, 200).await;
    assert_eq!(lessons["capacity_used"], 2, "the same text re-affirms");
    assert_eq!(lessons["data"][0]["reaffirm_count"], 1);

    let lesson_id = lessons["data"][0]["id"].as_str().unwrap().to_owned();
    let left = json_of(server.delete(&format!("/tasks/{id}/lessons/{lesson_id}")).await, 200).await;
    assert_eq!(left["capacity_used"], 1);
    assert_eq!(left["data"][0]["text"], "be brief");
    error_of(server.delete(&format!("/tasks/{id}/lessons/{lesson_id}")).await, 404).await;
    error_of(server.delete(&format!("/tasks/{id}/lessons/abc")).await, 404).await;

    let clear = format!("/tasks/{id}/lessons:clear");
    let error = error_of(server.post(&clear, json!({})).await, 422).await;
    assert_eq!(error["error_code"], "confirmation_required");
    let cleared =
        json_of(server.post(&format!("{clear}?confirm=true"), json!({})).await, 200).await;
    assert_eq!(cleared, json!({"data": [], "capacity_used": 0, "capacity_limit": 20}));

    let other = server.second_account("other@example.com").await;
    let foreign = server.request_as(&other, reqwest::Method::GET, &format!("/tasks/{id}/lessons"));
    error_of(foreign.send().await.unwrap(), 404).await;
    error_of(server.get("/tasks/999999/lessons").await, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn a_schedule_is_updated_in_place() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let id = task(&server, json!({"teammate_id": mate, "instructions": "Tick"})).await["id"]
        .as_i64()
        .unwrap();
    let schedule = json!({"type": "schedule", "timezone": "UTC", "interval_seconds": 3600});
    let made = json_of(server.post(&format!("/tasks/{id}/triggers"), schedule).await, 201).await;
    let trigger = made["id"].as_i64().unwrap();
    let path = format!("/tasks/{id}/triggers/{trigger}");

    let paused = json_of(server.patch(&path, json!({"enabled": false})).await, 200).await;
    assert_eq!(
        (paused["enabled"].clone(), paused["next_run"].clone()),
        (json!(false), Value::Null)
    );
    assert_eq!(paused["interval_seconds"], 3600, "pausing keeps the shape");

    let named = format!("/tasks/{id}/triggers/schedule_{trigger}");
    let daily = json_of(
        server
            .patch(&named, json!({"cron": "30 8 * * *", "timezone": "Asia/Tokyo", "enabled": true}))
            .await,
        200,
    )
    .await;
    assert_eq!(daily["cron"], "30 8 * * *");
    assert_eq!(daily["interval_seconds"], Value::Null, "one shape replaces the other");
    assert_eq!(daily["timezone"], "Asia/Tokyo");
    assert_eq!(daily["enabled"], true);
    assert!(daily["next_run"].as_str().unwrap().ends_with('Z'));

    let once =
        json_of(server.patch(&path, json!({"run_at": "2099-01-01T00:00:00Z"})).await, 200).await;
    assert_eq!(
        (once["cron"].clone(), once["run_at"].clone()),
        (Value::Null, json!("2099-01-01T00:00:00Z"))
    );
    assert_eq!(once["next_run"], "2099-01-01T00:00:00Z");

    for body in [
        json!({"cron": "* * * * *", "interval_seconds": 60}),
        json!({"cron": "nope"}),
        json!({"timezone": "Nowhere/Land"}),
        json!({"run_at": "tomorrow"}),
        json!({"enabled": "yes"}),
        json!({"every": 5}),
    ] {
        error_of(server.patch(&path, body).await, 422).await;
    }
    error_of(
        server.patch(&format!("/tasks/{id}/triggers/999"), json!({"enabled": true})).await,
        404,
    )
    .await;
    error_of(
        server.patch(&format!("/tasks/{id}/triggers/email"), json!({"enabled": true})).await,
        404,
    )
    .await;
    error_of(server.patch(&format!("{path}?user_id=bob"), json!({"enabled": true})).await, 404)
        .await;
    server.stop().await;
}

#[tokio::test]
async fn a_run_at_schedule_fires_once_and_is_spent() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let id = task(&server, json!({"teammate_id": mate, "instructions": "Once"})).await["id"]
        .as_i64()
        .unwrap();
    let at = (chrono::Utc::now() + chrono::Duration::seconds(1)).to_rfc3339();
    for body in [
        json!({"type": "schedule", "run_at": at, "cron": "* * * * *"}),
        json!({"type": "schedule", "run_at": "soon"}),
        json!({"type": "webhook", "run_at": at}),
    ] {
        error_of(server.post(&format!("/tasks/{id}/triggers"), body).await, 422).await;
    }
    let made = json_of(
        server
            .post(&format!("/tasks/{id}/triggers"), json!({"type": "schedule", "run_at": at}))
            .await,
        201,
    )
    .await;
    assert!(
        made["run_at"].is_string() && made["cron"].is_null() && made["interval_seconds"].is_null()
    );
    assert_eq!(made["next_run"], made["run_at"]);

    let deadline = tokio::time::Instant::now() + DEADLINE;
    while runs_of_task(&server, mate, id).await == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the one-time schedule never fired");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(runs_of_task(&server, mate, id).await, 1, "it fires once");
    let spent = &triggers_of(&server, id).await[0];
    assert_eq!((spent["enabled"].clone(), spent["next_run"].clone()), (json!(false), Value::Null));
    assert_eq!(spent["run_at"], made["run_at"], "it still says when it ran");
    server.stop().await;
}

#[tokio::test]
async fn the_account_wide_trigger_list_filters_and_pages() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let a = task(
        &server,
        json!({"teammate_id": mate, "instructions": "A", "name": "Task A",
        "schedule": "0 9 * * *", "webhook": true}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    json_of(server.post(&format!("/tasks/{a}/triggers"), json!({"type": "email"})).await, 201)
        .await;
    let b = task(
        &server,
        json!({"teammate_id": mate, "instructions": "B", "user_id": "alice",
        "schedule": "0 10 * * *"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let archived = task(
        &server,
        json!({"teammate_id": mate, "instructions": "C",
        "schedule": "0 11 * * *"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(server.delete(&format!("/tasks/{archived}")).await.status(), 204);

    let all = json_of(server.get("/triggers/").await, 200).await;
    let seen: Vec<(i64, String)> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["task_id"].as_i64().unwrap(), t["type"].as_str().unwrap().to_owned()))
        .collect();
    let expected = [(a, "schedule"), (a, "webhook"), (a, "email"), (b, "schedule")]
        .map(|(task, kind)| (task, kind.to_owned()));
    assert_eq!(seen, expected);
    assert_eq!(all["data"][0]["task_name"], "Task A");
    assert_eq!(all["has_more"], false);

    let alice = json_of(server.get("/triggers?user_id=alice").await, 200).await;
    assert_eq!(alice["data"].as_array().unwrap().len(), 1);
    assert_eq!(alice["data"][0]["task_id"], b);
    let schedules = json_of(server.get("/triggers?type=schedule").await, 200).await;
    assert_eq!(schedules["data"].as_array().unwrap().len(), 2);
    let of_a = json_of(server.get(&format!("/triggers?task_id={a}&type=email")).await, 200).await;
    assert_eq!(of_a["data"].as_array().unwrap().len(), 1);
    let apps = json_of(server.get("/triggers?type=app").await, 200).await;
    assert_eq!(apps["data"], json!([]));

    // Paged one at a time with the cursor 4.49 builds from the last item (`task_id:id`): every
    // trigger once, the webhook and email of a task (both id 0) never split.
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let path = match &cursor {
            Some(after) => format!("/triggers?limit=1&starting_after={after}"),
            None => "/triggers?limit=1".to_owned(),
        };
        let page = json_of(server.get(&path).await, 200).await;
        let data = page["data"].as_array().unwrap();
        for t in data {
            paged.push((t["task_id"].as_i64().unwrap(), t["type"].as_str().unwrap().to_owned()));
        }
        if page["has_more"] == false {
            break;
        }
        let last = data.last().unwrap();
        cursor = Some(format!("{}:{}", last["task_id"], last["id"]));
    }
    assert_eq!(paged, expected);

    for query in ["type=cron", "starting_after=abc", "starting_after=1:x", "limit=0", "owner=me"] {
        error_of(server.get(&format!("/triggers?{query}")).await, 422).await;
    }
    let other = server.second_account("other@example.com").await;
    let theirs = server.request_as(&other, reqwest::Method::GET, "/triggers").send().await.unwrap();
    assert_eq!(json_of(theirs, 200).await["data"], json!([]));
    server.stop().await;
}

#[tokio::test]
async fn archived_tasks_are_listed_only_when_asked() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let kept = task(&server, json!({"teammate_id": mate, "instructions": "K"})).await["id"].clone();
    let gone = task(&server, json!({"teammate_id": mate, "instructions": "G"})).await["id"].clone();
    assert_eq!(server.delete(&format!("/tasks/{gone}")).await.status(), 204);
    let ids = |page: Value| -> Vec<Value> {
        page["data"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect()
    };
    assert_eq!(ids(json_of(server.get("/tasks/").await, 200).await), vec![kept.clone()]);
    let all = json_of(server.get("/tasks/?include_archived=true").await, 200).await;
    assert_eq!(ids(all), [kept, gone.clone()]);
    error_of(server.get(&format!("/tasks/{gone}?user_id=alice")).await, 404).await;
    error_of(server.delete(&format!("/tasks/{gone}?user_id=alice")).await, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn a_disabled_task_waits_and_its_webhook_stays_paused_until_resumed() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let made =
        task(&server, json!({"teammate_id": mate, "instructions": "Tick", "webhook": true})).await;
    let id = made["id"].as_i64().unwrap();
    let url = json_of(server.post(&format!("/tasks/{id}/webhook"), json!({})).await, 201).await
        ["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let off =
        json_of(server.patch(&format!("/tasks/{id}"), json!({"status": "disabled"})).await, 200)
            .await;
    assert_eq!(
        (off["status"].clone(), off["webhook_enabled"].clone()),
        (json!("disabled"), json!(false))
    );
    let schedule = json!({"type": "schedule", "interval_seconds": 1});
    json_of(server.post(&format!("/tasks/{id}/triggers"), schedule).await, 201).await;
    let fired = server.http.post(&url).json(&json!({})).send().await.unwrap();
    assert_eq!(error_of(fired, 409).await["error_code"], "webhook_paused");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(runs_of_task(&server, mate, id).await, 0, "a disabled task's schedule waits");

    let on =
        json_of(server.patch(&format!("/tasks/{id}"), json!({"status": "enabled"})).await, 200)
            .await;
    assert_eq!(
        (on["status"].clone(), on["webhook_enabled"].clone()),
        (json!("enabled"), json!(false))
    );
    let deadline = tokio::time::Instant::now() + DEADLINE;
    while runs_of_task(&server, mate, id).await == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the schedule never fired again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for status in ["archived", "paused"] {
        error_of(server.patch(&format!("/tasks/{id}"), json!({"status": status})).await, 422).await;
    }
    assert_eq!(server.delete(&format!("/tasks/{id}")).await.status(), 204);
    let archived = server.patch(&format!("/tasks/{id}"), json!({"status": "enabled"})).await;
    assert_eq!(error_of(archived, 409).await["error_code"], "task_archived");
    server.stop().await;
}
