//! A list that belongs to one user (memories, pre-approved tools): its rows, each with a
//! remove button, its empty state, and the one-line form that adds to it. The two lists
//! differ only in words and calls, given by [`UserItems`].

use futures_util::TryFutureExt;
use leptos::prelude::*;
use m8tes_client_wasm::Client;
use m8tes_protocol::types::{Page, UserScope, UserScopedListParams};

use crate::api::Call;
use crate::forms::optional;
use crate::remote::{act, empty, fetch, problem_line, show};

/// What one per-user list says, and the API calls behind it.
pub struct UserItems<T: 'static, A: 'static> {
    pub title: &'static str,
    pub blurb: &'static str,
    pub empty: &'static str,
    /// The list's and the form's accessible names.
    pub list_label: &'static str,
    pub form_label: &'static str,
    pub input_name: &'static str,
    pub placeholder: &'static str,
    pub submit: &'static str,
    pub remove_label: &'static str,
    /// Said when Add is pressed with nothing typed.
    pub missing: &'static str,
    pub row_testid: Option<&'static str>,
    pub list: fn(Client, UserScopedListParams) -> Call<Page<T>>,
    /// Adds `text` for `user_id`.
    pub add: fn(Client, String, String) -> Call<A>,
    pub remove: fn(Client, i64, UserScope) -> Call<()>,
    pub id_of: fn(&T) -> i64,
    /// A row's content, before its remove button.
    pub row: fn(T) -> AnyView,
}

pub fn user_items<T, A>(user_id: String, items: UserItems<T, A>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let UserItems { list, add, remove, id_of, row, .. } = items;
    let user = StoredValue::new(user_id);
    let refresh = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let text = RwSignal::new(String::new());
    let fetched = fetch(move |client| {
        refresh.track();
        let params = UserScopedListParams {
            user_id: user.get_value(),
            limit: Some(100),
            starting_after: None,
        };
        list(client, params).map_ok(|page| page.data)
    });
    let missing = items.missing;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(typed) = optional(&text.get_untracked()) else {
            problem.set(Some(missing.into()));
            return;
        };
        let user_id = user.get_value();
        act(
            problem,
            "Added.",
            move |c| add(c, user_id, typed),
            move |_| {
                text.set(String::new());
                refresh.update(|n| *n += 1);
            },
        );
    };
    let delete = move |id: i64| {
        let scope = UserScope { user_id: user.get_value() };
        act(
            problem,
            "Removed.",
            move |c| remove(c, id, scope),
            move |()| refresh.update(|n| *n += 1),
        );
    };
    let (empty_text, list_label, remove_label, testid) =
        (items.empty, items.list_label, items.remove_label, items.row_testid);
    view! {
        <section class="card stack">
            <h2>{items.title}</h2>
            {(!items.blurb.is_empty()).then(|| view! { <p class="muted small">{items.blurb}</p> })}
            {show(fetched, move |entries| {
                if entries.is_empty() {
                    return empty(empty_text).into_any();
                }
                view! {
                    <ul class="list" aria-label=list_label>
                        {entries.into_iter().map(|entry| {
                            let id = id_of(&entry);
                            view! {
                                <li data-testid=testid>
                                    {row(entry)}
                                    <button class="danger" on:click=move |_| delete(id)>{remove_label}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <form class="row" on:submit=submit aria-label=items.form_label>
                <input type="text" name=items.input_name placeholder=items.placeholder bind:value=text aria-label=items.form_label style="flex:1 1 14rem"/>
                <button type="submit">{items.submit}</button>
            </form>
            {problem_line(problem)}
        </section>
    }
}
