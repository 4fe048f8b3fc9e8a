//! Settings and usage: the account's settings and this period's runs and spend.

use leptos::prelude::*;
use m8tes_protocol::types::{Settings, SettingsUpdate};

use crate::api;
use crate::remote::{act, fetch, problem_line, saved_line, show};
use crate::session::use_session;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = use_session();
    let usage = fetch(|client| api::account::usage(&client));
    let settings = fetch(|client| api::account::settings(&client));
    view! {
        <h1>"Settings and usage"</h1>
        <section class="card">
            <h2>"Usage this period"</h2>
            {show(usage, |usage| view! {
                <div class="table-wrap">
                    <table aria-label="Usage">
                        <tbody>
                            <tr><th>"Plan"</th><td>{usage.plan.clone()}{usage.subscription_status.clone().map(|s| format!(" ({s})"))}</td></tr>
                            <tr><th>"Runs"</th><td>{format!("{} of {}", usage.runs_used, usage.runs_limit)}</td></tr>
                            <tr><th>"Spend"</th><td>{format!("${} of ${}", usage.cost_used, usage.cost_limit)}</td></tr>
                            <tr><th>"Period ends"</th><td>{usage.period_end.clone()}</td></tr>
                        </tbody>
                    </table>
                </div>
            })}
        </section>
        <section class="card">
            <h2>"Account settings"</h2>
            {show(settings, |settings| view! { <SettingsForm settings/> })}
        </section>
        <section class="card">
            <h2>"Connection"</h2>
            <p class="wrap-anywhere">"API: "<code>{move || session.base_url().unwrap_or_default()}</code></p>
            // For the user's own tools; m8tes-local serves it beside the API.
            <p>
                <a href=move || format!("{}/openapi.json", session.base_url().unwrap_or_default()) target="_blank" rel="noopener">
                    "OpenAPI document"
                </a>
            </p>
            <button class="danger" on:click=move |_| session.sign_out(None)>"Sign out"</button>
        </section>
    }
}

#[component]
fn SettingsForm(settings: Settings) -> impl IntoView {
    let research = RwSignal::new(settings.company_research);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let body = SettingsUpdate {
            company_research: Some(research.get_untracked()),
            ..SettingsUpdate::default()
        };
        act(
            problem,
            "Settings saved.",
            move |c| api::account::update_settings(&c, &body),
            move |_| saved.set(true),
        );
    };
    view! {
        <form class="stack" on:submit=save>
            <label class="check">
                <input type="checkbox" name="company_research" bind:checked=research/>
                "Company research: let teammates look up the companies they work with"
            </label>
            {problem_line(problem)}
            {saved_line(saved)}
            <div><button type="submit">"Save settings"</button></div>
        </form>
    }
}
