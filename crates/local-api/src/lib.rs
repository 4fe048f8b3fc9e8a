//! m8tes-local: the m8tes v2 API (`contract/wire.md`) on SQLite, with a simulated
//! agent runtime, so SDKs, the npm package and the console can be developed and tested offline.

mod agent;
mod apps_catalog;
mod clock;
mod config;
mod connections;
mod delivery_client;
mod http;
mod logging;
mod model;
mod password;
mod rate_limit;
mod schedule;
mod secret;
mod state;
mod store;
mod webhooks;

pub use clock::now_iso;
pub use config::{Config, Invocation, LogFormat, Speed};
pub use logging::install as install_logging;
pub use webhooks::MAX_ATTEMPTS as WEBHOOK_MAX_ATTEMPTS;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{header, HeaderName, Method};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::rate_limit::RateLimiter;
use crate::state::AppState;
use crate::store::Store;

/// The account that `--api-key` keys and the printed dev key belong to.
pub const DEV_ACCOUNT_EMAIL: &str = "dev@m8tes.local";

/// A server bound to its socket and serving in the background.
pub struct RunningServer {
    pub addr: SocketAddr,
    state: AppState,
    /// A key minted at this start because the store had none, to print once.
    pub minted_key: Option<String>,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// `http://127.0.0.1:PORT/api/v2`, what an SDK's base URL is set to.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/v2", self.addr)
    }

    /// Whether this server serves a built console at `/`.
    pub fn serves_console(&self) -> bool {
        self.state.config.console_dir.join("index.html").is_file()
    }

    /// Runs one SQL statement on the store: for a test that needs a state no request can make
    /// (a schedule already due).
    #[doc(hidden)]
    pub fn execute_sql(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
        self.state.store.lock().execute(sql, params)
    }

    /// Stops accepting, lets the runtime end what is in flight, and waits for the server.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    /// Resolves if the server ends by itself (a failed accept loop), before any `stop`.
    pub fn finished(&mut self) -> &mut tokio::task::JoinHandle<std::io::Result<()>> {
        &mut self.task
    }
}

/// Opens the store, makes sure the keys exist, binds and starts serving.
pub async fn start(config: Config) -> std::io::Result<RunningServer> {
    let db = Store::open(config.data_dir.as_deref()).map_err(std::io::Error::other)?;
    let minted_key = store::keys::bootstrap(&db.lock(), DEV_ACCOUNT_EMAIL, &config.api_keys)
        .map_err(std::io::Error::other)?;
    let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    let outbound = webhooks::Outbound::new(
        config.webhook_retry_base,
        config.max_pending_deliveries,
        config.ca_file.as_deref(),
    )
    .map_err(std::io::Error::other)?;
    let shutdown_token = tokio_util::sync::CancellationToken::new();
    let agents =
        Arc::new(agent::Agents::new(db.clone(), outbound.clone(), &config, shutdown_token.clone()));
    let state = AppState {
        store: db,
        rate_limiter: RateLimiter::new(config.rate_limit_per_minute),
        login_limiter: RateLimiter::new(Some(config.login_limit_per_minute)),
        public_origin: format!("http://{addr}").into(),
        config: Arc::new(config),
        agents,
        shutdown: shutdown_token,
        outbound,
    };
    // A run a previous process left executing can never finish: fail it before serving.
    state.agents.fail_orphans().map_err(std::io::Error::other)?;
    // No attempt outlives its process: what the last one had under way is due again now.
    store::deliveries::release_leases(&state.store.lock()).map_err(std::io::Error::other)?;
    state.outbound.spawn_worker(state.store.clone(), state.shutdown.clone());
    schedule::spawn(state.clone());
    let app = app(state.clone());
    let (shutdown, on_shutdown) = oneshot::channel::<()>();
    let serve_state = state.clone();
    let limits = connections::ConnectionLimits {
        header_timeout: state.config.header_timeout,
        max_connections: state.config.max_connections,
    };
    let task = tokio::spawn(connections::serve(listener, app, limits, async move {
        let _ = on_shutdown.await;
        before_shutdown(&serve_state).await;
    }));
    Ok(RunningServer { addr, state, minted_key, shutdown: Some(shutdown), task })
}

/// Work done once the server stops accepting connections, before it waits for open ones: runs
/// in flight are failed and their streams ended, so open streams do not hold the stop up.
async fn before_shutdown(state: &AppState) {
    state.agents.stop_all().await;
}

/// The whole application: the API under `/api/v2`, the console (when built) at `/`.
pub fn app(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            HeaderName::from_static("x-request-id"),
            HeaderName::from_static("x-run-id"),
            HeaderName::from_static("idempotent-replay"),
            header::RETRY_AFTER,
            header::CONTENT_DISPOSITION,
        ])
        .max_age(std::time::Duration::from_secs(600));
    let console_dir = state.config.console_dir.clone();
    let mut router = Router::new().nest("/api/v2", http::api().with_state(state.clone()));
    if console_dir.join("index.html").is_file() {
        router = router.merge(http::console::service(&console_dir));
    }
    http::access_log::around(router)
        .layer(axum::middleware::from_fn(http::error::request_id))
        .layer(cors)
}
