//! Webhooks: the endpoints m8tes posts run events to, with their events and active toggle;
//! the signing secret shown once (at creation and at rotation) with a copy button; and each
//! endpoint's deliveries with status, response code and attempts.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use m8tes_protocol::types::{
    ListParams, Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate, DEFAULT_WEBHOOK_EVENTS,
    WEBHOOK_EVENTS,
};

use crate::api;
use crate::copy::CopyButton;
use crate::forms::optional;
use crate::paging::{paged, Cursors};
use crate::remote::{act, fetch, problem_line, saved_line, show};

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let cursors = Cursors::new();
    let refresh = RwSignal::new(0u32);
    let hooks = fetch(move |client| {
        refresh.track();
        let params = ListParams { limit: Some(20), starting_after: cursors.starting_after() };
        async move { api::webhooks_list(&client, &params).await }
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
            move |c| async move { api::webhooks_create(&c, &body).await },
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
            <p><A href=format!("/webhooks/{}", hook.id)>"Open the new endpoint"</A></p>
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
                <h3 class="wrap-anywhere"><A href=format!("/webhooks/{}", hook.id)>{hook.url.clone()}</A></h3>
                <div class="muted small">{hook.events.clone().unwrap_or_default().join(", ")}</div>
            </div>
            <span class=if active { "badge active" } else { "badge" }>{if active { "active" } else { "paused" }}</span>
        </li>
    }
}

#[component]
fn EventPicker(events: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Events"</legend>
            <div class="tool-picks">
                {WEBHOOK_EVENTS.map(|event| {
                    let toggle = move |_| events.update(|list| match list.iter().position(|e| e == event) {
                        Some(at) => {
                            list.remove(at);
                        }
                        None => list.push(event.to_owned()),
                    });
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || events.with(|l| l.iter().any(|e| e == event)) on:change=toggle/>
                            {event}
                        </label>
                    }
                })}
            </div>
        </fieldset>
    }
}

/// A signing secret, shown this one time only.
#[component]
fn OnceSecret(secret: String, what: &'static str) -> impl IntoView {
    let copy_text = secret.clone();
    view! {
        <div class="secret stack" role="status" data-testid="webhook-secret">
            <strong>{format!("Signing secret {what}. Copy it now: it will not be shown again.")}</strong>
            <div class="row">
                <code class="wrap-anywhere">{secret}</code>
                <CopyButton text=Signal::derive(move || copy_text.clone())/>
            </div>
        </div>
    }
}

#[component]
pub fn WebhookDetail() -> impl IntoView {
    let params = use_params_map();
    let hook = fetch(move |client| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        async move { api::webhooks_get(&client, &id).await }
    });
    view! { {show(hook, |hook| view! { <WebhookEditor hook/> })} }
}

#[component]
fn WebhookEditor(hook: Webhook) -> impl IntoView {
    let id = StoredValue::new(hook.id.to_string());
    let events = RwSignal::new(hook.events.clone().unwrap_or_default());
    let active = RwSignal::new(hook.active != Some(false));
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let rotated = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let body = WebhookUpdate {
            events: Some(events.get_untracked()),
            active: Some(active.get_untracked()),
            ..Default::default()
        };
        let id = id.get_value();
        act(
            problem,
            move |c| async move { api::webhooks_update(&c, &id, &body).await },
            move |_| saved.set(true),
        );
    };
    let rotate = move |_| {
        let body = WebhookUpdate { rotate_secret: true, ..Default::default() };
        let id = id.get_value();
        act(
            problem,
            move |c| async move { api::webhooks_update(&c, &id, &body).await },
            move |hook| rotated.set(hook.secret),
        );
    };
    let delete = move |_| {
        let id = id.get_value();
        let navigate = navigate.clone();
        act(
            problem,
            move |c| async move { api::webhooks_delete(&c, &id).await },
            move |()| navigate("/webhooks", NavigateOptions::default()),
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
                <button type="button" class="danger" on:click=delete>"Delete endpoint"</button>
            </div>
        </form>
        {move || rotated.get().map(|secret| view! { <OnceSecret secret what="rotated"/> })}
        <Deliveries id=id.get_value()/>
    }
}

#[component]
fn Deliveries(id: String) -> impl IntoView {
    let id = StoredValue::new(id);
    let cursors = Cursors::new();
    let refresh = RwSignal::new(0u32);
    let deliveries = fetch(move |client| {
        refresh.track();
        let params = ListParams { limit: Some(20), starting_after: cursors.starting_after() };
        let id = id.get_value();
        async move { api::webhooks_deliveries(&client, &id, &params).await }
    });
    view! {
        <section class="card">
            <div class="spread">
                <h2>"Deliveries"</h2>
                <button class="secondary" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
            </div>
            {paged(deliveries, cursors, "No deliveries yet: they appear when a subscribed run event happens.", |d| d.id, |rows| view! {
                <div class="table-wrap">
                    <table aria-label="Deliveries">
                        <thead><tr><th>"Event"</th><th>"Run"</th><th>"Status"</th><th>"Response"</th><th>"Attempts"</th><th>"When"</th></tr></thead>
                        <tbody>{rows.into_iter().map(delivery_row).collect_view()}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

fn delivery_row(delivery: WebhookDelivery) -> impl IntoView {
    view! {
        <tr data-testid="delivery">
            <td>{delivery.event_type.clone()}</td>
            <td><A href=format!("/runs/{}", delivery.run_id)>{format!("#{}", delivery.run_id)}</A></td>
            <td><span class=format!("badge {}", delivery.status)>{delivery.status.clone()}</span></td>
            <td>{delivery.response_status_code.map_or_else(|| "—".to_owned(), |code| code.to_string())}</td>
            <td>{delivery.attempts.unwrap_or(0)}</td>
            <td class="small muted">{delivery.created_at.clone().unwrap_or_default()}</td>
        </tr>
    }
}
