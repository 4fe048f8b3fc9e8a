//! `StreamHandle`: the Rust half of the JS `RunStream`. JS reads the response body itself
//! (one `await` per network read, no promise made here) and feeds each chunk in
//! synchronously; the chunk's events come back from the same call as one JSON array (one
//! `JSON.parse` per read), or as SSE text for `toReadableStream`. A frame already in the wire
//! form crosses as its own text, unchanged. Nothing waits in Rust between calls.

use js_sys::{Array, Promise};
use m8tes_protocol::sse::{encode_event, encode_payload};
use m8tes_protocol::{EventKind, RunEvent};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::errors::to_js;
use crate::run_stream::StreamCore;

#[wasm_bindgen]
pub struct StreamHandle {
    core: StreamCore,
}

impl StreamHandle {
    pub(crate) fn new(core: StreamCore) -> StreamHandle {
        StreamHandle { core }
    }

    /// The events of a chunk (`None`: the body ended) as a JSON array.
    fn events(&self, chunk: Option<&[u8]>) -> Option<String> {
        // Sized once for the common case, frames in the wire form, whose text is shorter than
        // the chunk's: growing from empty cost a reallocation or two per read.
        let mut out = String::with_capacity(chunk.map_or(0, <[u8]>::len) + 2);
        self.core.feed_frames(chunk, &mut |event, frame, is_wire| {
            push_event(&mut out, event, frame, is_wire)
        });
        if out.is_empty() {
            return None;
        }
        out.push(']');
        Some(out)
    }

    /// The events of a chunk (`None`: the body ended) as SSE text.
    fn sse(&self, chunk: Option<&[u8]>) -> Option<String> {
        let mut out = String::new();
        self.core.feed_frames(chunk, &mut |event, frame, is_wire| {
            // A frame already in the wire form is written back as it came; any other event
            // kept its frame's object.
            out.push_str(&if is_wire { encode_payload(frame) } else { encode_event(event) })
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
fn push_event(out: &mut String, event: &RunEvent, frame: &str, is_wire: bool) {
    out.push(if out.is_empty() { '[' } else { ',' });
    if is_wire {
        out.push_str(frame);
        return;
    }
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
        let fields = Value::Object(event.wire_fields()).to_string();
        out.push_str(&fields[1..fields.len() - 1]);
    }
    out.push_str(",\"raw\":");
    out.push_str(frame);
    out.push_str("}]");
}

#[wasm_bindgen]
impl StreamHandle {
    /// Sends the request; resolves (never rejects) once the response has begun.
    pub fn start(&self) -> Promise {
        let core = self.core.clone();
        future_to_promise(async move {
            core.start().await;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The body's reader once the stream is open, `undefined` once there is nothing to read
    /// (then `close`); throws the error that kept the stream from opening.
    pub fn reader(&self) -> Result<JsValue, JsValue> {
        if let Some(body) = self.core.body() {
            return Ok(body.stream_reader().map_or(JsValue::UNDEFINED, |reader| reader.into()));
        }
        match self.core.settle() {
            Some(err) => Err(to_js(err)),
            None => Ok(JsValue::UNDEFINED),
        }
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

    /// A read of the body rejected with `thrown`: throws the typed error, or returns when
    /// the stream was aborted (the iteration then ends quietly).
    pub fn fail(&self, thrown: JsValue) -> Result<(), JsValue> {
        let Some(body) = self.core.body() else { return Ok(()) };
        match self.core.interrupted(body.failure(thrown)) {
            Some(err) => Err(to_js(err)),
            None => Ok(()),
        }
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
