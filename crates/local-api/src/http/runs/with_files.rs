//! `POST /runs/with-files` (wire.md §10.10): a run created from a multipart form — its body
//! as JSON in the `payload` field, and each `files` part a file the run starts with, listed
//! and downloaded like the files it writes, and named to the agent at its first turn.

use axum::extract::{Multipart, State};
use axum::response::Response;
use m8tes_protocol::types::RunCreate;
use serde_json::{json, Value};

use super::create::{begin, under_key, Made, RunCreateLater};
use super::{check_mode, owned_run, parse, require_message};
use crate::agent::launch;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::NoQuery;
use crate::http::idempotency::IdempotencyKey;
use crate::state::AppState;
use crate::store::run_files;

/// Files one request may attach.
const MAX_FILES: usize = 20;

/// One uploaded file.
struct Upload {
    name: String,
    content_type: String,
    bytes: Vec<u8>,
}

fn refused(error: axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::too_large(format!("the upload is too large: {}", error.body_text()));
    }
    ApiError::validation(format!("invalid multipart body: {}", error.body_text()))
}

/// The form's `payload` (a JSON object) and its files; any other field is refused.
async fn read_form(mut form: Multipart) -> ApiResult<(Value, Vec<Upload>)> {
    let mut payload = None;
    let mut uploads = Vec::new();
    while let Some(field) = form.next_field().await.map_err(refused)? {
        match field.name() {
            Some("payload") => {
                let text = field.text().await.map_err(refused)?;
                let value: Value = serde_json::from_str(&text)
                    .map_err(|e| ApiError::validation(format!("payload is not JSON: {e}")))?;
                if !value.is_object() {
                    return Err(ApiError::validation("payload must be a JSON object"));
                }
                payload = Some(value);
            }
            Some("files") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                if !run_files::is_plain_name(&name) {
                    return Err(ApiError::validation(format!(
                        "each file needs a plain file name (no path); got {name:?}"
                    )));
                }
                let content_type =
                    field.content_type().unwrap_or("application/octet-stream").to_owned();
                let bytes = field.bytes().await.map_err(refused)?.to_vec();
                if uploads.iter().any(|u: &Upload| u.name == name) {
                    return Err(ApiError::validation(format!("{name:?} is attached twice")));
                }
                uploads.push(Upload { name, content_type, bytes });
                if uploads.len() > MAX_FILES {
                    return Err(ApiError::validation(format!("at most {MAX_FILES} files")));
                }
            }
            other => {
                return Err(ApiError::validation(format!(
                    "unknown form field {:?}; send `payload` and `files`",
                    other.unwrap_or("")
                )))
            }
        }
    }
    let payload = payload.ok_or_else(|| ApiError::validation("the form has no payload field"))?;
    Ok((payload, uploads))
}

pub(super) async fn create_with_files(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    IdempotencyKey(key): IdempotencyKey,
    form: Multipart,
) -> ApiResult<Response> {
    let (body, uploads) = read_form(form).await?;
    let request: RunCreate = parse(&body)?;
    require_message(&request.message)?;
    check_mode(request.permission_mode, request.human_in_the_loop)?;
    let later = RunCreateLater::checked(&body)?;
    // A repeat names the same files: their names and sizes are part of the request.
    let sizes: Vec<Value> = uploads.iter().map(|u| json!([u.name, u.bytes.len()])).collect();
    let fingerprinted = json!({"payload": body, "files": sizes});
    let data_dir = state.config.data_dir.clone();
    let made = under_key(
        &state.agents,
        &state.store.lock(),
        &account,
        key.as_deref(),
        "POST /runs/with-files",
        &fingerprinted,
        |tx| {
            let id = launch::insert_run(tx, account.id, &request, later.output_schema.as_ref())?;
            for upload in &uploads {
                run_files::write(
                    tx,
                    data_dir.as_deref(),
                    id,
                    &upload.name,
                    &upload.content_type,
                    &upload.bytes,
                )
                .map_err(|error| {
                    eprintln!("m8tes-local: run {id}: cannot store {}: {error}", upload.name);
                    ApiError::internal("an attached file could not be stored; see the server log")
                })?;
            }
            Made::turn(owned_run(tx, &account, id)?, request.message.clone())
        },
    )?;
    begin(&state, made, request.stream)
}
