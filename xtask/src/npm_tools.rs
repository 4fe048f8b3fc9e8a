//! The npm dev tools (wasm-opt from binaryen, workerd, playwright-core, esbuild, typescript and
//! the benchmark peers), installed with `npm ci` from the committed lockfile.
//!
//! `npm ci` wipes and refills node_modules, about 10 s and a network round trip, so it runs only
//! when node_modules does not match the lockfile. A stamp inside node_modules records a hash of
//! the manifests it was filled from; `npm ci` deletes it along with everything else, so a failed
//! install can never leave a stamp that lies.

use std::fs;

use crate::failure::{Failure, Outcome};
use crate::shell::Cmd;
use crate::workspace;

const STAMP: &str = "node_modules/.m8tes-xtask-lock-hash";
/// `wasm-opt --version` of npm binaryen@132.0.0; Trunk.toml pins the same string.
const WASM_OPT: &str = "version_132";

pub fn ensure() -> Outcome {
    let label = "npm dev tools (package-lock.json)";
    let wanted = manifest_hash()?;
    let stamped = fs::read_to_string(workspace::path(STAMP)).ok();
    if stamped.as_deref().map(str::trim) == Some(wanted.as_str()) {
        println!("{label}: already installed");
    } else {
        if Cmd::new("npm").args(["--version"]).probe().is_none() {
            return Err(Failure::new(
                "npm is not on PATH: install Node.js 20.19 or newer with npm, then rerun",
            ));
        }
        println!("{label}: installing (npm ci)…");
        Cmd::new("npm").args(["ci", "--no-audit", "--no-fund"]).run()?;
        fs::write(workspace::path(STAMP), format!("{wanted}\n"))
            .map_err(|err| Failure::new(format!("could not write {STAMP}: {err}")))?;
    }
    check_wasm_opt()
}

/// The first `wasm-opt` on the tool PATH must be npm's: Debian's 108 breaks wasm-bindgen output.
fn check_wasm_opt() -> Outcome {
    let version = Cmd::new("wasm-opt").args(["--version"]).probe();
    match version {
        Some(line) if line.contains(WASM_OPT) => Ok(()),
        other => Err(Failure::new(format!(
            "`wasm-opt --version` says {other:?}, expected {WASM_OPT} from node_modules/.bin; \
             delete node_modules and rerun `cargo xtask setup`"
        ))),
    }
}

/// Both files, because `npm ci` refuses a package.json that its lockfile does not match, and
/// that refusal should surface as soon as either changes.
fn manifest_hash() -> Outcome<String> {
    let mut bytes = Vec::new();
    for name in ["package.json", "package-lock.json"] {
        let path = workspace::path(name);
        let content = fs::read(&path)
            .map_err(|err| Failure::new(format!("could not read {}: {err}", path.display())))?;
        bytes.extend_from_slice(&content);
        bytes.push(0);
    }
    Ok(format!("fnv1a64:{:016x}", fnv1a64(&bytes)))
}

/// FNV-1a: stable across Rust releases (std's hasher is not promised to be) and a few lines,
/// where a stamp needs change detection, not collision resistance.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::fnv1a64;

    #[test]
    fn fnv1a64_matches_the_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
