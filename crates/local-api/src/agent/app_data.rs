//! The simulated apps behind the agent's tools: per-end-user data (an inbox, Slack channels,
//! Linear tickets, Stripe revenue, Notion pages, HubSpot deals), seeded on first use and kept
//! in SQLite, so what one run posts the next run reads.

use rusqlite::Connection;
use serde_json::{json, Value};

use super::app_seed::seed;
use super::script::ToolUse;
use crate::clock;
use crate::store::app_records::{self, Owner};

/// What a tool call gave back: the result the stream carries, a sentence for the answer, and
/// rows a report can be made of.
#[derive(Debug, Clone)]
pub struct ToolResult {
    pub result: Value,
    pub summary: String,
    pub rows: Vec<Value>,
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Runs one tool call against its end user's data.
pub fn run_tool(
    conn: &Connection,
    owner: Owner<'_>,
    call: &ToolUse,
) -> rusqlite::Result<ToolResult> {
    app_records::ensure_seeded(conn, owner, seed)?;
    let input = &call.input;
    let done =
        |result: Value, summary: String, rows: Vec<Value>| ToolResult { result, summary, rows };
    Ok(match (call.app, call.action) {
        ("gmail", "send_email") => {
            let id = app_records::insert(conn, owner, "gmail", "sent", input)?;
            let to = text(input, "to");
            done(
                json!({"sent": true, "id": format!("msg_{id}"), "to": to, "subject": text(input, "subject")}),
                format!("I sent an email to {to}."),
                vec![json!({"to": to, "subject": text(input, "subject")})],
            )
        }
        ("gmail", _) => {
            let inbox: Vec<Value> = app_records::of_kind(conn, owner, "gmail", "inbox")?;
            let mut inbox = inbox;
            inbox.sort_by(|a, b| text(b, "received_at").cmp(text(a, "received_at")));
            inbox.truncate(5);
            let unread = inbox.iter().filter(|m| m["unread"] == true).count();
            let summary = match inbox.first() {
                Some(latest) => format!(
                    "Your inbox has {unread} unread of the latest {}; the newest is from {}: \"{}\".",
                    inbox.len(),
                    text(latest, "from"),
                    text(latest, "subject")
                ),
                None => "Your inbox is empty.".into(),
            };
            done(json!({"messages": inbox}), summary, inbox.clone())
        }
        ("slack", "post_message") => {
            let channel = text(input, "channel").to_owned();
            let message = json!({"channel": channel, "user": "m8tes", "text": text(input, "text")});
            let id = app_records::insert(conn, owner, "slack", "message", &message)?;
            done(
                json!({"ok": true, "channel": channel, "ts": format!("{id}.000100"), "text": text(input, "text")}),
                format!("I posted to #{channel}: \"{}\".", text(input, "text")),
                vec![message],
            )
        }
        ("slack", _) => {
            let channel = text(input, "channel").to_owned();
            let mut messages: Vec<Value> = app_records::of_kind(conn, owner, "slack", "message")?
                .into_iter()
                .filter(|m| text(m, "channel") == channel)
                .collect();
            messages.truncate(5);
            let summary = match messages.first() {
                Some(latest) => format!(
                    "#{channel} has {} recent messages; the latest, from {}, says \"{}\".",
                    messages.len(),
                    text(latest, "user"),
                    text(latest, "text")
                ),
                None => format!("#{channel} has no messages yet."),
            };
            done(json!({"channel": channel, "messages": messages}), summary, messages.clone())
        }
        ("linear", "create_ticket") => {
            let count = app_records::of_kind(conn, owner, "linear", "ticket")?.len();
            let key = format!("ENG-{}", 101 + count);
            let ticket = json!({"key": key, "title": text(input, "title"), "state": "open", "priority": "medium", "assignee": null});
            app_records::insert(conn, owner, "linear", "ticket", &ticket)?;
            done(
                json!({"created": true, "ticket": ticket}),
                format!("I created {key}: \"{}\".", text(input, "title")),
                vec![ticket],
            )
        }
        ("linear", _) => {
            let open: Vec<Value> = app_records::of_kind(conn, owner, "linear", "ticket")?
                .into_iter()
                .filter(|t| text(t, "state") == "open")
                .collect();
            let rank = |t: &Value| match text(t, "priority") {
                "urgent" => 0,
                "high" => 1,
                "medium" => 2,
                _ => 3,
            };
            let top = open.iter().min_by_key(|t| rank(t));
            let summary = match top {
                Some(top) => format!(
                    "There are {} open tickets; the most pressing is {} \"{}\".",
                    open.len(),
                    text(top, "key"),
                    text(top, "title")
                ),
                None => "There are no open tickets.".into(),
            };
            done(json!({"tickets": open}), summary, open.clone())
        }
        ("stripe", _) => {
            let mut months = app_records::of_kind(conn, owner, "stripe", "mrr")?;
            months.reverse();
            let figure = |m: Option<&Value>| {
                m.map(|m| text(m, "mrr_usd")).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
            };
            let latest = months.last();
            let now = figure(latest);
            let before = figure(months.len().checked_sub(2).and_then(|i| months.get(i)));
            let growth = if before > 0.0 { (now - before) / before * 100.0 } else { 0.0 };
            let summary = format!(
                "MRR is ${} for {}, {} {:.1}% on the month before.",
                money(now),
                latest.map(|m| text(m, "month")).unwrap_or("this month"),
                if growth >= 0.0 { "up" } else { "down" },
                growth.abs()
            );
            done(
                json!({"currency": "usd", "mrr_usd": format!("{now:.2}"), "months": months}),
                summary,
                months.clone(),
            )
        }
        ("notion", "create_page") => {
            let page = json!({"title": text(input, "title"), "updated_at": clock::now_iso()});
            let id = app_records::insert(conn, owner, "notion", "page", &page)?;
            done(
                json!({"created": true, "id": format!("page_{id}"), "title": text(input, "title")}),
                format!("I wrote a Notion page, \"{}\".", text(input, "title")),
                vec![page],
            )
        }
        ("notion", _) => {
            let pages = app_records::of_kind(conn, owner, "notion", "page")?;
            let titles: Vec<&str> = pages.iter().map(|p| text(p, "title")).take(3).collect();
            done(
                json!({"pages": pages}),
                format!(
                    "Notion has {} pages; the most recent: {}.",
                    pages.len(),
                    titles.join(", ")
                ),
                pages.clone(),
            )
        }
        ("hubspot", "create_deal") => {
            let deal =
                json!({"name": text(input, "name"), "stage": "qualified", "amount_usd": "0.00"});
            app_records::insert(conn, owner, "hubspot", "deal", &deal)?;
            done(
                json!({"created": true, "deal": deal}),
                format!("I added the deal \"{}\" to HubSpot.", text(input, "name")),
                vec![deal],
            )
        }
        _ => {
            let open: Vec<Value> = app_records::of_kind(conn, owner, "hubspot", "deal")?
                .into_iter()
                .filter(|d| !text(d, "stage").starts_with("closed"))
                .collect();
            let total: f64 =
                open.iter().filter_map(|d| text(d, "amount_usd").parse::<f64>().ok()).sum();
            done(
                json!({"deals": open, "open_pipeline_usd": format!("{total:.2}")}),
                format!("{} open deals are worth ${} in total.", open.len(), money(total)),
                open.clone(),
            )
        }
    })
}

/// `48250` → `48,250.00`.
fn money(amount: f64) -> String {
    let cents = format!("{amount:.2}");
    let (whole, fraction) = cents.split_once('.').unwrap_or((&cents, "00"));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped}.{fraction}")
}

/// Rows as CSV: the union of the rows' keys as the header, each value quoted when needed.
pub fn csv(rows: &[Value]) -> String {
    let mut header: Vec<String> = Vec::new();
    for row in rows {
        if let Some(object) = row.as_object() {
            for key in object.keys() {
                if !header.contains(key) {
                    header.push(key.clone());
                }
            }
        }
    }
    let mut out = header.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(",");
    out.push('\n');
    for row in rows {
        let line: Vec<String> = header
            .iter()
            .map(|key| match row.get(key) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => csv_field(s),
                Some(other) => csv_field(&other.to_string()),
            })
            .collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(48250.0), "48,250.00");
        assert_eq!(money(950.5), "950.50");
        assert_eq!(money(1234567.0), "1,234,567.00");
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let rows = vec![json!({"a": "x,y", "b": 1}), json!({"a": "say \"hi\"", "c": null})];
        assert_eq!(csv(&rows), "a,b,c\n\"x,y\",1,\n\"say \"\"hi\"\"\",,\n");
    }
}
