//! One turn of the simulated agent: it says what it will do, asks where the permission mode
//! wants it to, calls its tools against the account's simulated apps, remembers, writes a
//! report, and ends with metrics — every step an event in the run's stream.

use std::sync::Arc;
use std::time::Duration;

use m8tes_protocol::event::{EventKind, RunEvent};
use m8tes_protocol::types::JsonObject;
use serde_json::{json, Value};

use super::app_data;
use super::live::{LiveRun, Stop};
use super::script::{self, ToolUse};
use super::speech::{chunks, halves, opening};
use crate::store::app_records::Owner;
use crate::store::run_files as files;
mod close;
mod gate;

use super::Agents;
use crate::config::Speed;
use crate::model::PermissionMode;
use crate::store::runs::{self, RunRow};
use crate::store::{memories, users, StoreError};

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
    agents: Arc<Agents>,
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
pub async fn run_turn(agents: Arc<Agents>, live: Arc<LiveRun>, run: RunRow, message: String) {
    let mut turn = Turn {
        agents: agents.clone(),
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
        tracing::warn!("run {}: could not record its end: {error}", live.run_id);
    }
    live.end();
    agents.forget(&live);
    if let Err(error) = super::queue::deliver_next(&agents, live.run_id) {
        eprintln!("m8tes-local: run {}: could not start its queued reply: {error}", live.run_id);
    }
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
        match self.agents.speed {
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
        let (memories, previous) = {
            let conn = self.agents.store.lock();
            let memories = match (&self.run.settings.user_id, self.run.settings.use_memory) {
                // A run without a user recalls the account-level memories (SDK 4.49).
                (user, true) => {
                    memories::contents(&conn, live.account_id, users::scope(user.as_deref()))?
                }
                _ => Vec::new(),
            };
            let previous = if self.run.settings.use_history {
                runs::previous_user_message(&conn, live.run_id, live.turn)?
            } else {
                None
            };
            (memories, previous)
        };
        self.say(&opening(
            message,
            &script,
            &memories,
            previous.as_deref(),
            &self.run.settings.tools,
        ))
        .await?;
        let attached = self.attached_files()?;
        if !attached.is_empty() {
            self.say(&format!("I can see the attached files: {}.", attached.join(", "))).await?;
        }
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

    /// The files a run was created with (`POST /runs/with-files`), as its first turn sees
    /// them: "name (size bytes)".
    fn attached_files(&self) -> rusqlite::Result<Vec<String>> {
        if self.live.turn != 1 {
            return Ok(Vec::new());
        }
        let listed = files::list(&self.agents.store.lock(), self.live.run_id)?;
        Ok(listed.into_iter().map(|(name, size)| format!("{name} ({size} bytes)")).collect())
    }

    fn current_mode(&self) -> rusqlite::Result<PermissionMode> {
        runs::permission_mode(&self.agents.store.lock(), self.live.run_id)
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
        // Each end user has their own simulated apps: one's run never sees what another's posted.
        let owner = Owner {
            account_id: live.account_id,
            end_user: self.run.settings.user_id.as_deref().unwrap_or(""),
        };
        let result = {
            let conn = self.agents.store.lock();
            runs::count_tool_call(&conn, live.run_id)?;
            app_data::run_tool(&conn, owner, call)?
        };
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
        let conn = self.agents.store.lock();
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
        let conn = self.agents.store.lock();
        let written = files::write(
            &conn,
            self.agents.data_dir.as_deref(),
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
                tracing::warn!("run {}: cannot write {name}: {error}", self.live.run_id);
                format!("I could not write {name}: the server could not store it.")
            }
        })
    }
}
