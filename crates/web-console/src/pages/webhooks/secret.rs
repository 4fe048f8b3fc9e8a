//! A signing secret, shown the one time the API returns it in full, with a copy button.

use leptos::prelude::*;

use crate::copy::CopyButton;

/// A signing secret, shown this one time only.
#[component]
pub fn OnceSecret(secret: String, what: &'static str) -> impl IntoView {
    let copy_text = secret.clone();
    view! {
        <div class="secret stack" role="status" data-testid="webhook-secret">
            <strong>{format!("Signing secret {what}. Copy it now: it will not be shown again.")}</strong>
            <div class="row">
                <code class="wrap-anywhere">{secret}</code>
                <CopyButton text=Signal::derive(move || copy_text.clone())/>
            </div>
        </div>
    }
}
