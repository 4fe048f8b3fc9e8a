//! `Webhooks.verifySignature`, `.unwrap` and `.sign` (D10): synchronous, on protocol's one
//! signing function, so the receiver checks exactly what the server signs.

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use std::cell::RefCell;

use m8tes_protocol::webhook_signature::{self as signature, SignatureHeaders, WebhookKey};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert;
use super::errors::to_js;
use crate::error::ClientError;
use crate::platform;

/// The raw body: a string (as UTF-8), an `ArrayBuffer`, or any typed-array view.
fn body_bytes(body: &JsValue) -> Option<Vec<u8>> {
    if let Some(text) = body.as_string() {
        return Some(text.into_bytes());
    }
    if let Some(buffer) = body.dyn_ref::<ArrayBuffer>() {
        return Some(Uint8Array::new(buffer).to_vec());
    }
    if ArrayBuffer::is_view(body) {
        let get = |key: &str| Reflect::get(body, &key.into()).ok();
        let buffer = get("buffer")?;
        let offset = get("byteOffset")?.as_f64()? as u32;
        let length = get("byteLength")?.as_f64()? as u32;
        return Some(Uint8Array::new_with_byte_offset_and_length(&buffer, offset, length).to_vec());
    }
    None
}

fn now_unix() -> i64 {
    (platform::now_ms() / 1000.0).floor() as i64
}

/// The replay window: absent (`undefined` or `null`) is `Ok(None)`, the caller's default; a
/// finite number of seconds ≥ 0 is the window. Anything else is `Err`: a window the caller
/// asked for but could not get must not quietly become no window at all.
fn tolerance(value: &JsValue) -> Result<Option<u64>, ()> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(t) if t.is_finite() && t >= 0.0 => Ok(Some(t as u64)),
        _ => Err(()),
    }
}

thread_local! {
    /// The last secret's key: a receiver checks every delivery with the same secret, so its
    /// HMAC key blocks are hashed once, not once per call.
    static LAST_KEY: RefCell<Option<(String, WebhookKey)>> = const { RefCell::new(None) };
}

fn with_key<T>(secret: &str, use_key: impl FnOnce(&WebhookKey) -> T) -> T {
    LAST_KEY.with(|cell| {
        let mut last = cell.borrow_mut();
        match &*last {
            Some((cached, key)) if cached == secret => use_key(key),
            _ => {
                let key = WebhookKey::new(secret);
                let out = use_key(&key);
                *last = Some((secret.to_owned(), key));
                out
            }
        }
    })
}

thread_local! {
    /// Where JS writes a body to verify (`webhookBodyBuffer`), so a string's UTF-8 is encoded
    /// straight into wasm memory in one pass, not encoded and then copied in.
    static BODY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A buffer this large is let go after its check, not kept for the next delivery.
const KEPT_BODY_BYTES: usize = 1 << 20;

/// The address of room for `capacity` bytes of body in wasm memory, valid until the next
/// call into the wasm; JS writes the body there and calls `webhookVerifyBuffered`.
#[wasm_bindgen(js_name = webhookBodyBuffer)]
pub fn body_buffer(capacity: usize) -> *mut u8 {
    BODY.with(|body| {
        let mut body = body.borrow_mut();
        if body.len() < capacity {
            body.resize(capacity, 0);
        }
        body.as_mut_ptr()
    })
}

/// The wasm's memory, for JS to write a body into.
#[wasm_bindgen(js_name = webhookMemory)]
pub fn memory() -> JsValue {
    wasm_bindgen::memory()
}

/// [`verify_bytes`] on the first `length` bytes JS wrote into `webhookBodyBuffer`'s room.
#[wasm_bindgen(js_name = webhookVerifyBuffered)]
pub fn verify_buffered(
    length: usize,
    id: &str,
    timestamp: &str,
    signature: &str,
    secret: &str,
    tolerance_seconds: JsValue,
) -> bool {
    BODY.with(|cell| {
        let mut body = cell.borrow_mut();
        let authentic = body.get(..length).is_some_and(|bytes| {
            verify_bytes(bytes, id, timestamp, signature, secret, tolerance_seconds)
        });
        if body.len() > KEPT_BODY_BYTES {
            *body = Vec::new();
        }
        authentic
    })
}

/// `true` only for an authentic delivery. JS has picked the three headers out (empty when
/// missing), made the body bytes and checked that every other argument is a string.
fn verify_bytes(
    body: &[u8],
    id: &str,
    timestamp: &str,
    signature: &str,
    secret: &str,
    tolerance_seconds: JsValue,
) -> bool {
    // An empty secret would let anyone sign; a bad window would check no window at all.
    let Ok(tolerance) = tolerance(&tolerance_seconds) else { return false };
    if secret.is_empty() {
        return false;
    }
    let found =
        SignatureHeaders { id: Some(id), timestamp: Some(timestamp), signature: Some(signature) };
    // The clock is read only when there is a window to check.
    let now = if tolerance.is_some() { now_unix() } else { 0 };
    with_key(secret, |key| signature::verify_signature_with(&found, body, key, tolerance, now))
}

/// The strict check; returns the body text for `JSON.parse`, or throws
/// WebhookVerificationError with its `reason`.
#[wasm_bindgen(js_name = webhookUnwrap)]
pub fn unwrap(
    body: JsValue,
    headers: JsValue,
    secret: JsValue,
    tolerance_seconds: JsValue,
) -> Result<String, JsValue> {
    let refuse = |failure: signature::VerificationFailure| {
        to_js(ClientError::WebhookVerification {
            reason: failure.as_str(),
            message: failure.to_string(),
        })
    };
    let secret = secret.as_string().filter(|secret| !secret.is_empty()).ok_or_else(|| {
        to_js(ClientError::invalid("the webhook secret must be a non-empty string"))
    })?;
    let tolerance = tolerance(&tolerance_seconds).map_err(|()| {
        to_js(ClientError::invalid("toleranceSeconds must be a finite number of seconds ≥ 0"))
    })?;
    let body =
        body_bytes(&body).ok_or_else(|| refuse(signature::VerificationFailure::InvalidBody))?;
    let pairs = convert::header_pairs(&headers);
    let found = SignatureHeaders::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    with_key(&secret, |key| {
        signature::check_delivery_with(&found, &body, key, tolerance, now_unix())
    })
    .map_err(refuse)?;
    // An event body (D11) is an object naming its event; the full typed parse
    // (`webhook_signature::unwrap`) would cost a Run deserializer in the wasm for one check.
    // Read as text first: invalid UTF-8 is refused either way, and `from_str` is the JSON
    // reader the wasm has already.
    let text =
        String::from_utf8(body).map_err(|_| refuse(signature::VerificationFailure::InvalidBody))?;
    let is_event = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(event)) => {
            event.get("event").is_some_and(serde_json::Value::is_string)
        }
        _ => false,
    };
    if !is_event {
        return Err(refuse(signature::VerificationFailure::InvalidBody));
    }
    Ok(text)
}

/// The three headers of a delivery of `body`, signed with `secret`. Every argument is a
/// `JsValue`: a `&str` parameter given a non-string from JS would corrupt wasm memory.
#[wasm_bindgen(js_name = webhookSign)]
pub fn sign(
    body: JsValue,
    secret: JsValue,
    id: JsValue,
    timestamp: JsValue,
) -> Result<Object, JsValue> {
    let invalid = |message: &str| to_js(ClientError::invalid(message));
    let body = body_bytes(&body)
        .ok_or_else(|| invalid("body must be a string, ArrayBuffer or Uint8Array"))?;
    let secret =
        secret.as_string().ok_or_else(|| invalid("the webhook secret must be a string"))?;
    let id = match id.as_string() {
        Some(id) => id,
        None if id.is_undefined() || id.is_null() => {
            "msg_".to_owned() + &platform::uuid_v4().replace('-', "")
        }
        None => return Err(invalid("id must be a string")),
    };
    let timestamp = match timestamp.as_f64() {
        Some(seconds) if seconds.is_finite() => (seconds.floor() as i64).to_string(),
        Some(_) => return Err(invalid("timestamp must be a finite number of seconds")),
        None => match timestamp.as_string() {
            Some(text) => text,
            None if timestamp.is_undefined() || timestamp.is_null() => now_unix().to_string(),
            None => return Err(invalid("timestamp must be a number of seconds")),
        },
    };
    let value = signature::sign(&secret, &id, &timestamp, &body);
    let headers = Object::new();
    for (name, value) in
        [("Webhook-Id", id), ("Webhook-Timestamp", timestamp), ("Webhook-Signature", value)]
    {
        let _ = Reflect::set(&headers, &name.into(), &value.into());
    }
    Ok(headers)
}
