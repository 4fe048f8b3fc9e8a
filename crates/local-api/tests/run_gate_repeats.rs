//! SDK 4.49's gate semantics over real HTTP (wire.md §10.3): the same decision twice is
//! idempotent, the other decision is `gate_resolved_otherwise`, a gate its run's cancel
//! closed is `gate_cancelled` (both 404), and the machine code is in `details.error_code`.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use run_support::{tool_names, wait_for_status, EventReader};
use serde_json::{json, Value};

async fn approval_run(server: &TestServer, message: &str) -> (EventReader, i64, String) {
    let body = json!({"message": message, "stream": true, "tools": ["gmail", "slack"],
                      "user_id": "ann", "human_in_the_loop": true, "permission_mode": "approval"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let before = stream.until("awaiting_approval").await;
    let run_id = before[0].run_id().unwrap();
    let request = Value::Object(before[before.len() - 2].raw.clone());
    (stream, run_id, request["request_id"].as_str().unwrap().to_owned())
}

fn decision(request_id: &str, decision: &str, remember: bool) -> Value {
    json!({"request_id": request_id, "decision": decision, "remember": remember})
}

#[tokio::test]
async fn the_same_decision_twice_is_idempotent_and_the_other_is_refused() {
    let server = TestServer::start().await;
    let (mut stream, run_id, gate) = approval_run(&server, "Check my inbox").await;
    let path = format!("/runs/{run_id}/approve");
    let first = json_of(server.post(&path, decision(&gate, "allow", false)).await, 200).await;
    assert_eq!(first["status"], "allowed");
    // The decision resumed the run; nothing was remembered (SDK 4.49 reads both).
    assert_eq!(
        (first["resumed"].clone(), first["remembered"].clone()),
        (true.into(), false.into())
    );
    // A retried approve (its answer lost) gets the same gate back, and may add remember.
    let again = json_of(server.post(&path, decision(&gate, "allow", true)).await, 200).await;
    assert_eq!(
        (again["status"].clone(), again["request_id"].clone()),
        ("allowed".into(), gate.clone().into())
    );
    // A repeat resumes nothing; the policy it adds is reported as stored.
    assert_eq!(
        (again["resumed"].clone(), again["remembered"].clone()),
        (false.into(), true.into())
    );
    let policies = json_of(server.get("/permissions/?user_id=ann").await, 200).await;
    assert_eq!(policies["data"][0]["tool_name"], "gmail");
    // The opposite decision did not happen: 404 with the code SDK 4.49 branches on.
    let otherwise = error_of(server.post(&path, decision(&gate, "deny", false)).await, 404).await;
    assert_eq!(otherwise["details"]["error_code"], "gate_resolved_otherwise");
    assert_eq!(otherwise["error_code"], "gate_resolved_otherwise");
    assert_eq!(tool_names(&stream.rest().await), ["gmail"]);
    wait_for_status(&server, run_id, "completed").await;
    // Still the same once the run has finished: a contradiction is never `run_not_active`.
    let late = error_of(server.post(&path, decision(&gate, "deny", false)).await, 404).await;
    assert_eq!(late["details"]["error_code"], "gate_resolved_otherwise");
    json_of(server.post(&path, decision(&gate, "allow", false)).await, 200).await;
    server.stop().await;
}

#[tokio::test]
async fn a_gate_closed_by_a_cancel_is_gate_cancelled_either_way() {
    let server = TestServer::start().await;
    let (_stream, run_id, gate) = approval_run(&server, "Check my inbox").await;
    json_of(server.post(&format!("/runs/{run_id}/cancel"), json!({})).await, 200).await;
    let path = format!("/runs/{run_id}/approve");
    for choice in ["allow", "deny"] {
        let error = error_of(server.post(&path, decision(&gate, choice, false)).await, 404).await;
        assert_eq!(error["details"]["error_code"], "gate_cancelled", "{error}");
    }
    let unknown =
        error_of(server.post(&path, decision("perm_nope", "allow", false)).await, 404).await;
    assert_eq!(unknown["details"]["error_code"], "gate_not_found");
    server.stop().await;
}

#[tokio::test]
async fn answering_the_same_question_again_is_idempotent() {
    let server = TestServer::start().await;
    let body = json!({"message": "Look at open tickets and post to #eng: triage at 3", "stream": true,
                      "tools": ["linear", "slack"], "human_in_the_loop": true, "permission_mode": "plan"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let before = stream.until("awaiting_approval").await;
    let run_id = before[0].run_id().unwrap();
    let gates = json_of(server.get(&format!("/runs/{run_id}/permissions")).await, 200).await;
    let request_id = gates[0]["request_id"].as_str().unwrap().to_owned();
    let path = format!("/runs/{run_id}/answer");
    let approve = json!({"answers": {"Plan Approval": "Approve"}, "request_id": request_id});
    let first = json_of(server.post(&path, approve.clone()).await, 200).await;
    assert_eq!(first, json!({"status": "ok", "resumed": true}));
    // The same answers to the same gate: answered, and nothing resumes twice.
    let again = json_of(server.post(&path, approve).await, 200).await;
    assert_eq!(again, json!({"status": "ok", "resumed": false}));
    let reject = json!({"answers": {"Plan Approval": "Reject"}, "request_id": request_id});
    let otherwise = error_of(server.post(&path, reject).await, 404).await;
    assert_eq!(otherwise["details"]["error_code"], "gate_resolved_otherwise");
    let unknown = json!({"answers": {"Plan Approval": "Approve"}, "request_id": "perm_nope"});
    let error = error_of(server.post(&path, unknown).await, 404).await;
    assert_eq!(error["details"]["error_code"], "gate_not_found");
    stream.rest().await;
    wait_for_status(&server, run_id, "completed").await;
    server.stop().await;
}
