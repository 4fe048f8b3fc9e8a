//! Properties of the cron parser for any input: parsing never panics; a valid expression's
//! next firing is strictly later, on a whole minute, and (in UTC, where no clock jumps) a
//! minute the expression names. `M8TES_FUZZ_CASES` raises the case count for
//! `cargo xtask fuzz --minutes N`.

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use proptest::prelude::*;

use super::{parse_timezone, Cron};

fn config() -> ProptestConfig {
    let cases = std::env::var("M8TES_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig::with_cases(cases)
}

/// One field of a valid expression over `low..=high`.
fn field(low: u32, high: u32) -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_owned()),
        (low..=high).prop_map(|n| n.to_string()),
        (low..=high, low..=high).prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b))),
        (1..=high.max(1)).prop_map(|step| format!("*/{step}")),
        prop::collection::vec(low..=high, 1..4).prop_map(|values| values
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",")),
    ]
}

fn valid_cron() -> impl Strategy<Value = String> {
    (field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 7))
        .prop_map(|(m, h, dom, mon, dow)| format!("{m} {h} {dom} {mon} {dow}"))
}

/// Text that looks like cron often enough to reach every branch of the parser.
fn cron_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("*".to_owned()),
        Just("/".to_owned()),
        Just("-".to_owned()),
        Just(",".to_owned()),
        Just(" ".to_owned()),
        Just("@daily".to_owned()),
        Just("jan".to_owned()),
        Just("mon".to_owned()),
        (0u64..100_000).prop_map(|n| n.to_string()),
        "\\PC{0,3}",
    ];
    prop::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 1970 to 2100: the range a trigger can be created in, plus margin.
    (0i64..4_102_444_800)
        .prop_map(|seconds| Utc.timestamp_opt(seconds, 0).single().expect("in range"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parsing_never_panics(expr in cron_like()) {
        let _ = Cron::parse(&expr);
    }

    #[test]
    fn the_next_firing_is_later_on_a_named_whole_minute(expr in valid_cron(), after in instant()) {
        let cron = Cron::parse(&expr).expect("the grammar only makes valid expressions");
        let utc = parse_timezone("UTC").expect("UTC");
        if let Some(at) = cron.next_after(utc, after) {
            prop_assert!(at > after);
            prop_assert_eq!(at.second(), 0);
            prop_assert!(cron.day_matches(at.date_naive()), "{} on {}", expr, at);
            prop_assert!(cron.hours.has(at.hour()) && cron.minutes.has(at.minute()), "{} at {}", expr, at);
        } else {
            // Only an impossible date never fires: a day-of-month the named months never have.
            prop_assert!(!cron.days_of_month.any, "{} never fires", expr);
        }
        for zone in ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"] {
            let tz = parse_timezone(zone).expect("a known zone");
            if let Some(at) = cron.next_after(tz, after) {
                prop_assert!(at > after && at.second() == 0, "{} in {}: {}", expr, zone, at);
                let _ = at.with_timezone(&tz).date_naive().weekday();
            }
        }
    }
}
