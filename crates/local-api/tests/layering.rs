//! The crate's shape, checked on its source text: dependencies run one way (`http` → `agent`
//! → `store` → `model`), the top-level modules import each other without a cycle, and no
//! source file outgrows one reading.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

/// Every `.rs` file under `src/`, as (path relative to `src/`, text).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a source file is readable");
            let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            (relative, text)
        })
        .collect()
}

/// The top-level module a source file belongs to: `http/runs/mod.rs` → `http`.
fn layer(path: &str) -> String {
    path.split('/').next().unwrap().trim_end_matches(".rs").to_owned()
}

/// The top-level modules a file names through `crate::…` (also inside `crate::{a, b}`).
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (index, _) in text.match_indices("crate::") {
        let rest = &text[index + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name: String =
                    item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn only_the_http_layer_and_lib_import_http() {
    for (path, text) in sources() {
        let layer = layer(&path);
        if layer == "http" || layer == "lib" {
            continue;
        }
        assert!(!imports(&text).contains("http"), "{path} imports the HTTP layer");
    }
}

#[test]
fn lower_layers_reach_no_higher_one() {
    let forbidden: &[(&str, &[&str])] = &[
        ("model", &["http", "agent", "store", "state", "webhooks", "schedule"]),
        ("store", &["http", "agent", "state", "webhooks", "schedule"]),
        ("agent", &["http", "schedule"]),
        ("webhooks", &["http", "agent", "state", "schedule"]),
    ];
    for (path, text) in sources() {
        let layer = layer(&path);
        let Some((_, higher)) = forbidden.iter().find(|(name, _)| *name == layer) else {
            continue;
        };
        for name in imports(&text) {
            assert!(!higher.contains(&name.as_str()), "{path} ({layer}) imports {name}");
        }
    }
}

#[test]
fn top_level_modules_import_each_other_without_a_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources() {
        let from = layer(&path);
        let targets = graph.entry(from.clone()).or_default();
        targets.extend(imports(&text).into_iter().filter(|to| *to != from));
    }
    // Depth-first search; a node met again while still on the path closes a cycle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(start) = path.iter().position(|n| n == node) {
            panic!("import cycle: {} -> {node}", path[start..].join(" -> "));
        }
        if done.contains(node) {
            return;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn no_source_file_is_over_the_line_budget() {
    for (path, text) in sources() {
        let lines = text.lines().count();
        assert!(lines <= MAX_LINES, "{path} has {lines} lines (at most {MAX_LINES})");
    }
}
