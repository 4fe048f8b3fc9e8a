//! The end-user profiles, a page at a time, under the form that adds one.

use leptos::prelude::*;
use m8tes_protocol::types::{EndUser, EndUserCreate, ListParams};

use crate::api;
use crate::forms::{field, optional};
use crate::paging::{paged, Cursors};
use crate::remote::{act, fetch, problem_line};
use crate::router::navigate;

#[component]
pub fn UsersPage() -> impl IntoView {
    let cursors = Cursors::new();
    let users = fetch(move |client| {
        let params = ListParams { limit: Some(20), starting_after: cursors.starting_after() };
        api::users::list(&client, &params)
    });
    let new_user = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
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
        act(
            problem,
            "User added.",
            move |c| api::users::create(&c, &body),
            move |user| navigate(&user_href(&user.user_id)),
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
                <h3 class="wrap-anywhere"><a href=user_href(&user.user_id)>{user.user_id.clone()}</a></h3>
                <div class="muted small">
                    {[user.name.clone(), user.email.clone(), user.company.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                </div>
            </div>
        </li>
    }
}
