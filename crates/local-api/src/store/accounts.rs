//! Accounts (`accounts`): who signs up, with what password hash, and what their runs cost.

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock;

/// A new account, its password already hashed.
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

pub fn email_taken(conn: &Connection, email: &str) -> rusqlite::Result<bool> {
    let found: Option<i64> = conn
        .query_row("SELECT id FROM accounts WHERE email = ?1", [email], |row| row.get(0))
        .optional()?;
    Ok(found.is_some())
}

/// Creates the account; returns its id.
pub fn insert(conn: &Connection, account: &NewAccount<'_>) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO accounts (email, password_hash, first_name, last_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            account.email,
            account.password_hash,
            account.first_name,
            account.last_name,
            clock::now_iso()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The account with `email` and its password hash (none for the dev account).
pub fn credentials(
    conn: &Connection,
    email: &str,
) -> rusqlite::Result<Option<(i64, Option<String>)>> {
    conn.query_row("SELECT id, password_hash FROM accounts WHERE email = ?1", [email], |row| {
        Ok((row.get(0)?, row.get(1)?))
    })
    .optional()
}

/// Stores an account's password hash in a newer format, unless it changed since `old` was read.
pub fn replace_password_hash(
    conn: &Connection,
    account_id: i64,
    old: &str,
    new: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE accounts SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2",
        params![account_id, old, new],
    )?;
    Ok(())
}

/// How many runs the account started since `since`, and their summed cost in USD.
pub fn usage_since(
    conn: &Connection,
    account_id: i64,
    since: &str,
) -> rusqlite::Result<(i64, f64)> {
    conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(CAST(cost_usd AS REAL)), 0)
         FROM runs WHERE account_id = ?1 AND created_at >= ?2",
        params![account_id, since],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
}
