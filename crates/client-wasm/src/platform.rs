//! What the client takes from the JavaScript host: `fetch`, timers, the clock, randomness and
//! the environment. Everything is looked up on the global object (`js_sys::global()`, never
//! `window()`), so one build runs in Node, workerd, Deno and browsers.
//!
//! The npm build keeps only the clock, randomness and UUIDs: its JS layer does the rest.

#[cfg(feature = "rust-api")]
use js_sys::Promise;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
#[cfg(feature = "rust-api")]
use wasm_bindgen_futures::JsFuture;
#[cfg(feature = "rust-api")]
use web_sys::AbortSignal;

#[cfg(feature = "rust-api")]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn host_set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue);
}

#[cfg(feature = "rust-api")]
/// The longest delay hosts' timers hold (2^31 - 1 ms, about 24.8 days).
const LONGEST_TIMER_MS: f64 = 2_147_483_647.0;

#[cfg(feature = "rust-api")]
/// `setTimeout`, with a longer delay held at the longest a timer can wait: hosts treat a
/// larger one as 1 ms, which would turn a generous timeout into an instant one.
pub fn set_timeout(handler: &Function, ms: f64) -> JsValue {
    host_set_timeout(handler, ms.min(LONGEST_TIMER_MS))
}

/// A property of the global object, if it is set.
fn global(name: &str) -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined())
}

#[cfg(feature = "rust-api")]
/// The host's `fetch`.
pub fn global_fetch() -> Option<Function> {
    global("fetch").and_then(|f| f.dyn_into().ok())
}

#[cfg(feature = "rust-api")]
/// `process.env[name]` where a `process` exists (Node, Deno's compat, Bun); empty counts as unset.
pub fn env_var(name: &str) -> Option<String> {
    let env = Reflect::get(&global("process")?, &JsValue::from_str("env")).ok()?;
    if env.is_undefined() || env.is_null() {
        return None;
    }
    Reflect::get(&env, &JsValue::from_str(name)).ok()?.as_string().filter(|v| !v.is_empty())
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn random() -> f64 {
    js_sys::Math::random()
}

#[cfg(feature = "rust-api")]
/// Resolves after `ms` milliseconds on the host's own timer, or as soon as `signal` aborts, so
/// a caller's abort is not held up by a retry's backoff (up to 60 s) or a poll's interval.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) {
    if signal.is_some_and(AbortSignal::aborted) {
        return;
    }
    let mut wake = None;
    let promise = Promise::new(&mut |resolve, _| wake = Some(resolve));
    let Some(wake) = wake else { return };
    let timer = set_timeout(&wake, ms);
    if let Some(signal) = signal {
        let _ = signal.add_event_listener_with_callback("abort", &wake);
    }
    let _ = JsFuture::from(promise).await;
    clear_timeout(&timer);
    if let Some(signal) = signal {
        let _ = signal.remove_event_listener_with_callback("abort", &wake);
    }
}

/// A fresh UUIDv4 for an `Idempotency-Key` (D6): `crypto.randomUUID()` where the host has it.
pub fn uuid_v4() -> String {
    let from_crypto = global("crypto").and_then(|crypto| {
        let make: Function = Reflect::get(&crypto, &"randomUUID".into()).ok()?.dyn_into().ok()?;
        make.call0(&crypto).ok()?.as_string()
    });
    from_crypto.unwrap_or_else(|| {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(36);
        for template in "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".bytes() {
            let nibble = (random() * 16.0) as usize & 0xF;
            out.push(match template {
                b'x' => HEX[nibble] as char,
                b'y' => HEX[(nibble & 0x3) | 0x8] as char,
                _ => template as char,
            });
        }
        out
    })
}
