//! A user's memories: listed, added, deleted.

use leptos::prelude::*;
use m8tes_protocol::types::MemoryCreate;

use super::items::{user_items, UserItems};

use crate::api;

#[component]
pub fn Memories(user_id: String) -> impl IntoView {
    user_items(
        user_id,
        UserItems {
            title: "Memories",
            blurb: "",
            empty: "Nothing remembered yet.",
            list_label: "Memories",
            form_label: "New memory",
            input_name: "memory",
            placeholder: "Prefers short answers",
            submit: "Add memory",
            remove_label: "Delete",
            missing: "Write what the teammates should remember.",
            row_testid: Some("memory"),
            list: |c, params| api::memories::list(&c, &params),
            add: |c, user_id, content| {
                let params = MemoryCreate { user_id, content };
                api::memories::create(&c, &params)
            },
            remove: |c, id, scope| api::memories::delete(&c, id, &scope),
            id_of: |m| m.id,
            row: |m| {
                view! {
                    <span class="grow wrap-anywhere">{m.content}</span>
                    <span class="muted small">{m.source.unwrap_or_default()}</span>
                }
                .into_any()
            },
        },
    )
}
