//! Account settings (wire.md §2.10): `GET /settings` and `PATCH /settings`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Settings, SettingsUpdate};
use rusqlite::{params, Connection, OptionalExtension};

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::ApiResult;
use crate::http::extract::ApiJson;
use crate::http::extract::NoQuery;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/settings", get(show).patch(update))
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
) -> ApiResult<Json<Settings>> {
    Ok(Json(read(&state.store.lock(), account.id)?))
}

/// Changes only what the body names; `{}` changes nothing and answers the current settings.
async fn update(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<SettingsUpdate>,
) -> ApiResult<Json<Settings>> {
    let conn = state.store.lock();
    if let Some(company_research) = body.company_research {
        conn.execute(
            "INSERT INTO account_settings (account_id, company_research) VALUES (?1, ?2)
             ON CONFLICT (account_id) DO UPDATE SET company_research = excluded.company_research",
            params![account.id, company_research],
        )?;
    }
    Ok(Json(read(&conn, account.id)?))
}

/// An account's settings; new accounts have company research on.
fn read(conn: &Connection, account_id: i64) -> rusqlite::Result<Settings> {
    let company_research: Option<bool> = conn
        .query_row(
            "SELECT company_research FROM account_settings WHERE account_id = ?1",
            [account_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(Settings { company_research: company_research.unwrap_or(true), extra: Default::default() })
}
