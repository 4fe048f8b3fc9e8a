//! Runs over real HTTP: the SSE stream byte for byte, the simulated agent's tools, memories
//! and files, the run object, listing, and validation.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer, KEY};
use m8tes_protocol::event::{EventKind, RunEvent};
use m8tes_protocol::sse::{encode_done, encode_payload};
use m8tes_protocol::types::{Page, Run, RunFile};
use m8tes_protocol::StreamAccumulator;
use run_support::{streamed, teammate, text, tool_names, types, wait_for_status};
use serde_json::{json, Value};

#[tokio::test]
async fn a_streamed_run_is_framed_exactly_as_the_protocol_encodes_it() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &["gmail", "stripe"]).await;
    let body = json!({"message": "Check my inbox and our MRR", "stream": true, "teammate_id": mate,
                      "memory": true, "history": true});
    let (events, raw) = streamed(&server, body).await;

    // Byte for byte: every frame is `data: <payload>\n\n` of the event's own wire form, and
    // the stream ends with `data: [DONE]`.
    let mut expected = String::new();
    for event in &events[..events.len() - 1] {
        expected.push_str(&encode_payload(&Value::Object(event.to_wire()).to_string()));
    }
    expected.push_str(encode_done());
    assert_eq!(String::from_utf8(raw).unwrap(), expected);

    let names = types(&events);
    assert_eq!(names.first(), Some(&"metadata"));
    assert_eq!(&names[names.len() - 2..], ["run_metrics", "done"]);
    let run_id = events[0].run_id().expect("metadata names the run");
    assert_eq!(tool_names(&events), ["gmail", "stripe"]);
    for expected in ["tool-call-start", "tool-call-delta", "tool-call-end", "tool-result-end"] {
        assert!(names.contains(&expected), "{names:?}");
    }
    let mut accumulator = StreamAccumulator::new();
    for event in &events {
        accumulator.apply(event);
    }
    assert!(!accumulator.has_errors());
    let stripe_call =
        accumulator.tool_calls.iter().find(|c| c.name.as_deref() == Some("stripe")).unwrap();
    assert_eq!(stripe_call.result["mrr_usd"], "48250.00");
    let answer = text(&events);
    assert!(answer.contains("MRR is $48,250.00 for 2026-11"), "{answer}");
    assert!(answer.contains("Dana Ruiz"), "{answer}");

    // The stored run matches the stream: output is the text of the turn (D15).
    let run: Run =
        serde_json::from_value(json_of(server.get(&format!("/runs/{run_id}")).await, 200).await)
            .unwrap();
    assert_eq!(run.status.as_deref(), Some("completed"));
    assert_eq!(run.output.as_deref(), Some(answer.as_str()));
    assert_eq!(run.teammate_id, Some(mate));
    assert!(run.usage.unwrap().output_tokens.unwrap() > 0);
    server.stop().await;
}

#[tokio::test]
async fn the_same_input_gives_the_same_events() {
    let server = TestServer::start().await;
    let body =
        json!({"message": "Any urgent tickets? Post to #eng: standup moved", "tools": ["linear"]});
    let strip = |events: Vec<RunEvent>| -> Vec<Value> {
        events
            .iter()
            .map(|e| {
                let mut wire = e.to_wire();
                wire.remove("payload");
                wire.remove("toolCallId");
                Value::Object(wire)
            })
            .collect()
    };
    let (first, _) = streamed(&server, body.clone()).await;
    let (second, _) = streamed(&server, body).await;
    assert_eq!(strip(first.clone()), strip(second));
    assert!(text(&first).contains("I'd use slack for this, but it isn't one of my tools here."));
    server.stop().await;
}

#[tokio::test]
async fn tool_calls_change_the_accounts_app_data_for_later_runs() {
    let server = TestServer::start().await;
    let (events, _) = streamed(
        &server,
        json!({"message": "Post to #launch: we ship on Friday", "tools": ["slack"]}),
    )
    .await;
    assert!(
        text(&events).contains("I posted to #launch: \"we ship on Friday\"."),
        "{}",
        text(&events)
    );
    let (events, _) = streamed(
        &server,
        json!({"message": "What's new in #launch on slack?", "tools": ["slack"]}),
    )
    .await;
    assert!(
        text(&events).contains(
            "#launch has 1 recent messages; the latest, from m8tes, says \"we ship on Friday\"."
        ),
        "{}",
        text(&events)
    );
    server.stop().await;
}

#[tokio::test]
async fn the_agent_remembers_for_the_end_user_and_mentions_memories() {
    let server = TestServer::start().await;
    let (events, _) = streamed(
        &server,
        json!({"message": "Remember that I prefer short answers.", "user_id": "ann"}),
    )
    .await;
    assert!(
        text(&events).contains("I'll remember that I prefer short answers."),
        "{}",
        text(&events)
    );
    let memories = json_of(server.get("/memories/?user_id=ann").await, 200).await;
    assert_eq!(memories["data"][0]["content"], "I prefer short answers");
    assert_eq!(memories["data"][0]["source"], "agent");
    // Like a memory made through the API, it creates the end user.
    assert_eq!(json_of(server.get("/users/ann").await, 200).await["user_id"], "ann");

    let (events, _) = streamed(&server, json!({"message": "hello", "user_id": "ann"})).await;
    assert!(
        text(&events).starts_with("I remember that I prefer short answers."),
        "{}",
        text(&events)
    );
    // Another end user's runs know nothing of it; nor does a run with memory off.
    let (events, _) = streamed(&server, json!({"message": "hello", "user_id": "bob"})).await;
    assert!(!text(&events).contains("I remember"));
    let (events, _) =
        streamed(&server, json!({"message": "hello", "user_id": "ann", "memory": false})).await;
    assert!(!text(&events).contains("I remember"));

    // The agent keeps the rules of POST /memories: the same words in other case and spacing
    // are a memory it already has.
    let (events, _) = streamed(
        &server,
        json!({"message": "remember that I PREFER   short answers", "user_id": "ann"}),
    )
    .await;
    assert!(text(&events).contains("I already remember that"), "{}", text(&events));
    let memories = json_of(server.get("/memories/?user_id=ann").await, 200).await;
    assert_eq!(memories["data"].as_array().map(Vec::len), Some(1));
    server.stop().await;
}

#[tokio::test]
async fn a_report_is_a_csv_file_of_the_run() {
    let server = TestServer::start().await;
    let (events, _) =
        streamed(&server, json!({"message": "Export our MRR as a report", "tools": ["stripe"]}))
            .await;
    let run_id = events[0].run_id().unwrap();
    assert!(text(&events).contains("I wrote report.csv (6 rows)"), "{}", text(&events));
    let files: Vec<RunFile> = serde_json::from_value(
        json_of(server.get(&format!("/runs/{run_id}/files")).await, 200).await,
    )
    .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "report.csv");
    let download = server.get(&format!("/runs/{run_id}/files/report.csv/download")).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "text/csv");
    let csv = download.text().await.unwrap();
    assert_eq!(csv.len() as u64, files[0].size);
    assert!(csv.starts_with("month,mrr_usd\n2026-06,41200.00\n"), "{csv}");

    error_of(server.get(&format!("/runs/{run_id}/files/nope.csv/download")).await, 404).await;
    error_of(server.get(&format!("/runs/{run_id}/files/..%2Fm8tes.sqlite3/download")).await, 404)
        .await;
    let (events, _) = streamed(&server, json!({"message": "hi"})).await;
    let files =
        json_of(server.get(&format!("/runs/{}/files", events[0].run_id().unwrap())).await, 200)
            .await;
    assert_eq!(files, json!([]));
    server.stop().await;
}

#[tokio::test]
async fn a_failure_is_an_error_event_and_a_failed_run() {
    let server = TestServer::start().await;
    let (events, _) = streamed(&server, json!({"message": "please simulate:failure now"})).await;
    let names = types(&events);
    assert_eq!(&names[names.len() - 2..], ["error", "done"]);
    let EventKind::Error { error, error_code } = &events[names.len() - 2].kind else {
        unreachable!()
    };
    assert!(error.contains("simulate:failure"));
    assert_eq!(error_code.as_deref(), Some("simulated_failure"));
    let run =
        json_of(server.get(&format!("/runs/{}", events[0].run_id().unwrap())).await, 200).await;
    assert_eq!(run["status"], "failed");
    assert_eq!(run["error"], error.as_str());
    server.stop().await;
}

#[tokio::test]
async fn a_non_streamed_run_answers_at_once_and_finishes_in_the_background() {
    let server = TestServer::start().await;
    let run: Run = serde_json::from_value(
        json_of(
            server
                .post(
                    "/runs",
                    json!({"message": "hi", "stream": false, "user_id": "u1",
                                            "metadata": {"source": "test"}}),
                )
                .await,
            200,
        )
        .await,
    )
    .unwrap();
    assert_eq!(run.status.as_deref(), Some("running"));
    assert_eq!(run.output, None);
    assert_eq!(run.metadata.unwrap()["source"], "test");
    let done = wait_for_status(&server, run.id, "completed").await;
    assert!(done["output"].as_str().unwrap().contains("You asked: \"hi\"."));
    assert_eq!(done["user_id"], "u1");
    assert_eq!(done["permission_mode"], "autonomous");
    server.stop().await;
}

#[tokio::test]
async fn quick_start_makes_a_teammate() {
    let server = TestServer::start().await;
    let run = json_of(
        server
            .post(
                "/runs/",
                json!({"message": "hi", "stream": false, "name": "Helper",
                                     "instructions": "Be brief", "tools": ["notion"]}),
            )
            .await,
        200,
    )
    .await;
    let mate = run["teammate_id"].as_i64().expect("a teammate was made");
    let made: m8tes_protocol::types::Teammate =
        serde_json::from_value(json_of(server.get(&format!("/teammates/{mate}")).await, 200).await)
            .unwrap();
    assert_eq!(made.name, "Helper");
    assert_eq!(made.instructions.as_deref(), Some("Be brief"));
    assert_eq!(made.tools, Some(vec!["notion".to_owned()]));
    server.stop().await;
}

#[tokio::test]
async fn listing_filters_and_pages() {
    let server = TestServer::start().await;
    let mate = teammate(&server, &[]).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let mut body = json!({"message": format!("run {n}"), "stream": false, "user_id": "lister"});
        if n % 2 == 0 {
            body["teammate_id"] = json!(mate);
        }
        ids.push(json_of(server.post("/runs/", body).await, 200).await["id"].as_i64().unwrap());
    }
    for id in &ids {
        wait_for_status(&server, *id, "completed").await;
    }
    // Newest first (wire.md §10.2), and the end user's runs only when they are named.
    ids.reverse();
    let page: Page<Run> = serde_json::from_value(
        json_of(server.get("/runs/?limit=2&user_id=lister").await, 200).await,
    )
    .unwrap();
    assert_eq!(page.data.iter().map(|r| r.id).collect::<Vec<_>>(), ids[..2]);
    assert!(page.has_more);
    let next: Page<Run> = serde_json::from_value(
        json_of(
            server.get(&format!("/runs/?limit=2&user_id=lister&starting_after={}", ids[1])).await,
            200,
        )
        .await,
    )
    .unwrap();
    assert_eq!(next.data.iter().map(|r| r.id).collect::<Vec<_>>(), ids[2..4]);
    let mine: Page<Run> = serde_json::from_value(
        json_of(
            server.get(&format!("/runs?teammate_id={mate}&status=completed&user_id=lister")).await,
            200,
        )
        .await,
    )
    .unwrap();
    assert_eq!(mine.data.len(), 3);
    let account = json_of(server.get("/runs/").await, 200).await;
    assert_eq!(account, json!({"data": [], "has_more": false}), "the account's own runs only");
    let none = json_of(server.get("/runs/?user_id=nobody").await, 200).await;
    assert_eq!(none, json!({"data": [], "has_more": false}));
    error_of(server.get("/runs/?status=sleeping").await, 422).await;
    error_of(server.get("/runs/?limit=101").await, 422).await;
    let unknown = error_of(server.get("/runs/?colour=red").await, 422).await;
    assert!(unknown["message"].as_str().unwrap().contains("colour"));
    server.stop().await;
}

#[tokio::test]
async fn bad_requests_are_typed_errors() {
    let server = TestServer::start().await;
    error_of(server.post("/runs/", json!({"message": "  ", "stream": false})).await, 422).await;
    error_of(server.post("/runs/", json!({"stream": false})).await, 422).await;
    error_of(server.post("/runs/", json!({"message": "x", "permission_mode": "plan"})).await, 422)
        .await;
    error_of(
        server
            .post(
                "/runs/",
                json!({"message": "x", "permission_mode": "sometimes",
                                          "human_in_the_loop": true}),
            )
            .await,
        422,
    )
    .await;
    error_of(server.post("/runs/", json!({"message": "x", "teammate_id": 999})).await, 404).await;
    let not_json =
        server.request(reqwest::Method::POST, "/runs/").body("{not json").send().await.unwrap();
    error_of(not_json, 422).await;
    error_of(server.get("/runs/999").await, 404).await;
    error_of(server.get("/runs/abc").await, 422).await;
    error_of(server.post("/runs/999/cancel", json!({})).await, 404).await;
    error_of(server.get("/runs/999/stream").await, 404).await;
    error_of(server.get("/runs/999/files").await, 404).await;
    error_of(server.post("/tasks/999/runs", json!({"stream": false})).await, 404).await;
    let no_key =
        server.http.post(server.url("/runs/")).json(&json!({"message": "x"})).send().await.unwrap();
    error_of(no_key, 401).await;
    let _ = KEY;
    server.stop().await;
}

#[tokio::test]
async fn another_accounts_runs_are_not_found() {
    let server = TestServer::start().await;
    let run =
        json_of(server.post("/runs/", json!({"message": "mine", "stream": false})).await, 200)
            .await;
    let id = run["id"].as_i64().unwrap();
    wait_for_status(&server, id, "completed").await;
    let signup = json!({"email": "other@x.io", "password": "another-pass1", "first_name": "O", "last_name": ""});
    let grant =
        json_of(server.http.post(server.url("/signup")).json(&signup).send().await.unwrap(), 201)
            .await;
    let other_key = grant["api_key"].as_str().unwrap().to_owned();
    let other_key = other_key.as_str();
    let as_other = |method: reqwest::Method, path: &str| {
        server.http.request(method, server.url(path)).bearer_auth(other_key)
    };
    for path in [
        format!("/runs/{id}"),
        format!("/runs/{id}/permissions"),
        format!("/runs/{id}/files"),
        format!("/runs/{id}/stream"),
    ] {
        error_of(as_other(reqwest::Method::GET, &path).send().await.unwrap(), 404).await;
    }
    let reply = as_other(reqwest::Method::POST, &format!("/runs/{id}/reply"))
        .json(&json!({"message": "x", "stream": false}))
        .send()
        .await
        .unwrap();
    error_of(reply, 404).await;
    let listed = json_of(as_other(reqwest::Method::GET, "/runs/").send().await.unwrap(), 200).await;
    assert_eq!(listed["data"], json!([]));
    server.stop().await;
}
