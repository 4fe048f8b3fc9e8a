//! D2: every collection answers with and without its trailing slash, never with a redirect.

mod common;

use common::{json_of, TestServer, KEY};
use serde_json::json;

#[tokio::test]
async fn both_forms_answer_directly() {
    let server = TestServer::start().await;
    let mate = json_of(server.post("/agents", json!({"name": "n"})).await, 201).await;
    let task = json_of(
        server.post("/tasks", json!({"teammate_id": mate["id"], "instructions": "x"})).await,
        201,
    )
    .await;
    // A client that shows a redirect instead of following it.
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let triggers = format!("/tasks/{}/triggers", task["id"]);
    let collections = [
        "/teammates",
        "/agents",
        "/tasks",
        triggers.as_str(),
        "/users",
        "/memories?user_id=u",
        "/permissions?user_id=u",
        "/webhooks",
        "/apps",
        "/settings",
        "/usage",
    ];
    for path in collections {
        let slashed = match path.split_once('?') {
            Some((base, query)) => format!("{base}/?{query}"),
            None => format!("{path}/"),
        };
        for form in [path.to_string(), slashed] {
            let response = http.get(server.url(&form)).bearer_auth(KEY).send().await.unwrap();
            assert_eq!(response.status(), 200, "GET {form}");
            json_of(response, 200).await;
        }
    }
    // POSTs too: a 307 would make a browser or an SDK resend or drop the body.
    for form in ["/users", "/users/"] {
        let made = http
            .post(server.url(form))
            .bearer_auth(KEY)
            .json(&json!({"user_id": form}))
            .send()
            .await
            .unwrap();
        assert_eq!(made.status(), 201, "POST {form}");
    }
    server.stop().await;
}
