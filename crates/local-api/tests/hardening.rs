//! The smaller findings of issue 12 (point 7), one test each: what an attacker or a careless
//! caller could do that the server now refuses or contains.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer};
use reqwest::Method;
use run_support::wait_for_status;
use serde_json::json;

/// The same Idempotency-Key and body with another `?user_id=` is another request (409), not a
/// replay that would hand one end user's run to a request made for another.
#[tokio::test]
async fn the_idempotency_fingerprint_includes_the_query() {
    let server = TestServer::start().await;
    let made = json!({"message": "hi", "stream": false, "user_id": "ann"});
    let run = json_of(server.post("/runs/", made).await, 200).await;
    let id = run["id"].as_i64().unwrap();
    wait_for_status(&server, id, "completed").await;
    let reply = |user: &str| {
        server
            .request(Method::POST, &format!("/runs/{id}/reply?user_id={user}"))
            .header("idempotency-key", "reply-once")
            .json(&json!({"message": "and then?", "stream": false}))
    };
    json_of(reply("ann").send().await.unwrap(), 200).await;
    let again = reply("ann").send().await.unwrap();
    assert_eq!(again.headers()["idempotent-replay"], "true");
    let other = error_of(reply("bob").send().await.unwrap(), 409).await;
    assert_eq!(other["error_code"], "idempotency_key_reuse", "{other}");
    server.stop().await;
}

/// The data folder and the database hold webhook secrets and tokens: owner only.
#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_and_database_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::receiver::TempDir::new("modes");
    let data = dir.0.join("data");
    let config = m8tes_local_api::Config { data_dir: Some(data.clone()), ..common::test_config() };
    let server = TestServer::start_with(config).await;
    json_of(server.post("/webhooks/", json!({"url": "http://127.0.0.1:9/hook"})).await, 201).await;
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode(&data) & 0o777, 0o700);
    assert_eq!(mode(&data.join("m8tes.sqlite3")) & 0o777, 0o600);
    let wal = data.join("m8tes.sqlite3-wal");
    if wal.exists() {
        assert_eq!(mode(&wal) & 0o077, 0, "the WAL is owner only too");
    }
    server.stop().await;
}

/// NUL is refused (422) in user ids, names and messages, in bodies, paths and queries.
#[tokio::test]
async fn nul_characters_are_refused() {
    let server = TestServer::start().await;
    for (path, body) in [
        ("/runs/", json!({"message": "hi\u{0}", "stream": false})),
        ("/runs/", json!({"message": "hi", "user_id": "ann\u{0}", "stream": false})),
        ("/teammates/", json!({"name": "Nul\u{0}mate"})),
        ("/users/", json!({"user_id": "\u{0}"})),
    ] {
        let error = error_of(server.post(path, body.clone()).await, 422).await;
        assert!(error["message"].as_str().unwrap().contains("NUL"), "{body}: {error}");
    }
    assert_eq!(server.get("/users/%00").await.status(), 422);
    assert_eq!(server.get("/runs/?user_id=a%00").await.status(), 422);
    // An escaped backslash before `u0000` is text, not a NUL.
    let made =
        json_of(server.post("/teammates/", json!({"name": "back\\u0000slash"})).await, 201).await;
    assert_eq!(made["name"], "back\\u0000slash");

    server.stop().await;
}

/// The console is served with a Content-Security-Policy that allows its wasm and its own
/// inline start-up script (by hash) and nothing inline else, and may not be framed.
#[tokio::test]
async fn the_console_is_served_with_a_csp_and_frame_protection() {
    let dir = common::receiver::TempDir::new("console");
    let page = "<html><head><script type=\"module\">init()</script></head></html>";
    std::fs::write(dir.0.join("index.html"), page).unwrap();
    let config = m8tes_local_api::Config { console_dir: dir.0.clone(), ..common::test_config() };
    let server = TestServer::start_with(config).await;
    let origin = format!("http://{}", server.server.addr);
    for path in ["/", "/teammates/12"] {
        let response = server.http.get(format!("{origin}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
        assert_eq!(response.text().await.unwrap(), page);
    }
    server.stop().await;
}

/// Simulated app data belongs to the run's end user: what ann's run posts, ann's next run
/// reads and bob's run never sees.
#[tokio::test]
async fn simulated_app_data_is_per_end_user() {
    let server = TestServer::start().await;
    let run = |user: &str, message: &str| json!({"message": message, "tools": ["slack"], "user_id": user});
    run_support::streamed(&server, run("ann", "Post to #launch: ann's secret date")).await;
    let (events, _) =
        run_support::streamed(&server, run("bob", "What's new in #launch on slack?")).await;
    let bob = run_support::text(&events);
    assert!(!bob.contains("ann's secret date"), "{bob}");
    let (events, _) =
        run_support::streamed(&server, run("ann", "What's new in #launch on slack?")).await;
    let ann = run_support::text(&events);
    assert!(ann.contains("ann's secret date"), "{ann}");
    server.stop().await;
}
