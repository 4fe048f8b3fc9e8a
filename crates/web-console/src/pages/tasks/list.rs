//! The saved tasks, a page at a time, under the form that creates one.

use leptos::prelude::*;
use m8tes_protocol::types::{Task, TaskCreate, TaskListParams};

use crate::api;
use crate::forms::{area, field, optional, teammate_options};
use crate::paging::{paged, Cursors};
use crate::remote::{act, fetch, problem_line};
use crate::router::navigate;

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
        api::tasks::list(&client, &params)
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
                <h3 class="wrap-anywhere"><a href=format!("/tasks/{}", task.id)>{title}</a></h3>
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
        act(
            problem,
            "Task created.",
            move |c| api::tasks::create(&c, &body),
            move |task| {
                refresh.update(|n| *n += 1);
                navigate(&format!("/tasks/{}", task.id));
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
