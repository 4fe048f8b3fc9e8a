//! Runs: the history, newest first, filtered by status, teammate and user, archived runs
//! only on request, one page at a time. A run's own page is `crate::run::page::RunPage`.

use leptos::prelude::*;
use m8tes_protocol::types::{Run, RunListQuery};

use crate::forms::{optional, teammate_options};
use crate::paging::{paged, Cursors};
use crate::remote::fetch;

const STATUSES: [&str; 7] =
    ["running", "awaiting_approval", "completed", "failed", "cancelled", "closed", "paused"];

#[component]
pub fn RunsPage() -> impl IntoView {
    let status = RwSignal::new(String::new());
    let teammate = RwSignal::new(String::new());
    let user_id = RwSignal::new(String::new());
    let with_archived = RwSignal::new(false);
    let cursors = Cursors::new();
    // A new filter starts again from the first page.
    Effect::new(move || {
        status.track();
        teammate.track();
        user_id.track();
        with_archived.track();
        cursors.reset();
    });
    let runs = fetch(move |client| {
        let params = RunListQuery {
            teammate_id: teammate.with(|t| t.parse().ok()),
            user_id: user_id.with(|u| optional(u)),
            status: status.with(|s| optional(s)),
            archived: with_archived.get().then(|| "include".to_owned()),
            limit: Some(20),
            starting_after: cursors.starting_after(),
            ..Default::default()
        };
        async move { client.runs().list_by(&params).await }
    });
    view! {
        <div class="spread">
            <h1>"Runs"</h1>
            <a href="/run" class="button">"Start a run"</a>
        </div>
        <div class="filters" role="search">
            <label>
                "Status"
                <select on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">"Any"</option>
                    {STATUSES.map(|s| view! { <option value=s>{s}</option> })}
                </select>
            </label>
            <label>
                "Teammate"
                <select on:change=move |ev| teammate.set(event_target_value(&ev))>
                    <option value="">"Any"</option>
                    {teammate_options(None)}
                </select>
            </label>
            <label>
                "User id"
                <input type="search" placeholder="any" on:change=move |ev| user_id.set(event_target_value(&ev))/>
            </label>
            <label class="check">
                <input type="checkbox" name="include_archived" on:change=move |ev| with_archived.set(event_target_checked(&ev))/>
                "Show archived runs"
            </label>
        </div>
        {paged(runs, cursors, "No runs match. Start one from the Run page.", |r| r.id, |rows| view! {
            <div class="table-wrap">
                <table>
                    <thead><tr><th>"Run"</th><th>"Status"</th><th>"Teammate"</th><th>"User"</th><th>"Created"</th></tr></thead>
                    <tbody>{rows.into_iter().map(run_row).collect_view()}</tbody>
                </table>
            </div>
        })}
    }
}

fn run_row(run: Run) -> impl IntoView {
    let status = run.status.clone().unwrap_or_default();
    view! {
        <tr>
            <td><a href=format!("/runs/{}", run.id)>{format!("#{}", run.id)}</a></td>
            <td>
                <span class=format!("badge {status}")>{status.clone()}</span>
                {(run.later.archived == Some(true)).then(|| view! { " " <span class="badge">"archived"</span> })}
            </td>
            <td>{run.teammate_id.map(|id| view! { <a href=format!("/teammates/{id}")>{id}</a> })}</td>
            <td class="wrap-anywhere">{run.user_id.clone().unwrap_or_default()}</td>
            <td class="small muted">{run.created_at.clone().unwrap_or_default()}</td>
        </tr>
    }
}
