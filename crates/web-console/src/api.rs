//! The calls the console makes, each one line over client-wasm's `Client` and its endpoint
//! table: the client does the HTTP (retries, idempotency, errors, SSE); this module only
//! names the endpoint and the wire type of each call, so pages read as `api::runs_get(..)`.

use std::future::Future;
use std::pin::Pin;

use m8tes_client_wasm::endpoint::Endpoint;
use m8tes_client_wasm::error::ClientError;
use m8tes_client_wasm::options::RequestOptions;
use m8tes_client_wasm::run_stream::RunStream;
use m8tes_client_wasm::Client;
use m8tes_protocol::query::to_query_string;
use m8tes_protocol::types::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub type Outcome<T> = Result<T, ClientError>;

/// A request's future, boxed: every call shares one compiled copy of the client's (large)
/// request state machine instead of inlining it per wire type. The wasm budget needs this.
type Pending<T> = Pin<Box<dyn Future<Output = Outcome<T>>>>;

fn body<T: Serialize>(value: &T) -> Outcome<Option<String>> {
    serde_json::to_string(value).map(Some).map_err(|err| ClientError::invalid(err.to_string()))
}

fn owned(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| (*id).to_owned()).collect()
}

/// The body of a JSON endpoint as text (empty for a 204).
fn text(
    client: &Client,
    endpoint: Endpoint,
    ids: &[&str],
    body: Option<String>,
    query: &str,
) -> Pending<String> {
    let (client, ids, query) = (client.clone(), owned(ids), query.to_owned());
    Box::pin(async move {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        client.text(endpoint, &ids, body, &query, &RequestOptions::default()).await
    })
}

fn parse<T: DeserializeOwned>(text: &str) -> Outcome<T> {
    serde_json::from_str(text)
        .map_err(|err| ClientError::InvalidResponse { status: 200, message: err.to_string() })
}

async fn json<T: DeserializeOwned>(
    client: &Client,
    endpoint: Endpoint,
    ids: &[&str],
    body: Option<String>,
    query: &str,
) -> Outcome<T> {
    parse(&text(client, endpoint, ids, body, query).await?)
}

async fn empty(client: &Client, endpoint: Endpoint, ids: &[&str], query: &str) -> Outcome<()> {
    text(client, endpoint, ids, None, query).await.map(|_| ())
}

fn page_text(client: &Client, endpoint: Endpoint, ids: &[&str], query: &str) -> Pending<String> {
    let (client, ids, query) = (client.clone(), owned(ids), query.to_owned());
    Box::pin(async move {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let page = client.page(endpoint, &ids, &query, None, &RequestOptions::default()).await?;
        Ok(page.body)
    })
}

async fn page<T: DeserializeOwned>(
    client: &Client,
    endpoint: Endpoint,
    ids: &[&str],
    query: &str,
) -> Outcome<Page<T>> {
    parse(&page_text(client, endpoint, ids, query).await?)
}

// Teammates.
pub async fn teammates_list(c: &Client, params: &TeammateListParams) -> Outcome<Page<Teammate>> {
    page(c, Endpoint::TeammatesList, &[], &to_query_string(params)).await
}
pub async fn teammates_get(c: &Client, id: &str) -> Outcome<Teammate> {
    json(c, Endpoint::TeammatesGet, &[id], None, "").await
}
pub async fn teammates_create(c: &Client, params: &TeammateCreate) -> Outcome<Teammate> {
    json(c, Endpoint::TeammatesCreate, &[], body(params)?, "").await
}
pub async fn teammates_update(c: &Client, id: &str, params: &TeammateUpdate) -> Outcome<Teammate> {
    json(c, Endpoint::TeammatesUpdate, &[id], body(params)?, "").await
}
pub async fn teammates_delete(c: &Client, id: &str) -> Outcome<()> {
    empty(c, Endpoint::TeammatesDelete, &[id], "").await
}
pub async fn teammates_enable_webhook(c: &Client, id: &str) -> Outcome<TeammateWebhook> {
    json(c, Endpoint::TeammatesEnableWebhook, &[id], None, "").await
}
pub async fn teammates_disable_webhook(c: &Client, id: &str) -> Outcome<()> {
    empty(c, Endpoint::TeammatesDisableWebhook, &[id], "").await
}
pub async fn teammates_enable_email(c: &Client, id: &str) -> Outcome<EmailInbox> {
    json(c, Endpoint::TeammatesEnableEmailInbox, &[id], None, "").await
}
pub async fn teammates_disable_email(c: &Client, id: &str) -> Outcome<()> {
    empty(c, Endpoint::TeammatesDisableEmailInbox, &[id], "").await
}

// Runs.
pub fn runs_create(c: &Client, params: &RunCreate) -> Outcome<RunStream> {
    Ok(c.stream(Endpoint::RunsCreate, &[], body(params)?, RequestOptions::default(), false))
}
pub fn runs_reply(c: &Client, id: &str, params: &RunReply) -> Outcome<RunStream> {
    Ok(c.stream(Endpoint::RunsReply, &[id], body(params)?, RequestOptions::default(), false))
}
/// Rejoins a live run: the whole history again, then live events (D9).
pub fn runs_stream(c: &Client, id: &str) -> RunStream {
    c.stream(Endpoint::RunsStream, &[id], None, RequestOptions::default(), false)
}
pub async fn runs_list(c: &Client, params: &RunListParams) -> Outcome<Page<Run>> {
    page(c, Endpoint::RunsList, &[], &to_query_string(params)).await
}
pub async fn runs_get(c: &Client, id: &str) -> Outcome<Run> {
    json(c, Endpoint::RunsGet, &[id], None, "").await
}
pub async fn runs_cancel(c: &Client, id: &str) -> Outcome<Run> {
    json(c, Endpoint::RunsCancel, &[id], None, "").await
}
pub async fn runs_permissions(c: &Client, id: &str) -> Outcome<Vec<PermissionRequest>> {
    json(c, Endpoint::RunsPermissions, &[id], None, "").await
}
pub async fn runs_approve(c: &Client, id: &str, params: &Approval) -> Outcome<PermissionRequest> {
    json(c, Endpoint::RunsApprove, &[id], body(params)?, "").await
}
pub async fn runs_answer(c: &Client, id: &str, params: &Answers) -> Outcome<AnswerResult> {
    json(c, Endpoint::RunsAnswer, &[id], body(params)?, "").await
}
pub async fn runs_files(c: &Client, id: &str) -> Outcome<Vec<RunFile>> {
    json(c, Endpoint::RunsListFiles, &[id], None, "").await
}
pub fn runs_download(c: &Client, id: &str, name: &str) -> Pending<Vec<u8>> {
    let (client, ids) = (c.clone(), owned(&[id, name]));
    Box::pin(async move {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let response = client
            .send(Endpoint::RunsDownloadFile, &ids, None, "", &RequestOptions::default())
            .await?;
        response.bytes().await
    })
}

// Tasks and triggers.
pub async fn tasks_list(c: &Client, params: &TaskListParams) -> Outcome<Page<Task>> {
    page(c, Endpoint::TasksList, &[], &to_query_string(params)).await
}
pub async fn tasks_get(c: &Client, id: &str) -> Outcome<Task> {
    json(c, Endpoint::TasksGet, &[id], None, "").await
}
pub async fn tasks_create(c: &Client, params: &TaskCreate) -> Outcome<Task> {
    json(c, Endpoint::TasksCreate, &[], body(params)?, "").await
}
pub async fn tasks_update(c: &Client, id: &str, params: &TaskUpdate) -> Outcome<Task> {
    json(c, Endpoint::TasksUpdate, &[id], body(params)?, "").await
}
pub async fn tasks_delete(c: &Client, id: &str) -> Outcome<()> {
    empty(c, Endpoint::TasksDelete, &[id], "").await
}
pub fn tasks_run(c: &Client, id: &str, params: &TaskRunCreate) -> Outcome<RunStream> {
    Ok(c.stream(Endpoint::TasksRun, &[id], body(params)?, RequestOptions::default(), false))
}
pub async fn triggers_list(c: &Client, task: &str) -> Outcome<Page<Trigger>> {
    page(c, Endpoint::TriggersList, &[task], "").await
}
pub async fn triggers_create(c: &Client, task: &str, params: &TriggerCreate) -> Outcome<Trigger> {
    json(c, Endpoint::TriggersCreate, &[task], body(params)?, "").await
}
pub async fn triggers_delete(c: &Client, task: &str, id: &str) -> Outcome<()> {
    empty(c, Endpoint::TriggersDelete, &[task, id], "").await
}

// Apps.
pub async fn apps_list(c: &Client, params: &AppListParams) -> Outcome<Page<App>> {
    page(c, Endpoint::AppsList, &[], &to_query_string(params)).await
}
pub async fn apps_connect(c: &Client, app: &str, params: &AppConnect) -> Outcome<AppConnection> {
    json(c, Endpoint::AppsConnect, &[app], body(params)?, "").await
}
pub async fn apps_connect_complete(
    c: &Client,
    app: &str,
    params: &AppConnectComplete,
) -> Outcome<AppConnectionStatus> {
    json(c, Endpoint::AppsConnectComplete, &[app], body(params)?, "").await
}
pub async fn apps_disconnect(c: &Client, app: &str, params: &AppDisconnectParams) -> Outcome<()> {
    empty(c, Endpoint::AppsDisconnect, &[app], &to_query_string(params)).await
}

// End users, memories, pre-approved tools.
pub async fn users_list(c: &Client, params: &ListParams) -> Outcome<Page<EndUser>> {
    page(c, Endpoint::UsersList, &[], &to_query_string(params)).await
}
pub async fn users_get(c: &Client, user_id: &str) -> Outcome<EndUser> {
    json(c, Endpoint::UsersGet, &[user_id], None, "").await
}
pub async fn users_create(c: &Client, params: &EndUserCreate) -> Outcome<EndUser> {
    json(c, Endpoint::UsersCreate, &[], body(params)?, "").await
}
pub async fn memories_list(c: &Client, params: &UserScopedListParams) -> Outcome<Page<Memory>> {
    page(c, Endpoint::MemoriesList, &[], &to_query_string(params)).await
}
pub async fn memories_create(c: &Client, params: &MemoryCreate) -> Outcome<Memory> {
    json(c, Endpoint::MemoriesCreate, &[], body(params)?, "").await
}
pub async fn memories_delete(c: &Client, id: &str, scope: &UserScope) -> Outcome<()> {
    empty(c, Endpoint::MemoriesDelete, &[id], &to_query_string(scope)).await
}
pub async fn permissions_list(
    c: &Client,
    params: &UserScopedListParams,
) -> Outcome<Page<PermissionPolicy>> {
    page(c, Endpoint::PermissionsList, &[], &to_query_string(params)).await
}
pub async fn permissions_create(
    c: &Client,
    params: &PermissionPolicyCreate,
) -> Outcome<PermissionPolicy> {
    json(c, Endpoint::PermissionsCreate, &[], body(params)?, "").await
}
pub async fn permissions_delete(c: &Client, id: &str, scope: &UserScope) -> Outcome<()> {
    empty(c, Endpoint::PermissionsDelete, &[id], &to_query_string(scope)).await
}

// Outbound webhooks.
pub async fn webhooks_list(c: &Client, params: &ListParams) -> Outcome<Page<Webhook>> {
    page(c, Endpoint::WebhooksList, &[], &to_query_string(params)).await
}
pub async fn webhooks_get(c: &Client, id: &str) -> Outcome<Webhook> {
    json(c, Endpoint::WebhooksGet, &[id], None, "").await
}
pub async fn webhooks_create(c: &Client, params: &WebhookCreate) -> Outcome<Webhook> {
    json(c, Endpoint::WebhooksCreate, &[], body(params)?, "").await
}
pub async fn webhooks_update(c: &Client, id: &str, params: &WebhookUpdate) -> Outcome<Webhook> {
    json(c, Endpoint::WebhooksUpdate, &[id], body(params)?, "").await
}
pub async fn webhooks_delete(c: &Client, id: &str) -> Outcome<()> {
    empty(c, Endpoint::WebhooksDelete, &[id], "").await
}
pub async fn webhooks_deliveries(
    c: &Client,
    id: &str,
    params: &ListParams,
) -> Outcome<Page<WebhookDelivery>> {
    page(c, Endpoint::WebhooksListDeliveries, &[id], &to_query_string(params)).await
}

// Account.
pub async fn settings_get(c: &Client) -> Outcome<Settings> {
    json(c, Endpoint::SettingsGet, &[], None, "").await
}
pub async fn settings_update(c: &Client, params: &SettingsUpdate) -> Outcome<Settings> {
    json(c, Endpoint::SettingsUpdate, &[], body(params)?, "").await
}
pub async fn usage(c: &Client) -> Outcome<Usage> {
    json(c, Endpoint::AuthGetUsage, &[], None, "").await
}
