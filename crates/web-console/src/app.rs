//! The shell: session context, the top bar, and the routes. Every page but Connect needs a
//! connection; without one (never connected, signed out, or a 401) it sends you to Connect.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;

use crate::pages::{apps, connect, needs_you, runs, settings, tasks, teammates, users, webhooks};
use crate::run::board::RunBoard;
use crate::run::page::RunPage;
use crate::run::start::StartRun;
use crate::session::{use_session, Session};

#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::restore());
    provide_context(RunBoard::new());
    view! {
        <Router>
            <TopBar/>
            <main class="page">
                <Routes fallback=|| view! { <p class="empty">"No page here. Pick one from the menu."</p> }>
                    <Route path=path!("/connect") view=connect::ConnectPage/>
                    <Route path=path!("/") view=|| guarded(teammates::TeammatesPage)/>
                    <Route path=path!("/teammates") view=|| guarded(teammates::TeammatesPage)/>
                    <Route path=path!("/teammates/new") view=|| guarded(teammates::TeammateNew)/>
                    <Route path=path!("/teammates/:id") view=|| guarded(teammates::TeammateDetail)/>
                    <Route path=path!("/run") view=|| guarded(StartRun)/>
                    <Route path=path!("/runs") view=|| guarded(runs::RunsPage)/>
                    <Route path=path!("/runs/:id") view=|| guarded(RunPage)/>
                    <Route path=path!("/needs-you") view=|| guarded(needs_you::NeedsYouPage)/>
                    <Route path=path!("/tasks") view=|| guarded(tasks::TasksPage)/>
                    <Route path=path!("/tasks/:id") view=|| guarded(tasks::TaskDetail)/>
                    <Route path=path!("/users") view=|| guarded(users::UsersPage)/>
                    <Route path=path!("/users/:user_id") view=|| guarded(users::UserDetail)/>
                    <Route path=path!("/apps") view=|| guarded(apps::AppsPage)/>
                    <Route path=path!("/webhooks") view=|| guarded(webhooks::WebhooksPage)/>
                    <Route path=path!("/webhooks/:id") view=|| guarded(webhooks::WebhookDetail)/>
                    <Route path=path!("/settings") view=|| guarded(settings::SettingsPage)/>
                </Routes>
            </main>
        </Router>
    }
}

/// `page` while connected; Connect otherwise, coming back here once connected.
fn guarded<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    let session = use_session();
    move || {
        if session.is_connected() {
            page().into_any()
        } else {
            let here = web_sys::window()
                .and_then(|w| {
                    let l = w.location();
                    Some(format!("{}{}", l.pathname().ok()?, l.search().ok()?))
                })
                .unwrap_or_default();
            let target = format!("/connect?next={}", js_sys::encode_uri_component(&here));
            view! { <Redirect path=target/> }.into_any()
        }
    }
}

#[component]
fn TopBar() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">"m8tes console"</A>
            <Show when=move || session.is_connected()>
                <nav class="nav" aria-label="Main">
                    <A href="/teammates">"Teammates"</A>
                    <A href="/run">"Run"</A>
                    <A href="/runs">"Runs"</A>
                    <needs_you::NeedsYouLink/>
                    <A href="/tasks">"Tasks"</A>
                    <A href="/users">"Users"</A>
                    <A href="/apps">"Apps"</A>
                    <A href="/webhooks">"Webhooks"</A>
                    <A href="/settings">"Settings"</A>
                </nav>
                <button class="signout" on:click=move |_| session.sign_out(None)>"Sign out"</button>
            </Show>
        </header>
    }
}
