//! A run stream's body as it is read (D9, D48): SSE decoded chunk by chunk, each event read
//! by the event model and folded into the accumulator. Pure: whoever reads the body feeds it
//! here, the Rust `RunStream` (which reads it itself) and the JS handle (whose JS layer does).

use m8tes_protocol::types::is_terminal_status;
use m8tes_protocol::{RunEvent, SseDecoder, SseError, StreamAccumulator};
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
}

impl StreamBody {
    pub fn new() -> StreamBody {
        StreamBody { decoder: SseDecoder::new(), accumulator: StreamAccumulator::new() }
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
        self.payloads(chunk, &mut |accumulator, payload| {
            if let Some(event) = RunEvent::from_payload(payload) {
                accumulator.apply(&event);
                each(event);
            }
        });
    }

    /// For a reader that keeps each frame's text (the JS handle): decodes a chunk as
    /// [`StreamBody::events`] does and hands each event to `each` with its frame's JSON text
    /// (`{}` for `[DONE]`) and whether that text already is the event's wire form (see
    /// [`RunEvent::read_frame`]).
    pub fn feed_frames(
        &mut self,
        chunk: Option<&[u8]>,
        each: &mut dyn FnMut(&RunEvent, &str, bool),
    ) {
        self.payloads(chunk, &mut |accumulator, payload| {
            if let Some((event, is_wire)) = RunEvent::read_frame(payload) {
                accumulator.apply(&event);
                each(&event, if payload == "[DONE]" { "{}" } else { payload }, is_wire);
            }
        });
    }

    fn payloads(
        &mut self,
        chunk: Option<&[u8]>,
        each: &mut dyn FnMut(&mut StreamAccumulator, &str),
    ) {
        let accumulator = &mut self.accumulator;
        // An oversized frame is dropped; the decoder has already moved past it.
        let mut take = |payload: Result<&str, SseError>| {
            if let Ok(payload) = payload {
                each(accumulator, payload);
            }
        };
        match chunk {
            Some(chunk) => self.decoder.feed(chunk, &mut take),
            None => self.decoder.finish(&mut take),
        }
    }
}
