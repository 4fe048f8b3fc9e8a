//! `StreamHandle`: the Rust half of the JS `RunStream`. JS sends the request and reads the
//! response body itself (one `await` per network read, no promise made here) and feeds each
//! chunk in synchronously; the chunk's events come back from the same call as one JSON array
//! (one `JSON.parse` per read), or as SSE text for `toReadableStream`. A frame already in the
//! wire form crosses as its own text, unchanged. Nothing waits in Rust between calls.

use std::cell::{Cell, Ref, RefCell};

use js_sys::Array;
use m8tes_protocol::json_text;
use m8tes_protocol::sse::{encode_event, encode_payload, non_ascii};
use m8tes_protocol::{EventKind, RunEvent, StreamAccumulator};
use wasm_bindgen::prelude::*;

use super::errors::to_js;
use crate::error::ClientError;
use crate::stream_body::{replayed_run, StreamBody};

/// Where the body is in its life.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    /// Chunks are decoded (JS feeds only once the response has begun).
    Reading,
    /// The body ended, failed or was aborted: `raiseOnError` may still fail the stream once.
    Ended,
    /// Nothing more, not even that failure.
    Closed,
}

/// A stream's state: its body's decoding and what the response said of the run.
struct StreamCore {
    raise_on_error: bool,
    phase: Cell<Phase>,
    body: RefCell<StreamBody>,
    /// The run named by the response (`X-Run-Id`, or the replayed run's id).
    response_run_id: Cell<Option<i64>>,
    /// The `X-Request-Id` of the response whose body is streamed.
    request_id: RefCell<Option<String>>,
}

impl StreamCore {
    fn accumulator(&self) -> Ref<'_, StreamAccumulator> {
        Ref::map(self.body.borrow(), StreamBody::accumulator)
    }

    /// The run's id, known from the response headers before any event, else from the events.
    fn run_id(&self) -> Option<i64> {
        self.accumulator().run_id.or(self.response_run_id.get())
    }

    fn request_id(&self) -> Option<String> {
        self.request_id.borrow().clone()
    }

    /// Decodes a chunk (`None`: the body ended) as [`StreamBody::feed_frames`] does; after an
    /// abort, nothing is decoded.
    fn feed_frames(&self, chunk: Option<&[u8]>, each: &mut dyn FnMut(&str, Option<&RunEvent>)) {
        if self.phase.get() != Phase::Reading {
            return;
        }
        self.body.borrow_mut().feed_frames(chunk, each);
        if chunk.is_none() {
            self.phase.set(Phase::Ended);
        }
    }

    /// After the last event: with `raiseOnError`, the errors the run reported, once.
    fn settle(&self) -> Option<ClientError> {
        if self.phase.replace(Phase::Closed) != Phase::Ended {
            return None;
        }
        let accumulator = self.accumulator();
        (self.raise_on_error && accumulator.has_errors()).then(|| ClientError::RunFailed {
            run_id: accumulator.run_id.or(self.response_run_id.get()),
            errors: accumulator.errors.clone(),
        })
    }

    fn abort(&self) {
        if self.phase.get() == Phase::Reading {
            self.phase.set(Phase::Ended);
        }
    }
}

#[wasm_bindgen]
pub struct StreamHandle {
    core: StreamCore,
}

impl StreamHandle {
    /// The events of a chunk (`None`: the body ended) as a JSON array.
    fn events(&self, chunk: Option<&[u8]>) -> Option<String> {
        // Sized once for the common case, frames in the wire form, about as long as the chunk:
        // growing from empty cost a reallocation or two per read.
        let mut out = String::with_capacity(chunk.map_or(0, <[u8]>::len) + 2);
        self.core.feed_frames(chunk, &mut |frame, event| push_event(&mut out, frame, event));
        if out.is_empty() {
            return None;
        }
        out.push(']');
        Some(out)
    }

    /// The events of a chunk (`None`: the body ended) as SSE text.
    fn sse(&self, chunk: Option<&[u8]>) -> Option<String> {
        let mut out = String::new();
        self.core.feed_frames(chunk, &mut |frame, event| {
            // A frame already in the wire form is written back as it came; any other event
            // kept its frame's object.
            out.push_str(&match event {
                None => encode_payload(frame),
                Some(event) => encode_event(event),
            })
        });
        (!out.is_empty()).then_some(out)
    }
}

/// Appends an event as JS receives it (js-api.md: the wire fields plus `raw`). A frame whose
/// own fields already are the event's (the common case from an m8tes server) is its own text:
/// JS makes the parsed frame the event and a copy of it `raw` (measured faster than parsing
/// the text twice). Any other event comes whole inside a one-element array: the frame's fields, then
/// the extracted fields inside the same object (JSON's last duplicate key wins, as the spread
/// `{...frame, ...fields}` would), then `"raw":` and the frame. An unknown type is
/// `[{"type":"unknown","raw":frame}]`.
fn push_event(out: &mut String, frame: &str, event: Option<&RunEvent>) {
    out.push(if out.is_empty() { '[' } else { ',' });
    let Some(event) = event else {
        push_ascii(out, frame);
        return;
    };
    out.push('[');
    if matches!(event.kind, EventKind::Unknown) {
        out.push_str("{\"type\":\"unknown\"");
    } else {
        // The frame is a JSON object (the event model read it as one): all but its `}`.
        let open = frame.trim_end().strip_suffix('}').unwrap_or("{");
        out.push_str(open);
        if !open.trim_end().ends_with('{') {
            out.push(',');
        }
        json_text::push_members(out, &event.wire_fields());
    }
    out.push_str(",\"raw\":");
    push_ascii(out, frame);
    out.push_str("}]");
}

/// Appends a frame's JSON text with every character outside ASCII written as its `\u` escape
/// (a valid frame holds them only inside strings, where JSON reads the escape as the same
/// character). The batch then crosses to JS as ASCII, which `TextDecoder` copies many times
/// faster than it decodes UTF-8 (issue 9: in Node, most of a read's decoding time). The ASCII
/// runs between those characters are found in SIMD and copied whole.
fn push_ascii(out: &mut String, frame: &str) {
    // `get` rather than indexing: every cut is a character boundary (the bytes before a
    // non-ASCII byte are ASCII), and indexing's panic would bring core's `Debug` printing of
    // characters and ranges into the wasm (D57).
    let mut copied = 0;
    while let Some(at) = non_ascii(frame.as_bytes(), copied) {
        out.push_str(frame.get(copied..at).unwrap_or_default());
        let Some(character) = frame.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let code = u32::from(character);
        if let Some(above) = code.checked_sub(0x10000) {
            push_unit(out, 0xd800 + (above >> 10));
            push_unit(out, 0xdc00 + (above & 0x3ff));
        } else {
            push_unit(out, code);
        }
        copied = at + character.len_utf8();
    }
    out.push_str(frame.get(copied..).unwrap_or_default());
}

/// `\u` and a UTF-16 unit in four hex digits, written at once.
fn push_unit(out: &mut String, unit: u32) {
    let escape = [b'\\', b'u', hex(unit >> 12), hex(unit >> 8), hex(unit >> 4), hex(unit)];
    // SAFETY: the six bytes are ASCII, so the text stays UTF-8.
    unsafe { out.as_mut_vec() }.extend_from_slice(&escape);
}

/// The hex digit of the low four bits.
#[inline(always)]
fn hex(bits: u32) -> u8 {
    b"0123456789abcdef"[(bits & 0xf) as usize]
}

#[wasm_bindgen]
impl StreamHandle {
    /// The stream of one run request; JS sends it and feeds its body.
    #[wasm_bindgen(constructor)]
    pub fn new(raise_on_error: bool) -> StreamHandle {
        StreamHandle {
            core: StreamCore {
                raise_on_error,
                phase: Cell::new(Phase::Reading),
                body: RefCell::new(StreamBody::new()),
                response_run_id: Cell::new(None),
                request_id: RefCell::new(None),
            },
        }
    }

    /// The response has begun: its `X-Run-Id` (kept if absent) and `X-Request-Id` headers.
    /// The body starts from nothing (a rejoin replays the whole history).
    pub fn begin(&self, run_id: Option<String>, request_id: Option<String>) {
        if let Some(id) = run_id.and_then(|id| id.trim().parse().ok()) {
            self.core.response_run_id.set(Some(id));
        }
        *self.core.request_id.borrow_mut() = request_id;
        self.core.body.borrow_mut().restart();
    }

    /// The replay rule (wire.md §9.4): a streaming POST whose `Idempotency-Key` was used
    /// before answers the first run as JSON (`run`, its 2xx body, `status`); returns that
    /// run's id to rejoin with `runs.stream`, or throws ConflictError if it has ended.
    pub fn rejoin(&self, status: u16, run: &str) -> Result<f64, JsValue> {
        let run_id = replayed_run(status, run).map_err(to_js)?;
        self.core.response_run_id.set(Some(run_id));
        Ok(run_id as f64)
    }

    /// Decodes one chunk of the body and returns its events as a JSON array (see
    /// `push_event`), `undefined` if none: one crossing per network read.
    #[wasm_bindgen(js_name = feedEvents)]
    pub fn feed_events(&self, chunk: &[u8]) -> Option<String> {
        self.events(Some(chunk))
    }

    /// The body ended: the events of a last frame without its blank line, as `feedEvents`.
    #[wasm_bindgen(js_name = endEvents)]
    pub fn end_events(&self) -> Option<String> {
        self.events(None)
    }

    /// Decodes one chunk of the body and returns its events framed as SSE text, `undefined`
    /// if none.
    #[wasm_bindgen(js_name = feedSse)]
    pub fn feed_sse(&self, chunk: &[u8]) -> Option<String> {
        self.sse(Some(chunk))
    }

    /// The body ended: the events of a last frame without its blank line, as `feedSse`.
    #[wasm_bindgen(js_name = endSse)]
    pub fn end_sse(&self) -> Option<String> {
        self.sse(None)
    }

    /// A read of the body failed with a connection error (`message`): throws
    /// StreamInterruptedError carrying the run's id, or returns when the stream had ended or
    /// was aborted (the iteration then ends quietly).
    pub fn fail(&self, message: String) -> Result<(), JsValue> {
        if self.core.phase.get() != Phase::Reading {
            return Ok(());
        }
        self.core.phase.set(Phase::Ended);
        Err(to_js(ClientError::StreamInterrupted { run_id: self.core.run_id(), message }))
    }

    /// Whether the body is still being read: a failure then is the stream's, not a quiet end.
    #[wasm_bindgen(getter)]
    pub fn reading(&self) -> bool {
        self.core.phase.get() == Phase::Reading
    }

    /// After the last event: throws `RunFailedError` once if `raiseOnError` and the run
    /// reported errors.
    pub fn close(&self) -> Result<(), JsValue> {
        match self.core.settle() {
            Some(err) => Err(to_js(err)),
            None => Ok(()),
        }
    }

    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.core.accumulator().text.clone()
    }

    #[wasm_bindgen(getter, js_name = runId)]
    pub fn run_id(&self) -> Option<f64> {
        self.core.run_id().map(|id| id as f64)
    }

    #[wasm_bindgen(getter, js_name = requestId)]
    pub fn request_id(&self) -> Option<String> {
        self.core.request_id()
    }

    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> Array {
        self.core.accumulator().errors.iter().map(|e| JsValue::from_str(e)).collect()
    }

    pub fn abort(&self) {
        self.core.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::push_ascii;

    #[test]
    fn a_frame_crosses_as_ascii_and_reads_the_same() {
        for frame in [
            r#"{"type": "text-delta", "id": "t", "delta": "plain \"x\" \\ \n"}"#,
            "{\"type\": \"text-delta\", \"delta\": \"caf\u{e9} \u{6771}\u{4eac} \u{1f642} \u{ffff}\u{10ffff}\"}",
            "{\"\u{e9}\": \"\u{7f}\u{80}\u{7ff}\u{800}\"}",
        ] {
            let mut out = String::new();
            push_ascii(&mut out, frame);
            assert!(out.is_ascii(), "{out}");
            let read: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(read, serde_json::from_str::<serde_json::Value>(frame).unwrap());
        }
    }
}
