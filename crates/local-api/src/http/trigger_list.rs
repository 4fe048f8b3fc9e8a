//! `GET /triggers` (SDK 4.49 `triggers.list`): every trigger of the account's tasks that are
//! not archived, each naming its task (`task_id`, `task_name`), by task then as the task lists
//! them (schedules, webhook, email). Filters: `user_id` (that end user's tasks), `type`,
//! `task_id`. The cursor is `{task_id}:{trigger id}`, as 4.49 builds it from the last item;
//! since a task's webhook and email triggers share id 0, a page never ends between them.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Cursor, Page, Trigger};
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::ApiQuery;
use crate::http::pagination::PageRequest;
use crate::http::triggers::{of_task, TriggerRef};
use crate::state::AppState;
use crate::store::tasks::{self, TaskFilter};

/// How many tasks one listing reads at most (this server keeps the whole list in memory).
const MAX_TASKS: i64 = 10_000;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/triggers", get(list))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    user_id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    task_id: Option<i64>,
    limit: Option<u32>,
    starting_after: Option<String>,
}

/// Where an item sits: its task, then its rank within the task.
fn position(task_id: i64, trigger: &Trigger) -> (i64, i64) {
    let rank = match trigger.kind.as_str() {
        "webhook" => i64::MAX - 1,
        "email" => i64::MAX,
        _ => trigger.id,
    };
    (task_id, rank)
}

/// `{task_id}:{id}`: the id as this server answers it (`5`, `0`) or as 4.49 names it
/// (`schedule_5`, `webhook`, `email`). `0` stands for the task's webhook and email together.
fn parse_cursor(text: &str) -> ApiResult<(i64, i64)> {
    let bad = || ApiError::validation(format!("starting_after {text:?} is not task_id:trigger_id"));
    let (task, trigger) = text.split_once(':').ok_or_else(bad)?;
    let task: i64 = task.parse().map_err(|_| bad())?;
    let rank = match trigger {
        "0" | "email" => i64::MAX,
        _ => match TriggerRef::parse(trigger).map_err(|_| bad())? {
            TriggerRef::Schedule(id) => id,
            TriggerRef::Webhook => i64::MAX - 1,
            TriggerRef::Email => i64::MAX,
        },
    };
    Ok((task, rank))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<Trigger>>> {
    let page = PageRequest::new(query.limit, None)?;
    let kinds = ["schedule", "webhook", "email", "app"];
    if let Some(kind) = query.kind.as_deref().filter(|kind| !kinds.contains(kind)) {
        return Err(ApiError::validation(format!(
            "type {kind:?} is not one of {}",
            kinds.join(", ")
        )));
    }
    let after = query.starting_after.as_deref().map(parse_cursor).transpose()?;
    let conn = state.store.lock();
    let filter = TaskFilter {
        teammate_id: None,
        user_id: query.user_id.as_deref(),
        include_archived: false,
    };
    let mut all = Vec::new();
    for task in tasks::list(&conn, account.id, &filter, 0, MAX_TASKS)? {
        if query.task_id.is_some_and(|id| id != task.id) {
            continue;
        }
        for mut trigger in of_task(&state, &conn, &task)? {
            if query.kind.as_deref().is_some_and(|kind| kind != trigger.kind) {
                continue;
            }
            if after.is_some_and(|after| position(task.id, &trigger) <= after) {
                continue;
            }
            trigger.task_id = Some(task.id);
            trigger.task_name = task.name.clone();
            all.push(trigger);
        }
    }
    Ok(Json(cut(all, page.limit as usize)))
}

/// The first `limit` items; a page that would end on a task's webhook trigger with its email
/// trigger next ends before the webhook instead (or, were the webhook first, after the email).
fn cut(mut all: Vec<Trigger>, limit: usize) -> Page<Trigger> {
    if all.len() <= limit {
        return Page { data: all, has_more: false, next_starting_after: None };
    }
    let mut end = limit;
    let splits_pair = |end: usize| {
        all[end - 1].kind == "webhook"
            && all[end].kind == "email"
            && all[end - 1].task_id == all[end].task_id
    };
    if splits_pair(end) {
        end = if end > 1 { end - 1 } else { end + 1 };
    }
    all.truncate(end);
    let cursor = all
        .last()
        .map(|last| Cursor::Key(format!("{}:{}", last.task_id.unwrap_or_default(), last.id)));
    Page { has_more: true, next_starting_after: cursor, data: all }
}
