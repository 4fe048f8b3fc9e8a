//! A live run as both run pages show it: head and metrics, transcript, gates, the problem
//! line, cancel or rejoin, retry and archive, its outcome and files, and the reply box once
//! the run has finished.

use leptos::prelude::*;

use crate::remote::failed;
use crate::run::actions::RunActions;
use crate::run::follow;
use crate::run::gates::Gates;
use crate::run::live::LiveRun;
use crate::run::outcome::Outcome;
use crate::run::transcript::{Files, RunHead, Transcript};
use crate::session::use_session;
use crate::visible::visible;

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
                {visible(can_cancel, move || view! {
                    <button class="danger" on:click=move |_| follow::cancel(live, session)>"Cancel run"</button>
                }.into_any())}
                {visible(can_rejoin, move || view! {
                    <button class="secondary" on:click=move |_| follow::rejoin(live, session)>"Rejoin"</button>
                }.into_any())}
                <RunActions live/>
            </div>
            <Outcome live/>
            <Files live/>
            {visible(can_reply, move || view! {
                <form class="reply-box card" on:submit=send_reply>
                    <label>
                        "Reply"
                        <textarea name="reply" bind:value=reply_text placeholder="Continue this run…"></textarea>
                    </label>
                    <div><button type="submit">"Send reply"</button></div>
                </form>
            }.into_any())}
        </section>
    }
}
