//! The pure steps of a call, asked for by the package's JS transport (`npm/src/transport.js`),
//! which does the fetching, the waiting and the reading: what to send for a method (the
//! endpoint table, D23), whether and when to retry (D5), what a failed response means (D7),
//! and where the next page starts (wire.md §9.8). One implementation with the Rust API's.

use js_sys::{Array, Object, Reflect};
use m8tes_protocol::error::ApiErrorInfo;
use m8tes_protocol::retry::{retry_after_ms, retry_delay_ms, AttemptFailure, RetryRequest};
use m8tes_protocol::types::Cursor;
use wasm_bindgen::prelude::*;

use super::convert;
use super::errors::to_js;
use crate::endpoint::{Endpoint, Params};
use crate::error::{ApiFailure, ClientError};
use crate::pages;

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object we created cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn endpoint(op: &str) -> Result<Endpoint, JsValue> {
    Endpoint::from_name(op).ok_or_else(|| to_js(ClientError::invalid("unknown method")))
}

/// The request the method named `op` (`"runs.get"`) sends for path `ids` and JSON `params`,
/// checked before anything is sent: `{method, path, body, runCreating, answer}`, `path`
/// base-relative with its query, `body` JSON text or undefined, `answer` how to read a 2xx
/// body (`"json"`, `"empty"`, `"bytes"`, `"page"`, `"items"`, `"events"`). Throws
/// ValidationError for a bad id (D4) or parameters that are not an object.
#[wasm_bindgen(js_name = prepareCall)]
pub fn prepare_call(op: &str, ids: Array, params: Option<String>) -> Result<Object, JsValue> {
    let endpoint = endpoint(op)?;
    let ids = convert::ids(&ids).map_err(to_js)?;
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let Params { body, query } = endpoint.params_from_json(params.as_deref()).map_err(to_js)?;
    let out = endpoint.outgoing(&ids, body, &query).map_err(to_js)?;
    let call = Object::new();
    set(&call, "method", &out.method.into());
    set(&call, "path", &out.path.into());
    set(&call, "body", &out.body.map_or(JsValue::UNDEFINED, JsValue::from));
    set(&call, "runCreating", &out.run_creating.into());
    set(&call, "answer", &endpoint.answer().name().into());
    Ok(call)
}

/// The milliseconds to wait before sending again after a failed attempt, or undefined to give
/// up (D5): `runCreating` is `prepareCall`'s, `status` the answer's (0: no answer, a network
/// failure or timeout), `retriesDone` the retries already made.
#[wasm_bindgen(js_name = retryDelay)]
pub fn retry_delay(
    method: &str,
    run_creating: bool,
    has_idempotency_key: bool,
    status: u16,
    retry_after: Option<String>,
    retries_done: f64,
    max_retries: f64,
) -> Option<f64> {
    let request = RetryRequest { method, run_creating, has_idempotency_key };
    let failure = match status {
        0 => AttemptFailure::Network,
        status => AttemptFailure::Status { status, retry_after: retry_after.as_deref() },
    };
    // `as` saturates: Infinity retries is u32::MAX, NaN is 0.
    let delay = retry_delay_ms(
        request,
        failure,
        retries_done as u32,
        max_retries as u32,
        js_sys::Math::random(),
        js_sys::Date::now() as u64,
    );
    delay.map(|ms| ms as f64)
}

/// The typed error of a non-2xx answer (D7): its class by status, its fields read from any
/// body shape (envelope, `{"detail"}`, HTML, empty), `retryAfter` in seconds; `body` is the
/// answer's text (`Response.text()`). Its `headers` are `{}`: JS sets the answer's own.
#[wasm_bindgen(js_name = apiError)]
pub fn api_error(
    method: String,
    path: String,
    status: u16,
    body: &str,
    request_id: Option<String>,
    retry_after: Option<String>,
) -> JsValue {
    let info = ApiErrorInfo::parse_text(status, body, request_id.as_deref());
    let retry_after = retry_after
        .and_then(|value| retry_after_ms(&value, js_sys::Date::now() as u64))
        .map(|ms| ms / 1000.0);
    let failure = ApiFailure { info, method, path, headers: Vec::new(), retry_after };
    to_js(ClientError::Api(Box::new(failure)))
}

/// A list's 2xx body (`status`) read as one page: `{body, next}`, `body` the page's JSON text
/// (a bare array becomes a one-page envelope), `next` the next page's `starting_after` or
/// null by protocol's rule; `previous` is the `starting_after` that asked for this page, so a
/// server repeating a cursor cannot loop the caller forever.
#[wasm_bindgen(js_name = readPage)]
pub fn read_page(
    op: &str,
    status: u16,
    body: String,
    previous: JsValue,
) -> Result<Object, JsValue> {
    let endpoint = endpoint(op)?;
    let previous = match previous.as_string() {
        Some(key) => Some(Cursor::Key(key)),
        None => previous.as_f64().filter(|n| n.fract() == 0.0).map(|n| Cursor::Id(n as i64)),
    };
    let page = pages::read_page(endpoint, body, previous)
        .map_err(|message| to_js(ClientError::InvalidResponse { status, message }))?;
    let out = Object::new();
    set(&out, "body", &page.body.into());
    let next = match page.next {
        Some(Cursor::Id(id)) => JsValue::from_f64(id as f64),
        Some(Cursor::Key(key)) => JsValue::from(key),
        None => JsValue::NULL,
    };
    set(&out, "next", &next);
    Ok(out)
}

/// Whether a run with this status has ended (D8): `poll` and `wait` return then.
#[wasm_bindgen(js_name = isTerminalStatus)]
pub fn is_terminal_status(status: &str) -> bool {
    m8tes_protocol::types::is_terminal_status(status)
}

/// The API's address when neither `baseUrl` nor `M8TES_BASE_URL` names one (D1).
#[wasm_bindgen(js_name = defaultBaseUrl)]
pub fn default_base_url() -> String {
    m8tes_protocol::DEFAULT_BASE_URL.to_owned()
}
