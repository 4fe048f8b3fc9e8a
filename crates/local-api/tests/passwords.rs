//! Password storage (issue 12, finding 3): argon2id PHC strings for new accounts; an account
//! still holding the old salted SHA-256 logs in and comes out with argon2id.

mod common;

use common::{error_of, json_of, TestServer};
use serde_json::json;
use sha2::{Digest, Sha256};

const PASSWORD: &str = "hunter2hunter2";

/// Whether the account's stored hash matches the SQL `LIKE` pattern (the test hook answers
/// with a row count, so a no-op update counts the matching row).
fn stored_hash_is_like(server: &TestServer, email: &str, pattern: &str) -> bool {
    let sql = "UPDATE accounts SET email = email WHERE email = ?1 AND password_hash LIKE ?2";
    server.server.execute_sql(sql, [email, pattern]).unwrap() == 1
}

/// The format stores written before argon2id: `sha256$<salt>$<hex of SHA-256(salt ‖ password)>`.
fn old_format_hash(salt: &str, password: &str) -> String {
    let digest = Sha256::new().chain_update(salt).chain_update(password).finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${salt}${hex}")
}

async fn login(server: &TestServer, email: &str, password: &str) -> reqwest::Response {
    let body = json!({"email": email, "password": password});
    server.http.post(server.url("/token")).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn a_new_signup_stores_an_argon2id_hash_and_logs_in() {
    let server = TestServer::start().await;
    server.second_account("ada@example.com").await;
    assert!(stored_hash_is_like(&server, "ada@example.com", "$argon2id$v=19$m=19456,t=2,p=1$%"));
    error_of(login(&server, "ada@example.com", "hunter2hunter3").await, 401).await;
    let grant = json_of(login(&server, "ada@example.com", PASSWORD).await, 200).await;
    assert!(grant["api_key"].as_str().is_some_and(|key| key.starts_with("m8_")), "{grant}");
    server.stop().await;
}

#[tokio::test]
async fn an_old_sha256_hash_still_logs_in_and_is_upgraded_to_argon2id() {
    let server = TestServer::start().await;
    server.second_account("old@example.com").await;
    let old = old_format_hash("00112233445566778899aabbccddeeff", PASSWORD);
    let sql = "UPDATE accounts SET password_hash = ?1 WHERE email = ?2";
    assert_eq!(server.server.execute_sql(sql, [old.as_str(), "old@example.com"]).unwrap(), 1);

    // A wrong password neither logs in nor touches the old hash.
    error_of(login(&server, "old@example.com", "hunter2hunter3").await, 401).await;
    assert!(stored_hash_is_like(&server, "old@example.com", "sha256$%"));

    json_of(login(&server, "old@example.com", PASSWORD).await, 200).await;
    assert!(stored_hash_is_like(&server, "old@example.com", "$argon2id$%"));
    // The upgraded hash is the same password, and still only that one.
    error_of(login(&server, "old@example.com", "hunter2hunter3").await, 401).await;
    json_of(login(&server, "old@example.com", PASSWORD).await, 200).await;
    server.stop().await;
}

#[tokio::test]
async fn unknown_emails_and_the_dev_account_have_no_password() {
    let server = TestServer::start().await;
    let error = error_of(login(&server, "nobody@example.com", PASSWORD).await, 401).await;
    assert_eq!(error["message"], "Invalid email or password", "{error}");
    // The dev account is reached with its keys only.
    error_of(login(&server, m8tes_local_api::DEV_ACCOUNT_EMAIL, "").await, 401).await;
    server.stop().await;
}
