//! The OpenAPI document at `/api/v2/openapi.json` names exactly the routes the server serves:
//! every `(method, path)` the routers under `src/http/` register (read from their source, so
//! a new route without a document entry fails here) is documented, every documented one is
//! registered, and over real HTTP every documented operation reaches a handler.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::TestServer;
use serde_json::Value;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// `(method, path)` as the document spells it: lowercase method, path under `/api/v2`.
type Route = (String, String);

/// Every route registered in the routers' source: `.route(PATH, METHODS)` and
/// `collection(ROUTER, PATH, METHODS)` (both forms), with `format!` paths expanded over the
/// `for base in [...]` loop that names them.
fn registered_routes() -> BTreeSet<Route> {
    let mut found = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let sources = sources(&root);
    // The names a `for base in [...]` loop registers a resource under; the routes it passes
    // `base` to may live in other files (`teammate_inbound::routes(router, base)`).
    let bases: Vec<String> = sources.iter().flat_map(|(_, text)| loop_bases(text)).collect();
    for (file, text) in &sources {
        for (call, pairs) in [(".route(", false), ("collection(", true)] {
            for (at, _) in text.match_indices(call) {
                let args = call_arguments(&text[at + call.len()..]);
                let Some((path, rest)) = path_argument(&args, call == "collection(") else {
                    continue; // `router.route(path, …)` inside `collection` itself
                };
                if path.contains("{path}") {
                    continue; // the second route `collection` itself registers
                }
                let methods = method_calls(rest);
                assert!(!methods.is_empty(), "{file}: no method found for {path}");
                let paths: Vec<String> = if path.contains("{base}") {
                    assert!(!bases.is_empty(), "{file}: {path} uses {{base}} and no loop names it");
                    bases.iter().map(|base| path.replace("{base}", base)).collect()
                } else {
                    vec![path.clone()]
                };
                for path in paths {
                    let path = path.replace("{{", "{").replace("}}", "}");
                    let mut forms = vec![path.clone()];
                    if pairs {
                        forms.push(format!("{path}/"));
                    }
                    for form in forms {
                        for method in &methods {
                            found.insert((method.clone(), form.clone()));
                        }
                    }
                }
            }
        }
    }
    found
}

fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src/http is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file is readable");
            out.push((path.display().to_string(), text));
        }
    }
    out
}

/// The string literals of a `for base in ["/a", "/b"]` loop, if the file has one.
fn loop_bases(text: &str) -> Vec<String> {
    let Some(at) = text.find("for base in [") else { return Vec::new() };
    let list = &text[at + "for base in [".len()..];
    let list = &list[..list.find(']').expect("the loop's list closes")];
    list.split(',')
        .filter_map(|item| Some(item.trim().strip_prefix('"')?.strip_suffix('"')?.to_owned()))
        .collect()
}

/// The text between a call's parentheses (the opening one already consumed).
fn call_arguments(text: &str) -> String {
    let mut depth = 1;
    for (index, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return text[..index].to_owned();
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced call: {}", &text[..text.len().min(80)]);
}

/// The path literal (plain, through `&format!("…")`, or the loop variable `base`) and the arguments after it; `None`
/// when the path is not a literal.
fn path_argument(args: &str, after_router: bool) -> Option<(String, &str)> {
    let args = if after_router { &args[top_level_comma(args)? + 1..] } else { args };
    let args = args.trim_start();
    // The loop variable itself: `collection(router, base, …)`.
    if let Some(rest) = args.strip_prefix("base,") {
        return Some(("{base}".to_owned(), rest));
    }
    let (formatted, args) = match args.strip_prefix("&format!(") {
        Some(inner) => (true, inner),
        None => (false, args),
    };
    let literal = args.strip_prefix('"')?;
    let end = literal.find('"')?;
    let mut rest = &literal[end + 1..];
    if formatted {
        rest = rest.trim_start().strip_prefix(')')?;
    }
    Some((literal[..end].to_owned(), &rest[top_level_comma(rest)? + 1..]))
}

fn top_level_comma(text: &str) -> Option<usize> {
    let mut depth = 0;
    for (index, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return Some(index),
            _ => {}
        }
    }
    None
}

/// `get(list).post(create)` → `["get", "post"]`: method-router calls at the top level only,
/// so a handler named like a method inside one is not counted.
fn method_calls(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut depth = 0;
    let mut word = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                if depth == 0 && METHODS.contains(&word.as_str()) {
                    found.push(word.clone());
                }
                depth += 1;
                word.clear();
            }
            ')' => {
                depth -= 1;
                word.clear();
            }
            c if c.is_alphanumeric() || c == '_' => word.push(c),
            _ => word.clear(),
        }
    }
    found
}

/// Every `(method, path)` of the document.
fn documented_routes(document: &Value) -> BTreeSet<Route> {
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths is an object") {
        for method in item.as_object().expect("a path item is an object").keys() {
            assert!(METHODS.contains(&method.as_str()), "{path}: unexpected key {method}");
            found.insert((method.clone(), path.clone()));
        }
    }
    found
}

/// A route with its trailing slash dropped: the document names one form of a pair.
fn one_form((method, path): &Route) -> Route {
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    (method.clone(), path.to_owned())
}

async fn served_document(server: &TestServer) -> Value {
    let response = server.http.get(server.url("/openapi.json")).send().await.unwrap();
    assert_eq!(response.status(), 200, "the document needs no key");
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_route_is_served() {
    let server = TestServer::start().await;
    let document = served_document(&server).await;
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["servers"][0]["url"], "/api/v2");

    let registered = registered_routes();
    assert!(registered.len() > 60, "the source reader found too few routes: {registered:?}");
    let documented = documented_routes(&document);
    let unserved: Vec<&Route> = documented.difference(&registered).collect();
    assert!(unserved.is_empty(), "documented but not registered: {unserved:#?}");
    let documented_forms: BTreeSet<Route> = documented.iter().map(one_form).collect();
    let undocumented: Vec<&Route> =
        registered.iter().filter(|route| !documented_forms.contains(&one_form(route))).collect();
    assert!(undocumented.is_empty(), "registered but not documented: {undocumented:#?}");
    server.stop().await;
}

#[tokio::test]
async fn every_documented_operation_reaches_a_handler() {
    let server = TestServer::start().await;
    let document = served_document(&server).await;
    for (method, path) in documented_routes(&document) {
        let concrete = path
            .split('/')
            .map(|segment| if segment.starts_with('{') { "1" } else { segment })
            .collect::<Vec<_>>()
            .join("/");
        // Both forms of a collection path are served (D2).
        let mut forms = vec![concrete.clone()];
        if let Some(bare) = concrete.strip_suffix('/') {
            forms.push(bare.to_owned());
        }
        for form in forms {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = server.request(method.clone(), &form).send().await.unwrap();
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert_ne!(status, 405, "{method} {form} is not routed");
            assert!(!body.contains("No route matches"), "{method} {form} is not routed: {body}");
        }
    }
    server.stop().await;
}

#[test]
fn the_source_reader_sees_loops_pairs_and_method_chains() {
    let routes = registered_routes();
    for route in [
        ("get", "/teammates/"),
        ("get", "/agents"),
        ("delete", "/agents/{id}/email-inbox"),
        ("patch", "/tasks/{id}"),
        ("post", "/tasks/{id}/runs/"),
        ("get", "/openapi.json"),
    ] {
        assert!(routes.contains(&(route.0.into(), route.1.into())), "{route:?} not found");
    }
    assert!(!routes.iter().any(|(_, path)| path.contains("{base}") || path.contains("{{")));
}

/// Every `$ref` of a JSON value, depth first.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push(target.clone());
            }
            map.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_holds_together() {
    let server = TestServer::start().await;
    let document = served_document(&server).await;
    let mut ids = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().expect("every operation has an id");
            assert!(ids.insert(id.to_owned()), "operationId {id} is used twice");
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2') || s.starts_with('3')),
                "{method} {path}: no success answer"
            );
            let named: Vec<&str> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            for segment in path.split('/').filter(|s| s.starts_with('{')) {
                let name = segment.trim_matches(|c| c == '{' || c == '}');
                assert!(named.contains(&name), "{method} {path}: {name} is not a parameter");
            }
            let secured = operation.get("security").is_none_or(|s| s != &serde_json::json!([]));
            // (An open route may answer 401 too: `/token` for a wrong password.)
            assert!(!secured || responses.contains_key("401"), "{method} {path}: no 401");
        }
    }
    for (path, item) in document["paths"].as_object().unwrap() {
        for operation in item.as_object().unwrap().values() {
            for response in operation["responses"].as_object().unwrap().values() {
                for link in response["links"].as_object().into_iter().flat_map(|l| l.values()) {
                    let target = link["operationId"].as_str().unwrap();
                    assert!(ids.contains(target), "{path}: a link to unknown {target}");
                }
            }
        }
    }
    let mut refs = Vec::new();
    references(&document, &mut refs);
    assert!(refs.len() > 100);
    for target in refs {
        let pointer = target.strip_prefix('#').expect("local references only");
        assert!(document.pointer(pointer).is_some(), "{target} does not resolve");
    }
    server.stop().await;
}
