//! The real process killed with `kill -9` (issue 12): mid-burst of idempotent creates, mid-run
//! and mid-delivery, then restarted on the same folder. Nothing committed is lost, no key makes
//! two runs, and every terminal event still reaches its subscriber.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use common::process::Process;
use common::receiver::{Receiver, TempDir};
use serde_json::{json, Value};

const KEY: &str = "m8_kill_faults_key_0123456789abcdef";
const DEADLINE: Duration = Duration::from_secs(20);

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    fn of(process: &Process) -> Api {
        Api { http: reqwest::Client::new(), base: process.base.clone() }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        key: Option<&str>,
    ) -> reqwest::Result<(u16, Value)> {
        let mut request =
            self.http.request(method, format!("{}{path}", self.base)).bearer_auth(KEY);
        if let Some(body) = body {
            request = request.json(&body);
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await.unwrap_or(Value::Null)))
    }

    async fn ok(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let (status, body) = self.send(method, path, body, None).await.expect("answered");
        assert!((200..300).contains(&status), "{path}: {status} {body}");
        body
    }

    /// Every run of the account, following the cursor.
    async fn all_runs(&self) -> Vec<Value> {
        let mut runs: Vec<Value> = Vec::new();
        let mut path = "/runs/?limit=100".to_owned();
        loop {
            let page = self.ok(reqwest::Method::GET, &path, None).await;
            let data = page["data"].as_array().expect("a page").clone();
            let last = data.last().map(|run| run["id"].clone());
            runs.extend(data);
            match (page["has_more"].as_bool(), last) {
                (Some(true), Some(last)) => {
                    path = format!("/runs/?limit=100&starting_after={last}")
                }
                _ => return runs,
            }
        }
    }

    async fn status_of(&self, run_id: i64) -> String {
        let run = self.ok(reqwest::Method::GET, &format!("/runs/{run_id}"), None).await;
        run["status"].as_str().unwrap_or_default().to_owned()
    }
}

fn create(index: usize) -> Value {
    json!({"message": format!("burst {index}"), "stream": false})
}

#[tokio::test]
async fn a_burst_of_idempotent_creates_killed_midway_makes_each_run_exactly_once() {
    const BURST: usize = 120;
    let dir = TempDir::new("kill-burst");
    let first = Process::on_folder(&dir.0, KEY, "instant");
    let api = Arc::new(Api::of(&first));
    let teammate =
        api.ok(reqwest::Method::POST, "/teammates/", Some(json!({"name": "Kept"}))).await;

    let answered = Arc::new(Mutex::new(0usize));
    let mut sends = Vec::new();
    for index in 0..BURST {
        let (api, answered) = (api.clone(), answered.clone());
        sends.push(tokio::spawn(async move {
            let key = format!("burst-{index}");
            if let Ok((200, _)) =
                api.send(reqwest::Method::POST, "/runs/", Some(create(index)), Some(&key)).await
            {
                *answered.lock().unwrap() += 1;
            }
        }));
    }
    // Killed with part of the burst answered and part still in flight.
    let until = tokio::time::Instant::now() + DEADLINE;
    while *answered.lock().unwrap() < BURST / 4 && tokio::time::Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    first.kill_9();
    for send in sends {
        let _ = send.await;
    }
    let before_kill = *answered.lock().unwrap();
    assert!(before_kill >= BURST / 4, "only {before_kill} creates were answered before the kill");

    let second = Process::on_folder(&dir.0, KEY, "instant");
    let api = Api::of(&second);
    let mut ids = Vec::new();
    for index in 0..BURST {
        let key = format!("burst-{index}");
        let (status, run) = api
            .send(reqwest::Method::POST, "/runs/", Some(create(index)), Some(&key))
            .await
            .expect("answered");
        assert_eq!(status, 200, "{key}: {run}");
        ids.push(run["id"].as_i64().expect("a run id"));
    }
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), BURST, "a key answered with another key's run");
    let runs = api.all_runs().await;
    assert_eq!(runs.len(), BURST, "a re-sent key made a second run");
    let kept = api.ok(reqwest::Method::GET, &format!("/teammates/{}", teammate["id"]), None).await;
    assert_eq!(kept["name"], "Kept");
}

#[tokio::test]
async fn a_run_killed_midway_is_failed_at_restart_and_its_subscriber_told() {
    let dir = TempDir::new("kill-run");
    let receiver = Receiver::start().await;
    let first = Process::on_folder(&dir.0, KEY, "realistic");
    let api = Api::of(&first);
    let events = json!(["run.completed", "run.failed"]);
    api.ok(
        reqwest::Method::POST,
        "/webhooks/",
        Some(json!({"url": receiver.url, "events": events})),
    )
    .await;
    let run = api
        .ok(
            reqwest::Method::POST,
            "/runs/",
            Some(json!({"message": "Write a long report", "stream": false})),
        )
        .await;
    let run_id = run["id"].as_i64().expect("a run id");
    assert_eq!(api.status_of(run_id).await, "running", "the realistic agent takes seconds");
    first.kill_9();

    let second = Process::on_folder(&dir.0, KEY, "instant");
    let api = Api::of(&second);
    assert_eq!(api.status_of(run_id).await, "failed");
    let told = receiver.wait_for(DEADLINE, |d| d.body["run_id"] == run_id).await;
    assert_eq!(told.body["event"], "run.failed");
}

/// A receiver that holds the first attempt of each delivery open (as a hung receiver would
/// while the sender dies) and answers 200 to every later one.
struct HoldingReceiver {
    url: String,
    attempts: Arc<Mutex<Vec<String>>>,
}

impl HoldingReceiver {
    async fn start() -> HoldingReceiver {
        let attempts: Arc<Mutex<Vec<String>>> = Arc::default();
        let record = attempts.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap| {
                let record = record.clone();
                async move {
                    let id = headers
                        .get("webhook-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned();
                    let first = {
                        let mut seen = record.lock().unwrap();
                        let first = !seen.contains(&id);
                        seen.push(id);
                        first
                    };
                    if first {
                        tokio::time::sleep(Duration::from_secs(120)).await;
                    }
                    StatusCode::OK
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        HoldingReceiver { url, attempts }
    }

    async fn wait_for_attempts(&self, count: usize) -> Vec<String> {
        let until = tokio::time::Instant::now() + DEADLINE;
        loop {
            let seen = self.attempts.lock().unwrap().clone();
            if seen.len() >= count {
                return seen;
            }
            assert!(tokio::time::Instant::now() < until, "only {} attempts arrived", seen.len());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn a_delivery_in_flight_at_a_kill_is_sent_again_promptly_after_restart() {
    let dir = TempDir::new("kill-delivery");
    let receiver = HoldingReceiver::start().await;
    let first = Process::on_folder(&dir.0, KEY, "instant");
    let api = Api::of(&first);
    api.ok(
        reqwest::Method::POST,
        "/webhooks/",
        Some(json!({"url": receiver.url, "events": ["run.completed"]})),
    )
    .await;
    api.ok(reqwest::Method::POST, "/runs/", Some(json!({"message": "hi", "stream": false}))).await;
    let in_flight = receiver.wait_for_attempts(1).await;
    first.kill_9();

    let restarted = tokio::time::Instant::now();
    let _second = Process::on_folder(&dir.0, KEY, "instant");
    let attempts = receiver.wait_for_attempts(2).await;
    assert_eq!(attempts[1], in_flight[0], "the same delivery (webhook-id) is sent again");
    // Not after the 60 s lease a dead process held: at the restart.
    assert!(
        restarted.elapsed() < Duration::from_secs(15),
        "re-sent after {:?}",
        restarted.elapsed()
    );
}
