//! Serde types for every object and request body of wire.md §2, one file per resource.
//!
//! Two rules from wire.md §8.3 shape every response type:
//! - a default applies only when a key is **absent**; an explicit JSON `null` stays `None`,
//!   so fields with a default are `Option<T>` filled by `absent::*` when the key is missing;
//! - unknown fields never fail a parse: they are kept in `extra` and written back out.
//!
//! Request bodies skip what the caller did not set, so a PATCH carries only the fields given.

pub mod absent;
pub mod app;
pub mod auth;
pub mod memory;
pub mod page;
pub mod permission;
pub mod run;
pub mod run_queries;
pub mod run_views;
pub mod settings;
pub mod task;
pub mod teammate;
pub mod trigger;
pub mod user;
pub mod webhook;

pub use app::*;
pub use auth::*;
pub use memory::*;
pub use page::*;
pub use permission::*;
pub use run::*;
pub use run_queries::*;
pub use run_views::*;
pub use settings::*;
pub use task::*;
pub use teammate::*;
pub use trigger::*;
pub use user::*;
pub use webhook::*;

/// A JSON object, as `metadata` fields and unknown-field bags hold.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;
