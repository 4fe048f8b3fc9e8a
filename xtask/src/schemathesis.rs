//! The `schemathesis` stage: fuzzes a real release `m8tes-local` through its own OpenAPI
//! document (`GET /api/v2/openapi.json`) and fails on any 5xx, any answer the document does not
//! describe (status, content type, headers, body schema), any accepted invalid input, any
//! ignored key, and any crash or hang. All four phases run: the document's examples, its
//! coverage of each keyword, random fuzzing, and stateful sequences that follow its links
//! (create a teammate, then read, change and archive that one).
//!
//! schemathesis (PyPI, pinned) is installed by the stage itself into a venv under `target/`,
//! once. The run is bounded twice: schemathesis' own time budget, and a hard deadline after
//! which the stage kills it and fails, so a hung run fails the stage rather than CI.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::failure::{Failure, Outcome};
use crate::local_server::{self, LocalServer, Storage};
use crate::shell::{self, Cmd};
use crate::{process_tree, workspace};

const VERSION: &str = "4.32.5";
/// Hypothesis from 6.137.3 on parses a whole source file to describe a lambda, which on
/// CPython 3.11 failed a run inside schemathesis ("AST constructor recursion depth
/// mismatch"); the last release before that change is pinned.
const HYPOTHESIS: &str = "6.137.2";
/// schemathesis' own budget for generating and sending cases.
const BUDGET_SECONDS: u64 = 120;
/// Past this the run is killed: the budget, plus start-up and the final report.
const DEADLINE: Duration = Duration::from_secs(BUDGET_SECONDS + 120);
/// Cases per operation before fuzzing repeats; the time budget decides the rest.
const MAX_EXAMPLES: &str = "30";
/// A fixed seed, so a failure here is the same failure on a rerun.
const SEED: &str = "20261130";

/// Every check but two. `positive_data_acceptance`: the document gives types, not every
/// semantic rule (an id that does not exist, an email already taken), so a schema-valid request
/// may rightly be refused with a documented 4xx. `use_after_free`: `DELETE` on a teammate or a
/// task archives it, and it stays readable by id with `status: "archived"` (wire.md §2.0).
const EXCLUDED_CHECKS: &str = "positive_data_acceptance,use_after_free";

pub fn run() -> Outcome {
    let program = install()?;
    local_server::build()?;
    let log_path = workspace::path("target/schemathesis/server.log");
    let log = std::fs::File::create(&log_path)
        .map_err(|err| Failure::new(format!("{}: {err}", log_path.display())))?;
    // Thousands of requests: the access log goes to a file, read for panics afterwards.
    let mut server = LocalServer::start_with_log(Storage::Memory, log.into())?;
    println!("m8tes-local on {} (log: {})", server.base_url, shell::relative(&log_path));
    let fuzzed = fuzz(&program, &server);
    let crashed = !server.is_running();
    drop(server);
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    let panics: Vec<&str> = log.lines().filter(|line| line.contains("panicked")).collect();
    for line in &panics {
        println!("{line}");
    }
    if crashed {
        return Err(Failure::new("m8tes-local exited during the run; see its log"));
    }
    if !panics.is_empty() {
        return Err(Failure::new(format!(
            "m8tes-local panicked {} times; see above",
            panics.len()
        )));
    }
    fuzzed
}

/// Runs schemathesis against the server until it finishes or the deadline passes.
fn fuzz(program: &Path, server: &LocalServer) -> Outcome {
    let mut child = Command::new(program)
        .current_dir(workspace::path("target/schemathesis"))
        .arg("--config-file")
        .arg(workspace::path("xtask/schemathesis.toml"))
        .args(["run", &format!("{}/openapi.json", server.base_url)])
        .args(["--url", &server.base_url])
        .args(["--header", &format!("Authorization: Bearer {}", server.api_key)])
        .args(["--checks", "all", "--exclude-checks", EXCLUDED_CHECKS])
        .args(["--max-examples", MAX_EXAMPLES, "--max-time", &BUDGET_SECONDS.to_string()])
        .args(["--seed", SEED, "--workers", "2", "--request-timeout", "10"])
        .args(["--generation-database", "none", "--no-color"])
        .spawn()
        .map_err(|err| Failure::new(format!("{}: {err}", program.display())))?;
    let started = Instant::now();
    loop {
        if let Some(status) = child
            .try_wait()
            .map_err(|err| Failure::new(format!("waiting for schemathesis: {err}")))?
        {
            return if status.success() {
                Ok(())
            } else {
                Err(Failure::new(format!("schemathesis found failures ({status}); see above")))
            };
        }
        if started.elapsed() > DEADLINE {
            process_tree::kill(&mut child);
            return Err(Failure::new(format!(
                "schemathesis did not finish within {}s: killed (a hung server or run)",
                DEADLINE.as_secs()
            )));
        }
        sleep(Duration::from_millis(200));
    }
}

/// The pinned schemathesis in `target/schemathesis/venv`, installed there unless it already is.
fn install() -> Outcome<PathBuf> {
    let venv = workspace::path("target/schemathesis/venv");
    let program = venv.join("bin/schemathesis");
    let marker = venv.join(format!("installed-{VERSION}-{HYPOTHESIS}"));
    if marker.is_file() && Cmd::new(&program).args(["--version"]).probe().is_some() {
        return Ok(program);
    }
    println!("installing schemathesis {VERSION} into {}", venv.display());
    Cmd::new("python3").args(["-m", "venv", "--clear"]).args([&venv]).run()?;
    Cmd::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .args([format!("schemathesis=={VERSION}"), format!("hypothesis=={HYPOTHESIS}")])
        .run()?;
    std::fs::write(&marker, "")
        .map_err(|err| Failure::new(format!("{}: {err}", marker.display())))?;
    Ok(program)
}
