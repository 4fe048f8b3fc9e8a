//! A webhook receiver on an ephemeral loopback port that records every delivery and answers
//! 200, and a folder for a store that outlives one server.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};

#[derive(Debug, Clone)]
pub struct Delivery {
    pub headers: HeaderMap,
    pub body: serde_json::Value,
}

pub struct Receiver {
    pub url: String,
    pub got: Arc<Mutex<Vec<Delivery>>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let got: Arc<Mutex<Vec<Delivery>>> = Arc::default();
        let record = got.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let record = record.clone();
                async move {
                    let body = serde_json::from_slice(&body).unwrap_or_default();
                    record.lock().unwrap().push(Delivery { headers, body });
                    StatusCode::OK
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, got }
    }

    /// The first delivery for which `wanted` holds, waiting at most `limit`.
    pub async fn wait_for(&self, limit: Duration, wanted: impl Fn(&Delivery) -> bool) -> Delivery {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if let Some(found) = self.got.lock().unwrap().iter().find(|d| wanted(d)).cloned() {
                return found;
            }
            let seen: Vec<_> = self.got.lock().unwrap().iter().map(|d| d.body.clone()).collect();
            assert!(tokio::time::Instant::now() < deadline, "not delivered in time; got {seen:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!(
            "m8tes-local-{label}-{}-{:x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
