//! `cargo xtask test`: the stages CI runs, in order, stopping at the first failure.
//!
//! A new kind of test is one more entry in [`STAGES`]; nothing else needs to change.

use std::fs;
use std::time::{Duration, Instant};

use crate::failure::{Failure, Outcome};
use crate::setup::{self, Purpose};
use crate::shell::Cmd;
use crate::{npm_suites, vector_report, workspace};

pub struct Stage {
    pub name: &'static str,
    pub run: fn() -> Outcome,
}

pub const STAGES: &[Stage] = &[
    Stage { name: "fmt", run: fmt },
    Stage { name: "clippy", run: clippy },
    Stage { name: "native-tests", run: native_tests },
    Stage { name: "sdk-conformance", run: crate::sdk_conformance::run },
    Stage { name: "protocol-wasm", run: protocol_wasm },
    Stage { name: "client-wasm", run: crate::client_wasm_tests::run },
    Stage { name: "schemathesis", run: crate::schemathesis::run },
    Stage { name: "npm-node", run: npm_suites::node_suite },
    Stage { name: "npm-faults", run: npm_suites::faults_suite },
    Stage { name: "npm-vectors", run: npm_suites::vectors_suite },
    Stage { name: "npm-size", run: npm_suites::size_suite },
    Stage { name: "npm-types", run: npm_suites::types_suite },
    Stage { name: "npm-workerd", run: npm_suites::workerd_suite },
    Stage { name: "npm-browser", run: npm_suites::browser_suite },
    Stage { name: "npm-publish", run: npm_suites::publish_suite },
    Stage { name: "npm-deno", run: npm_suites::deno_suite },
    Stage { name: "npm-bun", run: npm_suites::bun_suite },
    Stage { name: "npm-bundlers", run: npm_suites::bundlers_suite },
    Stage { name: "npm-examples", run: npm_suites::examples_suite },
    Stage { name: "cli", run: npm_suites::cli_suite },
    Stage { name: "console", run: crate::console::e2e },
];

pub struct Options {
    pub only: Vec<String>,
    pub skip_setup: bool,
}

/// Runs the chosen stages and returns whether all passed. The last line printed is always the
/// plain `xtask: N passed, N failed` summary that CI reads.
pub fn run(options: &Options) -> Outcome<bool> {
    let chosen = choose(&options.only)?;
    let started = Instant::now();
    if !options.skip_setup {
        let setup_started = Instant::now();
        setup::run(Purpose::Test)?;
        println!("setup done in {}", elapsed(setup_started.elapsed()));
    }

    let (mut passed, mut failed) = (0, 0);
    for (index, stage) in chosen.iter().enumerate() {
        println!();
        println!("== [{}/{}] {}", index + 1, chosen.len(), stage.name);
        let stage_started = Instant::now();
        let outcome = (stage.run)();
        let took = elapsed(stage_started.elapsed());
        match outcome {
            Ok(()) => {
                passed += 1;
                println!("== {}: passed in {took}", stage.name);
            }
            Err(failure) => {
                failed += 1;
                println!("== {}: FAILED in {took}: {failure}", stage.name);
                let not_run: Vec<&str> = chosen[index + 1..].iter().map(|s| s.name).collect();
                if !not_run.is_empty() {
                    println!("not run after the failure: {}", not_run.join(", "));
                }
                break;
            }
        }
    }
    println!();
    println!("total time {}", elapsed(started.elapsed()));
    println!("xtask: {passed} passed, {failed} failed");
    Ok(failed == 0)
}

fn choose(only: &[String]) -> Outcome<Vec<&'static Stage>> {
    if only.is_empty() {
        return Ok(STAGES.iter().collect());
    }
    for name in only {
        if !STAGES.iter().any(|stage| stage.name == name) {
            return Err(Failure::new(format!(
                "no stage named `{name}`; stages: {}",
                stage_names()
            )));
        }
    }
    // Keep the declared order whatever order `--only` was given in: later stages may rely on
    // earlier ones' output.
    Ok(STAGES.iter().filter(|stage| only.iter().any(|name| name == stage.name)).collect())
}

pub fn stage_names() -> String {
    STAGES.iter().map(|stage| stage.name).collect::<Vec<_>>().join(", ")
}

fn elapsed(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1}s")
    } else {
        format!("{}m{:02}s", duration.as_secs() / 60, duration.as_secs() % 60)
    }
}

fn fmt() -> Outcome {
    Cmd::cargo().args(["fmt", "--all", "--check"]).run()
}

fn clippy() -> Outcome {
    Cmd::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]).run()
}

/// Native tests of the whole workspace, then proof from the vector report that the contract
/// vectors were among them.
fn native_tests() -> Outcome {
    let report_path = workspace::vector_report();
    // The tests append, so a report left by an earlier run would double the count or, worse,
    // vouch for vectors that did not run this time.
    match fs::remove_file(&report_path) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => {
            return Err(Failure::new(format!(
                "could not delete the old {}: {err}",
                report_path.display()
            )))
        }
    }
    // `--no-fail-fast`: one crate's failure should not hide the others' results, nor keep the
    // vector tests from running and reporting. The limit counts a cold build of the workspace;
    // a test that hangs fails the stage rather than CI.
    let tests = Cmd::cargo()
        .args(["test", "--workspace", "--no-fail-fast"])
        .env(vector_report::ENV, &report_path)
        .run_within(Duration::from_secs(30 * 60));
    let vectors = check_vector_report(&report_path);
    match (tests, vectors) {
        (Err(tests), Err(vectors)) => Err(Failure::new(format!("{tests}; {vectors}"))),
        (tests, vectors) => tests.and(vectors),
    }
}

/// Prints the report's lines and total, and fails if it shows no vector case ran.
fn check_vector_report(report_path: &std::path::Path) -> Outcome {
    let text = fs::read_to_string(report_path).map_err(|_| {
        Failure::new(format!(
            "the vector tests did not run: no report at {} (protocol's vector tests append to \
             the file named by {})",
            report_path.display(),
            vector_report::ENV
        ))
    })?;
    let report = vector_report::parse(&text);
    for line in &report.lines {
        println!("{line}");
    }
    println!("vector cases run: {}", report.total_cases);
    if report.total_cases == 0 {
        return Err(Failure::new(
            "the vector report counts no case: the contract vectors did not run",
        ));
    }
    Ok(())
}

/// The protocol crate must stay pure Rust that builds for the browser.
fn protocol_wasm() -> Outcome {
    Cmd::cargo()
        .args(["build", "-p", "m8tes-protocol", "--target", setup::WASM_TARGET, "--release"])
        .run()
}

#[cfg(test)]
mod tests {
    use super::{choose, STAGES};

    #[test]
    fn stage_names_are_unique() {
        for (index, stage) in STAGES.iter().enumerate() {
            assert!(
                STAGES[index + 1..].iter().all(|other| other.name != stage.name),
                "duplicate stage {}",
                stage.name
            );
        }
    }

    #[test]
    fn only_keeps_declared_order_and_rejects_unknown_names() {
        let picked = choose(&["protocol-wasm".into(), "fmt".into()]).unwrap();
        let names: Vec<_> = picked.iter().map(|stage| stage.name).collect();
        assert_eq!(names, ["fmt", "protocol-wasm"]);
        assert!(choose(&["nope".into()]).is_err());
    }
}
