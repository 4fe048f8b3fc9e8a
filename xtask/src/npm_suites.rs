//! The end-to-end suites of the npm package (`tests/npm/`): each xtask stage builds the package
//! and the local server once per xtask run, then hands one suite to `tests/npm/run.mjs`, which
//! installs the packed tarball into a scratch project and runs the suite under `node:test`.

use std::sync::OnceLock;

use crate::failure::{Failure, Outcome};
use crate::shell::Cmd;
use crate::workspace;

/// The tarball `cargo xtask npm` packs.
pub fn tarball() -> std::path::PathBuf {
    workspace::path("target/npm/m8tes-wasm.tgz")
}

pub fn server_binary() -> std::path::PathBuf {
    workspace::path("target/release/m8tes-local")
}

/// Builds the package and the server the first time any npm stage asks; later stages reuse the
/// result, success or failure, so one xtask run never builds them twice.
pub fn prepare() -> Outcome {
    static PREPARED: OnceLock<Result<(), String>> = OnceLock::new();
    PREPARED
        .get_or_init(|| build().map_err(|failure| failure.to_string()))
        .clone()
        .map_err(Failure::new)
}

fn build() -> Outcome {
    // `cargo xtask npm` is this very binary's `npm` command: run it as a child so its output and
    // failure look exactly as they do by hand.
    let me = std::env::current_exe()
        .map_err(|err| Failure::new(format!("cannot find the running xtask binary: {err}")))?;
    Cmd::new(me).args(["npm"]).run()?;
    Cmd::cargo().args(["build", "--release", "-p", "m8tes-local-api"]).run()?;
    for (what, path) in [("package tarball", tarball()), ("m8tes-local", server_binary())] {
        if !path.is_file() {
            return Err(Failure::new(format!(
                "the build succeeded but left no {what} at {}",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Runs one suite; node:test's spec reporter prints the closing `tests / pass / fail` summary.
pub fn run(suite: &str) -> Outcome {
    prepare()?;
    Cmd::new("node")
        .args(["tests/npm/run.mjs", suite])
        .env("M8TES_NPM_TGZ", tarball())
        .env("M8TES_LOCAL_BIN", server_binary())
        .run()
}
