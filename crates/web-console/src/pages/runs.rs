//! Runs: the history, newest first, at a glance: which teammate, what it was asked, its
//! status (pulsing while it runs or waits on you), when, how long, tokens and cost. Filtered
//! by status, teammate and user on the server, by text on the page shown; archived runs
//! only on request; one page at a time. While the tab is visible the page asks the cheap
//! `runs.check` probe every few seconds and reads its page again only when something
//! changed. A run's own page is `crate::run::page::RunPage`.

use std::time::Duration;

use leptos::prelude::*;
use m8tes_protocol::types::{
    OptionalUserScope, Run, RunListQuery, RunMessagesParams, TeammateListParams,
};

use crate::api;
use crate::forms::{optional, teammate_options};
use crate::paging::{paged, Cursors};
use crate::remote::{fetch, spawn_erased};
use crate::session::{use_session, Session};
use crate::when::{duration, parse_ms, time_ago};

const STATUSES: [&str; 7] =
    ["running", "awaiting_approval", "completed", "failed", "cancelled", "closed", "paused"];

/// How often the visible page asks `runs.check` whether anything changed.
const PROBE_EVERY: Duration = Duration::from_secs(2);

/// What the page knows beyond one run's row: teammate names by id, and each run's first
/// message line once read (kept across refreshes, so a refresh asks for new runs only).
#[derive(Clone, Copy)]
struct Known {
    names: RwSignal<ById>,
    first_lines: StoredValue<ById>,
}

/// Texts by id, in a plain list: a page knows a few hundred at most, and a map of them would
/// be compiled for this page alone (the wasm has a size budget).
type ById = Vec<(i64, String)>;

fn text_of(list: &ById, id: i64) -> Option<String> {
    list.iter().find(|(at, _)| *at == id).map(|(_, text)| text.clone())
}

#[component]
pub fn RunsPage() -> impl IntoView {
    let session = use_session();
    let status = RwSignal::new(String::new());
    let teammate = RwSignal::new(String::new());
    let user_id = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let with_archived = RwSignal::new(false);
    let refreshed = RwSignal::new(0u32);
    let cursors = Cursors::new();
    let known =
        Known { names: RwSignal::new(Vec::new()), first_lines: StoredValue::new(Vec::new()) };
    load_names(session, known);
    // A new filter starts again from the first page.
    Effect::new(move || {
        status.track();
        teammate.track();
        user_id.track();
        with_archived.track();
        cursors.reset();
    });
    let live_rows = StoredValue::new(false);
    let runs = fetch(move |client| {
        refreshed.track();
        let params = RunListQuery {
            teammate_id: teammate.with(|t| t.parse().ok()),
            user_id: user_id.with(|u| optional(u)),
            status: status.with(|s| optional(s)),
            archived: with_archived.get().then(|| "include".to_owned()),
            limit: Some(20),
            starting_after: cursors.starting_after(),
            ..Default::default()
        };
        async move {
            let page = api::runs::list(&client, &params).await?;
            live_rows.try_set_value(page.data.iter().any(|r| is_live(r.status.as_deref())));
            Ok(page)
        }
    });
    watch_for_changes(session, user_id, refreshed, live_rows);
    view! {
        <div class="spread">
            <h1>"Runs"</h1>
            <a href="/run" class="button">"Start a run"</a>
        </div>
        <div class="filters" role="search">
            <label>
                "Search"
                <input type="search" name="q" placeholder="teammate, message, id…" data-search
                    on:input=move |ev| text.set(event_target_value(&ev))/>
            </label>
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
        {paged(runs, cursors, "No runs match. Start one from the Run page.", |r| r.id, move |rows| view! {
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th>"Run"</th><th>"Teammate"</th><th>"Message"</th><th>"Status"</th>
                        <th>"Started"</th><th>"Duration"</th><th>"Tokens"</th><th>"Cost"</th><th>"User"</th>
                    </tr></thead>
                    <tbody>{rows.into_iter().map(|run| run_row(run, known, text)).collect_view()}</tbody>
                </table>
            </div>
        })}
    }
}

fn is_live(status: Option<&str>) -> bool {
    matches!(status, Some("running" | "awaiting_approval"))
}

/// Teammate names for the Teammate column, read once (the first hundred, archived too).
fn load_names(session: Session, known: Known) {
    let Ok(client) = session.client() else { return };
    spawn_erased(Box::pin(async move {
        let params = TeammateListParams {
            limit: Some(100),
            include_archived: Some(true),
            ..Default::default()
        };
        if let Ok(page) = api::teammates::list(&client, &params).await {
            known.names.try_set(page.data.into_iter().map(|t| (t.id, t.name)).collect());
        }
    }));
}

/// Every [`PROBE_EVERY`] while the tab is visible, `runs.check` in the page's user scope;
/// the page is read again when its answer changed or a row shown is still live (a run of
/// an end user is outside the account scope's counts).
fn watch_for_changes(
    session: Session,
    user_id: RwSignal<String>,
    refreshed: RwSignal<u32>,
    live_rows: StoredValue<bool>,
) {
    let last = StoredValue::new(None::<String>);
    let probe = move || {
        let hidden = web_sys::window().and_then(|w| w.document()).is_none_or(|d| d.hidden());
        let Ok(client) = session.client() else { return };
        if hidden {
            return;
        }
        let scope = OptionalUserScope { user_id: user_id.with_untracked(|u| optional(u)) };
        spawn_erased(Box::pin(async move {
            let Ok(check) = api::runs::check(&client, &scope).await else { return };
            let seen = format!(
                "{} {} {} {}",
                check.total_count,
                check.latest_run_id.unwrap_or_default(),
                check.awaiting_count,
                check.latest_change_at.unwrap_or_default()
            );
            let changed = last.try_with_value(|l| l.as_deref() != Some(seen.as_str()));
            let was_known = last.try_with_value(Option::is_some) == Some(true);
            last.try_set_value(Some(seen));
            let live = live_rows.try_get_value() == Some(true);
            if (changed == Some(true) && was_known) || live {
                refreshed.try_update(|n| *n += 1);
            }
        }));
    };
    // The first answer, asked with the list, is what later answers are compared with.
    probe();
    if let Ok(handle) = set_interval_with_handle(probe, PROBE_EVERY) {
        on_cleanup(move || handle.clear());
    }
}

/// `text` in lower case for the search, by the browser's own `toLowerCase`: the same
/// Unicode mapping as `str::to_lowercase`, without its 12 KB table in the wasm.
fn folded(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

fn run_row(run: Run, known: Known, text: RwSignal<String>) -> impl IntoView {
    let status = run.status.clone().unwrap_or_default();
    let live = is_live(Some(&status));
    let first_line = first_line(run.id, known);
    let teammate = run.teammate_id;
    let name = move || {
        teammate.map(|id| known.names.with(|n| text_of(n, id)).unwrap_or_else(|| format!("#{id}")))
    };
    let haystack =
        folded(&format!("#{} {} {}", run.id, status, run.user_id.clone().unwrap_or_default()));
    let hidden = move || {
        let wanted = text.with(|t| folded(t.trim()));
        !wanted.is_empty()
            && !haystack.contains(&wanted)
            && !folded(&name().unwrap_or_default()).contains(&wanted)
            && !first_line.with(|l| folded(l.as_deref().unwrap_or("")).contains(&wanted))
    };
    let took = run.usage.as_ref().and_then(|u| u.duration_ms).map(|ms| ms as f64).or_else(|| {
        run.is_terminal()
            .then(|| {
                Some(parse_ms(run.updated_at.as_deref()?)? - parse_ms(run.created_at.as_deref()?)?)
            })
            .flatten()
    });
    let tokens = run
        .usage
        .as_ref()
        .and_then(|u| u.total_tokens.or_else(|| Some(u.input_tokens? + u.output_tokens?)));
    let cost = run.usage.as_ref().and_then(|u| u.cost_usd.clone()).map(|c| format!("${c}"));
    view! {
        <tr hidden=hidden>
            <td><a href=format!("/runs/{}", run.id)>{format!("#{}", run.id)}</a></td>
            <td>{move || name().map(|name| view! { <a href=format!("/teammates/{}", teammate.unwrap_or_default())>{name}</a> })}</td>
            <td class="first-line" title=move || first_line.get()>{move || first_line.get()}</td>
            <td>
                {live.then(|| view! { <span class="live-dot" aria-hidden="true"></span> })}
                <span class=format!("badge {status}")>{status.clone()}</span>
                {(run.later.archived == Some(true)).then(|| view! { " " <span class="badge">"archived"</span> })}
            </td>
            <td class="small">{time_ago(run.created_at.clone())}</td>
            <td class="small">{took.map(duration)}</td>
            <td class="small">{tokens}</td>
            <td class="small">{cost}</td>
            <td class="wrap-anywhere small">{run.user_id.clone().unwrap_or_default()}</td>
        </tr>
    }
}

/// The first line of the run's first message, read once per run: the text is kept in the
/// page's cache for refreshes (a row's own signal dies with the rows it was drawn in).
fn first_line(run_id: i64, known: Known) -> RwSignal<Option<String>> {
    let cached = known.first_lines.with_value(|m| text_of(m, run_id));
    let line = RwSignal::new(cached.clone());
    if cached.is_some() {
        return line;
    }
    let session = use_session();
    if let Ok(client) = session.client() {
        spawn_erased(Box::pin(async move {
            let params = RunMessagesParams { limit: Some(1), ..Default::default() };
            if let Ok(messages) = api::runs::messages(&client, run_id, &params).await {
                let first = messages
                    .first()
                    .and_then(|m| m.content.lines().find(|l| !l.trim().is_empty()))
                    .map(|l| l.trim().to_owned())
                    .unwrap_or_default();
                known.first_lines.try_update_value(|m| m.push((run_id, first.clone())));
                line.try_set(Some(first));
            }
        }));
    }
    line
}
