//! Errors cross to JS as instances of the package's own classes (so `instanceof` works, even
//! after bundling): the JS layer registers a factory at start-up and Rust calls it with three
//! strings, the class's name, the message and the fields as JSON text (D50).

use std::cell::RefCell;

use js_sys::Function;
use m8tes_protocol::json_text::{push_integer, push_members, push_string, push_value};
use m8tes_protocol::ErrorKind;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::error::ClientError;

thread_local! {
    static FACTORY: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// `factory(className, message, fieldsJson)` returns the error object to throw.
#[wasm_bindgen(js_name = setErrorFactory)]
pub fn set_error_factory(factory: Function) {
    let _ = FACTORY.try_with(|slot| *slot.borrow_mut() = Some(factory));
}

pub fn to_js(err: ClientError) -> JsValue {
    #[cfg(feature = "rust-api")]
    if let ClientError::Thrown(value) = err {
        return value;
    }
    let message = err.message();
    let fields = fields(&err);
    // `try_with`: `with` would bring the formatted panic of a thread-local accessed during
    // its destruction, which a wasm module never sees.
    let made = FACTORY.try_with(|slot| {
        let factory = slot.borrow().clone()?;
        let (class, text) = (JsValue::from_str(err.class_name()), JsValue::from_str(&message));
        factory.call3(&JsValue::UNDEFINED, &class, &text, &JsValue::from_str(&fields)).ok()
    });
    made.ok().flatten().unwrap_or_else(|| js_sys::Error::new(&message).into())
}

/// The fields of the JS error besides `message` (js-api.md names) as a JSON object's text,
/// which JS parses: one crossing instead of a `Reflect.set` per field. Fields an error class
/// has but this error lacks are `null`, so `err.status === null` holds for client errors.
fn fields(err: &ClientError) -> String {
    let mut out = String::from("{");
    let key = |out: &mut String, name: &str| {
        if out.len() > 1 {
            out.push(',');
        }
        push_string(out, name);
        out.push(':');
    };
    let text = |out: &mut String, name: &str, value: Option<&str>| {
        key(out, name);
        match value {
            Some(value) => push_string(out, value),
            None => out.push_str("null"),
        }
    };
    let id = |out: &mut String, name: &str, value: Option<i64>| {
        key(out, name);
        match value {
            Some(value) => push_integer(out, value),
            None => out.push_str("null"),
        }
    };
    match err {
        ClientError::Api(failure) => {
            let info = &failure.info;
            id(&mut out, "status", Some(info.status.into()));
            text(&mut out, "requestId", info.request_id.as_deref());
            text(&mut out, "code", info.code.as_deref());
            text(&mut out, "errorCode", info.error_code.as_deref());
            key(&mut out, "details");
            out.push('{');
            push_members(&mut out, &info.details);
            out.push('}');
            text(&mut out, "docUrl", info.doc_url.as_deref());
            text(&mut out, "method", Some(&failure.method));
            text(&mut out, "path", Some(&failure.path));
            key(&mut out, "headers");
            out.push('{');
            for (index, (name, value)) in failure.headers.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                push_string(&mut out, name);
                out.push(':');
                push_string(&mut out, value);
            }
            out.push('}');
            if info.kind == ErrorKind::RateLimit || failure.retry_after.is_some() {
                key(&mut out, "retryAfter");
                push_number(&mut out, failure.retry_after);
            }
        }
        ClientError::InvalidResponse { status, .. } => {
            id(&mut out, "status", Some((*status).into()))
        }
        ClientError::ReplayTerminal { run_id } => {
            text(&mut out, "code", Some("idempotent_replay_terminal"));
            text(&mut out, "errorCode", Some("idempotent_replay_terminal"));
            id(&mut out, "runId", Some(*run_id));
        }
        ClientError::RunFailed { run_id, errors } => {
            id(&mut out, "runId", *run_id);
            key(&mut out, "errors");
            out.push('[');
            for (index, error) in errors.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                push_string(&mut out, error);
            }
            out.push(']');
        }
        #[cfg(feature = "rust-api")]
        ClientError::PollTimeout { run_id, timeout_ms } => {
            // A number when it is one, so `err.runId === run.id` holds.
            match run_id.parse::<i64>() {
                Ok(number) => id(&mut out, "runId", Some(number)),
                Err(_) => text(&mut out, "runId", Some(run_id)),
            }
            key(&mut out, "timeout");
            push_number(&mut out, Some(*timeout_ms));
        }
        ClientError::StreamInterrupted { run_id, .. } => id(&mut out, "runId", *run_id),
        #[cfg(feature = "rust-api")]
        ClientError::Timeout { timeout_ms } => {
            key(&mut out, "timeout");
            push_number(&mut out, Some(*timeout_ms));
        }
        ClientError::InvalidRequest { .. } => {}
        #[cfg(feature = "rust-api")]
        ClientError::MissingApiKey
        | ClientError::Connection { .. }
        | ClientError::UserAbort
        | ClientError::Thrown(_) => {}
    }
    out.push('}');
    out
}

/// A number, or `null`; JSON holds no infinities, so those are `null` too.
fn push_number(out: &mut String, value: Option<f64>) {
    push_value(out, &value.map_or(Value::Null, Value::from));
}
