//! A run's approval gates (`permission_requests`): a tool call or a question waiting for a
//! person, and how it was resolved.

use m8tes_protocol::types::{JsonObject, PermissionRequest};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

use crate::clock;
use crate::model::GateStatus;

/// One row of `permission_requests`.
#[derive(Debug, Clone)]
pub struct GateRow {
    pub request_id: String,
    pub tool_name: String,
    pub tool_input: Option<Value>,
    pub status: GateStatus,
    pub created_at: String,
    pub resolved_at: Option<String>,
}

impl GateRow {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<GateRow> {
        let input: Option<String> = row.get(2)?;
        Ok(GateRow {
            request_id: row.get(0)?,
            tool_name: row.get(1)?,
            tool_input: input.and_then(|text| serde_json::from_str(&text).ok()),
            status: row.get(3)?,
            created_at: row.get(4)?,
            resolved_at: row.get(5)?,
        })
    }

    pub fn to_wire(&self) -> PermissionRequest {
        PermissionRequest {
            request_id: self.request_id.clone(),
            tool_name: self.tool_name.clone(),
            tool_input: self.tool_input.clone(),
            status: self.status.as_str().into(),
            created_at: Some(self.created_at.clone()),
            resolved_at: self.resolved_at.clone(),
            extra: JsonObject::new(),
        }
    }
}

const GATE_COLUMNS: &str = "request_id, tool_name, tool_input, status, created_at, resolved_at";

pub fn open(
    conn: &Connection,
    run_id: i64,
    request_id: &str,
    tool_name: &str,
    tool_input: &Value,
) -> rusqlite::Result<GateRow> {
    conn.execute(
        "INSERT INTO permission_requests (run_id, request_id, tool_name, tool_input, status, created_at) \
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5)",
        params![run_id, request_id, tool_name, tool_input.to_string(), clock::now_iso()],
    )?;
    conn.query_row(
        &format!("SELECT {GATE_COLUMNS} FROM permission_requests WHERE request_id = ?1"),
        [request_id],
        GateRow::from_row,
    )
}

pub fn of_run(conn: &Connection, run_id: i64) -> rusqlite::Result<Vec<GateRow>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {GATE_COLUMNS} FROM permission_requests WHERE run_id = ?1 ORDER BY id"
    ))?;
    let rows = statement.query_map([run_id], GateRow::from_row)?;
    rows.collect()
}

pub fn find(conn: &Connection, run_id: i64, request_id: &str) -> rusqlite::Result<Option<GateRow>> {
    conn.query_row(
        &format!(
            "SELECT {GATE_COLUMNS} FROM permission_requests WHERE run_id = ?1 AND request_id = ?2"
        ),
        params![run_id, request_id],
        GateRow::from_row,
    )
    .optional()
}

/// The answers a question gate was resolved with.
pub fn answer_of(conn: &Connection, request_id: &str) -> rusqlite::Result<Option<Value>> {
    let text: Option<Option<String>> = conn
        .query_row(
            "SELECT answer FROM permission_requests WHERE request_id = ?1",
            [request_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(text.flatten().and_then(|text| serde_json::from_str(&text).ok()))
}

/// Resolves a pending gate; whether it was pending.
pub fn resolve(
    conn: &Connection,
    request_id: &str,
    status: GateStatus,
    answer: Option<&Value>,
) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE permission_requests SET status = ?2, answer = ?3, resolved_at = ?4 \
         WHERE request_id = ?1 AND status = 'pending'",
        params![request_id, status, answer.map(Value::to_string), clock::now_iso()],
    )?;
    Ok(changed == 1)
}

pub fn cancel_open(conn: &Connection, run_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE permission_requests SET status = 'cancelled', resolved_at = ?2 \
         WHERE run_id = ?1 AND status = 'pending'",
        params![run_id, clock::now_iso()],
    )?;
    Ok(())
}
