//! The figures as the "Local server" section of BENCHMARKS.md.

use std::path::Path;

use crate::load::{Concurrent, StreamOutcome, Throughput};

pub const BEGIN: &str =
    "<!-- server-bench:begin (written by `m8tes-bench-server --write`; edits inside are overwritten) -->";
pub const END: &str = "<!-- server-bench:end -->";

pub struct Figures {
    pub list: Throughput,
    pub list_concurrency: usize,
    pub seeded_runs: usize,
    pub first_bytes: Vec<StreamOutcome>,
    pub concurrent: Concurrent,
    pub concurrent_streams: usize,
    pub total_seconds: f64,
}

/// The `p`-th percentile (0–100) by nearest rank; 0 for no samples.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn spread(samples: &[f64]) -> String {
    format!(
        "{:.2} / {:.2} / {:.2} / {:.2}",
        percentile(samples, 50.0),
        percentile(samples, 95.0),
        percentile(samples, 99.0),
        percentile(samples, 100.0)
    )
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

pub fn markdown(f: &Figures) -> String {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let rps = f.list.requests as f64 / f.list.seconds;
    let first: Vec<f64> = f.first_bytes.iter().map(|o| o.first_byte_ms).collect();
    let whole: Vec<f64> = f.first_bytes.iter().map(|o| o.total_ms).collect();
    let c = &f.concurrent;
    let c_first: Vec<f64> = c.outcomes.iter().map(|o| o.first_byte_ms).collect();
    let c_whole: Vec<f64> = c.outcomes.iter().map(|o| o.total_ms).collect();
    let events: usize = c.outcomes.iter().map(|o| o.events).sum();
    let growth = c.peak_rss_kib.saturating_sub(c.rss_before_kib);
    let mut out = vec![
        "## Local server".to_string(),
        String::new(),
        format!(
            "Measured {} by `m8tes-bench-server` in {:.0} s: the release `m8tes-local` in its own \
             process with `--memory`, the load generator in another, over loopback, {cpus} CPUs shared \
             by both (and by other work on the machine). Peak memory is the server's `VmHWM`.",
            utc_now(),
            f.total_seconds
        ),
        String::new(),
        "| measurement | result |".into(),
        "| --- | --- |".into(),
        format!(
            "| `GET /runs/` (a full page of 20 runs out of {}), {} connections for {:.0} s | **{:.0} requests/s**, {} errors; latency p50 / p95 / p99 / max {} ms |",
            f.seeded_runs, f.list_concurrency, f.list.seconds, rps, f.list.errors, spread(&f.list.latencies_ms)
        ),
        format!(
            "| `POST /runs/` with `stream: true` to the first SSE byte, {} runs one at a time (`--speed instant`) | p50 / p95 / p99 / max **{}** ms; whole stream {} ms |",
            f.first_bytes.len(), spread(&first), spread(&whole)
        ),
        format!(
            "| {} streaming runs started at once (`--speed realistic`, three tool calls each) | {} ended with `[DONE]`, {} failed, {} events in {:.1} s; first byte p50 / p95 / p99 / max {} ms; whole stream {} ms |",
            f.concurrent_streams, c.outcomes.len(), c.failures.len(), events, c.seconds, spread(&c_first), spread(&c_whole)
        ),
        format!(
            "| server memory for those {} streams | {} before, **{} peak** ({} more, {:.0} KiB a stream) |",
            f.concurrent_streams,
            mib(c.rss_before_kib),
            mib(c.peak_rss_kib),
            mib(growth),
            growth as f64 / f.concurrent_streams.max(1) as f64
        ),
    ];
    if let Some(error) = c.failures.first() {
        out.push(String::new());
        out.push(format!("First failure among the concurrent streams: `{error}`."));
    }
    out.join("\n")
}

fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm), to avoid a date crate.
    let days = (secs / 86_400) as i64;
    let (z, rem) = (days + 719_468, secs % 86_400);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}

/// Replaces the text between the markers, or appends the section with its markers.
pub fn write_section(path: &Path, section: &str) -> std::io::Result<()> {
    let current = std::fs::read_to_string(path).unwrap_or_else(|_| "# Benchmarks\n".into());
    let block = format!("{BEGIN}\n{section}\n{END}");
    let updated = match (current.find(BEGIN), current.find(END)) {
        (Some(begin), Some(end)) if begin < end => {
            format!("{}{block}{}", &current[..begin], &current[end + END.len()..])
        }
        _ => format!("{}\n\n{block}\n", current.trim_end()),
    };
    std::fs::write(path, updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&samples, 50.0), 50.0);
        assert_eq!(percentile(&samples, 99.0), 99.0);
        assert_eq!(percentile(&samples, 100.0), 100.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn the_section_replaces_only_its_own_block() {
        let dir = std::env::temp_dir().join(format!("bench-server-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("BENCHMARKS.md");
        std::fs::write(&path, "# Benchmarks\n\nother section\n").unwrap();
        write_section(&path, "first").unwrap();
        write_section(&path, "second").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Benchmarks\n\nother section\n"));
        assert!(text.contains("second") && !text.contains("first"));
        assert_eq!(text.matches(BEGIN).count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
