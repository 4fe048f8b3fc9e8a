//! The shell: session context, the top bar, and the routes. Every page but Connect needs a
//! connection; without one (never connected, signed out, or a 401) it sends you to Connect.

use leptos::prelude::*;

use crate::pages::{
    apps, connect, needs_you, runs, settings, tasks, teammates, usage, users, webhooks,
};
use crate::router::{navigate_replace, provide_location, routes, Route};
use crate::run::board::RunBoard;
use crate::run::page::RunPage;
use crate::run::start::StartRun;
use crate::session::{use_session, Session};
use crate::shortcuts::Shortcuts;
use crate::toast::ToastStack;
use crate::visible::visible;

/// Every page by its path pattern; the first match wins.
const ROUTES: &[Route] = &[
    ("/connect", || connect::ConnectPage().into_any()),
    ("/", || guarded(|| teammates::TeammatesPage().into_any())),
    ("/teammates", || guarded(|| teammates::TeammatesPage().into_any())),
    ("/teammates/new", || guarded(|| teammates::TeammateNew().into_any())),
    ("/teammates/:id", || guarded(|| teammates::TeammateDetail().into_any())),
    ("/run", || guarded(|| StartRun().into_any())),
    ("/runs", || guarded(|| runs::RunsPage().into_any())),
    ("/runs/:id", || guarded(|| RunPage().into_any())),
    ("/needs-you", || guarded(|| needs_you::NeedsYouPage().into_any())),
    ("/tasks", || guarded(|| tasks::TasksPage().into_any())),
    ("/tasks/:id", || guarded(|| tasks::TaskDetail().into_any())),
    ("/users", || guarded(|| users::UsersPage().into_any())),
    ("/users/:user_id", || guarded(|| users::UserDetail().into_any())),
    ("/apps", || guarded(|| apps::AppsPage().into_any())),
    ("/webhooks", || guarded(|| webhooks::WebhooksPage().into_any())),
    ("/webhooks/:id", || guarded(|| webhooks::WebhookDetail().into_any())),
    ("/usage", || guarded(|| usage::UsagePage().into_any())),
    ("/settings", || guarded(|| settings::SettingsPage().into_any())),
];

#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::restore());
    provide_context(RunBoard::new());
    provide_location();
    let shortcuts_open = RwSignal::new(false);
    view! {
        <TopBar shortcuts_open/>
        <main class="page">
            {routes(ROUTES, || view! { <p class="empty">"No page here. Pick one from the menu."</p> }.into_any())}
        </main>
        <ToastStack/>
        <Shortcuts open=shortcuts_open/>
    }
}

/// `page` while connected; Connect otherwise, coming back here once connected. Not generic
/// over the page, so it is compiled once (the wasm has a size budget).
fn guarded(page: fn() -> AnyView) -> AnyView {
    let session = use_session();
    (move || {
        if session.is_connected() {
            page()
        } else {
            let here = web_sys::window()
                .and_then(|w| {
                    let l = w.location();
                    Some(format!("{}{}", l.pathname().ok()?, l.search().ok()?))
                })
                .unwrap_or_default();
            let target = format!("/connect?next={}", js_sys::encode_uri_component(&here));
            // After this render, not during it: moving re-renders the routes.
            Effect::new(move || navigate_replace(&target));
            ().into_any()
        }
    })
    .into_any()
}

/// A menu link, marked as the current page for screen readers and the eye.
fn nav_link(href: &'static str, label: &'static str) -> impl IntoView {
    let location = crate::router::use_location();
    view! {
        <a href=href aria-current=move || location.is_current(href).then_some("page")>{label}</a>
    }
}

#[component]
fn TopBar(shortcuts_open: RwSignal<bool>) -> impl IntoView {
    let session = use_session();
    view! {
        <header class="topbar">
            <a href="/" class="brand">"m8tes console"</a>
            {visible(move || session.is_connected(), move || view! {
                <nav class="nav" aria-label="Main">
                    {nav_link("/teammates", "Teammates")}
                    {nav_link("/run", "Run")}
                    {nav_link("/runs", "Runs")}
                    <needs_you::NeedsYouLink/>
                    {nav_link("/usage", "Usage")}
                    {nav_link("/tasks", "Tasks")}
                    {nav_link("/users", "Users")}
                    {nav_link("/apps", "Apps")}
                    {nav_link("/webhooks", "Webhooks")}
                    {nav_link("/settings", "Settings")}
                </nav>
                <button class="signout" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" on:click=move |_| shortcuts_open.set(true)>"?"</button>
                <button class="signout" on:click=move |_| session.sign_out(None)>"Sign out"</button>
            }.into_any())}
        </header>
    }
}
