//! Data from the API on a page: how it is fetched (with the session's client, errors turned
//! into sentences) and the three states every page shows while it is not plain data:
//! loading, empty and failed.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use m8tes_client_wasm::error::ClientError;
use m8tes_client_wasm::Client;

use crate::session::use_session;

// Every page fetches a different type, and Leptos instantiates its resource and view
// machinery once per type. The data is therefore carried type-erased between `fetch` and
// `show`, so that machinery is compiled once: the wasm-size budget depends on it.
type Erased = Arc<dyn Any + Send + Sync>;
type ErasedFuture = Pin<Box<dyn Future<Output = Result<Erased, String>>>>;

/// A fetch's result as a page shows it: the data, or the sentence that explains the failure.
pub struct Fetched<T> {
    resource: LocalResource<Result<Erased, String>>,
    data: PhantomData<fn() -> T>,
}

impl<T> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Fetched<T> {}

/// Fetches with the session's client. `call` runs in a reactive scope: the signals it reads
/// before building its future are tracked, so a change of filter or page fetches again.
pub fn fetch<T, Fut>(call: impl Fn(Client) -> Fut + 'static) -> Fetched<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let session = use_session();
    let start: Box<dyn Fn() -> ErasedFuture> = Box::new(move || {
        let started = session.client().map(&call);
        Box::pin(async move {
            let outcome = match started {
                Ok(future) => future.await,
                Err(err) => Err(err),
            };
            outcome.map(|value| Arc::new(value) as Erased).map_err(|err| session.explain(&err))
        })
    });
    Fetched { resource: erased_resource(start), data: PhantomData }
}

fn erased_resource(start: Box<dyn Fn() -> ErasedFuture>) -> LocalResource<Result<Erased, String>> {
    LocalResource::new(start)
}

/// Runs a change (create, delete, …) in the background. `problem` is cleared when it starts
/// and holds the sentence if it fails; `done` runs after a success.
pub fn act<T, Fut>(
    problem: RwSignal<Option<String>>,
    call: impl FnOnce(Client) -> Fut + 'static,
    done: impl FnOnce(T) + 'static,
) where
    T: 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let session = use_session();
    problem.set(None);
    spawn_erased(Box::pin(async move {
        let outcome = match session.client() {
            Ok(client) => call(client).await,
            Err(err) => Err(err),
        };
        match outcome {
            Ok(value) => done(value),
            Err(err) => problem.set(Some(session.explain(&err))),
        }
    }));
}

/// `spawn_local` for a boxed future: one instance of the spawner for every caller.
pub fn spawn_erased(task: Pin<Box<dyn Future<Output = ()>>>) {
    spawn_local(task);
}

/// Renders a fetch: loading, its error sentence, or `ready` with the data.
pub fn show<T, V>(
    fetched: Fetched<T>,
    ready: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let render: Box<dyn Fn(&Erased) -> AnyView + Send + Sync> =
        Box::new(move |value| match value.downcast_ref::<T>() {
            Some(value) => ready(value.clone()).into_any(),
            None => failed("The console mixed up two answers; reload the page.".into()).into_any(),
        });
    show_erased(fetched.resource, render)
}

/// A fetch's state where a loading or error paragraph cannot go (inside a `<select>`):
/// `None` while loading, then the data or the sentence.
pub fn state<T: Clone + 'static>(fetched: Fetched<T>) -> Option<Result<T, String>> {
    let outcome = fetched.resource.get()?;
    Some(outcome.and_then(|value| {
        value
            .downcast_ref::<T>()
            .cloned()
            .ok_or_else(|| "The console mixed up two answers; reload the page.".to_owned())
    }))
}

fn show_erased(
    resource: LocalResource<Result<Erased, String>>,
    render: Box<dyn Fn(&Erased) -> AnyView + Send + Sync>,
) -> impl IntoView {
    move || match resource.get() {
        None => loading().into_any(),
        Some(Err(text)) => failed(text).into_any(),
        Some(Ok(value)) => render(&value),
    }
}

pub fn loading() -> impl IntoView {
    view! { <p class="loading" role="status">"Loading…"</p> }
}

pub fn failed(text: String) -> impl IntoView {
    view! { <p class="error" role="alert">{text}</p> }
}

pub fn empty(text: &'static str) -> impl IntoView {
    view! { <p class="empty">{text}</p> }
}

/// The error line under a form or action, shown only while there is one.
pub fn problem_line(problem: RwSignal<Option<String>>) -> impl IntoView {
    move || problem.get().map(failed)
}

/// "Saved." after a save went through, until the next one starts.
pub fn saved_line(saved: RwSignal<bool>) -> impl IntoView {
    move || saved.get().then(|| view! { <p class="notice" role="status">"Saved."</p> })
}
