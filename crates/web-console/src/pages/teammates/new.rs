//! A new teammate: the form, checked for a name, then the new teammate's page.

use leptos::prelude::*;

use crate::api;
use crate::remote::{act, problem_line};
use crate::router::navigate;

use super::form::TeammateForm;

#[component]
pub fn TeammateNew() -> impl IntoView {
    let form = TeammateForm::new(None);
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.name.get_untracked().trim().is_empty() {
            problem.set(Some("Give the teammate a name.".into()));
            return;
        }
        let body = form.create();
        act(
            problem,
            "Teammate created.",
            move |client| api::teammates::create(&client, &body),
            move |teammate| navigate(&format!("/teammates/{}", teammate.id)),
        );
    };
    view! {
        <h1>"New teammate"</h1>
        <form class="card stack" on:submit=submit>
            {form.view(false)}
            {problem_line(problem)}
            <div><button type="submit">"Create teammate"</button></div>
        </form>
    }
}
