//! Needs you: the runs waiting on a person (an approval, a question, a reply), from
//! `runs.needs_you`, each a link to the run's page where it is answered; and the menu link
//! that carries their count on every page.

use leptos::prelude::*;
use m8tes_protocol::types::{NeedsYou, NeedsYouItem, OptionalUserScope};

use crate::api;
use crate::forms::optional;
use crate::remote::{empty, fetch, show, spawn_erased};
use crate::router::use_location;
use crate::session::use_session;

#[component]
pub fn NeedsYouPage() -> impl IntoView {
    let user_id = RwSignal::new(String::new());
    let waiting = fetch(move |client| {
        let scope = OptionalUserScope { user_id: user_id.with(|u| optional(u)) };
        api::runs::needs_you(&client, &scope)
    });
    view! {
        <h1>"Needs you"</h1>
        <p class="muted">"Runs waiting on a person: a tool to allow, a question to answer, a reply to give."</p>
        <div class="filters" role="search">
            <label>
                "User id"
                <input type="search" name="user_id" placeholder="the account's own runs"
                    on:change=move |ev| user_id.set(event_target_value(&ev))/>
            </label>
        </div>
        {show(waiting, waiting_list)}
    }
}

fn waiting_list(waiting: NeedsYou) -> AnyView {
    if waiting.count == 0 {
        return empty("Nothing is waiting on you.").into_any();
    }
    let shown = waiting.items.len() as u64;
    let head = match waiting.count {
        1 => "1 run is waiting on you.".to_owned(),
        n => format!("{n} runs are waiting on you."),
    };
    // The server caps the items; the count is the whole truth.
    let more = (waiting.count > shown).then(|| format!(" The first {shown} are listed."));
    view! {
        <p data-testid="needs-you-count">{head}{more}</p>
        <ul class="list" aria-label="Runs waiting on you">
            {waiting.items.into_iter().map(waiting_row).collect_view()}
        </ul>
    }
    .into_any()
}

fn waiting_row(item: NeedsYouItem) -> impl IntoView {
    view! {
        <li data-testid="needs-you-item">
            <div class="grow">
                <h3 class="wrap-anywhere"><a href=format!("/runs/{}", item.run_id)>{item.title}</a></h3>
                <div class="muted small">{format!("{} · run {}", item.mate_name, item.run_id)}</div>
            </div>
            <a href=format!("/runs/{}", item.run_id) class="button secondary">"Open"</a>
        </li>
    }
}

/// The menu's "Needs you" link with the number waiting, read again on every page change.
/// The count is a hint beside the link: it is read once, without retries, and a count that
/// cannot be read is left out (the page itself says why).
#[component]
pub fn NeedsYouLink() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let count = RwSignal::new(0u64);
    Effect::new(move || {
        location.pathname.track();
        let Ok(client) = session.client() else { return };
        spawn_erased(Box::pin(async move {
            let scope = OptionalUserScope::default();
            match api::runs::needs_you_once(&client, &scope).await {
                Ok(waiting) => count.set(waiting.count),
                // Said through the session so a revoked key still signs out; the menu stays quiet.
                Err(err) => drop(session.explain(&err)),
            }
        }));
    });
    view! {
        <a href="/needs-you" aria-current=move || location.is_current("/needs-you").then_some("page")>
            "Needs you "
            {move || {
                let n = count.get();
                (n > 0).then(|| view! { <span class="count" data-testid="needs-you-badge">{n}</span> })
            }}
        </a>
    }
}
