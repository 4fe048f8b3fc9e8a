//! Structured output (wire.md §10.7): the `output_schema` a run is created with, checked, and
//! the `output_data` the simulated agent answers it with — every property filled with a value
//! of its type, the same for the same schema and output.

use serde_json::{Map, Value};

/// How deep a schema may nest; deeper is refused rather than walked.
const MAX_DEPTH: usize = 32;

/// Checks a schema the way SDK 4.49 documents it: a JSON Schema object of `"type": "object"`,
/// definitions inlined (`$ref`/`$defs` are refused).
pub fn check_schema(schema: &Value) -> Result<(), String> {
    let Some(object) = schema.as_object() else {
        return Err("output_schema must be a JSON Schema object".into());
    };
    if object.get("type").and_then(Value::as_str) != Some("object") {
        return Err("output_schema must have \"type\": \"object\"".into());
    }
    check_node(schema, 0)
}

fn check_node(node: &Value, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("output_schema nests deeper than {MAX_DEPTH} levels"));
    }
    match node {
        Value::Object(map) => {
            for key in ["$ref", "$defs", "definitions"] {
                if map.contains_key(key) {
                    return Err(format!(
                        "output_schema uses {key:?}; inline the definitions instead"
                    ));
                }
            }
            map.values().try_for_each(|child| check_node(child, depth + 1))
        }
        Value::Array(items) => items.iter().try_for_each(|child| check_node(child, depth + 1)),
        _ => Ok(()),
    }
}

/// The data a turn that wrote `output` answers `schema` with.
pub fn produce(schema: &Value, output: &str) -> Value {
    let summary = output.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or("");
    let summary: String = summary.chars().take(200).collect();
    value_of(schema, &summary, 0)
}

fn value_of(schema: &Value, text: &str, depth: usize) -> Value {
    let Some(schema) = schema.as_object().filter(|_| depth <= MAX_DEPTH) else {
        return Value::Null;
    };
    if let Some(constant) = schema.get("const") {
        return constant.clone();
    }
    if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
        return first.clone();
    }
    let kind = match schema.get("type") {
        Some(Value::String(kind)) => kind.as_str(),
        // `["string", "null"]`: the first type that is not null.
        Some(Value::Array(kinds)) => {
            kinds.iter().filter_map(Value::as_str).find(|k| *k != "null").unwrap_or("null")
        }
        _ if schema.contains_key("properties") => "object",
        _ => "null",
    };
    let minimum = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0).max(0.0);
    match kind {
        "object" => {
            let mut object = Map::new();
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (name, property) in properties {
                    object.insert(name.clone(), value_of(property, text, depth + 1));
                }
            }
            Value::Object(object)
        }
        "array" => match schema.get("items") {
            Some(items) => Value::Array(vec![value_of(items, text, depth + 1)]),
            None => Value::Array(Vec::new()),
        },
        "string" => Value::from(text),
        "integer" => Value::from(minimum.ceil() as i64),
        "number" => Value::from(minimum),
        "boolean" => Value::Bool(true),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_property_gets_a_value_of_its_type() {
        let schema = json!({"type": "object", "properties": {
            "title": {"type": "string"}, "count": {"type": "integer", "minimum": 2},
            "score": {"type": "number"}, "ok": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "level": {"enum": ["low", "high"]}, "note": {"type": ["null", "string"]},
            "owner": {"type": "object", "properties": {"name": {"type": "string"}}}}});
        let data = produce(&schema, "\n  First line.\nSecond.");
        assert_eq!(
            data,
            json!({"title": "First line.", "count": 2, "score": 0.0, "ok": true,
                   "tags": ["First line."], "level": "low", "note": "First line.",
                   "owner": {"name": "First line."}})
        );
    }

    #[test]
    fn only_inline_object_schemas_are_taken() {
        assert!(check_schema(&json!({"type": "object"})).is_ok());
        assert!(check_schema(&json!({"type": "array"})).is_err());
        assert!(check_schema(&json!("object")).is_err());
        let with_ref = json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/a"}}});
        assert!(check_schema(&with_ref).unwrap_err().contains("$ref"));
        let mut deep = json!({"type": "string"});
        for _ in 0..40 {
            deep = json!({"type": "object", "properties": {"a": deep}});
        }
        assert!(check_schema(&deep).unwrap_err().contains("deeper"));
    }
}
