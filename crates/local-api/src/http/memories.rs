//! Memories about one end user (wire.md §2.6): 1–300 characters once trimmed, unique per user
//! ignoring case and spacing. Creating one creates the end user's profile if needed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use m8tes_protocol::types::{Memory, MemoryCreate, Page, UserScope, UserScopedListParams};
use rusqlite::{params, Connection, Row};

use crate::clock;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::delete_for_user;
use crate::http::pagination::PageRequest;
use crate::http::{collection, users};
use crate::state::AppState;

const MAX_CHARS: usize = 300;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/memories", get(list).post(create))
        .route("/memories/{id}", delete(remove))
}

const COLUMNS: &str = "id, user_id, content, source, created_at";

fn from_row(row: &Row) -> rusqlite::Result<Memory> {
    Ok(Memory {
        id: row.get(0)?,
        user_id: row.get(1)?,
        content: row.get(2)?,
        source: row.get(3)?,
        created_at: row.get(4)?,
        extra: Default::default(),
    })
}

/// A memory's content as a request gives it, checked for `user_id`: trimmed, 1 to 300
/// characters (422 otherwise).
pub fn checked_content<'a>(user_id: &str, content: &'a str) -> ApiResult<&'a str> {
    users::check_user_id(user_id)?;
    let content = content.trim();
    let length = content.chars().count();
    if length == 0 || length > MAX_CHARS {
        return Err(ApiError::validation(format!(
            "content must be 1 to {MAX_CHARS} characters once trimmed, got {length}"
        )));
    }
    Ok(content)
}

/// Stores checked `content` with its `source` (`api` through this endpoint, `agent` when a
/// run is told to remember), creating the end user's profile if needed. `None` when the user
/// already has that memory, ignoring case and spacing.
pub fn insert(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    content: &str,
    source: &str,
) -> rusqlite::Result<Option<Memory>> {
    users::ensure(conn, account_id, user_id)?;
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO memories (account_id, user_id, content, normalized, source,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![account_id, user_id, content, normalized(content), source, clock::now_iso()],
    )?;
    if inserted == 0 {
        return Ok(None);
    }
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM memories WHERE id = ?1"),
        [conn.last_insert_rowid()],
        from_row,
    )
    .map(Some)
}

/// Lower case with runs of whitespace as one space: what makes two memories the same.
fn normalized(content: &str) -> String {
    content.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<MemoryCreate>,
) -> ApiResult<(StatusCode, Json<Memory>)> {
    let content = checked_content(&body.user_id, &body.content)?;
    let memory = insert(&state.store.lock(), account.id, &body.user_id, content, "api")?
        .ok_or_else(|| {
            ApiError::conflict("this user already has that memory")
                .with_error_code("duplicate_memory")
        })?;
    Ok((StatusCode::CREATED, Json(memory)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<UserScopedListParams>,
) -> ApiResult<Json<Page<Memory>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let conn = state.store.lock();
    let sql = &format!(
        "SELECT {COLUMNS} FROM memories WHERE account_id = ?1 AND user_id = ?2 AND id > ?3
         ORDER BY id LIMIT ?4"
    );
    Ok(Json(page.fetch(
        &conn,
        sql,
        params![account.id, query.user_id, page.starting_after, page.fetch_limit()],
        from_row,
        |m| m.id,
    )?))
}

/// Deletes a memory of the named user; another user's (or account's) memory is a 404.
async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(scope): ApiQuery<UserScope>,
) -> ApiResult<StatusCode> {
    delete_for_user(&state.store.lock(), "memories", "memory", id, account.id, &scope.user_id)
}
