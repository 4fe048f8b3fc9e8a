//! Run rows (`runs`, `run_messages`) and their wire form.
//!
//! Status changes are conditional updates (`… WHERE status IN (…)`), so a cancel, the agent
//! finishing and the server stopping can race without one overwriting another's outcome.

use m8tes_protocol::types::{JsonObject, Run, RunUsage};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

use super::{columns, json_column};
use crate::clock;
use crate::model::{PermissionMode, RunSettings, RunStatus};

/// The error a run gets when the server stops (or stopped) while it was in flight.
pub const STOPPED_ERROR: &str = "the server stopped while the run was in flight";
pub const STOPPED_ERROR_CODE: &str = "server_stopped";

/// One row of `runs`: its settings and where it stands.
#[derive(Debug, Clone)]
pub struct RunRow {
    pub id: i64,
    pub settings: RunSettings,
    pub status: RunStatus,
    pub output: Option<String>,
    pub error: Option<String>,
    pub error_code: Option<String>,
    pub turn: i64,
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub cost_usd: Option<String>,
    pub duration_ms: Option<u64>,
    pub created_at: String,
    pub updated_at: Option<String>,
}

const COLUMNS: &str = "id, account_id, teammate_id, task_id, user_id, status, output, error, \
    error_code, metadata, permission_mode, human_in_the_loop, use_memory, use_history, tools, \
    instructions, turn, input_tokens, output_tokens, cost_usd, duration_ms, created_at, updated_at";

impl RunRow {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<RunRow> {
        Ok(RunRow {
            id: row.get(0)?,
            settings: RunSettings {
                account_id: row.get(1)?,
                teammate_id: row.get(2)?,
                task_id: row.get(3)?,
                user_id: row.get(4)?,
                metadata: json_column::read(row.get(9)?),
                permission_mode: columns::permission_mode(row, 10)?,
                human_in_the_loop: row.get(11)?,
                use_memory: row.get(12)?,
                use_history: row.get(13)?,
                tools: json_column::read(row.get(14)?).unwrap_or_default(),
                instructions: row.get(15)?,
            },
            status: row.get(5)?,
            output: row.get(6)?,
            error: row.get(7)?,
            error_code: row.get(8)?,
            turn: row.get(16)?,
            input_tokens: row.get(17)?,
            output_tokens: row.get(18)?,
            cost_usd: row.get(19)?,
            duration_ms: row.get(20)?,
            created_at: row.get(21)?,
            updated_at: row.get(22)?,
        })
    }

    pub fn is_active(&self) -> bool {
        self.status.is_active()
    }

    /// The run as the API answers it.
    pub fn to_wire(&self) -> Run {
        let usage = self.output_tokens.map(|output_tokens| {
            let input_tokens = self.input_tokens.unwrap_or(0);
            RunUsage {
                input_tokens: Some(input_tokens),
                output_tokens: Some(output_tokens),
                total_tokens: Some(input_tokens + output_tokens),
                cost_usd: self.cost_usd.clone(),
                duration_ms: self.duration_ms,
                extra: JsonObject::new(),
            }
        });
        let settings = &self.settings;
        Run {
            id: self.id,
            teammate_id: settings.teammate_id,
            status: Some(self.status.as_str().into()),
            output: self.output.clone(),
            error: self.error.clone(),
            user_id: settings.user_id.clone(),
            metadata: settings.metadata.clone(),
            created_at: Some(self.created_at.clone()),
            updated_at: self.updated_at.clone(),
            permission_mode: Some(settings.permission_mode.as_str().into()),
            task_id: settings.task_id,
            error_code: self.error_code.clone(),
            usage,
            extra: JsonObject::new(),
        }
    }
}

/// Inserts a running run with its first message; returns its id.
pub fn insert(conn: &Connection, run: &RunSettings, message: &str) -> rusqlite::Result<i64> {
    let now = clock::now_iso();
    conn.execute(
        "INSERT INTO runs (account_id, teammate_id, task_id, user_id, status, metadata, \
         permission_mode, human_in_the_loop, use_memory, use_history, tools, instructions, turn, \
         created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12)",
        params![
            run.account_id,
            run.teammate_id,
            run.task_id,
            run.user_id,
            run.metadata.as_ref().map(|m| Value::Object(m.clone()).to_string()),
            run.permission_mode.as_str(),
            run.human_in_the_loop,
            run.use_memory,
            run.use_history,
            Value::from(run.tools.clone()).to_string(),
            run.instructions,
            now,
        ],
    )?;
    let id = conn.last_insert_rowid();
    add_message(conn, id, 1, "user", message)?;
    // A run for an end user gives it a profile, as a memory does (its usage is listed there).
    if let Some(user_id) = &run.user_id {
        super::users::ensure(conn, run.account_id, user_id)?;
    }
    Ok(id)
}

pub fn add_message(
    conn: &Connection,
    run_id: i64,
    turn: i64,
    role: &str,
    content: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO run_messages (run_id, turn, role, content, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![run_id, turn, role, content, clock::now_iso()],
    )?;
    Ok(())
}

const PREVIOUS_USER_MESSAGE: &str = "SELECT content FROM run_messages \
     WHERE run_id = ?1 AND turn < ?2 AND role = 'user' ORDER BY id DESC LIMIT 1";

/// The user's message of the latest earlier turn: one row read, however long the run's
/// history (a message may be 2 MiB, and this runs under the store's lock).
pub fn previous_user_message(
    conn: &Connection,
    run_id: i64,
    before_turn: i64,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(PREVIOUS_USER_MESSAGE)?
        .query_row(params![run_id, before_turn], |row| row.get(0))
        .optional()
}

/// The run `id` if `account_id` owns it.
pub fn find(conn: &Connection, account_id: i64, id: i64) -> rusqlite::Result<Option<RunRow>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM runs WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        RunRow::from_row,
    )
    .optional()
}

/// The run `id`, whoever owns it (for background work that already holds the id).
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<RunRow>> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM runs WHERE id = ?1"), [id], RunRow::from_row)
        .optional()
}

/// Filters of `GET /runs/`.
#[derive(Debug, Clone, Default)]
pub struct RunFilter {
    pub teammate_id: Option<i64>,
    pub user_id: Option<String>,
    pub status: Option<RunStatus>,
}

pub fn list(
    conn: &Connection,
    account_id: i64,
    filter: &RunFilter,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<RunRow>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM runs WHERE account_id = ?1 AND id > ?2 \
         AND (?3 IS NULL OR teammate_id = ?3) AND (?4 IS NULL OR user_id = ?4) \
         AND (?5 IS NULL OR status = ?5) ORDER BY id LIMIT ?6"
    ))?;
    let rows = statement.query_map(
        params![account_id, after, filter.teammate_id, filter.user_id, filter.status, limit],
        RunRow::from_row,
    )?;
    rows.collect()
}

/// `from` as an SQL list of their stored names.
fn placeholders(from: &[RunStatus]) -> String {
    from.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
}

/// Moves the run to `to` if its status is one of `from`; whether it moved.
pub fn transition(
    conn: &Connection,
    id: i64,
    from: &[RunStatus],
    to: RunStatus,
) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        &format!(
            "UPDATE runs SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status IN ({})",
            placeholders(from)
        ),
        params![id, to, clock::now_iso()],
    )?;
    Ok(changed == 1)
}

/// How a turn ended, written with its final status.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: RunStatus,
    pub output: String,
    pub error: Option<String>,
    pub error_code: Option<String>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_usd: String,
    pub duration_ms: u64,
}

/// Ends an executing run with `outcome`, unless something else ended it first.
pub fn finish(conn: &Connection, id: i64, outcome: &Outcome) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        &format!(
            "UPDATE runs SET status = ?2, output = ?3, error = ?4, error_code = ?5, \
             input_tokens = ?6, output_tokens = ?7, cost_usd = ?8, duration_ms = ?9, updated_at = ?10 \
             WHERE id = ?1 AND status IN ({})",
            placeholders(&RunStatus::ACTIVE)
        ),
        params![
            id,
            outcome.status,
            outcome.output,
            outcome.error,
            outcome.error_code,
            outcome.input_tokens,
            outcome.output_tokens,
            outcome.cost_usd,
            outcome.duration_ms,
            clock::now_iso()
        ],
    )?;
    Ok(changed == 1)
}

/// Records the text a stopped turn produced before it stopped.
pub fn set_partial_output(conn: &Connection, id: i64, output: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE runs SET output = ?2 WHERE id = ?1", params![id, output])?;
    Ok(())
}

/// Fails an executing run with `error`; whether it was executing.
pub fn fail(conn: &Connection, id: i64, error: &str, code: &str) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        &format!(
            "UPDATE runs SET status = 'failed', error = ?2, error_code = ?3, updated_at = ?4 \
             WHERE id = ?1 AND status IN ({})",
            placeholders(&RunStatus::ACTIVE)
        ),
        params![id, error, code, clock::now_iso()],
    )?;
    if changed == 1 {
        super::gates::cancel_open(conn, id)?;
    }
    Ok(changed == 1)
}

/// Fails every run a previous process left executing; returns their ids.
pub fn fail_orphans(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let ids: Vec<i64> = {
        let mut statement = conn.prepare(&format!(
            "SELECT id FROM runs WHERE status IN ({}) ORDER BY id",
            placeholders(&RunStatus::ACTIVE)
        ))?;
        let rows = statement.query_map([], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in &ids {
        fail(conn, *id, STOPPED_ERROR, STOPPED_ERROR_CODE)?;
    }
    Ok(ids)
}

/// Re-opens a finished run for another turn; the new turn number, or `None` if it is executing.
pub fn reopen(conn: &Connection, id: i64, message: &str) -> rusqlite::Result<Option<i64>> {
    let changed = conn.execute(
        &format!(
            "UPDATE runs SET status = 'running', turn = turn + 1, output = NULL, error = NULL, \
             error_code = NULL, updated_at = ?2 WHERE id = ?1 AND status NOT IN ({})",
            placeholders(&RunStatus::ACTIVE)
        ),
        params![id, clock::now_iso()],
    )?;
    if changed == 0 {
        return Ok(None);
    }
    let turn: i64 =
        conn.query_row("SELECT turn FROM runs WHERE id = ?1", [id], |row| row.get(0))?;
    add_message(conn, id, turn, "user", message)?;
    Ok(Some(turn))
}

pub fn set_permission_mode(
    conn: &Connection,
    id: i64,
    mode: PermissionMode,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE runs SET permission_mode = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, mode.as_str(), clock::now_iso()],
    )?;
    Ok(())
}

pub fn permission_mode(conn: &Connection, id: i64) -> rusqlite::Result<PermissionMode> {
    conn.query_row("SELECT permission_mode FROM runs WHERE id = ?1", [id], |row| {
        columns::permission_mode(row, 0)
    })
}

#[cfg(test)]
mod tests {
    use rusqlite::{params, StatementStatus};

    use super::{previous_user_message, PREVIOUS_USER_MESSAGE};
    use crate::store::Store;

    /// A turn reads the one message it uses, not the run's whole history.
    #[test]
    fn a_turn_reads_only_the_previous_message() {
        let store = Store::open(None).unwrap();
        let conn = store.lock();
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        for turn in 1..=500 {
            for role in ["user", "assistant"] {
                conn.execute(
                    "INSERT INTO run_messages (run_id, turn, role, content, created_at) \
                     VALUES (7, ?1, ?2, ?3, '')",
                    params![turn, role, format!("{role} {turn}")],
                )
                .unwrap();
            }
        }
        assert_eq!(previous_user_message(&conn, 7, 501).unwrap().as_deref(), Some("user 500"));
        assert_eq!(previous_user_message(&conn, 7, 3).unwrap().as_deref(), Some("user 2"));
        assert_eq!(previous_user_message(&conn, 7, 1).unwrap(), None);
        let mut statement = conn.prepare_cached(PREVIOUS_USER_MESSAGE).unwrap();
        statement.reset_status(StatementStatus::VmStep);
        statement.query_row(params![7, 501], |_| Ok(())).unwrap();
        let steps = statement.get_status(StatementStatus::VmStep);
        assert!(steps < 100, "{steps} VM steps: the history was scanned");
    }
}
