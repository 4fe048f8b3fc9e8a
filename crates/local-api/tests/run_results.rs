//! A run's results as SDK 4.49 reads them, over real HTTP (wire.md §10.7, §10.8): structured
//! output, the outcome, the transcript's pages, and `X-Run-Id` on every run-creating answer.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::{wait_for_status, EventReader};
use serde_json::{json, Value};

fn schema() -> Value {
    json!({"type": "object", "properties": {
        "summary": {"type": "string"}, "count": {"type": "integer"}, "urgent": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}}, "level": {"enum": ["low", "high"]}},
        "required": ["summary", "count"]})
}

#[tokio::test]
async fn output_schema_gives_output_data_on_the_run_its_outcome_and_its_replies() {
    let server = TestServer::start().await;
    let response = server
        .post(
            "/runs/",
            json!({"message": "hello there", "stream": false, "output_schema": schema()}),
        )
        .await;
    let run_id: i64 = response.headers()["x-run-id"].to_str().unwrap().parse().unwrap();
    let created = json_of(response, 200).await;
    assert_eq!(created["id"], run_id);
    assert!(created.get("output_data").is_none(), "nothing yet: {created}");
    let done = wait_for_status(&server, run_id, "completed").await;
    let data = &done["output_data"];
    let first_line = done["output"].as_str().unwrap().lines().next().unwrap().trim().to_owned();
    assert_eq!(
        *data,
        json!({"summary": first_line, "count": 0, "urgent": true, "tags": [first_line], "level": "low"})
    );
    let outcome = json_of(server.get(&format!("/runs/{run_id}/outcome")).await, 200).await;
    assert_eq!(outcome["output_data"], *data);
    assert_eq!(
        (outcome["run_id"].as_i64(), outcome["status"].as_str()),
        (Some(run_id), Some("completed"))
    );
    assert_eq!(outcome["summary"], done["output"]);
    assert_eq!(outcome["headline"], first_line.as_str());
    assert_eq!(outcome["message_count"], 2);
    assert_eq!(outcome["delivery_channel"], "none");
    assert_eq!(outcome["cost_usd"], done["usage"]["cost_usd"]);
    assert_eq!(
        outcome["total_tokens"].as_u64(),
        Some(
            outcome["input_tokens"].as_u64().unwrap() + outcome["output_tokens"].as_u64().unwrap()
        )
    );
    // The schema sticks to the run: a reply is structured too.
    json_of(
        server
            .post(&format!("/runs/{run_id}/reply"), json!({"message": "again", "stream": false}))
            .await,
        200,
    )
    .await;
    let replied = wait_for_status(&server, run_id, "completed").await;
    assert_eq!(replied["output_data"]["count"], 0);

    // Without a schema there is no output_data at all.
    let plain =
        json_of(server.post("/runs/", json!({"message": "hi", "stream": false})).await, 200).await;
    let plain = wait_for_status(&server, plain["id"].as_i64().unwrap(), "completed").await;
    assert!(plain.get("output_data").is_none());
    for bad in [json!("object"), json!({"type": "array"}), json!({"type": "object", "$defs": {}})] {
        error_of(server.post("/runs/", json!({"message": "hi", "output_schema": bad})).await, 422)
            .await;
    }
    server.stop().await;
}

#[tokio::test]
async fn a_streamed_create_a_task_run_and_a_replay_name_their_run() {
    let server = TestServer::start().await;
    let response = server
        .request(reqwest::Method::POST, "/runs/")
        .header("idempotency-key", "k-1")
        .json(&json!({"message": "hi", "stream": true}))
        .send()
        .await
        .unwrap();
    let header: i64 = response.headers()["x-run-id"].to_str().unwrap().parse().unwrap();
    let events = EventReader::new(response).rest().await;
    assert_eq!(events[0].run_id(), Some(header));
    let replay = server
        .request(reqwest::Method::POST, "/runs/")
        .header("idempotency-key", "k-1")
        .json(&json!({"message": "hi", "stream": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.headers()["x-run-id"], header.to_string().as_str());
    server.stop().await;
}

#[tokio::test]
async fn messages_page_forwards_from_the_tail_and_backwards() {
    let server = TestServer::start().await;
    let run = json_of(
        server.post("/runs/", json!({"message": "one", "stream": false, "user_id": "ann"})).await,
        200,
    )
    .await;
    let id = run["id"].as_i64().unwrap();
    wait_for_status(&server, id, "completed").await;
    for message in ["two", "three"] {
        json_of(
            server
                .post(&format!("/runs/{id}/reply"), json!({"message": message, "stream": false}))
                .await,
            200,
        )
        .await;
        wait_for_status(&server, id, "completed").await;
    }
    let all = json_of(server.get(&format!("/runs/{id}/messages")).await, 200).await;
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 6);
    let seqs = |page: &Value| -> Vec<i64> {
        page.as_array().unwrap().iter().map(|m| m["sequence"].as_i64().unwrap()).collect()
    };
    assert_eq!(seqs(&Value::Array(all.clone())), [1, 2, 3, 4, 5, 6]);
    let roles: Vec<&str> = all.iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant", "user", "assistant"]);
    assert_eq!(
        (all[2]["content"].as_str(), all[2]["event_metadata"]["turn"].as_i64()),
        (Some("two"), Some(2))
    );
    assert_eq!(all[0]["run_id"], id);
    let path = |query: &str| format!("/runs/{id}/messages{query}");
    assert_eq!(seqs(&json_of(server.get(&path("?after_sequence=4")).await, 200).await), [5, 6]);
    assert_eq!(
        seqs(&json_of(server.get(&path("?after_sequence=1&limit=2")).await, 200).await),
        [2, 3]
    );
    assert_eq!(seqs(&json_of(server.get(&path("?tail=true&limit=2")).await, 200).await), [5, 6]);
    assert_eq!(
        seqs(&json_of(server.get(&path("?before_sequence=5&limit=2")).await, 200).await),
        [3, 4]
    );
    assert_eq!(
        seqs(&json_of(server.get(&path("?before_sequence=1")).await, 200).await),
        Vec::<i64>::new()
    );
    json_of(server.get(&path("?include_trace=true&user_id=ann")).await, 200).await;
    for bad in [
        "?tail=true&after_sequence=1",
        "?after_sequence=1&before_sequence=3",
        "?limit=0",
        "?limit=1001",
        "?tail=yes",
        "?cursor=1",
    ] {
        error_of(server.get(&path(bad)).await, 422).await;
    }
    error_of(server.get(&path("?user_id=bob")).await, 404).await;
    error_of(server.get(&format!("/runs/{id}/outcome?user_id=bob")).await, 404).await;
    let other = server.second_account("results@example.com").await;
    for path in ["outcome", "messages"] {
        let response = server
            .request_as(&other, reqwest::Method::GET, &format!("/runs/{id}/{path}"))
            .send()
            .await
            .unwrap();
        error_of(response, 404).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn an_agent_message_lists_the_tools_its_turn_called_as_tool_use_blocks() {
    let server = TestServer::start().await;
    let body = json!({"message": "Export a report of this month's MRR", "tools": ["stripe"], "stream": false});
    let run = json_of(server.post("/runs/", body).await, 200).await;
    let id = run["id"].as_i64().unwrap();
    wait_for_status(&server, id, "completed").await;
    let messages = json_of(server.get(&format!("/runs/{id}/messages")).await, 200).await;
    let [user, agent] = messages.as_array().unwrap().as_slice() else { panic!("{messages}") };
    assert_eq!(user["content_blocks"], Value::Null);
    let blocks = agent["content_blocks"].as_array().unwrap();
    assert_eq!(blocks[0], json!({"type": "text", "text": agent["content"]}));
    let tools: Vec<&Value> = blocks.iter().filter(|b| b["type"] == "tool_use").collect();
    assert!(!tools.is_empty(), "{blocks:?}");
    for tool in tools {
        assert!(tool["name"].as_str().is_some_and(|n| !n.is_empty()), "{tool}");
        assert!(tool["id"].as_str().is_some_and(|n| !n.is_empty()), "{tool}");
        assert!(tool["input"].is_object(), "{tool}");
    }
}
