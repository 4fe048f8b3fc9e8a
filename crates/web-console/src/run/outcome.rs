//! A finished run's outcome (`runs.outcome`): its headline and closing summary, whether it
//! waits on a reply, the structured output of a run made with an `output_schema`, and what it
//! used. Agent output and output data are set as text, never as HTML.

use leptos::prelude::*;
use m8tes_protocol::types::RunOutcome;
use serde_json::Value;

use crate::api;
use crate::remote::{fetch, show};
use crate::run::indented::indented;
use crate::run::live::LiveRun;

#[component]
pub fn Outcome(live: LiveRun) -> impl IntoView {
    // The run id while the run rests at an end: read then, and again after a reply ends it anew.
    let ended = Memo::new(move |_| {
        live.run_id.get().filter(|_| live.is_terminal() && !live.streaming.get())
    });
    move || {
        ended.get().map(|id| {
            let outcome = fetch(move |client| api::runs::outcome(&client, id));
            view! {
                <section class="card stack" data-testid="outcome" aria-label="Outcome">
                    <h2>"Outcome"</h2>
                    {show(outcome, outcome_view)}
                </section>
            }
        })
    }
}

fn outcome_view(outcome: RunOutcome) -> impl IntoView {
    let used = used_line(&outcome);
    view! {
        {outcome.headline.map(|text| view! { <p><strong class="wrap-anywhere">{text}</strong></p> })}
        {outcome.summary.filter(|s| !s.is_empty()).map(|text| view! {
            <p class="agent-text" data-testid="outcome-summary">{text}</p>
        })}
        {outcome.needs_reply.then(|| view! { <p class="notice">"It asks you something: reply below."</p> })}
        {outcome.output_data.map(output_data)}
        <p class="muted small">{used}</p>
    }
}

/// Structured output as a list of its fields (an object's keys; anything else is one unnamed
/// field): strings as they are, other values as indented JSON, all of it text.
fn output_data(data: Value) -> impl IntoView {
    let fields: Vec<(String, Value)> = match data {
        Value::Object(map) => map.into_iter().collect(),
        other => vec![(String::new(), other)],
    };
    view! {
        <h3>"Output data"</h3>
        <dl class="output-data" data-testid="output-data">
            {fields.into_iter().map(|(key, value)| {
                let text = match value {
                    Value::String(text) => text,
                    other => indented(&other),
                };
                view! { <dt>{key}</dt><dd><pre>{text}</pre></dd> }
            }).collect_view()}
        </dl>
    }
}

fn used_line(outcome: &RunOutcome) -> String {
    let mut line = format!("{} messages · {} tokens", outcome.message_count, outcome.total_tokens);
    if let Some(cost) = &outcome.cost_usd {
        line.push_str(" · $");
        line.push_str(cost);
    }
    line
}
