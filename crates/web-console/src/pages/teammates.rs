//! Teammates: a paginated list, create and edit (with tools from the apps catalog), archive
//! with a confirmation, and the inbound webhook URL and email inbox with copy buttons.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use m8tes_protocol::types::{Teammate, TeammateCreate, TeammateListParams, TeammateUpdate};

use crate::api;
use crate::copy::CopyButton;
use crate::forms::{area, field, list, optional, ArchiveButton, ToolPicker};
use crate::paging::{paged, Cursors};
use crate::remote::{act, fetch, problem_line, saved_line, show};

const PAGE_SIZE: u32 = 20;

#[component]
pub fn TeammatesPage() -> impl IntoView {
    let cursors = Cursors::new();
    let teammates = fetch(move |client| {
        let params = TeammateListParams {
            limit: Some(PAGE_SIZE),
            starting_after: cursors.starting_after(),
            ..Default::default()
        };
        async move { api::teammates_list(&client, &params).await }
    });
    view! {
        <div class="spread">
            <h1>"Teammates"</h1>
            <A href="/teammates/new" attr:class="button">"New teammate"</A>
        </div>
        {paged(teammates, cursors, "No teammates yet. Create one to start runs.", |t| t.id, |rows| view! {
            <ul class="list" aria-label="Teammates">{rows.into_iter().map(teammate_row).collect_view()}</ul>
        })}
    }
}

fn teammate_row(teammate: Teammate) -> impl IntoView {
    let href = format!("/teammates/{}", teammate.id);
    let run_href = format!("/run?teammate={}", teammate.id);
    let tools = teammate.tools.clone().unwrap_or_default().join(", ");
    view! {
        <li>
            <div class="grow">
                <h3><A href=href>{teammate.name.clone()}</A></h3>
                <div class="muted small wrap-anywhere">
                    {teammate.role.clone().unwrap_or_default()}
                    {(!tools.is_empty()).then(|| format!(" · tools: {tools}"))}
                </div>
            </div>
            <span class=format!("badge {}", teammate.status.clone().unwrap_or_default())>
                {teammate.status.clone().unwrap_or_default()}
            </span>
            <A href=run_href attr:class="button secondary">"Run"</A>
        </li>
    }
}

/// The fields of the teammate form, as typed.
#[derive(Clone, Copy)]
struct TeammateForm {
    name: RwSignal<String>,
    role: RwSignal<String>,
    goals: RwSignal<String>,
    instructions: RwSignal<String>,
    user_id: RwSignal<String>,
    allowed_senders: RwSignal<String>,
    tools: RwSignal<Vec<String>>,
}

impl TeammateForm {
    fn new(from: Option<&Teammate>) -> Self {
        let text = |value: Option<&String>| RwSignal::new(value.cloned().unwrap_or_default());
        TeammateForm {
            name: RwSignal::new(from.map(|t| t.name.clone()).unwrap_or_default()),
            role: text(from.and_then(|t| t.role.as_ref())),
            goals: text(from.and_then(|t| t.goals.as_ref())),
            instructions: text(from.and_then(|t| t.instructions.as_ref())),
            user_id: text(from.and_then(|t| t.user_id.as_ref())),
            allowed_senders: RwSignal::new(
                from.and_then(|t| t.allowed_senders.clone()).unwrap_or_default().join(", "),
            ),
            tools: RwSignal::new(from.and_then(|t| t.tools.clone()).unwrap_or_default()),
        }
    }

    fn view(self, editing: bool) -> impl IntoView {
        view! {
            <div class="grid2">
                {field("Name", self.name, "")}
                {field("Role", self.role, "What this teammate does, in a few words.")}
            </div>
            {area("Goals", self.goals)}
            {area("Instructions", self.instructions)}
            <div class="grid2">
                {(!editing).then(|| field("User id", self.user_id, "Optional: the end user this teammate serves."))}
                {field("Allowed senders", self.allowed_senders, "Emails allowed to write to the inbox, comma separated.")}
            </div>
            <ToolPicker chosen=self.tools/>
        }
    }

    fn create(&self) -> TeammateCreate {
        let senders = list(&self.allowed_senders.get_untracked());
        TeammateCreate {
            name: self.name.get_untracked().trim().to_owned(),
            tools: Some(self.tools.get_untracked()),
            instructions: optional(&self.instructions.get_untracked()),
            role: optional(&self.role.get_untracked()),
            goals: optional(&self.goals.get_untracked()),
            user_id: optional(&self.user_id.get_untracked()),
            metadata: None,
            allowed_senders: (!senders.is_empty()).then_some(senders),
        }
    }

    fn update(&self) -> TeammateUpdate {
        TeammateUpdate {
            name: Some(self.name.get_untracked().trim().to_owned()),
            instructions: Some(self.instructions.get_untracked().trim().to_owned()),
            tools: Some(self.tools.get_untracked()),
            role: Some(self.role.get_untracked().trim().to_owned()),
            goals: Some(self.goals.get_untracked().trim().to_owned()),
            metadata: None,
            allowed_senders: Some(list(&self.allowed_senders.get_untracked())),
        }
    }
}

#[component]
pub fn TeammateNew() -> impl IntoView {
    let form = TeammateForm::new(None);
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.name.get_untracked().trim().is_empty() {
            problem.set(Some("Give the teammate a name.".into()));
            return;
        }
        let body = form.create();
        let navigate = navigate.clone();
        act(
            problem,
            move |client| async move { api::teammates_create(&client, &body).await },
            move |teammate| {
                navigate(&format!("/teammates/{}", teammate.id), NavigateOptions::default())
            },
        );
    };
    view! {
        <h1>"New teammate"</h1>
        <form class="card stack" on:submit=submit>
            {form.view(false)}
            {problem_line(problem)}
            <div><button type="submit">"Create teammate"</button></div>
        </form>
    }
}

#[component]
pub fn TeammateDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let teammate = fetch(move |client| {
        let id = id();
        async move { api::teammates_get(&client, &id).await }
    });
    view! { {show(teammate, |teammate| view! { <TeammateEditor teammate/> })} }
}

#[component]
fn TeammateEditor(teammate: Teammate) -> impl IntoView {
    let id = teammate.id.to_string();
    let form = TeammateForm::new(Some(&teammate));
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let archived = RwSignal::new(teammate.status.as_deref() == Some("archived"));
    let navigate = use_navigate();

    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            saved.set(false);
            let (id, body) = (id.clone(), form.update());
            act(
                problem,
                move |c| async move { api::teammates_update(&c, &id, &body).await },
                move |_| saved.set(true),
            );
        }
    };
    let archive = {
        let id = id.clone();
        move || {
            let id = id.clone();
            let navigate = navigate.clone();
            act(
                problem,
                move |c| async move { api::teammates_delete(&c, &id).await },
                move |()| {
                    archived.set(true);
                    navigate("/teammates", NavigateOptions::default());
                },
            );
        }
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
                <ArchiveButton question="Archive this teammate? Its runs stay in the history." archive/>
            </div>
        </form>
        <Inbound id=id.clone() email=teammate.email_address.clone().filter(|_| teammate.inbound_email_enabled == Some(true))/>
    }
}

/// The inbound webhook URL and email inbox: enable (which shows them), disable.
#[component]
fn Inbound(id: String, email: Option<String>) -> impl IntoView {
    let webhook = RwSignal::new(None::<String>);
    let inbox = RwSignal::new(email);
    let problem = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);
    let enable_webhook = Callback::new(move |()| {
        let id = id.get_value();
        act(
            problem,
            move |c| async move { api::teammates_enable_webhook(&c, &id).await },
            move |hook| webhook.set(hook.url),
        );
    });
    let disable_webhook = Callback::new(move |()| {
        let id = id.get_value();
        act(
            problem,
            move |c| async move { api::teammates_disable_webhook(&c, &id).await },
            move |()| webhook.set(None),
        );
    });
    let enable_inbox = Callback::new(move |()| {
        let id = id.get_value();
        act(
            problem,
            move |c| async move { api::teammates_enable_email(&c, &id).await },
            move |inbox_now| inbox.set(inbox_now.address),
        );
    });
    let disable_inbox = Callback::new(move |()| {
        let id = id.get_value();
        act(
            problem,
            move |c| async move { api::teammates_disable_email(&c, &id).await },
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
