//! Gates of a paused run, inline under its transcript: a tool to allow or deny (optionally
//! remembered for the user), and questions with their options, the plan approval among them.

use leptos::prelude::*;
use m8tes_protocol::types::{Decision, JsonObject, PermissionRequest, Question};
use serde_json::Value;

use crate::run::follow;
use crate::run::indented::indented;
use crate::run::live::LiveRun;
use crate::session::use_session;

#[component]
pub fn Gates(live: LiveRun) -> impl IntoView {
    view! {
        <For
            each=move || live.gates.get()
            key=|gate| (gate.request_id.clone(), gate.status.clone())
            children=move |gate| gate_card(live, gate)
        />
    }
}

fn gate_card(live: LiveRun, gate: PermissionRequest) -> AnyView {
    if !gate.is_pending() {
        let what = if gate.is_question() {
            "Question".to_owned()
        } else {
            format!("Tool {}", gate.tool_name)
        };
        return view! {
            <div class="gate-card resolved small">
                <span>{what}" · "</span>
                <span class=format!("badge {}", gate.status)>{gate.status.clone()}</span>
            </div>
        }
        .into_any();
    }
    if gate.is_question() {
        question_card(live, gate).into_any()
    } else {
        approval_card(live, gate).into_any()
    }
}

fn approval_card(live: LiveRun, gate: PermissionRequest) -> impl IntoView {
    let session = use_session();
    let remember = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let input = gate.tool_input.as_ref().map(indented).unwrap_or_default();
    let request_id = StoredValue::new(gate.request_id.clone());
    let decide = move |decision: Decision| {
        sent.set(true);
        follow::approve(live, session, request_id.get_value(), decision, remember.get_untracked());
    };
    view! {
        <div class="gate-card" role="group" aria-label="Approval needed" data-testid="approval-card">
            <strong>{format!("Allow the agent to use {}?", gate.tool_name)}</strong>
            <pre>{input}</pre>
            <label class="check">
                <input type="checkbox" bind:checked=remember/>
                "Remember for this user"
            </label>
            <div class="row">
                <button disabled=move || sent.get() on:click=move |_| decide(Decision::Allow)>"Allow"</button>
                <button class="danger" disabled=move || sent.get() on:click=move |_| decide(Decision::Deny)>"Deny"</button>
            </div>
        </div>
    }
}

fn question_card(live: LiveRun, gate: PermissionRequest) -> impl IntoView {
    let session = use_session();
    let questions = crate::wire::questions(&gate);
    let chosen = RwSignal::new(JsonObject::new());
    let sent = RwSignal::new(false);
    let count = questions.len();
    let request_id = StoredValue::new(gate.request_id.clone());
    // Once every question has a choice the answers go out; one question answers in one click.
    let choose = move |question: String, label: String| {
        chosen.update(|c| {
            c.insert(question, Value::String(label));
        });
        if chosen.with_untracked(JsonObject::len) >= count && !sent.get_untracked() {
            sent.set(true);
            follow::answer(live, session, request_id.get_value(), chosen.get_untracked());
        }
    };
    view! {
        <div class="gate-card" role="group" aria-label="Question" data-testid="question-card">
            {questions.into_iter().map(|q| question_view(q, chosen, sent, choose)).collect_view()}
        </div>
    }
}

fn question_view(
    question: Question,
    chosen: RwSignal<JsonObject>,
    sent: RwSignal<bool>,
    choose: impl Fn(String, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = question.question.clone();
    view! {
        <div class="stack">
            {(!question.header.is_empty()).then(|| view! { <strong>{question.header.clone()}</strong> })}
            <pre>{question.question.clone()}</pre>
            <div class="row">
                {question.options.into_iter().map(|option| {
                    let (text, label) = (text.clone(), option.label.clone());
                    let picked = {
                        let (text, label) = (text.clone(), label.clone());
                        move || chosen.with(|c| c.get(&text).and_then(Value::as_str) == Some(label.as_str()))
                    };
                    view! {
                        <button
                            class=move || if picked() { "" } else { "secondary" }
                            disabled=move || sent.get()
                            title=option.description.clone()
                            on:click=move |_| choose(text.clone(), label.clone())
                        >
                            {option.label.clone()}
                        </button>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}
