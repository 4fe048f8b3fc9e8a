//! A copy-to-clipboard button for URLs, addresses and secrets.

use leptos::prelude::*;

use crate::remote::spawn_erased;
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(optional)] label: &'static str,
) -> impl IntoView {
    let said = RwSignal::new(None::<&'static str>);
    let label = if label.is_empty() { "Copy" } else { label };
    let copy = move |_| {
        let value = text.get_untracked();
        spawn_erased(Box::pin(async move {
            let promise = web_sys::window().map(|w| w.navigator().clipboard().write_text(&value));
            let copied = match promise {
                Some(promise) => JsFuture::from(promise).await.is_ok(),
                None => false,
            };
            said.set(Some(if copied { "Copied" } else { "Copy failed: select the text instead" }));
        }));
    };
    view! {
        <button type="button" class="secondary" on:click=copy>{label}</button>
        <span class="muted small" role="status">{move || said.get()}</span>
    }
}
