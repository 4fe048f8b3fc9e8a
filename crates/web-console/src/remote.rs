//! Data from the API on a page: how it is fetched (with the session's client, errors turned
//! into sentences) and the three states every page shows while it is not plain data:
//! loading, empty and failed.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use futures_util::TryFutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use m8tes_client_wasm::error::ClientError;
use m8tes_client_wasm::Client;

use crate::api::{Call, Text};
use crate::session::use_session;
use crate::toast::toast;

type Fetch<T> = Rc<dyn Fn(Client) -> Pin<Box<dyn Future<Output = Result<T, ClientError>>>>>;

/// A fetch's data already bound to the view that shows it: every page's state holds this
/// one type, so its signal is compiled once whatever the page fetches (the wasm has a size
/// budget). The view is built once, from the data itself: holding it to build again would
/// compile a deep clone of every type a page reads.
type Drawn = Result<Rc<Cell<Option<Draw>>>, String>;
type Draw = Box<dyn FnOnce() -> AnyView>;

/// A call whose answer a page shows with [`show`] (or [`show_as`]), which starts it.
pub struct Fetched<T>(Fetch<T>);

/// Fetches with the session's client. `call` runs in a reactive scope: the signals it reads
/// before building its future are tracked, so a change of filter or page fetches again.
pub fn fetch<T, Fut>(call: impl Fn(Client) -> Fut + 'static) -> Fetched<T>
where
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    Fetched(Rc::new(move |client| Box::pin(call(client))))
}

/// Runs a change (create, delete, …) in the background. `problem` is cleared when it starts
/// and holds the sentence if it fails; `done` runs after a success. Either way a toast says
/// how it went: `succeeded` or the failure's sentence.
pub fn act<T: 'static>(
    problem: RwSignal<Option<String>>,
    succeeded: &'static str,
    call: impl FnOnce(Client) -> Call<T> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    // Only reading the answer and `done` are generic; the wait, the toast and the problem
    // line are compiled once (the wasm has a size budget).
    act_erased(
        problem,
        succeeded,
        Box::new(move |client| {
            let (text, read) = call(client).split();
            let then: Then = Box::new(move |body| {
                let value = read(body)?;
                Ok(Box::new(move || done(value)) as Box<dyn FnOnce()>)
            });
            (text, then)
        }),
    )
}

/// Reads a change's answer: what to run after the toast, or why it failed.
type Then = Box<dyn FnOnce(&str) -> Result<Box<dyn FnOnce()>, ClientError>>;
type Change = Box<dyn FnOnce(Client) -> (Text, Then)>;

fn act_erased(problem: RwSignal<Option<String>>, succeeded: &'static str, call: Change) {
    let session = use_session();
    problem.set(None);
    spawn_erased(Box::pin(async move {
        let outcome = match session.client() {
            Ok(client) => {
                let (text, then) = call(client);
                match text.await {
                    Ok(body) => then(&body),
                    Err(err) => Err(err),
                }
            }
            Err(err) => Err(err),
        };
        match outcome {
            Ok(done) => {
                toast(succeeded.to_owned(), true);
                done()
            }
            Err(err) => {
                let sentence = session.explain(&err);
                toast(sentence.clone(), false);
                problem.set(Some(sentence))
            }
        }
    }));
}

/// `spawn_local` for a boxed future: one instance of the spawner for every caller.
pub fn spawn_erased(task: Pin<Box<dyn Future<Output = ()>>>) {
    spawn_local(task);
}

/// Renders a fetch: loading, its error sentence, or `ready` with the data.
pub fn show<T, V>(fetched: Fetched<T>, ready: impl Fn(T) -> V + 'static) -> impl IntoView
where
    T: 'static,
    V: IntoView + 'static,
{
    show_as(fetched, ready, || loading().into_any(), |text| failed(text).into_any())
}

/// [`show`] with its own loading and failure views, for where a paragraph cannot go (inside
/// a `<select>`).
pub fn show_as<T, V>(
    fetched: Fetched<T>,
    ready: impl Fn(T) -> V + 'static,
    loading: fn() -> AnyView,
    failed: fn(String) -> AnyView,
) -> impl IntoView
where
    T: 'static,
    V: IntoView + 'static,
{
    // Only binding the data to its view is generic; fetching and the three states are
    // compiled once (the wasm has a size budget).
    let (Fetched(call), ready) = (fetched, Rc::new(ready));
    let draw: DrawCall = Rc::new(move |client| {
        let ready = ready.clone();
        // A plain map over the answer, not an `async` block: smaller for each data type.
        Box::pin(call(client).map_ok(move |value| {
            Rc::new(Cell::new(Some(Box::new(move || ready(value).into_any()) as Draw)))
        }))
    });
    show_erased(draw, loading, failed)
}

type DrawCall = Rc<
    dyn Fn(Client) -> Pin<Box<dyn Future<Output = Result<Rc<Cell<Option<Draw>>>, ClientError>>>>,
>;

fn show_erased(call: DrawCall, loading: fn() -> AnyView, failed: fn(String) -> AnyView) -> AnyView {
    let session = use_session();
    // The latest answer, kept while a new one is on its way (a change of filter or page
    // shows the old rows until the new ones arrive, as a resource would). Leptos's own
    // resources cost the wasm more than this effect and signal do (it has a size budget).
    let state = RwSignal::new_local(None::<Drawn>);
    let asked = StoredValue::new(0u32);
    Effect::new(move || {
        // `call` reads the signals it depends on here, so this effect runs again on a change.
        let started = session.client().map(&*call);
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        spawn_erased(Box::pin(async move {
            let outcome = match started {
                Ok(future) => future.await,
                Err(err) => Err(err),
            };
            let drawn: Drawn = outcome.map_err(|err| session.explain(&err));
            // Only the latest request draws: an older answer arriving late is dropped.
            if asked.try_get_value() == Some(this) {
                state.try_set(Some(drawn));
            }
        }));
    });
    (move || match state.get() {
        None => loading(),
        Some(Err(text)) => failed(text),
        // A new answer is a new state, so each is drawn once, untracked: a signal the page
        // reads while drawing (the pager's cursors) must not ask to draw it again. Were it
        // asked anyway, it would show as loading rather than fail.
        Some(Ok(view)) => view.take().map_or_else(loading, untrack),
    })
    .into_any()
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
