//! Connection limits (issue 12, finding 4): a stalled request head and an idle keep-alive
//! connection are closed after `--header-timeout-secs`; past `--max-connections` a new
//! connection is closed at once while open ones keep working; a run stream outlives the
//! header timeout. Every wait here is bounded.

mod common;
mod run_support;

use std::time::Duration;

use common::{json_of, test_config, TestServer};
use m8tes_local_api::Config;
use run_support::EventReader;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longer than any timeout the tests set: a socket the server should close is closed by then.
const BOUND: Duration = Duration::from_secs(10);

fn limited(header_timeout: Duration, max_connections: usize) -> Config {
    Config {
        header_timeout,
        max_connections,
        stream_keepalive: Duration::from_millis(200),
        ..test_config()
    }
}

/// Reads until the server closes the socket (end of file or a reset); returns what it sent.
/// Panics if the socket is still open after [`BOUND`].
async fn read_until_closed(socket: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    tokio::time::timeout(BOUND, async {
        loop {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await
    .expect("the server closes the socket");
    received
}

/// A GET of the teammate list with the test key, as raw HTTP/1.1 bytes.
fn list_request(host: &str) -> String {
    format!(
        "GET /api/v2/teammates/ HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {}\r\n\r\n",
        common::KEY
    )
}

#[tokio::test]
async fn stalled_request_heads_are_closed_after_the_header_timeout() {
    let server = TestServer::start_with(limited(Duration::from_millis(500), 64)).await;
    let addr = server.server.addr;
    let mut stalled = Vec::new();
    for _ in 0..5 {
        let mut socket = TcpStream::connect(addr).await.unwrap();
        // Half a request head, then nothing: the slowloris pattern.
        socket.write_all(b"GET /api/v2/teammates/ HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap();
        stalled.push(socket);
    }
    let silent = TcpStream::connect(addr).await.unwrap(); // not even a byte
    stalled.push(silent);
    for socket in &mut stalled {
        let answer = read_until_closed(socket).await;
        assert!(!answer.starts_with(b"HTTP/1.1 2"), "{}", String::from_utf8_lossy(&answer));
    }
    // Everyone else is served as before.
    json_of(server.get("/teammates/").await, 200).await;
    server.stop().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let server = TestServer::start_with(limited(Duration::from_millis(500), 64)).await;
    let mut socket = TcpStream::connect(server.server.addr).await.unwrap();
    socket.write_all(list_request("x").as_bytes()).await.unwrap();
    // The client never closes: the end of file comes from the server, after the response.
    let received = read_until_closed(&mut socket).await;
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(!text.to_ascii_lowercase().contains("connection: close"), "kept alive: {text}");
    server.stop().await;
}

#[tokio::test]
async fn past_the_connection_cap_a_new_connection_is_closed_and_open_ones_work() {
    let server = TestServer::start_with(limited(Duration::from_secs(30), 3)).await;
    let addr = server.server.addr;
    // One kept-alive client and two idle sockets fill the cap of three.
    let client = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap();
    let list = || client.get(server.url("/teammates/")).bearer_auth(common::KEY).send();
    json_of(list().await.unwrap(), 200).await;
    let idle_one = TcpStream::connect(addr).await.unwrap();
    let idle_two = TcpStream::connect(addr).await.unwrap();

    // The fourth is accepted and closed at once, long before the 30 s header timeout.
    let mut refused = TcpStream::connect(addr).await.unwrap();
    let _ = refused.write_all(list_request("x").as_bytes()).await;
    let answer = read_until_closed(&mut refused).await;
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));

    // The open client goes on over its connection.
    json_of(list().await.unwrap(), 200).await;

    // A closed connection frees its place.
    drop((idle_one, idle_two));
    let served = tokio::time::timeout(BOUND, async {
        loop {
            let mut socket = TcpStream::connect(addr).await.unwrap();
            let head = list_request("x").replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
            let _ = socket.write_all(head.as_bytes()).await;
            let answer = read_until_closed(&mut socket).await;
            if answer.starts_with(b"HTTP/1.1 200") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(served.is_ok(), "a place frees up once idle sockets close");
    server.stop().await;
}

#[tokio::test]
async fn a_run_stream_outlives_the_header_timeout() {
    let server = TestServer::start_with(limited(Duration::from_millis(300), 64)).await;
    let body = json!({"message": "Check my inbox", "stream": true, "tools": ["gmail"],
                      "user_id": "ann", "human_in_the_loop": true,
                      "permission_mode": "approval"});
    let mut stream = EventReader::new(server.post("/runs/", body).await);
    let before = stream.until("awaiting_approval").await;
    let run_id = before[0].run_id().unwrap();
    let request_id = before[before.len() - 2].raw["request_id"].as_str().unwrap().to_owned();
    // Waiting at the gate for several header timeouts, with only keepalive comments.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let approve = json!({"request_id": request_id, "decision": "allow"});
    json_of(server.post(&format!("/runs/{run_id}/approve"), approve).await, 200).await;
    let after = stream.rest().await;
    assert_eq!(run_support::types(&after).last(), Some(&"done"), "the stream goes on to its end");
    let raw = String::from_utf8_lossy(&stream.raw);
    assert!(raw.contains(": keepalive"), "the wait was filled with keepalive comments");
    server.stop().await;
}
