//! Feeding a [`LiveRun`]: read a stream to its end, then settle on the run's final state;
//! rejoin a live run; list its gates; answer them; reply; cancel.

use futures_util::StreamExt;
use leptos::prelude::*;
use m8tes_client_wasm::run_stream::RunStream;
use m8tes_client_wasm::Client;
use m8tes_protocol::types::{Answers, Approval, Decision, JsonObject};

use crate::api::{self, Call};
use crate::remote::spawn_erased;
use crate::run::live::{FollowUp, LiveRun};
use crate::session::Session;

/// Reads `stream` into `live` in the background. `on_run_id` is told the run's id as soon as
/// the stream names it.
pub fn follow(
    live: LiveRun,
    session: Session,
    mut stream: RunStream,
    on_run_id: Option<Box<dyn FnOnce(i64)>>,
) {
    live.streaming.set(true);
    live.problem.set(None);
    spawn_erased(Box::pin(async move {
        let mut on_run_id = on_run_id;
        while let Some(item) = stream.next().await {
            match item {
                Ok(event) => {
                    let follow_up = live.apply(&event);
                    if let Some(id) = live.run_id.get_untracked() {
                        if let Some(tell) = on_run_id.take() {
                            tell(id);
                        }
                    }
                    if follow_up == FollowUp::LoadGates {
                        spawn_erased(Box::pin(load_gates(live, session)));
                    }
                }
                Err(err) => {
                    live.problem.set(Some(session.explain(&err)));
                    break;
                }
            }
        }
        live.streaming.set(false);
        settle(live, session).await;
    }));
}

/// Reads the run as the server has it now: status, error, usage, files and open gates.
pub async fn settle(live: LiveRun, session: Session) {
    let (Some(id), Ok(client)) = (live.run_id.get_untracked(), session.client()) else { return };
    match api::runs::get(&client, id).await {
        Ok(run) => live.absorb_run(&run, false),
        Err(err) => {
            live.problem.set(Some(session.explain(&err)));
            return;
        }
    }
    if let Ok(files) = api::runs::list_files(&client, id).await {
        live.files.set(files);
    }
    load_gates(live, session).await;
}

/// Lists the run's permission requests, pending and resolved.
pub async fn load_gates(live: LiveRun, session: Session) {
    let (Some(id), Ok(client)) = (live.run_id.get_untracked(), session.client()) else { return };
    match api::runs::permissions(&client, id).await {
        Ok(gates) => live.gates.set(gates),
        Err(err) => live.problem.set(Some(session.explain(&err))),
    }
}

/// Rejoins a run that is still going: the server replays its history, then streams on.
pub fn rejoin(live: LiveRun, session: Session) {
    let (Some(id), Ok(client)) = (live.run_id.get_untracked(), session.client()) else { return };
    live.clear_transcript();
    follow(live, session, client.runs().stream(id), None);
}

/// After a gate is answered the run goes on; if no stream is open any more, rejoin it.
async fn resume(live: LiveRun, session: Session) {
    load_gates(live, session).await;
    if !live.streaming.get_untracked() {
        live.status.set("running".into());
        rejoin(live, session);
    }
}

pub fn approve(
    live: LiveRun,
    session: Session,
    request_id: String,
    decision: Decision,
    remember: bool,
) {
    let body = Approval { request_id, decision, remember, reason: None };
    settle_gate(
        live,
        session,
        Box::new(move |client, id| api::runs::approve(&client, id, &body).ignored()),
    );
}

pub fn answer(live: LiveRun, session: Session, request_id: String, answers: JsonObject) {
    let body = Answers { answers, request_id: Some(request_id) };
    settle_gate(
        live,
        session,
        Box::new(move |client, id| api::runs::answer_questions(&client, id, &body).ignored()),
    );
}

/// Sends a gate's answer (`send`), then resumes following the run; a refusal is the run's
/// problem line.
fn settle_gate(live: LiveRun, session: Session, send: Box<dyn FnOnce(Client, i64) -> Call<()>>) {
    let Some(id) = live.run_id.get_untracked() else { return };
    spawn_erased(Box::pin(async move {
        let answered = match session.client() {
            Ok(client) => send(client, id).await,
            Err(err) => Err(err),
        };
        match answered {
            Ok(()) => resume(live, session).await,
            Err(err) => live.problem.set(Some(session.explain(&err))),
        }
    }));
}

pub fn reply(live: LiveRun, session: Session, message: String) {
    let Some(id) = live.run_id.get_untracked() else { return };
    let client = match session.client() {
        Ok(client) => client,
        Err(err) => {
            live.problem.set(Some(session.explain(&err)));
            return;
        }
    };
    let stream = client.runs().reply_stream(id, &message);
    live.push_message(message);
    live.status.set("running".into());
    live.files.set(Vec::new());
    follow(live, session, stream, None);
}

pub fn cancel(live: LiveRun, session: Session) {
    let Some(id) = live.run_id.get_untracked() else { return };
    spawn_erased(Box::pin(async move {
        let cancelled = match session.client() {
            Ok(client) => api::runs::cancel(&client, id).await,
            Err(err) => Err(err),
        };
        match cancelled {
            Ok(run) => live.absorb_run(&run, false),
            Err(err) => live.problem.set(Some(session.explain(&err))),
        }
    }));
}
