//! The console's pages: one module per area, one file per route; the run pages live in
//! `crate::run`.

pub mod apps;
pub mod connect;
pub mod runs;
pub mod settings;
pub mod tasks;
pub mod teammates;
pub mod users;
pub mod webhooks;
