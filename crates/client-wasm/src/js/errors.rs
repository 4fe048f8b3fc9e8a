//! Errors cross to JS as instances of the package's own classes (so `instanceof` works, even
//! after bundling): the JS layer registers a factory at start-up and Rust calls it.

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::error::ClientError;

thread_local! {
    static FACTORY: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// `factory(className, message, fieldsJson)` returns the error object to throw.
#[wasm_bindgen(js_name = setErrorFactory)]
pub fn set_error_factory(factory: Function) {
    FACTORY.with(|slot| *slot.borrow_mut() = Some(factory));
}

pub fn to_js(err: ClientError) -> JsValue {
    if let ClientError::Thrown(value) = err {
        return value;
    }
    let message = JsValue::from_str(&err.to_string());
    let fields = serde_json::Value::Object(err.js_fields()).to_string();
    let made = FACTORY.with(|slot| {
        let factory = slot.borrow().clone()?;
        factory.call3(&JsValue::UNDEFINED, &err.class_name().into(), &message, &fields.into()).ok()
    });
    made.unwrap_or_else(|| js_sys::Error::new(&err.to_string()).into())
}
