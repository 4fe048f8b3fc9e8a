//! `Core`: the client behind the JS `M8tes` class. One generic `call` serves every endpoint
//! of the table in `endpoint.rs`, so the JS layer names methods and Rust does the rest.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use m8tes_protocol::types::{Cursor, Decision, JsonObject};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::convert;
use super::errors::to_js;
use super::stream::StreamHandle;
use crate::client::{body_page, body_text, Client};
use crate::endpoint::{Answer, Endpoint, Params};
use crate::error::ClientError;
use crate::run_stream::RunStream;
use crate::transport::{Outgoing, Response};
use crate::waiting::{self, Gate, Gates, WaitOptions};

#[wasm_bindgen]
pub struct Core {
    client: Client,
}

/// An endpoint call checked before anything is sent.
struct Prepared {
    endpoint: Endpoint,
    ids: Vec<String>,
    params: Params,
    /// The `starting_after` that asked for this page.
    previous: Option<Cursor>,
}

fn prepare(op: &str, ids: &Array, params: Option<&str>) -> Result<Prepared, ClientError> {
    let endpoint = Endpoint::from_name(op).ok_or_else(|| ClientError::invalid("unknown method"))?;
    let ids = convert::ids(ids)?;
    let previous = match (endpoint.answer(), params) {
        (Answer::Page, Some(json)) => {
            let params = serde_json::from_str::<serde_json::Value>(json).ok();
            match params.as_ref().and_then(|p| p.get("starting_after")) {
                Some(serde_json::Value::String(key)) => Some(Cursor::Key(key.clone())),
                Some(value) => value.as_i64().map(Cursor::Id),
                None => None,
            }
        }
        _ => None,
    };
    let params = endpoint.params_from_json(params)?;
    Ok(Prepared { endpoint, ids, params, previous })
}

impl Prepared {
    /// The request; a `form` (multipart, built by JS around [`Core::payload`]) replaces the
    /// JSON body.
    fn outgoing(&self, form: Option<JsValue>) -> Result<Outgoing, ClientError> {
        let ids: Vec<&str> = self.ids.iter().map(String::as_str).collect();
        let body = if form.is_some() { None } else { self.params.body.clone() };
        let mut out = self.endpoint.outgoing(&ids, body, &self.params.query)?;
        out.form = form;
        Ok(out)
    }
}

#[wasm_bindgen]
impl Core {
    /// Throws AuthenticationError when no API key is found; nothing is sent.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
        Client::new(convert::client_options(&options)).map(|client| Core { client }).map_err(to_js)
    }

    /// A core that sends no API key; the JS layer uses it only for `getToken`.
    pub fn anonymous(options: JsValue) -> Core {
        Core { client: Client::anonymous(convert::client_options(&options)) }
    }

    /// Sends the endpoint named `op` (`"runs.get"`) with path `ids` and JSON `params`, retrying
    /// as D5 allows, and resolves to a [`Reply`]: the 2xx response, its body unread. A `form`
    /// (`FormData`) makes the request a multipart upload.
    pub fn call(
        &self,
        op: &str,
        ids: Array,
        params: Option<String>,
        options: JsValue,
        form: Option<JsValue>,
    ) -> Promise {
        let client = self.client.clone();
        let prepared = prepare(op, &ids, params.as_deref());
        let options = convert::request_options(&options);
        future_to_promise(async move {
            let call = prepared.map_err(to_js)?;
            let out = call.outgoing(form).map_err(to_js)?;
            let response = client.transport().send(&out, &options).await.map_err(to_js)?;
            let reply = Reply { response, endpoint: call.endpoint, previous: call.previous };
            Ok(reply.into())
        })
    }

    /// A run stream (`runs.create`, `runs.reply`, `tasks.run`, `runs.stream`); the request
    /// goes out on the first read. An invalid call fails on that read.
    pub fn stream(
        &self,
        op: &str,
        ids: Array,
        params: Option<String>,
        options: JsValue,
        raise_on_error: bool,
        form: Option<JsValue>,
    ) -> StreamHandle {
        let options = convert::request_options(&options);
        let outgoing = prepare(op, &ids, params.as_deref()).and_then(|call| call.outgoing(form));
        let stream =
            RunStream::new(self.client.transport().clone(), outgoing, options, raise_on_error);
        StreamHandle::new(stream.core())
    }

    /// The JSON body `op` sends for `params`, defaults applied: a multipart upload's `payload`.
    pub fn payload(&self, op: &str, params: Option<String>) -> Result<String, JsValue> {
        let call = prepare(op, &Array::new(), params.as_deref()).map_err(to_js)?;
        Ok(call.params.body.unwrap_or_else(|| "{}".to_owned()))
    }

    /// `runs.poll` / `runs.wait`: resolves to the finished run's JSON text.
    /// `wait` holds `interval`, `timeout`, `raiseOnError`, `onApproval`, `onQuestion`.
    pub fn wait(&self, run_id: JsValue, wait: JsValue, options: JsValue) -> Promise {
        let client = self.client.clone();
        let run_id = convert::id(&run_id);
        let defaults = WaitOptions::default();
        let wait_options = WaitOptions {
            interval_ms: convert::millis(&wait, "interval").unwrap_or(defaults.interval_ms),
            timeout_ms: convert::millis(&wait, "timeout").unwrap_or(defaults.timeout_ms),
            raise_on_error: convert::flag(&wait, "raiseOnError"),
        };
        let gates = JsGates {
            on_approval: convert::callback(&wait, "onApproval"),
            on_question: convert::callback(&wait, "onQuestion"),
        };
        let options = convert::request_options(&options);
        future_to_promise(async move {
            let run_id = run_id.map_err(to_js)?;
            waiting::wait(&client, &run_id, wait_options, &options, &gates)
                .await
                .map(JsValue::from)
                .map_err(to_js)
        })
    }
}

/// A 2xx answer whose body is read only when the caller asks for the result, so
/// `asResponse()` can hand out the `Response` untouched (js-api.md, "The response behind a
/// result").
#[wasm_bindgen]
pub struct Reply {
    response: Response,
    endpoint: Endpoint,
    /// The `starting_after` that asked for this page.
    previous: Option<Cursor>,
}

#[wasm_bindgen]
impl Reply {
    /// The `Response` itself: status, headers, and the body while `read` has not run.
    #[wasm_bindgen(getter)]
    pub fn response(&self) -> web_sys::Response {
        // `Clone::clone` copies the handle; `Response::clone` would tee the body.
        Clone::clone(self.response.raw())
    }

    /// Reads the body as the endpoint answers: its text (`""` for 204), a `Uint8Array` (a
    /// file) or, for lists, `{body, next}` where `next` is the next page's `starting_after` or
    /// `null`.
    pub fn read(self) -> Promise {
        let Reply { response, endpoint, previous } = self;
        future_to_promise(async move {
            match endpoint.answer() {
                Answer::Bytes => {
                    let bytes = response.bytes().await.map_err(to_js)?;
                    Ok(Uint8Array::from(bytes.as_slice()).into())
                }
                Answer::Page | Answer::Items => {
                    let page = body_page(endpoint, response, previous).await.map_err(to_js)?;
                    let out = Object::new();
                    let _ = Reflect::set(&out, &"body".into(), &page.body.into());
                    let next = match page.next {
                        Some(Cursor::Id(id)) => JsValue::from_f64(id as f64),
                        Some(Cursor::Key(key)) => JsValue::from(key),
                        None => JsValue::NULL,
                    };
                    let _ = Reflect::set(&out, &"next".into(), &next);
                    Ok(out.into())
                }
                _ => body_text(endpoint, response).await.map(JsValue::from).map_err(to_js),
            }
        })
    }
}

/// `wait`'s callbacks; each may return a value or a promise of one.
struct JsGates {
    on_approval: Option<Function>,
    on_question: Option<Function>,
}

async fn invoke(callback: &Function, gate: &Gate) -> Result<JsValue, ClientError> {
    let text = serde_json::Value::Object(gate.raw.clone()).to_string();
    let argument = js_sys::JSON::parse(&text).map_err(ClientError::Thrown)?;
    let returned = callback.call1(&JsValue::UNDEFINED, &argument).map_err(ClientError::Thrown)?;
    JsFuture::from(Promise::resolve(&returned)).await.map_err(ClientError::Thrown)
}

impl Gates for JsGates {
    async fn on_approval(&self, gate: &Gate) -> Result<Option<Decision>, ClientError> {
        let Some(callback) = &self.on_approval else { return Ok(None) };
        let value = invoke(callback, gate).await?;
        match value.as_string().as_deref() {
            Some("allow") => Ok(Some(Decision::Allow)),
            Some("deny") => Ok(Some(Decision::Deny)),
            _ if value.is_undefined() || value.is_null() => Ok(None),
            _ => Err(ClientError::invalid("onApproval must return \"allow\" or \"deny\"")),
        }
    }

    async fn on_question(&self, gate: &Gate) -> Result<Option<JsonObject>, ClientError> {
        let Some(callback) = &self.on_question else { return Ok(None) };
        let value = invoke(callback, gate).await?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        let text = js_sys::JSON::stringify(&value).map_err(ClientError::Thrown)?;
        match serde_json::from_str(&String::from(text)) {
            Ok(serde_json::Value::Object(answers)) => Ok(Some(answers)),
            _ => Err(ClientError::invalid("onQuestion must return an object of answers")),
        }
    }
}
