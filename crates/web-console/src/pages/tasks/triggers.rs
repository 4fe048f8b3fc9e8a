//! A task's triggers: a schedule (cron and timezone, next run shown), a webhook URL or an
//! email address, each with a copy button; add and delete; pause and resume the webhook
//! without revoking its URL.

use leptos::prelude::*;
use m8tes_protocol::types::{Trigger, TriggerCreate, TriggerType};

use crate::api;
use crate::copy::CopyButton;
use crate::forms::{field, optional};
use crate::remote::{act, empty, fetch, problem_line, show};
use crate::visible::visible;

#[component]
pub fn Triggers(task_id: i64) -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let triggers = fetch(move |client| {
        refresh.track();
        let id = task_id;
        api::tasks::list_triggers(&client, id)
    });
    let kind = RwSignal::new(String::from("schedule"));
    let cron = RwSignal::new(String::from("0 9 * * 1-5"));
    let timezone = RwSignal::new(String::from("UTC"));
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut body = TriggerCreate::new(match kind.get_untracked().as_str() {
            "webhook" => TriggerType::Webhook,
            "email" => TriggerType::Email,
            _ => TriggerType::Schedule,
        });
        if body.kind == TriggerType::Schedule {
            body.cron = optional(&cron.get_untracked());
            body.timezone = optional(&timezone.get_untracked()).unwrap_or_else(|| "UTC".into());
        }
        let id = task_id;
        act(
            problem,
            "Trigger added.",
            move |c| api::tasks::create_trigger(&c, id, &body),
            move |_| refresh.update(|n| *n += 1),
        );
    };
    let remove = move |trigger_id: i64| {
        let id = task_id;
        act(
            problem,
            "Trigger deleted.",
            move |c| api::tasks::delete_trigger(&c, id, trigger_id),
            move |()| refresh.update(|n| *n += 1),
        );
    };
    // The webhook keeps its URL while paused (SDK 4.49 `set_webhook_enabled`).
    let set_webhook = move |enabled: bool| {
        let id = task_id;
        act(
            problem,
            "Webhook trigger updated.",
            move |c| api::tasks::set_webhook_enabled(&c, id, enabled),
            move |_| refresh.update(|n| *n += 1),
        );
    };
    view! {
        <section class="card stack">
            <h2>"Triggers"</h2>
            {show(triggers, move |list| {
                if list.is_empty() {
                    return empty("No triggers: this task runs only when you run it.").into_any();
                }
                view! {
                    <ul class="list" aria-label="Triggers">
                        {list.into_iter().map(|t| trigger_row(t, remove, set_webhook)).collect_view()}
                    </ul>
                }
                .into_any()
            })}
            <form class="stack" on:submit=add aria-label="New trigger">
                <h3>"Add a trigger"</h3>
                <label>
                    "Type"
                    <select name="trigger_type" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="schedule">"Schedule"</option>
                        <option value="webhook">"Webhook URL"</option>
                        <option value="email">"Email address"</option>
                    </select>
                </label>
                {visible(move || kind.with(|k| k == "schedule"), move || view! {
                    <div class="grid2">
                        {field("Cron", cron, "Minute hour day month weekday, e.g. 0 9 * * 1-5.")}
                        {field("Timezone", timezone, "An IANA name, e.g. Europe/Berlin.")}
                    </div>
                }.into_any())}
                {problem_line(problem)}
                <div><button type="submit">"Add trigger"</button></div>
            </form>
        </section>
    }
}

fn trigger_row(
    trigger: Trigger,
    remove: impl Fn(i64) + Copy + Send + Sync + 'static,
    set_webhook: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let detail = match trigger.kind.as_str() {
        "schedule" => {
            let when = match (&trigger.cron, trigger.interval_seconds) {
                (Some(cron), _) => format!("cron {cron}"),
                (None, Some(seconds)) => format!("every {seconds} s"),
                _ => String::new(),
            };
            format!("{when} · {}", trigger.timezone.clone().unwrap_or_else(|| "UTC".into()))
        }
        _ => String::new(),
    };
    let copyable = trigger.url.clone().or_else(|| trigger.address.clone());
    let id = trigger.id;
    let paused = trigger.enabled == Some(false);
    let webhook = trigger.kind == "webhook";
    view! {
        <li data-testid="trigger">
            <div class="grow">
                <strong>{trigger.kind.clone()}</strong>
                <span class="muted small">" "{detail}</span>
                {paused.then(|| view! { <span class="badge" data-testid="trigger-paused">"paused"</span> })}
                {trigger.next_run.clone().map(|next| view! { <div class="small" data-testid="next-run">"Next run: "{next}</div> })}
                {copyable.clone().map(|text| view! { <div><code class="wrap-anywhere">{text}</code></div> })}
            </div>
            {copyable.map(|text| view! { <CopyButton text=Signal::derive(move || text.clone())/> })}
            {webhook.then(|| view! {
                <button class="secondary" on:click=move |_| set_webhook(paused)>
                    {if paused { "Resume" } else { "Pause" }}
                </button>
            })}
            {(id != 0).then(|| view! { <button class="danger" on:click=move |_| remove(id)>"Delete"</button> })}
        </li>
    }
}
