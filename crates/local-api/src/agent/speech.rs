//! How the agent words a turn: its opening, and its text and tool arguments cut into the
//! small deltas a live stream carries.

use super::script::{self, Script, ToolUse};

/// The turn's first words: what it remembers, what it was asked, what it will do.
pub fn opening(
    message: &str,
    script: &Script,
    memories: &[String],
    previous: Option<&str>,
    granted: &[String],
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(previous) = previous {
        parts.push(format!("Following up on \"{}\".", script::gist(previous, 60)));
    }
    if !memories.is_empty() {
        let facts: Vec<&str> = memories.iter().map(|m| m.trim_end_matches(['.', ' '])).collect();
        parts.push(format!("I remember that {}.", facts.join("; ")));
    }
    if script.tools.is_empty() {
        parts.push(format!("You asked: \"{}\".", script::gist(message, 120)));
        if granted.is_empty() && script.missing.is_empty() {
            parts.push("I have no tools in this run, so I'll answer in text.".into());
        }
    } else {
        let steps: Vec<String> = script.tools.iter().map(ToolUse::describe).collect();
        parts.push(format!("Here's my plan: {}.", steps.join(", then ")));
    }
    for app in &script.missing {
        parts.push(format!("I'd use {app} for this, but it isn't one of my tools here."));
    }
    parts.join(" ")
}

pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Small deltas: about three words each, spaces kept, so the pieces concatenate to `text`.
pub fn chunks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut words = 0;
    for piece in text.split_inclusive(' ') {
        current.push_str(piece);
        words += 1;
        if words == 3 {
            out.push(std::mem::take(&mut current));
            words = 0;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A tool's JSON arguments in two deltas, cut on a character boundary.
pub fn halves(text: &str) -> Vec<String> {
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle += 1;
    }
    let (a, b) = text.split_at(middle);
    [a, b].into_iter().filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_concatenate_to_the_text() {
        let text = "Here's my plan: check your inbox, then post to #general.\n\nDone.";
        assert_eq!(chunks(text).concat(), text);
        assert!(chunks(text).len() > 3);
    }

    #[test]
    fn halves_respect_utf8() {
        let text = "{\"t\":\"café ☕☕\"}";
        assert_eq!(halves(text).concat(), text);
    }
}
