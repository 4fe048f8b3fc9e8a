//! Times as people read them: "3 min ago" with the exact time on hover, and durations.
//! The browser's own date parser and clock do the work (no date crate in the wasm).

use leptos::prelude::*;

/// Milliseconds since the epoch of an ISO-8601 time, if the browser can read it.
pub fn parse_ms(iso: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(iso);
    ms.is_finite().then_some(ms)
}

/// How long ago `ms` was, in the largest whole unit: "just now", "42 s ago", "5 min ago",
/// "3 h ago", "12 d ago".
pub fn ago(ms: f64, now: f64) -> String {
    let seconds = ((now - ms) / 1000.0).max(0.0) as u64;
    match seconds {
        0..=4 => "just now".to_owned(),
        5..=59 => format!("{seconds} s ago"),
        60..=3599 => format!("{} min ago", seconds / 60),
        3600..=86_399 => format!("{} h ago", seconds / 3600),
        _ => format!("{} d ago", seconds / 86_400),
    }
}

/// A `<time>` showing how long ago `iso` was, the exact local time as its tooltip.
pub fn time_ago(iso: Option<String>) -> impl IntoView {
    let iso = iso.unwrap_or_default();
    let Some(ms) = parse_ms(&iso) else { return view! { <span>{iso}</span> }.into_any() };
    let exact = js_sys::Date::new(&ms.into()).to_string().as_string().unwrap_or_default();
    let relative = ago(ms, js_sys::Date::now());
    view! { <time datetime=iso title=exact>{relative}</time> }.into_any()
}

/// A duration in the unit that reads best: "850 ms", "4.2 s", "3 min 5 s".
pub fn duration(ms: f64) -> String {
    let ms = ms.max(0.0) as u64;
    match ms {
        0..=999 => format!("{ms} ms"),
        1000..=59_999 => format!("{}.{} s", ms / 1000, ms % 1000 / 100),
        _ => format!("{} min {} s", ms / 60_000, ms % 60_000 / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_picks_the_largest_whole_unit() {
        let now = 10_000_000_000.0;
        assert_eq!(ago(now - 1_000.0, now), "just now");
        assert_eq!(ago(now - 42_000.0, now), "42 s ago");
        assert_eq!(ago(now - 300_000.0, now), "5 min ago");
        assert_eq!(ago(now - 3.0 * 3_600_000.0, now), "3 h ago");
        assert_eq!(ago(now - 12.0 * 86_400_000.0, now), "12 d ago");
        // A clock a little behind the server's is "just now", not negative.
        assert_eq!(ago(now + 5_000.0, now), "just now");
    }

    #[test]
    fn durations_read_in_their_unit() {
        assert_eq!(duration(850.0), "850 ms");
        assert_eq!(duration(4_250.0), "4.2 s");
        assert_eq!(duration(185_000.0), "3 min 5 s");
    }
}
