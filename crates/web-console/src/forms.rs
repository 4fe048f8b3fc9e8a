//! Form pieces shared by the pages: text fields bound to signals, the reading of what was
//! typed, and the tool picker fed by the apps catalog.

use leptos::prelude::*;
use m8tes_protocol::types::AppListParams;

use crate::api;
use crate::remote::{fetch, show};

/// A labelled one-line input bound to `value`.
pub fn field(label: &'static str, value: RwSignal<String>, hint: &'static str) -> impl IntoView {
    view! {
        <label>
            {label}
            <input type="text" name=form_name(label) bind:value=value/>
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
        </label>
    }
}

/// A labelled multi-line input bound to `value`.
pub fn area(label: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label>
            {label}
            <textarea name=form_name(label) bind:value=value></textarea>
        </label>
    }
}

/// A field's `name`, from its label ("User id" → `user_id`), so forms are easy to script.
fn form_name(label: &str) -> String {
    label.to_ascii_lowercase().replace(' ', "_")
}

/// What was typed, trimmed; `None` when nothing was.
pub fn optional(value: &str) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// A comma- or line-separated list, without blanks.
pub fn list(value: &str) -> Vec<String> {
    value.split([',', '\n']).filter_map(optional).collect()
}

/// Checkboxes for the tools of the apps catalog; `chosen` holds the app names ticked.
#[component]
pub fn ToolPicker(chosen: RwSignal<Vec<String>>) -> impl IntoView {
    let catalog = fetch(|client| async move {
        api::apps_list(&client, &AppListParams::default()).await.map(|page| page.data)
    });
    view! {
        <fieldset>
            <legend>"Tools"</legend>
            <div class="tool-picks">
            {show(catalog, move |apps| {
                if apps.is_empty() {
                    return view! { <p class="muted small">"The apps catalog is empty."</p> }.into_any();
                }
                apps.into_iter()
                    .map(|app| {
                        let name = app.name.clone();
                        let ticked = {
                            let name = name.clone();
                            move || chosen.with(|c| c.contains(&name))
                        };
                        let toggle = move |_| {
                            chosen.update(|c| match c.iter().position(|n| *n == name) {
                                Some(at) => {
                                    c.remove(at);
                                }
                                None => c.push(name.clone()),
                            })
                        };
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=ticked on:change=toggle/>
                                {app.display_name().to_owned()}
                            </label>
                        }
                    })
                    .collect_view()
                    .into_any()
            })}
            </div>
            <p class="hint" role="status">
                {move || chosen.with(|c| if c.is_empty() { "No tools chosen.".to_owned() } else { format!("Chosen: {}", c.join(", ")) })}
            </p>
        </fieldset>
    }
}
