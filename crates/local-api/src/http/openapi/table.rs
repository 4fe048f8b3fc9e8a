//! Every operation of the API, in the order of the resource modules under `http/`, spelled as
//! the routers spell them. Collection paths are written in the trailing-slash form clients send
//! (D2); the router also serves them without it. Statuses that follow from an operation's shape
//! (401, 404, 413, 422, 429) are added by `document.rs`; the ones listed here are the rest.

use m8tes_protocol::types::*;
use serde_json::Map;

use super::operation::Answer::{Empty, File, Html, Redirect, RunOrStream, Stream};
use super::operation::{delete, get, patch, post, Operation};
use crate::http::app_authorize::Pending;
use crate::http::inbound::InboundEmail;
use crate::http::owner::OwnerFilter;
use crate::http::runs::{MessagesQuery, RetryQuery, RunListQuery};
use crate::http::teammate_inbound::WebhookSwitch;
use crate::http::teammate_states::{ResetAnswer, ResetBody, SystemPrompt};
use crate::http::{
    memories, permissions, settings, task_lessons, tasks, teammates, trigger_list, trigger_update,
    usage, webhooks,
};

type Object = Map<String, serde_json::Value>;

/// 429 with `too_many_live_runs` and 503 while stopping: what starting a run can answer.
const STARTS_A_RUN: &[u16] = &[429, 503];

// One operation a line, so the table reads as one.
#[rustfmt::skip]
pub fn operations() -> Vec<Operation> {
    let mut all = vec![
        get("/openapi.json", "getOpenApiDocument", "This document").open().ignores_query().ok::<Object>(200),
        // account
        post("/signup", "signup", "Create an account and its first API key").open().body::<Signup>().ok::<ApiKeyGrant>(201).errors(&[409, 429]),
        post("/token", "token", "Log in: a new API key; earlier keys stop working").open().body::<TokenRequest>().ok::<ApiKeyGrant>(200).errors(&[401, 429]),
        post("/verify/resend", "resendVerification", "Resend the verification email (a no-op here)").ok::<Object>(200),
        get("/verify/status", "getVerificationStatus", "Whether the account is verified (always, here)").ok::<Object>(200),
        get("/usage/", "getUsage", "Runs and cost of the current month").ok::<Usage>(200),
        get("/usage/end-users/", "listEndUserUsage", "This month's runs and cost per end user").query::<usage::UsageQuery>().ok::<Page<EndUserUsage>>(200),
        // runs
        get("/runs/", "listRuns", "List runs, newest first").query::<RunListQuery>().ok::<Page<Run>>(200),
        get("/runs/check", "checkRuns", "Counts of runs by state").query::<OwnerFilter>().ok::<RunCheck>(200),
        get("/runs/needs-you", "runsNeedingYou", "Runs waiting on a person").query::<OwnerFilter>().ok::<NeedsYou>(200),
        get("/runs/activity", "runActivity", "What each live run is doing").query::<OwnerFilter>().ok::<RunActivitySnapshot>(200),
        post("/runs/", "createRun", "Start a run, streamed or not").idempotent().body::<RunCreate>().answers(200, RunOrStream).errors(&[404, 409]).errors(STARTS_A_RUN),
        get("/runs/{id}", "getRun", "Get a run").query::<OwnerFilter>().ok::<Run>(200),
        post("/runs/{id}/cancel", "cancelRun", "Cancel a run").query::<OwnerFilter>().ok::<Run>(200).errors(&[409]),
        get("/runs/{id}/stream", "streamRun", "Follow a live run's events").query::<OwnerFilter>().answers(200, Stream).errors(&[409]),
        patch("/runs/{id}/permission-mode", "setRunPermissionMode", "Change a live run's permission mode").query::<OwnerFilter>().body::<PermissionModeUpdate>().ok::<PermissionModeState>(200).errors(&[409]),
        get("/runs/{id}/permissions", "listRunPermissionRequests", "A run's permission requests").query::<OwnerFilter>().ok::<Vec<PermissionRequest>>(200),
        post("/runs/{id}/approve", "approveRunPermission", "Allow or deny a tool call a run waits on").query::<OwnerFilter>().body::<Approval>().ok::<PermissionRequest>(200).errors(&[409]),
        post("/runs/{id}/answer", "answerRunQuestion", "Answer the questions a run waits on").query::<OwnerFilter>().body::<Answers>().ok::<AnswerResult>(200).errors(&[409]),
        get("/runs/{id}/files", "listRunFiles", "The files a run wrote").query::<OwnerFilter>().ok::<Vec<RunFile>>(200),
        get("/runs/{id}/files/{name}/download", "downloadRunFile", "Download a run's file").query::<OwnerFilter>().answers(200, File),
        post("/runs/with-files", "createRunWithFiles", "Start a run with attached files").idempotent().multipart_body().answers(200, RunOrStream).errors(&[404, 409]).errors(STARTS_A_RUN),
        post("/runs/{id}/reply/with-files", "replyToRunWithFiles", "Continue a finished run with a message and files").query::<OwnerFilter>().idempotent().multipart_body().answers(200, RunOrStream).errors(&[409]).errors(STARTS_A_RUN),
        post("/runs/{id}/retry", "retryRun", "Retry a run as a new, linked run").query::<RetryQuery>().ok::<Run>(200).errors(&[409]).errors(STARTS_A_RUN),
        get("/runs/{id}/outcome", "getRunOutcome", "A run's result, structured").query::<OwnerFilter>().ok::<RunOutcome>(200),
        get("/runs/{id}/messages", "listRunMessages", "A run's messages").query::<MessagesQuery>().ok::<Vec<RunMessage>>(200),
        post("/runs/{id}/archive", "archiveRun", "Archive a run").query::<OwnerFilter>().ok::<Run>(200),
        post("/runs/{id}/unarchive", "unarchiveRun", "Unarchive a run").query::<OwnerFilter>().ok::<Run>(200),
        post("/runs/{id}/view", "markRunViewed", "Mark a run as seen").query::<OwnerFilter>().ok::<Run>(200),
        post("/runs/{id}/share", "shareRun", "Make a public read-only link to a run").query::<OwnerFilter>().ok::<RunShare>(200),
        delete("/runs/{id}/share", "unshareRun", "Revoke a run's public link").query::<OwnerFilter>().answers(204, Empty),
        get("/shared-runs/{token}", "getSharedRun", "A shared run, by its public token").open().ok::<Object>(200),
        post("/runs/{id}/reply", "replyToRun", "Continue a finished run with a message").query::<OwnerFilter>().idempotent().body::<RunReply>().answers(200, RunOrStream).errors(&[409]).errors(STARTS_A_RUN),
        post("/tasks/{id}/runs", "runTask", "Start a run of a task").idempotent().body::<TaskRunCreate>().answers(200, RunOrStream).errors(&[400, 409]).errors(STARTS_A_RUN),
        // inbound triggers: the token in the path is the credential
        post("/inbound/webhooks/teammates/{id}/{token}", "teammateInboundWebhook", "Start a teammate run from a webhook").open().ignores_query().raw_body().ok::<Run>(202).errors(&[409]).errors(STARTS_A_RUN),
        post("/inbound/webhooks/tasks/{id}/{token}", "taskInboundWebhook", "Start a task run from a webhook").open().ignores_query().raw_body().ok::<Run>(202).errors(&[409]).errors(STARTS_A_RUN),
        post("/inbound/email", "inboundEmail", "Start a run from an email to a teammate or task inbox").open().ignores_query().body::<InboundEmail>().ok::<Run>(202).errors(&[403, 404]).errors(STARTS_A_RUN),
        // settings
        get("/settings/", "getSettings", "Account settings").ok::<Settings>(200),
        patch("/settings/", "updateSettings", "Change account settings").body::<settings::SettingsBody>().ok::<Settings>(200),
    ];
    for (base, noun) in [("/teammates", "Teammate"), ("/agents", "Agent")] {
        all.extend(teammates(base, noun));
    }
    all.extend(vec![
        // tasks and their triggers
        get("/tasks/", "listTasks", "List tasks").query::<TaskListParams>().ok::<Page<Task>>(200),
        post("/tasks/", "createTask", "Create a task").body::<tasks::CreateBody>().ok::<Task>(201).errors(&[404, 409]),
        get("/tasks/{id}", "getTask", "Get a task").query::<OwnerFilter>().ok::<Task>(200),
        patch("/tasks/{id}", "updateTask", "Change a task").query::<OwnerFilter>().body::<tasks::UpdateBody>().ok::<Task>(200).errors(&[409]),
        delete("/tasks/{id}", "archiveTask", "Archive a task").query::<OwnerFilter>().answers(204, Empty),
        post("/tasks/{id}/webhook", "enableTaskWebhook", "Enable the task's inbound webhook URL").query::<OwnerFilter>().ok::<TeammateWebhook>(201).errors(&[409]),
        patch("/tasks/{id}/webhook", "setTaskWebhookEnabled", "Pause or resume the webhook URL, keeping it").query::<OwnerFilter>().body::<WebhookSwitch>().ok::<TeammateWebhook>(200).errors(&[400, 409]),
        delete("/tasks/{id}/webhook", "disableTaskWebhook", "Revoke the task's webhook URL").query::<OwnerFilter>().answers(204, Empty),
        get("/tasks/{id}/lessons/", "listTaskLessons", "What the task's runs have learned").query::<OwnerFilter>().ok::<LessonList>(200),
        delete("/tasks/{id}/lessons/{lesson_id}", "deleteTaskLesson", "Forget one lesson").query::<OwnerFilter>().ok::<LessonList>(200),
        post("/tasks/{id}/lessons:clear", "clearTaskLessons", "Forget every lesson (confirm=true)").query::<task_lessons::ClearQuery>().ok::<LessonList>(200),
        get("/tasks/{id}/triggers/", "listTaskTriggers", "A task's triggers").query::<OwnerFilter>().ok::<Vec<Trigger>>(200),
        post("/tasks/{id}/triggers/", "createTaskTrigger", "Add a schedule, webhook or email trigger").query::<OwnerFilter>().body::<TriggerCreate>().ok::<Trigger>(201).errors(&[409]),
        patch("/tasks/{id}/triggers/{trigger_id}", "updateTaskTrigger", "Change a trigger in place").query::<OwnerFilter>().body::<trigger_update::TriggerChange>().ok::<Trigger>(200).errors(&[409]),
        delete("/tasks/{id}/triggers/{trigger_id}", "deleteTaskTrigger", "Remove a trigger").query::<OwnerFilter>().answers(204, Empty),
        get("/triggers/", "listTriggers", "Every trigger of the account").query::<trigger_list::ListQuery>().ok::<Page<Trigger>>(200),
        // end users
        get("/users/", "listUsers", "List end users").query::<ListParams>().ok::<Page<EndUser>>(200),
        post("/users/", "createUser", "Create an end user").body::<EndUserCreate>().ok::<EndUser>(201).errors(&[409]),
        get("/users/{user_id}", "getUser", "Get an end user").ok::<EndUser>(200),
        patch("/users/{user_id}", "updateUser", "Change an end user").body::<EndUserUpdate>().ok::<EndUser>(200),
        delete("/users/{user_id}", "deleteUser", "Delete an end user").answers(204, Empty),
        // memories and permission policies
        get("/memories/", "listMemories", "Memories of the account or an end user").query::<memories::ListQuery>().ok::<Page<Memory>>(200),
        post("/memories/", "createMemory", "Add a memory").body::<memories::CreateBody>().ok::<Memory>(201).errors(&[409]),
        get("/memories/{id}", "getMemory", "Get a memory").query::<OwnerFilter>().ok::<Memory>(200),
        patch("/memories/{id}", "updateMemory", "Change a memory's content or audience").query::<OwnerFilter>().body::<memories::UpdateBody>().ok::<Memory>(200).errors(&[409]),
        delete("/memories/{id}", "deleteMemory", "Delete a memory").query::<OwnerFilter>().answers(204, Empty),
        get("/permissions/", "listPermissionPolicies", "Pre-approved tools of the account or an end user").query::<permissions::ListQuery>().ok::<Page<PermissionPolicy>>(200),
        post("/permissions/", "createPermissionPolicy", "Pre-approve a tool (200 when it already was)").body::<permissions::CreateBody>().ok::<PermissionPolicy>(201).ok::<PermissionPolicy>(200),
        delete("/permissions/{id}", "deletePermissionPolicy", "Remove a pre-approval").query::<OwnerFilter>().answers(204, Empty),
        // outbound webhooks
        get("/webhooks/", "listWebhooks", "List webhook endpoints").query::<webhooks::ListQuery>().ok::<Page<Webhook>>(200),
        post("/webhooks/", "createWebhook", "Add a webhook endpoint (its secret is shown once)").body::<webhooks::CreateBody>().ok::<Webhook>(201),
        get("/webhooks/{id}", "getWebhook", "Get a webhook endpoint").query::<OwnerFilter>().ok::<Webhook>(200),
        patch("/webhooks/{id}", "updateWebhook", "Change a webhook endpoint").query::<OwnerFilter>().body::<WebhookUpdate>().ok::<Webhook>(200),
        delete("/webhooks/{id}", "deleteWebhook", "Delete a webhook endpoint").query::<OwnerFilter>().answers(204, Empty),
        get("/webhooks/{id}/deliveries", "listWebhookDeliveries", "An endpoint's delivery log").query::<webhooks::ListQuery>().ok::<Page<WebhookDelivery>>(200),
        // apps
        get("/apps/", "listApps", "The app catalog, with what the user connected").query::<AppListParams>().ok::<Page<App>>(200),
        post("/apps/{name}/connect", "connectApp", "Begin connecting an app").body::<AppConnect>().ok::<AppConnection>(200),
        post("/apps/{name}/connect/complete", "completeAppConnection", "Finish connecting an app").body::<AppConnectComplete>().ok::<AppConnectionStatus>(200),
        delete("/apps/{name}/connections", "disconnectApp", "Disconnect an app").query::<AppDisconnectParams>().answers(204, Empty),
        get("/apps/{name}/authorize", "appAuthorizationPage", "The simulated provider's consent page").open().query::<Pending>().answers(200, Html),
        post("/apps/{name}/authorize", "authorizeApp", "Consent, and go back to the redirect URI").open().query::<Pending>().answers(303, Redirect),
    ]);
    all
}

/// The teammate operations under one of their two names (D3).
#[rustfmt::skip]
fn teammates(base: &str, noun: &str) -> Vec<Operation> {
    let item = format!("{base}/{{id}}");
    vec![
        get(&format!("{base}/"), &format!("list{noun}s"), "List teammates").query::<TeammateListParams>().ok::<Page<Teammate>>(200),
        post(&format!("{base}/"), &format!("create{noun}"), "Create a teammate").body::<teammates::CreateBody>().ok::<Teammate>(201),
        get(&item, &format!("get{noun}"), "Get a teammate").query::<OwnerFilter>().ok::<Teammate>(200),
        patch(&item, &format!("update{noun}"), "Change a teammate").query::<OwnerFilter>().body::<TeammateUpdate>().ok::<Teammate>(200).errors(&[409]),
        delete(&item, &format!("archive{noun}"), "Archive a teammate").query::<OwnerFilter>().answers(204, Empty),
        post(&format!("{item}/disable"), &format!("disable{noun}"), "Disable: no run starts until enabled").query::<OwnerFilter>().ok::<Teammate>(200).errors(&[409]),
        post(&format!("{item}/enable"), &format!("enable{noun}"), "Enable again").query::<OwnerFilter>().ok::<Teammate>(200).errors(&[409]),
        post(&format!("{item}/unarchive"), &format!("unarchive{noun}"), "Unarchive").query::<OwnerFilter>().ok::<Teammate>(200).errors(&[409]),
        post(&format!("{item}/reset"), &format!("reset{noun}"), "Reset template overrides").query::<OwnerFilter>().body::<ResetBody>().ok::<ResetAnswer>(200),
        get(&format!("{item}/system-prompt"), &format!("get{noun}SystemPrompt"), "The system prompt a run gets").query::<OwnerFilter>().ok::<SystemPrompt>(200),
        post(&format!("{item}/webhook"), &format!("enable{noun}Webhook"), "Enable the inbound webhook URL").query::<OwnerFilter>().ok::<TeammateWebhook>(201).errors(&[409]),
        patch(&format!("{item}/webhook"), &format!("set{noun}WebhookEnabled"), "Pause or resume the webhook URL, keeping it").query::<OwnerFilter>().body::<WebhookSwitch>().ok::<TeammateWebhook>(200).errors(&[400, 409]),
        delete(&format!("{item}/webhook"), &format!("disable{noun}Webhook"), "Disable the inbound webhook URL").query::<OwnerFilter>().answers(204, Empty),
        post(&format!("{item}/email-inbox"), &format!("enable{noun}EmailInbox"), "Enable the email inbox").query::<OwnerFilter>().ok::<EmailInbox>(201).errors(&[409]),
        delete(&format!("{item}/email-inbox"), &format!("disable{noun}EmailInbox"), "Disable the email inbox").query::<OwnerFilter>().answers(204, Empty),
    ]
}
