//! End-user profiles (`end_users`), addressed by the developer's string `user_id`.

use rusqlite::{params, Connection};

use super::StoreError;
use crate::clock;

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
