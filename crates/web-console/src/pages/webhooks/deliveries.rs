//! An endpoint's deliveries, a page at a time: event, run, status, response code, attempts.

use leptos::prelude::*;
use m8tes_protocol::types::{ListParams, WebhookDelivery};

use crate::api;
use crate::paging::{paged, Cursors};
use crate::remote::fetch;

#[component]
pub fn Deliveries(id: i64) -> impl IntoView {
    let cursors = Cursors::new();
    let refresh = RwSignal::new(0u32);
    let deliveries = fetch(move |client| {
        refresh.track();
        let params = ListParams { limit: Some(20), starting_after: cursors.starting_after() };
        api::webhooks::list_deliveries(&client, id, &params)
    });
    view! {
        <section class="card">
            <div class="spread">
                <h2>"Deliveries"</h2>
                <button class="secondary" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
            </div>
            {paged(deliveries, cursors, "No deliveries yet: they appear when a subscribed run event happens.", |d| d.id, |rows| view! {
                <div class="table-wrap">
                    <table aria-label="Deliveries">
                        <thead><tr><th>"Event"</th><th>"Run"</th><th>"Status"</th><th>"Response"</th><th>"Attempts"</th><th>"When"</th></tr></thead>
                        <tbody>{rows.into_iter().map(delivery_row).collect_view()}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

fn delivery_row(delivery: WebhookDelivery) -> impl IntoView {
    view! {
        <tr data-testid="delivery">
            <td>{delivery.event_type.clone()}</td>
            <td><a href=format!("/runs/{}", delivery.run_id)>{format!("#{}", delivery.run_id)}</a></td>
            <td><span class=format!("badge {}", delivery.status)>{delivery.status.clone()}</span></td>
            <td>{delivery.response_status_code.map_or_else(|| "—".to_owned(), |code| code.to_string())}</td>
            <td>{delivery.attempts.unwrap_or(0)}</td>
            <td class="small muted">{delivery.created_at.clone().unwrap_or_default()}</td>
        </tr>
    }
}
