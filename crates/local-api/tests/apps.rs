//! Apps over real HTTP (wire.md §2.5): the catalog, per-user connections, and the simulated
//! OAuth page a browser is sent to.

mod common;

use common::{error_of, json_of, TestServer};
use m8tes_protocol::types::{App, AppConnection, AppConnectionStatus, Page};
use reqwest::Method;
use serde_json::json;

async fn apps(server: &TestServer, query: &str) -> Vec<App> {
    let page: Page<App> =
        serde_json::from_value(json_of(server.get(&format!("/apps/{query}")).await, 200).await)
            .unwrap();
    assert!(!page.has_more, "the catalog is one page");
    page.data
}

fn connected(apps: &[App]) -> Vec<&str> {
    apps.iter().filter(|a| a.connected == Some(true)).map(|a| a.name.as_str()).collect()
}

async fn connect(server: &TestServer, app: &str, body: serde_json::Value) -> AppConnection {
    serde_json::from_value(
        json_of(server.post(&format!("/apps/{app}/connect"), body).await, 200).await,
    )
    .unwrap()
}

#[tokio::test]
async fn the_catalog_lists_at_least_seventy_apps_with_categories() {
    let server = TestServer::start().await;
    let listed = apps(&server, "").await;
    assert!(listed.len() >= 70, "{}", listed.len());
    for name in ["gmail", "slack", "linear", "stripe", "notion", "hubspot", "google-ads"] {
        assert!(listed.iter().any(|a| a.name == name), "{name} is in the catalog");
    }
    let categories: std::collections::BTreeSet<&str> =
        listed.iter().filter_map(|a| a.category.as_deref()).collect();
    assert!(categories.len() >= 8, "{categories:?}");
    assert!(connected(&listed).is_empty());
    assert_eq!(
        listed.iter().find(|a| a.name == "google-ads").unwrap().display_name(),
        "Google Ads"
    );
    assert_eq!(apps(&server, "?user_id=").await.len(), listed.len(), "an empty user_id is no user");
    error_of(server.get("/apps/?limit=5").await, 422).await;
    server.stop().await;
}

#[tokio::test]
async fn the_authorize_page_connects_and_redirects() {
    let server = TestServer::start().await;
    let started = connect(
        &server,
        "gmail",
        json!({"redirect_uri": "http://localhost:3000/cb?from=test", "user_id": "ann"}),
    )
    .await;
    assert!(started.connection_id.starts_with("conn_"));
    let expected =
        format!("{}/apps/gmail/authorize?connection_id={}", server.base, started.connection_id);
    assert_eq!(started.authorization_url, expected);
    assert!(connected(&apps(&server, "?user_id=ann").await).is_empty(), "pending is not connected");

    // A browser has no API key.
    let browser =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = browser.get(&started.authorization_url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Gmail") && html.contains(">Authorize</button>"), "{html}");

    let done = browser.post(&started.authorization_url).send().await.unwrap();
    assert_eq!(done.status(), 303);
    let location = done.headers()["location"].to_str().unwrap();
    assert_eq!(
        location,
        format!(
            "http://localhost:3000/cb?from=test&connection_id={}&status=connected",
            started.connection_id
        )
    );
    assert_eq!(connected(&apps(&server, "?user_id=ann").await), ["gmail"]);
    assert!(connected(&apps(&server, "?user_id=bob").await).is_empty(), "per end user");
    assert!(connected(&apps(&server, "").await).is_empty(), "not account-wide");

    let unknown = browser
        .get(format!("{}/apps/gmail/authorize?connection_id=conn_nope", server.base))
        .send()
        .await
        .unwrap();
    error_of(unknown, 404).await;
    let wrong_app = browser
        .get(format!(
            "{}/apps/slack/authorize?connection_id={}",
            server.base, started.connection_id
        ))
        .send()
        .await
        .unwrap();
    error_of(wrong_app, 404).await;
    server.stop().await;
}

#[tokio::test]
async fn the_authorize_page_escapes_what_it_shows() {
    let server = TestServer::start().await;
    let started = connect(
        &server,
        "slack",
        json!({"redirect_uri": "https://x.io/cb?q=\"><script>alert(1)</script>"}),
    )
    .await;
    let page = server.http.get(&started.authorization_url).send().await.unwrap();
    // Nothing it shows can run or load anything, and no other site can frame the button.
    let headers = page.headers().clone();
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    );
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let html = page.text().await.unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    server.stop().await;
}

/// Agent output and everything else the API answers is data: no browser may sniff a JSON
/// body or a run's CSV file into HTML.
#[tokio::test]
async fn api_answers_are_never_sniffed_as_html() {
    let server = TestServer::start().await;
    for response in [
        server.get("/settings").await,
        server.get("/no/such/route").await,
        server.http.get(server.url("/settings")).send().await.unwrap(),
    ] {
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    server.stop().await;
}

#[tokio::test]
async fn connect_complete_and_disconnect() {
    let server = TestServer::start().await;
    let started = connect(
        &server,
        "slack",
        json!({"redirect_uri": "https://app.example/cb", "user_id": "bob"}),
    )
    .await;
    let wrong_user = server
        .post(
            "/apps/slack/connect/complete",
            json!({"connection_id": started.connection_id, "user_id": "eve"}),
        )
        .await;
    error_of(wrong_user, 404).await;
    let other = server.second_account("o@x.io").await;
    let stolen = server
        .request_as(&other, Method::POST, "/apps/slack/connect/complete")
        .json(&json!({"connection_id": started.connection_id, "user_id": "bob"}))
        .send()
        .await
        .unwrap();
    error_of(stolen, 404).await;
    let wrong_app = server
        .post(
            "/apps/gmail/connect/complete",
            json!({"connection_id": started.connection_id, "user_id": "bob"}),
        )
        .await;
    error_of(wrong_app, 404).await;

    let done = server
        .post(
            "/apps/slack/connect/complete",
            json!({"connection_id": started.connection_id, "user_id": "bob"}),
        )
        .await;
    let done: AppConnectionStatus = serde_json::from_value(json_of(done, 200).await).unwrap();
    assert_eq!((done.status.as_str(), done.app.as_str()), ("connected", "slack"));
    assert_eq!(connected(&apps(&server, "?user_id=bob").await), ["slack"]);

    // Account-wide connections (no user_id) are their own.
    let mine = connect(&server, "stripe", json!({"redirect_uri": "https://app.example/cb"})).await;
    json_of(
        server
            .post("/apps/stripe/connect/complete", json!({"connection_id": mine.connection_id}))
            .await,
        200,
    )
    .await;
    assert_eq!(connected(&apps(&server, "").await), ["stripe"]);

    assert_eq!(server.delete("/apps/slack/connections?user_id=bob").await.status(), 204);
    assert!(connected(&apps(&server, "?user_id=bob").await).is_empty());
    assert_eq!(
        server.delete("/apps/slack/connections?user_id=bob").await.status(),
        204,
        "idempotent"
    );
    assert_eq!(server.delete("/apps/stripe/connections").await.status(), 204);
    assert!(connected(&apps(&server, "").await).is_empty());
    server.stop().await;
}

#[tokio::test]
async fn unknown_apps_and_bad_bodies() {
    let server = TestServer::start().await;
    error_of(
        server.post("/apps/myspace/connect", json!({"redirect_uri": "https://x.io"})).await,
        404,
    )
    .await;
    error_of(
        server.post("/apps/myspace/connect/complete", json!({"connection_id": "conn_x"})).await,
        404,
    )
    .await;
    error_of(server.delete("/apps/myspace/connections").await, 404).await;
    for body in [
        json!({}),
        json!({"redirect_uri": "not a url"}),
        json!({"redirect_uri": "javascript:alert(1)"}),
        json!({"redirect_uri": "https://x.io", "user_id": ""}),
    ] {
        error_of(server.post("/apps/gmail/connect", body).await, 422).await;
    }
    error_of(server.post("/apps/gmail/connect/complete", json!({})).await, 422).await;
    error_of(
        server.post("/apps/gmail/connect/complete", json!({"connection_id": "conn_nope"})).await,
        404,
    )
    .await;
    error_of(server.delete("/apps/gmail/connections?user=bob").await, 422).await;
    server.stop().await;
}
