//! Where things are in the repository, so no module spells a path twice.

use std::path::{Path, PathBuf};

/// The repository root: xtask's own crate sits one level below it. Taken from the build, not
/// the current directory, so `cargo xtask` works from any sub-folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the workspace root")
}

pub fn path(relative: &str) -> PathBuf {
    root().join(relative)
}

pub fn node_bin() -> PathBuf {
    path("node_modules/.bin")
}

pub fn cargo_lock() -> PathBuf {
    path("Cargo.lock")
}

pub fn dist() -> PathBuf {
    path("dist")
}

/// Where the protocol crate's vector tests append `vectors <file>: <N> cases` lines.
pub fn vector_report() -> PathBuf {
    path("target/vector-report.txt")
}

/// The version of a package as Cargo.lock records it, if the lockfile names it once.
/// A hand scan of `[[package]]` blocks keeps xtask free of a TOML parser.
pub fn locked_version(package: &str) -> Option<String> {
    let text = std::fs::read_to_string(cargo_lock()).ok()?;
    locked_version_in(&text, package)
}

fn locked_version_in(lockfile: &str, package: &str) -> Option<String> {
    let wanted = format!("name = \"{package}\"");
    let mut found = None;
    for block in lockfile.split("[[package]]").skip(1) {
        let mut lines = block.lines().map(str::trim);
        if lines.any(|line| line == wanted) {
            let version = block
                .lines()
                .map(str::trim)
                .find_map(|line| line.strip_prefix("version = \""))?
                .trim_end_matches('"')
                .to_string();
            // Two versions of one package leave no single answer; the caller's pin wins then.
            if found.replace(version).is_some() {
                return None;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::locked_version_in;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://example.invalid"

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.131"
"#;

    #[test]
    fn finds_the_exact_package_not_a_prefix() {
        assert_eq!(locked_version_in(LOCK, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version_in(LOCK, "wasm-bindgen-macro").as_deref(), Some("0.2.131"));
    }

    #[test]
    fn absent_or_duplicated_packages_have_no_version() {
        assert_eq!(locked_version_in(LOCK, "trunk"), None);
        let twice = format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.1\"\n");
        assert_eq!(locked_version_in(&twice, "wasm-bindgen"), None);
    }
}
