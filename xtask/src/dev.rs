//! `cargo xtask dev`: installs what running needs, builds the console, then runs the local
//! server in the foreground (it prints its own URL and a dev API key).

use std::fs;

use crate::console;
use crate::failure::Outcome;
use crate::setup::{self, Purpose};
use crate::shell::Cmd;
use crate::workspace;

pub const DEFAULT_PORT: u16 = 8787;
const SERVER_BIN: &str = "m8tes-local";
const SERVER_MANIFEST: &str = "crates/local-api/Cargo.toml";

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
    if !server_declared() {
        println!(
            "the local server is not built yet: {SERVER_MANIFEST} declares no [[bin]] named \
             `{SERVER_BIN}`; nothing to start"
        );
        return Ok(());
    }
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
            ".m8tes-local",
        ])
        .run()
}

/// Whether local-api's manifest has a `[[bin]]` named `m8tes-local`, by a line scan: only
/// `[[bin]]` sections are read, so a `name =` of the package or a dependency does not count.
fn server_declared() -> bool {
    let manifest = fs::read_to_string(workspace::path(SERVER_MANIFEST)).unwrap_or_default();
    declares_bin(&manifest, SERVER_BIN)
}

fn declares_bin(manifest: &str, bin: &str) -> bool {
    let wanted = format!("name = \"{bin}\"");
    let mut in_bin = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if in_bin && line.replace(' ', "") == wanted.replace(' ', "") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::declares_bin;

    #[test]
    fn only_a_bin_section_counts() {
        let package_only = "[package]\nname = \"m8tes-local\"\n";
        assert!(!declares_bin(package_only, "m8tes-local"));
        let with_bin = "[package]\nname = \"m8tes-local-api\"\n\n[[bin]]\nname=\"m8tes-local\"\npath = \"src/main.rs\"\n";
        assert!(declares_bin(with_bin, "m8tes-local"));
    }
}
