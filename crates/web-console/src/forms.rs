//! Form pieces shared by the pages: text fields bound to signals, the reading of what was
//! typed, the teammate choice and the tool picker fed by the API, and ask-before-acting.

use futures_util::TryFutureExt;
use leptos::prelude::*;
use m8tes_protocol::types::{AppListParams, Teammate, TeammateListParams};

use crate::api;
use crate::remote::{fetch, show, show_as};
use crate::visible::either;

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
    let catalog = fetch(|client| {
        api::apps::list(&client, &AppListParams::default()).map_ok(|page| page.data)
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

/// The `<option>`s of a teammate `<select>`, one per teammate (the first hundred), after the
/// options the caller writes itself. `selected` marks the one chosen before they arrived.
/// Loading and failure are said in a disabled option: a `<select>` shows nothing else.
pub fn teammate_options(selected: Option<RwSignal<String>>) -> impl IntoView {
    let teammates = fetch(|client| async move {
        let params = TeammateListParams { limit: Some(100), ..Default::default() };
        api::teammates::list(&client, &params).await.map(|page| page.data)
    });
    let options = move |list: Vec<Teammate>| {
        list.into_iter()
            .map(|t| {
                let value = t.id.to_string();
                let chosen = selected.is_some_and(|s| s.with_untracked(|s| *s == value));
                view! { <option value=value selected=chosen>{t.name}</option> }
            })
            .collect_view()
    };
    show_as(
        teammates,
        options,
        || view! { <option disabled>"Loading teammates…"</option> }.into_any(),
        |text| view! { <option disabled>{text}</option> }.into_any(),
    )
}

/// A button for a change that cannot be undone from here (archive, delete): `label` first,
/// then `question` with `yes` and "Keep"; `act` runs only on `yes`.
#[component]
pub fn AskFirst<F>(
    label: &'static str,
    question: &'static str,
    yes: &'static str,
    act: F,
) -> impl IntoView
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let confirming = RwSignal::new(false);
    view! {
        {either(
            move || confirming.get(),
            move || {
                let act = act.clone();
                view! {
                    <span>{question}</span>
                    <button type="button" class="danger" on:click=move |_| act()>{yes}</button>
                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Keep"</button>
                }
                .into_any()
            },
            move || view! {
                <button type="button" class="danger" on:click=move |_| confirming.set(true)>{label}</button>
            }
            .into_any(),
        )}
    }
}
