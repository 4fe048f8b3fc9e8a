//! Part of a view shown only while a condition holds. The condition is a `Memo`, so the part
//! is built again only when the condition flips, not on every change of what it reads (a
//! reply box keeps its typed text while the run's status moves). Leptos's `<Show>` does the
//! same, at more wasm per use (the console's wasm has a size budget).

use leptos::prelude::*;

pub fn visible(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    either(when, view, || ().into_any())
}

/// `view` while `when` holds, `otherwise` else; each built again only when `when` flips.
pub fn either(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
    otherwise: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    either_erased(Memo::new(move |_| when()), Box::new(view), Box::new(otherwise))
}

type Part = Box<dyn Fn() -> AnyView + Send + Sync>;

/// The reactive part of [`either`], not generic: its render effect is compiled once for
/// every use (the wasm has a size budget).
fn either_erased(shown: Memo<bool>, view: Part, otherwise: Part) -> AnyView {
    (move || if shown.get() { view() } else { otherwise() }).into_any()
}
