//! A run's event stream (D9): SSE decoded from the fetch body as it arrives, each event
//! folded into a [`StreamAccumulator`], with the replay rule of wire.md §9.4 (a replayed
//! streaming POST answers JSON, so the stream rejoins with `GET /runs/{id}/stream`).
//!
//! The Rust API's stream (the console's): it pulls the body itself and queues its events.
//! The decoding, the event model and the accumulation are [`StreamBody`]'s, which the npm
//! package's JS `RunStream` feeds too.

use std::cell::{Cell, Ref, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use m8tes_protocol::{RunEvent, StreamAccumulator};

use crate::endpoint::Endpoint;
use crate::error::ClientError;
use crate::options::RequestOptions;
use crate::stream_body::{replayed_run, StreamBody};
use crate::transport::{BodyReader, Outgoing, Transport};

type Next = Option<Result<RunEvent, ClientError>>;

/// A run's events as a `futures::Stream` of `Result<RunEvent, ClientError>`. The request goes
/// out on the first poll. Leaving it early is fine: dropping or [`RunStream::abort`] stops the
/// body.
pub struct RunStream {
    core: StreamCore,
    pending: Option<Pin<Box<dyn Future<Output = Next>>>>,
}

impl RunStream {
    pub(crate) fn new(
        transport: Rc<Transport>,
        outgoing: Result<Outgoing, ClientError>,
        options: RequestOptions,
        raise_on_error: bool,
    ) -> RunStream {
        RunStream {
            core: StreamCore::new(transport, outgoing, options, raise_on_error),
            pending: None,
        }
    }

    /// What the events so far add up to: text, tool calls, errors, usage, run id.
    pub fn accumulator(&self) -> Ref<'_, StreamAccumulator> {
        self.core.accumulator()
    }

    /// The run's id: from the response's `X-Run-Id` header as soon as the response has begun
    /// (before the first event), else from the events.
    pub fn run_id(&self) -> Option<i64> {
        self.core.run_id()
    }

    /// The response's `X-Request-Id`, once it has begun.
    pub fn request_id(&self) -> Option<String> {
        self.core.request_id()
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
        self.core.abort();
    }
}

/// Where a stream is in its life. Events already decoded for the Rust stream wait in its
/// queue whatever the phase.
enum Phase {
    /// The request, until the first read (or `start`) sends it.
    Unsent(Result<Outgoing, ClientError>),
    /// The request is out; the response has not begun.
    Sending,
    /// The body is being read.
    Reading(Rc<BodyReader>),
    /// The stream could not open; the next read reports why.
    Failed(ClientError),
    /// The body ended, failed or was aborted: the queue is all there is, and `raiseOnError`
    /// may still fail the stream once.
    Ended,
    /// Nothing more, not even that failure.
    Closed,
}

/// The state behind a stream, shared by the stream and its read in progress.
#[derive(Clone)]
pub(crate) struct StreamCore(Rc<State>);

struct State {
    transport: Rc<Transport>,
    options: RequestOptions,
    raise_on_error: bool,
    phase: RefCell<Phase>,
    /// Decoded and not yet read.
    queue: RefCell<VecDeque<RunEvent>>,
    body: RefCell<StreamBody>,
    /// The run named by the response (`X-Run-Id`, or the replayed run's id).
    response_run_id: Cell<Option<i64>>,
    /// The `X-Request-Id` of the response whose body is streamed.
    request_id: RefCell<Option<String>>,
}

impl StreamCore {
    fn new(
        transport: Rc<Transport>,
        outgoing: Result<Outgoing, ClientError>,
        options: RequestOptions,
        raise_on_error: bool,
    ) -> StreamCore {
        StreamCore(Rc::new(State {
            transport,
            options,
            raise_on_error,
            phase: RefCell::new(Phase::Unsent(outgoing)),
            queue: RefCell::new(VecDeque::new()),
            body: RefCell::new(StreamBody::new()),
            response_run_id: Cell::new(None),
            request_id: RefCell::new(None),
        }))
    }

    pub fn accumulator(&self) -> Ref<'_, StreamAccumulator> {
        Ref::map(self.0.body.borrow(), StreamBody::accumulator)
    }

    /// The run's id, known from the response headers before any event, else from the events.
    pub fn run_id(&self) -> Option<i64> {
        self.accumulator().run_id.or(self.0.response_run_id.get())
    }

    /// The `X-Request-Id` of the streamed response, once it has begun.
    pub fn request_id(&self) -> Option<String> {
        self.0.request_id.borrow().clone()
    }

    /// Stops the stream: a pending read ends, and the iteration ends without an error.
    pub fn abort(&self) {
        let previous = mem::replace(&mut *self.0.phase.borrow_mut(), Phase::Ended);
        match previous {
            Phase::Reading(reader) => reader.abort(),
            Phase::Closed => *self.0.phase.borrow_mut() = Phase::Closed,
            _ => {}
        }
    }

    /// Sends the request (on the first read). A failure waits for that read.
    async fn start(&self) {
        let outgoing = {
            let mut phase = self.0.phase.borrow_mut();
            match mem::replace(&mut *phase, Phase::Sending) {
                Phase::Unsent(outgoing) => outgoing,
                other => {
                    *phase = other;
                    return;
                }
            }
        };
        let opened = self.open(outgoing).await;
        let mut phase = self.0.phase.borrow_mut();
        if !matches!(*phase, Phase::Sending) {
            // Aborted while the request was out.
            if let Ok(reader) = opened {
                reader.abort();
            }
            return;
        }
        *phase = match opened {
            Ok(reader) => Phase::Reading(Rc::new(reader)),
            Err(err) => Phase::Failed(err),
        };
    }

    /// The next event, `None` at the end.
    async fn next(&self) -> Next {
        loop {
            if let Some(event) = self.0.queue.borrow_mut().pop_front() {
                return Some(Ok(event));
            }
            let reader = match &*self.0.phase.borrow() {
                Phase::Reading(reader) => Some(reader.clone()),
                _ => None,
            };
            match reader {
                Some(reader) => match reader.read().await {
                    Ok(Some(chunk)) => self.feed(&chunk),
                    Ok(None) => self.end(),
                    Err(err) => {
                        if let Some(err) = self.interrupted(err) {
                            return Some(Err(err));
                        }
                    }
                },
                None => {
                    if matches!(*self.0.phase.borrow(), Phase::Unsent(_)) {
                        self.start().await;
                        continue;
                    }
                    return self.settle().map(Err);
                }
            }
        }
    }

    /// What a read finds when no body is being read: the failure that kept the stream from
    /// opening, then (with `raiseOnError`) the errors the run reported, once; then nothing.
    fn settle(&self) -> Option<ClientError> {
        let state = &self.0;
        let previous = mem::replace(&mut *state.phase.borrow_mut(), Phase::Ended);
        match previous {
            Phase::Failed(err) => return Some(err),
            Phase::Ended => {}
            other => {
                *state.phase.borrow_mut() = other;
                return None;
            }
        }
        *state.phase.borrow_mut() = Phase::Closed;
        let accumulator = self.accumulator();
        (state.raise_on_error && accumulator.has_errors()).then(|| ClientError::RunFailed {
            run_id: accumulator.run_id.or(state.response_run_id.get()),
            errors: accumulator.errors.clone(),
        })
    }

    /// Decodes a chunk of the body; its events join the queue. After an abort, nothing does.
    fn feed(&self, chunk: &[u8]) {
        self.decode(Some(chunk));
    }

    /// The body ended: a last frame without its blank line still counts.
    fn end(&self) {
        self.decode(None);
    }

    /// A read of the body failed: the error to report, or `None` when the stream was aborted
    /// (the iteration then ends quietly).
    fn interrupted(&self, err: ClientError) -> Option<ClientError> {
        let mut phase = self.0.phase.borrow_mut();
        if !matches!(*phase, Phase::Reading(_)) {
            return None;
        }
        *phase = Phase::Ended;
        Some(match err {
            ClientError::Connection { message } => {
                ClientError::StreamInterrupted { run_id: self.run_id(), message }
            }
            other => other,
        })
    }

    async fn open(
        &self,
        outgoing: Result<Outgoing, ClientError>,
    ) -> Result<BodyReader, ClientError> {
        let state = &self.0;
        let outgoing = outgoing?;
        let transport = &state.transport;
        let mut response = transport.send(&outgoing, &state.options).await?;
        let named = response.header("x-run-id").and_then(|id| id.trim().parse().ok());
        state.response_run_id.set(named);
        let replayed = response.header("idempotent-replay").is_some_and(|v| !v.is_empty());
        if outgoing.method == "POST" && replayed {
            let status = response.status;
            let run_id = replayed_run(status, &response.text().await?)?;
            state.response_run_id.set(Some(run_id));
            let rejoin = Endpoint::RunsStream.outgoing(&[&run_id.to_string()], None, "")?;
            response = transport.send(&rejoin, &state.options).await?;
        }
        *state.request_id.borrow_mut() = response.header("x-request-id");
        // A rejoin replays the whole history, so nothing counted before may stay.
        state.body.borrow_mut().restart();
        Ok(response.into_reader())
    }

    /// Decodes a chunk of the body (`None`: the body ended, and a last frame without its
    /// blank line still counts) and queues its events. After an abort, nothing is decoded.
    fn decode(&self, chunk: Option<&[u8]>) {
        match (&*self.0.phase.borrow(), chunk) {
            (Phase::Reading(reader), Some(_)) => reader.chunk_arrived(),
            (Phase::Reading(_), None) => {}
            _ => return,
        }
        let mut queue = self.0.queue.borrow_mut();
        self.0.body.borrow_mut().events(chunk, &mut |event| queue.push_back(event));
        if chunk.is_none() {
            *self.0.phase.borrow_mut() = Phase::Ended;
        }
    }
}
