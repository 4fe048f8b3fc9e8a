//! SDK 4.49's account settings over real HTTP: every field it sends is stored and answered
//! (none silently dropped), a cap sent as `null` is cleared, bad values are typed 422s.

mod common;

use common::{error_of, json_of, TestServer};
use serde_json::{json, Value};

#[tokio::test]
async fn every_4_49_setting_is_stored_and_answered() {
    let server = TestServer::start().await;
    let fresh = json_of(server.get("/settings/").await, 200).await;
    let defaults = json!({
        "company_research": true,
        "per_end_user_run_limit": null,
        "per_end_user_cost_limit_cents": null,
        "per_end_user_rate_per_minute": null,
        "retention_mode": "standard",
        "require_end_user_id": false,
        "approval_email_enabled": true,
        "approval_slack_enabled": true,
        "result_email_enabled": true,
        "result_slack_enabled": true,
    });
    assert_eq!(fresh, defaults);

    let change = json!({
        "per_end_user_run_limit": 50,
        "per_end_user_cost_limit_cents": 1000,
        "per_end_user_rate_per_minute": 5,
        "retention_mode": "metadata_only",
        "require_end_user_id": true,
        "approval_email_enabled": false,
        "approval_slack_enabled": false,
        "result_email_enabled": false,
        "result_slack_enabled": false,
    });
    let updated = json_of(server.patch("/settings/", change.clone()).await, 200).await;
    let mut expected = change.clone();
    expected["company_research"] = json!(true);
    assert_eq!(updated, expected);
    assert_eq!(json_of(server.get("/settings").await, 200).await, expected, "stored");

    // `null` clears a cap; an omitted field stays.
    let cleared =
        json_of(server.patch("/settings", json!({"per_end_user_run_limit": null})).await, 200)
            .await;
    assert_eq!(cleared["per_end_user_run_limit"], Value::Null);
    assert_eq!(cleared["per_end_user_cost_limit_cents"], 1000);
    assert_eq!(cleared["retention_mode"], "metadata_only");

    // The SDK reads every field it knows from the answer.
    let other = server.second_account("other@x.io").await;
    let theirs = server.request_as(&other, reqwest::Method::GET, "/settings").send().await.unwrap();
    assert_eq!(json_of(theirs, 200).await, defaults, "another account keeps its own");
    server.stop().await;
}

#[tokio::test]
async fn bad_settings_are_refused_and_change_nothing() {
    let server = TestServer::start().await;
    for (body, says) in [
        (json!({"retention_mode": "forever"}), "retention_mode"),
        (json!({"per_end_user_run_limit": -1}), "per_end_user_run_limit"),
        (json!({"per_end_user_rate_per_minute": "5"}), "per_end_user_rate_per_minute"),
        (json!({"require_end_user_id": "yes"}), "require_end_user_id"),
        (json!({"retention": "standard"}), "retention"),
    ] {
        let error = error_of(server.patch("/settings", body.clone()).await, 422).await;
        assert!(error["message"].as_str().unwrap().contains(says), "{body}: {error}");
    }
    let now = json_of(server.get("/settings").await, 200).await;
    assert_eq!(now["retention_mode"], "standard");
    assert_eq!(now["per_end_user_run_limit"], Value::Null);
    server.stop().await;
}
