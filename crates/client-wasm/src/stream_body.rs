//! A run stream's body as it is read (D9, D48): SSE decoded chunk by chunk, each event read
//! by the event model and folded into the accumulator. Pure: whoever reads the body feeds it
//! here, the Rust `RunStream` (which reads it itself) and the JS handle (whose JS layer does).

use m8tes_protocol::types::is_terminal_status;
use m8tes_protocol::{FrameReading, RunEvent, SseDecoder, SseError, StreamAccumulator};
use serde_json::Value;

use crate::error::ClientError;

/// The replay rule (wire.md §9.4): a streaming POST whose `Idempotency-Key` was used before
/// answers the first run as JSON (`text`, its 2xx body, with `status`). Gives that run's id to
/// rejoin with `runs.stream`, or `ReplayTerminal` if it has ended.
pub fn replayed_run(status: u16, text: &str) -> Result<i64, ClientError> {
    let invalid = |message: &str| ClientError::InvalidResponse { status, message: message.into() };
    let run: Value =
        serde_json::from_str(text).map_err(|_| invalid("a replayed run that is not JSON"))?;
    let run_id = run
        .get("id")
        .and_then(Value::as_i64)
        .ok_or_else(|| invalid("a replayed run without an id"))?;
    if run.get("status").and_then(Value::as_str).is_some_and(is_terminal_status) {
        return Err(ClientError::ReplayTerminal { run_id });
    }
    Ok(run_id)
}

#[derive(Default)]
pub struct StreamBody {
    decoder: SseDecoder,
    accumulator: StreamAccumulator,
    /// Where the JS handle's reader decodes a frame's escapes, kept from frame to frame.
    scratch: String,
}

impl StreamBody {
    pub fn new() -> StreamBody {
        StreamBody::default()
    }

    /// What the events so far add up to: text, tool calls, errors, usage, run id.
    pub fn accumulator(&self) -> &StreamAccumulator {
        &self.accumulator
    }

    /// A new body for the same stream (a rejoin replays the whole history, so nothing
    /// counted before may stay).
    pub fn restart(&mut self) {
        *self = StreamBody::new();
    }

    /// Decodes a chunk (`None`: the body ended, and a last frame without its blank line still
    /// counts) and hands each whole event to `each`, `raw` kept.
    pub fn events(&mut self, chunk: Option<&[u8]>, each: &mut dyn FnMut(RunEvent)) {
        let accumulator = &mut self.accumulator;
        feed_payloads(&mut self.decoder, chunk, |payload| {
            if let Some(event) = RunEvent::from_payload(payload) {
                accumulator.apply(&event);
                each(event);
            }
        });
    }

    /// For a reader that keeps each frame's text (the JS handle): decodes a chunk as
    /// [`StreamBody::events`] does, to the same events and the same accumulation, and hands
    /// `each` every event's frame text (`{}` for `[DONE]`) with the event itself when that
    /// text is not its wire form (`None`: the text is the event). A frame already in the wire
    /// form of a type of texts is folded without building its event
    /// ([`RunEvent::read_frame_in`]).
    pub fn feed_frames(
        &mut self,
        chunk: Option<&[u8]>,
        each: &mut dyn FnMut(&str, Option<&RunEvent>),
    ) {
        let scratch = &mut self.scratch;
        let accumulator = &mut self.accumulator;
        feed_payloads(&mut self.decoder, chunk, |payload| {
            match RunEvent::read_frame_in(payload, scratch) {
                Some(FrameReading::Wire(fold)) => {
                    accumulator.fold(fold);
                    each(payload, None);
                }
                Some(FrameReading::WireResult { tool_call_id, result }) => {
                    if let Some(id) = tool_call_id {
                        accumulator.tool_result(&id, result);
                    }
                    each(payload, None);
                }
                Some(FrameReading::Event(event, is_wire)) => {
                    accumulator.apply(&event);
                    let text = if payload == "[DONE]" { "{}" } else { payload };
                    each(text, (!is_wire).then_some(&event));
                }
                None => {}
            }
        });
    }
}

/// Decodes a chunk (`None`: the body ended) and hands `each` every frame's payload. Generic, so
/// each reader's `each` is called directly, not through a second `dyn` call per frame.
fn feed_payloads(decoder: &mut SseDecoder, chunk: Option<&[u8]>, mut each: impl FnMut(&str)) {
    // An oversized frame is dropped; the decoder has already moved past it.
    let mut take = |payload: Result<&str, SseError>| {
        if let Ok(payload) = payload {
            each(payload);
        }
    };
    match chunk {
        Some(chunk) => decoder.feed(chunk, &mut take),
        None => decoder.finish(&mut take),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event as the JS handle hands it out (its frame's text parsed, or the event's
    /// wire form) and what the stream adds up to.
    fn by_frames(chunks: &[&[u8]]) -> (Vec<Value>, StreamAccumulator) {
        let mut body = StreamBody::new();
        let mut events = Vec::new();
        let mut each = |frame: &str, event: Option<&RunEvent>| {
            events.push(match event {
                None => serde_json::from_str(frame).expect("a frame in the wire form is JSON"),
                Some(event) => Value::Object(event.to_wire()),
            })
        };
        for chunk in chunks {
            body.feed_frames(Some(chunk), &mut each);
        }
        body.feed_frames(None, &mut each);
        (events, body.accumulator)
    }

    /// The same as the Rust `RunStream` reads it: each event built whole.
    fn by_events(chunks: &[&[u8]]) -> (Vec<Value>, StreamAccumulator) {
        let mut body = StreamBody::new();
        let mut events = Vec::new();
        let mut each = |event: RunEvent| events.push(Value::Object(event.to_wire()));
        for chunk in chunks {
            body.events(Some(chunk), &mut each);
        }
        body.events(None, &mut each);
        (events, body.accumulator)
    }

    /// The mixed run of tests/npm/harness/mixed-run.mjs, one block, and edge frames of texts.
    const BODY: &str = concat!(
        "data: {\"type\": \"metadata\", \"payload\": {\"run_id\": 1, \"usage\": {\"input_tokens\": 12}}}\n\n",
        "data: {\"type\": \"reasoning-start\", \"id\": \"rs_0\"}\n\n",
        "data: {\"type\": \"reasoning-delta\", \"id\": \"rs_0\", \"delta\": \"thinking step 0 \"}\n\n",
        "data: {\"type\": \"reasoning-end\", \"id\": \"rs_0\"}\n\n",
        "data: {\"type\": \"text-start\", \"id\": \"txt_0\"}\n\n",
        "data: {\"type\": \"text-delta\", \"id\": \"txt_0\", \"delta\": \" caf\u{e9} \u{6771}\u{4eac} \u{1f642}\"}\n\n",
        "data: {\"type\": \"text-delta\", \"id\": \"txt_0\", \"delta\": \" \\\"quoted\\\" line\\nbreak\\u00e9\"}\r\n\r\n",
        "data: {\"type\": \"text-delta\", \"delta\": \"no id\"}\n\n",
        "data: {\"type\":\"text-delta\",\"id\":null,\"delta\":\"\",\"delta\":\"last\"}\n\n",
        "data: {\"type\": \"text-end\", \"id\": \"txt_0\"}\n\n",
        "data: {\"type\": \"tool-call-start\", \"toolCallId\": \"toolu_0\", \"toolName\": \"gmail_search\"}\n\n",
        "data: {\"type\": \"tool-call-delta\", \"toolCallId\": \"toolu_0\", \"delta\": \"{\\\"query\\\": \"}\n\n",
        ": keepalive\n\n",
        "data: {\"type\": \"tool-call-delta\", \"toolCallId\": \"toolu_9\", \"delta\": \"never started\"}\n\n",
        "data: {\"type\": \"tool-call-end\", \"toolCallId\": \"toolu_0\"}\n\n",
        "data: {\"type\": \"tool-result-delta\", \"toolCallId\": \"toolu_0\", \"delta\": \"ab\"}\n\n",
        "data: {\"type\": \"tool-result-end\", \"toolCallId\": \"toolu_0\", \"result\": null}\n\n",
        "data: {\"type\": \"tool-result-end\", \"toolCallId\": \"toolu_1\", \"result\": {\"n\": [1, \"\\u00e9\"]}}\n\n",
        "data: {\"type\": \"system\", \"subtype\": \"init\"}\n\n",
        "data: {\"type\": \"reasoning-delta\", \"id\": \"r\", \"delta\": \"\", \"text\": \"older\"}\n\n",
        "data: {\"type\": \"plan-delta\", \"id\": \"p\", \"plan\": \"a plan\"}\n\n",
        "data: {\"type\": \"error\", \"error\": \"boom\"}\n\n",
        "data: {\"type\": \"ping\"}\n\n",
        "data: {\"type\": \"run_metrics\", \"execution_time_ms\": 5321, \"stop_reason\": \"end_turn\"}\n\n",
        "data: [DONE]\n\n",
        "data: {\"type\": \"text-delta\", \"id\": \"t\", \"delta\": \"no blank line\"}",
    );

    fn assert_same(chunks: &[&[u8]], what: &str) {
        let (frames, by_fold) = by_frames(chunks);
        let (events, by_apply) = by_events(chunks);
        assert_eq!(frames, events, "{what}");
        assert_eq!(by_fold, by_apply, "{what}");
    }

    #[test]
    fn the_js_reader_gives_the_rust_streams_events_and_sums_at_every_cut() {
        let body = BODY.as_bytes();
        let (events, accumulator) = by_events(&[body]);
        assert_eq!(events.len(), 24);
        assert_eq!(accumulator.tool_calls[1].result, serde_json::json!({"n": [1, "\u{e9}"]}));
        assert!(accumulator.text.ends_with("lastno blank line"), "{}", accumulator.text);
        assert_eq!(accumulator.tool_calls[0].result, Value::from("ab"));
        for cut in 0..=body.len() {
            assert_same(&[&body[..cut], &body[cut..]], &format!("cut at {cut}"));
        }
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert_same(&bytes, "one byte a read");
    }

    #[test]
    fn the_js_reader_gives_the_rust_streams_events_for_every_vector() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../contract/vectors/sse-framing.json");
        let vectors: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for case in vectors["cases"].as_array().unwrap() {
            let input = case["input"].as_str().unwrap().as_bytes();
            for cut in 0..=input.len() {
                assert_same(
                    &[&input[..cut], &input[cut..]],
                    &format!("{}: cut at {cut}", case["name"]),
                );
            }
        }
    }
}
