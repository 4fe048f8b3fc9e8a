//! Login limits (issue 12, finding 3): `/token` and `/signup` are limited per client address
//! and per email (`--login-limit`), with 429 and `Retry-After`, so a password cannot be
//! guessed at speed.

mod common;

use common::{error_of, json_of, test_config, TestServer};
use m8tes_local_api::Config;
use serde_json::json;

fn limited(per_minute: u32) -> Config {
    Config { login_limit_per_minute: per_minute, ..test_config() }
}

#[tokio::test]
async fn password_guesses_for_one_email_are_limited() {
    let server = TestServer::start_with(limited(3)).await;
    server.second_account("dana@example.com").await; // the first of three attempts
    let token = |password: &str| {
        let body = json!({"email": "dana@example.com", "password": password});
        server.http.post(server.url("/token")).json(&body).send()
    };
    error_of(token("guess-one").await.unwrap(), 401).await;
    error_of(token("guess-two").await.unwrap(), 401).await;
    // Over the limit even with the right password: the guesser learns nothing more.
    let refused = token("hunter2hunter2").await.unwrap();
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let error = error_of(refused, 429).await;
    assert_eq!(error["error_code"], "rate_limited", "{error}");
    server.stop().await;
}

#[tokio::test]
async fn signups_from_one_address_are_limited() {
    let server = TestServer::start_with(limited(3)).await;
    for name in ["a", "b", "c"] {
        server.second_account(&format!("{name}@example.com")).await;
    }
    let body = json!({"email": "d@example.com", "password": "hunter2hunter2",
                      "first_name": "D", "last_name": ""});
    let refused = server.http.post(server.url("/signup")).json(&body).send().await.unwrap();
    assert!(refused.headers().contains_key("retry-after"));
    error_of(refused, 429).await;
    // The key holders' API is not limited by it.
    json_of(server.get("/teammates/").await, 200).await;
    server.stop().await;
}
