//! The run-event model (wire.md §4.2, §9.7): one SSE payload becomes one [`RunEvent`].
//!
//! Claude-native frames are normalised to their AI-SDK names (`content_block_delta` with a
//! `text_delta` becomes `text-delta`), a type we do not know becomes [`EventKind::Unknown`],
//! and every event keeps the object it came from in `raw`.
//!
//! Each event type with fields of its own is declared once, in the table below: its wire name,
//! its variant and its fields. The enum, [`RunEvent::type_name`], [`RunEvent::wire_fields`]
//! and the reading of a frame all come from that one line.

use serde_json::{Map, Value};

use crate::accumulator::Fold;
use crate::sse::find::string_stop;
use crate::types::JsonObject;

/// How [`RunEvent::read_frame_in`] read a frame.
#[derive(Debug, PartialEq)]
pub enum FrameReading<'a> {
    /// The frame's text is the event's wire form, and this is what it adds to the
    /// accumulator; its event was not built.
    Wire(Fold<'a>),
    /// A `tool-result-end` whose text is its wire form: the call's id and the result, read
    /// from the frame's text in place, with only the result decoded, for
    /// [`StreamAccumulator::tool_result`] (an object result is a tree, which building the
    /// frame's object, the event and then the accumulator's copy would read three times more).
    ///
    /// [`StreamAccumulator::tool_result`]: crate::StreamAccumulator::tool_result
    WireResult { tool_call_id: Option<String>, result: Value },
    /// The event, and whether the frame's text is its wire form.
    Event(RunEvent, bool),
}

/// One event of a run's stream.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEvent {
    pub kind: EventKind,
    /// The frame's own object (empty for `[DONE]` and for events built by the server).
    pub raw: JsonObject,
}

/// Builds the event model from the table of event types (see its invocation below). A field is
/// `name: Type = "wireKey"`: the variant's field, the key it is read from and written to, and
/// its type, whose [`Extract`] says how. Older spellings follow the key (`| "text"`, read when
/// the key has nothing); `=> reader` reads a field another way; `#[omit_null]` leaves a field
/// without a value out of the wire form. A second list holds the types whose fields are a
/// struct of their own, and the variants outside the table come last, as written.
macro_rules! event_types {
    (
        $(
            $(#[doc = $doc:literal])*
            $name:literal => $variant:ident {
                $(
                    $(#[$flag:ident])*
                    $field:ident: $ty:ty = $key:literal $(| $older:literal)* $(=> $read:expr)?
                ),* $(,)?
            }
        ),* ;
        $(
            $(#[doc = $struct_doc:literal])*
            $struct_name:literal => $struct_variant:ident($struct:ident) {
                $( $struct_field:ident: $struct_ty:ty = $struct_key:literal ),* $(,)?
            }
        ),* ;
        $($unlisted:tt)*
    ) => {
        /// What an event says, with the fields the SDK extracts (wire.md §4.2). Field names are
        /// the wire's, in snake case; [`RunEvent::to_wire`] writes them back in the wire's
        /// spelling.
        #[derive(Debug, Clone, PartialEq)]
        pub enum EventKind {
            $( $(#[doc = $doc])* $variant { $( $field: $ty ),* }, )*
            $( $(#[doc = $struct_doc])* $struct_variant($struct), )*
            $($unlisted)*
        }

        $(
            $(#[doc = $struct_doc])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct $struct {
                $( pub $struct_field: $struct_ty ),*
            }
        )*

        impl EventKind {
            /// The type name; see [`RunEvent::type_name`].
            fn type_name(&self) -> &'static str {
                match self {
                    $( EventKind::$variant { .. } => $name, )*
                    $( EventKind::$struct_variant(_) => $struct_name, )*
                    unlisted => unlisted.unlisted_type_name(),
                }
            }

            /// Calls `each` with every extracted field in the wire's spelling, borrowed.
            fn each_field(&self, each: &mut dyn FnMut(&'static str, Field<'_>)) {
                match self {
                    $(
                        EventKind::$variant { $($field),* } => each_of(
                            each,
                            &[$($key),*],
                            &[$( written!($field $(, $flag)*) ),*],
                        ),
                    )*
                    $(
                        EventKind::$struct_variant(fields) => each_of(
                            each,
                            &[$($struct_key),*],
                            &[$( &fields.$struct_field as &dyn WireField ),*],
                        ),
                    )*
                    unlisted => unlisted.each_unlisted_field(each),
                }
            }
        }

        /// The event of a frame whose type is in the table, `None` for any other type.
        fn classify_listed(type_name: &str, frame: &dyn Fields) -> Option<EventKind> {
            Some(match type_name {
                $(
                    $name => EventKind::$variant {
                        $( $field: read_field!(frame, $ty, [$key $(, $older)*] $(, $read)?) ),*
                    },
                )*
                $(
                    $struct_name => EventKind::$struct_variant($struct {
                        $( $struct_field: Extract::read(frame, $struct_key) ),*
                    }),
                )*
                _ => return None,
            })
        }
    };
}

/// A field of the table as it is written: by its type's [`WireField`], or left out of the
/// wire form when it has no value (`#[omit_null]`).
macro_rules! written {
    ($field:ident) => {
        $field as &dyn WireField
    };
    ($field:ident, omit_null) => {
        &OmitNull($field) as &dyn WireField
    };
}

/// A field of the table read from a frame: by its type's [`Extract`], or by its own reader.
macro_rules! read_field {
    ($frame:ident, $ty:ty, [$key:literal $(, $older:literal)*]) => {
        <$ty as Extract>::read($frame, $key) $( .or_older($frame, $older) )*
    };
    ($frame:ident, $ty:ty, [$($key:literal),*], $read:expr) => {
        $read($frame)
    };
}

// The event types of wire.md §4.2 and §9.7 with fields of their own, one entry each.
event_types! {
    "text-start" => TextStart { id: Option<String> = "id" },
    "text-delta" => TextDelta { id: Option<String> = "id", delta: String = "delta" },
    "text-end" => TextEnd { id: Option<String> = "id" },
    "reasoning-start" => ReasoningStart { id: Option<String> = "id" },
    "reasoning-delta" => ReasoningDelta {
        id: Option<String> = "id",
        delta: String = "delta" | "text",
    },
    "reasoning-end" => ReasoningEnd { id: Option<String> = "id" },
    "thinking-start" => ThinkingStart { id: Option<String> = "id" },
    "thinking-delta" => ThinkingDelta {
        id: Option<String> = "id",
        delta: String = "delta" | "text",
    },
    "thinking-end" => ThinkingEnd { id: Option<String> = "id" },
    "plan-start" => PlanStart { id: Option<String> = "id" },
    "plan-delta" => PlanDelta {
        id: Option<String> = "id",
        delta: String = "delta" | "text" | "plan",
    },
    "plan-end" => PlanEnd { id: Option<String> = "id" },
    "tool-call-start" => ToolCallStart {
        tool_call_id: Option<String> = "toolCallId",
        tool_name: Option<String> = "toolName",
    },
    "tool-call-delta" => ToolCallDelta {
        tool_call_id: Option<String> = "toolCallId",
        delta: String = "delta",
    },
    "tool-call-end" => ToolCallEnd { tool_call_id: Option<String> = "toolCallId" },
    "tool-result-start" => ToolResultStart { tool_call_id: Option<String> = "toolCallId" },
    "tool-result-delta" => ToolResultDelta {
        tool_call_id: Option<String> = "toolCallId",
        delta: String = "delta",
    },
    "tool-result-end" => ToolResultEnd {
        tool_call_id: Option<String> = "toolCallId",
        result: Value = "result",
    },
    "todo-update" => TodoUpdate {
        tool_call_id: Option<String> = "toolCallId" | "tool_call_id",
        todos: Vec<JsonObject> = "todos",
    },
    "message-start" => MessageStart { message_id: Option<String> = "messageId" },
    "message-end" => MessageEnd { message_id: Option<String> = "messageId" },
    /// `payload.run_id` (or a top-level `run_id`) names the run.
    "metadata" => Metadata { payload: JsonObject = "payload" => metadata_payload },
    "sandbox_metrics" => SandboxMetrics {
        sandbox_execution_time_ms: Option<f64> = "sandbox_execution_time_ms",
    },
    "sandbox-connecting" => SandboxConnecting { message: Option<String> = "message" },
    "sandbox-connected" => SandboxConnected {
        sandbox_id: Option<String> = "sandbox_id",
        duration_ms: Option<f64> = "duration_ms",
        message: Option<String> = "message",
    },
    "error" => Error {
        error: String = "error" => error_text,
        #[omit_null]
        error_code: Option<String> = "error_code",
    },
    "done" => Done {
        completion_state: Option<String> = "completion_state",
        unresolved_tool_use_ids: Vec<String> = "unresolved_tool_use_ids",
        stop_reason: Option<String> = "stop_reason",
    };

    /// `run_metrics` (wire.md §4.2).
    "run_metrics" => RunMetrics(RunMetrics) {
        execution_time_ms: Option<f64> = "execution_time_ms",
        input_tokens_used: Option<f64> = "input_tokens_used",
        output_tokens_used: Option<f64> = "output_tokens_used",
        claude_token_cost_usd: Option<f64> = "claude_token_cost_usd",
        stop_reason: Option<String> = "stop_reason",
        completion_state: Option<String> = "completion_state",
        unresolved_tool_use_ids: Vec<String> = "unresolved_tool_use_ids",
    };

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

impl EventKind {
    fn unlisted_type_name(&self) -> &'static str {
        match self {
            EventKind::TerminalFailure { type_name, .. } | EventKind::Named { type_name } => {
                type_name
            }
            _ => "unknown",
        }
    }

    fn each_unlisted_field(&self, each: &mut dyn FnMut(&'static str, Field<'_>)) {
        if let EventKind::TerminalFailure { message, .. } = self {
            each("message", Field::Text(Some(message)));
        }
    }
}

/// `metadata`'s payload: its `payload` object, or else the frame's other fields.
fn metadata_payload(frame: &dyn Fields) -> JsonObject {
    match object(frame, "payload") {
        Some(payload) => payload.clone(),
        None => {
            let mut rest = frame.to_object();
            rest.remove("type");
            rest
        }
    }
}

/// `error`'s message, which is never missing.
fn error_text(frame: &dyn Fields) -> String {
    string(frame, "error").unwrap_or_else(|| "Unknown error".into())
}

/// How a field of the table is read from a frame.
trait Extract: Sized {
    /// Reads the field under `key`.
    fn read(frame: &dyn Fields, key: &str) -> Self;

    /// Whether the frame had nothing for the field, so an older spelling may.
    fn is_missing(&self) -> bool;

    /// This value, or else the one under an older spelling of its key.
    fn or_older(self, frame: &dyn Fields, key: &str) -> Self {
        if self.is_missing() {
            Self::read(frame, key)
        } else {
            self
        }
    }
}

/// How a field of the table is written to the wire form; `None` leaves it out.
trait WireField {
    fn field(&self) -> Option<Field<'_>>;
}

/// Calls `each` with the fields of one event, `keys[i]` naming `values[i]`.
fn each_of(
    each: &mut dyn FnMut(&'static str, Field<'_>),
    keys: &[&'static str],
    values: &[&dyn WireField],
) {
    for (key, value) in keys.iter().zip(values) {
        if let Some(field) = value.field() {
            each(key, field);
        }
    }
}

/// `#[omit_null]`: the field only when it has a value.
struct OmitNull<'a>(&'a Option<String>);

impl WireField for OmitNull<'_> {
    fn field(&self) -> Option<Field<'_>> {
        self.0.as_deref().map(|text| Field::Text(Some(text)))
    }
}

impl Extract for Option<String> {
    fn read(frame: &dyn Fields, key: &str) -> Self {
        string(frame, key)
    }
    fn is_missing(&self) -> bool {
        self.is_none()
    }
}

impl WireField for Option<String> {
    fn field(&self) -> Option<Field<'_>> {
        Some(Field::Text(self.as_deref()))
    }
}

/// A delta: missing when empty, so the first non-empty text of its spellings (Python's
/// `a or b or ""`).
impl Extract for String {
    fn read(frame: &dyn Fields, key: &str) -> Self {
        frame.text(key).unwrap_or_default().to_owned()
    }
    fn is_missing(&self) -> bool {
        self.is_empty()
    }
}

impl WireField for String {
    fn field(&self) -> Option<Field<'_>> {
        Some(Field::Text(Some(self)))
    }
}

impl Extract for Option<f64> {
    fn read(frame: &dyn Fields, key: &str) -> Self {
        number(frame, key)
    }
    fn is_missing(&self) -> bool {
        self.is_none()
    }
}

impl WireField for Option<f64> {
    fn field(&self) -> Option<Field<'_>> {
        Some(Field::Number(*self))
    }
}

/// A list of strings; anything else in it is left out.
impl Extract for Vec<String> {
    fn read(frame: &dyn Fields, key: &str) -> Self {
        match frame.decoded().and_then(|frame| frame.get(key)) {
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
            }
            _ => Vec::new(),
        }
    }
    fn is_missing(&self) -> bool {
        self.is_empty()
    }
}

impl WireField for Vec<String> {
    fn field(&self) -> Option<Field<'_>> {
        Some(Field::Texts(self))
    }
}

/// A list of objects; anything else in it is left out.
impl Extract for Vec<JsonObject> {
    fn read(frame: &dyn Fields, key: &str) -> Self {
        match frame.decoded().and_then(|frame| frame.get(key)) {
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_object).cloned().collect()
            }
            _ => Vec::new(),
        }
    }
    fn is_missing(&self) -> bool {
        self.is_empty()
    }
}

impl WireField for Vec<JsonObject> {
    fn field(&self) -> Option<Field<'_>> {
        Some(Field::Objects(self))
    }
}

impl WireField for JsonObject {
    fn field(&self) -> Option<Field<'_>> {
        Some(Field::Object(self))
    }
}

/// Any JSON value, `null` when missing.
impl Extract for Value {
    fn read(frame: &dyn Fields, key: &str) -> Self {
        frame.json(key).unwrap_or(Value::Null)
    }
    fn is_missing(&self) -> bool {
        self.is_null()
    }
}

impl WireField for Value {
    fn field(&self) -> Option<Field<'_>> {
        Some(Field::Json(self))
    }
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

fn object<'a>(obj: &'a dyn Fields, key: &str) -> Option<&'a JsonObject> {
    obj.decoded()?.get(key).and_then(Value::as_object)
}

/// A frame of at most [`FLAT_FIELDS`] fields whose values are all strings or `null` (the
/// deltas, starts and ends that are most of a run), its keys borrowed from the payload (a key
/// with an escape is left to the full decoder) and its values too where they have no escapes:
/// read without allocating a map, a list or a string.
struct FlatFrame<'a> {
    fields: [(&'a str, Span<'a>); FLAT_FIELDS],
    len: usize,
    /// The one value that is neither a string nor `null`, with its key, as its text: a frame
    /// with one is read only by [`FlatFrame::wire_result`] (`None` for every flat frame).
    other: Option<(&'a str, &'a str)>,
    /// The scratch text the values with escapes were decoded into.
    decoded: &'a str,
}

/// Wire frames have two to five fields; a frame with more is decoded instead.
const FLAT_FIELDS: usize = 5;

impl<'a> FlatFrame<'a> {
    fn fields(&self) -> &[(&'a str, Span<'a>)] {
        &self.fields[..self.len]
    }

    /// The delta, if a text.
    #[inline(always)]
    fn delta(&self) -> Option<&'a str> {
        self.get("delta").flatten()
    }

    /// The delta, if a text and not empty (else an older spelling of it may be read).
    #[inline(always)]
    fn newer_delta(&self) -> Option<&'a str> {
        self.delta().filter(|delta| !delta.is_empty())
    }

    #[inline(always)]
    fn value(&self, span: Span<'a>) -> Option<&'a str> {
        match span {
            Span::Null => None,
            Span::Plain(text) => Some(text),
            Span::Decoded(start, end) => self.decoded.get(start..end),
        }
    }

    /// The value under `key`: `Some(None)` for `null`. The last of duplicate keys wins, as in
    /// a decoded object.
    fn get(&self, key: &str) -> Option<Option<&'a str>> {
        // A loop by hand: at "z" each iterator adapter would stay a call.
        let mut at = self.len;
        while at > 0 {
            at -= 1;
            let (name, span) = self.fields[at];
            if same_key(name.as_bytes(), key.as_bytes()) {
                return Some(self.value(span));
            }
        }
        None
    }
}

/// The block and part of a type [`FlatFrame::wire_fold`] reads: `text-delta` is
/// `(Block::Text, Part::Delta)`.
#[derive(Clone, Copy)]
enum Block {
    Text,
    /// `reasoning-*` and `thinking-*`, which fold alike.
    Reasoning,
    Plan,
    Message,
    ToolCall,
    ToolResult,
}

#[derive(Clone, Copy)]
enum Part {
    Start,
    Delta,
    End,
}

/// A type [`FlatFrame::wire_fold`] reads as `(block, part)`; `None` for any other. The names
/// are compared in turn, the most frequent first.
fn block_and_part(name: &str) -> Option<(Block, Part)> {
    use {Block::*, Part::*};
    Some(match name {
        "text-delta" => (Text, Delta),
        "text-start" => (Text, Start),
        "text-end" => (Text, End),
        "reasoning-delta" => (Reasoning, Delta),
        "reasoning-start" => (Reasoning, Start),
        "reasoning-end" => (Reasoning, End),
        "tool-call-delta" => (ToolCall, Delta),
        "tool-call-start" => (ToolCall, Start),
        "tool-call-end" => (ToolCall, End),
        "thinking-delta" => (Reasoning, Delta),
        "thinking-start" => (Reasoning, Start),
        "thinking-end" => (Reasoning, End),
        "plan-delta" => (Plan, Delta),
        "plan-start" => (Plan, Start),
        "plan-end" => (Plan, End),
        "tool-result-delta" => (ToolResult, Delta),
        "tool-result-start" => (ToolResult, Start),
        "tool-result-end" => (ToolResult, End),
        "message-start" => (Message, Start),
        "message-end" => (Message, End),
        _ => return None,
    })
}

/// `name == key` for keys of a few bytes, compared in place: at "z" `==` on slices stays a
/// call to `memcmp`, several per frame.
#[inline]
fn same_key(name: &[u8], key: &[u8]) -> bool {
    if name.len() != key.len() {
        return false;
    }
    let mut at = 0;
    while at < key.len() {
        if name[at] != key[at] {
            return false;
        }
        at += 1;
    }
    true
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
        for &(key, span) in self.fields() {
            out.insert(key.to_string(), self.value(span).map_or(Value::Null, Value::from));
        }
        out
    }
}

/// A value of a flat frame: `null`, a string without escapes (borrowed from the payload), or the
/// range of the scratch text a string with escapes was decoded into.
#[derive(Clone, Copy)]
enum Span<'a> {
    Null,
    Plain(&'a str),
    Decoded(usize, usize),
}

impl<'a> FlatFrame<'a> {
    /// Reads `payload` in place when it is an object whose values are all strings or `null`,
    /// with no more than [`FLAT_FIELDS`] fields: keys and values are borrowed from it, the
    /// values with escapes decoded into `scratch` (emptied first) and borrowed from there, so
    /// nothing is allocated once `scratch` has grown. One value of another kind is kept as
    /// its text in `other` (only a wire-form `tool-result-end` is read with one). `None` for
    /// anything else (a second such value, invalid JSON, a key with an escape, a broken
    /// escape), which the caller then decodes as a whole; what this reads, serde_json reads
    /// the same.
    fn scan(payload: &'a str, scratch: &'a mut String) -> Option<FlatFrame<'a>> {
        scratch.clear();
        let mut cursor = Cursor { text: payload, at: 0 };
        // Filled in place and returned as it is: built from locals at the end, the frame cost
        // the npm wasm 0.13 KB gzip more, for no speed (issue 9).
        let mut frame =
            FlatFrame { fields: [("", Span::Null); FLAT_FIELDS], len: 0, other: None, decoded: "" };
        cursor.expect(b'{')?;
        if cursor.peek() == Some(b'}') {
            cursor.at += 1;
        } else {
            loop {
                if frame.len == FLAT_FIELDS {
                    return None;
                }
                let key = cursor.key()?;
                cursor.expect(b':')?;
                let span = match cursor.peek()? {
                    b'"' => cursor.string(scratch)?,
                    b'n' => {
                        cursor.literal("null")?;
                        Span::Null
                    }
                    _ if frame.other.is_none() => {
                        frame.other = Some((key, cursor.other_value()?));
                        match cursor.next_byte()? {
                            b',' => continue,
                            b'}' => break,
                            _ => return None,
                        }
                    }
                    _ => return None,
                };
                frame.fields[frame.len] = (key, span);
                frame.len += 1;
                match cursor.next_byte()? {
                    b',' => {}
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        if cursor.peek().is_some() {
            return None;
        }
        frame.decoded = scratch;
        Some(frame)
    }

    /// A `tool-result-end` in the wire form (no `subtype`, a `toolCallId` text or `null`, a
    /// `result`, as [`is_wire`] reads it) whose result is its one value that is no string: its
    /// call's id and its result, decoded from the result's text alone. `None` for anything
    /// else, and for a result that is not JSON (the whole reading then refuses the frame).
    fn wire_result(&self) -> Option<FrameReading<'a>> {
        let (key, text) = self.other?;
        let is_result = key == "result" && self.get("result").is_none();
        if !is_result || self.get("type")?? != "tool-result-end" || self.get("subtype").is_some() {
            return None;
        }
        let tool_call_id = self.get("toolCallId")?.map(str::to_owned);
        let result = serde_json::from_str(text).ok()?;
        Some(FrameReading::WireResult { tool_call_id, result })
    }

    /// What the frame adds to the accumulator when it already is the wire form of a type
    /// whose fields are all texts (the deltas, starts and ends that are most of a run), read
    /// without building its [`RunEvent`]; `None` for any other frame, which
    /// [`RunEvent::read_frame_in`] then reads whole. Each arm is the table's entry for its
    /// type read as [`is_wire`] checks it: every field present (a text or `null`; each type
    /// has its id), a delta a text, and a delta with older spellings not empty (else an older
    /// one could be read).
    /// A frame with a `subtype` is left to the whole reading, which may drop it.
    fn wire_fold(&self) -> Option<Fold<'a>> {
        use {Block::*, Part::*};
        // Methods, not closures: at "z" a closure called from several arms stays a call.
        let type_name = self.get("type")??;
        if self.get("subtype").is_some() {
            return None;
        }
        let (block, part) = block_and_part(type_name)?;
        let id = self.get(match block {
            Message => "messageId",
            ToolCall | ToolResult => "toolCallId",
            Text | Reasoning | Plan => "id",
        })?;
        Some(match (block, part) {
            (Message, Delta) | (ToolResult, End) => return None,
            (Text, Delta) => Fold::Text(self.delta()?),
            (Reasoning, Delta) => Fold::Reasoning(self.newer_delta()?),
            (Plan, Delta) => Fold::Plan(self.newer_delta()?),
            (Text | Message, _) | (ToolResult, Start) => Fold::Nothing,
            (Reasoning, _) => Fold::ReasoningBreak,
            (Plan, _) => Fold::PlanBreak,
            (ToolCall, Start) => Fold::ToolCallStart { id, name: self.get("toolName")? },
            (ToolCall, Delta) => Fold::ToolCallDelta { id, delta: self.delta()? },
            (ToolCall, End) => Fold::ToolCallEnd { id },
            (ToolResult, Delta) => Fold::ToolResultDelta { id, delta: self.delta()? },
        })
    }
}

/// A position in a frame's text for [`FlatFrame::scan`]; every read skips the JSON whitespace
/// before its token.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    #[inline(always)]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The text from `start` to `end`, two positions the scan found in it: each at an ASCII
    /// byte (a quote, a backslash, a control character) or just after one or after an escape,
    /// so on character boundaries. At "z" a checked slice stays a call, several per frame.
    #[inline(always)]
    fn between(&self, start: usize, end: usize) -> &'a str {
        debug_assert!(start <= end && self.text.is_char_boundary(start));
        debug_assert!(self.text.is_char_boundary(end));
        // SAFETY: `start <= end <= len`, both on character boundaries (see above).
        unsafe { self.text.get_unchecked(start..end) }
    }

    /// The next byte after whitespace, not taken.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes().get(self.at) {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    #[inline(always)]
    fn next_byte(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    #[inline(always)]
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next_byte()? == byte).then_some(())
    }

    /// A bare word such as `null`.
    fn literal(&mut self, word: &str) -> Option<()> {
        self.peek()?;
        if !self.bytes()[self.at..].starts_with(word.as_bytes()) {
            return None;
        }
        self.at += word.len();
        Some(())
    }

    /// A value that is neither a string nor `null`, as its text: an object or an array to its
    /// closing bracket (the strings in it passed over whole), anything else to the next `,` or
    /// `}`. Only its extent is found here: serde_json reads the text, and refuses it if it is not
    /// one JSON value.
    fn other_value(&mut self) -> Option<&'a str> {
        let start = self.at;
        let mut depth = 0_usize;
        loop {
            match *self.bytes().get(self.at)? {
                b'"' => {
                    self.at = self.string_end(self.at + 1)?;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 1 => depth -= 1,
                b'}' | b']' if depth == 1 => {
                    self.at += 1;
                    break;
                }
                b',' | b'}' | b']' if depth == 0 => break,
                _ => {}
            }
            self.at += 1;
        }
        Some(self.between(start, self.at))
    }

    /// Where the string whose first byte is at `from` ends, after its closing quote, its escapes
    /// passed over (and not checked: whoever reads the string does).
    fn string_end(&self, from: usize) -> Option<usize> {
        let mut at = from;
        loop {
            let stop = string_stop(self.bytes(), at)?;
            match self.bytes()[stop] {
                b'"' => return Some(stop + 1),
                b'\\' => at = stop + 2,
                _ => return None,
            }
        }
    }

    /// A key: a string without escapes, borrowed (a key with one is left to the full decoder).
    fn key(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let stop = string_stop(self.bytes(), start)?;
        self.at = stop + 1;
        (self.bytes()[stop] == b'"').then(|| self.between(start, stop))
    }

    /// A string: where it is in the payload when it has no escapes, else decoded onto
    /// `scratch`. A control character, an unknown escape or a lone surrogate is `None`, as
    /// serde_json refuses them.
    fn string(&mut self, scratch: &mut String) -> Option<Span<'a>> {
        self.expect(b'"')?;
        let start = self.at;
        let stop = string_stop(self.bytes(), start)?;
        self.at = stop;
        match self.bytes()[stop] {
            b'"' => {
                self.at += 1;
                Some(Span::Plain(self.between(start, stop)))
            }
            b'\\' => {
                let begin = scratch.len();
                self.escaped_string(start, scratch)?;
                Some(Span::Decoded(begin, scratch.len()))
            }
            _ => None,
        }
    }

    /// The rest of a string from its first escape on, decoded onto `out`; `start` is its
    /// first byte.
    fn escaped_string(&mut self, start: usize, out: &mut String) -> Option<()> {
        out.push_str(self.between(start, self.at));
        loop {
            let byte = *self.bytes().get(self.at)?;
            self.at += 1;
            match byte {
                b'"' => return Some(()),
                b'\\' => {
                    let escape = *self.bytes().get(self.at)?;
                    self.at += 1;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    });
                }
                0..=0x1f => return None,
                _ => {
                    // Copy the run of plain bytes up to the next quote or escape at once.
                    let run_start = self.at - 1;
                    self.at = string_stop(self.bytes(), run_start)?;
                    out.push_str(self.between(run_start, self.at));
                }
            }
        }
    }

    /// The character of a `\uXXXX` escape (its `\u` read already), a surrogate pair whole.
    fn unicode_escape(&mut self) -> Option<char> {
        let unit = self.hex4()?;
        let code = match unit {
            0xD800..=0xDBFF => {
                if !self.bytes()[self.at..].starts_with(b"\\u") {
                    return None;
                }
                self.at += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return None;
                }
                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => return None,
            _ => unit,
        };
        char::from_u32(code)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
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
        match RunEvent::read_frame_in(payload, &mut String::new())? {
            FrameReading::Wire(_) => {
                let mut scratch = String::new();
                let frame = FlatFrame::scan(payload, &mut scratch)?;
                Some((RunEvent { kind: kind_of(&frame)?, raw: Map::new() }, true))
            }
            FrameReading::WireResult { .. } => Some((RunEvent::from_payload(payload)?, true)),
            FrameReading::Event(event, is_wire) => Some((event, is_wire)),
        }
    }

    /// [`RunEvent::read_frame`] for the JS handle's every frame, which builds no event for a
    /// frame already in the wire form of a type whose fields are all texts (most of a run):
    /// it gives what the frame adds to the accumulator instead, borrowed from `payload` or
    /// from `scratch`, where escapes are decoded (so a read allocates nothing once `scratch`
    /// has grown). `None` means no event, as for `read_frame`; the two agree on every
    /// payload (the event's [`StreamAccumulator::apply`] is that fold).
    ///
    /// [`StreamAccumulator::apply`]: crate::StreamAccumulator::apply
    pub fn read_frame_in<'a>(
        payload: &'a str,
        scratch: &'a mut String,
    ) -> Option<FrameReading<'a>> {
        // `[DONE]` is no object: the scan refuses it at once, and `from_payload` reads it.
        if let Some(frame) = FlatFrame::scan(payload, scratch) {
            if frame.other.is_some() {
                if let Some(reading) = frame.wire_result() {
                    return Some(reading);
                }
            } else {
                if let Some(fold) = frame.wire_fold() {
                    return Some(FrameReading::Wire(fold));
                }
                let kind = kind_of(&frame)?;
                let is_wire = is_wire(&kind, &frame);
                let raw = if is_wire { Map::new() } else { frame.to_object() };
                return Some(FrameReading::Event(RunEvent { kind, raw }, is_wire));
            }
        }
        let event = match serde_json::from_str::<Value>(payload) {
            Ok(Value::Object(frame)) => RunEvent::from_object(frame)?,
            _ => RunEvent::from_payload(payload)?,
        };
        let is_wire = event.raw_is_wire();
        Some(FrameReading::Event(event, is_wire))
    }

    /// The event's type as the wire names it after normalisation (`"text-delta"`, …;
    /// `"unknown"` for a type this model does not know).
    pub fn type_name(&self) -> &'static str {
        self.kind.type_name()
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
    fn each_field(&self, each: &mut dyn FnMut(&'static str, Field<'_>)) {
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

/// The event of a frame of type `type_name`: a type of the table, a Claude-native frame
/// normalised to one, a terminal failure, a named type, or [`EventKind::Unknown`].
fn classify(type_name: &str, obj: &dyn Fields) -> EventKind {
    use EventKind::*;
    if let Some(kind) = classify_listed(type_name, obj) {
        return kind;
    }
    let id = || string(obj, "id");
    match type_name {
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
    use proptest::prelude::*;

    /// A JSON string literal as a stranger might write one: plain text, every escape JSON has
    /// (surrogate pairs too), and now and then a broken one or a raw control character.
    fn string_literal() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "\\PC{0,6}",
            1 => "[\\x00-\\x1f]",
            2 => prop::sample::select(vec![
                "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\u00E9",
                "\\ud83d\\ude42", "\\ud83d", "\\ude42", "\\ud83dx", "\\u12", "\\x", "\\", "\"",
            ]).prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..6).prop_map(|pieces| format!("\"{}\"", pieces.concat()))
    }

    proptest! {
        #[test]
        fn the_frame_scanner_reads_strings_as_serde_json(literal in string_literal()) {
            let payload = format!(r#"{{"type": {literal}, "k" : null}}"#);
            let scanned = FlatFrame::scan(&payload, &mut String::new()).map(|frame| frame.text("type").map(str::to_owned));
            let decoded = serde_json::from_str::<Value>(&payload).ok().map(|value| value["type"].as_str().map(str::to_owned));
            prop_assert_eq!(scanned, decoded, "{}", payload);
        }
    }

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
