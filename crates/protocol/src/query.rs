//! Query strings as the SDK sends them: `application/x-www-form-urlencoded`, space as `+`
//! (wire.md §1, Python's `quote_plus`). Parameters that are `None` are never sent, and no
//! parameter the contract does not name is ever added (the server answers 422 to those).

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use crate::json_text;
use crate::segment::push_percent;
use crate::types::JsonObject;

/// Encodes a list-parameters struct (`RunListParams`, …) as `?a=1&b=x`, or `""` when empty.
/// Keys come out sorted (serde_json's map order), which keeps requests byte-stable for tests;
/// `None` fields are skipped by their serde attributes.
pub fn to_query_string<T: Serialize>(params: &T) -> String {
    match serde_json::to_value(params) {
        Ok(Value::Object(map)) => object_to_query_string(&map),
        _ => String::new(),
    }
}

/// The same for parameters already read as a JSON object (the JS API's): read as they are,
/// without going through serde's `Serialize` into a `Value` again, which would put a second
/// JSON writer into the npm wasm.
pub fn object_to_query_string(map: &JsonObject) -> String {
    let mut out = String::new();
    for (key, value) in map {
        let text = match value {
            Value::Null => continue,
            Value::String(s) => Cow::Borrowed(s.as_str()),
            other => Cow::Owned(json_text::to_text(other)),
        };
        out.push(if out.is_empty() { '?' } else { '&' });
        encode_component(&mut out, key);
        out.push('=');
        encode_component(&mut out, &text);
    }
    out
}

fn encode_component(out: &mut String, text: &str) {
    for &byte in text.as_bytes() {
        match byte {
            b' ' => out.push('+'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => push_percent(out, byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{RunListParams, UserScopedListParams};

    #[test]
    fn empty_params_give_no_query() {
        assert_eq!(to_query_string(&RunListParams::default()), "");
    }

    #[test]
    fn values_are_form_encoded_in_key_order() {
        let params = RunListParams {
            teammate_id: Some(7),
            user_id: Some("ann bjørk&co".into()),
            status: None,
            limit: Some(50),
            starting_after: Some(12),
        };
        assert_eq!(
            to_query_string(&params),
            "?limit=50&starting_after=12&teammate_id=7&user_id=ann+bj%C3%B8rk%26co"
        );
    }

    #[test]
    fn required_user_id_is_always_sent() {
        let params = UserScopedListParams { user_id: "u1".into(), ..Default::default() };
        assert_eq!(to_query_string(&params), "?user_id=u1");
    }
}
