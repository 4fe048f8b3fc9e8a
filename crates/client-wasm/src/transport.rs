//! One HTTP exchange over `fetch`, with the D5 retries, the D6 idempotency key, an idle
//! timeout and the caller's `AbortSignal`. The response body is handed out as a byte reader
//! so SSE events reach the caller as the server sends them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use m8tes_protocol::error::ApiErrorInfo;
use m8tes_protocol::retry::{retry_after_ms, retry_delay_ms, AttemptFailure, RetryRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, ReadableStreamDefaultReader};

pub use crate::endpoint::Outgoing;
use crate::error::{ApiFailure, ClientError};
use crate::options::{ClientOptions, RequestOptions};
use crate::platform;

/// The client's fixed settings, shared by every request.
pub struct Transport {
    base_url: String,
    /// `None` only for the calls made before there is a key (`POST /token`, wire.md §2.11).
    api_key: Option<String>,
    fetch: Option<Function>,
    default_headers: Vec<(String, String)>,
    timeout_ms: f64,
    max_retries: u32,
}

impl Transport {
    pub fn new(mut options: ClientOptions) -> Result<Transport, ClientError> {
        let api_key = options
            .api_key
            .take()
            .filter(|key| !key.is_empty())
            .or_else(|| platform::env_var("M8TES_API_KEY"))
            .ok_or(ClientError::MissingApiKey)?;
        Ok(Transport::with_key(options, Some(api_key)))
    }

    /// A transport that sends no `Authorization` header: for trading an account's email and
    /// password for a key, when there is none yet.
    pub fn anonymous(options: ClientOptions) -> Transport {
        Transport::with_key(options, None)
    }

    fn with_key(options: ClientOptions, api_key: Option<String>) -> Transport {
        let base_url = options
            .base_url
            .filter(|url| !url.is_empty())
            .or_else(|| platform::env_var("M8TES_BASE_URL"))
            .unwrap_or_else(|| m8tes_protocol::DEFAULT_BASE_URL.to_owned());
        Transport {
            base_url: base_url.trim_end_matches('/').to_owned(),
            api_key,
            fetch: options.fetch,
            default_headers: options.default_headers,
            timeout_ms: options.timeout_ms.unwrap_or(300_000.0),
            max_retries: options.max_retries.unwrap_or(m8tes_protocol::retry::DEFAULT_MAX_RETRIES),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `out`, retrying where D5 allows, and returns the first 2xx response or the error
    /// the last attempt ended with.
    pub async fn send(
        &self,
        out: &Outgoing,
        options: &RequestOptions,
    ) -> Result<Response, ClientError> {
        let fetch = match &self.fetch {
            Some(fetch) => fetch.clone(),
            None => platform::global_fetch().ok_or_else(|| ClientError::Connection {
                message: "this runtime has no global fetch; pass `fetch` to the client".into(),
            })?,
        };
        let idempotency_key = match &options.idempotency_key {
            Some(key) => Some(key.clone()),
            None if out.run_creating => Some(platform::uuid_v4()),
            None => None,
        };
        let url = JsValue::from_str(&(self.base_url.clone() + &out.path));
        let init = self.request_init(out, options, idempotency_key.as_deref())?;
        let timeout_ms = options.timeout_ms.unwrap_or(self.timeout_ms);
        let max_retries = options.max_retries.unwrap_or(self.max_retries);
        let retry_request = RetryRequest {
            method: out.method,
            run_creating: out.run_creating,
            has_idempotency_key: idempotency_key.is_some(),
        };
        let mut retries_done = 0;
        loop {
            if options.signal.as_ref().is_some_and(AbortSignal::aborted) {
                return Err(ClientError::UserAbort);
            }
            let watch = Watch::new(timeout_ms, options.signal.as_ref())?;
            set(&init, "signal", &watch.signal());
            watch.rearm();
            let (hint, error) = match call_fetch(&fetch, &url, &init).await {
                Ok(raw) => {
                    let status = raw.status();
                    if (200..300).contains(&status) {
                        watch.rearm();
                        return Ok(Response { status, raw, watch });
                    }
                    let headers = raw.headers();
                    let retry_after = headers.get("retry-after").ok().flatten();
                    let body = read_all(&raw, &watch).await.unwrap_or_default();
                    let error = api_failure(out, status, &headers, &body, retry_after.as_deref());
                    (RetryHint::Status { status, retry_after }, error)
                }
                Err(thrown) => {
                    let error = watch.classify(thrown, options.signal.as_ref());
                    match error {
                        ClientError::Connection { .. } | ClientError::Timeout { .. } => {
                            (RetryHint::Network, error)
                        }
                        _ => return Err(error),
                    }
                }
            };
            drop(watch);
            let failure = match &hint {
                RetryHint::Network => AttemptFailure::Network,
                RetryHint::Status { status, retry_after } => {
                    AttemptFailure::Status { status: *status, retry_after: retry_after.as_deref() }
                }
            };
            let delay = retry_delay_ms(
                retry_request,
                failure,
                retries_done,
                max_retries,
                platform::random(),
                platform::now_ms() as u64,
            );
            match delay {
                Some(ms) => {
                    platform::sleep(ms as f64, options.signal.as_ref()).await;
                    retries_done += 1;
                }
                None => return Err(error),
            }
        }
    }

    fn request_init(
        &self,
        out: &Outgoing,
        options: &RequestOptions,
        idempotency_key: Option<&str>,
    ) -> Result<Object, ClientError> {
        let headers = Object::new();
        if let Some(api_key) = &self.api_key {
            let mut bearer = String::with_capacity(api_key.len() + 7);
            bearer.push_str("Bearer ");
            bearer.push_str(api_key);
            set(&headers, "Authorization", &bearer.into());
        }
        if out.form.is_none() {
            set(&headers, "Content-Type", &"application/json".into());
        }
        if let Some(key) = idempotency_key {
            set(&headers, "Idempotency-Key", &key.into());
        }
        for (name, value) in self.default_headers.iter().chain(&options.headers) {
            set(&headers, name, &value.into());
        }
        let init = Object::new();
        set(&init, "method", &out.method.into());
        set(&init, "headers", &headers);
        if let Some(form) = &out.form {
            set(&init, "body", form);
        } else if let Some(body) = &out.body {
            set(&init, "body", &body.into());
        }
        Ok(init)
    }
}

/// Why an attempt failed, kept past the response it came from.
enum RetryHint {
    Network,
    Status { status: u16, retry_after: Option<String> },
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object we created cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

async fn call_fetch(
    fetch: &Function,
    url: &JsValue,
    init: &Object,
) -> Result<web_sys::Response, JsValue> {
    let returned = fetch.call2(&JsValue::UNDEFINED, url, init)?;
    let response = JsFuture::from(Promise::resolve(&returned)).await?;
    // An injected fetch may hand back a Response from another realm or a polyfill, so the
    // shape is trusted rather than checked with instanceof.
    Ok(response.unchecked_into())
}

async fn read_all(raw: &web_sys::Response, watch: &Watch) -> Result<Vec<u8>, ClientError> {
    let promise = raw.array_buffer().map_err(|err| watch.classify(err, None))?;
    let buffer = JsFuture::from(promise).await.map_err(|err| watch.classify(err, None))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn api_failure(
    out: &Outgoing,
    status: u16,
    headers: &Headers,
    body: &[u8],
    retry_after: Option<&str>,
) -> ClientError {
    let request_id = headers.get("x-request-id").ok().flatten();
    let info = ApiErrorInfo::parse(status, body, request_id.as_deref());
    ClientError::Api(Box::new(ApiFailure {
        info,
        method: out.method.to_owned(),
        path: out.path.clone(),
        headers: header_pairs(headers),
        retry_after: retry_after
            .and_then(|value| retry_after_ms(value, platform::now_ms() as u64))
            .map(|ms| ms / 1000.0),
    }))
}

/// All headers of a response, names lower-cased as `Headers` iterates them.
pub fn header_pairs(headers: &Headers) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(headers) {
        for entry in entries.flatten() {
            let entry: js_sys::Array = entry.unchecked_into();
            if let (Some(name), Some(value)) = (entry.get(0).as_string(), entry.get(1).as_string())
            {
                pairs.push((name, value));
            }
        }
    }
    pairs
}

/// The message of a thrown JS value, with Node's `cause` (`ECONNREFUSED …`) when it has one.
fn thrown_message(thrown: &JsValue) -> String {
    let message_of =
        |value: &JsValue| Reflect::get(value, &"message".into()).ok().and_then(|m| m.as_string());
    let mut message = message_of(thrown)
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "network error".to_owned());
    if let Ok(cause) = Reflect::get(thrown, &"cause".into()) {
        if let Some(detail) = message_of(&cause).filter(|d| !d.is_empty()) {
            message.push_str(": ");
            message.push_str(&detail);
        }
    }
    message
}

/// One attempt's abort controller: fired by the idle timer, by the caller's signal, or by
/// [`Watch::abort`]. Dropping it stops the timer and unhooks the caller's signal.
pub struct Watch {
    controller: AbortController,
    timeout_ms: f64,
    idle: Rc<IdleTimer>,
    on_timeout: Closure<dyn FnMut()>,
    user: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

/// The idle timer. A live stream reads a chunk per event, so a chunk only notes the time; the
/// one pending timer, when it fires, looks at how long the body has really been idle and
/// either aborts or waits out the rest (no `clearTimeout`/`setTimeout` pair per chunk).
struct IdleTimer {
    timeout_ms: f64,
    last_activity: Cell<f64>,
    pending: RefCell<Option<JsValue>>,
    timed_out: Cell<bool>,
}

impl IdleTimer {
    fn schedule(&self, on_timeout: &Function, ms: f64) {
        *self.pending.borrow_mut() = Some(platform::set_timeout(on_timeout, ms));
    }
}

impl Watch {
    fn new(timeout_ms: f64, user_signal: Option<&AbortSignal>) -> Result<Watch, ClientError> {
        let controller = AbortController::new().map_err(|_| ClientError::Connection {
            message: "this runtime has no AbortController".into(),
        })?;
        let idle = Rc::new(IdleTimer {
            timeout_ms,
            last_activity: Cell::new(0.0),
            pending: RefCell::new(None),
            timed_out: Cell::new(false),
        });
        // The callback reschedules itself, so it finds its own function through a slot filled
        // below; it holds the timer weakly, and the Watch owns the callback.
        let itself: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let on_timeout = {
            let (controller, idle, itself) =
                (controller.clone(), Rc::downgrade(&idle), itself.clone());
            Closure::<dyn FnMut()>::new(move || {
                let Some(idle) = idle.upgrade() else { return };
                idle.pending.borrow_mut().take();
                let quiet = platform::now_ms() - idle.last_activity.get();
                if quiet >= idle.timeout_ms {
                    idle.timed_out.set(true);
                    controller.abort();
                } else if let Some(callback) = &*itself.borrow() {
                    idle.schedule(callback, idle.timeout_ms - quiet);
                }
            })
        };
        *itself.borrow_mut() = Some(on_timeout.as_ref().unchecked_ref::<Function>().clone());
        let user = user_signal.map(|signal| {
            let controller = controller.clone();
            let listener = Closure::<dyn FnMut()>::new(move || controller.abort());
            let _ =
                signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
            (signal.clone(), listener)
        });
        Ok(Watch { controller, timeout_ms, idle, on_timeout, user })
    }

    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Restarts the idle time: called when the request goes out and on every chunk read.
    pub fn rearm(&self) {
        if !(self.timeout_ms.is_finite() && self.timeout_ms > 0.0) {
            return;
        }
        self.idle.last_activity.set(platform::now_ms());
        if self.idle.pending.borrow().is_none() {
            self.idle.schedule(self.on_timeout.as_ref().unchecked_ref(), self.timeout_ms);
        }
    }

    fn disarm(&self) {
        if let Some(id) = self.idle.pending.borrow_mut().take() {
            platform::clear_timeout(&id);
        }
    }

    pub fn abort(&self) {
        self.controller.abort();
    }

    /// What a rejection means: the caller's abort, our idle timeout, or a network failure.
    pub fn classify(&self, thrown: JsValue, user_signal: Option<&AbortSignal>) -> ClientError {
        let user_signal = user_signal.or(self.user.as_ref().map(|(signal, _)| signal));
        if user_signal.is_some_and(AbortSignal::aborted) {
            ClientError::UserAbort
        } else if self.idle.timed_out.get() {
            ClientError::Timeout { timeout_ms: self.timeout_ms }
        } else {
            ClientError::Connection { message: thrown_message(&thrown) }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.disarm();
        if let Some((signal, listener)) = &self.user {
            let _ = signal
                .remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        }
    }
}

/// A 2xx response whose body has not been read yet; its [`Watch`] keeps timing the body.
pub struct Response {
    pub status: u16,
    raw: web_sys::Response,
    watch: Watch,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<String> {
        self.raw.headers().get(name).ok().flatten()
    }

    pub fn headers(&self) -> Vec<(String, String)> {
        header_pairs(&self.raw.headers())
    }

    pub async fn bytes(self) -> Result<Vec<u8>, ClientError> {
        read_all(&self.raw, &self.watch).await
    }

    pub async fn text(self) -> Result<String, ClientError> {
        let bytes = self.bytes().await?;
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned()))
    }

    /// The body as a chunk reader (an empty body reads as done at once).
    pub fn into_reader(self) -> BodyReader {
        let reader = self.raw.body().map(|body| body.get_reader().unchecked_into());
        BodyReader { reader, watch: self.watch }
    }
}

/// Reads a response body chunk by chunk, restarting the idle timer on every chunk.
pub struct BodyReader {
    reader: Option<ReadableStreamDefaultReader>,
    watch: Watch,
}

impl BodyReader {
    /// The next chunk, or `None` at the end of the body.
    pub async fn read(&self) -> Result<Option<Vec<u8>>, ClientError> {
        let Some(reader) = &self.reader else {
            return Ok(None);
        };
        let result =
            JsFuture::from(reader.read()).await.map_err(|err| self.watch.classify(err, None))?;
        self.watch.rearm();
        let done = Reflect::get(&result, &"done".into()).ok().is_some_and(|d| d.is_truthy());
        if done {
            return Ok(None);
        }
        let value = Reflect::get(&result, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() {
            return Ok(Some(Vec::new()));
        }
        Ok(Some(Uint8Array::new(&value).to_vec()))
    }

    /// A chunk came in: the idle timer starts over.
    pub fn chunk_arrived(&self) {
        self.watch.rearm();
    }

    /// Stops the body: the pending read, if any, rejects, and the connection is released.
    pub fn abort(&self) {
        self.watch.abort();
    }
}

impl Drop for BodyReader {
    fn drop(&mut self) {
        if let Some(reader) = &self.reader {
            // An aborted body rejects `cancel()`; that rejection is expected, so it is caught
            // here rather than left to surface as an unhandled rejection.
            // One function for both outcomes: exactly one call frees it.
            let cancelled: JsValue = reader.cancel().into();
            let ignore = Closure::once_into_js(|_: JsValue| {});
            if let Ok(then) = Reflect::get(&cancelled, &"then".into()) {
                let _ = then.unchecked_into::<Function>().call2(&cancelled, &ignore, &ignore);
            }
        }
    }
}
