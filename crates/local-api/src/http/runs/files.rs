//! The files a run wrote: their list and a download.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use m8tes_protocol::types::{JsonObject, RunFile};

use super::visible_run;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::state::AppState;
use crate::store::run_files as files;

pub(super) async fn list_files(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let conn = state.store.lock();
    visible_run(&conn, &account, id, &owner)?;
    let listed: Vec<RunFile> = files::list(&conn, id)?
        .into_iter()
        .map(|(name, size)| RunFile { name, size, extra: JsonObject::new() })
        .collect();
    Ok(Json(listed).into_response())
}

pub(super) async fn download_file(
    State(state): State<AppState>,
    account: Account,
    ApiPath((id, name)): ApiPath<(i64, String)>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let found = {
        let conn = state.store.lock();
        visible_run(&conn, &account, id, &owner)?;
        files::read(&conn, state.config.data_dir.as_deref(), id, &name).map_err(|error| {
            tracing::warn!("run {id}: cannot read a file: {error}");
            ApiError::internal("the file could not be read; see the server log")
        })?
    };
    let (content_type, bytes) =
        found.ok_or_else(|| ApiError::not_found(format!("file {name:?} of run {id}")))?;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        m8tes_protocol::seg(&name).unwrap_or_else(|_| "download".into())
    );
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
