//! Human in the loop over real HTTP: approval gates (allow, deny, remember), plan approval
//! (approve, reject) and the errors of approve, answer and the mode switch.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use m8tes_protocol::types::{AnswerResult, PermissionRequest};
use run_support::{text, tool_names, types, wait_for_status, EventReader};
use serde_json::{json, Value};

fn payload(event: &m8tes_protocol::RunEvent) -> Value {
    Value::Object(event.raw.clone())
}

#[tokio::test]
async fn approval_pauses_before_each_tool_and_allow_runs_it() {
    let server = TestServer::start().await;
    let body = json!({"message": "Check my inbox and post to #general: hello", "stream": true,
                      "tools": ["gmail", "slack"], "user_id": "ann",
                      "human_in_the_loop": true, "permission_mode": "approval"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let before = stream.until("awaiting_approval").await;
    let run_id = before[0].run_id().unwrap();
    assert!(tool_names(&before).is_empty(), "no tool runs before its approval");
    let request = payload(&before[before.len() - 2]);
    assert_eq!(request["type"], "permission_request");
    assert_eq!(request["tool_name"], "gmail");
    assert_eq!(request["tool_input"]["action"], "list_inbox");
    let request_id = request["request_id"].as_str().unwrap().to_owned();

    let run = json_of(server.get(&format!("/runs/{run_id}")).await, 200).await;
    assert_eq!(run["status"], "awaiting_approval");
    let gates: Vec<PermissionRequest> = serde_json::from_value(
        json_of(server.get(&format!("/runs/{run_id}/permissions")).await, 200).await,
    )
    .unwrap();
    assert_eq!(gates.len(), 1);
    assert!(gates[0].is_pending() && !gates[0].is_question());
    assert_eq!(gates[0].request_id, request_id);

    // Allow and remember: gmail runs now, and ann is never asked about gmail again.
    let approved: PermissionRequest = serde_json::from_value(
        json_of(
            server
                .post(
                    &format!("/runs/{run_id}/approve"),
                    json!({"request_id": request_id, "decision": "allow", "remember": true}),
                )
                .await,
            200,
        )
        .await,
    )
    .unwrap();
    assert_eq!(approved.status, "allowed");
    assert!(approved.resolved_at.is_some());
    let next = stream.until("awaiting_approval").await;
    assert_eq!(types(&next)[0], "permission_resolved");
    assert_eq!(tool_names(&next), ["gmail"]);
    let slack_gate = payload(&next[next.len() - 2]);
    assert_eq!(slack_gate["tool_name"], "slack");

    // Deny slack: it is skipped, and the answer says so.
    let denied = json_of(
        server.post(&format!("/runs/{run_id}/approve"),
            json!({"request_id": slack_gate["request_id"], "decision": "deny", "remember": false})).await,
        200,
    )
    .await;
    assert_eq!(denied["status"], "denied");
    let rest = stream.rest().await;
    assert!(tool_names(&rest).is_empty());
    assert!(text(&rest).contains("You denied slack, so I skipped it."), "{}", text(&rest));
    assert_eq!(types(&rest).last(), Some(&"done"));
    wait_for_status(&server, run_id, "completed").await;

    // The policy was created for ann, so her next run asks only about slack.
    let policies = json_of(server.get("/permissions/?user_id=ann").await, 200).await;
    assert_eq!(policies["data"][0]["tool_name"], "gmail");
    let again = json!({"message": "Check my inbox", "stream": true, "tools": ["gmail"], "user_id": "ann",
                       "human_in_the_loop": true, "permission_mode": "approval"});
    let events = EventReader::new(server.post("/runs/", again).await).rest().await;
    assert!(!types(&events).contains(&"permission_request"));
    assert_eq!(tool_names(&events), ["gmail"]);
    server.stop().await;
}

#[tokio::test]
async fn switching_to_autonomous_releases_the_waiting_tool() {
    let server = TestServer::start().await;
    let body = json!({"message": "what is our MRR", "stream": true, "tools": ["stripe"],
                      "human_in_the_loop": true, "permission_mode": "approval"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let before = stream.until("awaiting_approval").await;
    let run_id = before[0].run_id().unwrap();
    let switched = json_of(
        server
            .patch(
                &format!("/runs/{run_id}/permission-mode"),
                json!({"permission_mode": "autonomous"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(switched, json!({"permission_mode": "autonomous"}));
    let rest = stream.rest().await;
    assert_eq!(tool_names(&rest), ["stripe"]);
    let run = wait_for_status(&server, run_id, "completed").await;
    assert_eq!(run["permission_mode"], "autonomous");
    let gates = json_of(server.get(&format!("/runs/{run_id}/permissions")).await, 200).await;
    assert_eq!(gates[0]["status"], "allowed");
    error_of(
        server
            .patch(&format!("/runs/{run_id}/permission-mode"), json!({"permission_mode": "yolo"}))
            .await,
        422,
    )
    .await;
    server.stop().await;
}

async fn plan_run(server: &TestServer) -> (EventReader, i64, PermissionRequest) {
    let body = json!({"message": "Look at open tickets and post to #eng: triage at 3", "stream": true,
                      "tools": ["linear", "slack"], "human_in_the_loop": true, "permission_mode": "plan"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let before = stream.until("awaiting_approval").await;
    let run_id = before[0].run_id().unwrap();
    let names = types(&before);
    assert!(names.contains(&"plan-start") && names.contains(&"plan-delta"), "{names:?}");
    assert!(tool_names(&before).is_empty());
    let gates: Vec<PermissionRequest> = serde_json::from_value(
        json_of(server.get(&format!("/runs/{run_id}/permissions")).await, 200).await,
    )
    .unwrap();
    (stream, run_id, gates.into_iter().next().unwrap())
}

#[tokio::test]
async fn plan_mode_asks_plan_approval_and_approve_runs_the_tools() {
    let server = TestServer::start().await;
    let (mut stream, run_id, gate) = plan_run(&server).await;
    assert!(gate.is_question());
    let question = &gate.questions()[0];
    assert_eq!(question.header, "Plan Approval");
    let labels: Vec<_> = question.options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels, ["Approve", "Reject"]);
    // A question is answered, not approved.
    error_of(
        server
            .post(
                &format!("/runs/{run_id}/approve"),
                json!({"request_id": gate.request_id, "decision": "allow", "remember": false}),
            )
            .await,
        422,
    )
    .await;
    error_of(server.post(&format!("/runs/{run_id}/answer"), json!({"answers": {}})).await, 422)
        .await;
    error_of(
        server
            .post(
                &format!("/runs/{run_id}/answer"),
                json!({"answers": {question.question.clone(): "Maybe"}}),
            )
            .await,
        422,
    )
    .await;
    let answered: AnswerResult = serde_json::from_value(
        json_of(
            server
                .post(
                    &format!("/runs/{run_id}/answer"),
                    json!({"answers": {question.question.clone(): "Approve"}}),
                )
                .await,
            200,
        )
        .await,
    )
    .unwrap();
    assert_eq!((answered.status.as_str(), answered.resumed), ("ok", true));
    let rest = stream.rest().await;
    assert_eq!(tool_names(&rest), ["linear", "slack"]);
    wait_for_status(&server, run_id, "completed").await;
    let gates = json_of(server.get(&format!("/runs/{run_id}/permissions")).await, 200).await;
    assert_eq!(gates[0]["status"], "resolved");
    // Nothing waits now: answering again is a conflict.
    error_of(
        server
            .post(
                &format!("/runs/{run_id}/answer"),
                json!({"answers": {"Plan Approval": "Approve"}}),
            )
            .await,
        409,
    )
    .await;
    server.stop().await;
}

#[tokio::test]
async fn rejecting_the_plan_ends_the_run_without_tools() {
    let server = TestServer::start().await;
    let (mut stream, run_id, _gate) = plan_run(&server).await;
    // Keyed by the header, as the SDK's wait() helper answers (wire.md §9.5).
    json_of(
        server
            .post(
                &format!("/runs/{run_id}/answer"),
                json!({"answers": {"Plan Approval": "Reject"}}),
            )
            .await,
        200,
    )
    .await;
    let rest = stream.rest().await;
    assert!(tool_names(&rest).is_empty());
    assert!(text(&rest).contains("You rejected the plan, so I stopped without using any tools."));
    let run = wait_for_status(&server, run_id, "completed").await;
    assert!(run["output"]
        .as_str()
        .unwrap()
        .ends_with("You rejected the plan, so I stopped without using any tools."));
    server.stop().await;
}

#[tokio::test]
async fn gate_errors() {
    let server = TestServer::start().await;
    let run =
        json_of(server.post("/runs/", json!({"message": "hi", "stream": false})).await, 200).await;
    let id = run["id"].as_i64().unwrap();
    wait_for_status(&server, id, "completed").await;
    let unknown = error_of(
        server
            .post(
                &format!("/runs/{id}/approve"),
                json!({"request_id": "perm_nope", "decision": "allow", "remember": false}),
            )
            .await,
        404,
    )
    .await;
    assert_eq!(unknown["error_code"], "gate_not_found");
    error_of(
        server
            .post(
                &format!("/runs/{id}/approve"),
                json!({"request_id": "perm_nope", "decision": "maybe", "remember": false}),
            )
            .await,
        422,
    )
    .await;
    error_of(
        server
            .post(&format!("/runs/{id}/answer"), json!({"answers": {"Plan Approval": "Approve"}}))
            .await,
        409,
    )
    .await;
    assert_eq!(json_of(server.get(&format!("/runs/{id}/permissions")).await, 200).await, json!([]));
    error_of(
        server
            .post(
                "/runs/999/approve",
                json!({"request_id": "x", "decision": "allow", "remember": false}),
            )
            .await,
        404,
    )
    .await;
    error_of(server.post("/runs/999/answer", json!({"answers": {"a": "b"}})).await, 404).await;
    server.stop().await;
}
