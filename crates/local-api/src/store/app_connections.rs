//! App connections (`app_connections`): an account's (or one end user's) simulated OAuth
//! connection to a catalog app, pending until authorized. `user_id` `''` is the account's own.

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock;
use crate::store::tokens::find_by_token;

/// The apps the user has a made connection to.
pub fn connected_apps(
    conn: &Connection,
    account_id: i64,
    user: &str,
) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT DISTINCT app FROM app_connections
         WHERE account_id = ?1 AND user_id = ?2 AND status = 'connected'",
    )?;
    let rows = statement.query_map(params![account_id, user], |row| row.get::<_, String>(0))?;
    rows.collect()
}

/// A pending connection to make.
pub struct NewConnection<'a> {
    pub account_id: i64,
    pub user: &'a str,
    pub app: &'a str,
    pub connection_id: &'a str,
    pub redirect_uri: &'a str,
}

pub fn insert(conn: &Connection, new: &NewConnection<'_>) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO app_connections (account_id, user_id, app, connection_id, redirect_uri,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            new.account_id,
            new.user,
            new.app,
            new.connection_id,
            new.redirect_uri,
            clock::now_iso()
        ],
    )?;
    Ok(())
}

/// The row id of the user's connection `connection_id` to `app`.
pub fn find_own(
    conn: &Connection,
    account_id: i64,
    user: &str,
    app: &str,
    connection_id: &str,
) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM app_connections
         WHERE connection_id = ?1 AND account_id = ?2 AND user_id = ?3 AND app = ?4",
        params![connection_id, account_id, user, app],
        |row| row.get(0),
    )
    .optional()
}

/// A connection found by its capability, the connection id.
pub struct PendingConnection {
    pub id: i64,
    pub redirect_uri: String,
    pub connected: bool,
}

/// The connection of `app` whose id is `connection_id` (compared in constant time).
pub fn find_by_connection_id(
    conn: &Connection,
    app: &str,
    connection_id: &str,
) -> rusqlite::Result<Option<PendingConnection>> {
    let Some(id) = find_by_token(conn, "app_connections", "connection_id", connection_id)? else {
        return Ok(None);
    };
    conn.query_row(
        "SELECT id, redirect_uri, status FROM app_connections WHERE id = ?1 AND app = ?2",
        params![id, app],
        |row| {
            Ok(PendingConnection {
                id: row.get(0)?,
                redirect_uri: row.get(1)?,
                connected: row.get::<_, String>(2)? == "connected",
            })
        },
    )
    .optional()
}

pub fn mark_connected(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE app_connections SET status = 'connected', connected_at = COALESCE(connected_at, ?1)
         WHERE id = ?2",
        params![clock::now_iso(), id],
    )?;
    Ok(())
}

/// Removes every connection of the app for the user (or the account).
pub fn delete(conn: &Connection, account_id: i64, user: &str, app: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM app_connections WHERE account_id = ?1 AND user_id = ?2 AND app = ?3",
        params![account_id, user, app],
    )?;
    Ok(())
}
