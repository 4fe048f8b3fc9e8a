//! JSON shown to a person (tool arguments and results, output data): indented two spaces,
//! exactly as `serde_json::to_string_pretty` writes it. Written over the compact writer the
//! console already carries, so the pretty serializer is not compiled in (the wasm has a size
//! budget).

use serde_json::Value;

/// `value` as indented JSON text.
pub fn indented(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, &mut out);
    out
}

fn write(value: &Value, depth: usize, out: &mut String) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                next_line(i > 0, depth + 1, out);
                write(item, depth + 1, out);
            }
            next_line(false, depth, out);
            out.push(']');
        }
        Value::Object(fields) if !fields.is_empty() => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                next_line(i > 0, depth + 1, out);
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push_str(": ");
                write(item, depth + 1, out);
            }
            next_line(false, depth, out);
            out.push('}');
        }
        // Scalars and empty collections read the same compact or indented.
        other => out.push_str(&other.to_string()),
    }
}

/// Ends the line (with a comma after an item that has a successor) and indents the next.
fn next_line(comma: bool, depth: usize, out: &mut String) {
    if comma {
        out.push(',');
    }
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::indented;
    use serde_json::json;

    #[test]
    fn writes_what_serde_json_writes_pretty() {
        let values = [
            json!(null),
            json!("a \"quoted\"\nline"),
            json!(1.5),
            json!([]),
            json!({}),
            json!([1, [2, []], {"k": {}}]),
            json!({"to": "ops@example.com", "count": 3, "tags": ["a", "b"], "nested": {"deep": [true, null]}, "é \u{1}": -7}),
        ];
        for value in values {
            assert_eq!(indented(&value), serde_json::to_string_pretty(&value).unwrap());
        }
    }
}
