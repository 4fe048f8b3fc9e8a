//! Making a run and starting its first turn, for every way one begins: `POST /runs/`, a
//! task run, an inbound webhook or email, a schedule firing.

use std::sync::Arc;

use m8tes_protocol::types::{JsonObject, RunCreate, TeammateCreate};
use rusqlite::Connection;
use serde_json::Value;

use super::lessons;
use super::live::LiveRun;
use super::Agents;
use super::Stopping;
use crate::model::{PermissionMode, RunSettings, WebhookEventName};
use crate::store::runs::{self, RunRow};
use crate::store::tasks::TaskInfo;
use crate::store::teammates::{self, TeammateInfo};
use crate::store::StoreError;

/// How a task run is asked for (wire.md §2.3 `POST /tasks/{id}/runs`).
#[derive(Debug, Clone, Default)]
pub struct TaskRunOptions {
    pub user_id: Option<String>,
    pub metadata: Option<JsonObject>,
    pub human_in_the_loop: bool,
    pub permission_mode: PermissionMode,
    pub use_memory: bool,
    pub use_history: bool,
    /// What started it, appended to the instructions (a webhook body, an email).
    pub context: Option<String>,
}

impl TaskRunOptions {
    pub fn triggered(context: Option<String>, trigger: &str) -> Self {
        let mut metadata = JsonObject::new();
        metadata.insert("trigger".into(), trigger.into());
        TaskRunOptions {
            metadata: Some(metadata),
            permission_mode: PermissionMode::Autonomous,
            use_memory: true,
            use_history: true,
            context,
            ..TaskRunOptions::default()
        }
    }
}

/// The message a task run starts with: its instructions, what it should produce, and what
/// triggered it.
pub fn task_message(task: &TaskInfo, context: Option<&str>) -> String {
    let mut message = task.instructions.clone();
    if let Some(expected) = task.expected_output.as_deref().filter(|e| !e.is_empty()) {
        message.push_str(&format!("\n\nExpected output: {expected}"));
    }
    if let Some(context) = context {
        message.push_str(&format!("\n\n{context}"));
    }
    message
}

/// Inserts a run of `task` (its teammate's tools when the task names none).
pub fn insert_task_run(
    conn: &Connection,
    task: &TaskInfo,
    teammate: Option<&TeammateInfo>,
    options: &TaskRunOptions,
) -> rusqlite::Result<(RunRow, String)> {
    let tools = if task.tools.is_empty() {
        teammate.map(|t| t.tools.clone()).unwrap_or_default()
    } else {
        task.tools.clone()
    };
    let message = task_message(task, options.context.as_deref());
    let id = runs::insert(
        conn,
        &RunSettings {
            account_id: task.account_id,
            teammate_id: Some(task.teammate_id),
            task_id: Some(task.id),
            // The task's end user, else its teammate's: a teammate made for one end user
            // works for that end user whatever starts it.
            user_id: options
                .user_id
                .clone()
                .or_else(|| task.user_id.clone())
                .or_else(|| teammate.and_then(|t| t.user_id.clone())),
            metadata: options.metadata.clone(),
            permission_mode: options.permission_mode,
            human_in_the_loop: options.human_in_the_loop,
            use_memory: options.use_memory,
            use_history: options.use_history,
            tools,
            instructions: teammate.and_then(|t| t.instructions.clone()),
            output_schema: None,
        },
        &message,
    )?;
    lessons::learn(conn, task, id, &message)?;
    let row = runs::get(conn, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    Ok((row, message))
}

/// Inserts a run of `teammate` for an inbound message.
pub fn insert_teammate_run(
    conn: &Connection,
    teammate: &TeammateInfo,
    message: &str,
    trigger: &str,
) -> rusqlite::Result<RunRow> {
    let mut metadata = JsonObject::new();
    metadata.insert("trigger".into(), trigger.into());
    let id = runs::insert(
        conn,
        &RunSettings {
            account_id: teammate.account_id,
            teammate_id: Some(teammate.id),
            user_id: teammate.user_id.clone(),
            metadata: Some(metadata),
            permission_mode: PermissionMode::Autonomous,
            use_memory: true,
            use_history: true,
            tools: teammate.tools.clone(),
            instructions: teammate.instructions.clone(),
            ..RunSettings::default()
        },
        message,
    )?;
    runs::get(conn, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
}

/// Inserts the run a `POST /runs` asks for. Its teammate is the one it names (not archived,
/// and not another end user's), or, for a quick start (a `name` without `teammate_id`), one
/// made from the request. A run without `user_id` of a teammate made for one end user is
/// that end user's run.
pub fn insert_run(
    conn: &Connection,
    account_id: i64,
    request: &RunCreate,
    output_schema: Option<&Value>,
) -> Result<i64, StoreError> {
    let teammate = match (request.teammate_id, &request.name) {
        (Some(id), _) => {
            let teammate = teammates::info(conn, account_id, id)?
                .filter(|t| !t.is_archived())
                .filter(|t| match (&request.user_id, &t.user_id) {
                    (Some(asked), Some(owner)) => asked == owner,
                    _ => true,
                })
                .ok_or_else(|| StoreError::NotFound(format!("teammate {id}")))?;
            Some(teammate)
        }
        (None, Some(name)) if !name.trim().is_empty() => {
            let quick = TeammateCreate {
                name: name.trim().into(),
                tools: request.tools.clone(),
                instructions: request.instructions.clone(),
                user_id: request.user_id.clone(),
                ..TeammateCreate::default()
            };
            let made = teammates::insert(conn, account_id, &quick)?;
            teammates::info(conn, account_id, made.id)?
        }
        (None, _) => None,
    };
    let tools = match (&request.tools, &teammate) {
        (Some(tools), _) => tools.clone(),
        (None, Some(teammate)) => teammate.tools.clone(),
        (None, None) => Vec::new(),
    };
    let user_id =
        request.user_id.clone().or_else(|| teammate.as_ref().and_then(|t| t.user_id.clone()));
    let settings = RunSettings {
        account_id,
        teammate_id: teammate.as_ref().map(|t| t.id),
        task_id: None,
        user_id,
        metadata: request.metadata.clone(),
        permission_mode: request.permission_mode,
        human_in_the_loop: request.human_in_the_loop,
        use_memory: request.memory,
        use_history: request.history,
        tools,
        instructions: request
            .instructions
            .clone()
            .or_else(|| teammate.and_then(|t| t.instructions)),
        output_schema: output_schema.cloned(),
    };
    Ok(runs::insert(conn, &settings, &request.message)?)
}

/// Why a run could not start.
#[derive(Debug)]
pub enum StartError {
    Stopping(Stopping),
    Store(rusqlite::Error),
}

/// Announces the run (`run.started`) and starts its current turn.
pub fn start(
    agents: &Arc<Agents>,
    run: RunRow,
    message: String,
) -> Result<Arc<LiveRun>, StartError> {
    if agents.is_stopping() {
        runs::fail(&agents.store.lock(), run.id, runs::STOPPED_ERROR, runs::STOPPED_ERROR_CODE)
            .map_err(StartError::Store)?;
        return Err(StartError::Stopping(Stopping));
    }
    agents.outbound.publish_run(&agents.store, run.id, WebhookEventName::Started);
    agents.start_turn(run, message).map_err(StartError::Store)
}
