//! Tasks: saved instructions for a teammate. Create, edit, archive, run now (which opens the
//! live run), and triggers: a schedule (cron and timezone, next run shown), a webhook URL or
//! an email address.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use m8tes_protocol::types::{
    Task, TaskCreate, TaskListParams, TaskRunCreate, TaskUpdate, Trigger, TriggerCreate,
    TriggerType,
};

use crate::api;
use crate::copy::CopyButton;
use crate::forms::{area, field, optional, teammate_options, ArchiveButton};
use crate::paging::{paged, Cursors};
use crate::remote::{act, empty, fetch, problem_line, saved_line, show};
use crate::run::board::use_board;
use crate::run::follow;
use crate::session::use_session;

#[component]
pub fn TasksPage() -> impl IntoView {
    let cursors = Cursors::new();
    let refresh = RwSignal::new(0u32);
    let tasks = fetch(move |client| {
        refresh.track();
        let params = TaskListParams {
            limit: Some(20),
            starting_after: cursors.starting_after(),
            ..Default::default()
        };
        async move { api::tasks_list(&client, &params).await }
    });
    view! {
        <h1>"Tasks"</h1>
        <NewTask refresh/>
        <h2>"Saved tasks"</h2>
        {paged(tasks, cursors, "No tasks yet. Create one above.", |t| t.id, |rows| view! {
            <ul class="list" aria-label="Tasks">{rows.into_iter().map(task_row).collect_view()}</ul>
        })}
    }
}

fn task_row(task: Task) -> impl IntoView {
    let title = task.name.clone().unwrap_or_else(|| task.instructions.clone());
    view! {
        <li>
            <div class="grow">
                <h3 class="wrap-anywhere"><A href=format!("/tasks/{}", task.id)>{title}</A></h3>
                <div class="muted small">{format!("Teammate {}", task.teammate_id)}</div>
            </div>
            <span class=format!("badge {}", task.status.clone().unwrap_or_default())>{task.status.clone().unwrap_or_default()}</span>
        </li>
    }
}

#[component]
fn NewTask(refresh: RwSignal<u32>) -> impl IntoView {
    let teammate = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let instructions = RwSignal::new(String::new());
    let expected = RwSignal::new(String::new());
    let user_id = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(teammate_id) = teammate.get_untracked().parse::<i64>() else {
            problem.set(Some("Pick the teammate that will do this task.".into()));
            return;
        };
        if instructions.get_untracked().trim().is_empty() {
            problem.set(Some("Write the task's instructions.".into()));
            return;
        }
        let body = TaskCreate {
            teammate_id,
            instructions: instructions.get_untracked().trim().to_owned(),
            name: optional(&name.get_untracked()),
            expected_output: optional(&expected.get_untracked()),
            user_id: optional(&user_id.get_untracked()),
            ..Default::default()
        };
        let navigate = navigate.clone();
        act(
            problem,
            move |c| async move { api::tasks_create(&c, &body).await },
            move |task| {
                refresh.update(|n| *n += 1);
                navigate(&format!("/tasks/{}", task.id), NavigateOptions::default());
            },
        );
    };
    view! {
        <form class="card stack" on:submit=submit aria-label="New task">
            <h2>"New task"</h2>
            <label>
                "Teammate"
                <select name="teammate" on:change=move |ev| teammate.set(event_target_value(&ev))>
                    <option value="">"Choose a teammate…"</option>
                    {teammate_options(None)}
                </select>
            </label>
            <div class="grid2">
                {field("Name", name, "")}
                {field("User id", user_id, "Optional.")}
            </div>
            {area("Instructions", instructions)}
            {field("Expected output", expected, "")}
            {problem_line(problem)}
            <div><button type="submit">"Create task"</button></div>
        </form>
    }
}

#[component]
pub fn TaskDetail() -> impl IntoView {
    let params = use_params_map();
    let task = fetch(move |client| {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        async move { api::tasks_get(&client, &id).await }
    });
    view! { {show(task, |task| view! { <TaskEditor task/> })} }
}

#[component]
fn TaskEditor(task: Task) -> impl IntoView {
    let session = use_session();
    let board = use_board();
    let navigate = use_navigate();
    let id = StoredValue::new(task.id.to_string());
    let name = RwSignal::new(task.name.clone().unwrap_or_default());
    let instructions = RwSignal::new(task.instructions.clone());
    let expected = RwSignal::new(task.expected_output.clone().unwrap_or_default());
    let goals = RwSignal::new(task.goals.clone().unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let body = TaskUpdate {
            name: optional(&name.get_untracked()),
            instructions: optional(&instructions.get_untracked()),
            expected_output: Some(expected.get_untracked().trim().to_owned()),
            goals: Some(goals.get_untracked().trim().to_owned()),
            tools: None,
        };
        let id = id.get_value();
        act(
            problem,
            move |c| async move { api::tasks_update(&c, &id, &body).await },
            move |_| saved.set(true),
        );
    };
    let archive = {
        let navigate = navigate.clone();
        move || {
            let id = id.get_value();
            let navigate = navigate.clone();
            act(
                problem,
                move |c| async move { api::tasks_delete(&c, &id).await },
                move |()| navigate("/tasks", NavigateOptions::default()),
            );
        }
    };
    let run_now = move |_| {
        let stream = session
            .client()
            .and_then(|c| api::tasks_run(&c, &id.get_value(), &TaskRunCreate::default()));
        match stream {
            Ok(stream) => {
                let live = board.create(None);
                let (board, navigate) = (board.clone(), navigate.clone());
                let opened = Box::new(move |run_id: i64| {
                    board.keep(run_id, live);
                    navigate(&format!("/runs/{run_id}"), NavigateOptions::default());
                });
                follow::follow(live, session, stream, Some(opened));
            }
            Err(err) => problem.set(Some(session.explain(&err))),
        }
    };
    view! {
        <div class="spread">
            <h1 class="wrap-anywhere">{task.name.clone().unwrap_or_else(|| format!("Task {}", task.id))}</h1>
            <button on:click=run_now>"Run now"</button>
        </div>
        <p class="muted small">{format!("Task {} · teammate {}", task.id, task.teammate_id)}</p>
        <form class="card stack" on:submit=save>
            {field("Name", name, "")}
            {area("Instructions", instructions)}
            <div class="grid2">
                {field("Expected output", expected, "")}
                {field("Goals", goals, "")}
            </div>
            {problem_line(problem)}
            {saved_line(saved)}
            <div class="row">
                <button type="submit">"Save changes"</button>
                <ArchiveButton question="Archive this task? Its triggers stop." archive/>
            </div>
        </form>
        <Triggers task_id=task.id.to_string()/>
    }
}

#[component]
fn Triggers(task_id: String) -> impl IntoView {
    let task_id = StoredValue::new(task_id);
    let refresh = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let triggers = fetch(move |client| {
        refresh.track();
        let id = task_id.get_value();
        async move { api::triggers_list(&client, &id).await }
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
        let id = task_id.get_value();
        act(
            problem,
            move |c| async move { api::triggers_create(&c, &id, &body).await },
            move |_| refresh.update(|n| *n += 1),
        );
    };
    let remove = move |trigger_id: i64| {
        let id = task_id.get_value();
        act(
            problem,
            move |c| async move { api::triggers_delete(&c, &id, trigger_id).await },
            move |()| refresh.update(|n| *n += 1),
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
                        {list.into_iter().map(|t| trigger_row(t, remove)).collect_view()}
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
                <Show when=move || kind.with(|k| k == "schedule")>
                    <div class="grid2">
                        {field("Cron", cron, "Minute hour day month weekday, e.g. 0 9 * * 1-5.")}
                        {field("Timezone", timezone, "An IANA name, e.g. Europe/Berlin.")}
                    </div>
                </Show>
                {problem_line(problem)}
                <div><button type="submit">"Add trigger"</button></div>
            </form>
        </section>
    }
}

fn trigger_row(
    trigger: Trigger,
    remove: impl Fn(i64) + Copy + Send + Sync + 'static,
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
    view! {
        <li data-testid="trigger">
            <div class="grow">
                <strong>{trigger.kind.clone()}</strong>
                <span class="muted small">" "{detail}</span>
                {trigger.next_run.clone().map(|next| view! { <div class="small" data-testid="next-run">"Next run: "{next}</div> })}
                {copyable.clone().map(|text| view! { <div><code class="wrap-anywhere">{text}</code></div> })}
            </div>
            {copyable.map(|text| view! { <CopyButton text=Signal::derive(move || text.clone())/> })}
            {(id != 0).then(|| view! { <button class="danger" on:click=move |_| remove(id)>"Delete"</button> })}
        </li>
    }
}
