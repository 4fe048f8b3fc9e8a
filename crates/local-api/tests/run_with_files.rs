//! `POST /runs/with-files` over real HTTP (wire.md §10.10): the multipart form SDK 4.49
//! sends, its files becoming the run's files, and the refusals of a bad form.

mod common;
mod run_support;

use common::{error_of, json_of, TestServer, KEY};
use run_support::{text, wait_for_status, EventReader};
use serde_json::{json, Value};

const BOUNDARY: &str = "m8tesBoundary7MA4YWxkTrZu0gW";

/// A form as `requests` builds it: `payload` first, then each file part.
fn form(payload: Option<&Value>, files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(payload) = payload {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\n{payload}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, content_type, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
                 Content-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_form(server: &TestServer, body: Vec<u8>, key: Option<&str>) -> reqwest::Response {
    post_form_to(server, "/runs/with-files", body, key).await
}

async fn post_form_to(
    server: &TestServer,
    path: &str,
    body: Vec<u8>,
    key: Option<&str>,
) -> reqwest::Response {
    let mut request = server
        .http
        .post(server.url(path))
        .bearer_auth(KEY)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn attached_files_become_run_files_the_agent_sees() {
    let server = TestServer::start().await;
    let csv: &[u8] = b"name,total\nann,3\n";
    let payload = json!({"message": "Summarise these", "stream": false, "user_id": "ann",
                         "output_schema": {"type": "object", "properties": {"rows": {"type": "integer"}}}});
    let body =
        form(Some(&payload), &[("sales.csv", "text/csv", csv), ("notes.txt", "text/plain", b"hi")]);
    let response = post_form(&server, body.clone(), Some("files-1")).await;
    let header = response.headers()["x-run-id"].to_str().unwrap().to_owned();
    let run = json_of(response, 200).await;
    let id = run["id"].as_i64().unwrap();
    assert_eq!(header, id.to_string());
    assert_eq!(run["user_id"], "ann");
    let files = json_of(server.get(&format!("/runs/{id}/files")).await, 200).await;
    assert_eq!(
        files,
        json!([{"name": "notes.txt", "size": 2}, {"name": "sales.csv", "size": csv.len()}])
    );
    let download = server.get(&format!("/runs/{id}/files/sales.csv/download")).await;
    assert_eq!(download.headers()["content-type"], "text/csv");
    assert_eq!(download.bytes().await.unwrap().as_ref(), csv);
    let done = wait_for_status(&server, id, "completed").await;
    let output = done["output"].as_str().unwrap();
    assert!(
        output.contains("I can see the attached files: notes.txt (2 bytes), sales.csv (17 bytes)."),
        "{output}"
    );
    assert_eq!(done["output_data"], json!({"rows": 0}));
    // The same key and form replay the run; the same key with other files is another request.
    let replay = post_form(&server, body, Some("files-1")).await;
    assert_eq!(replay.headers()["idempotent-replay"], "true");
    assert_eq!(json_of(replay, 200).await["id"], id);
    let other = form(Some(&payload), &[("sales.csv", "text/csv", b"other")]);
    let reused = error_of(post_form(&server, other, Some("files-1")).await, 409).await;
    assert_eq!(reused["details"]["error_code"], "idempotency_key_reuse");

    // A reply with files: an earlier file keeps its name, the new one gets a suffix.
    let reply = json!({"message": "And this one", "stream": false});
    let path = format!("/runs/{id}/reply/with-files");
    let body = form(
        Some(&reply),
        &[("sales.csv", "text/csv", b"v2"), ("extra.md", "text/markdown", b"# x")],
    );
    let replied = post_form_to(&server, &path, body, None).await;
    assert_eq!(replied.headers()["x-run-id"], id.to_string().as_str());
    assert_eq!(json_of(replied, 200).await["id"], id);
    let names: Vec<String> = json_of(server.get(&format!("/runs/{id}/files")).await, 200)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["extra.md", "notes.txt", "sales-2.csv", "sales.csv"]);
    let kept = server.get(&format!("/runs/{id}/files/sales.csv/download")).await;
    assert_eq!(kept.bytes().await.unwrap().as_ref(), csv);
    wait_for_status(&server, id, "completed").await;
    let scoped = format!("/runs/{id}/reply/with-files?user_id=bob");
    error_of(post_form_to(&server, &scoped, form(Some(&reply), &[]), None).await, 404).await;
    error_of(
        post_form_to(&server, &path, form(Some(&json!({"message": ""})), &[]), None).await,
        422,
    )
    .await;
    server.stop().await;
}

#[tokio::test]
async fn a_streamed_create_with_files_streams_and_a_bad_form_is_refused() {
    let server = TestServer::start().await;
    let payload = json!({"message": "Read it", "stream": true});
    let response =
        post_form(&server, form(Some(&payload), &[("a.txt", "text/plain", b"abc")]), None).await;
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let events = EventReader::new(response).rest().await;
    assert!(text(&events).contains("a.txt (3 bytes)"));

    let file: &[(&str, &str, &[u8])] = &[("a.txt", "text/plain", b"abc")];
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (form(None, file), 422),
        (form(Some(&json!("text")), file), 422),
        (form(Some(&json!({"message": ""})), file), 422),
        (form(Some(&json!({"message": "x", "output_schema": {"type": "array"}})), file), 422),
        (form(Some(&payload), &[("../up.txt", "text/plain", b"x")]), 422),
        (
            form(Some(&payload), &[("a.txt", "text/plain", b"1"), ("a.txt", "text/plain", b"2")]),
            422,
        ),
        (b"--nope\r\nnot a form".to_vec(), 422),
    ];
    for (body, status) in cases {
        error_of(post_form(&server, body, None).await, status).await;
    }
    let big = vec![b'x'; 3 * 1024 * 1024];
    error_of(
        post_form(
            &server,
            form(Some(&payload), &[("big.bin", "application/octet-stream", &big)]),
            None,
        )
        .await,
        413,
    )
    .await;
    // Another account cannot see the files.
    let other = server.second_account("files@example.com").await;
    let response =
        server.request_as(&other, reqwest::Method::GET, "/runs/1/files").send().await.unwrap();
    error_of(response, 404).await;
    server.stop().await;
}
