//! What every handler shares.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::rate_limit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub rate_limiter: RateLimiter,
    /// This server's own origin (`http://127.0.0.1:8787`), for URLs it hands out.
    pub public_origin: Arc<str>,
}
