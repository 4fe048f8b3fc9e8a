//! The API calls the console makes, one line each, over client-wasm's endpoint table and
//! read by [`crate::wire`]. They mirror client-wasm's typed resources (same endpoints, same
//! bodies and queries); the console calls these instead because the typed resources decode
//! with serde and are one future per method, and the console's wasm has a gzip budget.
//! Streams and downloads, which decode no wire type, still go through the client's own API.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use m8tes_client_wasm::endpoint::Endpoint;
use m8tes_client_wasm::{Client, ClientError, RequestOptions};
use m8tes_protocol::query::to_query_string;
use serde::Serialize;

use crate::wire::{self, Wire};

/// An answer's body on its way.
pub type Text = Pin<Box<dyn Future<Output = Result<String, ClientError>>>>;

/// How an answer's body becomes its wire type.
pub type Reader<T> = fn(&str) -> Result<T, ClientError>;

/// A request on its way and the reader of its answer. Awaiting it gives the answer as `T`;
/// [`crate::remote::act`] instead waits for the text in one place for every call and reads
/// it after, so a change has no future of its own per answer type (the wasm has a size
/// budget).
pub struct Call<T> {
    text: Text,
    read: Reader<T>,
}

impl<T> Call<T> {
    pub fn split(self) -> (Text, Reader<T>) {
        (self.text, self.read)
    }
}

impl<T: Wire> Call<T> {
    /// The call with its answer still checked, then dropped.
    pub fn ignored(self) -> Call<()> {
        Call { text: self.text, read: |body| decode::<T>(body).map(drop) }
    }
}

impl<T> Future for Call<T> {
    type Output = Result<T, ClientError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let read = self.read;
        self.text.as_mut().poll(cx).map(|text| read(&text?))
    }
}

/// An endpoint's 2xx answer as text (empty for a 204). Not generic: the request machinery
/// is compiled once for every call.
fn send(
    client: &Client,
    endpoint: Endpoint,
    ids: &[&str],
    body: Option<String>,
    query: String,
    options: RequestOptions,
) -> Text {
    let client = client.clone();
    let ids: Vec<String> = ids.iter().map(|id| (*id).to_owned()).collect();
    Box::pin(async move {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        client.text(endpoint, &ids, body, &query, &options).await
    })
}

fn call(client: &Client, endpoint: Endpoint, ids: &[&str], body: Option<String>) -> Text {
    send(client, endpoint, ids, body, String::new(), RequestOptions::default())
}

fn query(client: &Client, endpoint: Endpoint, ids: &[&str], params: &impl Serialize) -> Text {
    send(client, endpoint, ids, None, to_query_string(params), RequestOptions::default())
}

/// The answer read as `T`.
fn answer<T: Wire>(text: Text) -> Call<T> {
    Call { text, read: decode::<T> }
}

/// A call whose answer is empty (or ignored).
fn done(text: Text) -> Call<()> {
    Call { text, read: |_| Ok(()) }
}

fn decode<T: Wire>(text: &str) -> Result<T, ClientError> {
    wire::read(text).ok_or_else(unreadable)
}

fn unreadable() -> ClientError {
    ClientError::InvalidResponse {
        status: 200,
        message: "the answer is not the shape the API documents".to_owned(),
    }
}

/// A request body. Serializing these plain structs cannot fail (their maps have string keys).
fn body(params: &impl Serialize) -> Option<String> {
    Some(serde_json::to_string(params).unwrap_or_default())
}

fn id(value: i64) -> String {
    value.to_string()
}

pub mod teammates {
    use super::*;
    use m8tes_protocol::types::{
        EmailInbox, Page, Teammate, TeammateCreate, TeammateListParams, TeammateUpdate,
        TeammateWebhook, WebhookEnabled,
    };

    pub fn list(c: &Client, p: &TeammateListParams) -> Call<Page<Teammate>> {
        answer(query(c, Endpoint::TeammatesList, &[], p))
    }
    pub fn get(c: &Client, id: i64) -> Call<Teammate> {
        answer(call(c, Endpoint::TeammatesGet, &[&super::id(id)], None))
    }
    pub fn create(c: &Client, p: &TeammateCreate) -> Call<Teammate> {
        answer(call(c, Endpoint::TeammatesCreate, &[], body(p)))
    }
    pub fn update(c: &Client, id: i64, p: &TeammateUpdate) -> Call<Teammate> {
        answer(call(c, Endpoint::TeammatesUpdate, &[&super::id(id)], body(p)))
    }
    /// Pauses the teammate (its schedules stop) without archiving it.
    pub fn disable(c: &Client, id: i64) -> Call<Teammate> {
        answer(call(c, Endpoint::TeammatesDisable, &[&super::id(id)], None))
    }
    /// Resumes a paused teammate and re-arms the schedules the pause stopped.
    pub fn enable(c: &Client, id: i64) -> Call<Teammate> {
        answer(call(c, Endpoint::TeammatesEnable, &[&super::id(id)], None))
    }
    /// Restores an archived teammate; it comes back paused.
    pub fn unarchive(c: &Client, id: i64) -> Call<Teammate> {
        answer(call(c, Endpoint::TeammatesUnarchive, &[&super::id(id)], None))
    }
    pub fn delete(c: &Client, id: i64) -> Call<()> {
        done(call(c, Endpoint::TeammatesDelete, &[&super::id(id)], None))
    }
    pub fn enable_webhook(c: &Client, id: i64) -> Call<TeammateWebhook> {
        answer(call(c, Endpoint::TeammatesEnableWebhook, &[&super::id(id)], None))
    }
    pub fn disable_webhook(c: &Client, id: i64) -> Call<()> {
        done(call(c, Endpoint::TeammatesDisableWebhook, &[&super::id(id)], None))
    }
    /// Pauses or resumes the webhook without rotating its token: the URL survives.
    pub fn set_webhook_enabled(c: &Client, id: i64, enabled: bool) -> Call<TeammateWebhook> {
        let b = body(&WebhookEnabled { enabled });
        answer(call(c, Endpoint::TeammatesSetWebhookEnabled, &[&super::id(id)], b))
    }
    pub fn enable_email_inbox(c: &Client, id: i64) -> Call<EmailInbox> {
        answer(call(c, Endpoint::TeammatesEnableEmailInbox, &[&super::id(id)], None))
    }
    pub fn disable_email_inbox(c: &Client, id: i64) -> Call<()> {
        done(call(c, Endpoint::TeammatesDisableEmailInbox, &[&super::id(id)], None))
    }
}

pub mod runs {
    use super::*;
    use m8tes_protocol::types::{
        AnswerResult, Answers, Approval, NeedsYou, OptionalUserScope, Page, PermissionRequest, Run,
        RunCheck, RunFile, RunListQuery, RunMessage, RunMessagesParams, RunOutcome, RunRetryParams,
    };

    pub fn list(c: &Client, p: &RunListQuery) -> Call<Page<Run>> {
        answer(query(c, Endpoint::RunsList, &[], p))
    }
    pub fn get(c: &Client, id: i64) -> Call<Run> {
        answer(call(c, Endpoint::RunsGet, &[&super::id(id)], None))
    }
    pub fn cancel(c: &Client, id: i64) -> Call<Run> {
        answer(call(c, Endpoint::RunsCancel, &[&super::id(id)], None))
    }
    pub fn archive(c: &Client, id: i64) -> Call<Run> {
        answer(call(c, Endpoint::RunsArchive, &[&super::id(id)], None))
    }
    pub fn unarchive(c: &Client, id: i64) -> Call<Run> {
        answer(call(c, Endpoint::RunsUnarchive, &[&super::id(id)], None))
    }
    /// Retries a failed or cancelled run: answers the NEW run (or the retry already in flight).
    pub fn retry(c: &Client, id: i64, p: &RunRetryParams) -> Call<Run> {
        answer(query(c, Endpoint::RunsRetry, &[&super::id(id)], p))
    }
    pub fn outcome(c: &Client, id: i64) -> Call<RunOutcome> {
        answer(call(c, Endpoint::RunsOutcome, &[&super::id(id)], None))
    }
    pub fn messages(c: &Client, id: i64, p: &RunMessagesParams) -> Call<Vec<RunMessage>> {
        answer(query(c, Endpoint::RunsMessages, &[&super::id(id)], p))
    }
    pub fn check(c: &Client, p: &OptionalUserScope) -> Call<RunCheck> {
        answer(query(c, Endpoint::RunsCheck, &[], p))
    }
    /// The runs waiting on a human, asked once (no retries): the menu's badge polls it.
    pub fn needs_you_once(c: &Client, p: &OptionalUserScope) -> Call<NeedsYou> {
        let once = RequestOptions { max_retries: Some(0), ..Default::default() };
        answer(send(c, Endpoint::RunsNeedsYou, &[], None, to_query_string(p), once))
    }
    pub fn needs_you(c: &Client, p: &OptionalUserScope) -> Call<NeedsYou> {
        answer(query(c, Endpoint::RunsNeedsYou, &[], p))
    }
    pub fn permissions(c: &Client, id: i64) -> Call<Vec<PermissionRequest>> {
        answer(call(c, Endpoint::RunsPermissions, &[&super::id(id)], None))
    }
    pub fn approve(c: &Client, id: i64, p: &Approval) -> Call<PermissionRequest> {
        answer(call(c, Endpoint::RunsApprove, &[&super::id(id)], body(p)))
    }
    pub fn answer_questions(c: &Client, id: i64, p: &Answers) -> Call<AnswerResult> {
        answer(call(c, Endpoint::RunsAnswer, &[&super::id(id)], body(p)))
    }
    pub fn list_files(c: &Client, id: i64) -> Call<Vec<RunFile>> {
        answer(call(c, Endpoint::RunsListFiles, &[&super::id(id)], None))
    }
}

pub mod tasks {
    use super::*;
    use m8tes_protocol::types::{
        LessonList, Page, Task, TaskCreate, TaskListParams, TaskUpdate, TeammateWebhook, Trigger,
        TriggerCreate, WebhookEnabled,
    };

    pub fn list(c: &Client, p: &TaskListParams) -> Call<Page<Task>> {
        answer(query(c, Endpoint::TasksList, &[], p))
    }
    pub fn get(c: &Client, id: i64) -> Call<Task> {
        answer(call(c, Endpoint::TasksGet, &[&super::id(id)], None))
    }
    pub fn create(c: &Client, p: &TaskCreate) -> Call<Task> {
        answer(call(c, Endpoint::TasksCreate, &[], body(p)))
    }
    pub fn update(c: &Client, id: i64, p: &TaskUpdate) -> Call<Task> {
        answer(call(c, Endpoint::TasksUpdate, &[&super::id(id)], body(p)))
    }
    pub fn delete(c: &Client, id: i64) -> Call<()> {
        done(call(c, Endpoint::TasksDelete, &[&super::id(id)], None))
    }
    pub fn set_webhook_enabled(c: &Client, id: i64, enabled: bool) -> Call<TeammateWebhook> {
        let b = body(&WebhookEnabled { enabled });
        answer(call(c, Endpoint::TasksSetWebhookEnabled, &[&super::id(id)], b))
    }
    /// A task's triggers: the server answers a bare array, read as a one-page list.
    pub fn list_triggers(c: &Client, id: i64) -> Call<Vec<Trigger>> {
        Call { text: call(c, Endpoint::TriggersList, &[&super::id(id)], None), read: triggers }
    }
    /// The server answers a bare array of triggers, or a page of them. Read here rather than
    /// by the client's `read_page`, whose error text would link serde_json's messages into the
    /// wasm (it has a size budget) for a sentence the console never shows.
    fn triggers(body: &str) -> Result<Vec<Trigger>, ClientError> {
        match body.trim_start().starts_with('[') {
            true => decode::<Vec<Trigger>>(body),
            false => decode::<Page<Trigger>>(body).map(|page| page.data),
        }
    }
    pub fn create_trigger(c: &Client, id: i64, p: &TriggerCreate) -> Call<Trigger> {
        answer(call(c, Endpoint::TriggersCreate, &[&super::id(id)], body(p)))
    }
    pub fn delete_trigger(c: &Client, id: i64, trigger_id: i64) -> Call<()> {
        done(call(c, Endpoint::TriggersDelete, &[&super::id(id), &super::id(trigger_id)], None))
    }
    pub fn lessons(c: &Client, id: i64) -> Call<LessonList> {
        answer(call(c, Endpoint::LessonsList, &[&super::id(id)], None))
    }
    pub fn delete_lesson(c: &Client, id: i64, lesson_id: &str) -> Call<LessonList> {
        answer(call(c, Endpoint::LessonsDelete, &[&super::id(id), lesson_id], None))
    }
    pub fn clear_lessons(c: &Client, id: i64) -> Call<LessonList> {
        answer(call(c, Endpoint::LessonsClear, &[&super::id(id)], None))
    }
}

pub mod users {
    use super::*;
    use m8tes_protocol::types::{EndUser, EndUserCreate, ListParams, Page};

    pub fn list(c: &Client, p: &ListParams) -> Call<Page<EndUser>> {
        answer(query(c, Endpoint::UsersList, &[], p))
    }
    pub fn get(c: &Client, user_id: &str) -> Call<EndUser> {
        answer(call(c, Endpoint::UsersGet, &[user_id], None))
    }
    pub fn create(c: &Client, p: &EndUserCreate) -> Call<EndUser> {
        answer(call(c, Endpoint::UsersCreate, &[], body(p)))
    }
}

pub mod memories {
    use super::*;
    use m8tes_protocol::types::{Memory, MemoryCreate, Page, UserScope, UserScopedListParams};

    pub fn list(c: &Client, p: &UserScopedListParams) -> Call<Page<Memory>> {
        answer(query(c, Endpoint::MemoriesList, &[], p))
    }
    pub fn create(c: &Client, p: &MemoryCreate) -> Call<Memory> {
        answer(call(c, Endpoint::MemoriesCreate, &[], body(p)))
    }
    pub fn delete(c: &Client, id: i64, scope: &UserScope) -> Call<()> {
        done(query(c, Endpoint::MemoriesDelete, &[&super::id(id)], scope))
    }
}

pub mod permissions {
    use super::*;
    use m8tes_protocol::types::{
        Page, PermissionPolicy, PermissionPolicyCreate, UserScope, UserScopedListParams,
    };

    pub fn list(c: &Client, p: &UserScopedListParams) -> Call<Page<PermissionPolicy>> {
        answer(query(c, Endpoint::PermissionsList, &[], p))
    }
    pub fn create(c: &Client, p: &PermissionPolicyCreate) -> Call<PermissionPolicy> {
        answer(call(c, Endpoint::PermissionsCreate, &[], body(p)))
    }
    pub fn delete(c: &Client, id: i64, scope: &UserScope) -> Call<()> {
        done(query(c, Endpoint::PermissionsDelete, &[&super::id(id)], scope))
    }
}

pub mod webhooks {
    use super::*;
    use m8tes_protocol::types::{
        ListParams, Page, Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate,
    };

    pub fn list(c: &Client, p: &ListParams) -> Call<Page<Webhook>> {
        answer(query(c, Endpoint::WebhooksList, &[], p))
    }
    pub fn get(c: &Client, id: i64) -> Call<Webhook> {
        answer(call(c, Endpoint::WebhooksGet, &[&super::id(id)], None))
    }
    pub fn create(c: &Client, p: &WebhookCreate) -> Call<Webhook> {
        answer(call(c, Endpoint::WebhooksCreate, &[], body(p)))
    }
    pub fn update(c: &Client, id: i64, p: &WebhookUpdate) -> Call<Webhook> {
        answer(call(c, Endpoint::WebhooksUpdate, &[&super::id(id)], body(p)))
    }
    pub fn delete(c: &Client, id: i64) -> Call<()> {
        done(call(c, Endpoint::WebhooksDelete, &[&super::id(id)], None))
    }
    pub fn list_deliveries(c: &Client, id: i64, p: &ListParams) -> Call<Page<WebhookDelivery>> {
        answer(query(c, Endpoint::WebhooksListDeliveries, &[&super::id(id)], p))
    }
}

pub mod apps {
    use super::*;
    use m8tes_protocol::types::{
        App, AppConnect, AppConnectComplete, AppConnection, AppConnectionStatus,
        AppDisconnectParams, AppListParams, Page,
    };

    pub fn list(c: &Client, p: &AppListParams) -> Call<Page<App>> {
        answer(query(c, Endpoint::AppsList, &[], p))
    }
    pub fn connect(c: &Client, app: &str, p: &AppConnect) -> Call<AppConnection> {
        answer(call(c, Endpoint::AppsConnect, &[app], body(p)))
    }
    pub fn connect_complete(
        c: &Client,
        app: &str,
        p: &AppConnectComplete,
    ) -> Call<AppConnectionStatus> {
        answer(call(c, Endpoint::AppsConnectComplete, &[app], body(p)))
    }
    pub fn disconnect(c: &Client, app: &str, p: &AppDisconnectParams) -> Call<()> {
        done(query(c, Endpoint::AppsDisconnect, &[app], p))
    }
}

pub mod account {
    use super::*;
    use m8tes_protocol::types::{Settings, SettingsUpdate, Usage};

    pub fn settings(c: &Client) -> Call<Settings> {
        answer(call(c, Endpoint::SettingsGet, &[], None))
    }
    pub fn update_settings(c: &Client, p: &SettingsUpdate) -> Call<Settings> {
        answer(call(c, Endpoint::SettingsUpdate, &[], body(p)))
    }
    pub fn usage(c: &Client) -> Call<Usage> {
        answer(call(c, Endpoint::AuthGetUsage, &[], None))
    }
}
