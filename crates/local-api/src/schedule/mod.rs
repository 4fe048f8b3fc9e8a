//! Schedule triggers: when a cron or interval schedule next fires, and the loop that fires
//! them.

pub mod cron;
pub mod scheduler;

pub use cron::{next_run, ScheduleError};
pub use scheduler::spawn;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::store::triggers;

/// Re-arms the schedules of a teammate enabled again: each next fires at its first slot
/// after `now`, so the slots missed while it was paused are skipped, not made up.
pub fn rearm_teammate(
    conn: &Connection,
    teammate_id: i64,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    for trigger in triggers::enabled_of_teammate(conn, teammate_id)? {
        let next =
            next_run(trigger.cron.as_deref(), trigger.interval_seconds, &trigger.timezone, now);
        triggers::set_next_run(conn, trigger.id, next)?;
    }
    Ok(())
}
