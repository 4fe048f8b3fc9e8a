//! A run's own page: the run this tab follows, or one read from the API and rejoined after a
//! reload, or shown as it ended; with its gates, files, cancel and reply.

use leptos::prelude::*;

use crate::api;
use crate::remote::{failed, loading, spawn_erased};
use crate::router::use_params;
use crate::run::board::use_board;
use crate::run::follow;
use crate::run::view::LiveRunView;
use crate::session::use_session;
use crate::visible::either;

#[component]
pub fn RunPage() -> impl IntoView {
    let params = use_params();
    move || match params.get("id").and_then(|id| id.parse::<i64>().ok()) {
        Some(id) => view! { <OneRun id/> }.into_any(),
        None => failed("That is not a run id.".into()).into_any(),
    }
}

/// The run `id`: the one this tab is already following, or read from the API and rejoined
/// if it is still going. A run the API cannot give shows only why, with no run controls.
#[component]
fn OneRun(id: i64) -> impl IntoView {
    let board = use_board();
    let session = use_session();
    if let Some(live) = board.find(id) {
        return view! { <LiveRunView live/> }.into_any();
    }
    let live = board.create(Some(id));
    let ready = RwSignal::new(false);
    let missing = RwSignal::new(None::<String>);
    spawn_erased(Box::pin(async move {
        let run = match session.client() {
            Ok(client) => api::runs::get(&client, id).await,
            Err(err) => Err(err),
        };
        match run {
            Ok(run) => {
                board.keep(id, live);
                live.absorb_run(&run, run.is_terminal());
                ready.set(true);
                if run.is_terminal() {
                    follow::settle(live, session).await;
                } else {
                    follow::rejoin(live, session);
                    follow::load_gates(live, session).await;
                }
            }
            Err(err) => {
                missing.set(Some(session.explain(&err)));
                ready.set(true);
            }
        }
    }));
    view! {
        {either(move || ready.get(), move || view! {
            {move || match missing.get() {
                Some(text) => failed(text).into_any(),
                None => view! { <LiveRunView live/> }.into_any(),
            }}
        }.into_any(), || loading().into_any())}
    }
    .into_any()
}
