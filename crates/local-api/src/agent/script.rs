//! What the simulated agent decides to do with a message, as a pure function of its words and
//! the tools it was granted: which tools to call and how, whether to remember something or
//! write a file, and whether to fail or go slowly. Same input, same script.

use serde_json::{json, Value};

/// The apps the agent knows how to use, and the words that make it reach for each.
const TOOL_WORDS: &[(&str, &[&str])] = &[
    ("gmail", &["email", "inbox", "gmail", "mail"]),
    ("slack", &["slack", "post to #", "post in #", "channel"]),
    ("linear", &["ticket", "issue", "linear", "bug"]),
    ("stripe", &["mrr", "revenue", "stripe", "churn"]),
    ("notion", &["notion", "page", "doc", "wiki"]),
    ("hubspot", &["hubspot", "deal", "crm", "pipeline"]),
];

pub const FAILURE_MARKER: &str = "simulate:failure";
pub const SLOW_MARKER: &str = "simulate:slow";

/// One tool call the agent will make.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolUse {
    pub app: &'static str,
    pub action: &'static str,
    pub input: Value,
}

impl ToolUse {
    /// "check your inbox", for the plan and the opening sentence.
    pub fn describe(&self) -> String {
        let channel = self.input.get("channel").and_then(Value::as_str).unwrap_or("general");
        match (self.app, self.action) {
            ("gmail", "send_email") => {
                format!("send an email to {}", self.input["to"].as_str().unwrap_or("them"))
            }
            ("gmail", _) => "check your inbox".into(),
            ("slack", "post_message") => format!("post to #{channel}"),
            ("slack", _) => format!("read #{channel} on Slack"),
            ("linear", "create_ticket") => "create a Linear ticket".into(),
            ("linear", _) => "look at the open Linear tickets".into(),
            ("stripe", _) => "pull MRR from Stripe".into(),
            ("notion", "create_page") => "write a Notion page".into(),
            ("notion", _) => "search Notion".into(),
            ("hubspot", "create_deal") => "add a HubSpot deal".into(),
            ("hubspot", _) => "review the HubSpot pipeline".into(),
            (app, action) => format!("use {app} ({action})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    /// Tool calls in the order the message mentions them, granted ones only.
    pub tools: Vec<ToolUse>,
    /// Apps the message calls for that the run was not granted.
    pub missing: Vec<&'static str>,
    /// What to store as a memory ("remember that …").
    pub remember: Option<String>,
    /// The CSV file to write ("report" / "export").
    pub file: Option<&'static str>,
    pub fail: bool,
    pub slow: bool,
}

/// Plans a turn for `message` with `granted` tools (names compared case-insensitively).
pub fn plan(message: &str, granted: &[String]) -> Script {
    let lower = message.to_lowercase();
    let mut wanted: Vec<(usize, &'static str)> = TOOL_WORDS
        .iter()
        .filter_map(|(app, words)| {
            words.iter().filter_map(|word| lower.find(word)).min().map(|at| (at, *app))
        })
        .collect();
    wanted.sort();
    let is_granted = |app: &str| granted.iter().any(|tool| tool.eq_ignore_ascii_case(app));
    let mut script = Script {
        remember: remembered(message),
        file: if lower.contains("report") {
            Some("report.csv")
        } else if lower.contains("export") {
            Some("export.csv")
        } else {
            None
        },
        fail: lower.contains(FAILURE_MARKER),
        slow: lower.contains(SLOW_MARKER),
        ..Script::default()
    };
    for (_, app) in wanted {
        if is_granted(app) {
            script.tools.push(tool_use(app, message, &lower));
        } else {
            script.missing.push(app);
        }
    }
    script
}

fn has_any(lower: &str, words: &[&str]) -> bool {
    words.iter().any(|word| lower.contains(word))
}

/// The message without the simulation markers, trimmed, at most `max` characters.
pub fn gist(message: &str, max: usize) -> String {
    let mut text = message.replace(FAILURE_MARKER, "").replace(SLOW_MARKER, "");
    text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > max {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    }
}

fn tool_use(app: &'static str, message: &str, lower: &str) -> ToolUse {
    let creates = has_any(lower, &["create", "open a", "file a", "new ", "add ", "write", "draft"]);
    let (action, input) = match app {
        "gmail" => match email_address(message) {
            Some(to) if has_any(lower, &["send", "reply", "write"]) => (
                "send_email",
                json!({"to": to, "subject": gist(message, 60), "body": gist(message, 500)}),
            ),
            _ => ("list_inbox", json!({"folder": "inbox", "limit": 5})),
        },
        "slack" => {
            let channel = channel(message).unwrap_or_else(|| "general".into());
            if has_any(lower, &["post", "send", "announce", "tell", "share"]) {
                let text = text_after_channel(message).unwrap_or_else(|| gist(message, 200));
                ("post_message", json!({"channel": channel, "text": text}))
            } else {
                ("read_channel", json!({"channel": channel, "limit": 5}))
            }
        }
        "linear" if creates => ("create_ticket", json!({"title": gist(message, 80)})),
        "linear" => ("list_tickets", json!({"state": "open"})),
        "stripe" => ("get_mrr", json!({"months": 6})),
        "notion" if creates => ("create_page", json!({"title": gist(message, 80)})),
        "notion" => ("search_pages", json!({"query": gist(message, 40)})),
        "hubspot" if creates => ("create_deal", json!({"name": gist(message, 60)})),
        _ => ("list_deals", json!({"stage": "open"})),
    };
    ToolUse { app, action, input }
}

fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| !(c.is_alphanumeric() || "@._-+#".contains(c)))
        .trim_end_matches('.')
}

fn email_address(message: &str) -> Option<String> {
    message.split_whitespace().map(trim_word).find_map(|word| {
        let (local, domain) = word.split_once('@')?;
        (!local.is_empty() && domain.contains('.')).then(|| word.to_owned())
    })
}

/// `#name` in the message, without the `#`.
fn channel(message: &str) -> Option<String> {
    message.split_whitespace().map(trim_word).find_map(|word| {
        let name = word.strip_prefix('#')?;
        (!name.is_empty()).then(|| name.to_lowercase())
    })
}

/// The words after `#channel` (leading `:` or `-` dropped), if any.
fn text_after_channel(message: &str) -> Option<String> {
    let at = message.find('#')?;
    let rest = &message[at..];
    let after = rest.split_once(char::is_whitespace).map(|(_, rest)| rest)?;
    let text = first_sentence(after.trim_start_matches([':', '-', ' ', '"']));
    let text = gist(text.trim_end_matches(['"', '.']), 200);
    (!text.is_empty()).then_some(text)
}

/// `text` up to its first sentence end (the stop itself dropped).
fn first_sentence(text: &str) -> &str {
    let end = [". ", "! ", "? ", "\n"].iter().filter_map(|stop| text.find(stop)).min();
    &text[..end.unwrap_or(text.len())]
}

/// The byte offset of `needle` (ASCII) in `haystack`, ignoring ASCII case. Searching the
/// original text keeps offsets valid where lower-casing would change byte lengths.
fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack.char_indices().map(|(at, _)| at).find(|&at| {
        haystack
            .as_bytes()
            .get(at..at + needle.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(needle.as_bytes()))
    })
}

/// "remember that X" / "remember: X" / "remember X" → X.
fn remembered(message: &str) -> Option<String> {
    let at = find_ascii_case_insensitive(message, "remember")?;
    let rest = message.get(at + "remember".len()..)?;
    let rest = rest.trim_start_matches([':', ' ']);
    let rest = rest.strip_prefix("that ").or_else(|| rest.strip_prefix("That ")).unwrap_or(rest);
    let text = gist(first_sentence(rest), 300);
    let text = text.trim_end_matches(['.', '!', ' ']).trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn granted(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tools_follow_the_order_of_the_message_and_the_grant() {
        let script = plan(
            "Check MRR, then post to #sales: numbers are up. Email too.",
            &granted(&["slack", "STRIPE"]),
        );
        let apps: Vec<_> = script.tools.iter().map(|t| t.app).collect();
        assert_eq!(apps, ["stripe", "slack"]);
        assert_eq!(script.missing, ["gmail"]);
        assert_eq!(script.tools[1].action, "post_message");
        assert_eq!(script.tools[1].input, json!({"channel": "sales", "text": "numbers are up"}));
    }

    #[test]
    fn reading_versus_changing() {
        let all = granted(&["gmail", "slack", "linear"]);
        assert_eq!(plan("what's in my inbox?", &all).tools[0].action, "list_inbox");
        let send = plan("send an email to dana@acme.io about the launch", &all);
        assert_eq!(send.tools[0].action, "send_email");
        assert_eq!(send.tools[0].input["to"], "dana@acme.io");
        assert_eq!(plan("read #eng on slack", &all).tools[0].input["channel"], "eng");
        assert_eq!(
            plan("create a ticket for the login bug", &all).tools[0].action,
            "create_ticket"
        );
        assert_eq!(plan("which tickets are open", &all).tools[0].action, "list_tickets");
    }

    #[test]
    fn remember_file_and_markers() {
        let script = plan("Remember that I prefer short answers. Then export it", &[]);
        assert_eq!(script.remember.as_deref(), Some("I prefer short answers"));
        assert_eq!(script.file, Some("export.csv"));
        assert!(plan("x simulate:failure", &[]).fail);
        assert!(plan("simulate:slow please", &[]).slow);
        assert_eq!(plan("remember", &[]).remember, None);
        assert_eq!(plan("a weekly report", &[]).file, Some("report.csv"));
    }

    #[test]
    fn same_input_same_script() {
        let tools = granted(&["gmail", "slack", "linear", "stripe", "notion", "hubspot"]);
        let message = "Summarise my inbox, the deals in the CRM and MRR; post to #general";
        assert_eq!(plan(message, &tools), plan(message, &tools));
        assert_eq!(plan(message, &tools).tools.len(), 4);
    }

    #[test]
    fn odd_text_never_panics() {
        let every = granted(&["gmail", "slack", "linear", "stripe", "notion", "hubspot"]);
        for message in [
            "İİİ Remember ☕ that ünïcödé is fine",
            "remember",
            "REMEMBER:",
            "#",
            "post to #",
            "post to #☕ ☕",
            "@",
            "send email to @ and a@b",
            "export\n\n\r report",
            "\u{0}\u{feff}",
            "",
        ] {
            let script = plan(message, &every);
            for call in &script.tools {
                let _ = call.describe();
            }
        }
        assert_eq!(
            plan("İİ Remember that Ünï is here.", &[]).remember.as_deref(),
            Some("Ünï is here")
        );
    }

    #[test]
    fn gist_drops_markers_and_cuts() {
        assert_eq!(gist("  hello   simulate:slow world ", 100), "hello world");
        assert_eq!(gist("abcdefghij", 5), "abcd…");
    }
}
