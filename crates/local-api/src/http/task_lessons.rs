//! A task's lessons (SDK 4.49, wire.md §11): listed, deleted one by one, or cleared with
//! `POST /tasks/{id}/lessons:clear?confirm=true`. Each answers the lessons left with the
//! capacity figures. How the simulated agent saves one: `agent/lessons.rs`.

use axum::extract::State;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use m8tes_protocol::types::LessonList;
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::http::tasks::load_owned;
use crate::state::AppState;
use crate::store::lessons;

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    router
        .route("/tasks/{id}/lessons", get(list))
        .route("/tasks/{id}/lessons/", get(list))
        .route("/tasks/{id}/lessons/{lesson_id}", delete(remove))
        .route("/tasks/{id}/lessons:clear", post(clear))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<LessonList>> {
    let conn = state.store.lock();
    load_owned(&conn, account.id, id, &owner)?;
    Ok(Json(lessons::list(&conn, id)?))
}

/// 404 for a lesson the task does not have (ids are decimal strings).
async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath((id, lesson_id)): ApiPath<(i64, String)>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<LessonList>> {
    let conn = state.store.lock();
    load_owned(&conn, account.id, id, &owner)?;
    let gone = || ApiError::not_found(format!("lesson {lesson_id:?} of task {id}"));
    let row: i64 = lesson_id.parse().map_err(|_| gone())?;
    if !lessons::delete(&conn, id, row)? {
        return Err(gone());
    }
    Ok(Json(lessons::list(&conn, id)?))
}

/// `confirm=true` is required, as 4.49 sends it: clearing cannot be undone.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClearQuery {
    confirm: Option<bool>,
    user_id: Option<String>,
}

async fn clear(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<ClearQuery>,
) -> ApiResult<Json<LessonList>> {
    if query.confirm != Some(true) {
        return Err(ApiError::validation("clearing lessons needs confirm=true")
            .with_error_code("confirmation_required"));
    }
    let conn = state.store.lock();
    load_owned(&conn, account.id, id, &OwnerFilter { user_id: query.user_id })?;
    lessons::clear(&conn, id)?;
    Ok(Json(lessons::list(&conn, id)?))
}
