//! A run's Retry and Archive buttons. Retry makes a NEW run and opens it; a run that already
//! acted (sent a message, changed data) is retried only after the person confirms, as SDK
//! 4.49's `retry(confirm=True)` does. Archive hides the run from the default list; Unarchive
//! brings it back.

use leptos::prelude::*;
use m8tes_client_wasm::ClientError;
use m8tes_protocol::types::RunRetryParams;

use crate::api;
use crate::remote::spawn_erased;
use crate::router::navigate;
use crate::run::live::LiveRun;
use crate::session::use_session;

/// What the Retry button shows: itself, or the question before a retry that may repeat actions.
#[derive(Clone, Copy, PartialEq)]
enum Retry {
    Offered,
    Confirming,
}

#[component]
pub fn RunActions(live: LiveRun) -> impl IntoView {
    let session = use_session();
    let retry = RwSignal::new(Retry::Offered);
    let can_retry = move || {
        live.run_id.get().is_some() && live.is_terminal() && {
            let status = live.status.get();
            let by_status = status == "failed" || status == "cancelled";
            live.marks.with(|m| m.retryable).unwrap_or(by_status)
        }
    };
    let send_retry = move |confirm: bool| {
        let Some(id) = live.run_id.get_untracked() else { return };
        retry.set(Retry::Offered);
        live.problem.set(None);
        spawn_erased(Box::pin(async move {
            let params = RunRetryParams { confirm, use_credits: false };
            let retried = match session.client() {
                Ok(client) => api::runs::retry(&client, id, &params).await,
                Err(err) => Err(err),
            };
            match retried {
                Ok(run) => navigate(&format!("/runs/{}", run.id)),
                Err(err) if needs_confirmation(&err) => retry.set(Retry::Confirming),
                Err(err) => live.problem.set(Some(session.explain(&err))),
            }
        }));
    };
    let ask_or_retry = move |_| {
        if live.marks.with_untracked(|m| m.repeats_actions) {
            retry.set(Retry::Confirming);
        } else {
            send_retry(false);
        }
    };
    let set_archived = move |archive: bool| {
        let Some(id) = live.run_id.get_untracked() else { return };
        live.problem.set(None);
        spawn_erased(Box::pin(async move {
            let changed = match session.client() {
                Ok(client) if archive => api::runs::archive(&client, id).await,
                Ok(client) => api::runs::unarchive(&client, id).await,
                Err(err) => Err(err),
            };
            match changed {
                Ok(run) => live.absorb_run(&run, false),
                Err(err) => live.problem.set(Some(session.explain(&err))),
            }
        }));
    };
    let retry_buttons = move || {
        if !can_retry() {
            return ().into_any();
        }
        match retry.get() {
            Retry::Offered => {
                view! { <button on:click=ask_or_retry>"Retry"</button> }.into_any()
            }
            Retry::Confirming => {
                view! {
                    <span role="alert">"This run already acted; a retry may do it again."</span>
                    <button class="danger" on:click=move |_| send_retry(true)>"Yes, retry"</button>
                    <button class="secondary" on:click=move |_| retry.set(Retry::Offered)>"Keep"</button>
                }
                .into_any()
            }
        }
    };
    let archive_buttons = move || {
        live.run_id.get()?;
        let archived = live.marks.with(|m| m.archived);
        Some(view! {
            {archived.then(|| view! { <span class="badge" data-testid="run-archived">"archived"</span> })}
            <button class="secondary" on:click=move |_| set_archived(!archived)>
                {if archived { "Unarchive" } else { "Archive" }}
            </button>
        })
    };
    view! {
        {retry_buttons}
        {archive_buttons}
    }
}

/// The server's 409 for a run that already acted: ask, then retry with `confirm`.
fn needs_confirmation(err: &ClientError) -> bool {
    let ClientError::Api(failure) = err else { return false };
    let info = &failure.info;
    [&info.code, &info.error_code]
        .into_iter()
        .any(|code| code.as_deref() == Some("retry_needs_confirmation"))
}
