//! The account-wide probes SDK 4.49 polls, over real HTTP (wire.md §10.9): `check`,
//! `needs-you` and `activity`, in the account scope or one end user's.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::{teammate, wait_for_status, EventReader};
use serde_json::{json, Value};

async fn waiting_run(server: &TestServer, extra: Value) -> (EventReader, i64) {
    let mut body = json!({"message": "Check my inbox", "stream": true, "tools": ["gmail"],
                          "human_in_the_loop": true, "permission_mode": "approval"});
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let id = stream.until("awaiting_approval").await[0].run_id().unwrap();
    (stream, id)
}

#[tokio::test]
async fn check_counts_what_the_list_shows_and_moves_when_it_changes() {
    let server = TestServer::start().await;
    let empty = json_of(server.get("/runs/check").await, 200).await;
    assert_eq!(
        empty,
        json!({"total_count": 0, "latest_run_id": null, "awaiting_count": 0, "latest_change_at": null,
               "roster_count": 0, "roster_change_at": null, "teams_count": 0, "teams_change_at": null})
    );
    let mate = teammate(&server, &[]).await;
    let done = json_of(
        server.post("/runs/", json!({"message": "hi", "stream": false, "teammate_id": mate})).await,
        200,
    )
    .await;
    let done = done["id"].as_i64().unwrap();
    wait_for_status(&server, done, "completed").await;
    let (_stream, waiting) = waiting_run(&server, json!({})).await;
    json_of(
        server.post("/runs/", json!({"message": "hers", "stream": false, "user_id": "ann"})).await,
        200,
    )
    .await;

    let check = json_of(server.get("/runs/check").await, 200).await;
    assert_eq!(
        (check["total_count"].as_u64(), check["latest_run_id"].as_i64()),
        (Some(2), Some(waiting))
    );
    assert_eq!(
        (check["awaiting_count"].as_u64(), check["roster_count"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(check["latest_change_at"].is_string() && check["roster_change_at"].is_string());
    let ann = json_of(server.get("/runs/check?user_id=ann").await, 200).await;
    assert_eq!((ann["total_count"].as_u64(), ann["awaiting_count"].as_u64()), (Some(1), Some(0)));
    assert_eq!(ann["roster_count"], 0, "no teammate of ann's");
    // Archiving a run is a change the probe shows.
    json_of(server.post(&format!("/runs/{done}/archive"), json!({})).await, 200).await;
    assert_eq!(json_of(server.get("/runs/check").await, 200).await["total_count"], 1);
    json_of(server.post(&format!("/runs/{waiting}/cancel"), json!({})).await, 200).await;
    assert_eq!(json_of(server.get("/runs/check").await, 200).await["awaiting_count"], 0);
    error_of(server.get("/runs/check?scope=all").await, 422).await;
    server.stop().await;
}

#[tokio::test]
async fn needs_you_counts_the_waiting_runs_and_never_shows_the_prompt() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &["gmail"]).await;
    let name = json_of(server.get(&format!("/teammates/{mate}")).await, 200).await["name"].clone();
    let mut streams = Vec::new();
    for _ in 0..6 {
        streams.push(waiting_run(&server, json!({"teammate_id": mate})).await);
    }
    let (_other, anns) = waiting_run(&server, json!({"user_id": "ann"})).await;
    let needs = json_of(server.get("/runs/needs-you").await, 200).await;
    assert_eq!(needs["count"], 6);
    let items = needs["items"].as_array().unwrap();
    assert_eq!(items.len(), 5, "capped; count is the whole set");
    assert_eq!(items[0]["run_id"], streams[5].1, "newest first");
    assert_eq!(items[0]["mate_name"], name);
    assert_eq!(items[0]["title"], format!("{} needs you", name.as_str().unwrap()));
    assert!(!needs.to_string().contains("Check my inbox"), "the prompt is withheld");
    let ann = json_of(server.get("/runs/needs-you?user_id=ann").await, 200).await;
    assert_eq!(
        ann,
        json!({"count": 1, "items": [{"run_id": anns, "title": "Your mate needs you", "mate_name": "Your mate"}]})
    );
    server.stop().await;
}

#[tokio::test]
async fn activity_lists_each_agents_live_runs_and_its_latest_settled_one() {
    let server = TestServer::start().await;
    let busy = teammate(&server, &["gmail"]).await;
    let idle = teammate(&server, &[]).await;
    let mut finished = Vec::new();
    for _ in 0..2 {
        let run = json_of(
            server
                .post("/runs/", json!({"message": "hi", "stream": false, "teammate_id": busy}))
                .await,
            200,
        )
        .await;
        let id = run["id"].as_i64().unwrap();
        wait_for_status(&server, id, "completed").await;
        finished.push(id);
    }
    let (_stream, waiting) = waiting_run(&server, json!({"teammate_id": busy})).await;
    let cancelled = waiting_run(&server, json!({"teammate_id": idle})).await.1;
    json_of(server.post(&format!("/runs/{cancelled}/cancel"), json!({})).await, 200).await;

    let snapshot = json_of(server.get("/runs/activity").await, 200).await;
    let data = snapshot["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(data[0]["agent_id"], busy);
    let runs: Vec<(i64, &str)> = data[0]["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_i64().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(runs, [(waiting, "awaiting_approval"), (finished[1], "completed")]);
    let idle_runs = data[1]["runs"].as_array().unwrap();
    assert_eq!((data[1]["agent_id"].as_i64(), idle_runs.len()), (Some(idle), 1));
    assert_eq!(idle_runs[0]["status"], "cancelled");
    assert!(idle_runs[0]["cancelled_at"].is_string(), "{}", idle_runs[0]);
    assert_eq!(idle_runs[0]["needs_reply"], false);
    // An end user sees only their own teammates and runs.
    assert_eq!(
        json_of(server.get("/runs/activity?user_id=ann").await, 200).await,
        json!({"data": []})
    );
    error_of(server.get("/runs/activity?limit=3").await, 422).await;
    error_of(server.get("/runs/needs-you?x=1").await, 422).await;
    server.stop().await;
}
