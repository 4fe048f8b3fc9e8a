//! What every handler shares.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::agent::Agents;
use crate::config::Config;
use crate::rate_limit::RateLimiter;
use crate::store::Store;
use crate::webhooks::Outbound;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub rate_limiter: RateLimiter,
    /// `/token` and `/signup` attempts per client address and per email (`--login-limit`).
    pub login_limiter: RateLimiter<String>,
    /// This server's own origin (`http://127.0.0.1:8787`), for URLs it hands out.
    pub public_origin: Arc<str>,
    /// The simulated runtime and the runs executing now.
    pub agents: Arc<Agents>,
    /// Cancelled when the server stops: background work (deliveries, the scheduler) ends.
    pub shutdown: CancellationToken,
    /// Outbound webhook deliveries.
    pub outbound: Outbound,
}
