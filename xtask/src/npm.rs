//! `cargo xtask npm`: builds the npm package `@m8tes/wasm` into `target/npm/package/` and packs
//! it to `target/npm/m8tes-wasm.tgz`.
//!
//! Two wasm modules: the webhook checks' own (`crates/webhooks-wasm`, raw exports, a few KB,
//! `wasm/webhooks.wasm`), which `Webhooks` loads without the client's, and the client's.
//!
//! Steps: the client crate for wasm32 (profile `npm`: release with every crate built for size
//! but serde_json and the allocator, LTO; feature `js` without `rust-api`: only what the JS
//! layer calls), `wasm-bindgen --target web` (the one output that loads in Node, browsers and
//! workerd through `initSync`/`init`, toolchain.md §3, §5), the webhook crate in the same
//! profile, `wasm-opt` (-O4 on the client's, -O2 on the webhooks') from npm binaryen 132
//! (Debian's 108 corrupts the output, G2), the glue minified by esbuild,
//! then the JS layer and declarations from `npm/`, each runtime's entry bundled with the glue
//! into one module, then `npm pack`. The gzip sizes printed at the end are what the size
//! budget test checks.

use std::fs;
use std::path::{Path, PathBuf};

use crate::failure::{Failure, Outcome};
use crate::setup::WASM_TARGET;
use crate::shell::{relative, Cmd};
use crate::workspace;

const CRATE: &str = "m8tes-client-wasm";
/// The webhook checks' crate, built without wasm-bindgen (it has no JS glue).
const WEBHOOKS_CRATE: &str = "m8tes-webhooks-wasm";
/// Its module's name in the package; `npm/src/{node,browser,workerd}.js` load this file.
const WEBHOOKS_WASM: &str = "webhooks.wasm";
/// The Cargo profile of the package's wasm (Cargo.toml says why it is not `release`).
const PROFILE: &str = "npm";
/// The name wasm-bindgen gives the glue (`m8tes.js`) and the module (`m8tes_bg.wasm`); the JS
/// layer imports these names.
const OUT_NAME: &str = "m8tes";
const TARBALL: &str = "m8tes-wasm.tgz";
/// Written in `npm/package.json` where the crate version goes.
const VERSION_PLACEHOLDER: &str = "0.0.0-set-by-xtask";

pub fn package_dir() -> PathBuf {
    workspace::path("target/npm/package")
}

/// The package's modules as written, before each entry is bundled: for tools that reach inside
/// it (`bench/npm/sse-parts.mjs` patches the glue's `StreamHandle`), never published.
pub fn modules_dir() -> PathBuf {
    workspace::path("target/npm/modules")
}

pub fn tarball() -> PathBuf {
    workspace::path("target/npm").join(TARBALL)
}

pub fn run() -> Outcome {
    // Built in a folder of this process's own and moved into place at the end, so two builds
    // running at once (a developer's and a test stage's) never mix their files.
    let staging = workspace::path("target/npm").join(format!("build-{}", std::process::id()));
    let package = staging.join("package");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|err| io_failure(&staging, err))?;
    }
    let wasm_dir = package.join("wasm");
    fs::create_dir_all(&wasm_dir).map_err(|err| io_failure(&wasm_dir, err))?;

    Cmd::cargo()
        // The JS exports alone; the Rust API over fetch (`rust-api`) is the console's.
        .args(["build", "--profile", PROFILE, "--target", WASM_TARGET, "-p", CRATE])
        .args(["--no-default-features", "--features", "js"])
        .run()?;
    Cmd::cargo()
        .args(["build", "--profile", PROFILE, "--target", WASM_TARGET, "-p", WEBHOOKS_CRATE])
        .run()?;
    let built_by_cargo = |krate: &str| {
        workspace::path("target")
            .join(WASM_TARGET)
            .join(PROFILE)
            .join(format!("{}.wasm", krate.replace('-', "_")))
    };
    let built = built_by_cargo(CRATE);
    Cmd::new("wasm-bindgen")
        .args(["--target", "web", "--out-name", OUT_NAME, "--no-typescript"])
        // The entries always say where the .wasm is; the glue's default (`m8tes_bg.wasm` next
        // to itself) would point nowhere once the glue is bundled into `src/`, and bundlers
        // would go looking for it.
        .args(["--omit-default-module-path"])
        .args(["--remove-name-section", "--remove-producers-section", "--out-dir"])
        .args([&wasm_dir, &built])
        .run()?;
    let wasm = wasm_dir.join(format!("{OUT_NAME}_bg.wasm"));
    // -O4: 0.25 KB gzip less than -O2 for the same wasm time per SSE event
    // (bench/npm/sse-parts.mjs, interleaved). -Oz and -Os are 0.3-0.4 KB less than -O2 but
    // add 2-10 % to the time per event where text deltas arrive many to a read (issue 9).
    Cmd::new("wasm-opt").args(["-O4", "--strip-debug", "-o"]).args([&wasm, &wasm]).run()?;
    // -O2, not -Oz: -Oz halves SHA-256's speed (webhook verification); the module's names,
    // producers and target features are read by no runtime.
    let webhooks = wasm_dir.join(WEBHOOKS_WASM);
    Cmd::new("wasm-opt")
        .args(["-O2", "--strip-debug", "--strip-producers", "--strip-target-features", "-o"])
        .args([&webhooks, &built_by_cargo(WEBHOOKS_CRATE)])
        .run()?;
    // The glue is generated, never read by hand: minified it is 3 KB less gzip to ship and
    // parse on every cold start (issue 9). The package's own JS keeps its names (see
    // `bundle_entries`).
    let glue = wasm_dir.join(format!("{OUT_NAME}.js"));
    defer_text_decoder(&glue)?;
    Cmd::new("esbuild")
        .args(["--minify", "--format=esm", "--log-level=warning", "--allow-overwrite"])
        .args([glue.display().to_string(), format!("--outfile={}", glue.display())])
        .run()?;

    copy_sources(&package)?;
    let modules = staging.join("modules");
    copy_tree(&package, &modules)?;
    bundle_entries(&package)?;
    Cmd::new("npm")
        .args(["pack", "--silent", "--pack-destination"])
        .args([staging.clone(), package.clone()])
        .run()?;
    let packed = staging.join(format!("m8tes-wasm-{}.tgz", env!("CARGO_PKG_VERSION")));
    fs::rename(&packed, tarball()).map_err(|err| io_failure(&packed, err))?;

    println!("package: {}", relative(&tarball()));
    println!(
        "gzip -9 size of the .wasm: {} bytes (the client's)",
        gzip_size(std::slice::from_ref(&wasm))?
    );
    println!(
        "                           {} bytes (the webhooks')",
        gzip_size(std::slice::from_ref(&webhooks))?
    );
    let node_entry = package.join("src").join("node.js");
    println!("gzip -9 size of the JS:    {} bytes (the Node entry)", gzip_size(&[node_entry])?);

    // The unpacked package stays at target/npm/package for a look inside; if another build
    // got there first in the meantime, its copy is as good as ours.
    let unpacked = package_dir();
    let _ = fs::remove_dir_all(&unpacked);
    let _ = fs::rename(&package, &unpacked);
    let _ = fs::remove_dir_all(modules_dir());
    let _ = fs::rename(&modules, modules_dir());
    let _ = fs::remove_dir_all(&staging);
    Ok(())
}

/// Everything in `npm/` and the repository's LICENSE go into the package folder (npm pack then
/// keeps what `files` lists), with the crate's version written into package.json.
fn copy_sources(package: &Path) -> Outcome {
    let source = workspace::path("npm");
    let entries = fs::read_dir(&source).map_err(|err| io_failure(&source, err))?;
    for entry in entries {
        let entry = entry.map_err(|err| io_failure(&source, err))?;
        let name = entry.file_name();
        if name == "node_modules" {
            continue;
        }
        let from = entry.path();
        let to = package.join(&name);
        if name == "package.json" {
            let text = fs::read_to_string(&from).map_err(|err| io_failure(&from, err))?;
            let text = text.replace(VERSION_PLACEHOLDER, env!("CARGO_PKG_VERSION"));
            fs::write(&to, text).map_err(|err| io_failure(&to, err))?;
        } else {
            copy_tree(&from, &to)?;
        }
    }
    // The repository's one licence text, so the tarball carries it without a second copy.
    let license = workspace::path("LICENSE");
    fs::copy(&license, package.join("LICENSE")).map_err(|err| io_failure(&license, err))?;
    Ok(())
}

/// The runtimes' entries (package.json `exports`), each bundled with everything it imports.
const ENTRIES: [&str; 3] = ["node.js", "browser.js", "workerd.js"];

/// Bundles each runtime's entry (`src/node.js`, …) with the package's other modules and the
/// glue into one module at the same path, then drops the modules the bundles now hold. One
/// module instead of eleven is ~25% less cold start in Node (fewer module loads) and 4 KB less
/// gzip (one compression window instead of eleven). Whitespace and comments go and syntax is
/// shortened (−3 KB gzip, issue 9), but every name stays as written, so stack traces, class
/// names and `instanceof` read as in `npm/src`; a source map with the sources beside each entry
/// gives debuggers the modules themselves (D50). The .wasm files stay files of their own,
/// imported or fetched as before (the Node entry takes `fs` from `process.getBuiltinModule`, so
/// no entry imports a built-in).
fn bundle_entries(package: &Path) -> Outcome {
    let src = package.join("src");
    // A sibling of `src`: a map's paths to the modules (`../src/client.js`) then hold once the
    // bundles move into `src`.
    let bundles = package.join("bundles");
    for entry in ENTRIES {
        // Run from the package folder: the bundle's paths name each module from there
        // (`src/client.js`), the same on every build.
        Cmd::new("esbuild")
            .dir(package)
            .args(["--bundle", "--format=esm", "--platform=neutral", "--log-level=warning"])
            .args(["--minify-whitespace", "--minify-syntax", "--sourcemap"])
            .args(["--external:*.wasm"])
            .args([format!("src/{entry}"), format!("--outfile={}", bundles.join(entry).display())])
            .run()?;
    }
    for module in js_files(&src)? {
        fs::remove_file(&module).map_err(|err| io_failure(&module, err))?;
    }
    let glue = package.join("wasm").join(format!("{OUT_NAME}.js"));
    fs::remove_file(&glue).map_err(|err| io_failure(&glue, err))?;
    for entry in ENTRIES {
        for file in [entry.to_string(), format!("{entry}.map")] {
            let (from, to) = (bundles.join(&file), src.join(&file));
            fs::rename(&from, &to).map_err(|err| io_failure(&from, err))?;
        }
    }
    fs::remove_dir(&bundles).map_err(|err| io_failure(&bundles, err))
}

/// The glue as wasm-bindgen 0.2.130 writes it makes its TextDecoder at import, and a host's
/// first TextDecoder costs ~0.3 ms (Node loads its encodings then): a third of what the client's
/// wasm now adds to a webhook handler's cold start, which never decodes (issue 9). Patched to
/// make it at the first decode instead: the byte count starts at the limit at which the glue
/// already makes a new decoder. A glue that no longer reads so fails the build, not the patch.
const EAGER_DECODER: &str = "let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
cachedTextDecoder.decode();
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = 0;";
const DEFERRED_DECODER: &str = "let cachedTextDecoder;
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = MAX_SAFARI_DECODE_BYTES;";

fn defer_text_decoder(glue: &Path) -> Outcome {
    let text = fs::read_to_string(glue).map_err(|err| io_failure(glue, err))?;
    if text.matches(EAGER_DECODER).count() != 1 {
        return Err(Failure::new(format!(
            "{}: the glue's TextDecoder is not written as xtask/src/npm.rs expects",
            relative(glue)
        )));
    }
    let text = text.replace(EAGER_DECODER, DEFERRED_DECODER);
    fs::write(glue, text).map_err(|err| io_failure(glue, err))
}

fn copy_tree(from: &Path, to: &Path) -> Outcome {
    if from.is_dir() {
        fs::create_dir_all(to).map_err(|err| io_failure(to, err))?;
        for entry in fs::read_dir(from).map_err(|err| io_failure(from, err))? {
            let entry = entry.map_err(|err| io_failure(from, err))?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        fs::copy(from, to).map(|_| ()).map_err(|err| io_failure(from, err))
    }
}

fn js_files(dir: &Path) -> Outcome<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(|err| io_failure(dir, err))? {
        let path = entry.map_err(|err| io_failure(dir, err))?.path();
        if path.extension().is_some_and(|ext| ext == "js") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The gzip -9 size of the files concatenated, as a bundler would ship them together.
fn gzip_size(files: &[PathBuf]) -> Outcome<usize> {
    let mut script = String::from("cat");
    for file in files {
        script.push_str(" '");
        script.push_str(&file.display().to_string());
        script.push('\'');
    }
    script.push_str(" | gzip -9 -c | wc -c");
    let out = Cmd::new("sh").args(["-c", &script]).output()?;
    String::from_utf8_lossy(&out)
        .trim()
        .parse()
        .map_err(|_| Failure::new("could not measure the gzip size"))
}

fn io_failure(path: &Path, err: std::io::Error) -> Failure {
    Failure::new(format!("{}: {err}", relative(path)))
}
