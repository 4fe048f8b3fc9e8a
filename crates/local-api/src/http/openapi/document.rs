//! The OpenAPI 3.1 document, assembled from the operation table (`table.rs`) and the wire
//! types' JSON Schemas.
//!
//! Response bodies use the types' serialize contract (what the server writes: every field it
//! always sends is required); request bodies and query parameters the deserialize contract
//! (what it accepts: fields with a default may be left out).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use m8tes_protocol::error::ErrorEnvelope;
use m8tes_protocol::types::Run;
use schemars::generate::{Contract, SchemaSettings};
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

use super::operation::{json as schema_of, Access, Answer, Body, Operation, Query};
use super::table::operations;
use crate::http::idempotency::MAX_KEY_LEN;

const SCHEMAS: &str = "/components/schemas";

/// The error statuses an operation may answer, named as `components.responses` holds them.
const ERRORS: &[(u16, &str, &str)] = &[
    (400, "BadRequest", "The request body could not be read"),
    (401, "Unauthorized", "The API key is missing, malformed or unknown"),
    (403, "Forbidden", "The sender is not allowed"),
    (404, "NotFound", "No such object for this account (or end user)"),
    (409, "Conflict", "The object's state does not allow this (the error_code says why)"),
    (413, "PayloadTooLarge", "The body is over the 2 MiB limit"),
    (422, "ValidationError", "A parameter, header or body is invalid, or a query key unknown"),
    (429, "TooManyRequests", "A rate, login or live-run limit; retry after Retry-After seconds"),
    (503, "ServiceUnavailable", "The server is stopping"),
];

fn generator(contract: Contract) -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .with(|settings| {
            settings.definitions_path = SCHEMAS.into();
            settings.meta_schema = None;
            settings.contract = contract;
        })
        .into_generator()
}

/// The whole document.
pub fn document() -> Value {
    let mut requests = generator(Contract::Deserialize);
    let mut responses = generator(Contract::Serialize);
    let envelope = schema_of::<ErrorEnvelope>(&mut responses);

    let mut paths = Map::new();
    for operation in operations() {
        let item = describe(&operation, &mut requests, &mut responses);
        let path_item = paths.entry(operation.path.clone()).or_insert_with(|| json!({}));
        path_item[operation.method.as_str()] = item;
    }
    super::links::add(&mut paths);

    let mut schemas = responses.take_definitions(true);
    for (name, schema) in requests.take_definitions(true) {
        // A type both read and written has one name; its two contracts must then agree, or
        // the document would describe one of them wrongly.
        match schemas.get(&name) {
            Some(existing) if *existing != schema => {
                tracing::error!("openapi: {name} differs between requests and responses");
                schemas.insert(format!("{name}Input"), schema);
            }
            _ => {
                schemas.insert(name, schema);
            }
        }
    }
    let error_responses: Map<String, Value> = ERRORS
        .iter()
        .map(|&(status, name, description)| {
            let mut headers = json!({ "X-Request-Id": request_id_header() });
            if status == 429 {
                headers["Retry-After"] = json!({
                    "description": "Seconds to wait before retrying",
                    "schema": { "type": "string" }
                });
            }
            let response = json!({
                "description": description,
                "headers": headers,
                "content": { "application/json": { "schema": envelope.clone() } }
            });
            (name.to_owned(), response)
        })
        .collect();

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "m8tes-local",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The m8tes v2 API as m8tes-local serves it. Collection paths are \
                written with the trailing slash clients send; each is also served without it \
                (never redirected). `/agents` is the same resource as `/teammates`. Every \
                answer carries `X-Request-Id`; every error is the envelope \
                `{\"error\": {type, message, code, request_id, error_code?, details?}}`."
        },
        "servers": [{ "url": "/api/v2" }],
        "security": [{ "bearer": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": error_responses,
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "An API key, `m8_…`" }
            }
        }
    })
}

fn request_id_header() -> Value {
    json!({ "description": "The request's id, also in an error's body", "required": true, "schema": { "type": "string" } })
}

/// One operation object.
fn describe(
    operation: &Operation,
    requests: &mut SchemaGenerator,
    responses: &mut SchemaGenerator,
) -> Value {
    let mut parameters: Vec<Value> = operation
        .path_parameters()
        .into_iter()
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": path_parameter(name) }))
        .collect();
    if let Query::Params(params) = operation.query {
        let schema = params(requests).to_value();
        parameters.extend(query_parameters(&schema));
    }
    if operation.idempotent {
        parameters.push(json!({
            "name": "Idempotency-Key",
            "in": "header",
            "description": "The same key with the same request answers the run it made (D6)",
            "schema": { "type": "string", "minLength": 1, "maxLength": MAX_KEY_LEN }
        }));
    }

    let mut item = json!({
        "operationId": operation.id,
        "summary": operation.summary,
        "tags": [tag(&operation.path)],
    });
    if !parameters.is_empty() {
        item["parameters"] = Value::Array(parameters);
    }
    match operation.body {
        Body::None => {}
        Body::Json(schema) => {
            item["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": schema(requests) } }
            });
        }
        Body::Raw => {
            item["requestBody"] = json!({
                "content": {
                    "application/json": { "schema": {} },
                    "application/octet-stream": { "schema": { "type": "string", "format": "binary" } }
                }
            });
        }
        Body::Multipart => {
            item["requestBody"] = json!({
                "required": true,
                "content": { "multipart/form-data": { "schema": {
                    "type": "object",
                    "properties": {
                        "payload": { "type": "string", "description": "The run's JSON body" },
                        "files": { "type": "array", "items": { "type": "string", "format": "binary" } }
                    },
                    "required": ["payload"]
                } } }
            });
        }
    }
    if operation.access == Access::Open {
        item["security"] = json!([]);
    }
    let answers: Map<String, Value> = statuses(operation)
        .into_iter()
        .map(|(status, answer)| (status.to_string(), response(status, answer, responses)))
        .collect();
    item["responses"] = Value::Object(answers);
    item
}

/// What the operation answers: its table entries, and the errors its shape implies.
fn statuses(operation: &Operation) -> BTreeMap<u16, Answer> {
    let mut implied = Vec::new();
    let has_path_parameters = !operation.path_parameters().is_empty();
    if operation.access == Access::Key {
        implied.extend([401, 429]);
    }
    if has_path_parameters {
        implied.push(404);
    }
    let reads_query = !matches!(operation.query, Query::Ignored);
    if has_path_parameters
        || reads_query
        || matches!(operation.body, Body::Json(_) | Body::Multipart)
        || operation.idempotent
    {
        implied.push(422);
    }
    match operation.body {
        Body::None => {}
        Body::Json(_) => implied.push(413),
        Body::Raw => implied.extend([400, 413]),
        Body::Multipart => implied.push(413),
    }
    let mut all = BTreeMap::new();
    for &(status, answer) in &operation.answers {
        all.entry(status).or_insert(answer);
    }
    for status in implied {
        all.entry(status).or_insert(Answer::Error);
    }
    all
}

fn response(status: u16, answer: Answer, responses: &mut SchemaGenerator) -> Value {
    let description =
        StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Answer");
    let text = json!({ "type": "string" });
    // Each event of a stream, as schemathesis and other tools read one: `data` holds the
    // event's JSON (wire.md §4) or `[DONE]`.
    let event = json!({
        "type": "object",
        "properties": {
            "data": { "type": "string" },
            "event": { "type": "string" },
            "id": { "type": "string" },
            "retry": { "type": "integer" }
        },
        "required": ["data"]
    });
    match answer {
        Answer::Json(schema) => {
            json!({ "description": description, "content": { "application/json": { "schema": schema(responses) } } })
        }
        Answer::Empty => json!({ "description": description }),
        Answer::RunOrStream => json!({
            "description": "The run as JSON, or its event stream when the body asked `stream: true`",
            "content": {
                "application/json": { "schema": schema_of::<Run>(responses) },
                "text/event-stream": { "schema": event }
            }
        }),
        Answer::Stream => {
            json!({ "description": "The run's events as server-sent events", "content": { "text/event-stream": { "schema": event } } })
        }
        Answer::Html => {
            json!({ "description": description, "content": { "text/html": { "schema": text } } })
        }
        Answer::Redirect => json!({
            "description": "Back to the redirect URI, with connection_id and status",
            "headers": { "Location": { "required": true, "schema": { "type": "string" } } }
        }),
        Answer::File => json!({
            "description": "The file's bytes, in the type it was written with",
            "content": { "*/*": { "schema": { "type": "string", "format": "binary" } } }
        }),
        Answer::Error => {
            let name =
                ERRORS.iter().find(|(s, _, _)| *s == status).map_or("ValidationError", |e| e.1);
            json!({ "$ref": format!("#/components/responses/{name}") })
        }
    }
}

/// A path parameter's schema: `{id}` is an integer; names, tokens and the other keys
/// (`trigger_id` may be `webhook`, `lesson_id` is a string) are strings.
fn path_parameter(name: &str) -> Value {
    if name == "id" {
        json!({ "type": "integer", "format": "int64" })
    } else {
        json!({ "type": "string" })
    }
}

/// The first part of the path, as the operation's tag: `/tasks/{id}/runs` → `tasks`.
fn tag(path: &str) -> &str {
    path.trim_start_matches('/').split('/').next().unwrap_or_default()
}

/// One query parameter per property of a params type. A query value is never JSON `null`:
/// an optional key is simply left out.
fn query_parameters(schema: &Value) -> Vec<Value> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, property)| {
            json!({
                "name": name,
                "in": "query",
                "required": required.contains(&name.as_str()),
                "schema": without_null(property.clone())
            })
        })
        .collect()
}

fn without_null(mut schema: Value) -> Value {
    if let Some(types) = schema.get_mut("type").and_then(Value::as_array_mut) {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            schema["type"] = types[0].clone();
        }
    }
    schema
}
