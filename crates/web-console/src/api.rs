//! The API calls the console makes, one line each, over client-wasm's endpoint table and
//! read by [`crate::wire`]. They mirror client-wasm's typed resources (same endpoints, same
//! bodies and queries); the console calls these instead because the typed resources decode
//! with serde and are one future per method, and the console's wasm has a gzip budget.
//! Streams and downloads, which decode no wire type, still go through the client's own API.

use std::future::Future;
use std::pin::Pin;

use m8tes_client_wasm::endpoint::Endpoint;
use m8tes_client_wasm::{Client, ClientError, RequestOptions};
use m8tes_protocol::query::to_query_string;
use serde::Serialize;

use crate::wire::{self, Wire};

type Text = Pin<Box<dyn Future<Output = Result<String, ClientError>>>>;

/// An answer's future, boxed where a caller picks one of several calls.
pub type Answer<T> = Pin<Box<dyn Future<Output = Result<T, ClientError>>>>;

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

/// The answer read as `T`. The reading is a plain function apart from the future, so
/// each caller's future holds only the wait.
async fn answer<T: Wire>(text: Text) -> Result<T, ClientError> {
    decode(&text.await?)
}

#[inline(never)]
fn decode<T: Wire>(text: &str) -> Result<T, ClientError> {
    wire::read(text).ok_or_else(unreadable)
}

/// A call whose answer is empty (or ignored).
async fn done(text: Text) -> Result<(), ClientError> {
    text.await.map(drop)
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

    pub fn list(
        c: &Client,
        p: &TeammateListParams,
    ) -> impl Future<Output = Result<Page<Teammate>, ClientError>> {
        answer(query(c, Endpoint::TeammatesList, &[], p))
    }
    pub fn get(c: &Client, id: i64) -> impl Future<Output = Result<Teammate, ClientError>> {
        answer(call(c, Endpoint::TeammatesGet, &[&super::id(id)], None))
    }
    pub fn create(
        c: &Client,
        p: &TeammateCreate,
    ) -> impl Future<Output = Result<Teammate, ClientError>> {
        answer(call(c, Endpoint::TeammatesCreate, &[], body(p)))
    }
    pub fn update(
        c: &Client,
        id: i64,
        p: &TeammateUpdate,
    ) -> impl Future<Output = Result<Teammate, ClientError>> {
        answer(call(c, Endpoint::TeammatesUpdate, &[&super::id(id)], body(p)))
    }
    /// Pauses the teammate (its schedules stop) without archiving it.
    pub fn disable(c: &Client, id: i64) -> Answer<Teammate> {
        Box::pin(answer(call(c, Endpoint::TeammatesDisable, &[&super::id(id)], None)))
    }
    /// Resumes a paused teammate and re-arms the schedules the pause stopped.
    pub fn enable(c: &Client, id: i64) -> Answer<Teammate> {
        Box::pin(answer(call(c, Endpoint::TeammatesEnable, &[&super::id(id)], None)))
    }
    /// Restores an archived teammate; it comes back paused.
    pub fn unarchive(c: &Client, id: i64) -> Answer<Teammate> {
        Box::pin(answer(call(c, Endpoint::TeammatesUnarchive, &[&super::id(id)], None)))
    }
    pub fn delete(c: &Client, id: i64) -> impl Future<Output = Result<(), ClientError>> {
        done(call(c, Endpoint::TeammatesDelete, &[&super::id(id)], None))
    }
    pub fn enable_webhook(
        c: &Client,
        id: i64,
    ) -> impl Future<Output = Result<TeammateWebhook, ClientError>> {
        answer(call(c, Endpoint::TeammatesEnableWebhook, &[&super::id(id)], None))
    }
    pub fn disable_webhook(c: &Client, id: i64) -> impl Future<Output = Result<(), ClientError>> {
        done(call(c, Endpoint::TeammatesDisableWebhook, &[&super::id(id)], None))
    }
    /// Pauses or resumes the webhook without rotating its token: the URL survives.
    pub fn set_webhook_enabled(
        c: &Client,
        id: i64,
        enabled: bool,
    ) -> impl Future<Output = Result<TeammateWebhook, ClientError>> {
        let b = body(&WebhookEnabled { enabled });
        answer(call(c, Endpoint::TeammatesSetWebhookEnabled, &[&super::id(id)], b))
    }
    pub fn enable_email_inbox(
        c: &Client,
        id: i64,
    ) -> impl Future<Output = Result<EmailInbox, ClientError>> {
        answer(call(c, Endpoint::TeammatesEnableEmailInbox, &[&super::id(id)], None))
    }
    pub fn disable_email_inbox(
        c: &Client,
        id: i64,
    ) -> impl Future<Output = Result<(), ClientError>> {
        done(call(c, Endpoint::TeammatesDisableEmailInbox, &[&super::id(id)], None))
    }
}

pub mod runs {
    use super::*;
    use m8tes_protocol::types::{
        AnswerResult, Answers, Approval, NeedsYou, OptionalUserScope, Page, PermissionRequest, Run,
        RunCheck, RunFile, RunListQuery, RunMessage, RunMessagesParams, RunOutcome, RunRetryParams,
    };

    pub fn list(
        c: &Client,
        p: &RunListQuery,
    ) -> impl Future<Output = Result<Page<Run>, ClientError>> {
        answer(query(c, Endpoint::RunsList, &[], p))
    }
    pub fn get(c: &Client, id: i64) -> impl Future<Output = Result<Run, ClientError>> {
        answer(call(c, Endpoint::RunsGet, &[&super::id(id)], None))
    }
    pub fn cancel(c: &Client, id: i64) -> impl Future<Output = Result<Run, ClientError>> {
        answer(call(c, Endpoint::RunsCancel, &[&super::id(id)], None))
    }
    pub fn archive(c: &Client, id: i64) -> impl Future<Output = Result<Run, ClientError>> {
        answer(call(c, Endpoint::RunsArchive, &[&super::id(id)], None))
    }
    pub fn unarchive(c: &Client, id: i64) -> impl Future<Output = Result<Run, ClientError>> {
        answer(call(c, Endpoint::RunsUnarchive, &[&super::id(id)], None))
    }
    /// Retries a failed or cancelled run: answers the NEW run (or the retry already in flight).
    pub fn retry(
        c: &Client,
        id: i64,
        p: &RunRetryParams,
    ) -> impl Future<Output = Result<Run, ClientError>> {
        answer(query(c, Endpoint::RunsRetry, &[&super::id(id)], p))
    }
    pub fn outcome(c: &Client, id: i64) -> impl Future<Output = Result<RunOutcome, ClientError>> {
        answer(call(c, Endpoint::RunsOutcome, &[&super::id(id)], None))
    }
    pub fn messages(
        c: &Client,
        id: i64,
        p: &RunMessagesParams,
    ) -> impl Future<Output = Result<Vec<RunMessage>, ClientError>> {
        answer(query(c, Endpoint::RunsMessages, &[&super::id(id)], p))
    }
    pub fn check(
        c: &Client,
        p: &OptionalUserScope,
    ) -> impl Future<Output = Result<RunCheck, ClientError>> {
        answer(query(c, Endpoint::RunsCheck, &[], p))
    }
    /// The runs waiting on a human, asked once (no retries): the menu's badge polls it.
    pub fn needs_you_once(
        c: &Client,
        p: &OptionalUserScope,
    ) -> impl Future<Output = Result<NeedsYou, ClientError>> {
        let once = RequestOptions { max_retries: Some(0), ..Default::default() };
        answer(send(c, Endpoint::RunsNeedsYou, &[], None, to_query_string(p), once))
    }
    pub fn needs_you(
        c: &Client,
        p: &OptionalUserScope,
    ) -> impl Future<Output = Result<NeedsYou, ClientError>> {
        answer(query(c, Endpoint::RunsNeedsYou, &[], p))
    }
    pub fn permissions(
        c: &Client,
        id: i64,
    ) -> impl Future<Output = Result<Vec<PermissionRequest>, ClientError>> {
        answer(call(c, Endpoint::RunsPermissions, &[&super::id(id)], None))
    }
    pub fn approve(
        c: &Client,
        id: i64,
        p: &Approval,
    ) -> impl Future<Output = Result<PermissionRequest, ClientError>> {
        answer(call(c, Endpoint::RunsApprove, &[&super::id(id)], body(p)))
    }
    pub fn answer_questions(
        c: &Client,
        id: i64,
        p: &Answers,
    ) -> impl Future<Output = Result<AnswerResult, ClientError>> {
        answer(call(c, Endpoint::RunsAnswer, &[&super::id(id)], body(p)))
    }
    pub fn list_files(
        c: &Client,
        id: i64,
    ) -> impl Future<Output = Result<Vec<RunFile>, ClientError>> {
        answer(call(c, Endpoint::RunsListFiles, &[&super::id(id)], None))
    }
}

pub mod tasks {
    use super::*;
    use m8tes_client_wasm::pages::read_page;
    use m8tes_protocol::types::{
        LessonList, Page, Task, TaskCreate, TaskListParams, TaskUpdate, TeammateWebhook, Trigger,
        TriggerCreate, WebhookEnabled,
    };

    pub fn list(
        c: &Client,
        p: &TaskListParams,
    ) -> impl Future<Output = Result<Page<Task>, ClientError>> {
        answer(query(c, Endpoint::TasksList, &[], p))
    }
    pub fn get(c: &Client, id: i64) -> impl Future<Output = Result<Task, ClientError>> {
        answer(call(c, Endpoint::TasksGet, &[&super::id(id)], None))
    }
    pub fn create(c: &Client, p: &TaskCreate) -> impl Future<Output = Result<Task, ClientError>> {
        answer(call(c, Endpoint::TasksCreate, &[], body(p)))
    }
    pub fn update(
        c: &Client,
        id: i64,
        p: &TaskUpdate,
    ) -> impl Future<Output = Result<Task, ClientError>> {
        answer(call(c, Endpoint::TasksUpdate, &[&super::id(id)], body(p)))
    }
    pub fn delete(c: &Client, id: i64) -> impl Future<Output = Result<(), ClientError>> {
        done(call(c, Endpoint::TasksDelete, &[&super::id(id)], None))
    }
    pub fn set_webhook_enabled(
        c: &Client,
        id: i64,
        enabled: bool,
    ) -> impl Future<Output = Result<TeammateWebhook, ClientError>> {
        let b = body(&WebhookEnabled { enabled });
        answer(call(c, Endpoint::TasksSetWebhookEnabled, &[&super::id(id)], b))
    }
    /// A task's triggers: the server answers a bare array, read as a one-page list.
    pub fn list_triggers(
        c: &Client,
        id: i64,
    ) -> impl Future<Output = Result<Vec<Trigger>, ClientError>> {
        let text = call(c, Endpoint::TriggersList, &[&super::id(id)], None);
        async move {
            let page = read_page(Endpoint::TriggersList, text.await?, None)
                .map_err(|message| ClientError::InvalidResponse { status: 200, message })?;
            decode::<Page<Trigger>>(&page.body).map(|page| page.data)
        }
    }
    pub fn create_trigger(
        c: &Client,
        id: i64,
        p: &TriggerCreate,
    ) -> impl Future<Output = Result<Trigger, ClientError>> {
        answer(call(c, Endpoint::TriggersCreate, &[&super::id(id)], body(p)))
    }
    pub fn delete_trigger(
        c: &Client,
        id: i64,
        trigger_id: i64,
    ) -> impl Future<Output = Result<(), ClientError>> {
        done(call(c, Endpoint::TriggersDelete, &[&super::id(id), &super::id(trigger_id)], None))
    }
    pub fn lessons(c: &Client, id: i64) -> impl Future<Output = Result<LessonList, ClientError>> {
        answer(call(c, Endpoint::LessonsList, &[&super::id(id)], None))
    }
    pub fn delete_lesson(
        c: &Client,
        id: i64,
        lesson_id: &str,
    ) -> impl Future<Output = Result<LessonList, ClientError>> {
        answer(call(c, Endpoint::LessonsDelete, &[&super::id(id), lesson_id], None))
    }
    pub fn clear_lessons(
        c: &Client,
        id: i64,
    ) -> impl Future<Output = Result<LessonList, ClientError>> {
        answer(call(c, Endpoint::LessonsClear, &[&super::id(id)], None))
    }
}

pub mod users {
    use super::*;
    use m8tes_protocol::types::{EndUser, EndUserCreate, ListParams, Page};

    pub fn list(
        c: &Client,
        p: &ListParams,
    ) -> impl Future<Output = Result<Page<EndUser>, ClientError>> {
        answer(query(c, Endpoint::UsersList, &[], p))
    }
    pub fn get(c: &Client, user_id: &str) -> impl Future<Output = Result<EndUser, ClientError>> {
        answer(call(c, Endpoint::UsersGet, &[user_id], None))
    }
    pub fn create(
        c: &Client,
        p: &EndUserCreate,
    ) -> impl Future<Output = Result<EndUser, ClientError>> {
        answer(call(c, Endpoint::UsersCreate, &[], body(p)))
    }
}

pub mod memories {
    use super::*;
    use m8tes_protocol::types::{Memory, MemoryCreate, Page, UserScope, UserScopedListParams};

    pub fn list(
        c: &Client,
        p: &UserScopedListParams,
    ) -> impl Future<Output = Result<Page<Memory>, ClientError>> {
        answer(query(c, Endpoint::MemoriesList, &[], p))
    }
    pub fn create(
        c: &Client,
        p: &MemoryCreate,
    ) -> impl Future<Output = Result<Memory, ClientError>> {
        answer(call(c, Endpoint::MemoriesCreate, &[], body(p)))
    }
    pub fn delete(
        c: &Client,
        id: i64,
        scope: &UserScope,
    ) -> impl Future<Output = Result<(), ClientError>> {
        done(query(c, Endpoint::MemoriesDelete, &[&super::id(id)], scope))
    }
}

pub mod permissions {
    use super::*;
    use m8tes_protocol::types::{
        Page, PermissionPolicy, PermissionPolicyCreate, UserScope, UserScopedListParams,
    };

    pub fn list(
        c: &Client,
        p: &UserScopedListParams,
    ) -> impl Future<Output = Result<Page<PermissionPolicy>, ClientError>> {
        answer(query(c, Endpoint::PermissionsList, &[], p))
    }
    pub fn create(
        c: &Client,
        p: &PermissionPolicyCreate,
    ) -> impl Future<Output = Result<PermissionPolicy, ClientError>> {
        answer(call(c, Endpoint::PermissionsCreate, &[], body(p)))
    }
    pub fn delete(
        c: &Client,
        id: i64,
        scope: &UserScope,
    ) -> impl Future<Output = Result<(), ClientError>> {
        done(query(c, Endpoint::PermissionsDelete, &[&super::id(id)], scope))
    }
}

pub mod webhooks {
    use super::*;
    use m8tes_protocol::types::{
        ListParams, Page, Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate,
    };

    pub fn list(
        c: &Client,
        p: &ListParams,
    ) -> impl Future<Output = Result<Page<Webhook>, ClientError>> {
        answer(query(c, Endpoint::WebhooksList, &[], p))
    }
    pub fn get(c: &Client, id: i64) -> impl Future<Output = Result<Webhook, ClientError>> {
        answer(call(c, Endpoint::WebhooksGet, &[&super::id(id)], None))
    }
    pub fn create(
        c: &Client,
        p: &WebhookCreate,
    ) -> impl Future<Output = Result<Webhook, ClientError>> {
        answer(call(c, Endpoint::WebhooksCreate, &[], body(p)))
    }
    pub fn update(
        c: &Client,
        id: i64,
        p: &WebhookUpdate,
    ) -> impl Future<Output = Result<Webhook, ClientError>> {
        answer(call(c, Endpoint::WebhooksUpdate, &[&super::id(id)], body(p)))
    }
    pub fn delete(c: &Client, id: i64) -> impl Future<Output = Result<(), ClientError>> {
        done(call(c, Endpoint::WebhooksDelete, &[&super::id(id)], None))
    }
    pub fn list_deliveries(
        c: &Client,
        id: i64,
        p: &ListParams,
    ) -> impl Future<Output = Result<Page<WebhookDelivery>, ClientError>> {
        answer(query(c, Endpoint::WebhooksListDeliveries, &[&super::id(id)], p))
    }
}

pub mod apps {
    use super::*;
    use m8tes_protocol::types::{
        App, AppConnect, AppConnectComplete, AppConnection, AppConnectionStatus,
        AppDisconnectParams, AppListParams, Page,
    };

    pub fn list(
        c: &Client,
        p: &AppListParams,
    ) -> impl Future<Output = Result<Page<App>, ClientError>> {
        answer(query(c, Endpoint::AppsList, &[], p))
    }
    pub fn connect(
        c: &Client,
        app: &str,
        p: &AppConnect,
    ) -> impl Future<Output = Result<AppConnection, ClientError>> {
        answer(call(c, Endpoint::AppsConnect, &[app], body(p)))
    }
    pub fn connect_complete(
        c: &Client,
        app: &str,
        p: &AppConnectComplete,
    ) -> impl Future<Output = Result<AppConnectionStatus, ClientError>> {
        answer(call(c, Endpoint::AppsConnectComplete, &[app], body(p)))
    }
    pub fn disconnect(
        c: &Client,
        app: &str,
        p: &AppDisconnectParams,
    ) -> impl Future<Output = Result<(), ClientError>> {
        done(query(c, Endpoint::AppsDisconnect, &[app], p))
    }
}

pub mod account {
    use super::*;
    use m8tes_protocol::types::{Settings, SettingsUpdate, Usage};

    pub fn settings(c: &Client) -> impl Future<Output = Result<Settings, ClientError>> {
        answer(call(c, Endpoint::SettingsGet, &[], None))
    }
    pub fn update_settings(
        c: &Client,
        p: &SettingsUpdate,
    ) -> impl Future<Output = Result<Settings, ClientError>> {
        answer(call(c, Endpoint::SettingsUpdate, &[], body(p)))
    }
    pub fn usage(c: &Client) -> impl Future<Output = Result<Usage, ClientError>> {
        answer(call(c, Endpoint::AuthGetUsage, &[], None))
    }
}
