//! The teammates list, a page at a time, each with its tools, status and a Run button; the
//! archived ones behind a toggle, each with Unarchive.

use leptos::prelude::*;
use m8tes_protocol::types::{Teammate, TeammateListParams};

use crate::api;
use crate::paging::{paged_or, Cursors};
use crate::remote::{act, fetch, problem_line};
use crate::session::use_session;

const PAGE_SIZE: u32 = 20;

#[component]
pub fn TeammatesPage() -> impl IntoView {
    let cursors = Cursors::new();
    let with_archived = RwSignal::new(false);
    let refresh = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let teammates = fetch(move |client| {
        refresh.track();
        let params = TeammateListParams {
            include_archived: with_archived.get().then_some(true),
            limit: Some(PAGE_SIZE),
            starting_after: cursors.starting_after(),
            ..Default::default()
        };
        api::teammates::list(&client, &params)
    });
    let unarchive = move |id: i64| {
        act(
            problem,
            "Teammate unarchived.",
            move |c| api::teammates::unarchive(&c, id),
            move |_| refresh.update(|n| *n += 1),
        );
    };
    view! {
        <div class="spread">
            <h1>"Teammates"</h1>
            <a href="/teammates/new" class="button">"New teammate"</a>
        </div>
        <div class="filters">
            <label class="check">
                <input type="checkbox" name="include_archived" prop:checked=with_archived
                    on:change=move |ev| {
                        cursors.reset();
                        with_archived.set(event_target_checked(&ev));
                    }/>
                "Show archived teammates"
            </label>
        </div>
        {problem_line(problem)}
        {paged_or(teammates, cursors, first_teammate, |t| t.id, move |rows| view! {
            <ul class="list" aria-label="Teammates">{rows.into_iter().map(|t| teammate_row(t, unarchive)).collect_view()}</ul>
        })}
    }
}

fn teammate_row(
    teammate: Teammate,
    unarchive: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = teammate.id;
    let href = format!("/teammates/{id}");
    let run_href = format!("/run?teammate={id}");
    let tools = teammate.tools.clone().unwrap_or_default().join(", ");
    let status = teammate.status.clone().unwrap_or_default();
    let archived = status == "archived";
    view! {
        <li>
            <div class="grow">
                <h3><a href=href>{teammate.name.clone()}</a></h3>
                <div class="muted small wrap-anywhere">
                    {teammate.role.clone().unwrap_or_default()}
                    {(!tools.is_empty()).then(|| format!(" · tools: {tools}"))}
                </div>
            </div>
            <span class=format!("badge {status}")>{status.clone()}</span>
            {if archived {
                view! { <button class="secondary" on:click=move |_| unarchive(id)>"Unarchive"</button> }.into_any()
            } else {
                view! { <a href=run_href class="button secondary">"Run"</a> }.into_any()
            }}
        </li>
    }
}

/// The empty first page teaches: the three lines that create a teammate from the npm
/// package and from curl, with this server's base URL filled in.
fn first_teammate() -> AnyView {
    let base = use_session().base_url().unwrap_or_default();
    let npm = [
        "npm install @m8tes/wasm".to_owned(),
        String::new(),
        "import { M8tes } from \"@m8tes/wasm\";".to_owned(),
        format!("const m8tes = new M8tes({{ apiKey: process.env.M8TES_API_KEY, baseUrl: \"{base}\" }});"),
        "await m8tes.teammates.create({ name: \"Ops Mate\", tools: [\"gmail\", \"slack\"] });".to_owned(),
    ]
    .join("\n");
    let curl = [
        format!("curl -X POST {base}/teammates \\"),
        "  -H \"Authorization: Bearer $M8TES_API_KEY\" \\".to_owned(),
        "  -H \"Content-Type: application/json\" \\".to_owned(),
        "  -d '{\"name\": \"Ops Mate\", \"tools\": [\"gmail\", \"slack\"]}'".to_owned(),
    ]
    .join("\n");
    view! {
        <section class="card" data-testid="teammates-empty">
            <p class="empty">"No teammates yet. Create one here with New teammate, or from code:"</p>
            <h2>"From the npm package"</h2>
            <pre class="snippet" data-testid="snippet-npm"><code>{npm}</code></pre>
            <h2>"With curl"</h2>
            <pre class="snippet" data-testid="snippet-curl"><code>{curl}</code></pre>
        </section>
    }
    .into_any()
}
