//! Per-key rate limiting (off unless `--rate-limit N`): a fixed one-minute window, answered
//! with 429 and `Retry-After` in seconds until the window ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::http::error::ApiError;

#[derive(Clone, Default)]
pub struct RateLimiter {
    per_minute: Option<u32>,
    windows: Arc<Mutex<HashMap<i64, (Instant, u32)>>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl RateLimiter {
    pub fn new(per_minute: Option<u32>) -> Self {
        RateLimiter { per_minute, windows: Arc::default() }
    }

    /// Counts one request for `key_id`; `Err` with a 429 when the window is full.
    pub fn check(&self, key_id: i64) -> Result<(), ApiError> {
        let Some(limit) = self.per_minute else { return Ok(()) };
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        let (start, count) = windows.entry(key_id).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= limit {
            let wait = WINDOW.saturating_sub(now.duration_since(*start)).as_secs().max(1);
            let mut error = ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                format!("Rate limit of {limit} requests a minute reached; retry in {wait} s"),
            )
            .with_error_code("rate_limited");
            error.retry_after = Some(wait);
            return Err(error);
        }
        *count += 1;
        Ok(())
    }
}
