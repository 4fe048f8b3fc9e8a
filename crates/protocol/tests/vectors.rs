//! Every case of the contract's vectors (`contract/vectors/`, a copy of
//! `../shared/contract/vectors/`): SSE framing at every cut point and under random multi-cut
//! splits, path segments, webhook signatures. Each test appends its case count to the file
//! named by `M8TES_VECTOR_REPORT`, which `cargo xtask test` prints.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use m8tes_protocol::webhook_signature::{verify_signature, SignatureHeaders};
use m8tes_protocol::{seg, FrameReading, RunEvent, SseDecoder, StreamAccumulator};
use serde_json::Value;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../contract/vectors")
}

fn load(name: &str) -> Value {
    let path = vectors_dir().join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn report(line: String) {
    if let Some(path) = std::env::var_os("M8TES_VECTOR_REPORT") {
        let mut file =
            fs::OpenOptions::new().create(true).append(true).open(path).expect("report file");
        writeln!(file, "{line}").expect("write report");
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Decodes `input` fed as the given chunks into wire objects.
fn decode(chunks: &[&[u8]]) -> Vec<serde_json::Map<String, Value>> {
    let mut decoder = SseDecoder::new();
    let mut events = Vec::new();
    let mut take = |item: Result<&str, _>| {
        let payload = item.expect("no framing error in the vectors");
        if let Some(event) = RunEvent::from_payload(payload) {
            events.push(event.to_wire());
        }
    };
    for chunk in chunks {
        decoder.feed(chunk, &mut take);
    }
    decoder.finish(&mut take);
    events
}

/// Every field listed in `expected` equals the event's (other fields may exist).
fn assert_events(
    case: &str,
    cut: &str,
    got: &[serde_json::Map<String, Value>],
    expected: &[Value],
) {
    assert_eq!(got.len(), expected.len(), "{case} ({cut}): {got:?}");
    for (event, want) in got.iter().zip(expected) {
        for (key, value) in want.as_object().expect("expected event is an object") {
            assert_eq!(event.get(key), Some(value), "{case} ({cut}): field {key} of {event:?}");
        }
    }
}

/// A small deterministic generator, so a failing split can be reproduced.
struct XorShift(u64);
impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn sse_framing_vectors_at_every_cut() {
    let vectors = load("sse-framing.json");
    let cases = vectors["cases"].as_array().expect("cases");
    let mut splits = 0usize;
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let input = case["input"].as_str().expect("input").as_bytes();
        let expected = case["events"].as_array().expect("events");
        assert_events(name, "whole", &decode(&[input]), expected);
        for cut in 0..=input.len() {
            let (a, b) = input.split_at(cut);
            assert_events(name, &format!("cut at {cut}"), &decode(&[a, b]), expected);
            splits += 1;
        }
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_events(name, "byte by byte", &decode(&bytes), expected);
        for round in 0..200 {
            let mut cuts: Vec<usize> =
                (0..1 + rng.below(6)).map(|_| rng.below(input.len() + 1)).collect();
            cuts.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for cut in cuts {
                chunks.push(&input[start..cut]);
                start = cut;
            }
            chunks.push(&input[start..]);
            assert_events(
                name,
                &format!("random split {round}: {chunks:?}"),
                &decode(&chunks),
                expected,
            );
            splits += 1;
        }
    }
    println!("sse-framing: {} cases, {splits} splits", cases.len());
    report(format!("vectors sse-framing.json: {} cases", cases.len()));
}

/// `read_frame` (the JS API's reader, which reads a frame of strings in place) and
/// `from_payload` (which decodes every frame) must be one event model: the same kind, wire
/// fields, run id and wire-form answer for every payload.
fn assert_same_reading(payload: &str) {
    let decoded = RunEvent::from_payload(payload);
    let read = RunEvent::read_frame(payload);
    let (Some(decoded), Some((read, is_wire))) = (&decoded, &read) else {
        assert_eq!(decoded.is_none(), read.is_none(), "{payload}: one reader found no event");
        return;
    };
    assert_eq!(read.kind, decoded.kind, "{payload}");
    assert_eq!(*is_wire, decoded.raw_is_wire(), "{payload}");
    assert_eq!(read.wire_fields(), decoded.wire_fields(), "{payload}");
    assert_eq!(read.run_id(), decoded.run_id(), "{payload}");
    if !is_wire {
        // The frame's object is kept whenever its text is not the wire form.
        assert_eq!(read.to_wire(), decoded.to_wire(), "{payload}");
    }
    // What the JS handle's reader folds adds up as the event does.
    let mut by_fold = StreamAccumulator::new();
    match RunEvent::read_frame_in(payload, &mut String::new()).expect("an event") {
        FrameReading::Wire(fold) => by_fold.fold(fold),
        FrameReading::WireResult { tool_call_id, result } => {
            if let Some(id) = tool_call_id {
                by_fold.tool_result(&id, result);
            }
        }
        FrameReading::Event(event, _) => by_fold.apply(&event),
    }
    let mut by_event = StreamAccumulator::new();
    by_event.apply(decoded);
    assert_eq!(by_fold, by_event, "{payload}");
}

/// The frames of the mixed run (tests/npm/harness/mixed-run.mjs), in the wire's spacing.
const MIXED_RUN: &[&str] = &[
    r#"{"type": "metadata", "payload": {"run_id": 1, "teammate_id": 7, "usage": {"input_tokens": 12}}}"#,
    r#"{"type": "reasoning-start", "id": "rs_0"}"#,
    r#"{"type": "reasoning-delta", "id": "rs_0", "delta": "thinking step 0 "}"#,
    r#"{"type": "reasoning-end", "id": "rs_0"}"#,
    r#"{"type": "text-start", "id": "txt_0"}"#,
    r#"{"type": "text-delta", "id": "txt_0", "delta": "Hello"}"#,
    r#"{"type": "text-delta", "id": "txt_0", "delta": " caf\u00e9 東京 🙂"}"#,
    r#"{"type": "text-delta", "id": "txt_0", "delta": " \"quoted\" line\nbreak tab\tstop path\\to"}"#,
    r#"{"type": "text-end", "id": "txt_0"}"#,
    r#"{"type": "tool-call-start", "toolCallId": "toolu_0", "toolName": "gmail_search"}"#,
    r#"{"type": "tool-call-delta", "toolCallId": "toolu_0", "delta": "{\"query\": "}"#,
    r#"{"type": "tool-call-end", "toolCallId": "toolu_0"}"#,
    r#"{"type": "tool-result-end", "toolCallId": "toolu_0", "result": {"messages": [{"id": "m1", "subject": "Lunch?"}], "total": 2}}"#,
    r#"{"type": "run_metrics", "execution_time_ms": 5321, "input_tokens_used": 1200, "output_tokens_used": 340, "claude_token_cost_usd": 0.0123, "stop_reason": "end_turn"}"#,
    r#"{"type": "done", "completion_state": "complete", "unresolved_tool_use_ids": [], "stop_reason": "end_turn"}"#,
];

/// Frames of strings that need rewriting, or that a reader in place could get wrong.
const EDGE_FRAMES: &[&str] = &[
    "[DONE]",
    "{}",
    r#"{"type": "text-delta", "delta": "no id"}"#,
    r#"{"type": "text-delta", "id": null, "delta": "null id"}"#,
    r#"{"type": "text-delta", "id": "a", "delta": "first", "delta": "second"}"#,
    r#"{"type": "text-delta", "id": "a", "delta": 5}"#,
    r#"{"type": "reasoning-delta", "id": "r", "text": "old spelling"}"#,
    r#"{"type": "reasoning-delta", "id": "r", "delta": "", "text": "fallback"}"#,
    r#"{"type": "metadata", "run_id": "12", "teammate_id": "x"}"#,
    r#"{"type": "metadata", "run_id": 12}"#,
    r#"{"type": "tool-result-end", "toolCallId": "c", "result": "text result"}"#,
    r#"{"type": "tool-result-end", "toolCallId": "c", "result": null}"#,
    r#"{"type": "tool-result-end", "toolCallId": "c"}"#,
    r#"{"type": "tool_result", "tool_use_id": "c", "content": "done"}"#,
    r#"{"type": "content_block_start", "block_type": "text", "id": "b"}"#,
    r#"{"type": "content_block_delta", "delta": "not an object"}"#,
    r#"{"type": "message_delta", "delta": "x"}"#,
    r#"{"type": "sdk_error", "error": "boom"}"#,
    r#"{"type": "error", "error": "bad", "error_code": "E1"}"#,
    r#"{"type": "error"}"#,
    r#"{"type": "permission_request", "request_id": "p1"}"#,
    r#"{"type": "done"}"#,
    r#"{"type": "ping"}"#,
    r#"{"type": "system", "subtype": "init"}"#,
    r#"{"subtype": "success"}"#,
    r#"{"type": 7}"#,
    r#"{"no": "type"}"#,
    r#"["not", "an object"]"#,
    r#""text""#,
    r#"{"type": "text-delta", "id": "a", "delta": "\ud800"}"#,
    r#"{"type": "text-delta", "id": "a", "delta": "x"} trailing"#,
    r#"{"type": "text-delta", "id": "a", "delta": "\n\t\/\b\f\r\\\"\u00e9\ud83d\ude42"}"#,
    r#"{"type": "text-delta", "id": "a", "delta": "\ud83dx"}"#,
    r#"{"type": "text-delta", "id": "a", "delta": "\udc00"}"#,
    r#"{"type": "text-delta", "id": "a", "delta": "\x"}"#,
    r#"{"type": "text-delta", "id": "a", "delta": "\u12"}"#,
    "{\"type\": \"text-delta\", \"id\": \"a\", \"delta\": \"raw\u{1}control\"}",
    r#"{"type": "text-delta", "id": "a", "delta": nul}"#,
    r#"{"type": "text-delta", "id": "a", "delta": "x",}"#,
    r#"{"t\u0079pe": "text-start", "id": "escaped key"}"#,
    "{\"type\":\"text-start\",\r\n\t\"id\":null}",
    r#"{ }"#,
    r#"  {"type": "text-start", "id": "s"}  "#,
    // More string fields than the in-place reader holds: decoded instead, same event.
    r#"{"type": "text-delta", "id": "a", "delta": "x", "a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6"}"#,
];

#[test]
fn the_in_place_reader_agrees_with_the_decoder() {
    let vectors = load("sse-framing.json");
    let mut payloads = 0usize;
    for case in vectors["cases"].as_array().expect("cases") {
        let input = case["input"].as_str().expect("input").as_bytes();
        let mut decoder = SseDecoder::new();
        let mut check = |item: Result<&str, _>| {
            if let Ok(payload) = item {
                assert_same_reading(payload);
                payloads += 1;
            }
        };
        decoder.feed(input, &mut check);
        decoder.finish(&mut check);
    }
    for payload in MIXED_RUN.iter().chain(EDGE_FRAMES) {
        assert_same_reading(payload);
    }
    assert!(payloads > 20, "the vectors gave {payloads} payloads");
    // The common frames take the in-place path: their text is the event.
    for payload in &MIXED_RUN[1..MIXED_RUN.len() - 3] {
        let (event, is_wire) = RunEvent::read_frame(payload).expect("an event");
        assert!(is_wire && event.raw.is_empty(), "{payload}");
    }
}

#[test]
fn path_segment_vectors() {
    let vectors = load("path-segments.json");
    let cases = vectors["cases"].as_array().expect("cases");
    let refused = vectors["refused"].as_array().expect("refused");
    for case in cases {
        let value = case["value"].as_str().expect("value");
        assert_eq!(
            seg(value).as_deref(),
            Ok(case["encoded"].as_str().expect("encoded")),
            "{value:?}"
        );
    }
    for value in refused {
        let value = value.as_str().expect("refused value");
        assert!(seg(value).is_err(), "{value:?} must be refused");
    }
    report(format!("vectors path-segments.json: {} cases", cases.len() + refused.len()));
}

#[test]
fn webhook_signature_vectors() {
    let vectors = load("webhook-signatures.json");
    let check = |case: &Value| {
        let headers = SignatureHeaders {
            id: case["webhook_id"].as_str(),
            timestamp: case["timestamp"].as_str(),
            signature: case["signature"].as_str(),
        };
        let body = hex(case["body_hex"].as_str().expect("body_hex"));
        verify_signature(&headers, &body, case["secret"].as_str().expect("secret"), None, 0)
    };
    let valid = vectors["valid"].as_array().expect("valid");
    let invalid = vectors["invalid"].as_array().expect("invalid");
    for case in valid {
        assert!(check(case), "valid case rejected: {}", case["webhook_id"]);
        let body = hex(case["body_hex"].as_str().unwrap());
        let signature = m8tes_protocol::webhook_signature::sign(
            case["secret"].as_str().unwrap(),
            case["webhook_id"].as_str().unwrap(),
            case["timestamp"].as_str().unwrap(),
            &body,
        );
        assert_eq!(Some(signature.as_str()), case["signature"].as_str(), "sign() disagrees");
    }
    for case in invalid {
        assert!(!check(case), "invalid case accepted: {}", case["why"]);
    }
    report(format!("vectors webhook-signatures.json: {} cases", valid.len() + invalid.len()));
}

/// The project keeps its own copy so its tests pass outside this workplace; where the
/// shared contract sits beside the checkout, the copy must not have drifted from it.
#[test]
fn vector_copy_equals_the_shared_contract() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/contract/vectors");
    if !shared.is_dir() {
        println!("no shared contract beside the checkout: copy not compared");
        return;
    }
    let names = |dir: &PathBuf| {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("vectors dir")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(&vectors_dir()),
        names(&shared),
        "the vector files differ from the shared ones"
    );
    for name in names(&shared) {
        let ours = fs::read(vectors_dir().join(&name)).expect("our copy");
        let theirs = fs::read(shared.join(&name)).expect("shared");
        assert!(ours == theirs, "contract/vectors/{name} differs from ../shared: copy it again");
    }
}
