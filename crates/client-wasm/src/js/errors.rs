//! Errors cross to JS as instances of the package's own classes (so `instanceof` works, even
//! after bundling): the JS layer registers a factory at start-up and Rust calls it.

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect};
use m8tes_protocol::ErrorKind;
use wasm_bindgen::prelude::*;

use crate::error::ClientError;

thread_local! {
    static FACTORY: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// `factory(className, message, fields)` returns the error object to throw.
#[wasm_bindgen(js_name = setErrorFactory)]
pub fn set_error_factory(factory: Function) {
    FACTORY.with(|slot| *slot.borrow_mut() = Some(factory));
}

pub fn to_js(err: ClientError) -> JsValue {
    #[cfg(feature = "rust-api")]
    if let ClientError::Thrown(value) = err {
        return value;
    }
    let message = JsValue::from_str(&err.to_string());
    let fields = fields(&err);
    let made = FACTORY.with(|slot| {
        let factory = slot.borrow().clone()?;
        factory.call3(&JsValue::UNDEFINED, &err.class_name().into(), &message, &fields).ok()
    });
    made.unwrap_or_else(|| js_sys::Error::new(&err.to_string()).into())
}

/// The fields of the JS error besides `message` (js-api.md names), set on a plain object.
/// Fields an error class has but this error lacks are `null`, so `err.status === null` holds
/// for client errors. Built here rather than as JSON text: a `serde_json` map costs the wasm a
/// sorted map and its printer for what JS holds natively.
fn fields(err: &ClientError) -> JsValue {
    let out = Object::new();
    let put = |key: &str, value: JsValue| {
        // Setting a property on a plain object we created cannot fail.
        let _ = Reflect::set(&out, &JsValue::from_str(key), &value);
    };
    let text = |value: &Option<String>| value.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    let number = |value: Option<f64>| value.map_or(JsValue::NULL, JsValue::from_f64);
    match err {
        ClientError::Api(failure) => {
            let info = &failure.info;
            put("status", f64::from(info.status).into());
            put("requestId", text(&info.request_id));
            put("code", text(&info.code));
            put("errorCode", text(&info.error_code));
            let details = m8tes_protocol::json_text::object_text(&info.details);
            put("details", js_sys::JSON::parse(&details).unwrap_or_else(|_| Object::new().into()));
            put("docUrl", text(&info.doc_url));
            put("method", failure.method.as_str().into());
            put("path", failure.path.as_str().into());
            let headers = Object::new();
            for (name, value) in &failure.headers {
                let _ = Reflect::set(&headers, &name.into(), &value.into());
            }
            put("headers", headers.into());
            if info.kind == ErrorKind::RateLimit || failure.retry_after.is_some() {
                put("retryAfter", number(failure.retry_after));
            }
        }
        ClientError::InvalidResponse { status, .. } => put("status", f64::from(*status).into()),
        ClientError::ReplayTerminal { run_id } => {
            put("code", "idempotent_replay_terminal".into());
            put("errorCode", "idempotent_replay_terminal".into());
            put("runId", (*run_id as f64).into());
        }
        ClientError::RunFailed { run_id, errors } => {
            put("runId", number(run_id.map(|id| id as f64)));
            let list = js_sys::Array::new();
            for error in errors {
                list.push(&error.into());
            }
            put("errors", list.into());
        }
        #[cfg(feature = "rust-api")]
        ClientError::PollTimeout { run_id, timeout_ms } => {
            // A number when it is one, so `err.runId === run.id` holds.
            let id = run_id.parse::<i64>().map_or_else(|_| run_id.into(), |id| (id as f64).into());
            put("runId", id);
            put("timeout", (*timeout_ms).into());
        }
        ClientError::StreamInterrupted { run_id, .. } => {
            put("runId", number(run_id.map(|id| id as f64)))
        }
        #[cfg(feature = "rust-api")]
        ClientError::Timeout { timeout_ms } => put("timeout", (*timeout_ms).into()),
        ClientError::InvalidRequest { .. } => {}
        #[cfg(feature = "rust-api")]
        ClientError::MissingApiKey
        | ClientError::Connection { .. }
        | ClientError::UserAbort
        | ClientError::Thrown(_) => {}
    }
    out.into()
}
