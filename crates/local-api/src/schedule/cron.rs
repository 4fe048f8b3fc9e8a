//! When a schedule trigger fires next (wire.md §2.4): a five-field cron expression read in an
//! IANA timezone, or a fixed interval in seconds. Pure functions: the triggers routes compute
//! `next_run` with them, and the scheduler uses them to fire and re-arm.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// Why a schedule cannot be used; the text is shown to the caller as a 422.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    UnknownTimezone(String),
    InvalidCron(String),
    /// A schedule needs `cron` or `interval_seconds`.
    Missing,
    /// Both were given, so which one applies would be a guess.
    Ambiguous,
    ZeroInterval,
    /// Longer than [`MAX_INTERVAL_SECONDS`].
    IntervalTooLong,
}

/// Ten years: a longer interval is a mistake, and would not fit the store's integers anyway.
pub const MAX_INTERVAL_SECONDS: u64 = 10 * 366 * 24 * 3600;

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScheduleError::UnknownTimezone(name) => {
                write!(f, "timezone {name:?} is not an IANA timezone name (e.g. \"Europe/Berlin\")")
            }
            ScheduleError::InvalidCron(reason) => write!(f, "invalid cron expression: {reason}"),
            ScheduleError::Missing => {
                f.write_str("a schedule trigger needs `cron` or `interval_seconds`")
            }
            ScheduleError::Ambiguous => {
                f.write_str("give either `cron` or `interval_seconds`, not both")
            }
            ScheduleError::ZeroInterval => f.write_str("interval_seconds must be at least 1"),
            ScheduleError::IntervalTooLong => {
                write!(f, "interval_seconds must be at most {MAX_INTERVAL_SECONDS} (ten years)")
            }
        }
    }
}

impl std::error::Error for ScheduleError {}

/// A validated schedule: what repeats, read in which timezone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub every: Every,
    pub timezone: Tz,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Every {
    Cron(Cron),
    Interval(u64),
}

impl Schedule {
    /// Validates a trigger's `cron` / `interval_seconds` / `timezone` as the API receives them.
    pub fn parse(
        cron: Option<&str>,
        interval_seconds: Option<u64>,
        timezone: &str,
    ) -> Result<Schedule, ScheduleError> {
        let timezone = parse_timezone(timezone)?;
        let every = match (cron, interval_seconds) {
            (Some(_), Some(_)) => return Err(ScheduleError::Ambiguous),
            (Some(expr), None) => Every::Cron(Cron::parse(expr)?),
            (None, Some(0)) => return Err(ScheduleError::ZeroInterval),
            (None, Some(seconds)) if seconds > MAX_INTERVAL_SECONDS => {
                return Err(ScheduleError::IntervalTooLong)
            }
            (None, Some(seconds)) => Every::Interval(seconds),
            (None, None) => return Err(ScheduleError::Missing),
        };
        Ok(Schedule { every, timezone })
    }

    /// The first firing strictly after `after`; `None` when there is none within eight years
    /// (a cron that names an impossible date, such as February 30).
    pub fn next_run(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.every {
            Every::Interval(seconds) => {
                after.checked_add_signed(Duration::seconds(i64::try_from(*seconds).ok()?))
            }
            Every::Cron(cron) => cron.next_after(self.timezone, after),
        }
    }
}

/// `next_run` straight from a trigger's stored columns; `None` when they do not form a valid
/// schedule or it never fires again.
pub fn next_run(
    cron: Option<&str>,
    interval_seconds: Option<u64>,
    timezone: &str,
    after: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    Schedule::parse(cron, interval_seconds, timezone).ok()?.next_run(after)
}

/// An IANA timezone name (`UTC`, `Europe/Berlin`, `America/New_York`).
pub fn parse_timezone(name: &str) -> Result<Tz, ScheduleError> {
    name.parse::<Tz>().map_err(|_| ScheduleError::UnknownTimezone(name.to_owned()))
}

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), with `*`,
/// lists, ranges, steps, month and weekday names, and the `@hourly`-style shorthands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minutes: Field,
    hours: Field,
    days_of_month: Field,
    months: Field,
    days_of_week: Field,
}

/// The values a field allows, as a bit set, and whether it was written as `*` (which matters
/// for the day fields: when both are restricted, a day matching either one fires).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Field {
    allowed: u64,
    any: bool,
}

impl Field {
    fn has(&self, value: u32) -> bool {
        value < 64 && self.allowed & (1 << value) != 0
    }
}

const MONTH_NAMES: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// How far ahead a cron is searched: long enough for any real date (February 29 included).
const SEARCH_DAYS: i64 = 366 * 8;

impl Cron {
    pub fn parse(expr: &str) -> Result<Cron, ScheduleError> {
        let expanded = match expr.trim() {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            other => other,
        };
        let fields: Vec<&str> = expanded.split_whitespace().collect();
        let [minute, hour, dom, month, dow] = fields[..] else {
            return Err(ScheduleError::InvalidCron(format!(
                "expected 5 fields (minute hour day-of-month month day-of-week), got {}",
                fields.len()
            )));
        };
        let mut days_of_week = parse_field(dow, "day-of-week", 0, 7, &DAY_NAMES)?;
        // 7 is another name for Sunday.
        if days_of_week.has(7) {
            days_of_week.allowed = (days_of_week.allowed & !(1 << 7)) | 1;
        }
        Ok(Cron {
            minutes: parse_field(minute, "minute", 0, 59, &[])?,
            hours: parse_field(hour, "hour", 0, 23, &[])?,
            days_of_month: parse_field(dom, "day-of-month", 1, 31, &[])?,
            months: parse_field(month, "month", 1, 12, &MONTH_NAMES)?,
            days_of_week,
        })
    }

    fn day_matches(&self, date: NaiveDate) -> bool {
        if !self.months.has(date.month()) {
            return false;
        }
        let dom = self.days_of_month.has(date.day());
        let dow = self.days_of_week.has(date.weekday().num_days_from_sunday());
        match (self.days_of_month.any, self.days_of_week.any) {
            (false, false) => dom || dow,
            _ => dom && dow,
        }
    }

    /// The first matching wall-clock minute in `tz` strictly after `after`.
    fn next_after(&self, tz: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = after.with_timezone(&tz).naive_local();
        let start = local.with_second(0)?.with_nanosecond(0)? + Duration::minutes(1);
        let first_day = start.date();
        for offset in 0..SEARCH_DAYS {
            let day = first_day.checked_add_signed(Duration::days(offset))?;
            if !self.day_matches(day) {
                continue;
            }
            for hour in (0..24).filter(|h| self.hours.has(*h)) {
                for minute in (0..60).filter(|m| self.minutes.has(*m)) {
                    let wall = day.and_hms_opt(hour, minute, 0)?;
                    if wall < start {
                        continue;
                    }
                    if let Some(at) = resolve(tz, wall).filter(|at| *at > after) {
                        return Some(at);
                    }
                }
            }
        }
        None
    }
}

/// The instant a wall-clock time names in `tz`: the earlier one when the clocks go back (so a
/// job fires once), and the time just after the gap when they go forward (so it is not lost).
fn resolve(tz: Tz, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
    let at = tz
        .from_local_datetime(&wall)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(wall + Duration::hours(1))).earliest())?;
    Some(at.with_timezone(&Utc))
}

fn parse_field(
    text: &str,
    name: &str,
    min: u32,
    max: u32,
    names: &[&str],
) -> Result<Field, ScheduleError> {
    let bad = |why: String| ScheduleError::InvalidCron(format!("{name} field {text:?}: {why}"));
    let value = |token: &str| -> Result<u32, ScheduleError> {
        let lower = token.to_ascii_lowercase();
        if let Some(index) = names.iter().position(|n| *n == lower) {
            // Month names count from 1, day names from 0 (Sunday).
            return Ok(index as u32 + min);
        }
        let number: u32 = token.parse().map_err(|_| bad(format!("{token:?} is not a number")))?;
        if number < min || number > max {
            return Err(bad(format!("{number} is outside {min}-{max}")));
        }
        Ok(number)
    };
    let mut allowed = 0u64;
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((range, step)) => {
                let step: u32 =
                    step.parse().map_err(|_| bad(format!("step {step:?} is not a number")))?;
                if step == 0 {
                    return Err(bad("a step of 0 never advances".into()));
                }
                (range, step)
            }
            None => (part, 1),
        };
        let (low, high) = if range == "*" {
            (min, max)
        } else if let Some((low, high)) = range.split_once('-') {
            (value(low)?, value(high)?)
        } else {
            let single = value(range)?;
            // `5/15` means "from 5, every 15", as in Vixie cron.
            (single, if part.contains('/') { max } else { single })
        };
        if low > high {
            return Err(bad(format!("range {low}-{high} runs backwards")));
        }
        for v in (low..=high).step_by(step as usize) {
            allowed |= 1 << v;
        }
    }
    Ok(Field { allowed, any: text == "*" })
}

#[cfg(test)]
#[path = "cron_properties.rs"]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("test time").with_timezone(&Utc)
    }

    fn next(cron: &str, tz: &str, after: &str) -> String {
        next_run(Some(cron), None, tz, utc(after)).expect("fires").to_rfc3339()
    }

    #[test]
    fn interval_counts_from_after() {
        let at = next_run(None, Some(90), "UTC", utc("2026-01-01T00:00:00Z"));
        assert_eq!(at, Some(utc("2026-01-01T00:01:30Z")));
    }

    #[test]
    fn every_minute_is_strictly_after() {
        assert_eq!(next("* * * * *", "UTC", "2026-01-01T10:00:00Z"), "2026-01-01T10:01:00+00:00");
        assert_eq!(next("* * * * *", "UTC", "2026-01-01T10:00:59Z"), "2026-01-01T10:01:00+00:00");
    }

    #[test]
    fn daily_in_a_timezone() {
        // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
        assert_eq!(
            next("0 9 * * *", "Europe/Berlin", "2026-01-15T12:00:00Z"),
            "2026-01-16T08:00:00+00:00"
        );
        assert_eq!(
            next("0 9 * * *", "Europe/Berlin", "2026-07-15T12:00:00Z"),
            "2026-07-16T07:00:00+00:00"
        );
    }

    #[test]
    fn weekdays_steps_lists_and_names() {
        // 2026-01-02 is a Friday; the next weekday at 08:30 is Monday the 5th.
        assert_eq!(
            next("30 8 * * 1-5", "UTC", "2026-01-02T09:00:00Z"),
            "2026-01-05T08:30:00+00:00"
        );
        assert_eq!(
            next("30 8 * * MON-FRI", "UTC", "2026-01-02T09:00:00Z"),
            "2026-01-05T08:30:00+00:00"
        );
        assert_eq!(
            next("*/15 * * * *", "UTC", "2026-01-01T10:16:00Z"),
            "2026-01-01T10:30:00+00:00"
        );
        assert_eq!(
            next("0 0,12 * * *", "UTC", "2026-01-01T00:00:00Z"),
            "2026-01-01T12:00:00+00:00"
        );
        assert_eq!(next("0 0 1 jan *", "UTC", "2026-03-01T00:00:00Z"), "2027-01-01T00:00:00+00:00");
        assert_eq!(next("0 0 * * 7", "UTC", "2026-01-01T00:00:00Z"), "2026-01-04T00:00:00+00:00");
        assert_eq!(next("@hourly", "UTC", "2026-01-01T10:00:00Z"), "2026-01-01T11:00:00+00:00");
    }

    #[test]
    fn restricted_day_fields_match_either() {
        // The 13th, or any Friday: after Thu 2026-02-12 comes Fri 13th (both), then Fri 20th.
        assert_eq!(next("0 0 13 * 5", "UTC", "2026-02-12T00:00:00Z"), "2026-02-13T00:00:00+00:00");
        assert_eq!(next("0 0 13 * 5", "UTC", "2026-02-13T00:00:00Z"), "2026-02-20T00:00:00+00:00");
    }

    #[test]
    fn leap_day_and_impossible_dates() {
        assert_eq!(next("0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z"), "2028-02-29T00:00:00+00:00");
        assert_eq!(next_run(Some("0 0 30 2 *"), None, "UTC", utc("2026-01-01T00:00:00Z")), None);
    }

    #[test]
    fn daylight_saving_gaps_and_overlaps() {
        // Berlin skips 02:00-03:00 on 2026-03-29: a 02:30 job runs at 03:30 local (01:30 UTC).
        assert_eq!(
            next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z"),
            "2026-03-29T01:30:00+00:00"
        );
        // On 2026-10-25 02:30 happens twice; the job fires once, at the first.
        let first = next("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z");
        assert_eq!(first, "2026-10-25T00:30:00+00:00");
        assert_eq!(next("30 2 * * *", "Europe/Berlin", &first), "2026-10-26T01:30:00+00:00");
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        let parse = |cron: Option<&str>, interval: Option<u64>, tz: &str| {
            Schedule::parse(cron, interval, tz).expect_err("invalid")
        };
        assert_eq!(
            parse(None, Some(60), "Mars/Base"),
            ScheduleError::UnknownTimezone("Mars/Base".into())
        );
        assert_eq!(parse(None, None, "UTC"), ScheduleError::Missing);
        assert_eq!(parse(Some("* * * * *"), Some(5), "UTC"), ScheduleError::Ambiguous);
        assert_eq!(parse(None, Some(0), "UTC"), ScheduleError::ZeroInterval);
        assert_eq!(parse(None, Some(u64::MAX), "UTC"), ScheduleError::IntervalTooLong);
        assert!(Schedule::parse(None, Some(MAX_INTERVAL_SECONDS), "UTC").is_ok());
        for cron in [
            "* * * *",
            "60 * * * *",
            "* 24 * * *",
            "* * 0 * *",
            "* * * 13 *",
            "*/0 * * * *",
            "5-1 * * * *",
            "x * * * *",
            "* * * * 8",
            "",
        ] {
            assert!(
                matches!(parse(Some(cron), None, "UTC"), ScheduleError::InvalidCron(_)),
                "{cron:?}"
            );
        }
        assert_eq!(next_run(Some("nonsense"), None, "UTC", Utc::now()), None);
    }
}
