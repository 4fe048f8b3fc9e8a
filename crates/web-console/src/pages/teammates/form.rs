//! The teammate form both the New and the detail page show: its fields as typed, and the
//! create or update body read from them.

use leptos::prelude::*;
use m8tes_protocol::types::{Teammate, TeammateCreate, TeammateUpdate};

use crate::forms::{area, field, list, optional, ToolPicker};

/// The fields of the teammate form, as typed.
#[derive(Clone, Copy)]
pub struct TeammateForm {
    pub name: RwSignal<String>,
    role: RwSignal<String>,
    goals: RwSignal<String>,
    instructions: RwSignal<String>,
    user_id: RwSignal<String>,
    allowed_senders: RwSignal<String>,
    tools: RwSignal<Vec<String>>,
}

impl TeammateForm {
    pub fn new(from: Option<&Teammate>) -> Self {
        let text = |value: Option<&String>| RwSignal::new(value.cloned().unwrap_or_default());
        TeammateForm {
            name: RwSignal::new(from.map(|t| t.name.clone()).unwrap_or_default()),
            role: text(from.and_then(|t| t.role.as_ref())),
            goals: text(from.and_then(|t| t.goals.as_ref())),
            instructions: text(from.and_then(|t| t.instructions.as_ref())),
            user_id: text(from.and_then(|t| t.user_id.as_ref())),
            allowed_senders: RwSignal::new(
                from.and_then(|t| t.allowed_senders.clone()).unwrap_or_default().join(", "),
            ),
            tools: RwSignal::new(from.and_then(|t| t.tools.clone()).unwrap_or_default()),
        }
    }

    pub fn view(self, editing: bool) -> impl IntoView {
        view! {
            <div class="grid2">
                {field("Name", self.name, "")}
                {field("Role", self.role, "What this teammate does, in a few words.")}
            </div>
            {area("Goals", self.goals)}
            {area("Instructions", self.instructions)}
            <div class="grid2">
                {(!editing).then(|| field("User id", self.user_id, "Optional: the end user this teammate serves."))}
                {field("Allowed senders", self.allowed_senders, "Emails allowed to write to the inbox, comma separated.")}
            </div>
            <ToolPicker chosen=self.tools/>
        }
    }

    pub fn create(&self) -> TeammateCreate {
        let senders = list(&self.allowed_senders.get_untracked());
        TeammateCreate {
            name: self.name.get_untracked().trim().to_owned(),
            tools: Some(self.tools.get_untracked()),
            instructions: optional(&self.instructions.get_untracked()),
            role: optional(&self.role.get_untracked()),
            goals: optional(&self.goals.get_untracked()),
            user_id: optional(&self.user_id.get_untracked()),
            metadata: None,
            allowed_senders: (!senders.is_empty()).then_some(senders),
        }
    }

    pub fn update(&self) -> TeammateUpdate {
        TeammateUpdate {
            name: Some(self.name.get_untracked().trim().to_owned()),
            instructions: Some(self.instructions.get_untracked().trim().to_owned()),
            tools: Some(self.tools.get_untracked()),
            role: Some(self.role.get_untracked().trim().to_owned()),
            goals: Some(self.goals.get_untracked().trim().to_owned()),
            metadata: None,
            allowed_senders: Some(list(&self.allowed_senders.get_untracked())),
        }
    }
}
