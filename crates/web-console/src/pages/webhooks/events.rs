//! The run events an endpoint subscribes to, as checkboxes.

use leptos::prelude::*;
use m8tes_protocol::types::WEBHOOK_EVENTS;

#[component]
pub fn EventPicker(events: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Events"</legend>
            <div class="tool-picks">
                {WEBHOOK_EVENTS.map(|event| {
                    let toggle = move |_| events.update(|list| match list.iter().position(|e| e == event) {
                        Some(at) => {
                            list.remove(at);
                        }
                        None => list.push(event.to_owned()),
                    });
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || events.with(|l| l.iter().any(|e| e == event)) on:change=toggle/>
                            {event}
                        </label>
                    }
                })}
            </div>
        </fieldset>
    }
}
