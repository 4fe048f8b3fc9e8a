//! The webhook endpoints, a page at a time, under the form that adds one; a new endpoint's
//! secret is shown once.

use leptos::prelude::*;
use m8tes_protocol::types::{ListParams, Webhook, WebhookCreate, DEFAULT_WEBHOOK_EVENTS};

use crate::api;
use crate::forms::optional;
use crate::paging::{paged, Cursors};
use crate::remote::{act, fetch, problem_line};

use super::events::EventPicker;
use super::secret::OnceSecret;

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let cursors = Cursors::new();
    let refresh = RwSignal::new(0u32);
    let hooks = fetch(move |client| {
        refresh.track();
        let params = ListParams { limit: Some(20), starting_after: cursors.starting_after() };
        api::webhooks::list(&client, &params)
    });
    let url = RwSignal::new(String::new());
    let events = RwSignal::new(DEFAULT_WEBHOOK_EVENTS.map(String::from).to_vec());
    let problem = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<Webhook>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(address) = optional(&url.get_untracked()) else {
            problem.set(Some("Enter the https URL that should receive events.".into()));
            return;
        };
        let body = WebhookCreate { url: address, events: Some(events.get_untracked()) };
        act(
            problem,
            "Endpoint added.",
            move |c| api::webhooks::create(&c, &body),
            move |hook| {
                url.set(String::new());
                created.set(Some(hook));
                refresh.update(|n| *n += 1);
            },
        );
    };
    view! {
        <h1>"Webhooks"</h1>
        <form class="card stack" on:submit=create aria-label="New webhook">
            <h2>"New endpoint"</h2>
            <label>
                "URL"
                <input type="url" name="url" placeholder="https://example.com/m8tes" bind:value=url/>
            </label>
            <EventPicker events/>
            {problem_line(problem)}
            <div><button type="submit">"Add endpoint"</button></div>
        </form>
        {move || created.get().map(|hook| view! {
            <OnceSecret secret=hook.secret.clone().unwrap_or_default() what="created"/>
            <p><a href=format!("/webhooks/{}", hook.id)>"Open the new endpoint"</a></p>
        })}
        <h2>"Endpoints"</h2>
        {paged(hooks, cursors, "No endpoints yet. Add one to receive run events.", |h| h.id, |rows| view! {
            <ul class="list" aria-label="Webhook endpoints">{rows.into_iter().map(hook_row).collect_view()}</ul>
        })}
    }
}

fn hook_row(hook: Webhook) -> impl IntoView {
    let active = hook.active != Some(false);
    view! {
        <li>
            <div class="grow">
                <h3 class="wrap-anywhere"><a href=format!("/webhooks/{}", hook.id)>{hook.url.clone()}</a></h3>
                <div class="muted small">{hook.events.clone().unwrap_or_default().join(", ")}</div>
            </div>
            <span class=if active { "badge active" } else { "badge" }>{if active { "active" } else { "paused" }}</span>
        </li>
    }
}
