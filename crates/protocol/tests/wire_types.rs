//! The wire types against wire.md §2 and §8.3: minimal payloads get the SDK's defaults,
//! explicit nulls stay null, unknown fields are kept, and request bodies carry exactly the
//! keys the SDK sends.

use m8tes_protocol::event::EventKind;
use m8tes_protocol::sse::{encode_done, encode_event, KEEPALIVE};
use m8tes_protocol::types::*;
use m8tes_protocol::{RunEvent, SseDecoder};
use serde_json::{json, Value};

fn parse<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("parses")
}

#[test]
fn absent_keys_take_the_sdk_defaults() {
    let mate: Teammate = parse(json!({"id": 1, "name": "Bot"}));
    assert_eq!(mate.tools, Some(vec![]));
    assert_eq!(mate.status.as_deref(), Some("enabled"));
    assert_eq!(mate.created_at.as_deref(), Some(""));
    assert_eq!(mate.inbound_email_enabled, Some(false));
    let run: Run = parse(json!({"id": 2}));
    assert_eq!(run.status.as_deref(), Some("running"));
    let trigger: Trigger = parse(json!({"id": 0, "type": "webhook", "url": "https://x"}));
    assert_eq!((trigger.timezone.as_deref(), trigger.enabled), (Some("UTC"), Some(true)));
    let app: App = parse(json!({"name": "gmail"}));
    assert_eq!(
        (app.display_name(), app.category.as_deref(), app.connected),
        ("gmail", Some("general"), Some(false))
    );
    let memory: Memory = parse(json!({"id": 3, "content": "likes tea"}));
    assert_eq!(memory.source.as_deref(), Some("api"));
    let hook: Webhook = parse(json!({"id": 4, "url": "https://x"}));
    assert_eq!((hook.events, hook.secret, hook.active), (Some(vec![]), None, Some(true)));
    let delivery: WebhookDelivery =
        parse(json!({"id": 5, "webhook_endpoint_id": 4, "event_type": "run.completed",
        "event_id": "evt_1", "run_id": 2, "status": "pending"}));
    assert_eq!(delivery.attempts, Some(0));
    let gate: PermissionRequest =
        parse(json!({"request_id": "r", "tool_name": "gmail", "status": "pending"}));
    assert_eq!((gate.tool_input, gate.resolved_at), (None, None));
}

#[test]
fn explicit_null_stays_null() {
    let mate: Teammate = parse(json!({"id": 1, "name": "Bot", "tools": null, "status": null}));
    assert_eq!((mate.tools, mate.status), (None, None));
    let back =
        serde_json::to_value(parse::<Teammate>(json!({"id": 1, "name": "B", "tools": null})))
            .unwrap();
    assert_eq!(back["tools"], Value::Null);
}

#[test]
fn unknown_fields_are_kept_and_written_back() {
    let run: Run = parse(
        json!({"id": 9, "status": "completed", "stop_reason": "end_turn", "routing": {"x": 1},
               "archived": true}),
    );
    assert_eq!(run.extra["stop_reason"], "end_turn");
    // A 4.49 field is typed (wire.md §10), and not kept twice.
    assert_eq!((run.later.archived, run.extra.get("archived")), (Some(true), None));
    let back = serde_json::to_value(&run).unwrap();
    assert_eq!(back["routing"], json!({"x": 1}));
    assert_eq!(back["archived"], true);
}

#[test]
fn missing_required_fields_are_errors_not_panics() {
    assert!(serde_json::from_value::<Teammate>(json!({"name": "no id"})).is_err());
    assert!(serde_json::from_value::<Page<Run>>(json!({"data": []})).is_err());
}

#[test]
fn request_bodies_carry_exactly_the_sdk_keys() {
    let minimal =
        serde_json::to_value(TeammateCreate { name: "Bot".into(), ..Default::default() }).unwrap();
    assert_eq!(minimal, json!({"name": "Bot"}));

    let run = serde_json::to_value(RunCreate::new("hi")).unwrap();
    assert_eq!(run, json!({"message": "hi", "stream": true, "memory": true, "history": true}));
    let mut gated = RunCreate::new("hi");
    gated.stream = false;
    gated.human_in_the_loop = true;
    gated.permission_mode = PermissionMode::Approval;
    gated.teammate_id = Some(3);
    assert_eq!(
        serde_json::to_value(gated).unwrap(),
        json!({"message": "hi", "stream": false, "teammate_id": 3, "memory": true, "history": true,
               "human_in_the_loop": true, "permission_mode": "approval"})
    );
    let task_run =
        serde_json::to_value(TaskRunCreate { stream: false, ..Default::default() }).unwrap();
    assert_eq!(task_run, json!({"stream": false, "memory": true, "history": true}));
    let trigger = serde_json::to_value(TriggerCreate::new(TriggerType::Email)).unwrap();
    assert_eq!(trigger, json!({"type": "email", "timezone": "UTC"}));
    let approve = serde_json::to_value(Approval {
        request_id: "r1".into(),
        decision: Decision::Allow,
        remember: false,
        reason: None,
    })
    .unwrap();
    assert_eq!(approve, json!({"request_id": "r1", "decision": "allow", "remember": false}));
    let patch =
        serde_json::to_value(WebhookUpdate { active: Some(false), ..Default::default() }).unwrap();
    assert_eq!(patch, json!({"active": false}));
    let policy =
        serde_json::to_value(PermissionPolicyCreate { user_id: "u".into(), tool: "gmail".into() })
            .unwrap();
    assert_eq!(policy, json!({"user_id": "u", "tool": "gmail"}));
}

#[test]
fn server_side_parsing_applies_request_defaults() {
    let run: RunCreate = parse(json!({"message": "hi"}));
    assert!(run.stream && run.memory && run.history && !run.human_in_the_loop);
    assert!(serde_json::from_value::<RunCreate>(
        json!({"message": "x", "permission_mode": "yolo"})
    )
    .is_err());
    let bad_query = serde_json::from_value::<RunListParams>(json!({"limit": 5, "bogus": 1}));
    assert!(bad_query.is_err(), "unknown query keys are refused");
}

#[test]
fn pages_stop_on_a_repeated_cursor() {
    let page: Page<Run> = parse(json!({"data": [{"id": 1}, {"id": 2}], "has_more": true}));
    assert_eq!(page.next_cursor(None), Some(Cursor::Id(2)));
    assert_eq!(page.next_cursor(Some(&Cursor::Id(2))), None);
    let hinted: Page<Run> =
        parse(json!({"data": [{"id": 1}], "has_more": true, "next_starting_after": "k9"}));
    assert_eq!(hinted.next_cursor(None), Some(Cursor::Key("k9".into())));
    let last: Page<Run> = parse(json!({"data": [{"id": 1}], "has_more": false}));
    assert_eq!(last.next_cursor(None), None);
}

#[test]
fn question_gates_expose_their_questions() {
    let gate: PermissionRequest = parse(
        json!({"request_id": "q", "tool_name": "AskUserQuestion", "status": "pending",
        "tool_input": {"questions": [{"question": "Proceed with this plan?", "header": "Plan Approval",
            "options": [{"label": "Approve", "description": ""}, {"label": "Reject", "description": ""}],
            "multiSelect": false}]}}),
    );
    assert!(gate.is_question() && gate.is_pending());
    let questions = gate.questions();
    assert_eq!(questions[0].header, PLAN_APPROVAL_HEADER);
    assert_eq!(questions[0].options[1].label, "Reject");
}

#[test]
fn encoder_output_decodes_to_the_same_events() {
    let events = vec![
        RunEvent::new(EventKind::Metadata {
            payload: json!({"run_id": 7}).as_object().unwrap().clone(),
        }),
        RunEvent::new(EventKind::TextDelta {
            id: Some("t".into()),
            delta: "line one\nline \"two\" ☕".into(),
        }),
        RunEvent::new(EventKind::ToolCallStart {
            tool_call_id: Some("c1".into()),
            tool_name: Some("slack".into()),
        }),
        RunEvent::new(EventKind::ToolResultEnd {
            tool_call_id: Some("c1".into()),
            result: json!({"ok": true}),
        }),
        RunEvent::new(EventKind::Error { error: "boom".into(), error_code: Some("X".into()) }),
        RunEvent::new(EventKind::Named { type_name: "permission_request" }),
    ];
    let mut body = String::new();
    for event in &events {
        body.push_str(&encode_event(event));
        body.push_str(KEEPALIVE);
    }
    body.push_str(encode_done());
    assert!(
        body.starts_with("data: {\"payload\":{\"run_id\":7},\"type\":\"metadata\"}\n\n"),
        "{body}"
    );
    let mut decoder = SseDecoder::new();
    let mut decoded = Vec::new();
    let mut take =
        |item: Result<&str, _>| decoded.push(RunEvent::from_payload(item.unwrap()).unwrap());
    decoder.feed(body.as_bytes(), &mut take);
    decoder.finish(&mut take);
    assert_eq!(decoded.len(), events.len() + 1);
    for (got, sent) in decoded.iter().zip(&events) {
        assert_eq!(got.kind, sent.kind);
    }
    assert_eq!(decoded[0].run_id(), Some(7));
    assert!(decoded.last().unwrap().is_terminal());
}

#[test]
fn claude_native_frames_are_normalised() {
    let cases = [
        (
            json!({"type": "content_block_start", "content_block": {"type": "tool_use", "id": "tu", "name": "gmail"}}),
            json!({"type": "tool-call-start", "toolCallId": "tu", "toolName": "gmail"}),
        ),
        (
            json!({"type": "content_block_delta", "id": "tu", "delta": {"type": "input_json_delta", "partial_json": "{\"a\""}}),
            json!({"type": "tool-call-delta", "toolCallId": "tu", "delta": "{\"a\""}),
        ),
        (
            json!({"type": "tool_result", "tool_use_id": "tu", "content": [1]}),
            json!({"type": "tool-result-end", "toolCallId": "tu", "result": [1]}),
        ),
        (
            json!({"type": "message_start", "message": {"id": "m1"}}),
            json!({"type": "message-start", "messageId": "m1"}),
        ),
        (
            json!({"type": "message_delta", "delta": {"text": "x"}}),
            json!({"type": "text-delta", "delta": "x"}),
        ),
        (
            json!({"type": "message_delta", "delta": {"stop_reason": "end"}}),
            json!({"type": "message_delta"}),
        ),
        (json!({"type": "content_block_stop"}), json!({"type": "content_block_stop"})),
        (
            json!({"type": "plan-delta", "plan": "step"}),
            json!({"type": "plan-delta", "delta": "step"}),
        ),
        (json!({"type": 5}), json!({"type": "unknown"})),
        (json!({"type": "ping"}), json!({"type": "unknown"})),
        (json!({"type": "cancelled"}), json!({"type": "cancelled"})),
    ];
    for (input, want) in cases {
        let event = RunEvent::from_object(input.as_object().unwrap().clone()).unwrap();
        let wire = event.to_wire();
        for (key, value) in want.as_object().unwrap() {
            assert_eq!(wire.get(key), Some(value), "{input} → {wire:?}");
        }
        assert_eq!(Value::Object(event.raw.clone()), input, "raw keeps the frame");
    }
}
