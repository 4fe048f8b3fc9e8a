//! A run as the page shows it, folded one event at a time: the transcript (your messages, the
//! agent's text, tool calls, errors) in arrival order, its status, gates, files and metrics.
//! Each text block and tool card has its own signal, so a delta redraws one node, not the page.
//! Those are reference-counted (`ArcRwSignal`): they are made inside stream tasks, where no
//! reactive owner exists to keep arena signals alive.

use leptos::prelude::*;
use m8tes_protocol::event::RunMetrics;
use m8tes_protocol::types::{PermissionRequest, Run, RunFile};
use m8tes_protocol::{EventKind, RunEvent};
use serde_json::Value;

use crate::run::indented::indented;

#[derive(Clone, Copy)]
pub struct LiveRun {
    pub run_id: RwSignal<Option<i64>>,
    pub status: RwSignal<String>,
    pub blocks: RwSignal<Vec<Block>>,
    pub gates: RwSignal<Vec<PermissionRequest>>,
    pub files: RwSignal<Vec<RunFile>>,
    pub metrics: RwSignal<Metrics>,
    /// A stream is being read right now.
    pub streaming: RwSignal<bool>,
    /// Why the live connection or a call failed, as a sentence.
    pub problem: RwSignal<Option<String>>,
    /// Where the run stands for Retry and Archive, as the last read of the run says.
    pub marks: RwSignal<RunMarks>,
    next_key: StoredValue<usize>,
}

#[derive(Clone)]
pub struct Block {
    pub key: usize,
    /// When the page saw it start, in milliseconds of the browser's clock.
    pub at: f64,
    pub body: BlockBody,
}

#[derive(Clone)]
pub enum BlockBody {
    /// What you sent: the first message or a reply.
    Message(String),
    /// Agent text, growing as deltas arrive.
    Text(ArcRwSignal<String>),
    /// The agent's reasoning (or thinking), shown collapsed.
    Reasoning(ArcRwSignal<String>),
    Tool(ArcRwSignal<ToolCard>),
    /// The plan a plan-mode run proposes before it asks for approval.
    Plan(ArcRwSignal<String>),
    Error(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ToolCard {
    pub id: String,
    pub name: String,
    pub arguments: String,
    pub result: Option<String>,
    pub completed: bool,
    /// When the call started and its result ended, by the page's clock.
    pub started_at: f64,
    pub finished_at: Option<f64>,
}

/// What the run page's Retry and Archive buttons need to know (SDK 4.49's run fields).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunMarks {
    pub archived: bool,
    /// `None` from a server that does not say; then the status decides.
    pub retryable: Option<bool>,
    /// A retry may repeat what the run already did (sent a message, changed data).
    pub repeats_actions: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    pub duration_ms: Option<f64>,
    pub input_tokens: Option<f64>,
    pub output_tokens: Option<f64>,
    pub cost_usd: Option<String>,
}

/// What the page must do after an event, beyond redrawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    None,
    /// The run paused on a gate: list its pending permission requests.
    LoadGates,
}

impl LiveRun {
    pub fn new(run_id: Option<i64>) -> LiveRun {
        LiveRun {
            run_id: RwSignal::new(run_id),
            status: RwSignal::new(String::from("running")),
            blocks: RwSignal::new(Vec::new()),
            gates: RwSignal::new(Vec::new()),
            files: RwSignal::new(Vec::new()),
            metrics: RwSignal::new(Metrics::default()),
            streaming: RwSignal::new(false),
            problem: RwSignal::new(None),
            marks: RwSignal::new(RunMarks::default()),
            next_key: StoredValue::new(0),
        }
    }

    fn push(&self, body: BlockBody) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.blocks.update(|blocks| blocks.push(Block { key, at: now_ms(), body }));
    }

    pub fn push_message(&self, text: String) {
        self.push(BlockBody::Message(text));
    }

    /// Forgets the transcript, as a rejoin must: the server replays the whole history.
    pub fn clear_transcript(&self) {
        self.blocks.set(Vec::new());
    }

    pub fn is_terminal(&self) -> bool {
        self.status.with(|s| m8tes_protocol::types::is_terminal_status(s))
    }

    pub fn apply(&self, event: &RunEvent) -> FollowUp {
        match &event.kind {
            EventKind::TextDelta { delta, .. } => self.append_text(delta),
            EventKind::ReasoningDelta { delta, .. } | EventKind::ThinkingDelta { delta, .. } => {
                self.append_reasoning(delta)
            }
            EventKind::PlanStart { .. } => {
                self.push(BlockBody::Plan(ArcRwSignal::new(String::new())))
            }
            EventKind::PlanDelta { delta, .. } => {
                let plan = self.blocks.with_untracked(|blocks| {
                    blocks.iter().rev().find_map(|block| match &block.body {
                        BlockBody::Plan(plan) => Some(plan.clone()),
                        _ => None,
                    })
                });
                match plan {
                    Some(plan) => plan.update(|p| p.push_str(delta)),
                    None => self.push(BlockBody::Plan(ArcRwSignal::new(delta.clone()))),
                }
            }
            EventKind::ToolCallStart { tool_call_id, tool_name } => {
                let card = ToolCard {
                    id: tool_call_id.clone().unwrap_or_default(),
                    name: tool_name.clone().unwrap_or_else(|| "tool".into()),
                    started_at: now_ms(),
                    ..Default::default()
                };
                self.push(BlockBody::Tool(ArcRwSignal::new(card)));
            }
            EventKind::ToolCallDelta { tool_call_id, delta } => {
                self.with_tool(tool_call_id, |card| card.arguments.push_str(delta))
            }
            EventKind::ToolCallEnd { tool_call_id } => {
                self.with_tool(tool_call_id, |card| card.completed = true)
            }
            EventKind::ToolResultDelta { tool_call_id, delta } => self
                .with_tool(tool_call_id, |card| {
                    card.result.get_or_insert_with(String::new).push_str(delta)
                }),
            EventKind::ToolResultEnd { tool_call_id, result } => {
                self.with_tool(tool_call_id, |card| {
                    if !result.is_null() || card.result.is_none() {
                        card.result = Some(readable(result));
                    }
                    card.completed = true;
                    card.finished_at = Some(now_ms());
                })
            }
            EventKind::Metadata { .. } => {
                if let Some(id) = event.run_id() {
                    self.run_id.set(Some(id));
                }
            }
            EventKind::RunMetrics(metrics) => self.metrics.update(|m| m.absorb(metrics)),
            EventKind::Error { error, .. } => self.push(BlockBody::Error(error.clone())),
            EventKind::TerminalFailure { message, .. } => {
                self.push(BlockBody::Error(message.clone()));
                self.status.set("failed".into());
            }
            EventKind::Named { type_name: "permission_request" | "awaiting_approval" } => {
                self.status.set("awaiting_approval".into());
                return FollowUp::LoadGates;
            }
            EventKind::Named { type_name: "permission_resolved" } => {
                self.status.set("running".into());
                return FollowUp::LoadGates;
            }
            // The end of a run needs nothing more here: when its stream ends, `follow` reads
            // the final run, files and gates.
            EventKind::Named { type_name: "cancelled" } => self.status.set("cancelled".into()),
            _ => {}
        }
        FollowUp::None
    }

    fn append_text(&self, delta: &str) {
        let last = self.blocks.with_untracked(|blocks| match blocks.last() {
            Some(Block { body: BlockBody::Text(text), .. }) => Some(text.clone()),
            _ => None,
        });
        match last {
            Some(text) => text.update(|t| t.push_str(delta)),
            None => self.push(BlockBody::Text(ArcRwSignal::new(delta.to_owned()))),
        }
    }

    fn append_reasoning(&self, delta: &str) {
        let last = self.blocks.with_untracked(|blocks| match blocks.last() {
            Some(Block { body: BlockBody::Reasoning(text), .. }) => Some(text.clone()),
            _ => None,
        });
        match last {
            Some(text) => text.update(|t| t.push_str(delta)),
            None => self.push(BlockBody::Reasoning(ArcRwSignal::new(delta.to_owned()))),
        }
    }

    fn with_tool(&self, id: &Option<String>, change: impl FnOnce(&mut ToolCard)) {
        let Some(id) = id else { return };
        let card = self.blocks.with_untracked(|blocks| {
            blocks.iter().rev().find_map(|block| match &block.body {
                BlockBody::Tool(card) if card.with_untracked(|c| &c.id == id) => Some(card.clone()),
                _ => None,
            })
        });
        if let Some(card) = card {
            card.update(change);
        }
    }

    /// Takes what the run object says once it is read: status, error, usage, and for a run
    /// seen only after the fact, its output.
    pub fn absorb_run(&self, run: &Run, show_output: bool) {
        if let Some(status) = &run.status {
            self.status.set(status.clone());
        }
        self.marks.set(RunMarks {
            archived: run.later.archived == Some(true),
            retryable: run.later.retryable,
            repeats_actions: run.later.repeats_actions == Some(true),
        });
        if show_output {
            if let Some(output) = run.output.clone().filter(|o| !o.is_empty()) {
                self.push(BlockBody::Text(ArcRwSignal::new(output)));
            }
        }
        if let Some(error) = &run.error {
            let already = self.blocks.with_untracked(|blocks| {
                blocks.iter().any(|b| matches!(&b.body, BlockBody::Error(e) if e == error))
            });
            if !already {
                self.push(BlockBody::Error(error.clone()));
            }
        }
        self.metrics.update(|m| {
            if let Some(usage) = &run.usage {
                m.input_tokens = m.input_tokens.or(usage.input_tokens.map(|n| n as f64));
                m.output_tokens = m.output_tokens.or(usage.output_tokens.map(|n| n as f64));
                m.duration_ms = m.duration_ms.or(usage.duration_ms.map(|n| n as f64));
                m.cost_usd = m.cost_usd.clone().or(usage.cost_usd.clone());
            }
            if m.duration_ms.is_none() && run.is_terminal() {
                m.duration_ms = span_ms(run.created_at.as_deref(), run.updated_at.as_deref());
            }
        });
    }
}

impl Metrics {
    fn absorb(&mut self, metrics: &RunMetrics) {
        self.duration_ms = metrics.execution_time_ms.or(self.duration_ms);
        self.input_tokens = metrics.input_tokens_used.or(self.input_tokens);
        self.output_tokens = metrics.output_tokens_used.or(self.output_tokens);
        if let Some(cost) = metrics.claude_token_cost_usd {
            // Four decimals by integer arithmetic: float formatting costs wasm size.
            let units = (cost * 10_000.0).round() as u64;
            self.cost_usd = Some(format!("{}.{:04}", units / 10_000, units % 10_000));
        }
    }
}

/// A tool result as text: strings as they are, anything else as indented JSON.
fn readable(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => indented(other),
    }
}

/// The browser's clock, in milliseconds; native unit tests have none and read 0.
pub fn now_ms() -> f64 {
    if cfg!(target_arch = "wasm32") {
        js_sys::Date::now()
    } else {
        0.0
    }
}

/// Milliseconds between two ISO-8601 times, by the browser's own parser.
fn span_ms(from: Option<&str>, to: Option<&str>) -> Option<f64> {
    let parse = |text: &str| js_sys::Date::parse(text);
    let (start, end) = (parse(from?), parse(to?));
    (start.is_finite() && end.is_finite() && end >= start).then_some(end - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind) -> RunEvent {
        RunEvent::new(kind)
    }

    #[test]
    fn reasoning_gathers_into_its_own_block_apart_from_the_text() {
        let live = LiveRun::new(Some(1));
        for delta in ["Let me ", "think."] {
            live.apply(&event(EventKind::ReasoningDelta { id: None, delta: delta.into() }));
        }
        live.apply(&event(EventKind::ThinkingDelta { id: None, delta: " More.".into() }));
        live.apply(&event(EventKind::TextDelta { id: None, delta: "**Done.**".into() }));
        let blocks = live.blocks.get_untracked();
        assert_eq!(blocks.len(), 2);
        match (&blocks[0].body, &blocks[1].body) {
            (BlockBody::Reasoning(reasoning), BlockBody::Text(text)) => {
                assert_eq!(reasoning.get_untracked(), "Let me think. More.");
                assert_eq!(text.get_untracked(), "**Done.**");
            }
            _ => panic!("a reasoning block, then a text block"),
        }
    }

    #[test]
    fn a_tool_card_keeps_when_it_started_and_finished() {
        let live = LiveRun::new(Some(1));
        let id = Some("call_1".to_owned());
        live.apply(&event(EventKind::ToolCallStart {
            tool_call_id: id.clone(),
            tool_name: Some("gmail".into()),
        }));
        live.apply(&event(EventKind::ToolResultEnd {
            tool_call_id: id,
            result: serde_json::json!({"ok": true}),
        }));
        let blocks = live.blocks.get_untracked();
        let BlockBody::Tool(card) = &blocks[0].body else { panic!("a tool card") };
        let card = card.get_untracked();
        assert!(card.completed);
        assert_eq!(card.finished_at, Some(card.started_at), "the native test clock reads 0");
        assert!(card.result.is_some_and(|r| r.contains("\"ok\": true")));
    }
}
