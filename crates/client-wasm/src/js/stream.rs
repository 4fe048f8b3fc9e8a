//! `StreamHandle`: the Rust half of the JS `RunStream`. Events cross in batches: one read
//! hands JS every event decoded so far as one JSON array, so a fast stream costs one promise
//! and one `JSON.parse` per network chunk, not per event.

use js_sys::{Array, Promise};
use m8tes_protocol::sse::encode_event;
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
}

/// Appends an event as JS receives it: its `type` and extracted fields, with the frame's own
/// text as `raw` (never re-serialized). JS lays the fields over `raw`'s, which gives
/// `to_wire()` plus `raw`; an unknown type stays `{type: "unknown", raw}` (js-api.md).
fn push_event(out: &mut String, event: &RunEvent, frame: &str) {
    let fields = if matches!(event.kind, EventKind::Unknown) {
        String::from("{\"type\":\"unknown\"}")
    } else {
        Value::Object(event.wire_fields()).to_string()
    };
    // `fields` is a non-empty object: reopen it to add `raw`.
    out.push_str(&fields[..fields.len() - 1]);
    out.push_str(",\"raw\":");
    out.push_str(frame);
    out.push('}');
}

async fn batch(core: StreamCore, sse: bool) -> Result<JsValue, JsValue> {
    let first = match core.next_framed().await {
        None => return Ok(JsValue::UNDEFINED),
        Some(Err(err)) => return Err(to_js(err)),
        Some(Ok(framed)) => framed,
    };
    let mut out = String::new();
    let push = |(event, frame): &(RunEvent, String), out: &mut String| {
        if sse {
            out.push_str(&encode_event(event));
        } else {
            out.push(if out.is_empty() { '[' } else { ',' });
            push_event(out, event, frame);
        }
    };
    push(&first, &mut out);
    while let Some(framed) = core.pop_ready() {
        push(&framed, &mut out);
    }
    if !sse {
        out.push(']');
    }
    Ok(out.into())
}

#[wasm_bindgen]
impl StreamHandle {
    /// Resolves to a JSON array of the next events, or `undefined` at the end.
    pub fn next(&self) -> Promise {
        future_to_promise(batch(self.core.clone(), false))
    }

    /// Resolves to the next events framed as SSE text, or `undefined` at the end.
    #[wasm_bindgen(js_name = nextSse)]
    pub fn next_sse(&self) -> Promise {
        future_to_promise(batch(self.core.clone(), true))
    }

    /// Sends the request; resolves (never rejects) once the response has begun.
    pub fn start(&self) -> Promise {
        let core = self.core.clone();
        future_to_promise(async move {
            core.start().await;
            Ok(JsValue::UNDEFINED)
        })
    }

    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.core.accumulator().text.clone()
    }

    #[wasm_bindgen(getter, js_name = runId)]
    pub fn run_id(&self) -> Option<f64> {
        self.core.accumulator().run_id.map(|id| id as f64)
    }

    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> Array {
        self.core.accumulator().errors.iter().map(|e| JsValue::from_str(e)).collect()
    }

    pub fn abort(&self) {
        self.core.abort();
    }
}
