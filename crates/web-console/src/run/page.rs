//! The Run pages: the form that starts a run (on a teammate or as a quick start), and a run's
//! own page, which follows it live, rejoins it after a reload, or shows how it ended.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use m8tes_protocol::types::{PermissionMode, RunCreate};

use crate::api;
use crate::forms::{area, field, optional, teammate_options, ToolPicker};
use crate::remote::{failed, loading, problem_line, spawn_erased};
use crate::run::board::use_board;
use crate::run::follow;
use crate::run::gates::Gates;
use crate::run::live::LiveRun;
use crate::run::transcript::{Files, RunHead, Transcript};
use crate::session::use_session;

#[component]
pub fn StartRun() -> impl IntoView {
    let session = use_session();
    let board = use_board();
    let navigate = use_navigate();
    let query = use_query_map();
    let teammate = RwSignal::new(query.with_untracked(|q| q.get("teammate")).unwrap_or_default());
    let quick_name = RwSignal::new(String::new());
    let quick_instructions = RwSignal::new(String::new());
    let quick_tools = RwSignal::new(Vec::<String>::new());
    let message = RwSignal::new(String::new());
    let user_id = RwSignal::new(String::new());
    let memory = RwSignal::new(true);
    let history = RwSignal::new(true);
    let mode = RwSignal::new(String::from("autonomous"));
    let problem = RwSignal::new(None::<String>);
    let starting = RwSignal::new(None::<LiveRun>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = message.get_untracked();
        if text.trim().is_empty() {
            problem.set(Some("Write a message for the agent.".into()));
            return;
        }
        let mut body = RunCreate::new(text.clone());
        match teammate.get_untracked().parse::<i64>() {
            Ok(id) => body.teammate_id = Some(id),
            Err(_) => {
                body.name = optional(&quick_name.get_untracked());
                body.instructions = optional(&quick_instructions.get_untracked());
                let tools = quick_tools.get_untracked();
                body.tools = (!tools.is_empty()).then_some(tools);
            }
        }
        body.user_id = optional(&user_id.get_untracked());
        body.memory = memory.get_untracked();
        body.history = history.get_untracked();
        body.permission_mode = match mode.get_untracked().as_str() {
            "approval" => PermissionMode::Approval,
            "plan" => PermissionMode::Plan,
            _ => PermissionMode::Autonomous,
        };
        // Approval and plan modes pause for a human, which the API requires to be said.
        body.human_in_the_loop = !body.permission_mode.is_autonomous();
        let stream = match session.client().map(|client| api::runs_create(&client, &body)) {
            Ok(stream) => stream,
            Err(err) => {
                problem.set(Some(session.explain(&err)));
                return;
            }
        };
        problem.set(None);
        let live = board.create(None);
        live.push_message(text);
        starting.set(Some(live));
        let (board, navigate) = (board.clone(), navigate.clone());
        let opened = Box::new(move |id: i64| {
            board.keep(id, live);
            navigate(&format!("/runs/{id}"), NavigateOptions::default());
        });
        follow::follow(live, session, stream, Some(opened));
    };

    let quick = move || teammate.with(String::is_empty);
    view! {
        <h1>"Start a run"</h1>
        <form class="card stack" on:submit=submit>
            <label>
                "Teammate"
                <select name="teammate" prop:value=move || teammate.get() on:change=move |ev| teammate.set(event_target_value(&ev))>
                    <option value="">"Quick start (a new teammate from the fields below)"</option>
                    {teammate_options(Some(teammate))}
                </select>
            </label>
            <Show when=quick>
                <div class="grid2">
                    {field("Name", quick_name, "The quick-start teammate's name.")}
                    {field("Instructions", quick_instructions, "")}
                </div>
                <ToolPicker chosen=quick_tools/>
            </Show>
            {area("Message", message)}
            <div class="grid2">
                {field("User id", user_id, "Optional: whose memories and apps to use.")}
                <label>
                    "Permission mode"
                    <select name="permission_mode" on:change=move |ev| mode.set(event_target_value(&ev))>
                        <option value="autonomous">"Autonomous: use tools freely"</option>
                        <option value="approval">"Approval: ask before each tool"</option>
                        <option value="plan">"Plan: approve a plan first"</option>
                    </select>
                </label>
            </div>
            <div class="row">
                <label class="check"><input type="checkbox" bind:checked=memory/>"Use memory"</label>
                <label class="check"><input type="checkbox" bind:checked=history/>"Use history"</label>
            </div>
            {problem_line(problem)}
            <div><button type="submit" disabled=move || starting.get().is_some_and(|live| live.streaming.get())>"Start run"</button></div>
        </form>
        {move || starting.get().map(|live| view! { <LiveRunView live/> })}
    }
}

#[component]
pub fn RunPage() -> impl IntoView {
    let params = use_params_map();
    move || match params.with(|p| p.get("id")).and_then(|id| id.parse::<i64>().ok()) {
        Some(id) => view! { <OneRun id/> }.into_any(),
        None => failed("That is not a run id.".into()).into_any(),
    }
}

/// The run `id`: the one this tab is already following, or read from the API and rejoined
/// if it is still going. A run the API cannot give shows only why, with no run controls.
#[component]
fn OneRun(id: i64) -> impl IntoView {
    let board = use_board();
    let session = use_session();
    if let Some(live) = board.find(id) {
        return view! { <LiveRunView live/> }.into_any();
    }
    let live = board.create(Some(id));
    let ready = RwSignal::new(false);
    let missing = RwSignal::new(None::<String>);
    spawn_erased(Box::pin(async move {
        let run = match session.client() {
            Ok(client) => api::runs_get(&client, id).await,
            Err(err) => Err(err),
        };
        match run {
            Ok(run) => {
                board.keep(id, live);
                live.absorb_run(&run, run.is_terminal());
                ready.set(true);
                if run.is_terminal() {
                    follow::settle(live, session).await;
                } else {
                    follow::rejoin(live, session);
                    follow::load_gates(live, session).await;
                }
            }
            Err(err) => {
                missing.set(Some(session.explain(&err)));
                ready.set(true);
            }
        }
    }));
    view! {
        <Show when=move || ready.get() fallback=loading>
            {move || match missing.get() {
                Some(text) => failed(text).into_any(),
                None => view! { <LiveRunView live/> }.into_any(),
            }}
        </Show>
    }
    .into_any()
}

#[component]
pub fn LiveRunView(live: LiveRun) -> impl IntoView {
    let session = use_session();
    let reply_text = RwSignal::new(String::new());
    let send_reply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reply_text.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        reply_text.set(String::new());
        follow::reply(live, session, text);
    };
    let can_reply = move || {
        !live.streaming.get() && live.run_id.get().is_some() && {
            let status = live.status.get();
            status == "completed" || status == "failed" || status == "closed"
        }
    };
    let can_cancel = move || live.run_id.get().is_some() && !live.is_terminal();
    let can_rejoin =
        move || live.problem.get().is_some() && !live.streaming.get() && !live.is_terminal();
    view! {
        <section class="run" data-testid="live-run">
            <RunHead live/>
            <Transcript live/>
            <Gates live/>
            {move || live.problem.get().map(failed)}
            <div class="row">
                <Show when=can_cancel>
                    <button class="danger" on:click=move |_| follow::cancel(live, session)>"Cancel run"</button>
                </Show>
                <Show when=can_rejoin>
                    <button class="secondary" on:click=move |_| follow::rejoin(live, session)>"Rejoin"</button>
                </Show>
            </div>
            <Files live/>
            <Show when=can_reply>
                <form class="reply-box card" on:submit=send_reply>
                    <label>
                        "Reply"
                        <textarea name="reply" bind:value=reply_text placeholder="Continue this run…"></textarea>
                    </label>
                    <div><button type="submit">"Send reply"</button></div>
                </form>
            </Show>
        </section>
    }
}
