//! wire.md §2 is the judge: every request body and query the contract allows, in its minimal
//! and its full shape, sent as the 1.1.0 SDK sends it (bare collection paths, `Content-Type:
//! application/json` on every request, bodiless POSTs included), is accepted, and every object
//! the server answers parses with the protocol types and writes back out unchanged: no field
//! missing (a default filled in), none of the wrong type.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use m8tes_protocol::types::{
    AnswerResult, ApiKeyGrant, App, AppConnection, AppConnectionStatus, EmailInbox, EndUser,
    Memory, Page, PermissionModeState, PermissionPolicy, PermissionRequest, Run, RunFile, Settings,
    Task, Teammate, TeammateWebhook, Trigger, Usage, Webhook, WebhookDelivery,
};
use reqwest::Method;
use run_support::wait_for_status;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Parses `value` as `T` and checks that `T` writes it back exactly.
fn conforms<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let parsed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| {
        panic!("does not parse as {}: {e}\n{value}", std::any::type_name::<T>())
    });
    let written = serde_json::to_value(&parsed).expect("serialises");
    assert_eq!(written, value, "{} does not round-trip", std::any::type_name::<T>());
    parsed
}

async fn ok<T: DeserializeOwned + Serialize>(response: reqwest::Response, status: u16) -> T {
    conforms(json_of(response, status).await)
}

/// A POST without a body, as the SDK sends `/runs/{id}/cancel` or `/teammates/{id}/webhook`.
async fn post_bare(server: &TestServer, path: &str) -> reqwest::Response {
    server.request(Method::POST, path).send().await.expect("request sent")
}

async fn no_content(response: reqwest::Response) {
    assert_eq!(response.status(), 204, "{}", response.text().await.unwrap_or_default());
}

#[tokio::test]
async fn teammates_and_the_agents_alias() {
    let server = TestServer::start().await;
    let minimal: Teammate = ok(server.post("/teammates", json!({"name": "Bot"})).await, 201).await;
    assert_eq!(minimal.status.as_deref(), Some("enabled"));
    let full: Teammate = ok(
        server
            .post(
                "/teammates",
                json!({"name": "Ops", "tools": ["gmail", "slack"], "instructions": "be brief",
                       "role": "assistant", "goals": "inbox zero", "user_id": "ann",
                       "metadata": {"team": "ops", "n": 1}, "allowed_senders": ["a@x.io"]}),
            )
            .await,
        201,
    )
    .await;
    assert_eq!(full.allowed_senders.as_deref(), Some(&["a@x.io".to_owned()][..]));
    for query in ["", "?user_id=ann", "?limit=5", "?limit=1&starting_after=0"] {
        let page: Page<Teammate> = ok(server.get(&format!("/teammates{query}")).await, 200).await;
        assert!(!page.data.is_empty(), "{query}");
        let _: Page<Teammate> = ok(server.get(&format!("/agents{query}")).await, 200).await;
    }
    let _: Teammate = ok(server.get(&format!("/teammates/{}", full.id)).await, 200).await;
    let _: Teammate = ok(server.get(&format!("/agents/{}", full.id)).await, 200).await;
    for patch in [
        json!({"name": "Ops 2"}),
        json!({"instructions": "x"}),
        json!({"tools": []}),
        json!({"role": "r"}),
        json!({"goals": "g"}),
        json!({"metadata": {"k": "v"}}),
        json!({"allowed_senders": ["b@x.io"]}),
        json!({"name": "Ops 3", "instructions": "y", "tools": ["linear"], "role": "r2",
               "goals": "g2", "metadata": {}, "allowed_senders": []}),
    ] {
        let _: Teammate =
            ok(server.patch(&format!("/teammates/{}", full.id), patch).await, 200).await;
    }
    let hook: TeammateWebhook =
        ok(post_bare(&server, &format!("/teammates/{}/webhook", full.id)).await, 201).await;
    assert!(hook.enabled && hook.url.is_some());
    let inbox: EmailInbox =
        ok(post_bare(&server, &format!("/teammates/{}/email-inbox", full.id)).await, 201).await;
    assert!(inbox.enabled && inbox.address.is_some());
    no_content(server.delete(&format!("/teammates/{}/webhook", full.id)).await).await;
    no_content(server.delete(&format!("/teammates/{}/email-inbox", full.id)).await).await;
    no_content(server.delete(&format!("/agents/{}", minimal.id)).await).await;
    let archived: Teammate = ok(server.get(&format!("/teammates/{}", minimal.id)).await, 200).await;
    assert_eq!(archived.status.as_deref(), Some("archived"));
    server.stop().await;
}

#[tokio::test]
async fn runs_in_every_shape_and_their_sub_resources() {
    let server = TestServer::start().await;
    let mate: Teammate =
        ok(server.post("/teammates", json!({"name": "Ops", "tools": ["gmail"]})).await, 201).await;

    // 1.1.0 always sends message, stream, memory and history.
    let minimal: Run = ok(
        server
            .post(
                "/runs",
                json!({"message": "hello", "stream": false, "memory": true, "history": true}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(minimal.status.as_deref(), Some("running"));
    // The bare minimum a later client may send.
    let bare: Run =
        ok(server.post("/runs", json!({"message": "hi", "stream": false})).await, 200).await;
    // Quick start: a name (with instructions and tools) and no teammate.
    let quick: Run = ok(
        server
            .post(
                "/runs",
                json!({"message": "hi", "stream": false, "tools": ["slack"], "name": "Quick",
                       "instructions": "be kind", "memory": false, "history": false}),
            )
            .await,
        200,
    )
    .await;
    assert!(quick.teammate_id.is_some());
    // Every field, approval mode included: the run stops at its gmail gate.
    let full: Run = ok(
        server
            .post(
                "/runs",
                json!({"message": "Check my inbox and export it", "stream": false,
                       "teammate_id": mate.id, "tools": ["gmail"], "instructions": "x",
                       "user_id": "ann", "metadata": {"source": "test"}, "memory": true,
                       "history": true, "human_in_the_loop": true,
                       "permission_mode": "approval"}),
            )
            .await,
        200,
    )
    .await;
    wait_for_status(&server, full.id, "awaiting_approval").await;
    let gates: Vec<PermissionRequest> =
        ok(server.get(&format!("/runs/{}/permissions", full.id)).await, 200).await;
    let gate = gates.iter().find(|g| g.status == "pending").expect("a pending gate");
    let approved: PermissionRequest = ok(
        server
            .post(
                &format!("/runs/{}/approve", full.id),
                json!({"request_id": gate.request_id, "decision": "allow", "remember": false}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(approved.status, "allowed");
    let done = wait_for_status(&server, full.id, "completed").await;
    let _: Run = conforms(done);
    let files: Vec<RunFile> = ok(server.get(&format!("/runs/{}/files", full.id)).await, 200).await;
    assert_eq!(files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["export.csv"]);
    let download = server.get(&format!("/runs/{}/files/export.csv/download", full.id)).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "text/csv");
    assert_eq!(download.bytes().await.unwrap().len() as u64, files[0].size);

    for id in [minimal.id, bare.id, quick.id] {
        let _: Run = conforms(wait_for_status(&server, id, "completed").await);
    }
    for query in [
        String::new(),
        format!("?teammate_id={}&include_end_user_runs=true", mate.id),
        "?user_id=ann".into(),
        "?status=completed".into(),
        // Newest first (wire.md §10.2): the page after a cursor holds older runs.
        format!(
            "?limit=2&starting_after={}",
            [minimal.id, bare.id, quick.id, full.id].iter().max().unwrap() + 1
        ),
        format!("?teammate_id={}&user_id=ann&status=completed&limit=100", mate.id),
    ] {
        let page: Page<Run> = ok(server.get(&format!("/runs{query}")).await, 200).await;
        assert!(!page.data.is_empty(), "{query}");
    }
    let _: Run = ok(server.get(&format!("/runs/{}", full.id)).await, 200).await;

    // Reply, streamed off (1.1.0 sends exactly these two keys), then cancel a slow reply.
    let replied: Run = ok(
        server
            .post(
                &format!("/runs/{}/reply", minimal.id),
                json!({"message": "simulate:slow", "stream": false}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(replied.id, minimal.id);
    let mode: PermissionModeState = ok(
        server
            .patch(
                &format!("/runs/{}/permission-mode", minimal.id),
                json!({"permission_mode": "autonomous"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(mode.permission_mode, "autonomous");
    let cancelled: Run =
        ok(post_bare(&server, &format!("/runs/{}/cancel", minimal.id)).await, 200).await;
    assert_eq!(cancelled.status.as_deref(), Some("cancelled"));
    server.stop().await;
}

#[tokio::test]
async fn plan_mode_answer_and_deny() {
    let server = TestServer::start().await;
    let planned: Run = ok(
        server
            .post(
                "/runs",
                json!({"message": "Check my inbox", "stream": false, "tools": ["gmail"],
                       "memory": true, "history": true, "human_in_the_loop": true,
                       "permission_mode": "plan"}),
            )
            .await,
        200,
    )
    .await;
    wait_for_status(&server, planned.id, "awaiting_approval").await;
    let gates: Vec<PermissionRequest> =
        ok(server.get(&format!("/runs/{}/permissions", planned.id)).await, 200).await;
    let question = gates[0].questions()[0].question.clone();
    let answered: AnswerResult = ok(
        server
            .post(
                &format!("/runs/{}/answer", planned.id),
                json!({"answers": {question: "Approve"}}),
            )
            .await,
        200,
    )
    .await;
    assert!(answered.resumed);
    wait_for_status(&server, planned.id, "completed").await;

    let gated: Run = ok(
        server
            .post(
                "/runs",
                json!({"message": "Check my inbox", "stream": false, "tools": ["gmail"],
                       "memory": true, "history": true, "human_in_the_loop": true,
                       "permission_mode": "approval", "user_id": "bob"}),
            )
            .await,
        200,
    )
    .await;
    wait_for_status(&server, gated.id, "awaiting_approval").await;
    let gates: Vec<PermissionRequest> =
        ok(server.get(&format!("/runs/{}/permissions", gated.id)).await, 200).await;
    // Later SDKs may add a reason.
    let denied: PermissionRequest = ok(
        server
            .post(
                &format!("/runs/{}/approve", gated.id),
                json!({"request_id": gates[0].request_id, "decision": "deny", "remember": false,
                       "reason": "not now"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(denied.status, "denied");
    wait_for_status(&server, gated.id, "completed").await;
    server.stop().await;
}

#[tokio::test]
async fn tasks_their_runs_and_triggers() {
    let server = TestServer::start().await;
    let mate: Teammate =
        ok(server.post("/teammates", json!({"name": "Ops", "tools": ["stripe"]})).await, 201).await;
    let minimal: Task = ok(
        server.post("/tasks", json!({"teammate_id": mate.id, "instructions": "Report MRR"})).await,
        201,
    )
    .await;
    assert_eq!(minimal.name.as_deref(), Some("Report MRR"));
    let full: Task = ok(
        server
            .post(
                "/tasks",
                json!({"teammate_id": mate.id, "instructions": "Report MRR", "name": "MRR",
                       "tools": ["stripe"], "expected_output": "a number", "goals": "growth",
                       "user_id": "ann"}),
            )
            .await,
        201,
    )
    .await;
    for query in [
        String::new(),
        format!("?teammate_id={}", mate.id),
        "?user_id=ann".into(),
        "?limit=1&starting_after=0".into(),
    ] {
        let page: Page<Task> = ok(server.get(&format!("/tasks{query}")).await, 200).await;
        assert!(!page.data.is_empty(), "{query}");
    }
    let _: Task = ok(server.get(&format!("/tasks/{}", full.id)).await, 200).await;
    for patch in [
        json!({"name": "n"}),
        json!({"instructions": "i"}),
        json!({"tools": ["stripe"]}),
        json!({"expected_output": "e"}),
        json!({"goals": "g"}),
        json!({"name": "n2", "instructions": "Report MRR", "tools": [], "expected_output": "e2",
               "goals": "g2"}),
    ] {
        let _: Task = ok(server.patch(&format!("/tasks/{}", full.id), patch).await, 200).await;
    }

    // 1.1.0 always sends stream, memory and history.
    let run: Run = ok(
        server
            .post(
                &format!("/tasks/{}/runs", minimal.id),
                json!({"stream": false, "memory": true, "history": true}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(run.task_id, Some(minimal.id));
    let full_run: Run = ok(
        server
            .post(
                &format!("/tasks/{}/runs", full.id),
                json!({"stream": false, "memory": false, "history": false, "user_id": "ann",
                       "metadata": {"k": 1}, "human_in_the_loop": true,
                       "permission_mode": "approval"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(full_run.user_id.as_deref(), Some("ann"));
    wait_for_status(&server, run.id, "completed").await;

    // Triggers: `timezone` is always sent; `cron` or `interval_seconds` only when set.
    let triggers = format!("/tasks/{}/triggers", full.id);
    for body in [
        json!({"type": "schedule", "timezone": "UTC", "interval_seconds": 3600}),
        json!({"type": "schedule", "timezone": "Europe/Berlin", "cron": "0 9 * * 1-5"}),
        json!({"type": "webhook", "timezone": "UTC"}),
        json!({"type": "email", "timezone": "UTC"}),
    ] {
        let trigger: Trigger = ok(server.post(&triggers, body.clone()).await, 201).await;
        assert_eq!(trigger.kind, body["type"].as_str().unwrap());
    }
    let listed: Vec<Trigger> = ok(server.get(&triggers).await, 200).await;
    assert_eq!(listed.len(), 4);
    no_content(server.delete(&format!("{triggers}/{}", listed[0].id)).await).await;
    no_content(server.delete(&format!("/tasks/{}", minimal.id)).await).await;
    no_content(server.delete(&format!("/tasks/{}", minimal.id)).await).await;
    server.stop().await;
}

#[tokio::test]
async fn end_users_memories_and_permission_policies() {
    let server = TestServer::start().await;
    let minimal: EndUser = ok(server.post("/users", json!({"user_id": "ann"})).await, 201).await;
    let full: EndUser = ok(
        server
            .post(
                "/users",
                json!({"user_id": "urn:acme:9", "name": "Bo", "email": "bo@x.io",
                       "company": "Acme", "metadata": {"tier": "gold"}}),
            )
            .await,
        201,
    )
    .await;
    for query in ["", "?limit=1", &format!("?limit=1&starting_after={}", minimal.id)] {
        let _: Page<EndUser> = ok(server.get(&format!("/users{query}")).await, 200).await;
    }
    let path = format!("/users/{}", m8tes_protocol::seg(&full.user_id).unwrap());
    let _: EndUser = ok(server.get(&path).await, 200).await;
    for patch in [
        json!({"name": "B"}),
        json!({"email": "b@x.io"}),
        json!({"company": "C"}),
        json!({"metadata": {"a": 1}}),
        json!({"name": "B2", "email": "b2@x.io", "company": "C2", "metadata": {}}),
    ] {
        let _: EndUser = ok(server.patch(&path, patch).await, 200).await;
    }

    let memory: Memory =
        ok(server.post("/memories", json!({"user_id": "ann", "content": "likes jazz"})).await, 201)
            .await;
    assert_eq!(memory.source.as_deref(), Some("api"));
    for query in ["?user_id=ann", "?user_id=ann&limit=1", "?user_id=ann&limit=1&starting_after=0"] {
        let page: Page<Memory> = ok(server.get(&format!("/memories{query}")).await, 200).await;
        assert_eq!(page.data.len(), 1);
    }
    no_content(server.delete(&format!("/memories/{}?user_id=ann", memory.id)).await).await;

    let policy: PermissionPolicy =
        ok(server.post("/permissions", json!({"user_id": "ann", "tool": "gmail"})).await, 201)
            .await;
    assert_eq!(policy.tool_name, "gmail");
    for query in ["?user_id=ann", "?user_id=ann&limit=1&starting_after=0"] {
        let page: Page<PermissionPolicy> =
            ok(server.get(&format!("/permissions{query}")).await, 200).await;
        assert_eq!(page.data.len(), 1);
    }
    no_content(server.delete(&format!("/permissions/{}?user_id=ann", policy.id)).await).await;
    no_content(server.delete(&path).await).await;
    server.stop().await;
}

#[tokio::test]
async fn webhooks_apps_settings_and_the_account() {
    let server = TestServer::start().await;
    let minimal: Webhook =
        ok(server.post("/webhooks", json!({"url": "https://example.com/a"})).await, 201).await;
    assert_eq!(minimal.events.as_deref().map(<[String]>::len), Some(2));
    let none: Webhook = ok(
        server.post("/webhooks", json!({"url": "https://example.com/b", "events": []})).await,
        201,
    )
    .await;
    assert_eq!(none.events.as_deref().map(<[String]>::len), Some(0));
    let all = ["run.started", "run.completed", "run.failed", "run.awaiting_input"];
    let full: Webhook = ok(
        server.post("/webhooks", json!({"url": "https://example.com/c", "events": all})).await,
        201,
    )
    .await;
    let _: Webhook = ok(server.get(&format!("/webhooks/{}", full.id)).await, 200).await;
    for query in ["", "?limit=1", "?limit=1&starting_after=1"] {
        let _: Page<Webhook> = ok(server.get(&format!("/webhooks{query}")).await, 200).await;
    }
    for patch in [
        json!({"url": "https://example.com/d"}),
        json!({"rotate_secret": true}),
        json!({"events": ["run.failed"], "active": false}),
    ] {
        let _: Webhook =
            ok(server.patch(&format!("/webhooks/{}", full.id), patch).await, 200).await;
    }
    for query in ["", "?limit=5", "?limit=5&starting_after=0"] {
        let _: Page<WebhookDelivery> =
            ok(server.get(&format!("/webhooks/{}/deliveries{query}", full.id)).await, 200).await;
    }
    no_content(server.delete(&format!("/webhooks/{}", full.id)).await).await;

    for query in ["", "?user_id=ann"] {
        let page: Page<App> = ok(server.get(&format!("/apps{query}")).await, 200).await;
        assert!(page.data.len() >= 70);
    }
    for body in [
        json!({"redirect_uri": "https://app.example/cb"}),
        json!({"redirect_uri": "https://app.example/cb", "user_id": "ann"}),
    ] {
        let started: AppConnection =
            ok(server.post("/apps/slack/connect", body.clone()).await, 200).await;
        let mut complete = json!({"connection_id": started.connection_id});
        if let Some(user) = body.get("user_id") {
            complete["user_id"] = user.clone();
        }
        let status: AppConnectionStatus =
            ok(server.post("/apps/slack/connect/complete", complete).await, 200).await;
        assert_eq!((status.status.as_str(), status.app.as_str()), ("connected", "slack"));
    }
    no_content(server.delete("/apps/slack/connections").await).await;
    no_content(server.delete("/apps/slack/connections?user_id=ann").await).await;

    let _: Settings = ok(server.get("/settings").await, 200).await;
    let _: Settings = ok(server.patch("/settings", json!({})).await, 200).await;
    let settings: Settings =
        ok(server.patch("/settings", json!({"company_research": false})).await, 200).await;
    assert!(!settings.company_research);

    let _: Usage = ok(server.get("/usage").await, 200).await;
    let resent = json_of(post_bare(&server, "/verify/resend").await, 200).await;
    assert!(resent["message"].is_string());
    // Signup and token carry no key, and signup always sends all four fields.
    let signup = json!({"email": "new@x.io", "password": "password1", "first_name": "N",
                        "last_name": ""});
    let _: ApiKeyGrant =
        ok(server.http.post(server.url("/signup")).json(&signup).send().await.unwrap(), 201).await;
    let login = json!({"email": "new@x.io", "password": "password1"});
    let _: ApiKeyGrant =
        ok(server.http.post(server.url("/token")).json(&login).send().await.unwrap(), 200).await;
    server.stop().await;
}

/// wire.md §8.13: a query key the contract does not name is a 422 "Unknown query parameter",
/// on lists and on by-id reads alike.
#[tokio::test]
async fn unknown_query_parameters_are_refused() {
    let server = TestServer::start().await;
    let mate: Teammate = ok(server.post("/teammates", json!({"name": "Ops"})).await, 201).await;
    let run: Run =
        ok(server.post("/runs", json!({"message": "hi", "stream": false})).await, 200).await;
    let webhook: Webhook =
        ok(server.post("/webhooks", json!({"url": "https://example.com/a"})).await, 201).await;
    json_of(server.post("/users", json!({"user_id": "ann"})).await, 201).await;
    for path in [
        "/teammates?colour=red".to_string(),
        format!("/teammates/{}?colour=red", mate.id),
        "/runs?colour=red".into(),
        format!("/runs/{}?colour=red", run.id),
        format!("/runs/{}/permissions?colour=red", run.id),
        format!("/runs/{}/files?colour=red", run.id),
        "/tasks?colour=red".into(),
        "/users?colour=red".into(),
        "/users/ann?colour=red".into(),
        "/memories?user_id=ann&colour=red".into(),
        "/permissions?user_id=ann&colour=red".into(),
        "/webhooks?colour=red".into(),
        format!("/webhooks/{}?colour=red", webhook.id),
        format!("/webhooks/{}/deliveries?colour=red", webhook.id),
        "/apps?colour=red".into(),
        "/settings?colour=red".into(),
        "/usage?colour=red".into(),
    ] {
        let error = error_of(server.get(&path).await, 422).await;
        assert_eq!(error["message"], "Unknown query parameter: colour", "{path}");
    }
    // Later SDKs scope by-id run requests with `?user_id=`: accepted, and another end user's
    // run is not found.
    let ann: Run = ok(
        server.post("/runs", json!({"message": "hi", "stream": false, "user_id": "ann"})).await,
        200,
    )
    .await;
    let _: Run = ok(server.get(&format!("/runs/{}?user_id=ann", ann.id)).await, 200).await;
    error_of(server.get(&format!("/runs/{}?user_id=bob", ann.id)).await, 404).await;
    error_of(server.get(&format!("/runs/{}/files?user_id=bob", ann.id)).await, 404).await;
    server.stop().await;
}
