//! JSON text written by hand: the same compact text as `serde_json::to_string`, byte for
//! byte, without serde's `Serializer`. `Value`'s own `Display` goes through serde's serializer
//! and an `io::Write` adapter whose error path formats a `String` with `{:?}`, which brings
//! core's whole `Debug` machinery (escapes, Unicode printability tables) into the npm wasm
//! (issue 9); this writer is a loop over the tree. With `js-floats` (the npm wasm) a float is
//! JS's `String(n)` instead (the same number read back, not always the same text).

use serde_json::{Number, Value};

use crate::types::JsonObject;

/// `value` as compact JSON text, as `serde_json::to_string` writes it.
pub fn to_text(value: &Value) -> String {
    let mut out = String::new();
    push_value(&mut out, value);
    out
}

/// An object's JSON text.
pub fn object_text(object: &JsonObject) -> String {
    let mut out = String::with_capacity(2);
    out.push('{');
    push_members(&mut out, object);
    out.push('}');
    out
}

/// Appends `value` as compact JSON text.
pub fn push_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => push_number(out, number),
        Value::String(text) => push_string(out, text),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                push_value(out, item);
            }
            out.push(']');
        }
        Value::Object(object) => {
            out.push('{');
            push_members(out, object);
            out.push('}');
        }
    }
}

/// Appends an object's members, `"key":value` separated by commas, without the braces (for
/// a writer that adds members of its own to the same object).
pub fn push_members(out: &mut String, object: &JsonObject) {
    for (index, (key, value)) in object.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        push_string(out, key);
        out.push(':');
        push_value(out, value);
    }
}

/// Integers in decimal; other numbers by `push_float`.
fn push_number(out: &mut String, number: &Number) {
    if let Some(n) = number.as_u64() {
        push_decimal(out, n);
    } else if let Some(n) = number.as_i64() {
        push_integer(out, n);
    } else {
        push_float(out, number);
    }
}

/// A float by `Number`'s `Display`, as serde_json's serializer writes it (the shortest text
/// that reads back as the same `f64`).
#[cfg(not(all(feature = "js-floats", target_family = "wasm")))]
fn push_float(out: &mut String, number: &Number) {
    out.push_str(&number.to_string());
}

/// A float by JS's `String(n)`: also the shortest text that reads back as the same number,
/// but JS's (`3` for `3.0`, `1e+21` for `1e21`). The npm wasm's JSON text is read by
/// `JSON.parse` or sent in a query, where both read the same; and the wasm leaves out
/// serde_json's float printer, its tables and the `core::fmt` it goes through (issue 9).
/// A `Number` is never NaN or infinite.
#[cfg(all(feature = "js-floats", target_family = "wasm"))]
fn push_float(out: &mut String, number: &Number) {
    let n = number.as_f64().unwrap_or_default();
    if let Ok(text) = js_sys::Number::from(n).to_string_with_radix(10) {
        out.push_str(&String::from(text));
    }
}

/// `n` in decimal, without `core::fmt` (whose integer printer and padding the npm wasm
/// otherwise carries for its few error texts).
pub fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `n` in decimal, with its sign.
pub fn push_integer(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_decimal(out, n.unsigned_abs());
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it: `"` and `\`, the five
/// short escapes, other control characters as `\u00xx`; everything else as it is.
pub fn push_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        // Every byte escaped is ASCII, so `plain..at` falls on character boundaries.
        out.push_str(text.get(plain..at).unwrap_or_default());
        plain = at + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(text.get(plain..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    #[test]
    fn writes_what_serde_json_writes() {
        let values = [
            json!(null),
            json!(true),
            json!([false, 0, -1, 18446744073709551615u64, -9223372036854775808i64]),
            json!([0.5, -1.25e-7, 1e300, 3.0, 123456.789]),
            json!("plain"),
            json!("\"quoted\" \\ back\nline\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f} café 東京 🙂"),
            json!({"b": {"nested": [1, {"x": null}]}, "a": "", "": []}),
            json!({}),
            json!([]),
        ];
        for value in values {
            assert_eq!(to_text(&value), serde_json::to_string(&value).unwrap());
        }
        let object = json!({"z": 1, "a": [2]});
        let Value::Object(object) = object else { unreachable!() };
        assert_eq!(object_text(&object), r#"{"a":[2],"z":1}"#);
    }

    /// Any JSON value: every scalar kind, any text (control characters included), nesting.
    fn any_value() -> impl Strategy<Value = Value> {
        let scalar = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[\\x00-\\x7f]{0,12}|\\PC{0,12}|\\p{Cc}{0,4}".prop_map(Value::String),
        ];
        scalar.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("\\PC{0,6}|[\"\\\\\\n]{0,2}", inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_is_written_as_serde_json_writes_it(value in any_value()) {
            prop_assert_eq!(to_text(&value), serde_json::to_string(&value).unwrap());
        }
    }
}
