//! Reading the JS caller's arguments: options objects, ids and header maps.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::ClientError;
use crate::options::{ClientOptions, RequestOptions};

fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    Reflect::get(object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// A number option; `NaN` counts as not given, so it takes the default rather than turning a
/// timeout or deadline off (every comparison with `NaN` is false).
fn number(object: &JsValue, key: &str) -> Option<f64> {
    field(object, key)?.as_f64().filter(|n| !n.is_nan())
}

/// `new M8tes({apiKey, baseUrl, timeout, maxRetries, fetch, defaultHeaders})`.
pub fn client_options(options: &JsValue) -> ClientOptions {
    ClientOptions {
        api_key: field(options, "apiKey").and_then(|v| v.as_string()),
        base_url: field(options, "baseUrl").and_then(|v| v.as_string()),
        timeout_ms: number(options, "timeout"),
        max_retries: number(options, "maxRetries").map(|n| n.max(0.0) as u32),
        fetch: field(options, "fetch").and_then(|v| v.dyn_into::<Function>().ok()),
        default_headers: field(options, "defaultHeaders")
            .map(|h| header_pairs(&h))
            .unwrap_or_default(),
    }
}

/// The last argument of every method: `{signal, timeout, maxRetries, headers, idempotencyKey}`.
pub fn request_options(options: &JsValue) -> RequestOptions {
    RequestOptions {
        signal: field(options, "signal").map(JsCast::unchecked_into),
        timeout_ms: number(options, "timeout"),
        max_retries: number(options, "maxRetries").map(|n| n.max(0.0) as u32),
        headers: field(options, "headers").map(|h| header_pairs(&h)).unwrap_or_default(),
        idempotency_key: field(options, "idempotencyKey").and_then(|v| v.as_string()),
    }
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
    values.iter().map(|v| id(&v)).collect()
}

/// A JS callback, if one was given under `key`.
pub fn callback(options: &JsValue, key: &str) -> Option<Function> {
    field(options, key).and_then(|v| v.dyn_into().ok())
}

pub fn flag(options: &JsValue, key: &str) -> bool {
    field(options, key).is_some_and(|v| v.is_truthy())
}

pub fn millis(options: &JsValue, key: &str) -> Option<f64> {
    number(options, key)
}
