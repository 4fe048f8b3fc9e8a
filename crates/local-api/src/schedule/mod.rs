//! Schedule triggers: when a cron or interval schedule next fires, and the loop that fires
//! them.

pub mod cron;
pub mod scheduler;

pub use cron::{next_run, ScheduleError};
pub use scheduler::spawn;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rusqlite::Connection;

use crate::store::triggers;

/// Re-arms the schedules of a teammate or a task enabled again: each next fires at its first
/// slot after `now`, so the slots missed while it was paused are skipped, not made up.
pub fn rearm(
    conn: &Connection,
    owner: triggers::Owner,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    for trigger in triggers::enabled_of(conn, owner)? {
        if trigger.run_at.is_some() {
            // A one-time schedule keeps its time; one that passed while paused fires now.
            continue;
        }
        let next =
            next_run(trigger.cron.as_deref(), trigger.interval_seconds, &trigger.timezone, now);
        triggers::set_next_run(conn, trigger.id, next)?;
    }
    Ok(())
}

/// A one-time schedule's `run_at` (SDK 4.49): ISO 8601 with an offset (`2026-12-01T09:00:00Z`,
/// `…+02:00`), or without one, read in `timezone`.
pub fn parse_run_at(text: &str, timezone: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    let zone = cron::parse_timezone(timezone).map_err(|e| e.to_string())?;
    let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .ok_or_else(|| format!("run_at {text:?} is not an ISO 8601 date and time"))?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| format!("run_at {text:?} does not exist in {timezone}"))
}
