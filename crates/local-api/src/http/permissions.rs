//! Tool pre-approval policies (wire.md §2.7): a tool one end user's runs may use without an
//! approval gate. Creating is idempotent per (user, tool): the same policy comes back.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use m8tes_protocol::types::{
    Page, PermissionPolicy, PermissionPolicyCreate, UserScope, UserScopedListParams,
};
use rusqlite::{params, Connection, Row};

use crate::clock;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::delete_for_user;
use crate::http::pagination::PageRequest;
use crate::http::{collection, users};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/permissions", get(list).post(create))
        .route("/permissions/{id}", delete(remove))
}

const COLUMNS: &str = "id, user_id, tool_name, created_at";

fn from_row(row: &Row) -> rusqlite::Result<PermissionPolicy> {
    Ok(PermissionPolicy {
        id: row.get(0)?,
        user_id: row.get(1)?,
        tool_name: row.get(2)?,
        created_at: row.get(3)?,
        extra: Default::default(),
    })
}

/// Pre-approves `tool` for the user (also what an approval with `remember: true` does);
/// returns the policy and whether it is new.
pub fn allow(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    tool: &str,
) -> ApiResult<(PermissionPolicy, bool)> {
    users::check_user_id(user_id)?;
    if tool.trim().is_empty() || tool.chars().count() > 255 {
        return Err(ApiError::validation("tool must be 1 to 255 characters"));
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

/// 201 with a new policy, 200 with the existing one for a repeat.
async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<PermissionPolicyCreate>,
) -> ApiResult<(StatusCode, Json<PermissionPolicy>)> {
    let (policy, new) = allow(&state.store.lock(), account.id, &body.user_id, &body.tool)?;
    Ok((if new { StatusCode::CREATED } else { StatusCode::OK }, Json(policy)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<UserScopedListParams>,
) -> ApiResult<Json<Page<PermissionPolicy>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let conn = state.store.lock();
    let sql = &format!(
        "SELECT {COLUMNS} FROM permission_policies
         WHERE account_id = ?1 AND user_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"
    );
    Ok(Json(page.fetch(
        &conn,
        sql,
        params![account.id, query.user_id, page.starting_after, page.fetch_limit()],
        from_row,
        |p| p.id,
    )?))
}

async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(scope): ApiQuery<UserScope>,
) -> ApiResult<StatusCode> {
    delete_for_user(
        &state.store.lock(),
        "permission_policies",
        "permission policy",
        id,
        account.id,
        &scope.user_id,
    )
}
