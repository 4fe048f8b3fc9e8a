//! Client and per-request settings (js-api.md "Client"). Durations are milliseconds.

use js_sys::Function;
use web_sys::AbortSignal;

/// How a client is set up. Unset fields fall back to the environment (`M8TES_API_KEY`,
/// `M8TES_BASE_URL`, where `process.env` exists) and then to the defaults of D1 and D5.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    /// Idle timeout in ms (default 300 000): on a stream, the longest silence allowed.
    pub timeout_ms: Option<f64>,
    /// Retries after the first attempt (default 2).
    pub max_retries: Option<u32>,
    /// A `fetch` to use instead of the global one.
    pub fetch: Option<Function>,
    pub default_headers: Vec<(String, String)>,
}

impl ClientOptions {
    pub fn new(api_key: impl Into<String>) -> Self {
        ClientOptions { api_key: Some(api_key.into()), ..Default::default() }
    }

    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }
}

/// Settings of one call; each overrides the client's.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<u32>,
    /// Sent after the client's headers, so they win.
    pub headers: Vec<(String, String)>,
    /// The `Idempotency-Key` of a run-creating POST; a fresh UUIDv4 when unset (D6).
    pub idempotency_key: Option<String>,
}
