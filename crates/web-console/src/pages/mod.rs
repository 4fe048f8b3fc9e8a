//! One module per page of the console; the live run lives in `crate::run`.

pub mod apps;
pub mod connect;
pub mod runs;
pub mod settings;
pub mod tasks;
pub mod teammates;
pub mod users;
pub mod webhooks;
