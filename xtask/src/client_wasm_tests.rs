//! The `client-wasm` stage: the npm package builds (`cargo xtask npm`), then the client crate's
//! wasm-bindgen tests run in Node and in headless Chromium against a real `m8tes-local`,
//! started here on a free loopback port and stopped afterwards.

use std::time::Duration;

use crate::failure::Outcome;
use crate::local_server::{self, LocalServer, Storage};
use crate::npm;
use crate::setup::WASM_TARGET;
use crate::shell::Cmd;

pub fn run() -> Outcome {
    npm::run()?;
    local_server::build()?;
    let server = LocalServer::start(Storage::Memory)?;
    println!("m8tes-local on {}", server.base_url);
    // The tests read both at build time (option_env!), so a new port rebuilds only them.
    // The limit counts a cold build too (under a minute here, several on a fresh machine);
    // past it, a hung browser or runner fails the stage rather than CI.
    Cmd::cargo()
        .args(["test", "-p", "m8tes-client-wasm", "--target", WASM_TARGET])
        .env("M8TES_TEST_BASE_URL", &server.base_url)
        .env("M8TES_TEST_API_KEY", &server.api_key)
        .run_within(Duration::from_secs(20 * 60))
}
