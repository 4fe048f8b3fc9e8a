//! Reading run streams in tests: a response body fed through protocol's `SseDecoder`, event
//! by event, with a deadline so a test never hangs; plus setup shortcuts for run tests.
#![allow(dead_code)] // each test file uses part of this

use std::time::Duration;

use futures_util::StreamExt;
use m8tes_protocol::event::RunEvent;
use m8tes_protocol::sse::SseDecoder;
use serde_json::Value;

use crate::common::{json_of, TestServer};

/// No stream step in these tests takes longer than this.
pub const DEADLINE: Duration = Duration::from_secs(20);

pub struct EventReader {
    body: futures_util::stream::BoxStream<'static, reqwest::Result<axum::body::Bytes>>,
    decoder: SseDecoder,
    queued: std::collections::VecDeque<String>,
    /// Every byte received so far.
    pub raw: Vec<u8>,
    finished: bool,
}

impl EventReader {
    pub fn new(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), 200, "a stream answers 200");
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        EventReader {
            body: response.bytes_stream().boxed(),
            decoder: SseDecoder::new(),
            queued: Default::default(),
            raw: Vec::new(),
            finished: false,
        }
    }

    /// The next payload, or `None` at the end of the body.
    pub async fn next_payload(&mut self) -> Option<String> {
        loop {
            if let Some(payload) = self.queued.pop_front() {
                return Some(payload);
            }
            if self.finished {
                return None;
            }
            let chunk = tokio::time::timeout(DEADLINE, self.body.next())
                .await
                .expect("the stream went silent past the test deadline");
            match chunk {
                Some(chunk) => {
                    let chunk = chunk.expect("stream chunk");
                    self.raw.extend_from_slice(&chunk);
                    for payload in self.decoder.feed_collect(&chunk) {
                        self.queued.push_back(payload.expect("well-framed event"));
                    }
                }
                None => {
                    self.finished = true;
                    for payload in self.decoder.finish_collect() {
                        self.queued.push_back(payload.expect("well-framed event"));
                    }
                }
            }
        }
    }

    pub async fn next_event(&mut self) -> Option<RunEvent> {
        let payload = self.next_payload().await?;
        Some(RunEvent::from_payload(&payload).expect("every payload is an event"))
    }

    /// Events up to and including the first of type `type_name`.
    pub async fn until(&mut self, type_name: &str) -> Vec<RunEvent> {
        let mut seen = Vec::new();
        while let Some(event) = self.next_event().await {
            let found = event.type_name() == type_name;
            seen.push(event);
            if found {
                return seen;
            }
        }
        let names: Vec<_> = seen.iter().map(RunEvent::type_name).collect();
        panic!("the stream ended without {type_name}; saw {names:?}");
    }

    /// Every remaining event, to the end of the body.
    pub async fn rest(&mut self) -> Vec<RunEvent> {
        let mut seen = Vec::new();
        while let Some(event) = self.next_event().await {
            seen.push(event);
        }
        seen
    }
}

pub fn types(events: &[RunEvent]) -> Vec<&'static str> {
    events.iter().map(RunEvent::type_name).collect()
}

/// The concatenated `text-delta`s (D15).
pub fn text(events: &[RunEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            m8tes_protocol::event::EventKind::TextDelta { delta, .. } => Some(delta.as_str()),
            _ => None,
        })
        .collect()
}

pub fn tool_names(events: &[RunEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            m8tes_protocol::event::EventKind::ToolCallStart { tool_name, .. } => tool_name.clone(),
            _ => None,
        })
        .collect()
}

/// Starts a streaming run and reads it to the end.
pub async fn streamed(server: &TestServer, body: Value) -> (Vec<RunEvent>, Vec<u8>) {
    let mut reader = EventReader::new(server.post("/runs/", body).await);
    let events = reader.rest().await;
    (events, reader.raw)
}

/// Polls `GET /runs/{id}` until its status is `status`.
pub async fn wait_for_status(server: &TestServer, id: i64, status: &str) -> Value {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let run = json_of(server.get(&format!("/runs/{id}")).await, 200).await;
        if run["status"] == status {
            return run;
        }
        assert!(tokio::time::Instant::now() < deadline, "run {id} never became {status}: {run}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A teammate with `tools`, made through the API.
pub async fn teammate(server: &TestServer, tools: &[&str]) -> i64 {
    let body = serde_json::json!({"name": "Ops", "tools": tools});
    json_of(server.post("/teammates/", body).await, 201).await["id"].as_i64().unwrap()
}
