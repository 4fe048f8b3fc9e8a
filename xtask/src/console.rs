//! `cargo xtask console`: the web console built by Trunk into `dist/`, and its wasm size; and
//! the `console` test stage: that build, served by `m8tes-local`, driven by Playwright.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::failure::{Failure, Outcome};
use crate::setup::{self, Purpose};
use crate::shell::{self, Cmd};
use crate::workspace;

const MANIFEST: &str = "crates/web-console/Cargo.toml";
/// The gzip budget of the console's wasm, in bytes; `tests/console` asserts it too. It was
/// 400 KiB (issue 5); lowered to 351 KiB at 356 351 bytes by xtask's gzip, 358 392 by Node's
/// (issue 9); raised to 392 KiB by SDK 4.49 (issue 11) at 398 288 (xtask). Issue 14 replaced
/// leptos_router with the console's own router (-54 KB) and Leptos's resources with an effect
/// (-6 KB), then spent most of that on the runs list, Usage charts, Markdown, toasts and
/// shortcuts: 390 342 bytes (xtask), 394 301 (Node); budgeted then at 388 KiB. Issue 14's
/// size work then read the API's answers by hand over one request path instead of serde's
/// derived readers and the typed resources (-49 KB), kept only the data-bound parts of
/// fetching and acting generic, searched with the browser's `toLowerCase` (no lowercase
/// table) and dropped wasm-streams' unused exports: 314 117 bytes (xtask), 315 735 (Node);
/// budgeted then at 311 KiB. Laying the functions out by name for gzip without Binaryen's
/// inlining, compiling the reactive parts of `visible` and the pager once and indenting JSON
/// without serde_json's pretty writer took it to 306 109 bytes (xtask), 308 848 (Node);
/// budgeted then at 305 KiB. Dropping serde_json's error texts, drawing a fetched page once
/// from its data (no deep clones), plain lists instead of per-page maps and sorts, one page
/// envelope reader, the browser's Unicode tables for Markdown and stripped custom sections
/// took it to 292 407 bytes (xtask), 294 872 (Node): under issue 14's 300 KB by both.
/// Budgeted here at 290 KiB (296 960 bytes), about 2 KB to spare by Node's measure; it is
/// never to go above 300 000.
pub const WASM_GZIP_BUDGET: usize = 290 * 1024;

pub fn run(skip_setup: bool) -> Outcome {
    if !skip_setup {
        setup::run(Purpose::Dev)?;
    }
    if let Some(reason) = not_ready() {
        return Err(Failure::new(format!("cannot build the console: {reason}")));
    }
    build()
}

/// Why Trunk cannot build the console here, if it cannot.
pub fn not_ready() -> Option<String> {
    for file in ["index.html", "Trunk.toml", MANIFEST] {
        if !workspace::path(file).exists() {
            return Some(format!("{file} is missing"));
        }
    }
    let wanted = format!("trunk {}", setup::TRUNK);
    match Cmd::new("trunk").args(["--version"]).probe() {
        Some(line) if line == wanted => None,
        _ => Some(format!("{wanted} is not installed (run `cargo xtask setup --for dev`)")),
    }
}

/// Builds `dist/` and prints the size of its wasm, raw and gzipped.
pub fn build() -> Outcome {
    // Offline Trunk passes `--offline` to cargo too, so every crate must already be fetched.
    Cmd::cargo().args(["fetch"]).run()?;
    Cmd::new("trunk").args(["build", "--release"]).run()?;
    let wasm = built_wasm()?;
    let raw = fs::metadata(&wasm)
        .map_err(|err| Failure::new(format!("could not read {}: {err}", wasm.display())))?
        .len();
    let gzipped = gzip_size(&wasm)?;
    println!(
        "console wasm {}: {raw} bytes, {gzipped} bytes gzip -9 (budget {WASM_GZIP_BUDGET})",
        shell::relative(&wasm)
    );
    Ok(())
}

/// The `console` stage: builds the release console and the server, then runs the Playwright
/// suite (`tests/console`), which starts `m8tes-local` on a free port with a known key,
/// serving `dist/`, and asserts the wasm budget among its checks.
pub fn e2e() -> Outcome {
    if let Some(reason) = not_ready() {
        return Err(Failure::new(format!("cannot build the console: {reason}")));
    }
    build()?;
    Cmd::cargo()
        .args(["build", "--release", "-p", "m8tes-local-api", "--bin", "m8tes-local"])
        .run()?;
    // About two minutes here; a hung page or browser fails the stage rather than CI.
    Cmd::new("node")
        .args(["tests/console/console.test.mjs"])
        .env("M8TES_LOCAL_BIN", workspace::path("target/release/m8tes-local"))
        .env("CONSOLE_WASM_GZIP_BUDGET", WASM_GZIP_BUDGET.to_string())
        .run_within(Duration::from_secs(15 * 60))
}

/// The newest `.wasm` in dist: with file hashes its name changes on every content change.
fn built_wasm() -> Outcome<PathBuf> {
    let dist = workspace::dist();
    let entries = fs::read_dir(&dist)
        .map_err(|err| Failure::new(format!("trunk left no {}: {err}", dist.display())))?;
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "wasm"))
        .max_by_key(|path| fs::metadata(path).and_then(|m| m.modified()).ok())
        .ok_or_else(|| Failure::new(format!("trunk built no .wasm into {}", dist.display())))
}

/// Gzip's own byte count, by shelling out: a compression crate would cost xtask's compile time
/// more than this number is worth.
fn gzip_size(file: &Path) -> Outcome<usize> {
    Ok(Cmd::new("gzip").args(["-9", "-c"]).args([file]).output()?.len())
}
