//! What each account's simulated apps hold before any run touches them.

use serde_json::{json, Value};

/// `(app, kind, data)` records, in the order they are stored.
pub fn seed() -> Vec<(&'static str, &'static str, Value)> {
    let mut rows = vec![
        (
            "gmail",
            "inbox",
            json!({"from": "Dana Ruiz <dana@acme.io>", "subject": "Q3 budget review", "snippet": "Can we move the review to Thursday?", "unread": true, "received_at": "2026-11-27T16:05:00Z"}),
        ),
        (
            "gmail",
            "inbox",
            json!({"from": "Stripe <receipts@stripe.com>", "subject": "Your November payout", "snippet": "A payout of $12,480.00 is on its way.", "unread": false, "received_at": "2026-11-27T09:12:00Z"}),
        ),
        (
            "gmail",
            "inbox",
            json!({"from": "Lee Park <lee@northwind.com>", "subject": "Renewal questions", "snippet": "Before we renew, could you share the SOC 2 report?", "unread": true, "received_at": "2026-11-26T18:40:00Z"}),
        ),
        (
            "gmail",
            "inbox",
            json!({"from": "GitHub <noreply@github.com>", "subject": "[m8tes/app] CI failed on main", "snippet": "The workflow ci.yml failed.", "unread": true, "received_at": "2026-11-26T11:03:00Z"}),
        ),
        (
            "gmail",
            "inbox",
            json!({"from": "Ana Silva <ana@contoso.com>", "subject": "Intro: Contoso x m8tes", "snippet": "Happy to connect you with our ops team.", "unread": false, "received_at": "2026-11-25T14:22:00Z"}),
        ),
        (
            "slack",
            "message",
            json!({"channel": "general", "user": "maya", "text": "Welcome to the team, Sam!"}),
        ),
        (
            "slack",
            "message",
            json!({"channel": "general", "user": "sam", "text": "Thanks! Glad to be here."}),
        ),
        (
            "slack",
            "message",
            json!({"channel": "sales", "user": "jordan", "text": "Northwind wants a renewal call next week."}),
        ),
        (
            "slack",
            "message",
            json!({"channel": "eng", "user": "alex", "text": "Deploy of v2.4 is done."}),
        ),
        (
            "linear",
            "ticket",
            json!({"key": "ENG-101", "title": "Login fails with SSO on Safari", "state": "open", "priority": "urgent", "assignee": "alex"}),
        ),
        (
            "linear",
            "ticket",
            json!({"key": "ENG-102", "title": "Export to CSV drops unicode", "state": "open", "priority": "high", "assignee": "maya"}),
        ),
        (
            "linear",
            "ticket",
            json!({"key": "ENG-103", "title": "Dark mode contrast on settings", "state": "open", "priority": "low", "assignee": null}),
        ),
        (
            "linear",
            "ticket",
            json!({"key": "ENG-098", "title": "Rate limit headers missing", "state": "done", "priority": "medium", "assignee": "alex"}),
        ),
        (
            "notion",
            "page",
            json!({"title": "Onboarding checklist", "updated_at": "2026-11-20T10:00:00Z"}),
        ),
        ("notion", "page", json!({"title": "Q4 roadmap", "updated_at": "2026-11-18T15:30:00Z"})),
        (
            "notion",
            "page",
            json!({"title": "Support playbook", "updated_at": "2026-11-02T09:45:00Z"}),
        ),
        (
            "hubspot",
            "deal",
            json!({"name": "Northwind renewal", "stage": "negotiation", "amount_usd": "48000.00"}),
        ),
        (
            "hubspot",
            "deal",
            json!({"name": "Contoso pilot", "stage": "qualified", "amount_usd": "15000.00"}),
        ),
        (
            "hubspot",
            "deal",
            json!({"name": "Fabrikam expansion", "stage": "proposal", "amount_usd": "32500.00"}),
        ),
        (
            "hubspot",
            "deal",
            json!({"name": "Initech", "stage": "closed_won", "amount_usd": "21000.00"}),
        ),
    ];
    for (month, mrr) in [
        ("2026-06", "41200.00"),
        ("2026-07", "42950.00"),
        ("2026-08", "44100.00"),
        ("2026-09", "45020.00"),
        ("2026-10", "46300.00"),
        ("2026-11", "48250.00"),
    ] {
        rows.push(("stripe", "mrr", json!({"month": month, "mrr_usd": mrr})));
    }
    rows
}
