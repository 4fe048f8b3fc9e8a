//! One teammate: edit; pause (disable: its schedules wait) and resume; archive with a confirmation,
//! or unarchive an archived one; and the inbound webhook URL and email inbox with copy buttons.

use leptos::prelude::*;
use m8tes_protocol::types::Teammate;

use crate::api;
use crate::copy::CopyButton;
use crate::forms::AskFirst;
use crate::pages::route_id;
use crate::remote::{act, fetch, problem_line, saved_line, show};
use crate::router::{navigate, use_params};

use super::form::TeammateForm;

#[component]
pub fn TeammateDetail() -> impl IntoView {
    let params = use_params();
    let id = move || params.get("id").unwrap_or_default();
    let teammate = fetch(move |client| {
        let id = id();
        async move { api::teammates::get(&client, route_id(&id)?).await }
    });
    view! { {show(teammate, |teammate| view! { <TeammateEditor teammate/> })} }
}

/// The status changes a teammate's page offers besides archiving.
#[derive(Clone, Copy)]
enum Change {
    /// Paused: the teammate stays listed, its schedules wait.
    Disable,
    Enable,
    /// Back from the archive, paused.
    Unarchive,
}

#[component]
fn TeammateEditor(teammate: Teammate) -> impl IntoView {
    let id = teammate.id;
    let form = TeammateForm::new(Some(&teammate));
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    // `enabled`, `disabled` (paused: its schedules wait) or `archived`.
    let status = RwSignal::new(teammate.status.clone().unwrap_or_default());

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let body = form.update();
        act(
            problem,
            "Teammate saved.",
            move |c| api::teammates::update(&c, id, &body),
            move |_| saved.set(true),
        );
    };
    let archive = move || {
        act(
            problem,
            "Teammate deleted.",
            move |c| api::teammates::delete(&c, id),
            move |()| navigate("/teammates"),
        );
    };
    // Disable, enable and unarchive each answer the teammate as it now is.
    let change = move |to: Change| {
        let done = match to {
            Change::Disable => "Teammate disabled.",
            Change::Enable => "Teammate enabled.",
            Change::Unarchive => "Teammate unarchived.",
        };
        act(
            problem,
            done,
            move |c| match to {
                Change::Disable => api::teammates::disable(&c, id),
                Change::Enable => api::teammates::enable(&c, id),
                Change::Unarchive => api::teammates::unarchive(&c, id),
            },
            move |now| status.set(now.status.unwrap_or_default()),
        );
    };
    let run_href = format!("/run?teammate={id}");
    view! {
        <div class="spread">
            <h1 class="wrap-anywhere">{teammate.name.clone()}</h1>
            <a href=run_href class="button">"Start a run"</a>
        </div>
        <p class="muted small">
            {format!("Teammate {} · created {}", teammate.id, teammate.created_at.clone().unwrap_or_default())}
            " "
            <span class=move || format!("badge {}", status.get()) data-testid="teammate-status">{move || status.get()}</span>
        </p>
        <form class="card stack" on:submit=save>
            {form.view(true)}
            {problem_line(problem)}
            {saved_line(saved)}
            <div class="row">
                <button type="submit">"Save changes"</button>
                {move || {
                    let (label, to) = match status.get().as_str() {
                        "archived" => ("Unarchive", Change::Unarchive),
                        "disabled" => ("Resume teammate", Change::Enable),
                        _ => ("Pause teammate", Change::Disable),
                    };
                    view! { <button type="button" class="secondary" on:click=move |_| change(to)>{label}</button> }
                }}
                {move || status.with(|s| s != "archived").then(|| view! {
                    <AskFirst label="Archive…" question="Archive this teammate? Its runs stay in the history." yes="Yes, archive" act=archive/>
                })}
            </div>
        </form>
        <Inbound id email=teammate.email_address.clone().filter(|_| teammate.inbound_email_enabled == Some(true))/>
    }
}

/// The inbound webhook URL and email inbox: enable (which shows them), disable; the webhook
/// also pauses and resumes without revoking its URL.
#[component]
fn Inbound(id: i64, email: Option<String>) -> impl IntoView {
    let webhook = RwSignal::new(None::<String>);
    let webhook_paused = RwSignal::new(false);
    let inbox = RwSignal::new(email);
    let problem = RwSignal::new(None::<String>);
    let enable_webhook = Callback::new(move |()| {
        act(
            problem,
            "Webhook URL enabled.",
            move |c| api::teammates::enable_webhook(&c, id),
            move |hook| {
                webhook_paused.set(!hook.enabled);
                webhook.set(hook.url);
            },
        );
    });
    let pause_webhook = Callback::new(move |pause: bool| {
        act(
            problem,
            "Webhook URL updated.",
            move |c| api::teammates::set_webhook_enabled(&c, id, !pause),
            move |hook| {
                webhook_paused.set(!hook.enabled);
                if hook.url.is_some() {
                    webhook.set(hook.url);
                }
            },
        );
    });
    let disable_webhook = Callback::new(move |()| {
        act(
            problem,
            "Webhook URL disabled.",
            move |c| api::teammates::disable_webhook(&c, id),
            move |()| webhook.set(None),
        );
    });
    let enable_inbox = Callback::new(move |()| {
        act(
            problem,
            "Email inbox enabled.",
            move |c| api::teammates::enable_email_inbox(&c, id),
            move |inbox_now| inbox.set(inbox_now.address),
        );
    });
    let disable_inbox = Callback::new(move |()| {
        act(
            problem,
            "Email inbox disabled.",
            move |c| api::teammates::disable_email_inbox(&c, id),
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
                    pause=(webhook_paused, pause_webhook)
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

/// One way in: its address with a copy button and Disable, or what it does and Enable. With
/// `pause` (whether it is paused, and the call that pauses or resumes it), Pause and Resume.
#[component]
fn Channel(
    title: &'static str,
    idle: &'static str,
    enable_label: &'static str,
    address: RwSignal<Option<String>>,
    enable: Callback<()>,
    disable: Callback<()>,
    #[prop(optional)] pause: Option<(RwSignal<bool>, Callback<bool>)>,
) -> impl IntoView {
    view! {
        <h3>{title}</h3>
        {move || match address.get() {
            Some(text) => view! {
                <div class="row">
                    <code class="wrap-anywhere">{text.clone()}</code>
                    <CopyButton text=Signal::derive(move || text.clone())/>
                    {pause.map(|(paused, set)| move || {
                        let now = paused.get();
                        view! {
                            {now.then(|| view! { <span class="badge" data-testid="webhook-paused">"paused"</span> })}
                            <button class="secondary" on:click=move |_| set.run(!now)>
                                {if now { "Resume" } else { "Pause" }}
                            </button>
                        }
                    })}
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
