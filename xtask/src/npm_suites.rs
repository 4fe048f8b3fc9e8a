//! The end-to-end suites of the npm package (`tests/npm/`) and its benchmarks (`bench/`).
//!
//! Each `npm-*` stage builds the package and the local server once per xtask run, then hands
//! one suite to `tests/npm/run.mjs`, which installs the packed tarball into a scratch project
//! and runs the suite under `node:test`, ending with its `tests / pass / fail` summary.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use crate::failure::{Failure, Outcome};
use crate::shell::Cmd;
use crate::{npm, workspace};

fn server_binary() -> PathBuf {
    workspace::path("target/release/m8tes-local")
}

/// Builds the package and the server the first time a stage asks; later stages reuse the
/// outcome, success or failure, so one xtask run never builds them twice.
fn prepare() -> Outcome {
    static PREPARED: OnceLock<Result<(), String>> = OnceLock::new();
    PREPARED
        .get_or_init(|| build().map_err(|failure| failure.to_string()))
        .clone()
        .map_err(Failure::new)
}

fn build() -> Outcome {
    npm::run()?;
    Cmd::cargo().args(["build", "--release", "-p", "m8tes-local-api"]).run()?;
    let binary = server_binary();
    if !binary.is_file() {
        return Err(Failure::new(format!("the build left no m8tes-local at {}", binary.display())));
    }
    Ok(())
}

/// One suite's whole run, servers and browsers included, is stopped past this. The longest,
/// the CLI's, takes about a minute; a suite that hangs fails its stage instead of CI, and each
/// test has its own, shorter limit (`--test-timeout` in the runners).
const SUITE_LIMIT: Duration = Duration::from_secs(10 * 60);

fn node(script: &str, suite: Option<&str>) -> Outcome {
    prepare()?;
    Cmd::new("node")
        .args([script].into_iter().chain(suite))
        .env("M8TES_NPM_TGZ", npm::tarball())
        .env("M8TES_LOCAL_BIN", server_binary())
        .run_within(SUITE_LIMIT)
}

pub fn node_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("node"))
}

pub fn faults_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("faults"))
}

pub fn vectors_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("vectors"))
}

pub fn size_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("size"))
}

pub fn types_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("types"))
}

pub fn workerd_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("workerd"))
}

pub fn browser_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("browser"))
}

/// publint, @arethetypeswrong/cli and `npm publish --dry-run` on the tarball, and its LICENSE.
pub fn publish_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("publish"))
}

/// Deno 2 (npm `deno`) imports the tarball with `npm:` under the narrowest permissions.
pub fn deno_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("deno"))
}

/// Bun 1 (npm `bun`) runs the tarball installed into a project.
pub fn bun_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("bun"))
}

/// Browser apps built by Vite and by esbuild for the browser, loaded in Chromium.
pub fn bundlers_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("bundlers"))
}

/// The README's examples (`examples/`): the Node script, the Worker in workerd, the Vite page.
pub fn examples_suite() -> Outcome {
    node("tests/npm/run.mjs", Some("examples"))
}

/// The `m8tes` command line (`tests/cli/`): the tarball's bin run as a subprocess.
pub fn cli_suite() -> Outcome {
    node("tests/cli/run.mjs", None)
}

/// `cargo xtask bench`: the package's benchmarks against their peers, written to BENCHMARKS.md
/// (the package is built first, as for every suite).
pub fn bench() -> Outcome {
    node("bench/run.mjs", None)
}
