//! Toasts: a short line, bottom right, for each action's result, gone after a few seconds.
//! Read out politely by screen readers; failures are also said on the page, where they stay.

use std::time::Duration;

use leptos::prelude::*;

const SHOWN_FOR: Duration = Duration::from_secs(5);

#[derive(Clone, Copy)]
struct Toasts {
    shown: RwSignal<Vec<(u32, String, bool)>>,
    next: StoredValue<u32>,
}

thread_local! {
    /// The app's one toast stack, for results that arrive after their page's owner is gone.
    static TOASTS: std::cell::OnceCell<Toasts> = const { std::cell::OnceCell::new() };
}

/// Shows `text` as a success (`ok`) or a failure.
pub fn toast(text: String, ok: bool) {
    let Some(toasts) = TOASTS.with(|cell| cell.get().copied()) else { return };
    let id = toasts.next.get_value();
    toasts.next.set_value(id + 1);
    toasts.shown.update(|shown| shown.push((id, text, ok)));
    set_timeout(move || toasts.shown.update(|shown| shown.retain(|t| t.0 != id)), SHOWN_FOR);
}

/// Where toasts appear; the app has one.
#[component]
pub fn ToastStack() -> impl IntoView {
    let toasts = Toasts { shown: RwSignal::new(Vec::new()), next: StoredValue::new(0) };
    TOASTS.with(|cell| cell.set(toasts).ok());
    view! {
        <div class="toasts" aria-live="polite" data-testid="toasts">
            {move || toasts.shown.get().into_iter().map(|(_, text, ok)| {
                view! { <div class=if ok { "toast" } else { "toast bad" }>{text}</div> }
            }).collect_view()}
        </div>
    }
}
