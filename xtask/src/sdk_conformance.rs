//! The `sdk-conformance` stage: the official Python SDK, unmodified and pinned, drives a real
//! `m8tes-local` through its public API (`tests/sdk/`). 4.49.0 is what people install today,
//! 1.1.0 is the seed the contract was written from; each runs its own suite, against its own
//! freshly started server with an empty data folder.
//!
//! Each SDK lives in its own virtual environment under `target/sdk/<version>`, installed from
//! PyPI by this stage. A marker file holds the pins it was installed with, so a second run
//! installs nothing and a changed pin reinstalls from scratch.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::failure::{Failure, Outcome};
use crate::local_server::{self, LocalServer, Storage};
use crate::shell::{self, Cmd};
use crate::workspace;

/// One pinned SDK and the suite written against it.
struct Sdk {
    version: &'static str,
    suite: &'static str,
}

const SDKS: &[Sdk] = &[
    Sdk { version: "4.49.0", suite: "tests/sdk/v4_49" },
    Sdk { version: "1.1.0", suite: "tests/sdk/v1_1" },
];

/// The test runner, pinned beside the SDK; the SDK's own dependencies are pinned by
/// `tests/sdk/constraints.txt`.
const RUNNER: &[&str] = &["pytest==9.2.0", "pytest-timeout==2.4.0"];
const CONSTRAINTS: &str = "tests/sdk/constraints.txt";

/// A suite that has not finished by then is stopped: each test has its own timeout
/// (`tests/sdk/pytest.ini`), this bounds the whole.
const SUITE_LIMIT: Duration = Duration::from_secs(300);

/// Where `tests/sdk/conftest.py` writes the id of each failed test, one a line.
const FAILURES_ENV: &str = "M8TES_SDK_FAILURES";

pub fn run() -> Outcome {
    local_server::build()?;
    for sdk in SDKS {
        install(sdk)?;
    }
    let mut failed = Vec::new();
    // Both suites run even when the first fails: which capabilities each SDK lacks is the
    // stage's whole message.
    for sdk in SDKS {
        if let Err(failure) = run_suite(sdk) {
            failed.push(format!("SDK {}: {failure}", sdk.version));
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(failed.join("\n")))
    }
}

fn venv(sdk: &Sdk) -> PathBuf {
    workspace::path(&format!("target/sdk/{}", sdk.version))
}

fn python(sdk: &Sdk) -> PathBuf {
    venv(sdk).join("bin/python")
}

/// The requirement lines and constraints a venv is installed with: what its marker records.
fn pins(sdk: &Sdk) -> Outcome<String> {
    let constraints = fs::read_to_string(workspace::path(CONSTRAINTS))
        .map_err(|err| Failure::new(format!("could not read {CONSTRAINTS}: {err}")))?;
    let mut pins = format!("m8tes=={}\n", sdk.version);
    for requirement in RUNNER {
        pins.push_str(requirement);
        pins.push('\n');
    }
    pins.push_str("# constraints\n");
    pins.push_str(&constraints);
    Ok(pins)
}

/// Creates the venv and installs the pins, unless its marker says that is already done.
fn install(sdk: &Sdk) -> Outcome {
    let dir = venv(sdk);
    let marker = dir.join("m8tes-pins.txt");
    let wanted = pins(sdk)?;
    if python(sdk).is_file() && fs::read_to_string(&marker).ok().as_deref() == Some(&wanted) {
        println!("SDK {}: installed in {}", sdk.version, shell::relative(&dir));
        return Ok(());
    }
    println!("SDK {}: installing into {}", sdk.version, shell::relative(&dir));
    // `--clear`: a half-installed or differently pinned venv starts over.
    Cmd::new("python3").args(["-m", "venv", "--clear"]).args([&dir]).run()?;
    // The SDK asks for Python >= 3.11.9; this machine's 3.11 runs it (issue 11).
    Cmd::new(python(sdk))
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
        .args(["--ignore-requires-python", "--constraint", CONSTRAINTS])
        .args([format!("m8tes=={}", sdk.version)])
        .args(RUNNER)
        .run()?;
    fs::write(&marker, wanted)
        .map_err(|err| Failure::new(format!("could not write {}: {err}", marker.display())))
}

/// Runs one SDK's suite against a fresh server; on failure, names the failed tests.
fn run_suite(sdk: &Sdk) -> Outcome {
    let data_dir = empty_dir(&venv(sdk).join("server-data"))?;
    let failures = venv(sdk).join("failed-tests.txt");
    remove_if_present(&failures)?;
    let server = LocalServer::start(Storage::DataDir(data_dir))?;
    println!("SDK {}: {} against m8tes-local on {}", sdk.version, sdk.suite, server.base_url);
    let outcome = Cmd::new(python(sdk))
        .args(["-m", "pytest", sdk.suite, "-p", "no:cacheprovider"])
        .env("M8TES_BASE_URL", &server.base_url)
        .env("M8TES_API_KEY", &server.api_key)
        .env(FAILURES_ENV, &failures)
        .run_within(SUITE_LIMIT);
    drop(server);
    outcome.map_err(|failure| {
        let named = fs::read_to_string(&failures).unwrap_or_default();
        let names: Vec<&str> = named.lines().filter(|line| !line.is_empty()).collect();
        if names.is_empty() {
            failure
        } else {
            Failure::new(format!("{} failed:\n  {}", names.len(), names.join("\n  ")))
        }
    })
}

fn empty_dir(dir: &Path) -> Outcome<PathBuf> {
    if dir.exists() {
        fs::remove_dir_all(dir)
            .map_err(|err| Failure::new(format!("could not empty {}: {err}", dir.display())))?;
    }
    fs::create_dir_all(dir)
        .map_err(|err| Failure::new(format!("could not create {}: {err}", dir.display())))?;
    Ok(dir.to_path_buf())
}

fn remove_if_present(file: &Path) -> Outcome {
    match fs::remove_file(file) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(Failure::new(format!("could not delete {}: {err}", file.display()))),
    }
}
