//! A run's event stream (D9): SSE decoded from the fetch body as it arrives, each event
//! folded into a [`StreamAccumulator`], with the replay rule of wire.md §9.4 (a replayed
//! streaming POST answers JSON, so the stream rejoins with `GET /runs/{id}/stream`).

use std::cell::{Cell, Ref, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use m8tes_protocol::types::is_terminal_status;
use m8tes_protocol::{RunEvent, SseDecoder, StreamAccumulator};
use serde_json::Value;

use crate::client::Client;
use crate::endpoint::Endpoint;
use crate::error::ClientError;
use crate::options::RequestOptions;
use crate::transport::{BodyReader, Outgoing};

type Next = Option<Result<RunEvent, ClientError>>;
/// An event with the JSON text of the frame it came from (`{}` for `[DONE]`).
pub(crate) type Framed = (RunEvent, String);

/// A run's events as a `futures::Stream` of `Result<RunEvent, ClientError>`. The request goes
/// out on the first poll. Leaving it early is fine: dropping or [`RunStream::abort`] stops the
/// body.
pub struct RunStream {
    core: StreamCore,
    pending: Option<Pin<Box<dyn Future<Output = Next>>>>,
}

impl RunStream {
    pub(crate) fn new(
        client: Client,
        outgoing: Result<Outgoing, ClientError>,
        options: RequestOptions,
        raise_on_error: bool,
    ) -> RunStream {
        RunStream {
            core: StreamCore::new(client, outgoing, options, raise_on_error),
            pending: None,
        }
    }

    /// The shared state, for the JS handle.
    #[cfg(feature = "js")]
    pub(crate) fn core(&self) -> StreamCore {
        self.core.clone()
    }

    /// What the events so far add up to: text, tool calls, errors, usage, run id.
    pub fn accumulator(&self) -> Ref<'_, StreamAccumulator> {
        self.core.accumulator()
    }

    pub fn run_id(&self) -> Option<i64> {
        self.core.accumulator().run_id
    }

    pub fn abort(&self) {
        self.core.abort();
    }
}

impl futures_core::Stream for RunStream {
    type Item = Result<RunEvent, ClientError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let core = self.core.clone();
        let pending =
            self.pending.get_or_insert_with(|| Box::pin(async move { core.next().await }));
        match pending.as_mut().poll(cx) {
            Poll::Ready(item) => {
                self.pending = None;
                Poll::Ready(item)
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for RunStream {
    fn drop(&mut self) {
        // A read in progress holds a clone of the core: let it go first, or a stream dropped
        // mid-read would look shared and keep its body open.
        self.pending = None;
        // The JS handle may still hold the core; only a stream nobody else reads is stopped.
        if Rc::strong_count(&self.core.0) == 1 {
            self.core.abort();
        }
    }
}

/// The state behind a stream, shared by the Rust stream and the JS handle.
#[derive(Clone)]
pub(crate) struct StreamCore(Rc<State>);

struct State {
    client: Client,
    /// The request, until the first pull sends it.
    request: RefCell<Option<Result<Outgoing, ClientError>>>,
    options: RequestOptions,
    reader: RefCell<Option<Rc<BodyReader>>>,
    decoder: RefCell<SseDecoder>,
    queue: RefCell<VecDeque<Framed>>,
    accumulator: RefCell<StreamAccumulator>,
    ended: Cell<bool>,
    aborted: Cell<bool>,
    raise_on_error: bool,
    raised: Cell<bool>,
    /// Why [`StreamCore::start`] could not open the stream; the next read reports it.
    failure: RefCell<Option<ClientError>>,
}

impl StreamCore {
    fn new(
        client: Client,
        outgoing: Result<Outgoing, ClientError>,
        options: RequestOptions,
        raise_on_error: bool,
    ) -> StreamCore {
        StreamCore(Rc::new(State {
            client,
            request: RefCell::new(Some(outgoing)),
            options,
            reader: RefCell::new(None),
            decoder: RefCell::new(SseDecoder::new()),
            queue: RefCell::new(VecDeque::new()),
            accumulator: RefCell::new(StreamAccumulator::new()),
            ended: Cell::new(false),
            aborted: Cell::new(false),
            raise_on_error,
            raised: Cell::new(false),
            failure: RefCell::new(None),
        }))
    }

    pub fn accumulator(&self) -> Ref<'_, StreamAccumulator> {
        self.0.accumulator.borrow()
    }

    /// Stops the stream: a pending read ends, and the iteration ends without an error.
    pub fn abort(&self) {
        let state = &self.0;
        state.aborted.set(true);
        state.request.borrow_mut().take();
        if let Some(reader) = state.reader.borrow_mut().take() {
            reader.abort();
        }
    }

    /// Sends the request now rather than on the first read (the JS API starts a run as soon
    /// as `create` is called, as the Python SDK does). A failure waits for the first read.
    #[cfg(feature = "js")]
    pub async fn start(&self) {
        let state = &self.0;
        if state.reader.borrow().is_some() || state.request.borrow().is_none() {
            return;
        }
        if let Err(err) = self.open().await {
            if !state.aborted.get() {
                *state.failure.borrow_mut() = Some(err);
            }
        }
    }

    /// An event already decoded, without waiting for the network.
    #[cfg(feature = "js")]
    pub fn pop_ready(&self) -> Option<Framed> {
        self.0.queue.borrow_mut().pop_front()
    }

    /// The next event, `None` at the end.
    pub async fn next(&self) -> Next {
        self.next_framed().await.map(|item| item.map(|(event, _)| event))
    }

    /// The next event with its frame's text.
    pub async fn next_framed(&self) -> Option<Result<Framed, ClientError>> {
        let state = &self.0;
        loop {
            if let Some(framed) = state.queue.borrow_mut().pop_front() {
                return Some(Ok(framed));
            }
            if let Some(err) = state.failure.borrow_mut().take() {
                state.ended.set(true);
                return Some(Err(err));
            }
            if state.ended.get() || state.aborted.get() {
                state.ended.set(true);
                return self.raise_once();
            }
            let current = state.reader.borrow().clone();
            let reader = match current {
                Some(reader) => reader,
                None => match self.open().await {
                    Ok(reader) => reader,
                    Err(_) if state.aborted.get() => continue,
                    Err(err) => {
                        state.ended.set(true);
                        return Some(Err(err));
                    }
                },
            };
            match reader.read().await {
                Ok(Some(chunk)) => self.feed(&chunk),
                Ok(None) => {
                    self.finish();
                    state.reader.borrow_mut().take();
                }
                Err(_) if state.aborted.get() => {}
                Err(err) => {
                    state.ended.set(true);
                    state.reader.borrow_mut().take();
                    return Some(Err(match err {
                        ClientError::Connection { message } => ClientError::StreamInterrupted {
                            run_id: state.accumulator.borrow().run_id,
                            message,
                        },
                        other => other,
                    }));
                }
            }
        }
    }

    /// `raiseOnError`: once, after the last event, a stream that saw errors fails.
    fn raise_once(&self) -> Option<Result<Framed, ClientError>> {
        let state = &self.0;
        let accumulator = state.accumulator.borrow();
        if state.raise_on_error && accumulator.has_errors() && !state.raised.get() {
            state.raised.set(true);
            return Some(Err(ClientError::RunFailed {
                run_id: accumulator.run_id,
                errors: accumulator.errors.clone(),
            }));
        }
        None
    }

    async fn open(&self) -> Result<Rc<BodyReader>, ClientError> {
        let state = &self.0;
        let outgoing =
            state.request.borrow_mut().take().unwrap_or_else(|| Err(ClientError::UserAbort))?;
        let transport = state.client.transport();
        let mut response = transport.send(&outgoing, &state.options).await?;
        let replayed = response.header("idempotent-replay").is_some_and(|v| !v.is_empty());
        if outgoing.method == "POST" && replayed {
            let status = response.status;
            let text = response.text().await?;
            let run: Value = serde_json::from_str(&text)
                .map_err(|err| ClientError::InvalidResponse { status, message: err.to_string() })?;
            let run_id = run.get("id").and_then(Value::as_i64).ok_or_else(|| {
                ClientError::InvalidResponse {
                    status,
                    message: "a replayed run without an id".into(),
                }
            })?;
            if run.get("status").and_then(Value::as_str).is_some_and(is_terminal_status) {
                return Err(ClientError::ReplayTerminal { run_id });
            }
            let rejoin = Endpoint::RunsStream.outgoing(&[&run_id.to_string()], None, "")?;
            response = transport.send(&rejoin, &state.options).await?;
        }
        // A rejoin replays the whole history, so nothing counted before may stay.
        state.accumulator.borrow_mut().reset();
        *state.decoder.borrow_mut() = SseDecoder::new();
        let reader = Rc::new(response.into_reader());
        if state.aborted.get() {
            reader.abort();
            return Err(ClientError::UserAbort);
        }
        *state.reader.borrow_mut() = Some(reader.clone());
        Ok(reader)
    }

    fn feed(&self, chunk: &[u8]) {
        let mut decoder = self.0.decoder.borrow_mut();
        decoder.feed(chunk, &mut |payload| self.take(payload));
    }

    fn finish(&self) {
        self.0.decoder.borrow_mut().finish(&mut |payload| self.take(payload));
        self.0.ended.set(true);
    }

    fn take(&self, payload: Result<String, m8tes_protocol::SseError>) {
        // An oversized frame is dropped; the decoder has already moved past it.
        let Ok(payload) = payload else { return };
        if let Some(event) = RunEvent::from_payload(&payload) {
            self.0.accumulator.borrow_mut().apply(&event);
            let frame = if payload == "[DONE]" { String::from("{}") } else { payload };
            self.0.queue.borrow_mut().push_back((event, frame));
        }
    }
}
