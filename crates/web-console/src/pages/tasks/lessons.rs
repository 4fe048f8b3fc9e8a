//! What a task's agent has learned for its later runs (`tasks.lessons`): each lesson with when
//! it applies, how full the task's memory of them is, delete one, or clear them all.

use leptos::prelude::*;
use m8tes_protocol::types::{Lesson, LessonList};

use crate::api;
use crate::forms::AskFirst;
use crate::remote::{act, empty, fetch, problem_line, show};

#[component]
pub fn Lessons(task_id: i64) -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let lessons = fetch(move |client| {
        refresh.track();
        api::tasks::lessons(&client, task_id)
    });
    let reread = move |_: LessonList| refresh.update(|n| *n += 1);
    let delete = move |lesson_id: String| {
        act(
            problem,
            "Lesson deleted.",
            move |c| api::tasks::delete_lesson(&c, task_id, &lesson_id),
            reread,
        );
    };
    let clear = move || {
        act(problem, "Lessons cleared.", move |c| api::tasks::clear_lessons(&c, task_id), reread)
    };
    view! {
        <section class="card stack" aria-label="Lessons">
            <h2>"Lessons"</h2>
            <p class="muted small">"What this task's agent saved from its runs; its next runs read them."</p>
            {show(lessons, move |list: LessonList| {
                if list.data.is_empty() {
                    return empty("No lessons yet: the agent saves them as it runs this task.").into_any();
                }
                view! {
                    <p class="small" data-testid="lessons-capacity">
                        {format!("{} of {} used.", list.capacity_used, list.capacity_limit)}
                    </p>
                    <ul class="list" aria-label="Lessons of this task">
                        {list.data.into_iter().map(|lesson| lesson_row(lesson, delete)).collect_view()}
                    </ul>
                    <div class="row">
                        <AskFirst label="Clear all lessons…" question="Forget every lesson of this task?" yes="Yes, clear" act=clear/>
                    </div>
                }
                .into_any()
            })}
            {problem_line(problem)}
        </section>
    }
}

fn lesson_row(
    lesson: Lesson,
    delete: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = lesson.id.clone();
    view! {
        <li data-testid="lesson">
            <div class="grow">
                <div class="wrap-anywhere">{lesson.text}</div>
                {(!lesson.when_applicable.is_empty()).then(|| view! {
                    <div class="muted small wrap-anywhere">{format!("When: {}", lesson.when_applicable)}</div>
                })}
                {lesson.source_run_id.map(|run| view! {
                    <div class="small"><a href=format!("/runs/{run}")>{format!("From run {run}")}</a></div>
                })}
            </div>
            <button class="danger" on:click=move |_| delete(id.clone())>"Delete"</button>
        </li>
    }
}
