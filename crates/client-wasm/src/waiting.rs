//! `poll` and `wait` (D8, wire.md §3, §9.5): read a run until it ends, and on the way answer
//! the gates of a paused run through the caller's callbacks.

use m8tes_protocol::types::{
    is_terminal_status, Answers, Approval, Decision, JsonObject, PermissionRequest, QUESTION_TOOL,
};
use serde_json::Value;

use crate::client::{to_body, Client};
use crate::endpoint::Endpoint;
use crate::error::ClientError;
use crate::options::RequestOptions;
use crate::platform;

#[derive(Debug, Clone, Copy)]
pub struct WaitOptions {
    /// Between two reads of the run (default 2000 ms).
    pub interval_ms: f64,
    /// The deadline, from the start (default 300 000 ms); past it, [`ClientError::PollTimeout`].
    pub timeout_ms: f64,
    /// A `failed` run becomes [`ClientError::RunFailed`].
    pub raise_on_error: bool,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions { interval_ms: 2000.0, timeout_ms: 300_000.0, raise_on_error: false }
    }
}

/// A pending gate as the server sent it. Kept as JSON (the JS callbacks get it as it came);
/// [`Gate::request`] gives the typed form.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub request_id: String,
    pub raw: JsonObject,
}

impl Gate {
    pub fn is_question(&self) -> bool {
        self.raw.get("tool_name").and_then(Value::as_str) == Some(QUESTION_TOOL)
    }

    pub fn request(&self) -> Option<PermissionRequest> {
        serde_json::from_value(Value::Object(self.raw.clone())).ok()
    }
}

/// Answers a paused run's gates. `None` leaves a gate for someone else (the console, say).
// wasm32 is single-threaded, so the futures' missing `Send` bound costs nothing here.
#[allow(async_fn_in_trait)]
pub trait Gates {
    /// A tool gate: allow or deny.
    async fn on_approval(&self, gate: &Gate) -> Result<Option<Decision>, ClientError>;
    /// A question gate (D14): question text → chosen option label.
    async fn on_question(&self, gate: &Gate) -> Result<Option<JsonObject>, ClientError>;
}

/// No callbacks: `poll`.
pub struct NoGates;

impl Gates for NoGates {
    async fn on_approval(&self, _: &Gate) -> Result<Option<Decision>, ClientError> {
        Ok(None)
    }
    async fn on_question(&self, _: &Gate) -> Result<Option<JsonObject>, ClientError> {
        Ok(None)
    }
}

/// Reads run `run_id` until its status is terminal and returns its JSON text.
pub async fn wait<G: Gates>(
    client: &Client,
    run_id: &str,
    wait: WaitOptions,
    options: &RequestOptions,
    gates: &G,
) -> Result<String, ClientError> {
    let deadline = platform::now_ms() + wait.timeout_ms;
    let mut answered: Vec<String> = Vec::new();
    loop {
        match client.text(Endpoint::RunsGet, &[run_id], None, "", options).await {
            Ok(text) => {
                let head: Value = serde_json::from_str(&text).map_err(|err| {
                    ClientError::InvalidResponse { status: 200, message: err.to_string() }
                })?;
                let status = head.get("status").and_then(Value::as_str).unwrap_or("running");
                if is_terminal_status(status) {
                    if wait.raise_on_error && status == "failed" {
                        return Err(ClientError::RunFailed {
                            run_id: run_id.parse().ok(),
                            errors: head
                                .get("error")
                                .and_then(Value::as_str)
                                .map(str::to_owned)
                                .into_iter()
                                .collect(),
                        });
                    }
                    return Ok(text);
                }
                if status == "awaiting_approval"
                    && answer_gates(client, run_id, options, gates, &mut answered).await?
                {
                    continue;
                }
            }
            // A server hiccup is waited out until the deadline (wire.md §3, poll).
            Err(err) if is_transient(&err) => {}
            Err(err) => return Err(err),
        }
        let now = platform::now_ms();
        if now >= deadline {
            return Err(ClientError::PollTimeout {
                run_id: run_id.to_owned(),
                timeout_ms: wait.timeout_ms,
            });
        }
        let pause = wait.interval_ms.min(deadline - now).max(0.0);
        platform::sleep(pause, options.signal.as_ref()).await;
    }
}

fn is_transient(err: &ClientError) -> bool {
    use m8tes_protocol::ErrorKind;
    match err {
        ClientError::Api(failure) => {
            matches!(failure.info.kind, ErrorKind::InternalServer | ErrorKind::Api)
        }
        ClientError::Connection { .. } | ClientError::Timeout { .. } => true,
        _ => false,
    }
}

/// Answers every pending gate not answered yet; true if any was.
async fn answer_gates<G: Gates>(
    client: &Client,
    run_id: &str,
    options: &RequestOptions,
    gates: &G,
    answered: &mut Vec<String>,
) -> Result<bool, ClientError> {
    let text = client.text(Endpoint::RunsPermissions, &[run_id], None, "", options).await?;
    let requests = match serde_json::from_str(&text) {
        Ok(Value::Array(items)) => items,
        _ => {
            let message = "the permissions of a run are not a JSON array".into();
            return Err(ClientError::InvalidResponse { status: 200, message });
        }
    };
    let mut any = false;
    for raw in requests {
        let Value::Object(raw) = raw else { continue };
        let pending = raw.get("status").and_then(Value::as_str) == Some("pending");
        let Some(request_id) = raw.get("request_id").and_then(Value::as_str) else { continue };
        if !pending || answered.iter().any(|done| done == request_id) {
            continue;
        }
        let gate = Gate { request_id: request_id.to_owned(), raw };
        if gate.is_question() {
            let Some(answers) = gates.on_question(&gate).await? else { continue };
            let body = to_body(&Answers { answers, request_id: Some(gate.request_id.clone()) })?;
            client.text(Endpoint::RunsAnswer, &[run_id], Some(body), "", options).await?;
        } else {
            let Some(decision) = gates.on_approval(&gate).await? else { continue };
            let body = to_body(&Approval {
                request_id: gate.request_id.clone(),
                decision,
                remember: false,
                reason: None,
            })?;
            client.text(Endpoint::RunsApprove, &[run_id], Some(body), "", options).await?;
        }
        answered.push(gate.request_id);
        any = true;
    }
    Ok(any)
}
