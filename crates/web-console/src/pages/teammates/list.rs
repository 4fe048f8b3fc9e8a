//! The teammates list, a page at a time, each with its tools, status and a Run button.

use leptos::prelude::*;
use leptos_router::components::A;
use m8tes_protocol::types::{Teammate, TeammateListParams};

use crate::paging::{paged, Cursors};
use crate::remote::fetch;

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
        async move { client.teammates().list(&params).await }
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
