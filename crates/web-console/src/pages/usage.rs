//! Usage: what ran and what it cost over the last 7 or 30 days, drawn as SVG by the console
//! itself: runs per day stacked by status, tokens and cost per day, cost by teammate. Every
//! bar carries its numbers as a `<title>`, and each chart has a table of them, so a screen
//! reader gets what the eye gets.
//!
//! The figures are summed here from the run list (newest first, paged until the window's
//! first day), so no aggregate route is needed; days are UTC days.

use leptos::prelude::*;
use m8tes_client_wasm::{Client, ClientError};
use m8tes_protocol::types::{Run, RunListQuery, TeammateListParams};

use crate::api;
use crate::remote::{fetch, show};
use crate::when::parse_ms;

const DAY_MS: f64 = 86_400_000.0;
/// At most this many pages of 100 runs are read for one window.
const MAX_PAGES: usize = 20;

/// The statuses a day's bar is split into, bottom first; anything else is "other".
const STACK: [(&str, &str); 5] = [
    ("completed", "Completed"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
    ("running", "Running or waiting"),
    ("other", "Other"),
];

#[derive(Clone, Default)]
struct Day {
    /// `YYYY-MM-DD`.
    date: String,
    by_status: [u64; 5],
    tokens: u64,
    /// Cost in millionths of a dollar, summed exactly.
    cost_micros: u64,
}

#[derive(Clone, Default)]
struct Usage {
    days: Vec<Day>,
    by_teammate: Vec<(String, u64)>,
    truncated: bool,
}

#[component]
pub fn UsagePage() -> impl IntoView {
    let window = RwSignal::new(7u32);
    let usage = fetch(move |client| {
        let days = window.get();
        async move { read_usage(client, days).await }
    });
    let switch = move |days: u32| {
        view! {
            <button
                class=move || if window.get() == days { "" } else { "secondary" }
                aria-pressed=move || (window.get() == days).to_string()
                on:click=move |_| window.set(days)
            >
                {format!("{days} days")}
            </button>
        }
    };
    view! {
        <div class="spread">
            <h1>"Usage"</h1>
            <div class="row" role="group" aria-label="Window">{switch(7)}{switch(30)}</div>
        </div>
        {show(usage, |usage: Usage| view! {
            {usage.truncated.then(|| view! {
                <p class="muted small">"Only the newest 2000 runs of this window are counted."</p>
            })}
            <section class="card">
                <h2>"Runs per day"</h2>
                {runs_chart(&usage.days)}
            </section>
            <div class="grid2">
                <section class="card">
                    <h2>"Tokens per day"</h2>
                    {day_chart(&usage.days, "tokens", |d| d.tokens, |n| n.to_string())}
                </section>
                <section class="card">
                    <h2>"Cost per day"</h2>
                    {day_chart(&usage.days, "cost", |d| d.cost_micros, dollars)}
                </section>
            </div>
            <section class="card">
                <h2>"Cost by teammate"</h2>
                {teammate_chart(&usage.by_teammate)}
            </section>
        })}
    }
}

/// Sums the runs of the last `days` UTC days, today included.
async fn read_usage(client: Client, days: u32) -> Result<Usage, ClientError> {
    let now = js_sys::Date::now();
    let today = (now / DAY_MS).floor();
    let first = today - f64::from(days - 1);
    let mut usage = Usage {
        days: (0..days)
            .map(|i| Day { date: iso_date((first + f64::from(i)) * DAY_MS), ..Day::default() })
            .collect(),
        ..Usage::default()
    };
    let mut cost_by_teammate = CostById::new();
    let mut cursor = None;
    for page_number in 0.. {
        if page_number == MAX_PAGES {
            usage.truncated = true;
            break;
        }
        let query = RunListQuery {
            archived: Some("include".into()),
            limit: Some(100),
            starting_after: cursor,
            ..Default::default()
        };
        let page = api::runs::list(&client, &query).await?;
        let mut older = false;
        for run in &page.data {
            let Some(at) = run.created_at.as_deref().and_then(parse_ms) else { continue };
            let index = (at / DAY_MS).floor() - first;
            if index < 0.0 {
                older = true;
                continue;
            }
            if let Some(day) = usage.days.get_mut(index as usize) {
                add(day, run, &mut cost_by_teammate);
            }
        }
        cursor = page.data.last().map(|r| r.id);
        if older || !page.has_more || cursor.is_none() {
            break;
        }
    }
    let names = api::teammates::list(
        &client,
        &TeammateListParams {
            limit: Some(100),
            include_archived: Some(true),
            ..Default::default()
        },
    )
    .await
    .map(|page| page.data)
    .unwrap_or_default();
    // Costliest first; a tie keeps the order of ids. Placed one by one, not sorted: a sort
    // would be compiled for this page alone (the wasm has a size budget).
    for (id, cost) in cost_by_teammate {
        let name =
            names.iter().find(|t| t.id == id).map_or_else(|| format!("#{id}"), |t| t.name.clone());
        let at = usage.by_teammate.iter().position(|(_, c)| *c < cost);
        usage.by_teammate.insert(at.unwrap_or(usage.by_teammate.len()), (name, cost));
    }
    Ok(usage)
}

/// Cost by teammate id, in order of ids: a plain sorted list, since a map of it would be
/// compiled for this page alone (the wasm has a size budget).
type CostById = Vec<(i64, u64)>;

fn add(day: &mut Day, run: &Run, cost_by_teammate: &mut CostById) {
    let slot = match run.status.as_deref() {
        Some("completed") => 0,
        Some("failed") => 1,
        Some("cancelled") => 2,
        Some("running" | "awaiting_approval") => 3,
        _ => 4,
    };
    day.by_status[slot] += 1;
    if let Some(usage) = &run.usage {
        day.tokens += usage
            .total_tokens
            .unwrap_or_else(|| usage.input_tokens.unwrap_or(0) + usage.output_tokens.unwrap_or(0));
        let cost = usage.cost_usd.as_deref().map_or(0, micros);
        day.cost_micros += cost;
        if let Some(id) = run.teammate_id {
            match cost_by_teammate.binary_search_by_key(&id, |(at, _)| *at) {
                Ok(at) => cost_by_teammate[at].1 += cost,
                Err(at) => cost_by_teammate.insert(at, (id, cost)),
            }
        }
    }
}

/// A decimal dollar string as millionths, exactly: "0.0123" is 12 300.
fn micros(text: &str) -> u64 {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    let whole: u64 = whole.parse().unwrap_or(0);
    let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(6).collect();
    whole * 1_000_000 + digits.parse::<u64>().unwrap_or(0)
}

/// Millionths of a dollar as "$0.0123" (four decimals, rounded).
fn dollars(micros: u64) -> String {
    let ten_thousandths = (micros + 50) / 100;
    format!("${}.{:04}", ten_thousandths / 10_000, ten_thousandths % 10_000)
}

fn iso_date(ms: f64) -> String {
    let iso = js_sys::Date::new(&ms.into()).to_iso_string().as_string().unwrap_or_default();
    iso.get(..10).unwrap_or_default().to_owned()
}

/// "11-30" from "2026-11-30": the axis has no room for the year.
fn short(date: &str) -> String {
    date.get(5..).unwrap_or(date).to_owned()
}

// Whole SVG units: float attributes would bring float formatting into the wasm.
const WIDTH: u64 = 600;
const HEIGHT: u64 = 150;
const BOTTOM: u64 = 18;

/// The height of `value` in a chart whose tallest bar is `max`.
fn scaled(value: u64, max: u64) -> u64 {
    ((HEIGHT - BOTTOM - 4) * value).checked_div(max).unwrap_or(0)
}

fn runs_chart(days: &[Day]) -> impl IntoView {
    let max = days.iter().map(|d| d.by_status.iter().sum::<u64>()).max().unwrap_or(0);
    let slot = WIDTH / days.len().max(1) as u64;
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let x = i as u64 * slot + slot * 15 / 100;
            let mut top = HEIGHT - BOTTOM;
            let total: u64 = day.by_status.iter().sum();
            let parts = STACK
                .iter()
                .zip(day.by_status)
                .filter(|(_, n)| *n > 0)
                .map(|((key, label), n)| {
                    let h = scaled(n, max);
                    top -= h;
                    view! {
                        <rect x=x y=top width=slot * 7 / 10 height=h class=format!("s-{key}")>
                            <title>{format!("{}: {n} {}", day.date, label.to_ascii_lowercase())}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <g data-date=day.date.clone() data-total=total>{parts}{axis_label(days.len(), i, x + slot * 35 / 100, &day.date)}</g>
            }
        })
        .collect_view();
    let rows = days
        .iter()
        .map(|d| {
            view! {
                <tr>
                    <td>{d.date.clone()}</td>
                    {d.by_status.map(|n| view! { <td>{n}</td> })}
                    <td>{d.by_status.iter().sum::<u64>()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="legend" aria-hidden="true">
            {STACK.map(|(key, label)| view! { <span><i class=format!("s-{key}")></i>{label}</span> })}
        </div>
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label="Runs per day, stacked by status" data-testid="runs-chart">
            <line class="axis" x1="0" x2=WIDTH y1=HEIGHT - BOTTOM y2=HEIGHT - BOTTOM></line>
            {bars}
        </svg>
        <details class="chart-table">
            <summary>"Runs per day as a table"</summary>
            <div class="table-wrap">
                <table>
                    <thead><tr><th>"Day"</th>{STACK.map(|(_, label)| view! { <th>{label}</th> })}<th>"Total"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

/// One bar per day of `value`, shown by `format`.
fn day_chart(
    days: &[Day],
    name: &'static str,
    value: fn(&Day) -> u64,
    format: fn(u64) -> String,
) -> impl IntoView {
    let max = days.iter().map(value).max().unwrap_or(0);
    let slot = WIDTH / days.len().max(1) as u64;
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let n = value(day);
            let h = scaled(n, max);
            let x = i as u64 * slot + slot * 15 / 100;
            view! {
                <g>
                    <rect x=x y=HEIGHT - BOTTOM - h width=slot * 7 / 10 height=h class="s-other">
                        <title>{format!("{}: {}", day.date, format(n))}</title>
                    </rect>
                    {axis_label(days.len(), i, x + slot * 35 / 100, &day.date)}
                </g>
            }
        })
        .collect_view();
    let rows = days
        .iter()
        .map(|d| view! { <tr><td>{d.date.clone()}</td><td>{format(value(d))}</td></tr> })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=format!("{} per day", capital(name)) data-testid=format!("{name}-chart")>
            <line class="axis" x1="0" x2=WIDTH y1=HEIGHT - BOTTOM y2=HEIGHT - BOTTOM></line>
            {bars}
        </svg>
        <details class="chart-table">
            <summary>{format!("{} per day as a table", capital(name))}</summary>
            <table>
                <thead><tr><th>"Day"</th><th>{capital(name)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

fn capital(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// A day's label under its bar: every day of a week, every fifth of a month.
fn axis_label(count: usize, index: usize, x: u64, date: &str) -> impl IntoView {
    let every = if count > 10 { 5 } else { 1 };
    (count - 1 - index).is_multiple_of(every).then(|| {
        view! { <text x=x y=HEIGHT - 4 text-anchor="middle" aria-hidden="true">{short(date)}</text> }
    })
}

fn teammate_chart(costs: &[(String, u64)]) -> impl IntoView {
    if costs.is_empty() {
        return view! { <p class="empty">"No cost in this window yet."</p> }.into_any();
    }
    let max = costs.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let row_h = 26;
    let height = row_h * costs.len() as u64;
    let bars = costs
        .iter()
        .enumerate()
        .map(|(i, (name, cost))| {
            let y = i as u64 * row_h;
            let w = (WIDTH - 220) * *cost / max;
            view! {
                <g>
                    <text x="0" y=y + 17>{name.clone()}</text>
                    <rect x="140" y=y + 4 width=w height=row_h - 8 class="s-other">
                        <title>{format!("{name}: {}", dollars(*cost))}</title>
                    </rect>
                    <text x=146 + w y=y + 17>{dollars(*cost)}</text>
                </g>
            }
        })
        .collect_view();
    let rows = costs
        .iter()
        .map(|(name, cost)| view! { <tr><td>{name.clone()}</td><td>{dollars(*cost)}</td></tr> })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label="Cost by teammate" data-testid="teammate-chart">
            {bars}
        </svg>
        <details class="chart-table">
            <summary>"Cost by teammate as a table"</summary>
            <table>
                <thead><tr><th>"Teammate"</th><th>"Cost"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_are_summed_exactly_and_shown_to_four_places() {
        assert_eq!(micros("0.0123"), 12_300);
        assert_eq!(micros("1.5"), 1_500_000);
        assert_eq!(micros("2"), 2_000_000);
        assert_eq!(micros("0.00000049"), 0);
        assert_eq!(micros("junk"), 0);
        assert_eq!(dollars(12_300 + 1_500_000), "$1.5123");
        assert_eq!(dollars(49), "$0.0000");
        assert_eq!(dollars(50), "$0.0001");
    }
}
