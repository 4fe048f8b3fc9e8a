//! `cargo xtask fuzz --minutes N`: the property suites (SSE decoder, webhook verifier, path
//! segment encoder, cron parser) run round after round with many more cases than
//! `cargo xtask test` gives them, each round with fresh random inputs, until the time is up or
//! one fails. Kept out of `test` so CI stays bounded; run it before a release or after
//! touching one of those parsers.

use std::time::{Duration, Instant};

use crate::failure::{Failure, Outcome};
use crate::shell::Cmd;

pub const DEFAULT_MINUTES: u64 = 10;

/// Cases per property per round: a round takes seconds, so the deadline is kept closely.
const CASES_PER_ROUND: u32 = 20_000;

/// The suites: a package and the test-selection arguments after `cargo test --release -p`.
const SUITES: &[(&str, &[&str])] =
    &[("m8tes-protocol", &["--test", "properties"]), ("m8tes-local-api", &["--lib", "properties"])];

pub fn run(minutes: u64) -> Outcome {
    if minutes == 0 {
        return Err(Failure::new("--minutes takes at least 1"));
    }
    // Build first, so the time given is spent fuzzing, not compiling.
    for (package, selection) in SUITES {
        Cmd::cargo()
            .args(["test", "--release", "--no-run", "-p", package])
            .args(*selection)
            .run()?;
    }
    let deadline = Instant::now() + Duration::from_secs(minutes * 60);
    let mut rounds = 0u64;
    while Instant::now() < deadline {
        for (package, selection) in SUITES {
            Cmd::cargo()
                .args(["test", "--release", "-q", "-p", package])
                .args(*selection)
                .env("M8TES_FUZZ_CASES", CASES_PER_ROUND.to_string())
                .run()
                .map_err(|failure| {
                    Failure::new(format!(
                        "{package}'s properties failed in round {}: {failure} (proptest printed \
                         the smallest failing input above)",
                        rounds + 1
                    ))
                })?;
        }
        rounds += 1;
        println!("fuzz: round {rounds} passed ({CASES_PER_ROUND} cases per property)");
    }
    println!(
        "fuzz: {rounds} rounds in {minutes} min, {} cases per property, no failure",
        rounds * u64::from(CASES_PER_ROUND)
    );
    Ok(())
}
