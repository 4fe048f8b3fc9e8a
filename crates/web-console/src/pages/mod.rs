//! The console's pages: one module per area, one file per route; the run pages live in
//! `crate::run`.

pub mod apps;
pub mod connect;
pub mod needs_you;
pub mod runs;
pub mod settings;
pub mod tasks;
pub mod teammates;
pub mod usage;
pub mod users;
pub mod webhooks;

use m8tes_client_wasm::ClientError;

/// A route's `:id` as the number the API wants; anything else is refused before a request.
pub fn route_id(text: &str) -> Result<i64, ClientError> {
    text.parse().map_err(|_| ClientError::invalid(format!("“{text}” is not an id")))
}
