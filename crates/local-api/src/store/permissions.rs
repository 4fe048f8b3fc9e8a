//! Tool pre-approval policies (`permission_policies`): a tool one end user's runs may use
//! without an approval gate.

use m8tes_protocol::types::PermissionPolicy;
use rusqlite::{params, Connection, Row};

use super::{users, StoreError};
use crate::clock;

const COLUMNS: &str = "id, user_id, tool_name, created_at";

fn from_row(row: &Row) -> rusqlite::Result<PermissionPolicy> {
    Ok(PermissionPolicy {
        id: row.get(0)?,
        user_id: users::answered(row.get(1)?),
        tool_name: row.get(2)?,
        created_at: row.get(3)?,
        extra: Default::default(),
    })
}

/// Pre-approves `tool` for the user, or the account with [`users::ACCOUNT_SCOPE`] (also what
/// an approval with `remember: true` does); returns the policy and whether it is new.
pub fn allow(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    tool: &str,
) -> Result<(PermissionPolicy, bool), StoreError> {
    if user_id != users::ACCOUNT_SCOPE {
        users::check_user_id(user_id)?;
    }
    if tool.trim().is_empty() || tool.chars().count() > 255 {
        return Err(StoreError::Invalid("tool must be 1 to 255 characters".into()));
    }
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO permission_policies (account_id, user_id, tool_name, created_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![account_id, user_id, tool, clock::now_iso()],
    )?;
    let policy = conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM permission_policies
             WHERE account_id = ?1 AND user_id = ?2 AND tool_name = ?3"
        ),
        params![account_id, user_id, tool],
        from_row,
    )?;
    Ok((policy, inserted > 0))
}

/// Whether the end user pre-approved `tool` (wire.md §2.7).
pub fn is_pre_approved(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    tool: &str,
) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM permission_policies WHERE account_id = ?1 AND user_id = ?2 AND tool_name = ?3)",
        params![account_id, user_id, tool],
        |row| row.get(0),
    )
}

/// One user's rows after id `after`.
pub fn list(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<PermissionPolicy>> {
    users::list_owned(
        conn,
        ("permission_policies", COLUMNS),
        account_id,
        user_id,
        (after, limit),
        from_row,
    )
}

/// Deletes row `id` if it is the account's and that user's; whether it did.
pub fn delete(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    id: i64,
) -> rusqlite::Result<bool> {
    users::delete_owned(conn, "permission_policies", id, account_id, user_id)
}
