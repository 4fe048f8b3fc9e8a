//! The run-event model (wire.md §4.2, §9.7): one SSE payload becomes one [`RunEvent`].
//!
//! Claude-native frames are normalised to their AI-SDK names (`content_block_delta` with a
//! `text_delta` becomes `text-delta`), a type we do not know becomes [`EventKind::Unknown`],
//! and every event keeps the object it came from in `raw`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::types::JsonObject;

/// One event of a run's stream.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEvent {
    pub kind: EventKind,
    /// The frame's own object (empty for `[DONE]` and for events built by the server).
    pub raw: JsonObject,
}

/// What an event says, with the fields the SDK extracts (wire.md §4.2). Field names are the
/// wire's, in snake case; [`RunEvent::to_wire`] writes them back in the wire's spelling.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    TextStart {
        id: Option<String>,
    },
    TextDelta {
        id: Option<String>,
        delta: String,
    },
    TextEnd {
        id: Option<String>,
    },
    ReasoningStart {
        id: Option<String>,
    },
    ReasoningDelta {
        id: Option<String>,
        delta: String,
    },
    ReasoningEnd {
        id: Option<String>,
    },
    ThinkingStart {
        id: Option<String>,
    },
    ThinkingDelta {
        id: Option<String>,
        delta: String,
    },
    ThinkingEnd {
        id: Option<String>,
    },
    PlanStart {
        id: Option<String>,
    },
    PlanDelta {
        id: Option<String>,
        delta: String,
    },
    PlanEnd {
        id: Option<String>,
    },
    ToolCallStart {
        tool_call_id: Option<String>,
        tool_name: Option<String>,
    },
    ToolCallDelta {
        tool_call_id: Option<String>,
        delta: String,
    },
    ToolCallEnd {
        tool_call_id: Option<String>,
    },
    ToolResultStart {
        tool_call_id: Option<String>,
    },
    ToolResultDelta {
        tool_call_id: Option<String>,
        delta: String,
    },
    ToolResultEnd {
        tool_call_id: Option<String>,
        result: Value,
    },
    TodoUpdate {
        tool_call_id: Option<String>,
        todos: Vec<JsonObject>,
    },
    MessageStart {
        message_id: Option<String>,
    },
    MessageEnd {
        message_id: Option<String>,
    },
    /// `payload.run_id` (or a top-level `run_id`) names the run.
    Metadata {
        payload: JsonObject,
    },
    RunMetrics(RunMetrics),
    SandboxMetrics {
        sandbox_execution_time_ms: Option<f64>,
    },
    SandboxConnecting {
        message: Option<String>,
    },
    SandboxConnected {
        sandbox_id: Option<String>,
        duration_ms: Option<f64>,
        message: Option<String>,
    },
    Error {
        error: String,
        error_code: Option<String>,
    },
    Done {
        completion_state: Option<String>,
        unresolved_tool_use_ids: Vec<String>,
        stop_reason: Option<String>,
    },
    /// A frame that ends the run in failure (`sdk_error`, `AGENT_RUNNER_DIED`, …, §9.7).
    TerminalFailure {
        type_name: &'static str,
        message: String,
    },
    /// A named type whose fields stay in `raw`: `permission_request`, `cancelled`,
    /// `message-delta`, a Claude-native frame with nothing to normalise, ….
    Named {
        type_name: &'static str,
    },
    /// A type this model does not know, or an internal one (`ping`, `RUNNER_DIAG`, …).
    Unknown,
}

/// `run_metrics` (wire.md §4.2).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunMetrics {
    pub execution_time_ms: Option<f64>,
    pub input_tokens_used: Option<f64>,
    pub output_tokens_used: Option<f64>,
    pub claude_token_cost_usd: Option<f64>,
    pub stop_reason: Option<String>,
    pub completion_state: Option<String>,
    pub unresolved_tool_use_ids: Vec<String>,
}

/// Named types with no fields of their own (wire.md §4.2, §9.7).
const NAMED_TYPES: &[&str] = &[
    "message-delta",
    "source-url",
    "source-document",
    "permission_request",
    "permission_resolved",
    "awaiting_approval",
    "cancelled",
    "mcp_error",
    "mcp_auth_failed",
    "rate_limit",
    "desktop-ready",
    "task_notification",
    "thinking",
    "reasoning",
    "plan_delta",
    // Claude-native frames left as they are when they carry nothing to normalise.
    "message_delta",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
];

/// Frames that end a run in failure and count as errors (wire.md §9.7).
const TERMINAL_FAILURE_TYPES: &[&str] = &[
    "sdk_error",
    "AGENT_RUNNER_DIED",
    "RUNNER_LIFECYCLE_ERROR",
    "SANDBOX_BOOT_TIMEOUT",
    "SANDBOX_QUOTA_EXHAUSTED",
    "SANDBOX_UNAVAILABLE",
    "SNAPSHOT_VERSION_MISMATCH",
];

fn interned(list: &[&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|candidate| *candidate == name)
}

/// A frame as classification reads it: a decoded object, or a [`FlatFrame`] read in place.
/// The two answer every question the same way for the same text (see `read_frame`).
trait Fields {
    /// The value under `key` if it is a string.
    fn text(&self, key: &str) -> Option<&str>;
    /// The decoded object, when there is one: only it can hold numbers, arrays and objects.
    fn decoded(&self) -> Option<&JsonObject>;
    /// The value under `key`, owned.
    fn json(&self, key: &str) -> Option<Value>;
    /// The whole frame as an object.
    fn to_object(&self) -> JsonObject;
}

impl Fields for JsonObject {
    fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    fn decoded(&self) -> Option<&JsonObject> {
        Some(self)
    }

    fn json(&self, key: &str) -> Option<Value> {
        self.get(key).cloned()
    }

    fn to_object(&self) -> JsonObject {
        self.clone()
    }
}

fn string(obj: &dyn Fields, key: &str) -> Option<String> {
    obj.text(key).map(str::to_owned)
}

fn number(obj: &dyn Fields, key: &str) -> Option<f64> {
    obj.decoded()?.get(key).and_then(Value::as_f64)
}

/// The first of `keys` whose value is a non-empty string (Python's `a or b or ""`).
fn first_text(obj: &dyn Fields, keys: &[&str]) -> String {
    keys.iter()
        .filter_map(|key| obj.text(key))
        .find(|text| !text.is_empty())
        .unwrap_or_default()
        .to_owned()
}

fn strings(obj: &dyn Fields, key: &str) -> Vec<String> {
    match obj.decoded().and_then(|obj| obj.get(key)) {
        Some(Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        _ => Vec::new(),
    }
}

fn object<'a>(obj: &'a dyn Fields, key: &str) -> Option<&'a JsonObject> {
    obj.decoded()?.get(key).and_then(Value::as_object)
}

/// A frame of at most [`FLAT_FIELDS`] fields whose values are all strings or `null` (the
/// deltas, starts and ends that are most of a run), its keys and values borrowed from the
/// payload where they have no escapes: read without allocating a map, a list or a string.
struct FlatFrame<'a> {
    fields: [FlatField<'a>; FLAT_FIELDS],
    len: usize,
}

type FlatField<'a> = (Cow<'a, str>, Option<Cow<'a, str>>);

/// Wire frames have two to five fields; a frame with more is decoded instead.
const FLAT_FIELDS: usize = 8;

impl<'a> FlatFrame<'a> {
    fn new() -> Self {
        FlatFrame { fields: std::array::from_fn(|_| (Cow::Borrowed(""), None)), len: 0 }
    }

    /// Adds a field; false when the frame is full.
    fn push(&mut self, field: FlatField<'a>) -> bool {
        let Some(slot) = self.fields.get_mut(self.len) else { return false };
        *slot = field;
        self.len += 1;
        true
    }

    fn fields(&self) -> &[FlatField<'a>] {
        &self.fields[..self.len]
    }

    /// The value under `key`: `Some(None)` for `null`. The last of duplicate keys wins, as in
    /// a decoded object.
    fn get(&self, key: &str) -> Option<Option<&str>> {
        self.fields().iter().rev().find(|(name, _)| name == key).map(|(_, value)| value.as_deref())
    }
}

impl Fields for FlatFrame<'_> {
    fn text(&self, key: &str) -> Option<&str> {
        self.get(key).flatten()
    }

    fn decoded(&self) -> Option<&JsonObject> {
        None
    }

    fn json(&self, key: &str) -> Option<Value> {
        self.get(key).map(|value| value.map_or(Value::Null, Value::from))
    }

    fn to_object(&self) -> JsonObject {
        let mut out = Map::new();
        for (key, value) in self.fields() {
            out.insert(key.to_string(), value.as_deref().map_or(Value::Null, Value::from));
        }
        out
    }
}

/// One value of a frame as the in-place reader sees it: a string (borrowed when it has no
/// escapes), `null`, or anything else (skipped, and the frame is not flat).
enum Scalar<'a> {
    Text(Cow<'a, str>),
    Null,
    Other,
}

// The visitors answer every value with a `Scalar` (or a frame that is not flat) rather than a
// type error: serde_json's errors format the value they refuse, which links float printing.
// A nested value is skipped by reading it as a `Value`, whose parser the wasm has already.
impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Text(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Text(Cow::Owned(text.to_owned())))
            }
            fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Scalar<'de>, E> {
                Ok(Scalar::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
                while seq.next_element::<Value>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
                while map.next_key::<Scalar>()?.is_some() {
                    map.next_value::<Value>()?;
                }
                Ok(Scalar::Other)
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// A payload read as a [`FlatFrame`]: `None` when it is not an object of strings and nulls.
struct MaybeFlat<'a>(Option<FlatFrame<'a>>);

impl<'de> Deserialize<'de> for MaybeFlat<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FrameVisitor;
        impl<'de> Visitor<'de> for FrameVisitor {
            type Value = MaybeFlat<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MaybeFlat<'de>, A::Error> {
                let mut frame = FlatFrame::new();
                let mut flat = true;
                while let Some(key) = map.next_key::<Scalar<'de>>()? {
                    let value = map.next_value::<Scalar<'de>>()?;
                    flat &= match (key, value) {
                        (Scalar::Text(key), Scalar::Text(text)) => frame.push((key, Some(text))),
                        (Scalar::Text(key), Scalar::Null) => frame.push((key, None)),
                        _ => false,
                    };
                }
                Ok(MaybeFlat(flat.then_some(frame)))
            }
            fn visit_borrowed_str<E>(self, _: &'de str) -> Result<MaybeFlat<'de>, E> {
                Ok(MaybeFlat(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<MaybeFlat<'de>, E> {
                Ok(MaybeFlat(None))
            }
            fn visit_unit<E>(self) -> Result<MaybeFlat<'de>, E> {
                Ok(MaybeFlat(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<MaybeFlat<'de>, E> {
                Ok(MaybeFlat(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<MaybeFlat<'de>, E> {
                Ok(MaybeFlat(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<MaybeFlat<'de>, E> {
                Ok(MaybeFlat(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<MaybeFlat<'de>, E> {
                Ok(MaybeFlat(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MaybeFlat<'de>, A::Error> {
                while seq.next_element::<Value>()?.is_some() {}
                Ok(MaybeFlat(None))
            }
        }
        deserializer.deserialize_any(FrameVisitor)
    }
}

impl RunEvent {
    pub fn new(kind: EventKind) -> Self {
        RunEvent { kind, raw: Map::new() }
    }

    /// Parses one SSE payload (wire.md §4.1.5–8, D9). `None` means "no event": invalid JSON,
    /// a JSON value that is not an object, or a `system` `init`/`success` frame.
    pub fn from_payload(payload: &str) -> Option<RunEvent> {
        if payload == "[DONE]" {
            return Some(RunEvent::new(EventKind::Done {
                completion_state: None,
                unresolved_tool_use_ids: Vec::new(),
                stop_reason: None,
            }));
        }
        match serde_json::from_str::<Value>(payload) {
            Ok(Value::Object(obj)) => RunEvent::from_object(obj),
            _ => None,
        }
    }

    /// Classifies a decoded frame object.
    pub fn from_object(obj: JsonObject) -> Option<RunEvent> {
        let kind = kind_of(&obj)?;
        Some(RunEvent { kind, raw: obj })
    }

    /// Reads one SSE payload for a reader that keeps the frame's text itself (the JS API):
    /// the event, and whether the text already is the event's wire form (see
    /// [`RunEvent::raw_is_wire`]). A frame of string fields is read in place, and then `raw`
    /// stays empty when the text is the wire form (the text is the object); any other frame
    /// is decoded as [`RunEvent::from_payload`] does. Both give the same kind, wire fields,
    /// run id and answer for the same text.
    pub fn read_frame(payload: &str) -> Option<(RunEvent, bool)> {
        if payload != "[DONE]" {
            if let Ok(MaybeFlat(Some(frame))) = serde_json::from_str(payload) {
                let kind = kind_of(&frame)?;
                let is_wire = is_wire(&kind, &frame);
                let raw = if is_wire { Map::new() } else { frame.to_object() };
                return Some((RunEvent { kind, raw }, is_wire));
            }
        }
        let event = RunEvent::from_payload(payload)?;
        let is_wire = event.raw_is_wire();
        Some((event, is_wire))
    }

    /// The event's type as the wire names it after normalisation (`"text-delta"`, …;
    /// `"unknown"` for a type this model does not know).
    pub fn type_name(&self) -> &'static str {
        Self::kind_type_name(&self.kind)
    }

    fn kind_type_name(kind: &EventKind) -> &'static str {
        use EventKind::*;
        match kind {
            TextStart { .. } => "text-start",
            TextDelta { .. } => "text-delta",
            TextEnd { .. } => "text-end",
            ReasoningStart { .. } => "reasoning-start",
            ReasoningDelta { .. } => "reasoning-delta",
            ReasoningEnd { .. } => "reasoning-end",
            ThinkingStart { .. } => "thinking-start",
            ThinkingDelta { .. } => "thinking-delta",
            ThinkingEnd { .. } => "thinking-end",
            PlanStart { .. } => "plan-start",
            PlanDelta { .. } => "plan-delta",
            PlanEnd { .. } => "plan-end",
            ToolCallStart { .. } => "tool-call-start",
            ToolCallDelta { .. } => "tool-call-delta",
            ToolCallEnd { .. } => "tool-call-end",
            ToolResultStart { .. } => "tool-result-start",
            ToolResultDelta { .. } => "tool-result-delta",
            ToolResultEnd { .. } => "tool-result-end",
            TodoUpdate { .. } => "todo-update",
            MessageStart { .. } => "message-start",
            MessageEnd { .. } => "message-end",
            Metadata { .. } => "metadata",
            RunMetrics(_) => "run_metrics",
            SandboxMetrics { .. } => "sandbox_metrics",
            SandboxConnecting { .. } => "sandbox-connecting",
            SandboxConnected { .. } => "sandbox-connected",
            Error { .. } => "error",
            Done { .. } => "done",
            TerminalFailure { type_name, .. } | Named { type_name } => type_name,
            Unknown => "unknown",
        }
    }

    /// The run id a `metadata` event carries (`payload.run_id`, or a top-level `run_id`).
    pub fn run_id(&self) -> Option<i64> {
        match &self.kind {
            EventKind::Metadata { payload } => payload
                .get("run_id")
                .or_else(|| self.raw.get("run_id"))
                .and_then(|id| id.as_i64().or_else(|| id.as_str()?.parse().ok())),
            _ => None,
        }
    }

    /// Whether the stream ends here (`done` or `cancelled`).
    pub fn is_terminal(&self) -> bool {
        matches!(self.kind, EventKind::Done { .. } | EventKind::Named { type_name: "cancelled" })
    }

    /// The event as a wire object: the raw frame's fields, then `type` and the extracted
    /// fields in the wire's spelling on top. This is what the server sends and what the JS
    /// API hands out (with `raw` beside it).
    pub fn to_wire(&self) -> JsonObject {
        let mut out = self.raw.clone();
        out.extend(self.wire_fields());
        out
    }

    /// `type` and the extracted fields alone: what [`RunEvent::to_wire`] lays over the raw
    /// frame.
    pub fn wire_fields(&self) -> JsonObject {
        let mut out = Map::new();
        out.insert("type".into(), Value::from(self.type_name()));
        self.each_field(&mut |key, field| {
            out.insert(key.into(), field.to_value());
        });
        out
    }

    /// Whether the raw frame already is the wire form: its `type` is the event's and every
    /// extracted field is there with the same value, so [`RunEvent::to_wire`] would change
    /// nothing. The JS API then hands the frame's own text over as the event.
    pub fn raw_is_wire(&self) -> bool {
        is_wire(&self.kind, &self.raw)
    }

    /// Calls `each` with every extracted field in the wire's spelling, borrowed.
    fn each_field<'a>(&'a self, each: &mut dyn FnMut(&'static str, Field<'a>)) {
        self.kind.each_field(each)
    }
}

/// The frame's classification: `None` for a `system` `init`/`success` frame (no event).
fn kind_of(frame: &dyn Fields) -> Option<EventKind> {
    if matches!(frame.text("subtype"), Some("init" | "success")) {
        return None;
    }
    Some(match frame.text("type") {
        Some(type_name) => classify(type_name, frame),
        None => EventKind::Unknown,
    })
}

/// Whether `frame` already is the wire form of `kind`: its `type` is the event's and every
/// extracted field is there with the same value.
fn is_wire(kind: &EventKind, frame: &dyn Fields) -> bool {
    if matches!(kind, EventKind::Unknown) || frame.text("type") != Some(kind.type_name()) {
        return false;
    }
    let mut same = true;
    kind.each_field(&mut |key, field| same = same && field.is(frame, key));
    same
}

impl EventKind {
    /// The type name; see [`RunEvent::type_name`].
    fn type_name(&self) -> &'static str {
        RunEvent::kind_type_name(self)
    }

    fn each_field<'a>(&'a self, each: &mut dyn FnMut(&'static str, Field<'a>)) {
        use EventKind::*;
        use Field::{Json, Number, Text, Texts};
        let mut put = |key, field| each(key, field);
        let text = |value: &'a Option<String>| Text(value.as_deref());
        match self {
            TextStart { id }
            | TextEnd { id }
            | ReasoningStart { id }
            | ReasoningEnd { id }
            | ThinkingStart { id }
            | ThinkingEnd { id }
            | PlanStart { id }
            | PlanEnd { id } => put("id", text(id)),
            TextDelta { id, delta }
            | ReasoningDelta { id, delta }
            | ThinkingDelta { id, delta }
            | PlanDelta { id, delta } => {
                put("id", text(id));
                put("delta", Text(Some(delta)));
            }
            ToolCallStart { tool_call_id, tool_name } => {
                put("toolCallId", text(tool_call_id));
                put("toolName", text(tool_name));
            }
            ToolCallDelta { tool_call_id, delta } | ToolResultDelta { tool_call_id, delta } => {
                put("toolCallId", text(tool_call_id));
                put("delta", Text(Some(delta)));
            }
            ToolCallEnd { tool_call_id } | ToolResultStart { tool_call_id } => {
                put("toolCallId", text(tool_call_id))
            }
            ToolResultEnd { tool_call_id, result } => {
                put("toolCallId", text(tool_call_id));
                put("result", Json(result));
            }
            TodoUpdate { tool_call_id, todos } => {
                put("toolCallId", text(tool_call_id));
                put("todos", Field::Objects(todos));
            }
            MessageStart { message_id } | MessageEnd { message_id } => {
                put("messageId", text(message_id))
            }
            Metadata { payload } => put("payload", Field::Object(payload)),
            RunMetrics(m) => {
                put("execution_time_ms", Number(m.execution_time_ms));
                put("input_tokens_used", Number(m.input_tokens_used));
                put("output_tokens_used", Number(m.output_tokens_used));
                put("claude_token_cost_usd", Number(m.claude_token_cost_usd));
                put("stop_reason", text(&m.stop_reason));
                put("completion_state", text(&m.completion_state));
                put("unresolved_tool_use_ids", Texts(&m.unresolved_tool_use_ids));
            }
            SandboxMetrics { sandbox_execution_time_ms } => {
                put("sandbox_execution_time_ms", Number(*sandbox_execution_time_ms))
            }
            SandboxConnecting { message } => put("message", text(message)),
            SandboxConnected { sandbox_id, duration_ms, message } => {
                put("sandbox_id", text(sandbox_id));
                put("duration_ms", Number(*duration_ms));
                put("message", text(message));
            }
            Error { error, error_code } => {
                put("error", Text(Some(error)));
                if error_code.is_some() {
                    put("error_code", text(error_code));
                }
            }
            Done { completion_state, unresolved_tool_use_ids, stop_reason } => {
                put("completion_state", text(completion_state));
                put("unresolved_tool_use_ids", Texts(unresolved_tool_use_ids));
                put("stop_reason", text(stop_reason));
            }
            TerminalFailure { message, .. } => put("message", Text(Some(message))),
            Named { .. } | Unknown => {}
        }
    }
}

/// One extracted field of an event, borrowed; `None` is JSON `null`.
enum Field<'a> {
    Text(Option<&'a str>),
    Number(Option<f64>),
    Texts(&'a [String]),
    Objects(&'a [JsonObject]),
    Object(&'a JsonObject),
    Json(&'a Value),
}

impl Field<'_> {
    fn to_value(&self) -> Value {
        match self {
            Field::Text(text) => text.map_or(Value::Null, Value::from),
            Field::Number(number) => number.map_or(Value::Null, Value::from),
            Field::Texts(items) => Value::from(items.to_vec()),
            Field::Objects(items) => {
                Value::Array(items.iter().cloned().map(Value::Object).collect())
            }
            Field::Object(object) => Value::Object((*object).clone()),
            Field::Json(value) => (*value).clone(),
        }
    }

    /// Whether `frame` holds this field's value under `key`, without building it.
    fn is(&self, frame: &dyn Fields, key: &str) -> bool {
        let Some(decoded) = frame.decoded() else {
            // A frame of strings holds only texts and nulls; they are compared in place.
            let is_null = || frame.json(key) == Some(Value::Null);
            return match self {
                Field::Text(Some(text)) => frame.text(key) == Some(*text),
                Field::Text(None) | Field::Number(None) => is_null(),
                Field::Json(Value::String(text)) => frame.text(key) == Some(text.as_str()),
                Field::Json(Value::Null) => is_null(),
                _ => false,
            };
        };
        let Some(raw) = decoded.get(key) else { return false };
        match (self, raw) {
            (Field::Text(Some(text)), Value::String(found)) => text == found,
            (Field::Text(None) | Field::Number(None), Value::Null) => true,
            (Field::Number(Some(number)), Value::Number(found)) => {
                serde_json::Number::from_f64(*number).as_ref() == Some(found)
            }
            (Field::Texts(items), Value::Array(found)) => {
                items.len() == found.len()
                    && items.iter().zip(found).all(|(item, found)| found.as_str() == Some(item))
            }
            (Field::Objects(items), Value::Array(found)) => {
                items.len() == found.len()
                    && items.iter().zip(found).all(|(item, found)| found.as_object() == Some(item))
            }
            (Field::Object(object), Value::Object(found)) => *object == found,
            (Field::Json(value), found) => *value == found,
            _ => false,
        }
    }
}

fn classify(type_name: &str, obj: &dyn Fields) -> EventKind {
    use EventKind::*;
    let id = || string(obj, "id");
    let tool_call_id = || string(obj, "toolCallId");
    match type_name {
        "text-start" => TextStart { id: id() },
        "text-delta" => TextDelta { id: id(), delta: first_text(obj, &["delta"]) },
        "text-end" => TextEnd { id: id() },
        "reasoning-start" => ReasoningStart { id: id() },
        "reasoning-delta" => {
            ReasoningDelta { id: id(), delta: first_text(obj, &["delta", "text"]) }
        }
        "reasoning-end" => ReasoningEnd { id: id() },
        "thinking-start" => ThinkingStart { id: id() },
        "thinking-delta" => ThinkingDelta { id: id(), delta: first_text(obj, &["delta", "text"]) },
        "thinking-end" => ThinkingEnd { id: id() },
        "plan-start" => PlanStart { id: id() },
        "plan-delta" => PlanDelta { id: id(), delta: first_text(obj, &["delta", "text", "plan"]) },
        "plan-end" => PlanEnd { id: id() },
        "tool-call-start" => {
            ToolCallStart { tool_call_id: tool_call_id(), tool_name: string(obj, "toolName") }
        }
        "tool-call-delta" => {
            ToolCallDelta { tool_call_id: tool_call_id(), delta: first_text(obj, &["delta"]) }
        }
        "tool-call-end" => ToolCallEnd { tool_call_id: tool_call_id() },
        "tool-result-start" => ToolResultStart { tool_call_id: tool_call_id() },
        "tool-result-delta" => {
            ToolResultDelta { tool_call_id: tool_call_id(), delta: first_text(obj, &["delta"]) }
        }
        "tool-result-end" => ToolResultEnd {
            tool_call_id: tool_call_id(),
            result: obj.json("result").unwrap_or(Value::Null),
        },
        "todo-update" => TodoUpdate {
            tool_call_id: tool_call_id().or_else(|| string(obj, "tool_call_id")),
            todos: match obj.decoded().and_then(|obj| obj.get("todos")) {
                Some(Value::Array(items)) => {
                    items.iter().filter_map(Value::as_object).cloned().collect()
                }
                _ => Vec::new(),
            },
        },
        "message-start" => MessageStart { message_id: string(obj, "messageId") },
        "message-end" => MessageEnd { message_id: string(obj, "messageId") },
        "metadata" => Metadata {
            payload: match object(obj, "payload") {
                Some(payload) => payload.clone(),
                None => {
                    let mut rest = obj.to_object();
                    rest.remove("type");
                    rest
                }
            },
        },
        "run_metrics" => RunMetrics(self::RunMetrics {
            execution_time_ms: number(obj, "execution_time_ms"),
            input_tokens_used: number(obj, "input_tokens_used"),
            output_tokens_used: number(obj, "output_tokens_used"),
            claude_token_cost_usd: number(obj, "claude_token_cost_usd"),
            stop_reason: string(obj, "stop_reason"),
            completion_state: string(obj, "completion_state"),
            unresolved_tool_use_ids: strings(obj, "unresolved_tool_use_ids"),
        }),
        "sandbox_metrics" => {
            SandboxMetrics { sandbox_execution_time_ms: number(obj, "sandbox_execution_time_ms") }
        }
        "sandbox-connecting" => SandboxConnecting { message: string(obj, "message") },
        "sandbox-connected" => SandboxConnected {
            sandbox_id: string(obj, "sandbox_id"),
            duration_ms: number(obj, "duration_ms"),
            message: string(obj, "message"),
        },
        "error" => Error {
            error: string(obj, "error").unwrap_or_else(|| "Unknown error".into()),
            error_code: string(obj, "error_code"),
        },
        "done" => Done {
            completion_state: string(obj, "completion_state"),
            unresolved_tool_use_ids: strings(obj, "unresolved_tool_use_ids"),
            stop_reason: string(obj, "stop_reason"),
        },
        "message_start" => MessageStart {
            message_id: object(obj, "message").and_then(|message| string(message, "id")),
        },
        "message_stop" | "message_complete" => MessageEnd { message_id: string(obj, "message_id") },
        "message_delta" => match object(obj, "delta").and_then(|d| d.get("text")) {
            Some(Value::String(text)) => TextDelta { id: id(), delta: text.clone() },
            _ => Named { type_name: "message_delta" },
        },
        "content_block_start" => classify_block_start(obj),
        "content_block_delta" => classify_block_delta(obj),
        "tool_use" => ToolCallStart { tool_call_id: id(), tool_name: string(obj, "name") },
        "tool_result" => ToolResultEnd {
            tool_call_id: string(obj, "tool_use_id").or_else(id),
            result: match obj.json("content") {
                Some(content) => content,
                None => obj.json("result").unwrap_or(Value::Null),
            },
        },
        other => {
            if let Some(name) = interned(TERMINAL_FAILURE_TYPES, other) {
                let detail = string(obj, "error").or_else(|| string(obj, "message"));
                let message = format!("{name}: {}", detail.as_deref().unwrap_or(name));
                TerminalFailure { type_name: name, message }
            } else if let Some(name) = interned(NAMED_TYPES, other) {
                Named { type_name: name }
            } else {
                Unknown
            }
        }
    }
}

fn classify_block_start(obj: &dyn Fields) -> EventKind {
    use EventKind::*;
    let block = object(obj, "content_block");
    let block_type = match block.and_then(|b| b.get("type")) {
        Some(found) => found.as_str(),
        None => obj.text("block_type"),
    };
    let id = string(obj, "id").or_else(|| block.and_then(|b| string(b, "id")));
    match block_type {
        Some("text") => TextStart { id },
        Some("thinking") => ThinkingStart { id },
        Some("plan") => PlanStart { id },
        Some("tool_use") => ToolCallStart {
            tool_call_id: id,
            tool_name: block.and_then(|b| string(b, "name")).or_else(|| string(obj, "name")),
        },
        _ => Named { type_name: "content_block_start" },
    }
}

fn classify_block_delta(obj: &dyn Fields) -> EventKind {
    use EventKind::*;
    let Some(delta) = object(obj, "delta") else {
        return Named { type_name: "content_block_delta" };
    };
    let id = string(obj, "id");
    let text = |key: &str| string(delta, key).unwrap_or_default();
    match delta.get("type").and_then(Value::as_str) {
        Some("text_delta") => TextDelta { id, delta: text("text") },
        Some("thinking_delta") => {
            ThinkingDelta { id, delta: first_text(delta, &["thinking", "text"]) }
        }
        Some("plan_delta") => PlanDelta { id, delta: first_text(delta, &["plan", "text"]) },
        Some("input_json_delta") => ToolCallDelta { tool_call_id: id, delta: text("partial_json") },
        _ => Named { type_name: "content_block_delta" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(payload: &str) -> RunEvent {
        RunEvent::from_payload(payload).expect("an event")
    }

    #[test]
    fn a_frame_in_the_wire_form_is_its_own_wire_object() {
        for payload in [
            r#"{"type": "text-delta", "id": "t1", "delta": "héllo \"x\""}"#,
            r#"{"type": "tool-call-start", "toolCallId": "c1", "toolName": "gmail"}"#,
            r#"{"type": "tool-result-end", "toolCallId": "c1", "result": {"n": [1, 2]}}"#,
            r#"{"type": "done", "completion_state": null, "unresolved_tool_use_ids": [], "stop_reason": "end_turn"}"#,
        ] {
            let event = event(payload);
            assert!(event.raw_is_wire(), "{payload}");
            assert_eq!(event.to_wire(), event.raw, "{payload}");
        }
    }

    #[test]
    fn a_frame_that_needs_rewriting_is_not() {
        for payload in [
            r#"{"type": "text-delta", "delta": "no id"}"#,
            r#"{"type": "reasoning-delta", "id": "r", "text": "old spelling"}"#,
            r#"{"type": "content_block_delta", "delta": {"type": "text_delta", "text": "x"}}"#,
            r#"{"type": "run_metrics", "execution_time_ms": 5}"#,
            r#"{"type": "ping"}"#,
            "[DONE]",
        ] {
            let event = event(payload);
            assert!(!event.raw_is_wire(), "{payload}");
        }
    }
}
