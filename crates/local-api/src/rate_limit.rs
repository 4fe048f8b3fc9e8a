//! Per-key rate limiting (off unless `--rate-limit N`): a fixed one-minute window, answered
//! with 429 and `Retry-After` in seconds until the window ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A key over its limit: the limit, and the seconds until its window ends.
#[derive(Debug, Clone, Copy)]
pub struct RateLimited {
    pub limit: u32,
    pub retry_after: u64,
}

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

    /// Counts one request for `key_id`; `Err` when the window is full.
    pub fn check(&self, key_id: i64) -> Result<(), RateLimited> {
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
            return Err(RateLimited { limit, retry_after: wait });
        }
        *count += 1;
        Ok(())
    }
}
