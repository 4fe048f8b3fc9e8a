//! What the wasm tests share: the real `m8tes-local` they talk to, and a `fetch` that
//! injects transport faults where a fault is the point of the test.

use m8tes_client_wasm::{Client, ClientOptions};
use wasm_bindgen::prelude::*;

/// Set by the `client-wasm` stage of `cargo xtask test`, which starts the server.
pub const BASE_URL: Option<&str> = option_env!("M8TES_TEST_BASE_URL");
pub const API_KEY: Option<&str> = option_env!("M8TES_TEST_API_KEY");

pub fn client() -> Client {
    let (Some(base_url), Some(api_key)) = (BASE_URL, API_KEY) else {
        panic!(
            "M8TES_TEST_BASE_URL and M8TES_TEST_API_KEY were not set at build time: run these \
             tests through `cargo xtask test --only client-wasm`, which starts m8tes-local"
        );
    };
    Client::new(ClientOptions::new(api_key).base_url(base_url)).expect("a key is given")
}

/// A unique suffix, so tests sharing one server never collide.
pub fn unique() -> String {
    format!("{}", js_sys::Math::random().to_bits() % 1_000_000_000)
}

#[wasm_bindgen(inline_js = r#"
export function cutFetch(parts, breakAtEnd) {
  return async () => new Response(new ReadableStream({
    start(controller) {
      const bytes = new TextEncoder();
      let i = 0;
      const push = () => {
        if (i < parts.length) { controller.enqueue(bytes.encode(parts[i++])); setTimeout(push, 1); }
        else if (breakAtEnd) controller.error(new TypeError("terminated: other side closed"));
        else controller.close();
      };
      push();
    },
  }), { status: 200, headers: { "content-type": "text/event-stream" } });
}
export function countingFetch(statuses) {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url: String(url), key: init.headers["Idempotency-Key"] ?? null });
    const status = statuses[Math.min(seen.length - 1, statuses.length - 1)];
    const body = status === 200 ? '{"id":7,"status":"running"}'
      : '{"error":{"type":"api_error","message":"busy","code":' + status + ',"request_id":"req_' + seen.length + '"}}';
    return new Response(body, { status, headers: { "content-type": "application/json", "retry-after": "0" } });
  };
  return { fetch, seen };
}
export function stallingFetch() {
  const signals = [];
  const fetch = async (url, init) => {
    signals.push(init.signal);
    const first = new TextEncoder().encode('data: {"type":"metadata","payload":{"run_id":5}}\n\n');
    return new Response(new ReadableStream({ start(controller) { controller.enqueue(first); } }),
      { status: 200, headers: { "content-type": "text/event-stream" } });
  };
  return { fetch, signals };
}
"#)]
extern "C" {
    /// A `fetch` answering an SSE body sent as `parts`, one chunk each; with `break_at_end`
    /// the body then fails as a dropped connection does.
    #[wasm_bindgen(js_name = cutFetch)]
    pub fn cut_fetch(parts: Vec<String>, break_at_end: bool) -> js_sys::Function;
    /// A `fetch` answering `statuses` in turn (the last repeats), recording each request.
    #[wasm_bindgen(js_name = countingFetch)]
    pub fn counting_fetch(statuses: Vec<u16>) -> JsValue;
    /// A `fetch` whose SSE body sends one event and then stays open, recording each
    /// request's `signal`.
    #[wasm_bindgen(js_name = stallingFetch)]
    pub fn stalling_fetch() -> JsValue;
}

pub fn injected(fetch: js_sys::Function) -> Client {
    let mut options = ClientOptions::new("m8_injected").base_url("http://127.0.0.1:9/api/v2");
    options.fetch = Some(fetch);
    Client::new(options).expect("a key is given")
}
