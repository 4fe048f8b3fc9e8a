//! How a live run looks: its head (status and metrics), the transcript of messages, text and
//! tool cards, and the files it wrote. Agent output is only ever set as text, never as HTML.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::markdown;
use crate::remote::spawn_erased;
use crate::run::indented::indented;
use crate::run::live::{Block, BlockBody, LiveRun, Metrics, ToolCard};
use crate::session::use_session;
use crate::visible::visible;

#[component]
pub fn RunHead(live: LiveRun) -> impl IntoView {
    let status = move || live.status.get();
    view! {
        <div class="run-head">
            <h1>{move || live.run_id.get().map_or_else(|| "Starting run…".to_owned(), |id| format!("Run {id}"))}</h1>
            <span class=move || format!("badge {}", status()) data-testid="run-status">{status}</span>
            {move || live.streaming.get().then(|| view! { <span class="muted small">"live"</span> })}
        </div>
        <div class="metrics" aria-label="Metrics">{move || metrics_line(&live.metrics.get())}</div>
    }
}

fn metrics_line(metrics: &Metrics) -> impl IntoView {
    let mut parts = Vec::new();
    if let Some(ms) = metrics.duration_ms {
        parts.push(format!("Duration {}", seconds(ms)));
    }
    if let Some(tokens) = metrics.input_tokens {
        parts.push(format!("{} tokens in", tokens.round() as u64));
    }
    if let Some(tokens) = metrics.output_tokens {
        parts.push(format!("{} tokens out", tokens.round() as u64));
    }
    if let Some(cost) = &metrics.cost_usd {
        parts.push(format!("${cost}"));
    }
    parts.into_iter().map(|part| view! { <span>{part}</span> }).collect_view()
}

/// Milliseconds as seconds with one decimal, by integer arithmetic: float formatting would
/// add its own code to the wasm.
pub fn seconds(ms: f64) -> String {
    let tenths = (ms.max(0.0) / 100.0).round() as u64;
    format!("{}.{} s", tenths / 10, tenths % 10)
}

#[component]
pub fn Transcript(live: LiveRun) -> impl IntoView {
    view! {
        <Timeline live/>
        <div class="transcript" data-testid="transcript">
            <For each=move || live.blocks.get() key=|block| block.key children=block_view/>
            {move || {
                (live.streaming.get() && live.status.with(|s| s == "running"))
                    .then(|| view! { <span class="cursor muted small">"working"</span> })
            }}
        </div>
    }
}

/// The run's steps in order, each with when it started after the first, tool calls with
/// how long they took: the shape of a run at a glance, above its transcript.
#[component]
fn Timeline(live: LiveRun) -> impl IntoView {
    let steps = move || {
        live.blocks.with(|blocks| {
            let start = blocks.first().map_or(0.0, |b| b.at);
            blocks
                .iter()
                .map(|block| {
                    let (kind, label) = match &block.body {
                        BlockBody::Message(_) => ("message", "You".to_owned()),
                        BlockBody::Text(_) => ("text", "Text".to_owned()),
                        BlockBody::Reasoning(_) => ("reasoning", "Reasoning".to_owned()),
                        BlockBody::Tool(card) => (
                            "tool",
                            card.with(|c| match tool_duration(c) {
                                Some(took) => format!("{} ({took})", c.name),
                                None => c.name.clone(),
                            }),
                        ),
                        BlockBody::Plan(_) => ("plan", "Plan".to_owned()),
                        BlockBody::Error(_) => ("error", "Error".to_owned()),
                    };
                    let offset = format!("+{}", seconds(block.at - start));
                    view! {
                        <li class=format!("step {kind}")>
                            <span class="muted small">{offset}</span>" "<span>{label}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        {visible(move || live.blocks.with(|b| b.len() > 1), move || view! {
            <ol class="timeline" aria-label="Steps" data-testid="timeline">{steps}</ol>
        }.into_any())}
    }
}

fn tool_duration(card: &ToolCard) -> Option<String> {
    card.finished_at.map(|end| seconds(end - card.started_at))
}

fn block_view(block: Block) -> AnyView {
    match block.body {
        BlockBody::Message(text) => view! { <div class="turn-user">{text}</div> }.into_any(),
        BlockBody::Text(text) => {
            // A block after a tool call starts with the paragraph break that separates it.
            let shown = move || text.with(|t| markdown::render(t.trim_start_matches('\n')));
            view! { <div class="agent-text" data-testid="agent-text">{shown}</div> }.into_any()
        }
        BlockBody::Reasoning(text) => view! {
            <details class="reasoning" data-testid="reasoning">
                <summary>"Reasoning"</summary>
                <div class="muted">{move || text.with(|t| markdown::render(t))}</div>
            </details>
        }
        .into_any(),
        BlockBody::Tool(card) => tool_card(card).into_any(),
        BlockBody::Plan(plan) => view! {
            <div class="tool-card" data-testid="plan">
                <strong>"Plan"</strong>
                <div>{move || plan.with(|p| markdown::render(p))}</div>
            </div>
        }
        .into_any(),
        BlockBody::Error(text) => {
            view! { <p class="error run-error" role="alert">{text}</p> }.into_any()
        }
    }
}

fn tool_card(card: ArcRwSignal<ToolCard>) -> impl IntoView {
    let head = {
        let card = card.clone();
        move || {
            card.with(|c| {
                let state = match (&c.result, tool_duration(c)) {
                    (Some(_), Some(took)) => format!("done in {took}"),
                    (Some(_), None) => "done".to_owned(),
                    (None, _) if c.completed => "called".to_owned(),
                    (None, _) => "calling…".to_owned(),
                };
                format!("{} · {state}", c.name)
            })
        }
    };
    let arguments = {
        let card = card.clone();
        move || card.with(|c| pretty(&c.arguments))
    };
    let result = move || card.with(|c| c.result.clone());
    view! {
        <details class="tool-card" data-testid="tool-card">
            <summary>{head}</summary>
            <div class="small muted">"Arguments"</div>
            <pre>{arguments}</pre>
            {move || result().map(|text| view! {
                <div class="small muted">"Result"</div>
                <pre>{text}</pre>
            })}
        </details>
    }
}

/// Argument JSON indented when it parses, as sent otherwise (it may still be arriving).
fn pretty(arguments: &str) -> String {
    serde_json::from_str::<serde_json::Value>(arguments)
        .ok()
        .map(|value| indented(&value))
        .unwrap_or_else(|| arguments.to_owned())
}

#[component]
pub fn Files(live: LiveRun) -> impl IntoView {
    let session = use_session();
    let problem = RwSignal::new(None::<String>);
    view! {
        {visible(move || live.files.with(|f| !f.is_empty()), move || view! {
            <section class="card">
                <h2>"Files"</h2>
                <ul class="files">
                    {move || live.files.get().into_iter().map(|file| {
                        let name = file.name.clone();
                        let download = move |_| {
                            let (Some(run_id), Ok(client)) = (live.run_id.get_untracked(), session.client()) else { return };
                            let name = name.clone();
                            spawn_erased(Box::pin(async move {
                                match client.runs().download_file(run_id, &name).await {
                                    Ok(bytes) => save(&name, &bytes),
                                    Err(err) => problem.set(Some(session.explain(&err))),
                                }
                            }));
                        };
                        view! {
                            <li class="row">
                                <button class="secondary" on:click=download>{format!("Download {}", file.name)}</button>
                                <span class="muted small">{format!("{} bytes", file.size)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {move || problem.get().map(|text| view! { <p class="error">{text}</p> })}
            </section>
        }.into_any())}
    }
}

/// Hands bytes to the browser as a download named `name`. The file comes through the
/// authenticated client, so a plain link to the API would lack the key.
fn save(name: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(name);
        link.click();
    }
    // Freed a little later: revoking at once can cancel the download it just started.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
}
