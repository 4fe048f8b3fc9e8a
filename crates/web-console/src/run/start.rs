//! Start a run: on a teammate or as a quick start (name, instructions, tools), with message,
//! user id, memory, history and permission mode; the page moves to the run once it has an id.

use leptos::prelude::*;
use m8tes_protocol::types::{PermissionMode, RunCreate};

use crate::forms::{area, field, optional, teammate_options, ToolPicker};
use crate::remote::problem_line;
use crate::router::{navigate, query_param};
use crate::run::board::use_board;
use crate::run::follow;
use crate::run::live::LiveRun;
use crate::run::view::LiveRunView;
use crate::session::use_session;
use crate::visible::visible;

#[component]
pub fn StartRun() -> impl IntoView {
    let session = use_session();
    let board = use_board();
    let teammate = RwSignal::new(query_param("teammate").unwrap_or_default());
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
        let stream = match session.client().map(|client| client.runs().create_stream(&body, false))
        {
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
        let board = board.clone();
        let opened = Box::new(move |id: i64| {
            board.keep(id, live);
            navigate(&format!("/runs/{id}"));
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
            {visible(quick, move || view! {
                <div class="grid2">
                    {field("Name", quick_name, "The quick-start teammate's name.")}
                    {field("Instructions", quick_instructions, "")}
                </div>
                <ToolPicker chosen=quick_tools/>
            }.into_any())}
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
