//! Account settings (`account_settings`); an account without a row has the defaults.

use m8tes_protocol::types::Settings;
use rusqlite::{params, Connection, OptionalExtension};

/// An account's settings; new accounts have company research on.
pub fn read(conn: &Connection, account_id: i64) -> rusqlite::Result<Settings> {
    let company_research: Option<bool> = conn
        .query_row(
            "SELECT company_research FROM account_settings WHERE account_id = ?1",
            [account_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(Settings { company_research: company_research.unwrap_or(true), extra: Default::default() })
}

pub fn set_company_research(conn: &Connection, account_id: i64, on: bool) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO account_settings (account_id, company_research) VALUES (?1, ?2)
         ON CONFLICT (account_id) DO UPDATE SET company_research = excluded.company_research",
        params![account_id, on],
    )?;
    Ok(())
}
