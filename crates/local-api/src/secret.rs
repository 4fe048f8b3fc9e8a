//! Random values the server hands out as capabilities: inbound webhook tokens, inbox
//! addresses, signing secrets, app connection ids. Each is unguessable, so holding it is the
//! proof (an inbound webhook carries no API key).

use rusqlite::{params, Connection};

/// `bytes` random bytes as lowercase hex (twice as many characters).
pub fn random_hex(bytes: usize) -> String {
    let raw: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
    crate::auth::hex(&raw)
}

/// The last path segment of an inbound webhook URL, or the local part of an inbox address.
pub fn inbound_token() -> String {
    random_hex(16)
}

/// The inbound token in `column` (`webhook_token` or `email_token`) of row `id` of `table`
/// (`teammates` or `tasks`), minted on first use, so enabling twice gives the same URL or
/// address.
pub fn ensure_inbound_token(
    conn: &Connection,
    table: &'static str,
    id: i64,
    column: &'static str,
) -> rusqlite::Result<String> {
    let existing: Option<String> =
        conn.query_row(&format!("SELECT {column} FROM {table} WHERE id = ?1"), [id], |row| {
            row.get(0)
        })?;
    if let Some(token) = existing {
        return Ok(token);
    }
    let token = inbound_token();
    conn.execute(
        &format!("UPDATE {table} SET {column} = ?1, updated_at = ?2 WHERE id = ?3"),
        params![token, crate::clock::now_iso(), id],
    )?;
    Ok(token)
}

/// The domain inbox addresses live under; mail reaches them through `POST /inbound/email`.
pub const INBOX_DOMAIN: &str = "inbox.m8tes.local";

pub fn inbox_address(token: &str) -> String {
    format!("{token}@{INBOX_DOMAIN}")
}
