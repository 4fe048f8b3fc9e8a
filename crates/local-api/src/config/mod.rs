//! The server's configuration: what `m8tes-local` runs with, and its defaults. How the command
//! line and the environment set it is in [`command_line`].

use std::path::PathBuf;

/// How fast the simulated agent streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speed {
    /// Pauses between deltas, as a person watching the console expects.
    Realistic,
    /// No pauses: for tests.
    Instant,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    /// Where the SQLite database and run files live; `None` with `--memory`.
    pub data_dir: Option<PathBuf>,
    /// Extra keys to create (tests pass a known one).
    pub api_keys: Vec<String>,
    pub speed: Speed,
    /// Requests a minute per API key before 429; `None` = no limit (the default).
    pub rate_limit_per_minute: Option<u32>,
    /// The built console to serve at `/`, when the folder exists.
    pub console_dir: PathBuf,
    /// Silence on a run stream after which a `: keepalive` comment is sent (D9: 15 s).
    pub stream_keepalive: std::time::Duration,
    /// The wait before an outbound webhook's first retry; each later one doubles it (1 s, 2 s,
    /// 4 s, 8 s). Only tests shorten it, to see a delivery run out of attempts quickly.
    pub webhook_retry_base: std::time::Duration,
    /// Runs of one account executing at once before a new one is refused with 429.
    pub max_live_runs: usize,
    /// Deliveries waiting to be sent to one endpoint before new events for it are dropped
    /// (and logged): a dead or looping receiver cannot grow the store without bound.
    pub max_pending_deliveries: usize,
    /// `/token` and `/signup` attempts a minute per client address and per email before 429.
    pub login_limit_per_minute: u32,
    /// Time a connection has to send a whole request head, from opening or from its previous
    /// response (so also how long an idle keep-alive connection stays open).
    pub header_timeout: std::time::Duration,
    /// Connections open at once; one more is closed as soon as it is accepted.
    pub max_connections: usize,
    /// Extra PEM roots trusted for https webhook receivers, beside the platform's.
    pub ca_file: Option<PathBuf>,
    /// How the binary writes its log lines.
    pub log_format: LogFormat,
}

/// The shape of the log on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// For a person at a terminal.
    Text,
    /// One JSON object a line, for a log pipeline.
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8787,
            data_dir: Some(PathBuf::from(".m8tes-local")),
            api_keys: Vec::new(),
            speed: Speed::Realistic,
            rate_limit_per_minute: None,
            console_dir: PathBuf::from("dist"),
            stream_keepalive: std::time::Duration::from_secs(15),
            webhook_retry_base: std::time::Duration::from_secs(1),
            max_live_runs: 50,
            max_pending_deliveries: 1000,
            login_limit_per_minute: 20,
            header_timeout: std::time::Duration::from_secs(10),
            max_connections: 512,
            ca_file: None,
            log_format: LogFormat::Text,
        }
    }
}

mod command_line;

pub use command_line::Invocation;
