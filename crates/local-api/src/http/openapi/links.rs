//! OpenAPI links from each create operation to the operations on what it created, so a tool
//! (schemathesis' stateful phase, an API console) can follow an object from its creation:
//! `POST /teammates/` answers a teammate whose `id` fills `{id}` of `GET /teammates/{id}`,
//! `POST /teammates/{id}/webhook` and the rest. Derived from the paths alone: a `POST` on a
//! collection `P/` links to every operation under `P/{param}`.

use serde_json::{json, Map, Value};

/// Adds the links to the document's `paths` in place.
pub fn add(paths: &mut Map<String, Value>) {
    let targets: Vec<(String, Value)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().into_iter().flatten().map(move |(_, op)| (path.clone(), op.clone()))
        })
        .collect();
    for (collection, item) in paths.iter_mut() {
        if !collection.ends_with('/') {
            continue;
        }
        let Some(create) = item.get_mut("post") else { continue };
        let mut links = Map::new();
        for (path, target) in &targets {
            let Some(rest) = path.strip_prefix(collection.as_str()) else { continue };
            let Some(new_parameter) = rest.strip_prefix('{').and_then(|r| r.split('}').next())
            else {
                continue;
            };
            let Some(parameters) = link_parameters(target, collection, new_parameter) else {
                continue;
            };
            if let Some(id) = target["operationId"].as_str() {
                links.insert(id.to_owned(), json!({ "operationId": id, "parameters": parameters }));
            }
        }
        if links.is_empty() {
            continue;
        }
        let Some(responses) = create["responses"].as_object_mut() else { continue };
        for (status, response) in responses.iter_mut() {
            let created =
                status.starts_with('2') && response.pointer("/content/application~1json").is_some();
            if created {
                response["links"] = Value::Object(links.clone());
            }
        }
    }
}

/// Where each path parameter of `target`, and its required `user_id` query, comes from: the
/// new object's field (`id`, or `user_id` for an end user), or the creating request's path;
/// `None` when one has no source (`/tasks/{id}/triggers/{trigger_id}` from `POST /tasks/`).
fn link_parameters(
    target: &Value,
    collection: &str,
    new_parameter: &str,
) -> Option<Map<String, Value>> {
    let mut from = Map::new();
    for parameter in target["parameters"].as_array().into_iter().flatten() {
        let (Some(name), Some(place)) = (parameter["name"].as_str(), parameter["in"].as_str())
        else {
            continue;
        };
        let source = match place {
            "path" if name == new_parameter => {
                let field = if name == "user_id" { "user_id" } else { "id" };
                format!("$response.body#/{field}")
            }
            "path" if collection.contains(&format!("{{{name}}}")) => {
                format!("$request.path.{name}")
            }
            "path" => return None,
            "query" if name == "user_id" && parameter["required"] == true => {
                "$response.body#/user_id".to_owned()
            }
            _ => continue,
        };
        from.insert(format!("{place}.{name}"), Value::String(source));
    }
    Some(from)
}
