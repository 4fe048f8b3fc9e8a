//! Run rows (`runs`, `run_messages`) and their wire form.
//!
//! Status changes are conditional updates (`… WHERE status IN (…)`), so a cancel, the agent
//! finishing and the server stopping can race without one overwriting another's outcome.

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
    pub marks: RunMarks,
}

/// What SDK 4.49 keeps about a run beyond its settings and outcome (wire.md §10).
#[derive(Debug, Clone, Default)]
pub struct RunMarks {
    pub archived: bool,
    pub share_token: Option<String>,
    pub last_viewed_at: Option<String>,
    pub output_data: Option<Value>,
    pub retry_of_run_id: Option<i64>,
    pub retried_by_run_id: Option<i64>,
    pub retried_at: Option<String>,
    pub retry_count: i64,
    /// Tool calls over all its turns: what a retry might repeat.
    pub tool_calls: i64,
    pub turn_started_at: Option<String>,
    pub cancelled_at: Option<String>,
    /// Replies waiting behind the executing turn, oldest first (wire.md §10.4).
    pub pending_replies: Vec<i64>,
    /// Replies cancelled before they became a turn.
    pub cancelled_replies: Vec<i64>,
}

/// Ids from `group_concat`, in order.
fn id_list(text: Option<String>) -> Vec<i64> {
    let mut ids: Vec<i64> =
        text.unwrap_or_default().split(',').filter_map(|id| id.parse().ok()).collect();
    ids.sort_unstable();
    ids
}

pub(super) const COLUMNS: &str = "id, account_id, teammate_id, task_id, user_id, status, output, error, \
    error_code, metadata, permission_mode, human_in_the_loop, use_memory, use_history, tools, \
    instructions, turn, input_tokens, output_tokens, cost_usd, duration_ms, created_at, updated_at, \
    output_schema, archived, share_token, last_viewed_at, output_data, retry_of_run_id, \
    retried_by_run_id, retried_at, retry_count, tool_calls, turn_started_at, cancelled_at, \
    (SELECT group_concat(id) FROM run_queued_messages q WHERE q.run_id = runs.id AND q.state = 'pending'), \
    (SELECT group_concat(id) FROM run_queued_messages q WHERE q.run_id = runs.id AND q.state = 'cancelled')";

impl RunRow {
    pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<RunRow> {
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
                output_schema: row
                    .get::<_, Option<String>>(23)?
                    .and_then(|text| serde_json::from_str(&text).ok()),
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
            marks: RunMarks {
                archived: row.get(24)?,
                share_token: row.get(25)?,
                last_viewed_at: row.get(26)?,
                output_data: row
                    .get::<_, Option<String>>(27)?
                    .and_then(|text| serde_json::from_str(&text).ok()),
                retry_of_run_id: row.get(28)?,
                retried_by_run_id: row.get(29)?,
                retried_at: row.get(30)?,
                retry_count: row.get(31)?,
                tool_calls: row.get(32)?,
                turn_started_at: row.get(33)?,
                cancelled_at: row.get(34)?,
                pending_replies: id_list(row.get(35)?),
                cancelled_replies: id_list(row.get(36)?),
            },
        })
    }
}

/// Inserts a running run with its first message; returns its id.
pub fn insert(conn: &Connection, run: &RunSettings, message: &str) -> rusqlite::Result<i64> {
    let now = clock::now_iso();
    conn.execute(
        "INSERT INTO runs (account_id, teammate_id, task_id, user_id, status, metadata, \
         permission_mode, human_in_the_loop, use_memory, use_history, tools, instructions, turn, \
         created_at, updated_at, turn_started_at, output_schema) \
         VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12, ?12, ?13)",
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
            run.output_schema.as_ref().map(Value::to_string),
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

/// `from` as an SQL list of their stored names.
pub(super) fn placeholders(from: &[RunStatus]) -> String {
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
            "UPDATE runs SET status = ?2, updated_at = ?3, \
             cancelled_at = CASE WHEN ?2 = 'cancelled' THEN ?3 ELSE cancelled_at END \
             WHERE id = ?1 AND status IN ({})",
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
    /// What the turn answers the run's `output_schema` with.
    pub output_data: Option<Value>,
}

/// Ends an executing run with `outcome`, unless something else ended it first.
pub fn finish(conn: &Connection, id: i64, outcome: &Outcome) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        &format!(
            "UPDATE runs SET status = ?2, output = ?3, error = ?4, error_code = ?5, \
             input_tokens = ?6, output_tokens = ?7, cost_usd = ?8, duration_ms = ?9, updated_at = ?10, \
             output_data = ?11 WHERE id = ?1 AND status IN ({})",
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
            clock::now_iso(),
            outcome.output_data.as_ref().map(Value::to_string),
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
        super::run_queue::cancel_pending(conn, id)?;
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
             error_code = NULL, output_data = NULL, cancelled_at = NULL, updated_at = ?2, \
             turn_started_at = ?2 WHERE id = ?1 AND status NOT IN ({})",
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

/// Counts one tool call of the run (what a retry might repeat).
pub fn count_tool_call(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE runs SET tool_calls = tool_calls + 1 WHERE id = ?1", [id])?;
    Ok(())
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
