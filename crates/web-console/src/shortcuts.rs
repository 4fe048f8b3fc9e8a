//! Keyboard shortcuts: `?` lists them; `g` then `r` goes to Runs, `n` starts a new run, `/`
//! focuses the page's search (or first) field, Escape closes the list. Keys typed into a
//! field are the field's own.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::router::navigate;
use crate::visible::visible;

/// The shortcuts as the `?` sheet lists them.
const KEYS: [(&str, &str); 5] = [
    ("g r", "Go to Runs"),
    ("g u", "Go to Usage"),
    ("n", "Start a new run"),
    ("/", "Focus search"),
    ("?", "Show or hide this list"),
];

#[component]
pub fn Shortcuts(open: RwSignal<bool>) -> impl IntoView {
    let pending_g = StoredValue::new(false);
    let handle = window_event_listener(ev::keydown, move |event: web_sys::KeyboardEvent| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || in_field(&event) {
            return;
        }
        let key = event.key();
        let after_g = std::mem::replace(&mut *pending_g.write_value(), false);
        match key.as_str() {
            "?" => open.update(|o| *o = !*o),
            "Escape" => open.set(false),
            "g" => pending_g.set_value(true),
            "r" if after_g => navigate("/runs"),
            "u" if after_g => navigate("/usage"),
            "n" => navigate("/run"),
            "/" => {
                event.prevent_default();
                focus_search();
            }
            _ => return,
        }
        if key != "g" && key != "/" {
            open.set(key == "?" && open.get_untracked());
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        {visible(move || open.get(), move || view! {
            <div class="sheet" on:click=move |_| open.set(false)>
                <div role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" on:click=|ev| ev.stop_propagation()>
                    <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                    <dl>
                        {KEYS.map(|(keys, what)| view! {
                            <dt>{keys.split(' ').map(|k| view! { <kbd>{k}</kbd>" " }).collect_view()}</dt>
                            <dd>{what}</dd>
                        })}
                    </dl>
                    <button class="secondary" on:click=move |_| open.set(false)>"Close"</button>
                </div>
            </div>
        }.into_any())}
    }
}

/// Whether the key was typed into something that takes text.
fn in_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(element) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || element.has_attribute("contenteditable")
}

/// Focuses the page's search field, or its first text field when it has none.
fn focus_search() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let field = document
        .query_selector("main input[type=search]")
        .ok()
        .flatten()
        .or_else(|| document.query_selector("main input, main textarea").ok().flatten());
    if let Some(field) = field.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = field.focus();
    }
}
