//! Reading the JS caller's arguments: path ids and header maps.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::ClientError;

/// A path id: a string, or a number that is an integer (D4 refuses `null` and the rest).
pub fn id(value: &JsValue) -> Result<String, ClientError> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
            Ok((n as i64).to_string())
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

/// Name/value pairs from a `Headers`, an array of pairs or a plain object. Header values are
/// strings; any other entry (a number, `null`, a lone name) is skipped rather than formatted.
pub fn header_pairs(headers: &JsValue) -> Vec<(String, String)> {
    if !headers.is_object() {
        return Vec::new();
    }
    let iterable =
        Reflect::get(headers, &js_sys::Symbol::iterator()).ok().is_some_and(|f| f.is_function());
    if iterable {
        return match js_sys::try_iter(headers) {
            Ok(Some(entries)) => entries.flatten().filter_map(|entry| pair(&entry)).collect(),
            _ => Vec::new(),
        };
    }
    match headers.dyn_ref::<Object>() {
        Some(object) => Object::entries(object).iter().filter_map(|entry| pair(&entry)).collect(),
        None => Vec::new(),
    }
}

/// A `[name, value]` entry; indexing anything but an object would throw a TypeError.
fn pair(entry: &JsValue) -> Option<(String, String)> {
    if !entry.is_object() {
        return None;
    }
    let entry: &js_sys::Array = entry.unchecked_ref();
    Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
}
