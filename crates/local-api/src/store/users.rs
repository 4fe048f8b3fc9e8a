//! End-user profiles (`end_users`), addressed by the developer's string `user_id`.

use m8tes_protocol::types::{EndUser, EndUserCreate};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{json_column, StoreError};
use crate::clock;

/// The `user_id` column of an account-level memory or permission policy (SDK 4.49): never a
/// real user_id, which is not blank.
pub const ACCOUNT_SCOPE: &str = "";

/// The stored scope of an optional `user_id` (checked by the caller).
pub fn scope(user_id: Option<&str>) -> &str {
    user_id.unwrap_or(ACCOUNT_SCOPE)
}

/// The `user_id` a stored scope is answered as (`None` for the account scope).
pub fn answered(scope: String) -> Option<String> {
    (scope != ACCOUNT_SCOPE).then_some(scope)
}

/// A `user_id` as a request names it: not blank, at most 255 characters.
pub fn check_user_id(user_id: &str) -> Result<(), StoreError> {
    if user_id.trim().is_empty() || user_id.chars().count() > 255 {
        return Err(StoreError::Invalid("user_id must be 1 to 255 characters".into()));
    }
    Ok(())
}

/// Makes sure the profile exists, as creating a memory does for a user never seen before.
pub fn ensure(conn: &Connection, account_id: i64, user_id: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO end_users (account_id, user_id, created_at) VALUES (?1, ?2, ?3)",
        params![account_id, user_id, clock::now_iso()],
    )?;
    Ok(())
}

const COLUMNS: &str = "id, user_id, name, email, company, metadata, created_at, updated_at";

fn from_row(row: &Row) -> rusqlite::Result<EndUser> {
    Ok(EndUser {
        id: row.get(0)?,
        user_id: row.get(1)?,
        name: row.get(2)?,
        email: row.get(3)?,
        company: row.get(4)?,
        metadata: json_column::read(row.get(5)?),
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        extra: Default::default(),
    })
}

pub fn find(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
) -> rusqlite::Result<Option<EndUser>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM end_users WHERE account_id = ?1 AND user_id = ?2"),
        params![account_id, user_id],
        from_row,
    )
    .optional()
}

/// The account's end users after id `after`.
pub fn list(
    conn: &Connection,
    account_id: i64,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<EndUser>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM end_users WHERE account_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
    ))?;
    let rows = statement.query_map(params![account_id, after, limit], from_row)?;
    rows.collect()
}

/// Creates the profile; `false` when the user already exists.
pub fn insert(
    conn: &Connection,
    account_id: i64,
    body: &EndUserCreate,
) -> Result<bool, StoreError> {
    check_user_id(&body.user_id)?;
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO end_users (account_id, user_id, name, email, company, metadata,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            account_id,
            body.user_id,
            body.name,
            body.email,
            body.company,
            json_column::write(body.metadata.as_ref())?,
            clock::now_iso(),
        ],
    )?;
    Ok(inserted > 0)
}

/// Writes back the editable fields of `user` (after the caller merged a change into it).
pub fn update(conn: &Connection, user: &EndUser) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE end_users SET name = ?1, email = ?2, company = ?3, metadata = ?4, updated_at = ?5
         WHERE id = ?6",
        params![
            user.name,
            user.email,
            user.company,
            json_column::write(user.metadata.as_ref())?,
            clock::now_iso(),
            user.id,
        ],
    )?;
    Ok(())
}

/// Deletes the profile and what is kept about that user: memories, tool policies and app
/// connections (a user created again with the same id starts clean).
pub fn delete(conn: &mut Connection, account_id: i64, user: &EndUser) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for table in ["memories", "permission_policies", "app_connections"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE account_id = ?1 AND user_id = ?2"),
            params![account_id, user.user_id],
        )?;
    }
    tx.execute("DELETE FROM end_users WHERE id = ?1", [user.id])?;
    tx.commit()
}

/// Deletes row `id` of an end-user table (`memories`, `permission_policies`) if it belongs to
/// the account and to `user_id`; whether it did.
pub(super) fn delete_owned(
    conn: &Connection,
    table: &'static str,
    id: i64,
    account_id: i64,
    user_id: &str,
) -> rusqlite::Result<bool> {
    let removed = conn.execute(
        &format!("DELETE FROM {table} WHERE id = ?1 AND account_id = ?2 AND user_id = ?3"),
        params![id, account_id, user_id],
    )?;
    Ok(removed > 0)
}

/// Rows of an end-user table (`memories`, `permission_policies`) of one user after id `after`.
pub(super) fn list_owned<T>(
    conn: &Connection,
    (table, columns): (&'static str, &'static str),
    account_id: i64,
    user_id: &str,
    (after, limit): (i64, i64),
    from_row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {columns} FROM {table} WHERE account_id = ?1 AND user_id = ?2 AND id > ?3
         ORDER BY id LIMIT ?4"
    ))?;
    let rows = statement.query_map(params![account_id, user_id, after, limit], from_row)?;
    rows.collect()
}
