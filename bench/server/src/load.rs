//! The three loads, each bounded by a request count or a deadline: list throughput, time to
//! the first SSE byte, and many streams at once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use m8tes_protocol::SseDecoder;
use serde_json::json;

use crate::server_process::{ServerProcess, KEY};

pub fn client(max_idle: usize) -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(max_idle)
        .timeout(Duration::from_secs(120))
        .build()
        .expect("an HTTP client")
}

fn post(http: &reqwest::Client, base: &str, path: &str) -> reqwest::RequestBuilder {
    http.post(format!("{base}{path}")).bearer_auth(KEY).header("content-type", "application/json")
}

/// Creates `n` finished runs so `GET /runs/` answers a full page.
pub async fn seed_runs(http: &reqwest::Client, base: &str, n: usize) -> Result<(), String> {
    for i in 0..n {
        let body = json!({"message": format!("hello {i}"), "stream": false, "memory": true, "history": true});
        let response =
            post(http, base, "/runs/").json(&body).send().await.map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("seeding a run answered {}", response.status()));
        }
    }
    Ok(())
}

pub struct Throughput {
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub latencies_ms: Vec<f64>,
}

/// `concurrency` workers GET `/runs/` in a loop over kept-alive connections until `duration`
/// has passed.
pub async fn list_throughput(base: &str, concurrency: usize, duration: Duration) -> Throughput {
    let http = client(concurrency);
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (http, url, errors) = (http.clone(), format!("{base}/runs/"), errors.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let ok = match http.get(&url).bearer_auth(KEY).send().await {
                        Ok(response) => {
                            response.status().is_success() && response.bytes().await.is_ok()
                        }
                        Err(_) => false,
                    };
                    if ok {
                        latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies_ms = Vec::new();
    for worker in workers {
        latencies_ms.extend(worker.await.unwrap_or_default());
    }
    Throughput {
        requests: latencies_ms.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        seconds: started.elapsed().as_secs_f64(),
        latencies_ms,
    }
}

/// One streamed run: when its first byte came, and whether the stream ended with `[DONE]`.
pub struct StreamOutcome {
    pub first_byte_ms: f64,
    pub total_ms: f64,
    pub events: usize,
    pub done: bool,
}

/// Creates a streaming run and reads it to its end.
pub async fn streamed_run(
    http: &reqwest::Client,
    base: &str,
    message: &str,
) -> Result<StreamOutcome, String> {
    let body = json!({"message": message, "stream": true, "memory": true, "history": true,
        "tools": ["gmail", "slack", "linear", "stripe"]});
    let sent = Instant::now();
    let response =
        post(http, base, "/runs/").json(&body).send().await.map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("POST /runs/ answered {}", response.status()));
    }
    let mut chunks = response.bytes_stream();
    let mut decoder = SseDecoder::new();
    let mut payloads: Vec<String> = Vec::new();
    let mut first_byte_ms = None;
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        if first_byte_ms.is_none() && !chunk.is_empty() {
            first_byte_ms = Some(sent.elapsed().as_secs_f64() * 1000.0);
        }
        payloads.extend(decoder.feed_collect(&chunk).into_iter().filter_map(Result::ok));
    }
    payloads.extend(decoder.finish_collect().into_iter().filter_map(Result::ok));
    Ok(StreamOutcome {
        first_byte_ms: first_byte_ms.ok_or("the stream was empty")?,
        total_ms: sent.elapsed().as_secs_f64() * 1000.0,
        events: payloads.len(),
        done: payloads.last().is_some_and(|p| p == "[DONE]"),
    })
}

/// `n` streamed runs one after another: the latency of a run's first byte with no other load.
pub async fn first_byte_sequential(base: &str, n: usize) -> Result<Vec<StreamOutcome>, String> {
    let http = client(4);
    let mut outcomes = Vec::with_capacity(n);
    for i in 0..n {
        outcomes.push(streamed_run(&http, base, &format!("Say hello, run {i}")).await?);
    }
    Ok(outcomes)
}

pub struct Concurrent {
    pub outcomes: Vec<StreamOutcome>,
    pub failures: Vec<String>,
    pub seconds: f64,
    pub rss_before_kib: u64,
    pub peak_rss_kib: u64,
}

/// `n` streaming runs started at once and read to their ends, while the server's memory is
/// sampled; the peak is the kernel's high-water mark (VmHWM), so no spike is missed.
pub async fn concurrent_streams(server: &ServerProcess, n: usize) -> Concurrent {
    let http = client(n);
    let rss_before_kib = server.memory_kib().map(|(rss, _)| rss).unwrap_or(0);
    let started = Instant::now();
    let runs: Vec<_> = (0..n)
        .map(|i| {
            let (http, base) = (http.clone(), server.base.clone());
            let message = format!(
                "Check my inbox, then post the summary to #general and open a ticket ({i})"
            );
            tokio::spawn(async move { streamed_run(&http, &base, &message).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    for run in runs {
        match run.await {
            Ok(Ok(outcome)) if outcome.done => outcomes.push(outcome),
            Ok(Ok(_)) => failures.push("a stream ended without [DONE]".to_string()),
            Ok(Err(error)) => failures.push(error),
            Err(error) => failures.push(error.to_string()),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let peak_rss_kib = server.memory_kib().map(|(_, hwm)| hwm).unwrap_or(0);
    Concurrent { outcomes, failures, seconds, rss_before_kib, peak_rss_kib }
}
