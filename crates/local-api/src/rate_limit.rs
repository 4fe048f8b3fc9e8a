//! Rate limiting in fixed one-minute windows, answered with 429 and `Retry-After` in seconds
//! until the window ends: per API key (off unless `--rate-limit N`), and per client address
//! and per email on `/token` and `/signup` (`--login-limit N`, on by default), so a password
//! cannot be guessed at speed.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A key over its limit: the limit, and the seconds until its window ends.
#[derive(Debug, Clone, Copy)]
pub struct RateLimited {
    pub limit: u32,
    pub retry_after: u64,
}

/// Windows by key: an API key's id, or a login's client address or email.
#[derive(Clone, Default)]
pub struct RateLimiter<K = i64> {
    per_minute: Option<u32>,
    windows: Arc<Mutex<HashMap<K, (Instant, u32)>>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn new(per_minute: Option<u32>) -> Self {
        RateLimiter { per_minute, windows: Arc::default() }
    }

    /// Counts one request for `key_id`; `Err` when the window is full.
    pub fn check(&self, key_id: K) -> Result<(), RateLimited> {
        let Some(limit) = self.per_minute else { return Ok(()) };
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        // Keys whose window has ended are forgotten, so the map stays as small as a minute's
        // distinct callers.
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
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
