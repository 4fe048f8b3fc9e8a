//! One task: edit, archive with a confirmation, "Run now" (which opens the live run), its
//! triggers and its lessons.

use leptos::prelude::*;
use m8tes_protocol::types::{Task, TaskRunCreate, TaskUpdate};

use crate::api;
use crate::forms::{area, field, optional, AskFirst};
use crate::pages::route_id;
use crate::remote::{act, fetch, problem_line, saved_line, show};
use crate::router::{navigate, use_params};
use crate::run::board::use_board;
use crate::run::follow;
use crate::session::use_session;

use super::lessons::Lessons;
use super::triggers::Triggers;

#[component]
pub fn TaskDetail() -> impl IntoView {
    let params = use_params();
    let task = fetch(move |client| {
        let id = params.get("id").unwrap_or_default();
        async move { api::tasks::get(&client, route_id(&id)?).await }
    });
    view! { {show(task, |task| view! { <TaskEditor task/> })} }
}

#[component]
fn TaskEditor(task: Task) -> impl IntoView {
    let session = use_session();
    let board = use_board();
    let id = task.id;
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
        act(
            problem,
            "Task saved.",
            move |c| api::tasks::update(&c, id, &body),
            move |_| saved.set(true),
        );
    };
    let archive = {
        move || {
            act(
                problem,
                "Task deleted.",
                move |c| api::tasks::delete(&c, id),
                move |()| navigate("/tasks"),
            );
        }
    };
    let run_now = move |_| {
        let stream = session.client().map(|c| c.tasks().run_stream(id, &TaskRunCreate::default()));
        match stream {
            Ok(stream) => {
                let live = board.create(None);
                let board = board.clone();
                let opened = Box::new(move |run_id: i64| {
                    board.keep(run_id, live);
                    navigate(&format!("/runs/{run_id}"));
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
                <AskFirst label="Archive…" question="Archive this task? Its triggers stop." yes="Yes, archive" act=archive/>
            </div>
        </form>
        <Triggers task_id=task.id/>
        <Lessons task_id=task.id/>
    }
}
