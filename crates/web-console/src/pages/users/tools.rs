//! The tools pre-approved for a user: runs for them use these without asking.

use leptos::prelude::*;
use m8tes_protocol::types::{PermissionPolicyCreate, UserScope, UserScopedListParams};

use crate::api;
use crate::forms::optional;
use crate::remote::{act, empty, fetch, problem_line, show};

#[component]
pub fn PreApproved(user_id: String) -> impl IntoView {
    let user = StoredValue::new(user_id);
    let refresh = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let tool = RwSignal::new(String::new());
    let policies = fetch(move |client| {
        refresh.track();
        let params = UserScopedListParams {
            user_id: user.get_value(),
            limit: Some(100),
            starting_after: None,
        };
        async move { api::permissions_list(&client, &params).await.map(|page| page.data) }
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(name) = optional(&tool.get_untracked()) else {
            problem.set(Some("Enter a tool name, such as gmail.".into()));
            return;
        };
        let body = PermissionPolicyCreate { user_id: user.get_value(), tool: name };
        act(
            problem,
            move |c| async move { api::permissions_create(&c, &body).await },
            move |_| {
                tool.set(String::new());
                refresh.update(|n| *n += 1);
            },
        );
    };
    let delete = move |id: i64| {
        let scope = UserScope { user_id: user.get_value() };
        act(
            problem,
            move |c| async move { api::permissions_delete(&c, id, &scope).await },
            move |()| refresh.update(|n| *n += 1),
        );
    };
    view! {
        <section class="card stack">
            <h2>"Pre-approved tools"</h2>
            <p class="muted small">"Runs for this user use these tools without asking, even in approval mode."</p>
            {show(policies, move |list| {
                if list.is_empty() {
                    return empty("No tools pre-approved.").into_any();
                }
                view! {
                    <ul class="list" aria-label="Pre-approved tools">
                        {list.into_iter().map(|p| {
                            let id = p.id;
                            view! {
                                <li>
                                    <code class="grow">{p.tool_name.clone()}</code>
                                    <button class="danger" on:click=move |_| delete(id)>"Remove"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <form class="row" on:submit=add aria-label="Pre-approve a tool">
                <input type="text" name="tool" placeholder="gmail" bind:value=tool aria-label="Tool to pre-approve" style="flex:1 1 10rem"/>
                <button type="submit">"Pre-approve"</button>
            </form>
            {problem_line(problem)}
        </section>
    }
}
