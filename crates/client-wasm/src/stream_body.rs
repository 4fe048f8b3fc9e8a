//! A run stream's body as it is read (D9, D48): SSE decoded chunk by chunk, each event read
//! by the event model and folded into the accumulator. Pure: whoever reads the body feeds it
//! here, the Rust `RunStream` (which reads it itself) and the JS handle (whose JS layer does).

use m8tes_protocol::{RunEvent, SseDecoder, SseError, StreamAccumulator};

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
