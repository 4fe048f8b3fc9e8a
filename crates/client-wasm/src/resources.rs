//! The Rust API's resources (for the console): typed calls over the endpoint table, returning
//! protocol's wire types. Each resource carries the request options its calls use.

use std::future::Future;
use std::pin::Pin;

use m8tes_protocol::query::to_query_string;
use m8tes_protocol::types::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::client::{to_body, Client};
use crate::endpoint::Endpoint;
use crate::error::ClientError;
use crate::options::RequestOptions;
use crate::run_stream::RunStream;
use crate::transport::Outgoing;
use crate::upload::{self, Upload};
use crate::waiting::{self, Gates, NoGates, WaitOptions};

/// One resource namespace bound to a client and the options of its calls.
#[derive(Clone)]
pub struct Resource<'a> {
    client: &'a Client,
    options: RequestOptions,
}

impl Client {
    /// Calls with these options (signal, timeout, retries, headers, idempotency key).
    pub fn with_options(&self, options: RequestOptions) -> Resource<'_> {
        Resource { client: self, options }
    }

    fn resource(&self) -> Resource<'_> {
        self.with_options(RequestOptions::default())
    }

    pub fn teammates(&self) -> TeammatesApi<'_> {
        TeammatesApi(self.resource())
    }
    pub fn runs(&self) -> RunsApi<'_> {
        RunsApi(self.resource())
    }
    pub fn tasks(&self) -> TasksApi<'_> {
        TasksApi(self.resource())
    }
    pub fn users(&self) -> UsersApi<'_> {
        UsersApi(self.resource())
    }
    pub fn webhooks(&self) -> WebhooksApi<'_> {
        WebhooksApi(self.resource())
    }
    pub fn apps(&self) -> AppsApi<'_> {
        AppsApi(self.resource())
    }
    pub fn memories(&self) -> MemoriesApi<'_> {
        MemoriesApi(self.resource())
    }
    pub fn permissions(&self) -> PermissionsApi<'_> {
        PermissionsApi(self.resource())
    }
    pub async fn settings(&self) -> Result<Settings, ClientError> {
        self.resource().call(Endpoint::SettingsGet, &[], None).await
    }
    pub async fn update_settings(&self, params: &SettingsUpdate) -> Result<Settings, ClientError> {
        self.resource().call(Endpoint::SettingsUpdate, &[], Some(to_body(params)?)).await
    }
    pub async fn usage(&self) -> Result<Usage, ClientError> {
        self.resource().call(Endpoint::AuthGetUsage, &[], None).await
    }
    /// Whether the account's email is verified (`GET /verify/status`).
    pub async fn is_verified(&self) -> Result<bool, ClientError> {
        let status: VerifyStatus =
            self.resource().call(Endpoint::AuthIsVerified, &[], None).await?;
        Ok(status.is_verified)
    }
    /// Sends the verification link again; answers the server's confirmation sentence.
    pub async fn resend_verify(&self) -> Result<String, ClientError> {
        let sent: VerifyResent =
            self.resource().call(Endpoint::AuthResendVerify, &[], None).await?;
        Ok(sent.message)
    }
    /// The account-wide triggers (`GET /triggers/`).
    pub fn triggers(&self) -> TriggersApi<'_> {
        TriggersApi(self.resource())
    }
}

impl<'a> Resource<'a> {
    pub fn teammates(self) -> TeammatesApi<'a> {
        TeammatesApi(self)
    }
    pub fn runs(self) -> RunsApi<'a> {
        RunsApi(self)
    }
    pub fn tasks(self) -> TasksApi<'a> {
        TasksApi(self)
    }

    async fn call<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        body: Option<String>,
    ) -> Result<T, ClientError> {
        let (status, text) = self.body_text(endpoint, ids, body, String::new()).await?;
        decode(status, &text)
    }

    async fn query<T: DeserializeOwned, Q: Serialize>(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        query: &Q,
    ) -> Result<T, ClientError> {
        let query = to_query_string(query);
        let (status, text) = self.body_text(endpoint, ids, None, query).await?;
        decode(status, &text)
    }

    /// A 2xx answer's status and body text. Boxed and not generic, so the request machinery
    /// is compiled once rather than once per answer type: only `decode` is per type (the
    /// console's wasm has a size budget).
    fn body_text<'f>(
        &'f self,
        endpoint: Endpoint,
        ids: &'f [&'f str],
        body: Option<String>,
        query: String,
    ) -> BodyText<'f> {
        Box::pin(async move {
            let response = self.client.send(endpoint, ids, body, &query, &self.options).await?;
            let status = response.status;
            Ok((status, response.text().await?))
        })
    }

    async fn empty<Q: Serialize>(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        query: Option<&Q>,
    ) -> Result<(), ClientError> {
        let query = query.map(to_query_string).unwrap_or_default();
        self.client.text(endpoint, ids, None, &query, &self.options).await.map(drop)
    }
}

type BodyText<'a> = Pin<Box<dyn Future<Output = Result<(u16, String), ClientError>> + 'a>>;

/// Reads an answer as its wire type. Never inlined: the console calls most endpoints from
/// several places, and each would otherwise carry its own copy of the JSON reader.
#[inline(never)]
fn decode<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ClientError> {
    serde_json::from_str(text)
        .map_err(|err| ClientError::InvalidResponse { status, message: err.to_string() })
}

fn id(value: i64) -> String {
    value.to_string()
}

pub struct TeammatesApi<'a>(Resource<'a>);

impl TeammatesApi<'_> {
    pub async fn create(&self, params: &TeammateCreate) -> Result<Teammate, ClientError> {
        self.0.call(Endpoint::TeammatesCreate, &[], Some(to_body(params)?)).await
    }
    pub async fn list(&self, params: &TeammateListParams) -> Result<Page<Teammate>, ClientError> {
        self.0.query(Endpoint::TeammatesList, &[], params).await
    }
    pub async fn get(&self, teammate_id: i64) -> Result<Teammate, ClientError> {
        self.0.call(Endpoint::TeammatesGet, &[&id(teammate_id)], None).await
    }
    pub async fn update(
        &self,
        teammate_id: i64,
        params: &TeammateUpdate,
    ) -> Result<Teammate, ClientError> {
        self.0.call(Endpoint::TeammatesUpdate, &[&id(teammate_id)], Some(to_body(params)?)).await
    }
    pub async fn delete(&self, teammate_id: i64) -> Result<(), ClientError> {
        self.0.empty::<()>(Endpoint::TeammatesDelete, &[&id(teammate_id)], None).await
    }
    pub async fn enable_webhook(&self, teammate_id: i64) -> Result<TeammateWebhook, ClientError> {
        self.0.call(Endpoint::TeammatesEnableWebhook, &[&id(teammate_id)], None).await
    }
    pub async fn disable_webhook(&self, teammate_id: i64) -> Result<(), ClientError> {
        self.0.empty::<()>(Endpoint::TeammatesDisableWebhook, &[&id(teammate_id)], None).await
    }
    pub async fn enable_email_inbox(&self, teammate_id: i64) -> Result<EmailInbox, ClientError> {
        self.0.call(Endpoint::TeammatesEnableEmailInbox, &[&id(teammate_id)], None).await
    }
    pub async fn disable_email_inbox(&self, teammate_id: i64) -> Result<(), ClientError> {
        self.0.empty::<()>(Endpoint::TeammatesDisableEmailInbox, &[&id(teammate_id)], None).await
    }
    /// Pauses or resumes the webhook without rotating its token: the URL survives.
    pub async fn set_webhook_enabled(
        &self,
        teammate_id: i64,
        enabled: bool,
    ) -> Result<TeammateWebhook, ClientError> {
        let body = to_body(&WebhookEnabled { enabled })?;
        self.0.call(Endpoint::TeammatesSetWebhookEnabled, &[&id(teammate_id)], Some(body)).await
    }
    /// Pauses the teammate (its schedules stop) without archiving it.
    pub async fn disable(&self, teammate_id: i64) -> Result<Teammate, ClientError> {
        self.0.call(Endpoint::TeammatesDisable, &[&id(teammate_id)], None).await
    }
    /// Resumes a paused teammate and re-arms the schedules the pause stopped.
    pub async fn enable(&self, teammate_id: i64) -> Result<Teammate, ClientError> {
        self.0.call(Endpoint::TeammatesEnable, &[&id(teammate_id)], None).await
    }
    /// Restores an archived teammate; it comes back paused.
    pub async fn unarchive(&self, teammate_id: i64) -> Result<Teammate, ClientError> {
        self.0.call(Endpoint::TeammatesUnarchive, &[&id(teammate_id)], None).await
    }
    /// Clears template overrides (the named ones, or all); answers the fields cleared.
    pub async fn reset(
        &self,
        teammate_id: i64,
        params: &TeammateReset,
    ) -> Result<Vec<String>, ClientError> {
        let body = to_body(params)?;
        let result: TeammateResetResult =
            self.0.call(Endpoint::TeammatesReset, &[&id(teammate_id)], Some(body)).await?;
        Ok(result.reset_fields)
    }
    /// The standing system prompt the teammate's next run receives.
    pub async fn system_prompt(&self, teammate_id: i64) -> Result<AgentSystemPrompt, ClientError> {
        self.0.call(Endpoint::TeammatesSystemPrompt, &[&id(teammate_id)], None).await
    }
}

pub struct RunsApi<'a>(Resource<'a>);

impl RunsApi<'_> {
    /// Starts a run and streams it (`params.stream` is forced on).
    pub fn create_stream(&self, params: &RunCreate, raise_on_error: bool) -> RunStream {
        let body = to_body(&RunCreate { stream: true, ..params.clone() });
        self.stream_of(Endpoint::RunsCreate, &[], body, raise_on_error)
    }
    /// Starts a run without streaming; it comes back `running`.
    pub async fn create(&self, params: &RunCreate) -> Result<Run, ClientError> {
        let body = to_body(&RunCreate { stream: false, ..params.clone() })?;
        self.0.call(Endpoint::RunsCreate, &[], Some(body)).await
    }
    pub fn reply_stream(&self, run_id: i64, message: &str) -> RunStream {
        let body = to_body(&RunReply { message: message.to_owned(), stream: true });
        self.stream_of(Endpoint::RunsReply, &[&id(run_id)], body, false)
    }
    pub async fn reply(&self, run_id: i64, message: &str) -> Result<Run, ClientError> {
        let body = to_body(&RunReply { message: message.to_owned(), stream: false })?;
        self.0.call(Endpoint::RunsReply, &[&id(run_id)], Some(body)).await
    }
    /// Rejoins a live run: its whole history, then live events (D9).
    pub fn stream(&self, run_id: i64) -> RunStream {
        self.stream_of(Endpoint::RunsStream, &[&id(run_id)], Ok(String::new()), false)
    }
    pub async fn get(&self, run_id: i64) -> Result<Run, ClientError> {
        self.0.call(Endpoint::RunsGet, &[&id(run_id)], None).await
    }
    pub async fn list(&self, params: &RunListParams) -> Result<Page<Run>, ClientError> {
        self.0.query(Endpoint::RunsList, &[], params).await
    }
    /// `list` with SDK 4.49's filters: a task's history, the archive, the order.
    pub async fn list_by(&self, params: &RunListQuery) -> Result<Page<Run>, ClientError> {
        self.0.query(Endpoint::RunsList, &[], params).await
    }
    /// Starts a run with files the agent can read, without streaming.
    pub async fn create_with_files(
        &self,
        params: &RunCreate,
        files: &[Upload],
    ) -> Result<Run, ClientError> {
        let out = with_files(&RunCreate { stream: false, ..params.clone() }, files)?;
        let response = self.0.client.transport().send(&out, &self.0.options).await?;
        let status = response.status;
        decode(status, &response.text().await?)
    }
    /// Starts a run with files the agent can read, and streams it.
    pub fn create_with_files_stream(
        &self,
        params: &RunCreate,
        files: &[Upload],
        raise_on_error: bool,
    ) -> RunStream {
        let out = with_files(&RunCreate { stream: true, ..params.clone() }, files);
        RunStream::new(
            self.0.client.transport().clone(),
            out,
            self.0.options.clone(),
            raise_on_error,
        )
    }
    /// The result without the transcript: summary, structured output, cost.
    pub async fn outcome(&self, run_id: i64) -> Result<RunOutcome, ClientError> {
        self.0.call(Endpoint::RunsOutcome, &[&id(run_id)], None).await
    }
    /// The transcript by `sequence`: after or before a cursor, or the newest page (`tail`).
    pub async fn messages(
        &self,
        run_id: i64,
        params: &RunMessagesParams,
    ) -> Result<Vec<RunMessage>, ClientError> {
        self.0.query(Endpoint::RunsMessages, &[&id(run_id)], params).await
    }
    /// Counts to compare between polls (`GET /runs/check`).
    pub async fn check(&self, scope: &OptionalUserScope) -> Result<RunCheck, ClientError> {
        self.0.query(Endpoint::RunsCheck, &[], scope).await
    }
    /// The runs waiting on a human: a count and the first few.
    pub async fn needs_you(&self, scope: &OptionalUserScope) -> Result<NeedsYou, ClientError> {
        self.0.query(Endpoint::RunsNeedsYou, &[], scope).await
    }
    /// Per teammate, its live and waiting runs and its latest settled one.
    pub async fn activity(
        &self,
        scope: &OptionalUserScope,
    ) -> Result<RunActivitySnapshot, ClientError> {
        self.0.query(Endpoint::RunsActivity, &[], scope).await
    }
    /// Retries a failed or cancelled run: answers the NEW run (or the retry already in flight).
    pub async fn retry(&self, run_id: i64, params: &RunRetryParams) -> Result<Run, ClientError> {
        self.0.query(Endpoint::RunsRetry, &[&id(run_id)], params).await
    }
    pub async fn archive(&self, run_id: i64) -> Result<Run, ClientError> {
        self.0.call(Endpoint::RunsArchive, &[&id(run_id)], None).await
    }
    pub async fn unarchive(&self, run_id: i64) -> Result<Run, ClientError> {
        self.0.call(Endpoint::RunsUnarchive, &[&id(run_id)], None).await
    }
    pub async fn mark_viewed(&self, run_id: i64) -> Result<Run, ClientError> {
        self.0.call(Endpoint::RunsMarkViewed, &[&id(run_id)], None).await
    }
    /// A public read-only link (the same one on every call).
    pub async fn share(&self, run_id: i64) -> Result<RunShare, ClientError> {
        self.0.call(Endpoint::RunsShare, &[&id(run_id)], None).await
    }
    pub async fn unshare(&self, run_id: i64) -> Result<(), ClientError> {
        self.0.empty::<()>(Endpoint::RunsUnshare, &[&id(run_id)], None).await
    }
    pub async fn cancel(&self, run_id: i64) -> Result<Run, ClientError> {
        self.0.call(Endpoint::RunsCancel, &[&id(run_id)], None).await
    }
    pub async fn update_permission_mode(
        &self,
        run_id: i64,
        permission_mode: PermissionMode,
    ) -> Result<PermissionModeState, ClientError> {
        let body = to_body(&PermissionModeUpdate { permission_mode })?;
        self.0.call(Endpoint::RunsUpdatePermissionMode, &[&id(run_id)], Some(body)).await
    }
    pub async fn permissions(&self, run_id: i64) -> Result<Vec<PermissionRequest>, ClientError> {
        self.0.call(Endpoint::RunsPermissions, &[&id(run_id)], None).await
    }
    pub async fn approve(
        &self,
        run_id: i64,
        approval: &Approval,
    ) -> Result<PermissionRequest, ClientError> {
        self.0.call(Endpoint::RunsApprove, &[&id(run_id)], Some(to_body(approval)?)).await
    }
    pub async fn answer(
        &self,
        run_id: i64,
        answers: &Answers,
    ) -> Result<AnswerResult, ClientError> {
        self.0.call(Endpoint::RunsAnswer, &[&id(run_id)], Some(to_body(answers)?)).await
    }
    pub async fn list_files(&self, run_id: i64) -> Result<Vec<RunFile>, ClientError> {
        self.0.call(Endpoint::RunsListFiles, &[&id(run_id)], None).await
    }
    pub async fn download_file(&self, run_id: i64, filename: &str) -> Result<Vec<u8>, ClientError> {
        let ids = [id(run_id), filename.to_owned()];
        let ids = [ids[0].as_str(), ids[1].as_str()];
        let response =
            self.0.client.send(Endpoint::RunsDownloadFile, &ids, None, "", &self.0.options).await?;
        response.bytes().await
    }
    /// Reads the run until it ends (D8).
    pub async fn poll(&self, run_id: i64, wait: WaitOptions) -> Result<Run, ClientError> {
        self.wait(run_id, wait, &NoGates).await
    }
    /// Reads the run until it ends, answering its gates through `gates` (D8).
    pub async fn wait<G: Gates>(
        &self,
        run_id: i64,
        wait: WaitOptions,
        gates: &G,
    ) -> Result<Run, ClientError> {
        let text = waiting::wait(self.0.client, &id(run_id), wait, &self.0.options, gates).await?;
        serde_json::from_str(&text)
            .map_err(|err| ClientError::InvalidResponse { status: 200, message: err.to_string() })
    }

    fn stream_of(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        body: Result<String, ClientError>,
        raise_on_error: bool,
    ) -> RunStream {
        let outgoing = body.and_then(|body| {
            let body = (!body.is_empty()).then_some(body);
            endpoint.outgoing(ids, body, "")
        });
        RunStream::new(
            self.0.client.transport().clone(),
            outgoing,
            self.0.options.clone(),
            raise_on_error,
        )
    }
}

/// `POST /runs/with-files`: the run's JSON as the form's `payload`, then the files.
fn with_files(params: &RunCreate, files: &[Upload]) -> Result<Outgoing, ClientError> {
    let endpoint = Endpoint::RunsCreateWithFiles;
    let payload = to_body(params)?;
    let mut out = endpoint.outgoing(&[], None, "")?;
    out.form = Some(upload::form(&payload, files)?.into());
    Ok(out)
}

pub struct TasksApi<'a>(Resource<'a>);

impl TasksApi<'_> {
    pub async fn create(&self, params: &TaskCreate) -> Result<Task, ClientError> {
        self.0.call(Endpoint::TasksCreate, &[], Some(to_body(params)?)).await
    }
    pub async fn list(&self, params: &TaskListParams) -> Result<Page<Task>, ClientError> {
        self.0.query(Endpoint::TasksList, &[], params).await
    }
    pub async fn get(&self, task_id: i64) -> Result<Task, ClientError> {
        self.0.call(Endpoint::TasksGet, &[&id(task_id)], None).await
    }
    pub async fn update(&self, task_id: i64, params: &TaskUpdate) -> Result<Task, ClientError> {
        self.0.call(Endpoint::TasksUpdate, &[&id(task_id)], Some(to_body(params)?)).await
    }
    pub async fn delete(&self, task_id: i64) -> Result<(), ClientError> {
        self.0.empty::<()>(Endpoint::TasksDelete, &[&id(task_id)], None).await
    }
    pub async fn run(&self, task_id: i64, params: &TaskRunCreate) -> Result<Run, ClientError> {
        let body = to_body(&TaskRunCreate { stream: false, ..params.clone() })?;
        self.0.call(Endpoint::TasksRun, &[&id(task_id)], Some(body)).await
    }
    pub fn run_stream(&self, task_id: i64, params: &TaskRunCreate) -> RunStream {
        let body = to_body(&TaskRunCreate { stream: true, ..params.clone() });
        RunsApi(self.0.clone()).stream_of(Endpoint::TasksRun, &[&id(task_id)], body, false)
    }
    pub async fn create_trigger(
        &self,
        task_id: i64,
        params: &TriggerCreate,
    ) -> Result<Trigger, ClientError> {
        self.0.call(Endpoint::TriggersCreate, &[&id(task_id)], Some(to_body(params)?)).await
    }
    /// A task's triggers; the server may answer a bare array or an envelope.
    pub async fn list_triggers(&self, task_id: i64) -> Result<Vec<Trigger>, ClientError> {
        let text = self
            .0
            .client
            .text(Endpoint::TriggersList, &[&id(task_id)], None, "", &self.0.options)
            .await?;
        let page = crate::pages::read_page(Endpoint::TriggersList, text, None)
            .and_then(|page| {
                serde_json::from_str::<Page<Trigger>>(&page.body).map_err(|e| e.to_string())
            })
            .map_err(|message| ClientError::InvalidResponse { status: 200, message })?;
        Ok(page.data)
    }
    pub async fn delete_trigger(&self, task_id: i64, trigger_id: i64) -> Result<(), ClientError> {
        let ids = [id(task_id), id(trigger_id)];
        self.0.empty::<()>(Endpoint::TriggersDelete, &[&ids[0], &ids[1]], None).await
    }
    /// Pauses or resumes a trigger, or reshapes its schedule in place.
    pub async fn update_trigger(
        &self,
        task_id: i64,
        trigger_id: i64,
        params: &TriggerUpdate,
    ) -> Result<Trigger, ClientError> {
        let ids = [id(task_id), id(trigger_id)];
        let body = Some(to_body(params)?);
        self.0.call(Endpoint::TriggersUpdate, &[&ids[0], &ids[1]], body).await
    }
    /// Runs the task and reads the run until it ends, answering its gates (SDK 4.49
    /// `run_and_wait`: a non-streaming run, then `runs.wait`).
    pub async fn run_and_wait<G: Gates>(
        &self,
        task_id: i64,
        params: &TaskRunCreate,
        wait: WaitOptions,
        gates: &G,
    ) -> Result<Run, ClientError> {
        let run = self.run(task_id, params).await?;
        RunsApi(self.0.clone()).wait(run.id, wait, gates).await
    }
    /// Mints (or rotates) the task's webhook URL.
    pub async fn enable_webhook(&self, task_id: i64) -> Result<TeammateWebhook, ClientError> {
        self.0.call(Endpoint::TasksEnableWebhook, &[&id(task_id)], None).await
    }
    /// Pauses or resumes the task's webhook without rotating its token.
    pub async fn set_webhook_enabled(
        &self,
        task_id: i64,
        enabled: bool,
    ) -> Result<TeammateWebhook, ClientError> {
        let body = to_body(&WebhookEnabled { enabled })?;
        self.0.call(Endpoint::TasksSetWebhookEnabled, &[&id(task_id)], Some(body)).await
    }
    pub async fn disable_webhook(&self, task_id: i64) -> Result<(), ClientError> {
        self.0.empty::<()>(Endpoint::TasksDisableWebhook, &[&id(task_id)], None).await
    }
    /// What the task's agent has learned for its future runs.
    pub async fn lessons(&self, task_id: i64) -> Result<LessonList, ClientError> {
        self.0.call(Endpoint::LessonsList, &[&id(task_id)], None).await
    }
    /// Deletes one lesson; answers those left.
    pub async fn delete_lesson(
        &self,
        task_id: i64,
        lesson_id: &str,
    ) -> Result<LessonList, ClientError> {
        self.0.call(Endpoint::LessonsDelete, &[&id(task_id), lesson_id], None).await
    }
    /// Deletes every lesson; answers the empty list.
    pub async fn clear_lessons(&self, task_id: i64) -> Result<LessonList, ClientError> {
        self.0.call(Endpoint::LessonsClear, &[&id(task_id)], None).await
    }
}

pub struct TriggersApi<'a>(Resource<'a>);

impl TriggersApi<'_> {
    /// Every trigger of the account, optionally by end user, type or task.
    pub async fn list(&self, params: &TriggerListParams) -> Result<Page<Trigger>, ClientError> {
        self.0.query(Endpoint::AccountTriggersList, &[], params).await
    }
}

pub struct UsersApi<'a>(Resource<'a>);

impl UsersApi<'_> {
    pub async fn create(&self, params: &EndUserCreate) -> Result<EndUser, ClientError> {
        self.0.call(Endpoint::UsersCreate, &[], Some(to_body(params)?)).await
    }
    pub async fn list(&self, params: &ListParams) -> Result<Page<EndUser>, ClientError> {
        self.0.query(Endpoint::UsersList, &[], params).await
    }
    pub async fn get(&self, user_id: &str) -> Result<EndUser, ClientError> {
        self.0.call(Endpoint::UsersGet, &[user_id], None).await
    }
    pub async fn update(
        &self,
        user_id: &str,
        params: &EndUserUpdate,
    ) -> Result<EndUser, ClientError> {
        self.0.call(Endpoint::UsersUpdate, &[user_id], Some(to_body(params)?)).await
    }
    pub async fn delete(&self, user_id: &str) -> Result<(), ClientError> {
        self.0.empty::<()>(Endpoint::UsersDelete, &[user_id], None).await
    }
    /// Usage this billing period, per end user (or of one).
    pub async fn usage(
        &self,
        params: &EndUserUsageParams,
    ) -> Result<Page<EndUserUsage>, ClientError> {
        self.0.query(Endpoint::UsersUsage, &[], params).await
    }
}

pub struct WebhooksApi<'a>(Resource<'a>);

impl WebhooksApi<'_> {
    pub async fn create(&self, params: &WebhookCreate) -> Result<Webhook, ClientError> {
        self.0.call(Endpoint::WebhooksCreate, &[], Some(to_body(params)?)).await
    }
    pub async fn list(&self, params: &ListParams) -> Result<Page<Webhook>, ClientError> {
        self.0.query(Endpoint::WebhooksList, &[], params).await
    }
    pub async fn get(&self, webhook_id: i64) -> Result<Webhook, ClientError> {
        self.0.call(Endpoint::WebhooksGet, &[&id(webhook_id)], None).await
    }
    pub async fn update(
        &self,
        webhook_id: i64,
        params: &WebhookUpdate,
    ) -> Result<Webhook, ClientError> {
        self.0.call(Endpoint::WebhooksUpdate, &[&id(webhook_id)], Some(to_body(params)?)).await
    }
    pub async fn delete(&self, webhook_id: i64) -> Result<(), ClientError> {
        self.0.empty::<()>(Endpoint::WebhooksDelete, &[&id(webhook_id)], None).await
    }
    pub async fn list_deliveries(
        &self,
        webhook_id: i64,
        params: &ListParams,
    ) -> Result<Page<WebhookDelivery>, ClientError> {
        self.0.query(Endpoint::WebhooksListDeliveries, &[&id(webhook_id)], params).await
    }
}

pub struct AppsApi<'a>(Resource<'a>);

impl AppsApi<'_> {
    pub async fn list(&self, params: &AppListParams) -> Result<Page<App>, ClientError> {
        self.0.query(Endpoint::AppsList, &[], params).await
    }
    pub async fn connect(
        &self,
        app: &str,
        params: &AppConnect,
    ) -> Result<AppConnection, ClientError> {
        self.0.call(Endpoint::AppsConnect, &[app], Some(to_body(params)?)).await
    }
    pub async fn connect_complete(
        &self,
        app: &str,
        params: &AppConnectComplete,
    ) -> Result<AppConnectionStatus, ClientError> {
        self.0.call(Endpoint::AppsConnectComplete, &[app], Some(to_body(params)?)).await
    }
    pub async fn disconnect(
        &self,
        app: &str,
        params: &AppDisconnectParams,
    ) -> Result<(), ClientError> {
        self.0.empty(Endpoint::AppsDisconnect, &[app], Some(params)).await
    }
}

pub struct MemoriesApi<'a>(Resource<'a>);

impl MemoriesApi<'_> {
    pub async fn create(&self, params: &MemoryCreate) -> Result<Memory, ClientError> {
        self.0.call(Endpoint::MemoriesCreate, &[], Some(to_body(params)?)).await
    }
    pub async fn list(&self, params: &UserScopedListParams) -> Result<Page<Memory>, ClientError> {
        self.0.query(Endpoint::MemoriesList, &[], params).await
    }
    /// Corrects the content, the audience, or both, in the given scope.
    pub async fn update(
        &self,
        memory_id: i64,
        params: &MemoryUpdate,
        scope: &UserScope,
    ) -> Result<Memory, ClientError> {
        let body = to_body(params)?;
        let query = to_query_string(scope);
        let ids = [id(memory_id)];
        let (status, text) =
            self.0.body_text(Endpoint::MemoriesUpdate, &[&ids[0]], Some(body), query).await?;
        decode(status, &text)
    }
    pub async fn delete(&self, memory_id: i64, scope: &UserScope) -> Result<(), ClientError> {
        self.0.empty(Endpoint::MemoriesDelete, &[&id(memory_id)], Some(scope)).await
    }
}

pub struct PermissionsApi<'a>(Resource<'a>);

impl PermissionsApi<'_> {
    pub async fn create(
        &self,
        params: &PermissionPolicyCreate,
    ) -> Result<PermissionPolicy, ClientError> {
        self.0.call(Endpoint::PermissionsCreate, &[], Some(to_body(params)?)).await
    }
    pub async fn list(
        &self,
        params: &UserScopedListParams,
    ) -> Result<Page<PermissionPolicy>, ClientError> {
        self.0.query(Endpoint::PermissionsList, &[], params).await
    }
    pub async fn delete(&self, policy_id: i64, scope: &UserScope) -> Result<(), ClientError> {
        self.0.empty(Endpoint::PermissionsDelete, &[&id(policy_id)], Some(scope)).await
    }
}
