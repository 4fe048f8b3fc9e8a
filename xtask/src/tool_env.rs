//! The environment every child process gets: the single place later stages reuse.
//!
//! * `node_modules/.bin` comes first on PATH because npm's `wasm-opt` 132 must shadow Debian's
//!   `wasm-opt` 108, which silently corrupts wasm-bindgen output (toolchain.md, G2).
//! * Cargo's bin folder comes next so tools that `cargo install` just put there are found even
//!   where a shell profile never added it.
//! * Trunk must never try to download tools (nothing outside the registries is reachable), and
//!   its update check is a needless network call.
//! * wasm tests run through wasm-bindgen's runner, with Debian's chromedriver for browser tests.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::workspace;

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

const FIXED: &[(&str, &str)] = &[
    ("TRUNK_OFFLINE", "true"),
    ("TRUNK_SKIP_VERSION_CHECK", "true"),
    ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner"),
    ("CHROMEDRIVER", CHROMEDRIVER),
];

/// The variables to set on a child, PATH included.
pub fn vars() -> Vec<(OsString, OsString)> {
    let mut vars = vec![(OsString::from("PATH"), path())];
    vars.extend(FIXED.iter().map(|(key, value)| (OsString::from(key), OsString::from(value))));
    vars
}

pub fn cargo_bin() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo/bin"),
    }
}

fn path() -> OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let dirs =
        [workspace::node_bin(), cargo_bin()].into_iter().chain(std::env::split_paths(&inherited));
    std::env::join_paths(dirs).expect("PATH entries never contain ':'")
}
