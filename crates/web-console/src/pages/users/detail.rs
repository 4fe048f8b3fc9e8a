//! One user: the profile, then their memories and pre-approved tools.

use leptos::prelude::*;

use crate::api;
use crate::remote::{fetch, show};
use crate::router::use_params;

use super::memories::Memories;
use super::tools::PreApproved;

#[component]
pub fn UserDetail() -> impl IntoView {
    let params = use_params();
    move || {
        let user_id = params.get("user_id").unwrap_or_default();
        let asked = user_id.clone();
        let profile = fetch(move |client| {
            let asked = asked.clone();
            api::users::get(&client, &asked)
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
