//! `cargo xtask setup`: installs each pinned tool that is missing or at the wrong version, and
//! leaves alone what is already right, so it is cheap to run before every other command.
//!
//! Versions are checked by asking each tool (`X --version`) rather than trusting a marker file:
//! a tool replaced by hand or by another project must still be noticed.

use std::fmt;
use std::path::Path;

use crate::failure::{Failure, Outcome};
use crate::shell::Cmd;
use crate::{npm_tools, workspace};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Used until Cargo.lock has a wasm-bindgen entry; the CLI must equal the crate in the lock.
pub const WASM_BINDGEN_FALLBACK: &str = "0.2.130";
/// 0.22 needs a newer rustc than this machine's 1.95 (toolchain.md, G3).
pub const TRUNK: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// What `cargo xtask dev` needs to build the console and run the server.
    Dev,
    /// Everything, browsers included.
    Test,
}

impl Purpose {
    pub fn parse(word: &str) -> Outcome<Self> {
        match word {
            "dev" => Ok(Purpose::Dev),
            "test" => Ok(Purpose::Test),
            other => Err(Failure::new(format!("setup --for takes `dev` or `test`, not `{other}`"))),
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Purpose::Dev => "dev",
            Purpose::Test => "test",
        })
    }
}

pub fn run(purpose: Purpose) -> Outcome {
    println!("xtask setup (for {purpose})");
    wasm_target()?;
    wasm_bindgen_cli()?;
    trunk()?;
    if purpose == Purpose::Test {
        chromium()?;
        python_venv()?;
        shells()?;
    }
    npm_tools::ensure()
}

pub fn wasm_bindgen_version() -> String {
    workspace::locked_version("wasm-bindgen").unwrap_or_else(|| WASM_BINDGEN_FALLBACK.to_string())
}

fn wasm_target() -> Outcome {
    let installed = Cmd::new("rustup").args(["target", "list", "--installed"]).output()?;
    let installed = String::from_utf8_lossy(&installed);
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("rust target {WASM_TARGET}: already installed");
        return Ok(());
    }
    println!("rust target {WASM_TARGET}: installing…");
    Cmd::new("rustup").args(["target", "add", WASM_TARGET]).run()
}

fn wasm_bindgen_cli() -> Outcome {
    let version = wasm_bindgen_version();
    let wanted = format!("wasm-bindgen {version}");
    // The test runner ships in the same crate; checking it too catches a half-removed install.
    let runner_wanted = format!("wasm-bindgen-test-runner {version}");
    let cli = Cmd::new("wasm-bindgen").args(["--version"]).probe();
    let runner = Cmd::new("wasm-bindgen-test-runner").args(["--version"]).probe();
    if cli.as_deref() == Some(wanted.as_str()) && runner.as_deref() == Some(runner_wanted.as_str())
    {
        println!("{wanted}: already installed");
        return Ok(());
    }
    println!("{wanted}: installing ({}; about 2 min)…", found(&cli));
    // No `--locked`: the lockfile of wasm-bindgen-cli names a webpki-roots version the registry
    // here does not serve, so a locked install fails at once (toolchain.md, G1).
    Cmd::cargo().args(["install", "wasm-bindgen-cli", "--version", &version]).run()?;
    expect_version(Cmd::new("wasm-bindgen").args(["--version"]), &wanted)
}

fn trunk() -> Outcome {
    let wanted = format!("trunk {TRUNK}");
    let current = Cmd::new("trunk").args(["--version"]).probe();
    if current.as_deref() == Some(wanted.as_str()) {
        println!("{wanted}: already installed");
        return Ok(());
    }
    println!("{wanted}: installing ({}; about 8 min on 2 cores)…", found(&current));
    Cmd::cargo().args(["install", "--locked", "trunk", "--version", TRUNK]).run()?;
    expect_version(Cmd::new("trunk").args(["--version"]), &wanted)
}

/// Debian's Chromium and its matching driver, for wasm-bindgen browser tests and Playwright.
fn chromium() -> Outcome {
    let label = "chromium + chromedriver (Debian)";
    if Path::new(CHROMIUM).exists() && Path::new(crate::tool_env::CHROMEDRIVER).exists() {
        println!("{label}: already installed");
        return Ok(());
    }
    println!("{label}: installing (apt-get, about 1 min)…");
    apt_install(&["chromium", "chromium-driver"])
}

/// Python's `venv` with `ensurepip` (Debian splits it out), for the `sdk-conformance` and
/// `schemathesis` stages, which install their pinned packages from PyPI into virtual environments.
fn python_venv() -> Outcome {
    let label = "python3 venv (Debian python3-venv)";
    if Cmd::new("python3").args(["-c", "import ensurepip, venv"]).probe().is_some() {
        println!("{label}: already installed");
        return Ok(());
    }
    println!("{label}: installing (apt-get)…");
    apt_install(&["python3", "python3-venv"])
}

/// zsh and fish, whose completion scripts the `cli` stage runs (bash is already there).
fn shells() -> Outcome {
    let label = "zsh + fish (Debian)";
    let has = |shell: &str| Cmd::new(shell).args(["-c", "exit 0"]).probe().is_some();
    if has("zsh") && has("fish") {
        println!("{label}: already installed");
        return Ok(());
    }
    println!("{label}: installing (apt-get)…");
    apt_install(&["zsh", "fish"])
}

fn apt_install(packages: &[&str]) -> Outcome {
    let sudo = privilege_prefix()?;
    let apt = |args: &[&str]| {
        let mut words: Vec<&str> = sudo.iter().copied().collect();
        words.push("apt-get");
        words.extend_from_slice(args);
        Cmd::new(words[0]).args(&words[1..]).env("DEBIAN_FRONTEND", "noninteractive").run()
    };
    apt(&["update"])?;
    let mut install = vec!["install", "-y"];
    install.extend_from_slice(packages);
    apt(&install)
}

/// Nothing as root; `sudo` otherwise, if there is one to ask.
fn privilege_prefix() -> Outcome<Option<&'static str>> {
    let uid = Cmd::new("id").args(["-u"]).probe();
    if uid.as_deref() == Some("0") {
        return Ok(None);
    }
    if crate::shell::on_path("sudo") {
        return Ok(Some("sudo"));
    }
    Err(Failure::new(
        "installing Debian packages needs root, and there is no sudo: run \
         `apt-get install -y chromium chromium-driver python3-venv` as root",
    ))
}

fn found(current: &Option<String>) -> String {
    match current {
        Some(line) if !line.is_empty() => format!("found `{line}`"),
        _ => "not found".to_string(),
    }
}

fn expect_version(cmd: Cmd, wanted: &str) -> Outcome {
    let shown = cmd.shown().to_string();
    match cmd.probe() {
        Some(line) if line == wanted => Ok(()),
        other => Err(Failure::new(format!(
            "installed, but `{shown}` now says {}; is {} on PATH ahead of other copies?",
            found(&other),
            crate::tool_env::cargo_bin().display()
        ))),
    }
}
