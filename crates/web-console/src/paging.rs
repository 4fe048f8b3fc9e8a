//! Cursor paging over the API's lists: which page is shown, and a fetched page drawn as its
//! rows with Previous/Next, or as the list's empty state when even the first page is empty.

use leptos::prelude::*;
use m8tes_protocol::types::Page;

use crate::remote::{empty, show, Fetched};

/// The ids that ended the pages before this one; the last is this page's `starting_after`.
#[derive(Clone, Copy)]
pub struct Cursors(RwSignal<Vec<i64>>);

impl Cursors {
    pub fn new() -> Cursors {
        Cursors(RwSignal::new(Vec::new()))
    }

    /// This page's cursor, tracked: a fetch that reads it runs again on Previous/Next.
    pub fn starting_after(&self) -> Option<i64> {
        self.0.with(|c| c.last().copied())
    }

    pub fn on_first_page(&self) -> bool {
        self.0.with(Vec::is_empty)
    }

    /// Back to the first page, as a new filter must.
    pub fn reset(&self) {
        self.0.set(Vec::new());
    }
}

/// A fetched page: `rows` with the pager under them, or `empty_text` when there is nothing
/// at all. `id_of` reads the cursor for the next page from the page's last item.
pub fn paged<T, V>(
    fetched: Fetched<Page<T>>,
    cursors: Cursors,
    empty_text: &'static str,
    id_of: fn(&T) -> i64,
    rows: impl Fn(Vec<T>) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    paged_or(fetched, cursors, move || empty(empty_text).into_any(), id_of, rows)
}

/// [`paged`] with its own view for an empty list, for a first page that teaches.
pub fn paged_or<T, V>(
    fetched: Fetched<Page<T>>,
    cursors: Cursors,
    empty_view: impl Fn() -> AnyView + Send + Sync + 'static,
    id_of: fn(&T) -> i64,
    rows: impl Fn(Vec<T>) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    show(fetched, move |page: Page<T>| {
        if page.data.is_empty() && cursors.on_first_page() {
            return empty_view();
        }
        let next = page.data.last().map(id_of);
        let has_more = page.has_more;
        with_pager(rows(page.data).into_any(), cursors, next, has_more)
    })
}

/// The rows and the pager under them; not generic, so compiled once (the wasm has a size
/// budget).
fn with_pager(rows: AnyView, cursors: Cursors, next: Option<i64>, has_more: bool) -> AnyView {
    view! {
        {rows}
        <Pager cursors next has_more/>
    }
    .into_any()
}

/// Previous/next over a cursor-paged list.
#[component]
fn Pager(cursors: Cursors, next: Option<i64>, has_more: bool) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Pages">
            <button
                class="secondary"
                disabled=move || cursors.on_first_page()
                on:click=move |_| cursors.0.update(|c| {
                    c.pop();
                })
            >
                "Previous"
            </button>
            <button
                class="secondary"
                disabled=!has_more || next.is_none()
                on:click=move |_| {
                    if let Some(id) = next {
                        cursors.0.update(|c| c.push(id));
                    }
                }
            >
                "Next"
            </button>
        </nav>
    }
}
