//! A user's memories: listed, added, deleted.

use leptos::prelude::*;
use m8tes_protocol::types::{MemoryCreate, UserScope, UserScopedListParams};

use crate::api;
use crate::forms::optional;
use crate::remote::{act, empty, fetch, problem_line, show};

#[component]
pub fn Memories(user_id: String) -> impl IntoView {
    let user = StoredValue::new(user_id);
    let refresh = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let content = RwSignal::new(String::new());
    let memories = fetch(move |client| {
        refresh.track();
        let params = UserScopedListParams {
            user_id: user.get_value(),
            limit: Some(100),
            starting_after: None,
        };
        async move { api::memories_list(&client, &params).await.map(|page| page.data) }
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(text) = optional(&content.get_untracked()) else {
            problem.set(Some("Write what the teammates should remember.".into()));
            return;
        };
        let body = MemoryCreate { user_id: user.get_value(), content: text };
        act(
            problem,
            move |c| async move { api::memories_create(&c, &body).await },
            move |_| {
                content.set(String::new());
                refresh.update(|n| *n += 1);
            },
        );
    };
    let delete = move |id: i64| {
        let scope = UserScope { user_id: user.get_value() };
        act(
            problem,
            move |c| async move { api::memories_delete(&c, id, &scope).await },
            move |()| refresh.update(|n| *n += 1),
        );
    };
    view! {
        <section class="card stack">
            <h2>"Memories"</h2>
            {show(memories, move |list| {
                if list.is_empty() {
                    return empty("Nothing remembered yet.").into_any();
                }
                view! {
                    <ul class="list" aria-label="Memories">
                        {list.into_iter().map(|m| {
                            let id = m.id;
                            view! {
                                <li data-testid="memory">
                                    <span class="grow wrap-anywhere">{m.content.clone()}</span>
                                    <span class="muted small">{m.source.clone().unwrap_or_default()}</span>
                                    <button class="danger" on:click=move |_| delete(id)>"Delete"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <form class="row" on:submit=add aria-label="New memory">
                <input type="text" name="memory" placeholder="Prefers short answers" bind:value=content aria-label="New memory" style="flex:1 1 14rem"/>
                <button type="submit">"Add memory"</button>
            </form>
            {problem_line(problem)}
        </section>
    }
}
