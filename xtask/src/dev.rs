//! `cargo xtask dev`: installs what running needs, builds the console, then runs the local
//! server in the foreground with this checkout's dev API key (the server prints its URL).

use std::fs;

use crate::console;
use crate::failure::{Failure, Outcome};
use crate::setup::{self, Purpose};
use crate::shell::Cmd;
use crate::workspace;

pub const DEFAULT_PORT: u16 = 8787;
const SERVER_BIN: &str = "m8tes-local";
/// The server's data folder in the checkout (git-ignored), and the dev key kept in it.
const DATA_DIR: &str = ".m8tes-local";
const KEY_FILE: &str = "dev-api-key";

pub struct Options {
    pub port: u16,
    pub skip_setup: bool,
}

pub fn run(options: &Options) -> Outcome {
    if !options.skip_setup {
        setup::run(Purpose::Dev)?;
    }
    match console::not_ready() {
        None => console::build()?,
        Some(reason) => println!("console: not built ({reason})"),
    }
    let key = dev_key()?;
    // The server prints a key only at the start that mints it, and stores only its hash; a key
    // of our own, kept beside the data, lets every `cargo xtask dev` print a working one.
    println!("dev API key: {key}   (kept in {DATA_DIR}/{KEY_FILE})");
    let port = options.port.to_string();
    Cmd::cargo()
        .args([
            "run",
            "--release",
            "-p",
            "m8tes-local-api",
            "--bin",
            SERVER_BIN,
            "--",
            "--port",
            &port,
            "--data-dir",
            DATA_DIR,
            "--api-key",
            &key,
        ])
        .run()
}

/// The dev key of this checkout: read from the data dir, or minted there on first use.
fn dev_key() -> Outcome<String> {
    let file = workspace::path(DATA_DIR).join(KEY_FILE);
    if let Ok(key) = fs::read_to_string(&file) {
        let key = key.trim();
        if key.starts_with("m8_") && key.len() > 20 {
            return Ok(key.to_owned());
        }
    }
    let mut random = [0u8; 20];
    fs::File::open("/dev/urandom")
        .and_then(|mut source| std::io::Read::read_exact(&mut source, &mut random))
        .map_err(|e| Failure::new(format!("cannot read /dev/urandom for a dev key: {e}")))?;
    let key: String = std::iter::once("m8_dev_".to_owned())
        .chain(random.iter().map(|b| format!("{b:02x}")))
        .collect();
    fs::create_dir_all(workspace::path(DATA_DIR))
        .and_then(|()| fs::write(&file, format!("{key}\n")))
        .map_err(|e| Failure::new(format!("cannot keep the dev key in {}: {e}", file.display())))?;
    Ok(key)
}
