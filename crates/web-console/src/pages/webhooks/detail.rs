//! One endpoint: its events and active toggle, secret rotation (the new secret shown once),
//! delete, and its deliveries.

use leptos::prelude::*;
use m8tes_protocol::types::{Webhook, WebhookUpdate};

use crate::api;
use crate::forms::AskFirst;
use crate::pages::route_id;
use crate::remote::{act, fetch, problem_line, saved_line, show};
use crate::router::{navigate, use_params};

use super::deliveries::Deliveries;
use super::events::EventPicker;
use super::secret::OnceSecret;

#[component]
pub fn WebhookDetail() -> impl IntoView {
    let params = use_params();
    let hook = fetch(move |client| {
        let id = params.get("id").unwrap_or_default();
        async move { api::webhooks::get(&client, route_id(&id)?).await }
    });
    view! { {show(hook, |hook| view! { <WebhookEditor hook/> })} }
}

#[component]
fn WebhookEditor(hook: Webhook) -> impl IntoView {
    let id = hook.id;
    let events = RwSignal::new(hook.events.clone().unwrap_or_default());
    let active = RwSignal::new(hook.active != Some(false));
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let rotated = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let body = WebhookUpdate {
            events: Some(events.get_untracked()),
            active: Some(active.get_untracked()),
            ..Default::default()
        };
        act(
            problem,
            "Endpoint saved.",
            move |c| api::webhooks::update(&c, id, &body),
            move |_| saved.set(true),
        );
    };
    let rotate = move |_| {
        let body = WebhookUpdate { rotate_secret: true, ..Default::default() };
        act(
            problem,
            "Endpoint saved.",
            move |c| api::webhooks::update(&c, id, &body),
            move |hook| rotated.set(hook.secret),
        );
    };
    let delete = move || {
        act(
            problem,
            "Endpoint deleted.",
            move |c| api::webhooks::delete(&c, id),
            move |()| navigate("/webhooks"),
        );
    };
    view! {
        <h1 class="wrap-anywhere">{hook.url.clone()}</h1>
        <p class="muted small">{format!("Endpoint {} · secret {}", hook.id, hook.secret.clone().unwrap_or_default())}</p>
        <form class="card stack" on:submit=save>
            <EventPicker events/>
            <label class="check"><input type="checkbox" name="active" bind:checked=active/>"Active: send events to this endpoint"</label>
            {problem_line(problem)}
            {saved_line(saved)}
            <div class="row">
                <button type="submit">"Save changes"</button>
                <button type="button" class="secondary" on:click=rotate>"Rotate secret"</button>
                <AskFirst label="Delete endpoint…" question="Delete this endpoint? It gets no more events." yes="Yes, delete" act=delete/>
            </div>
        </form>
        {move || rotated.get().map(|secret| view! { <OnceSecret secret what="rotated"/> })}
        <Deliveries id/>
    }
}
