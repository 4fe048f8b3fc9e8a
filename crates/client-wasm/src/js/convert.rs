//! Reading the JS caller's arguments: path ids.

use m8tes_protocol::json_text;
use wasm_bindgen::prelude::*;

use crate::error::ClientError;

/// A path id: a string, or a number that is an integer (D4 refuses `null` and the rest).
pub fn id(value: &JsValue) -> Result<String, ClientError> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
            // By hand: `to_string` brings core's integer printer and its digit table.
            let mut text = String::new();
            json_text::push_integer(&mut text, n as i64);
            Ok(text)
        }
        _ => {
            Err(ClientError::invalid("invalid path segment: an id must be a string or an integer"))
        }
    }
}

pub fn ids(values: &js_sys::Array) -> Result<Vec<String>, ClientError> {
    // A plain loop: `collect` into a `Result` costs the npm wasm an adapter of its own.
    let mut ids = Vec::with_capacity(values.length() as usize);
    for index in 0..values.length() {
        ids.push(id(&values.get(index))?);
    }
    Ok(ids)
}
