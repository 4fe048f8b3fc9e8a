//! `GET /openapi.json`: the OpenAPI 3.1 document of this API, so users can point their own
//! tools (clients, fuzzers, API consoles) at the server. It is built from one table of
//! operations (`table.rs`) and the wire types' own schemas; `tests/openapi_coverage.rs`
//! proves the table and the routers name the same routes.

mod document;
mod links;
mod operation;
mod table;

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub use document::document;

use crate::state::AppState;

/// Built once: the document depends on nothing but the code.
static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| serde_json::to_string(&document()).unwrap_or_else(|_| "{}".into()));

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(serve))
}

async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}
