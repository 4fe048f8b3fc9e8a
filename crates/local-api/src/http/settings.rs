//! Account settings (wire.md §2.10): `GET /settings` and `PATCH /settings`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Settings, SettingsUpdate};

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::ApiResult;
use crate::http::extract::ApiJson;
use crate::http::extract::NoQuery;
use crate::state::AppState;
use crate::store::settings;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/settings", get(show).patch(update))
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
) -> ApiResult<Json<Settings>> {
    Ok(Json(settings::read(&state.store.lock(), account.id)?))
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
        settings::set_company_research(&conn, account.id, company_research)?;
    }
    Ok(Json(settings::read(&conn, account.id)?))
}
