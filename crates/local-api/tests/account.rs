//! Signup, token exchange, usage, verification and settings over real HTTP (wire.md §2.10–11).

mod common;

use common::{error_of, json_of, TestServer};
use m8tes_protocol::types::{ApiKeyGrant, Settings, Usage};
use reqwest::Method;
use serde_json::{json, Value};

fn signup_body(email: &str, password: &str) -> Value {
    json!({"email": email, "password": password, "first_name": "Ada", "last_name": "Lovelace"})
}

async fn post_open(server: &TestServer, path: &str, body: Value) -> reqwest::Response {
    server.http.post(server.url(path)).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn signup_mints_a_working_key_and_refuses_duplicates() {
    let server = TestServer::start().await;
    let grant = json_of(
        post_open(&server, "/signup", signup_body("Ada@Example.com", "analytical1")).await,
        201,
    )
    .await;
    let grant: ApiKeyGrant = serde_json::from_value(grant).unwrap();
    assert!(grant.api_key.starts_with("m8_"), "{grant:?}");
    assert_eq!(grant.email, "ada@example.com");
    let settings =
        server.request_as(&grant.api_key, Method::GET, "/settings/").send().await.unwrap();
    json_of(settings, 200).await;

    // The same address in another case is the same account.
    let again = post_open(&server, "/signup", signup_body("ADA@example.com", "different1")).await;
    let error = error_of(again, 409).await;
    assert_eq!(error["error_code"], "email_taken");
    server.stop().await;
}

#[tokio::test]
async fn signup_validates_its_body() {
    let server = TestServer::start().await;
    for body in [
        signup_body("not-an-email", "analytical1"),
        signup_body("a@b.io", "short"),
        json!({"email": "a@b.io", "password": "analytical1", "first_name": "  ", "last_name": ""}),
        json!({"email": "a@b.io", "password": "analytical1"}),
        json!({"email": 5, "password": "analytical1", "first_name": "A", "last_name": ""}),
    ] {
        let error = error_of(post_open(&server, "/signup", body.clone()).await, 422).await;
        assert!(!error.to_string().contains("analytical1"), "no password in errors: {error}");
    }
    // Nothing was created by the refused bodies.
    let ok = post_open(&server, "/signup", signup_body("a@b.io", "analytical1")).await;
    json_of(ok, 201).await;
    server.stop().await;
}

#[tokio::test]
async fn token_mints_a_new_key_and_revokes_the_old_one() {
    let server = TestServer::start().await;
    let first =
        json_of(post_open(&server, "/signup", signup_body("t@x.io", "analytical1")).await, 201)
            .await;
    let old_key = first["api_key"].as_str().unwrap().to_owned();

    let wrong =
        post_open(&server, "/token", json!({"email": "t@x.io", "password": "wrong-one"})).await;
    let error = error_of(wrong, 401).await;
    let unknown =
        post_open(&server, "/token", json!({"email": "nobody@x.io", "password": "analytical1"}))
            .await;
    let unknown_error = error_of(unknown, 401).await;
    assert_eq!(
        error["message"], unknown_error["message"],
        "unknown email and wrong password look alike"
    );

    let grant = json_of(
        post_open(&server, "/token", json!({"email": "T@x.io", "password": "analytical1"})).await,
        200,
    )
    .await;
    let grant: ApiKeyGrant = serde_json::from_value(grant).unwrap();
    assert!(grant.api_key.starts_with("m8_"));
    assert_ne!(grant.api_key, old_key);
    let new_ok = server.request_as(&grant.api_key, Method::GET, "/settings").send().await.unwrap();
    json_of(new_ok, 200).await;
    let old_refused = server.request_as(&old_key, Method::GET, "/settings").send().await.unwrap();
    error_of(old_refused, 401).await;
    server.stop().await;
}

#[tokio::test]
async fn usage_reports_the_current_period() {
    let server = TestServer::start().await;
    for path in ["/usage", "/usage/"] {
        let usage: Usage =
            serde_json::from_value(json_of(server.get(path).await, 200).await).unwrap();
        assert_eq!(usage.plan, "free");
        assert_eq!(usage.runs_used, 0);
        assert!(usage.runs_limit > 0);
        assert_eq!(usage.cost_used, "0.0000");
        assert!(usage.cost_limit.parse::<f64>().is_ok(), "money is a decimal string");
        assert!(usage.period_end.ends_with("-01T00:00:00Z"), "{}", usage.period_end);
        assert!(usage.period_end > m8tes_local_api::now_iso());
    }
    let anonymous = server.http.get(server.url("/usage/")).send().await.unwrap();
    error_of(anonymous, 401).await;

    let run = json!({"message": "hello", "stream": false, "memory": true, "history": true});
    json_of(server.post("/runs/", run).await, 200).await;
    let usage: Usage =
        serde_json::from_value(json_of(server.get("/usage").await, 200).await).unwrap();
    assert_eq!(usage.runs_used, 1, "a run counts at once");
    let other = server.second_account("u@x.io").await;
    let theirs = server.request_as(&other, Method::GET, "/usage").send().await.unwrap();
    let theirs: Usage = serde_json::from_value(json_of(theirs, 200).await).unwrap();
    assert_eq!(theirs.runs_used, 0, "usage is per account");
    server.stop().await;
}

#[tokio::test]
async fn verify_resend_needs_a_key_and_answers_a_message() {
    let server = TestServer::start().await;
    let anonymous = server.http.post(server.url("/verify/resend")).send().await.unwrap();
    error_of(anonymous, 401).await;
    let body =
        json_of(server.request(Method::POST, "/verify/resend").send().await.unwrap(), 200).await;
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    server.stop().await;
}

#[tokio::test]
async fn settings_default_update_and_stay_per_account() {
    let server = TestServer::start().await;
    let read = |v: Value| serde_json::from_value::<Settings>(v).unwrap();
    assert!(read(json_of(server.get("/settings/").await, 200).await).company_research);
    let updated = read(
        json_of(server.patch("/settings/", json!({"company_research": false})).await, 200).await,
    );
    assert!(!updated.company_research);
    let unchanged = read(json_of(server.patch("/settings", json!({})).await, 200).await);
    assert!(!unchanged.company_research, "an empty PATCH changes nothing");
    assert!(!read(json_of(server.get("/settings").await, 200).await).company_research);
    error_of(server.patch("/settings", json!({"company_research": "yes"})).await, 422).await;

    let other = server.second_account("other@x.io").await;
    let theirs = server.request_as(&other, Method::GET, "/settings").send().await.unwrap();
    assert!(read(json_of(theirs, 200).await).company_research, "another account keeps its own");
    server.stop().await;
}
