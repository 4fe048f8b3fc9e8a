//! The API's routes under `/api/v2`, one module per resource, and what they share: auth,
//! extractors, pagination and the error envelope. Handlers extract, call the store or the
//! agent, and answer; nothing below this layer imports it.
//!
//! Collection paths answer with and without the trailing slash and never redirect (D2), and
//! `/agents…` serves the same handlers as `/teammates…` (D3).

pub mod account;
pub mod app_authorize;
pub mod apps;
pub mod auth;
pub mod console;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod inbound;
pub mod memories;
pub mod owner;
pub mod pagination;
pub mod permissions;
pub mod runs;
pub mod settings;
pub mod stream;
pub mod task_lessons;
pub mod task_webhook;
pub mod tasks;
pub mod teammate_inbound;
pub mod teammate_states;
pub mod teammates;
pub mod trigger_list;
pub mod trigger_update;
pub mod triggers;
pub mod usage;
pub mod users;
pub mod webhooks;

use axum::routing::MethodRouter;
use axum::Router;

use crate::state::AppState;
use error::ApiError;

/// Every API route, to be nested under `/api/v2`.
pub fn api() -> Router<AppState> {
    Router::new()
        .merge(account::routes())
        .merge(runs::routes())
        .merge(inbound::routes())
        .merge(settings::routes())
        .merge(teammates::routes())
        .merge(tasks::routes())
        .merge(triggers::routes())
        .merge(trigger_list::routes())
        .merge(users::routes())
        .merge(usage::routes())
        .merge(memories::routes())
        .merge(permissions::routes())
        .merge(webhooks::routes())
        .merge(apps::routes())
        .merge(app_authorize::routes())
        .fallback(no_route)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Registers `path` and `path/` with the same handlers.
pub fn collection(
    router: Router<AppState>,
    path: &str,
    methods: MethodRouter<AppState>,
) -> Router<AppState> {
    router.route(path, methods.clone()).route(&format!("{path}/"), methods)
}

async fn no_route() -> ApiError {
    ApiError::no_route("No route matches this path under /api/v2")
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed("Method not allowed on this path")
}
