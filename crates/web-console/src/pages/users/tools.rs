//! The tools pre-approved for a user: runs for them use these without asking.

use leptos::prelude::*;
use m8tes_protocol::types::PermissionPolicyCreate;

use super::items::{user_items, UserItems};
use crate::api;

#[component]
pub fn PreApproved(user_id: String) -> impl IntoView {
    user_items(
        user_id,
        UserItems {
            title: "Pre-approved tools",
            blurb: "Runs for this user use these tools without asking, even in approval mode.",
            empty: "No tools pre-approved.",
            list_label: "Pre-approved tools",
            form_label: "Pre-approve a tool",
            input_name: "tool",
            placeholder: "gmail",
            submit: "Pre-approve",
            remove_label: "Remove",
            missing: "Enter a tool name, such as gmail.",
            row_testid: None,
            list: |c, params| api::permissions::list(&c, &params),
            add: |c, user_id, tool| {
                let params = PermissionPolicyCreate { user_id, tool };
                api::permissions::create(&c, &params)
            },
            remove: |c, id, scope| api::permissions::delete(&c, id, &scope),
            id_of: |p| p.id,
            row: |p| view! { <code class="grow">{p.tool_name}</code> }.into_any(),
        },
    )
}
