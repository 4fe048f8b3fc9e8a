//! Schedule triggers: when a cron or interval schedule next fires, and the loop that fires
//! them.

pub mod cron;
pub mod scheduler;

pub use cron::{next_run, ScheduleError};
pub use scheduler::spawn;
