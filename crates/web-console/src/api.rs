//! The console's calls, by name, over client-wasm's typed resources (`client.runs().get(..)`):
//! the client does the HTTP, retries, errors and SSE. Pages hold ids as route text, so this is
//! where an id is read as a number, and where each call's future is boxed: one compiled copy
//! of the client's request machinery serves every page (the wasm has a size budget).

use std::future::Future;
use std::pin::Pin;

use m8tes_client_wasm::error::ClientError;
use m8tes_client_wasm::run_stream::RunStream;
use m8tes_client_wasm::Client;
use m8tes_protocol::types::*;

pub type Outcome<T> = Result<T, ClientError>;
pub type Pending<T> = Pin<Box<dyn Future<Output = Outcome<T>>>>;

/// A route's id as the number the API wants; a refusal names it, and nothing is sent.
fn id(text: &str) -> Outcome<i64> {
    text.parse().map_err(|_| ClientError::invalid(format!("“{text}” is not an id")))
}

/// Boxes a call made on an owned client, so the page's future holds only a pointer.
fn boxed<T: 'static, F>(client: &Client, call: impl FnOnce(Client) -> F + 'static) -> Pending<T>
where
    F: Future<Output = Outcome<T>> + 'static,
{
    Box::pin(call(client.clone()))
}

// Teammates.
pub fn teammates_list(c: &Client, params: &TeammateListParams) -> Pending<Page<Teammate>> {
    let params = params.clone();
    boxed(c, move |c| async move { c.teammates().list(&params).await })
}
pub fn teammates_get(c: &Client, teammate: &str) -> Pending<Teammate> {
    let teammate = id(teammate);
    boxed(c, move |c| async move { c.teammates().get(teammate?).await })
}
pub fn teammates_create(c: &Client, params: &TeammateCreate) -> Pending<Teammate> {
    let params = params.clone();
    boxed(c, move |c| async move { c.teammates().create(&params).await })
}
pub fn teammates_update(c: &Client, teammate: &str, params: &TeammateUpdate) -> Pending<Teammate> {
    let (teammate, params) = (id(teammate), params.clone());
    boxed(c, move |c| async move { c.teammates().update(teammate?, &params).await })
}
pub fn teammates_delete(c: &Client, teammate: &str) -> Pending<()> {
    let teammate = id(teammate);
    boxed(c, move |c| async move { c.teammates().delete(teammate?).await })
}
pub fn teammates_enable_webhook(c: &Client, teammate: &str) -> Pending<TeammateWebhook> {
    let teammate = id(teammate);
    boxed(c, move |c| async move { c.teammates().enable_webhook(teammate?).await })
}
pub fn teammates_disable_webhook(c: &Client, teammate: &str) -> Pending<()> {
    let teammate = id(teammate);
    boxed(c, move |c| async move { c.teammates().disable_webhook(teammate?).await })
}
pub fn teammates_enable_email(c: &Client, teammate: &str) -> Pending<EmailInbox> {
    let teammate = id(teammate);
    boxed(c, move |c| async move { c.teammates().enable_email_inbox(teammate?).await })
}
pub fn teammates_disable_email(c: &Client, teammate: &str) -> Pending<()> {
    let teammate = id(teammate);
    boxed(c, move |c| async move { c.teammates().disable_email_inbox(teammate?).await })
}

// Runs.
pub fn runs_create(c: &Client, params: &RunCreate) -> RunStream {
    c.runs().create_stream(params, false)
}
pub fn runs_reply(c: &Client, run: i64, message: &str) -> RunStream {
    c.runs().reply_stream(run, message)
}
/// Rejoins a live run: the whole history again, then live events (D9).
pub fn runs_stream(c: &Client, run: i64) -> RunStream {
    c.runs().stream(run)
}
pub fn runs_list(c: &Client, params: &RunListParams) -> Pending<Page<Run>> {
    let params = params.clone();
    boxed(c, move |c| async move { c.runs().list(&params).await })
}
pub fn runs_get(c: &Client, run: i64) -> Pending<Run> {
    boxed(c, move |c| async move { c.runs().get(run).await })
}
pub fn runs_cancel(c: &Client, run: i64) -> Pending<Run> {
    boxed(c, move |c| async move { c.runs().cancel(run).await })
}
pub fn runs_permissions(c: &Client, run: i64) -> Pending<Vec<PermissionRequest>> {
    boxed(c, move |c| async move { c.runs().permissions(run).await })
}
pub fn runs_approve(c: &Client, run: i64, approval: Approval) -> Pending<PermissionRequest> {
    boxed(c, move |c| async move { c.runs().approve(run, &approval).await })
}
pub fn runs_answer(c: &Client, run: i64, answers: Answers) -> Pending<AnswerResult> {
    boxed(c, move |c| async move { c.runs().answer(run, &answers).await })
}
pub fn runs_files(c: &Client, run: i64) -> Pending<Vec<RunFile>> {
    boxed(c, move |c| async move { c.runs().list_files(run).await })
}
pub fn runs_download(c: &Client, run: i64, name: &str) -> Pending<Vec<u8>> {
    let name = name.to_owned();
    boxed(c, move |c| async move { c.runs().download_file(run, &name).await })
}

// Tasks and triggers.
pub fn tasks_list(c: &Client, params: &TaskListParams) -> Pending<Page<Task>> {
    let params = params.clone();
    boxed(c, move |c| async move { c.tasks().list(&params).await })
}
pub fn tasks_get(c: &Client, task: &str) -> Pending<Task> {
    let task = id(task);
    boxed(c, move |c| async move { c.tasks().get(task?).await })
}
pub fn tasks_create(c: &Client, params: &TaskCreate) -> Pending<Task> {
    let params = params.clone();
    boxed(c, move |c| async move { c.tasks().create(&params).await })
}
pub fn tasks_update(c: &Client, task: &str, params: &TaskUpdate) -> Pending<Task> {
    let (task, params) = (id(task), params.clone());
    boxed(c, move |c| async move { c.tasks().update(task?, &params).await })
}
pub fn tasks_delete(c: &Client, task: &str) -> Pending<()> {
    let task = id(task);
    boxed(c, move |c| async move { c.tasks().delete(task?).await })
}
pub fn tasks_run(c: &Client, task: &str, params: &TaskRunCreate) -> Outcome<RunStream> {
    Ok(c.tasks().run_stream(id(task)?, params))
}
pub fn triggers_list(c: &Client, task: &str) -> Pending<Vec<Trigger>> {
    let task = id(task);
    boxed(c, move |c| async move { c.tasks().list_triggers(task?).await })
}
pub fn triggers_create(c: &Client, task: &str, params: &TriggerCreate) -> Pending<Trigger> {
    let (task, params) = (id(task), params.clone());
    boxed(c, move |c| async move { c.tasks().create_trigger(task?, &params).await })
}
pub fn triggers_delete(c: &Client, task: &str, trigger: i64) -> Pending<()> {
    let task = id(task);
    boxed(c, move |c| async move { c.tasks().delete_trigger(task?, trigger).await })
}

// Apps.
pub fn apps_list(c: &Client, params: &AppListParams) -> Pending<Page<App>> {
    let params = params.clone();
    boxed(c, move |c| async move { c.apps().list(&params).await })
}
pub fn apps_connect(c: &Client, app: &str, params: &AppConnect) -> Pending<AppConnection> {
    let (app, params) = (app.to_owned(), params.clone());
    boxed(c, move |c| async move { c.apps().connect(&app, &params).await })
}
pub fn apps_connect_complete(
    c: &Client,
    app: &str,
    params: &AppConnectComplete,
) -> Pending<AppConnectionStatus> {
    let (app, params) = (app.to_owned(), params.clone());
    boxed(c, move |c| async move { c.apps().connect_complete(&app, &params).await })
}
pub fn apps_disconnect(c: &Client, app: &str, params: &AppDisconnectParams) -> Pending<()> {
    let (app, params) = (app.to_owned(), params.clone());
    boxed(c, move |c| async move { c.apps().disconnect(&app, &params).await })
}

// End users, memories, pre-approved tools.
pub fn users_list(c: &Client, params: &ListParams) -> Pending<Page<EndUser>> {
    let params = params.clone();
    boxed(c, move |c| async move { c.users().list(&params).await })
}
pub fn users_get(c: &Client, user_id: &str) -> Pending<EndUser> {
    let user_id = user_id.to_owned();
    boxed(c, move |c| async move { c.users().get(&user_id).await })
}
pub fn users_create(c: &Client, params: &EndUserCreate) -> Pending<EndUser> {
    let params = params.clone();
    boxed(c, move |c| async move { c.users().create(&params).await })
}
pub fn memories_list(c: &Client, params: &UserScopedListParams) -> Pending<Page<Memory>> {
    let params = params.clone();
    boxed(c, move |c| async move { c.memories().list(&params).await })
}
pub fn memories_create(c: &Client, params: &MemoryCreate) -> Pending<Memory> {
    let params = params.clone();
    boxed(c, move |c| async move { c.memories().create(&params).await })
}
pub fn memories_delete(c: &Client, memory: i64, scope: &UserScope) -> Pending<()> {
    let scope = scope.clone();
    boxed(c, move |c| async move { c.memories().delete(memory, &scope).await })
}
pub fn permissions_list(
    c: &Client,
    params: &UserScopedListParams,
) -> Pending<Page<PermissionPolicy>> {
    let params = params.clone();
    boxed(c, move |c| async move { c.permissions().list(&params).await })
}
pub fn permissions_create(
    c: &Client,
    params: &PermissionPolicyCreate,
) -> Pending<PermissionPolicy> {
    let params = params.clone();
    boxed(c, move |c| async move { c.permissions().create(&params).await })
}
pub fn permissions_delete(c: &Client, policy: i64, scope: &UserScope) -> Pending<()> {
    let scope = scope.clone();
    boxed(c, move |c| async move { c.permissions().delete(policy, &scope).await })
}

// Outbound webhooks.
pub fn webhooks_list(c: &Client, params: &ListParams) -> Pending<Page<Webhook>> {
    let params = params.clone();
    boxed(c, move |c| async move { c.webhooks().list(&params).await })
}
pub fn webhooks_get(c: &Client, webhook: &str) -> Pending<Webhook> {
    let webhook = id(webhook);
    boxed(c, move |c| async move { c.webhooks().get(webhook?).await })
}
pub fn webhooks_create(c: &Client, params: &WebhookCreate) -> Pending<Webhook> {
    let params = params.clone();
    boxed(c, move |c| async move { c.webhooks().create(&params).await })
}
pub fn webhooks_update(c: &Client, webhook: &str, params: &WebhookUpdate) -> Pending<Webhook> {
    let (webhook, params) = (id(webhook), params.clone());
    boxed(c, move |c| async move { c.webhooks().update(webhook?, &params).await })
}
pub fn webhooks_delete(c: &Client, webhook: &str) -> Pending<()> {
    let webhook = id(webhook);
    boxed(c, move |c| async move { c.webhooks().delete(webhook?).await })
}
pub fn webhooks_deliveries(
    c: &Client,
    webhook: &str,
    params: &ListParams,
) -> Pending<Page<WebhookDelivery>> {
    let (webhook, params) = (id(webhook), params.clone());
    boxed(c, move |c| async move { c.webhooks().list_deliveries(webhook?, &params).await })
}

// Account.
pub fn settings_get(c: &Client) -> Pending<Settings> {
    boxed(c, |c| async move { c.settings().await })
}
pub fn settings_update(c: &Client, params: &SettingsUpdate) -> Pending<Settings> {
    let params = params.clone();
    boxed(c, move |c| async move { c.update_settings(&params).await })
}
pub fn usage(c: &Client) -> Pending<Usage> {
    boxed(c, |c| async move { c.usage().await })
}
