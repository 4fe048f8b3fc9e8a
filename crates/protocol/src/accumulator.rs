//! What a stream adds up to (wire.md §4.3, §9.7): text, reasoning, plan, tool calls, todos,
//! errors, usage and the run id, folded one event at a time.

use serde_json::Value;

use crate::event::{EventKind, RunEvent};
use crate::types::JsonObject;

/// What one event adds to the text, reasoning, plan and tool calls, borrowed from the event (or
/// from its frame's text, which the JS handle's reader folds without building the event). A
/// missing tool call id adds nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fold<'a> {
    Text(&'a str),
    Reasoning(&'a str),
    /// A reasoning or thinking block starts or ends.
    ReasoningBreak,
    Plan(&'a str),
    PlanBreak,
    ToolCallStart {
        id: Option<&'a str>,
        name: Option<&'a str>,
    },
    ToolCallDelta {
        id: Option<&'a str>,
        delta: &'a str,
    },
    ToolCallEnd {
        id: Option<&'a str>,
    },
    ToolResultDelta {
        id: Option<&'a str>,
        delta: &'a str,
    },
    Nothing,
}

/// One tool call as the stream has told it so far.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    pub id: String,
    pub name: Option<String>,
    /// The JSON argument text, concatenated from `tool-call-delta`s.
    pub arguments: String,
    pub result: Value,
    pub completed: bool,
    result_chunks: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StreamAccumulator {
    pub text: String,
    pub reasoning: String,
    pub plan: String,
    /// In the order their first event arrived.
    pub tool_calls: Vec<ToolCall>,
    /// The latest `todo-update` list.
    pub todos: Vec<JsonObject>,
    /// `error` frames and terminal-failure frames, as their messages (§9.7).
    pub errors: Vec<String>,
    pub metadata: Vec<JsonObject>,
    pub usage: Option<JsonObject>,
    pub run_id: Option<i64>,
    pub done: bool,
    /// Positions in `tool_calls`, sorted by id (see `tool_call_index`); kept by
    /// `tool_call_entry`, the one place a call is added.
    by_id: Vec<usize>,
}

impl StreamAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn tool_call(&self, id: &str) -> Option<&ToolCall> {
        self.tool_call_index(id).map(|at| &self.tool_calls[at])
    }

    /// Forgets everything, as a rejoin does before the server replays the history (§9.7).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    pub fn apply(&mut self, event: &RunEvent) {
        use EventKind::*;
        let id = Option::as_deref;
        self.fold(match &event.kind {
            TextDelta { delta, .. } => Fold::Text(delta),
            ReasoningStart { .. }
            | ReasoningEnd { .. }
            | ThinkingStart { .. }
            | ThinkingEnd { .. } => Fold::ReasoningBreak,
            ReasoningDelta { delta, .. } | ThinkingDelta { delta, .. } => Fold::Reasoning(delta),
            PlanStart { .. } | PlanEnd { .. } => Fold::PlanBreak,
            PlanDelta { delta, .. } => Fold::Plan(delta),
            ToolCallStart { tool_call_id, tool_name } => {
                Fold::ToolCallStart { id: id(tool_call_id), name: id(tool_name) }
            }
            ToolCallDelta { tool_call_id, delta } => {
                Fold::ToolCallDelta { id: id(tool_call_id), delta }
            }
            ToolCallEnd { tool_call_id } => Fold::ToolCallEnd { id: id(tool_call_id) },
            ToolResultDelta { tool_call_id, delta } => {
                Fold::ToolResultDelta { id: id(tool_call_id), delta }
            }
            ToolResultEnd { tool_call_id: Some(id), result } => {
                self.tool_result(id, result.clone());
                return;
            }
            TodoUpdate { todos, .. } => {
                self.todos = todos.clone();
                return;
            }
            Metadata { payload } => {
                if let Some(Value::Object(usage)) = payload.get("usage") {
                    self.usage = Some(usage.clone());
                }
                if self.run_id.is_none() {
                    self.run_id = event.run_id();
                }
                self.metadata.push(payload.clone());
                return;
            }
            Error { error, .. } => {
                self.errors.push(error.clone());
                return;
            }
            TerminalFailure { message, .. } => {
                self.errors.push(message.clone());
                return;
            }
            Done { .. } | Named { type_name: "cancelled" } => {
                self.done = true;
                return;
            }
            _ => Fold::Nothing,
        })
    }

    /// A `tool-result-end` of the call `id`: its result, or the text of its result deltas when
    /// the result is `null`. The JS handle's reader hands over a result it read for this alone
    /// ([`RunEvent::read_frame_in`]); [`StreamAccumulator::apply`] a copy of the event's.
    ///
    /// [`RunEvent::read_frame_in`]: crate::RunEvent::read_frame_in
    pub fn tool_result(&mut self, id: &str, result: Value) {
        let call = self.tool_call_entry(id);
        call.result = if result.is_null() && !call.result_chunks.is_empty() {
            Value::String(call.result_chunks.clone())
        } else {
            result
        };
        call.completed = true;
    }

    /// Adds what one event of text and ids says: from [`StreamAccumulator::apply`], or straight
    /// from a frame already in the wire form ([`RunEvent::read_frame_in`]).
    pub fn fold(&mut self, fold: Fold<'_>) {
        match fold {
            Fold::Text(delta) => self.text.push_str(delta),
            Fold::Reasoning(delta) => self.reasoning.push_str(delta),
            Fold::ReasoningBreak => end_with_newline(&mut self.reasoning),
            Fold::Plan(delta) => self.plan.push_str(delta),
            Fold::PlanBreak => end_with_newline(&mut self.plan),
            Fold::ToolCallStart { id: Some(id), name } => {
                self.tool_call_entry(id).name = name.map(str::to_owned)
            }
            Fold::ToolCallDelta { id: Some(id), delta } => {
                // Only a call whose start was seen takes argument text (wire.md §4.3).
                if let Some(index) = self.tool_call_index(id) {
                    self.tool_calls[index].arguments.push_str(delta);
                }
            }
            Fold::ToolCallEnd { id: Some(id) } => self.tool_call_entry(id).completed = true,
            Fold::ToolResultDelta { id: Some(id), delta } => {
                self.tool_call_entry(id).result_chunks.push_str(delta)
            }
            _ => {}
        }
    }

    /// The position in `tool_calls` of the call `id`. A call's events follow its start, so the
    /// newest call is tried first; then the index by id, which keeps a run of thousands of
    /// calls from scanning them all for each new one (a sorted list of positions: a hash map
    /// costs the npm wasm more code, issue 9).
    fn tool_call_index(&self, id: &str) -> Option<usize> {
        match self.tool_calls.last() {
            Some(last) if last.id == id => Some(self.tool_calls.len() - 1),
            _ => {
                let found =
                    self.by_id.binary_search_by(|&at| self.tool_calls[at].id.as_str().cmp(id));
                found.ok().map(|sorted| self.by_id[sorted])
            }
        }
    }

    fn tool_call_entry(&mut self, id: &str) -> &mut ToolCall {
        let index = match self.tool_call_index(id) {
            Some(index) => index,
            None => {
                let at = self.by_id.partition_point(|&at| self.tool_calls[at].id.as_str() < id);
                self.by_id.insert(at, self.tool_calls.len());
                self.tool_calls.push(ToolCall {
                    id: id.to_owned(),
                    name: None,
                    arguments: String::new(),
                    result: Value::Null,
                    completed: false,
                    result_chunks: String::new(),
                });
                self.tool_calls.len() - 1
            }
        };
        &mut self.tool_calls[index]
    }
}

fn end_with_newline(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(payloads: &[&str]) -> StreamAccumulator {
        let mut acc = StreamAccumulator::new();
        for payload in payloads {
            if let Some(event) = RunEvent::from_payload(payload) {
                acc.apply(&event);
            }
        }
        acc
    }

    #[test]
    fn text_and_tool_calls_add_up() {
        let acc = fold(&[
            r#"{"type":"metadata","payload":{"run_id":42,"usage":{"input_tokens":3}}}"#,
            r#"{"type":"text-delta","delta":"Hello"}"#,
            r#"{"type":"tool-call-start","toolCallId":"t1","toolName":"gmail"}"#,
            r#"{"type":"tool-call-delta","toolCallId":"t1","delta":"{\"q\":"}"#,
            r#"{"type":"tool-call-delta","toolCallId":"t1","delta":"1}"}"#,
            r#"{"type":"tool-call-end","toolCallId":"t1"}"#,
            r#"{"type":"tool-result-end","toolCallId":"t1","result":{"n":3}}"#,
            r#"{"type":"text-delta","delta":" world"}"#,
            r#"{"type":"done"}"#,
        ]);
        assert_eq!(acc.text, "Hello world");
        assert_eq!(acc.run_id, Some(42));
        assert_eq!(acc.usage.as_ref().unwrap()["input_tokens"], 3);
        let call = &acc.tool_calls[0];
        assert_eq!(call.name.as_deref(), Some("gmail"));
        assert_eq!(call.arguments, r#"{"q":1}"#);
        assert_eq!(call.result["n"], 3);
        assert!(call.completed && acc.done && !acc.has_errors());
    }

    #[test]
    fn deltas_before_a_start_are_not_arguments() {
        let acc = fold(&[r#"{"type":"tool-call-delta","toolCallId":"t9","delta":"x"}"#]);
        assert!(acc.tool_calls.is_empty());
    }

    #[test]
    fn result_chunks_stand_in_for_a_null_result() {
        let acc = fold(&[
            r#"{"type":"tool-result-delta","toolCallId":"t1","delta":"ab"}"#,
            r#"{"type":"tool-result-delta","toolCallId":"t1","delta":"c"}"#,
            r#"{"type":"tool-result-end","toolCallId":"t1"}"#,
        ]);
        assert_eq!(acc.tool_calls[0].result, Value::from("abc"));
    }

    #[test]
    fn reasoning_blocks_are_separated_by_newlines() {
        let acc = fold(&[
            r#"{"type":"reasoning-start"}"#,
            r#"{"type":"reasoning-delta","delta":"one"}"#,
            r#"{"type":"reasoning-end"}"#,
            r#"{"type":"thinking-start"}"#,
            r#"{"type":"thinking-delta","text":"two"}"#,
        ]);
        assert_eq!(acc.reasoning, "one\ntwo");
    }

    #[test]
    fn failures_are_counted_as_errors() {
        let acc = fold(&[
            r#"{"type":"error","error":"boom"}"#,
            r#"{"type":"SANDBOX_UNAVAILABLE","message":"no sandbox"}"#,
            r#"{"type":"sdk_error"}"#,
            r#"{"type":"mcp_error","error":"not fatal"}"#,
        ]);
        assert_eq!(
            acc.errors,
            vec!["boom", "SANDBOX_UNAVAILABLE: no sandbox", "sdk_error: sdk_error"]
        );
    }
    #[test]
    fn many_tool_calls_keep_their_order_and_each_its_own_events() {
        let ids: Vec<String> = (0..2_000).map(|n| format!("toolu_{n}")).collect();
        let mut acc = StreamAccumulator::new();
        for id in &ids {
            for payload in [
                format!(r#"{{"type":"tool-call-start","toolCallId":"{id}","toolName":"x"}}"#),
                format!(r#"{{"type":"tool-call-delta","toolCallId":"{id}","delta":"{id}"}}"#),
            ] {
                acc.apply(&RunEvent::from_payload(&payload).unwrap());
            }
        }
        let late = r#"{"type":"tool-call-delta","toolCallId":"toolu_7","delta":"!"}"#;
        acc.apply(&RunEvent::from_payload(late).unwrap());
        assert_eq!(acc.tool_calls.len(), ids.len());
        assert!(acc.tool_calls.iter().zip(&ids).all(|(call, id)| &call.id == id));
        assert_eq!(acc.tool_call("toolu_7").unwrap().arguments, "toolu_7!");
        assert_eq!(acc.tool_call("toolu_1999").unwrap().arguments, "toolu_1999");
        acc.reset();
        assert!(acc.tool_call("toolu_7").is_none());
    }
}
