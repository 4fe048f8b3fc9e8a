//! One turn of the simulated agent: it says what it will do, asks where the permission mode
//! wants it to, calls its tools against the account's simulated apps, remembers, writes a
//! report, and ends with metrics — every step an event in the run's stream.

use std::sync::Arc;
use std::time::Duration;

use m8tes_protocol::event::{EventKind, RunEvent, RunMetrics};
use m8tes_protocol::types::{Decision, JsonObject, PLAN_APPROVAL_HEADER, QUESTION_TOOL};
use serde_json::{json, Value};

use super::live::{GateAnswer, LiveRun, Stop};
use super::script::{self, Script, ToolUse};
use super::{app_data, files};
use crate::config::Speed;
use crate::model::{decision_name, stream_event, PermissionMode, RunStatus, WebhookEventName};
use crate::state::AppState;
use crate::store::runs::{self, Outcome, RunRow};
use crate::store::{gates, memories, permissions, StoreError};

/// The question of plan mode's gate (D14).
pub const PLAN_QUESTION: &str = "Do you approve this plan?";
pub const APPROVE: &str = "Approve";
pub const REJECT: &str = "Reject";

/// Why a turn did not reach its end.
enum Halt {
    /// Cancelled or the server stopping; the run's row says which.
    Stopped,
    Store(rusqlite::Error),
}

impl From<Stop> for Halt {
    fn from(_: Stop) -> Self {
        Halt::Stopped
    }
}

impl From<rusqlite::Error> for Halt {
    fn from(error: rusqlite::Error) -> Self {
        Halt::Store(error)
    }
}

/// How a turn that ran to its end came out.
enum Ending {
    Completed,
    Failed { error: String, code: String },
}

struct Turn {
    state: AppState,
    live: Arc<LiveRun>,
    run: RunRow,
    /// This turn's text, as its `text-delta`s carried it (D15).
    output: String,
    text_blocks: usize,
    deltas: usize,
    tool_calls: usize,
    slow: bool,
}

/// Runs one turn to its end and closes its streams. Never panics on bad data; a store failure
/// fails the run with a clear error.
pub async fn run_turn(state: AppState, live: Arc<LiveRun>, run: RunRow, message: String) {
    let mut turn = Turn {
        state: state.clone(),
        live: live.clone(),
        run,
        output: String::new(),
        text_blocks: 0,
        deltas: 0,
        tool_calls: 0,
        slow: false,
    };
    let result = turn.execute(&message).await;
    if let Err(error) = turn.close(result) {
        eprintln!("m8tes-local: run {}: could not record its end: {error}", live.run_id);
    }
    live.end();
    state.agents.forget(&live);
}

impl Turn {
    fn event(kind: EventKind) -> RunEvent {
        RunEvent::new(kind)
    }

    fn named(type_name: &'static str, fields: Value) -> RunEvent {
        let mut raw = match fields {
            Value::Object(map) => map,
            _ => JsonObject::new(),
        };
        raw.insert("type".into(), Value::from(type_name));
        RunEvent { kind: EventKind::Named { type_name }, raw }
    }

    fn delay(&self) -> Duration {
        if self.slow {
            return Duration::from_millis(1000);
        }
        match self.state.config.speed {
            Speed::Instant => Duration::ZERO,
            // 30–60 ms, varied but the same for the same turn.
            Speed::Realistic => Duration::from_millis(30 + (self.deltas as u64 * 17) % 31),
        }
    }

    async fn execute(&mut self, message: &str) -> Result<Ending, Halt> {
        let live = self.live.clone();
        live.emit(&Self::event(EventKind::Metadata {
            payload: json!({"run_id": live.run_id, "turn": live.turn})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        }))?;
        let script = script::plan(message, &self.run.settings.tools);
        self.slow = script.slow;
        let (memories, earlier) = {
            let conn = self.state.store.lock();
            let memories = match (&self.run.settings.user_id, self.run.settings.use_memory) {
                (Some(user), true) => memories::contents(&conn, live.account_id, user)?,
                _ => Vec::new(),
            };
            let earlier = if self.run.settings.use_history {
                runs::earlier_user_messages(&conn, live.run_id, live.turn)?
            } else {
                Vec::new()
            };
            (memories, earlier)
        };
        self.say(&opening(message, &script, &memories, &earlier, &self.run.settings.tools)).await?;
        if script.fail {
            return Ok(Ending::Failed {
                error: "Simulated failure: the message asked for simulate:failure".into(),
                code: "simulated_failure".into(),
            });
        }
        if self.current_mode()? == PermissionMode::Plan && !self.approve_plan(&script).await? {
            self.say("You rejected the plan, so I stopped without using any tools.").await?;
            return Ok(Ending::Completed);
        }
        let mut rows: Vec<Value> = Vec::new();
        for (index, call) in script.tools.iter().enumerate() {
            if !self.allowed(call).await? {
                self.say(&format!("You denied {}, so I skipped it.", call.app)).await?;
                continue;
            }
            let result = self.call_tool(call, index).await?;
            // A report is made of the richest result (the latest among equals).
            if !result.rows.is_empty() && result.rows.len() >= rows.len() {
                rows = result.rows.clone();
            }
            self.say(&result.summary).await?;
        }
        if let Some(fact) = &script.remember {
            let reply = self.remember(fact)?;
            self.say(&reply).await?;
        }
        if let Some(name) = script.file {
            let reply = self.write_report(name, rows, message)?;
            self.say(&reply).await?;
        }
        self.say("Done.").await?;
        Ok(Ending::Completed)
    }

    fn current_mode(&self) -> rusqlite::Result<PermissionMode> {
        runs::permission_mode(&self.state.store.lock(), self.live.run_id)
    }

    /// Streams `text` as one text block of small deltas; blocks after the first start on a
    /// new paragraph.
    async fn say(&mut self, text: &str) -> Result<(), Halt> {
        let id = format!("txt_{}_{}", self.live.turn, self.text_blocks + 1);
        self.text_blocks += 1;
        self.live.emit(&Self::event(EventKind::TextStart { id: Some(id.clone()) }))?;
        let text = if self.output.is_empty() { text.to_owned() } else { format!("\n\n{text}") };
        for delta in chunks(&text) {
            self.live.pause(self.delay()).await?;
            self.deltas += 1;
            self.output.push_str(&delta);
            self.live.emit(&Self::event(EventKind::TextDelta { id: Some(id.clone()), delta }))?;
        }
        self.live.emit(&Self::event(EventKind::TextEnd { id: Some(id) }))?;
        Ok(())
    }

    /// Plan mode: show the plan and ask "Plan Approval" (D14); whether it was approved.
    async fn approve_plan(&mut self, script: &Script) -> Result<bool, Halt> {
        let id = format!("plan_{}", self.live.turn);
        let steps: Vec<String> = if script.tools.is_empty() {
            vec!["Answer in text; no tools are needed.".into()]
        } else {
            script.tools.iter().map(|call| capitalised(&call.describe())).collect()
        };
        self.live.emit(&Self::event(EventKind::PlanStart { id: Some(id.clone()) }))?;
        for (n, step) in steps.iter().enumerate() {
            self.live.pause(self.delay()).await?;
            let delta = format!("{}. {step}\n", n + 1);
            self.live.emit(&Self::event(EventKind::PlanDelta { id: Some(id.clone()), delta }))?;
        }
        self.live.emit(&Self::event(EventKind::PlanEnd { id: Some(id) }))?;
        let input = json!({"questions": [{
            "question": PLAN_QUESTION,
            "header": PLAN_APPROVAL_HEADER,
            "options": [
                {"label": APPROVE, "description": format!("Go ahead: {}", steps.join(" "))},
                {"label": REJECT, "description": "Stop without using any tools"}
            ],
            "multiSelect": false
        }]});
        let answer = self.gate(QUESTION_TOOL, input).await?;
        Ok(answer == GateAnswer::Choice(APPROVE.into()))
    }

    /// Approval mode asks before each tool the end user has not pre-approved.
    async fn allowed(&mut self, call: &ToolUse) -> Result<bool, Halt> {
        let needs_gate = {
            let conn = self.state.store.lock();
            let mode = runs::permission_mode(&conn, self.live.run_id)?;
            let pre_approved = match &self.run.settings.user_id {
                Some(user) => {
                    permissions::is_pre_approved(&conn, self.live.account_id, user, call.app)?
                }
                None => false,
            };
            mode == PermissionMode::Approval && !pre_approved
        };
        if !needs_gate {
            return Ok(true);
        }
        let mut input = json!({"action": call.action});
        if let (Some(fields), Some(out)) = (call.input.as_object(), input.as_object_mut()) {
            out.extend(fields.clone());
        }
        Ok(self.gate(call.app, input).await? == GateAnswer::Allow)
    }

    /// Opens a gate, pauses the run on it, and returns the answer.
    async fn gate(&mut self, tool_name: &str, tool_input: Value) -> Result<GateAnswer, Halt> {
        let live = self.live.clone();
        let request_id = format!("perm_{:016x}", rand::random::<u64>());
        // Listen before anyone can learn the id, so an instant answer is never missed.
        let waiter = live.expect_gate(&request_id);
        {
            let conn = self.state.store.lock();
            gates::open(&conn, live.run_id, &request_id, tool_name, &tool_input)?;
            runs::transition(
                &conn,
                live.run_id,
                &[RunStatus::Running],
                RunStatus::AwaitingApproval,
            )?;
        }
        live.emit(&Self::named(
            stream_event::PERMISSION_REQUEST,
            json!({"request_id": request_id, "tool_name": tool_name, "tool_input": tool_input}),
        ))?;
        live.emit(&Self::named(
            stream_event::AWAITING_APPROVAL,
            json!({"request_id": request_id, "run_id": live.run_id}),
        ))?;
        self.state.outbound.publish_run(
            &self.state.store,
            live.run_id,
            WebhookEventName::RunAwaitingInput,
        );
        let answer = live.wait_gate(waiter).await?;
        runs::transition(
            &self.state.store.lock(),
            live.run_id,
            &[RunStatus::AwaitingApproval],
            RunStatus::Running,
        )?;
        let decision = match &answer {
            GateAnswer::Allow => decision_name(Decision::Allow).to_owned(),
            GateAnswer::Deny => decision_name(Decision::Deny).to_owned(),
            GateAnswer::Choice(label) => label.clone(),
        };
        live.emit(&Self::named(
            stream_event::PERMISSION_RESOLVED,
            json!({"request_id": request_id, "decision": decision}),
        ))?;
        Ok(answer)
    }

    async fn call_tool(
        &mut self,
        call: &ToolUse,
        index: usize,
    ) -> Result<app_data::ToolResult, Halt> {
        let live = self.live.clone();
        self.tool_calls += 1;
        let id = Some(format!("call_{}_{}_{}", live.run_id, live.turn, index + 1));
        live.emit(&Self::event(EventKind::ToolCallStart {
            tool_call_id: id.clone(),
            tool_name: Some(call.app.into()),
        }))?;
        let mut arguments = call.input.clone();
        if let Some(object) = arguments.as_object_mut() {
            object.insert("action".into(), Value::from(call.action));
        }
        for delta in halves(&arguments.to_string()) {
            live.pause(self.delay()).await?;
            live.emit(&Self::event(EventKind::ToolCallDelta { tool_call_id: id.clone(), delta }))?;
        }
        live.emit(&Self::event(EventKind::ToolCallEnd { tool_call_id: id.clone() }))?;
        live.pause(self.delay() * 3).await?;
        let result = app_data::run_tool(&self.state.store.lock(), live.account_id, call)?;
        live.emit(&Self::event(EventKind::ToolResultEnd {
            tool_call_id: id,
            result: result.result.clone(),
        }))?;
        Ok(result)
    }

    fn remember(&self, fact: &str) -> rusqlite::Result<String> {
        let Some(user) =
            self.run.settings.user_id.as_deref().filter(|_| self.run.settings.use_memory)
        else {
            return Ok(format!(
                "I can't remember \"{fact}\": memories belong to an end user, and this run has no user_id (or memory is off)."
            ));
        };
        // The same rules as `POST /memories`: a fact too long to keep is said, not stored.
        let fact = match memories::checked_content(user, fact) {
            Ok(fact) => fact,
            Err(StoreError::Invalid(refused)) => {
                return Ok(format!("I can't remember that: {refused}."))
            }
            Err(StoreError::NotFound(what)) => {
                return Ok(format!("I can't remember that: {what} not found."))
            }
            Err(StoreError::Sqlite(error)) => return Err(error),
        };
        let conn = self.state.store.lock();
        let added = memories::insert(&conn, self.live.account_id, user, fact, "agent")?.is_some();
        Ok(if added {
            format!("I'll remember that {fact}.")
        } else {
            format!("I already remember that {fact}.")
        })
    }

    fn write_report(
        &self,
        name: &str,
        rows: Vec<Value>,
        message: &str,
    ) -> rusqlite::Result<String> {
        let rows = if rows.is_empty() {
            vec![json!({"request": script::gist(message, 200), "tools_used": self.tool_calls})]
        } else {
            rows
        };
        let csv = app_data::csv(&rows);
        let conn = self.state.store.lock();
        let written = files::write(
            &conn,
            self.state.config.data_dir.as_deref(),
            self.live.run_id,
            name,
            "text/csv",
            csv.as_bytes(),
        );
        Ok(match written {
            Ok(()) => {
                let count = rows.len();
                let plural = if count == 1 { "row" } else { "rows" };
                format!("I wrote {name} ({count} {plural}); it is in this run's files.")
            }
            Err(error) => {
                eprintln!("m8tes-local: run {}: cannot write {name}: {error}", self.live.run_id);
                format!("I could not write {name}: the server could not store it.")
            }
        })
    }

    fn metrics(&self) -> (Outcome, RunMetrics) {
        let message_tokens = 40 + self.output.len() as u64 / 8;
        let output_tokens = 1 + self.output.len() as u64 / 4;
        let cost = message_tokens as f64 * 0.000003 + output_tokens as f64 * 0.000015;
        // Simulated time: what the turn takes at realistic speed, so the same input always
        // reports the same figures.
        let execution_ms = self.deltas as u64 * 45 + self.tool_calls as u64 * 400;
        let outcome = Outcome {
            status: RunStatus::Completed,
            output: self.output.clone(),
            input_tokens: message_tokens,
            output_tokens,
            cost_usd: format!("{cost:.6}"),
            duration_ms: execution_ms,
            error: None,
            error_code: None,
        };
        let metrics = RunMetrics {
            execution_time_ms: Some(execution_ms as f64),
            input_tokens_used: Some(message_tokens as f64),
            output_tokens_used: Some(output_tokens as f64),
            claude_token_cost_usd: Some((cost * 1e6).round() / 1e6),
            stop_reason: Some("end_turn".into()),
            completion_state: Some("complete".into()),
            unresolved_tool_use_ids: Vec::new(),
        };
        (outcome, metrics)
    }

    /// Records how the turn ended and sends its last events. Status first, then the events,
    /// so a client that saw the stream end reads the final status.
    fn close(&mut self, result: Result<Ending, Halt>) -> rusqlite::Result<()> {
        let run_id = self.live.run_id;
        let (mut outcome, metrics) = self.metrics();
        let db = self.state.store.clone();
        match result {
            Ok(ending) => {
                if let Ending::Failed { error, code } = &ending {
                    outcome.status = RunStatus::Failed;
                    outcome.error = Some(error.clone());
                    outcome.error_code = Some(code.clone());
                }
                if runs::finish(&db.lock(), run_id, &outcome)? {
                    match ending {
                        Ending::Completed => {
                            self.live.emit(&Self::event(EventKind::RunMetrics(metrics)))?;
                            self.state.outbound.publish_run(
                                &db,
                                run_id,
                                WebhookEventName::RunCompleted,
                            );
                        }
                        Ending::Failed { error, code } => {
                            self.live.emit(&Self::event(EventKind::Error {
                                error,
                                error_code: Some(code),
                            }))?;
                            self.state.outbound.publish_run(
                                &db,
                                run_id,
                                WebhookEventName::RunFailed,
                            );
                        }
                    }
                    return self.live.emit_done();
                }
                // Something else ended the run first (a cancel, the server stopping).
                self.close_stopped()
            }
            Err(Halt::Stopped) => self.close_stopped(),
            Err(Halt::Store(error)) => {
                eprintln!("m8tes-local: run {run_id}: store failure: {error}");
                let message = "the local store failed during the run; see the server log";
                runs::fail(&db.lock(), run_id, message, "store_error")?;
                self.state.outbound.publish_run(&db, run_id, WebhookEventName::RunFailed);
                self.live.emit(&Self::event(EventKind::Error {
                    error: message.into(),
                    error_code: Some("store_error".into()),
                }))?;
                self.live.emit_done()
            }
        }
    }

    /// The run was cancelled or failed from outside; the stream says which.
    fn close_stopped(&mut self) -> rusqlite::Result<()> {
        let run_id = self.live.run_id;
        let row = {
            let conn = self.state.store.lock();
            runs::set_partial_output(&conn, run_id, &self.output)?;
            runs::get(&conn, run_id)?
        };
        match row {
            Some(row) if row.status == RunStatus::Cancelled => {
                self.live.emit(&Self::named(stream_event::CANCELLED, json!({"run_id": run_id})))
            }
            Some(row) => {
                self.live.emit(&Self::event(EventKind::Error {
                    error: row.error.unwrap_or_else(|| runs::STOPPED_ERROR.into()),
                    error_code: row.error_code,
                }))?;
                self.live.emit_done()
            }
            None => Ok(()),
        }
    }
}

/// The turn's first words: what it remembers, what it was asked, what it will do.
fn opening(
    message: &str,
    script: &Script,
    memories: &[String],
    earlier: &[String],
    granted: &[String],
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(previous) = earlier.last() {
        parts.push(format!("Following up on \"{}\".", script::gist(previous, 60)));
    }
    if !memories.is_empty() {
        let facts: Vec<&str> = memories.iter().map(|m| m.trim_end_matches(['.', ' '])).collect();
        parts.push(format!("I remember that {}.", facts.join("; ")));
    }
    if script.tools.is_empty() {
        parts.push(format!("You asked: \"{}\".", script::gist(message, 120)));
        if granted.is_empty() && script.missing.is_empty() {
            parts.push("I have no tools in this run, so I'll answer in text.".into());
        }
    } else {
        let steps: Vec<String> = script.tools.iter().map(ToolUse::describe).collect();
        parts.push(format!("Here's my plan: {}.", steps.join(", then ")));
    }
    for app in &script.missing {
        parts.push(format!("I'd use {app} for this, but it isn't one of my tools here."));
    }
    parts.join(" ")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Small deltas: about three words each, spaces kept, so the pieces concatenate to `text`.
fn chunks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut words = 0;
    for piece in text.split_inclusive(' ') {
        current.push_str(piece);
        words += 1;
        if words == 3 {
            out.push(std::mem::take(&mut current));
            words = 0;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A tool's JSON arguments in two deltas, cut on a character boundary.
fn halves(text: &str) -> Vec<String> {
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle += 1;
    }
    let (a, b) = text.split_at(middle);
    [a, b].into_iter().filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_concatenate_to_the_text() {
        let text = "Here's my plan: check your inbox, then post to #general.\n\nDone.";
        assert_eq!(chunks(text).concat(), text);
        assert!(chunks(text).len() > 3);
    }

    #[test]
    fn halves_respect_utf8() {
        let text = "{\"t\":\"café ☕☕\"}";
        assert_eq!(halves(text).concat(), text);
    }
}
