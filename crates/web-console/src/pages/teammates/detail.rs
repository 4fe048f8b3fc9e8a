//! One teammate: edit, archive with a confirmation, and the inbound webhook URL and email
//! inbox with copy buttons.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use m8tes_protocol::types::Teammate;

use crate::copy::CopyButton;
use crate::forms::AskFirst;
use crate::pages::route_id;
use crate::remote::{act, fetch, problem_line, saved_line, show};

use super::form::TeammateForm;

#[component]
pub fn TeammateDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let teammate = fetch(move |client| {
        let id = id();
        async move { client.teammates().get(route_id(&id)?).await }
    });
    view! { {show(teammate, |teammate| view! { <TeammateEditor teammate/> })} }
}

#[component]
fn TeammateEditor(teammate: Teammate) -> impl IntoView {
    let id = teammate.id;
    let form = TeammateForm::new(Some(&teammate));
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let archived = RwSignal::new(teammate.status.as_deref() == Some("archived"));
    let navigate = use_navigate();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let body = form.update();
        act(
            problem,
            move |c| async move { c.teammates().update(id, &body).await },
            move |_| saved.set(true),
        );
    };
    let archive = move || {
        let navigate = navigate.clone();
        act(
            problem,
            move |c| async move { c.teammates().delete(id).await },
            move |()| {
                archived.set(true);
                navigate("/teammates", NavigateOptions::default());
            },
        );
    };
    let run_href = format!("/run?teammate={id}");
    view! {
        <div class="spread">
            <h1 class="wrap-anywhere">{teammate.name.clone()}</h1>
            <A href=run_href attr:class="button">"Start a run"</A>
        </div>
        <p class="muted small">
            {format!("Teammate {} · created {}", teammate.id, teammate.created_at.clone().unwrap_or_default())}
            {move || archived.get().then_some(" · archived")}
        </p>
        <form class="card stack" on:submit=save>
            {form.view(true)}
            {problem_line(problem)}
            {saved_line(saved)}
            <div class="row">
                <button type="submit">"Save changes"</button>
                <AskFirst label="Archive…" question="Archive this teammate? Its runs stay in the history." yes="Yes, archive" act=archive/>
            </div>
        </form>
        <Inbound id email=teammate.email_address.clone().filter(|_| teammate.inbound_email_enabled == Some(true))/>
    }
}

/// The inbound webhook URL and email inbox: enable (which shows them), disable.
#[component]
fn Inbound(id: i64, email: Option<String>) -> impl IntoView {
    let webhook = RwSignal::new(None::<String>);
    let inbox = RwSignal::new(email);
    let problem = RwSignal::new(None::<String>);
    let enable_webhook = Callback::new(move |()| {
        act(
            problem,
            move |c| async move { c.teammates().enable_webhook(id).await },
            move |hook| webhook.set(hook.url),
        );
    });
    let disable_webhook = Callback::new(move |()| {
        act(
            problem,
            move |c| async move { c.teammates().disable_webhook(id).await },
            move |()| webhook.set(None),
        );
    });
    let enable_inbox = Callback::new(move |()| {
        act(
            problem,
            move |c| async move { c.teammates().enable_email_inbox(id).await },
            move |inbox_now| inbox.set(inbox_now.address),
        );
    });
    let disable_inbox = Callback::new(move |()| {
        act(
            problem,
            move |c| async move { c.teammates().disable_email_inbox(id).await },
            move |()| inbox.set(None),
        );
    });
    view! {
        <section class="card stack">
            <h2>"Start runs from outside"</h2>
            <div class="stack">
                <Channel
                    title="Webhook URL"
                    idle="POST to a URL to start a run."
                    enable_label="Enable webhook URL"
                    address=webhook
                    enable=enable_webhook
                    disable=disable_webhook
                />
                <Channel
                    title="Email inbox"
                    idle="Mail an address to start a run."
                    enable_label="Enable email inbox"
                    address=inbox
                    enable=enable_inbox
                    disable=disable_inbox
                />
            </div>
            {problem_line(problem)}
        </section>
    }
}

/// One way in: its address with a copy button and Disable, or what it does and Enable.
#[component]
fn Channel(
    title: &'static str,
    idle: &'static str,
    enable_label: &'static str,
    address: RwSignal<Option<String>>,
    enable: Callback<()>,
    disable: Callback<()>,
) -> impl IntoView {
    view! {
        <h3>{title}</h3>
        {move || match address.get() {
            Some(text) => view! {
                <div class="row">
                    <code class="wrap-anywhere">{text.clone()}</code>
                    <CopyButton text=Signal::derive(move || text.clone())/>
                    <button class="danger" on:click=move |_| disable.run(())>"Disable"</button>
                </div>
            }
            .into_any(),
            None => view! {
                <div class="row">
                    <span class="muted">{idle}</span>
                    <button class="secondary" on:click=move |_| enable.run(())>{enable_label}</button>
                </div>
            }
            .into_any(),
        }}
    }
}
