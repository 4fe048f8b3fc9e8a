//! `POST /runs/with-files` and `POST /runs/{id}/reply/with-files` (wire.md §10.10): a run
//! created or replied to from a multipart form — its body as JSON in the `payload` field, and
//! each `files` part a file of the run, listed and downloaded like the files it writes.

use axum::extract::{Multipart, State};
use axum::response::Response;
use m8tes_protocol::types::{RunCreate, RunReply};
use rusqlite::Connection;
use serde_json::{json, Value};

use super::create::{begin, continue_run, reply_route, under_key, Made, RunCreateLater};
use super::{check_mode, owned_run, parse, require_message};
use crate::agent::launch;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiMultipart, ApiPath, ApiQuery, NoQuery};
use crate::http::idempotency::IdempotencyKey;
use crate::http::owner::OwnerFilter;
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

/// `name`, or `stem-2.ext`, `stem-3.ext`… when the run already has a file of that name.
fn free_name(taken: &[String], name: &str) -> String {
    if !taken.iter().any(|t| t == name) {
        return name.to_owned();
    }
    let (stem, ext) = match name.rfind('.').filter(|&dot| dot > 0) {
        Some(dot) => name.split_at(dot),
        None => (name, ""),
    };
    (2..).map(|n| format!("{stem}-{n}{ext}")).find(|c| !taken.contains(c)).unwrap_or_default()
}

/// Stores the uploads as files of run `id`; an earlier file keeps its name.
fn attach(
    conn: &Connection,
    data_dir: Option<&std::path::Path>,
    id: i64,
    uploads: &[Upload],
) -> ApiResult<()> {
    let mut taken: Vec<String> = run_files::list(conn, id)?.into_iter().map(|(n, _)| n).collect();
    for upload in uploads {
        let name = free_name(&taken, &upload.name);
        run_files::write(conn, data_dir, id, &name, &upload.content_type, &upload.bytes).map_err(
            |error| {
                eprintln!("m8tes-local: run {id}: cannot store {name}: {error}");
                ApiError::internal("an attached file could not be stored; see the server log")
            },
        )?;
        taken.push(name);
    }
    Ok(())
}

/// Each file's name and size: with the payload, what makes a repeat the same request.
fn fingerprint(body: &Value, uploads: &[Upload]) -> Value {
    let sizes: Vec<Value> = uploads.iter().map(|u| json!([u.name, u.bytes.len()])).collect();
    json!({"payload": body, "files": sizes})
}

pub(super) async fn create_with_files(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    IdempotencyKey(key): IdempotencyKey,
    ApiMultipart(form): ApiMultipart,
) -> ApiResult<Response> {
    let (body, uploads) = read_form(form).await?;
    let request: RunCreate = parse(&body)?;
    require_message(&request.message)?;
    check_mode(request.permission_mode, request.human_in_the_loop)?;
    let later = RunCreateLater::checked(&body)?;
    let fingerprinted = fingerprint(&body, &uploads);
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

pub(super) async fn reply_with_files(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    IdempotencyKey(key): IdempotencyKey,
    ApiMultipart(form): ApiMultipart,
) -> ApiResult<Response> {
    let (body, uploads) = read_form(form).await?;
    let request: RunReply = parse(&body)?;
    require_message(&request.message)?;
    let data_dir = state.config.data_dir.clone();
    let made = under_key(
        &state.agents,
        &state.store.lock(),
        &account,
        key.as_deref(),
        &reply_route(id, &owner, "reply/with-files"),
        &fingerprint(&body, &uploads),
        |tx| {
            let made = continue_run(tx, &account, id, &owner, &request.message)?;
            attach(tx, data_dir.as_deref(), id, &uploads)?;
            Ok(made)
        },
    )?;
    begin(&state, made, request.stream)
}
