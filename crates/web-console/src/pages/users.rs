//! Users: the end-user profiles of the account; per user, memories (add, delete) and the tools
//! pre-approved for them.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use m8tes_protocol::types::{
    EndUser, EndUserCreate, ListParams, MemoryCreate, PermissionPolicyCreate, UserScope,
    UserScopedListParams,
};

use crate::api;
use crate::forms::{field, optional};
use crate::paging::{paged, Cursors};
use crate::remote::{act, empty, fetch, problem_line, show};

#[component]
pub fn UsersPage() -> impl IntoView {
    let cursors = Cursors::new();
    let users = fetch(move |client| {
        let params = ListParams { limit: Some(20), starting_after: cursors.starting_after() };
        async move { api::users_list(&client, &params).await }
    });
    let new_user = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user_id) = optional(&new_user.get_untracked()) else {
            problem.set(Some("Enter the user's id, as your product knows them.".into()));
            return;
        };
        let body = EndUserCreate {
            user_id,
            name: optional(&new_name.get_untracked()),
            ..Default::default()
        };
        let navigate = navigate.clone();
        act(
            problem,
            move |c| async move { api::users_create(&c, &body).await },
            move |user| navigate(&user_href(&user.user_id), NavigateOptions::default()),
        );
    };
    view! {
        <h1>"Users"</h1>
        <p class="muted">"The people your teammates work for. Each has memories and pre-approved tools."</p>
        <form class="card stack" on:submit=create aria-label="New user">
            <div class="grid2">
                {field("User id", new_user, "Your product's id for them.")}
                {field("Name", new_name, "Optional.")}
            </div>
            {problem_line(problem)}
            <div><button type="submit">"Add user"</button></div>
        </form>
        {paged(users, cursors, "No users yet. A user appears when you add one, or when a memory is saved for them.", |u| u.id, |rows| view! {
            <ul class="list" aria-label="Users">{rows.into_iter().map(user_row).collect_view()}</ul>
        })}
    }
}

fn user_href(user_id: &str) -> String {
    format!("/users/{}", js_sys::encode_uri_component(user_id))
}

fn user_row(user: EndUser) -> impl IntoView {
    view! {
        <li>
            <div class="grow">
                <h3 class="wrap-anywhere"><A href=user_href(&user.user_id)>{user.user_id.clone()}</A></h3>
                <div class="muted small">
                    {[user.name.clone(), user.email.clone(), user.company.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                </div>
            </div>
        </li>
    }
}

#[component]
pub fn UserDetail() -> impl IntoView {
    let params = use_params_map();
    move || {
        let user_id = params.with(|p| p.get("user_id")).unwrap_or_default();
        let asked = user_id.clone();
        let profile = fetch(move |client| {
            let asked = asked.clone();
            async move { api::users_get(&client, &asked).await }
        });
        view! {
            <h1 class="wrap-anywhere">{format!("User {user_id}")}</h1>
            {show(profile, |user| view! {
                <p class="muted">
                    {[user.name.clone(), user.email.clone(), user.company.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                    {format!(" · since {}", user.created_at.clone().unwrap_or_default())}
                </p>
            })}
            <Memories user_id=user_id.clone()/>
            <PreApproved user_id/>
        }
    }
}

#[component]
fn Memories(user_id: String) -> impl IntoView {
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

#[component]
fn PreApproved(user_id: String) -> impl IntoView {
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
