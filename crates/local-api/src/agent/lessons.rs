//! How the simulated agent learns a lesson (SDK 4.49 task lessons), deterministically: every
//! line of a task run's opening message (the task's instructions and what triggered it) that
//! reads `Lesson: <text>`, or `Lesson: <text> | when: <situation>`, is saved for the task
//! as the run starts (the same text again re-affirms it). Only task runs learn.

use rusqlite::Connection;

use crate::store::lessons::{self, NewLesson};
use crate::store::tasks::TaskInfo;

/// The situation a lesson without `| when:` applies to.
const ALWAYS: &str = "always";
/// Longest lesson text kept (characters).
const MAX_TEXT: usize = 500;

/// The lessons `message` teaches: (text, when it applies).
pub fn taught(message: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for line in message.lines() {
        let line = line.trim();
        let Some(prefix) = line.get(..7) else { continue };
        if !prefix.eq_ignore_ascii_case("lesson:") {
            continue;
        }
        let rest = line[7..].trim();
        let (text, when) = match rest.split_once("| when:") {
            Some((text, when)) => (text.trim(), when.trim()),
            None => (rest, ALWAYS),
        };
        if text.is_empty() {
            continue;
        }
        let when = if when.is_empty() { ALWAYS } else { when };
        found.push((text.chars().take(MAX_TEXT).collect(), when.to_owned()));
    }
    found
}

/// Saves what run `run_id` of `task` learns from its opening `message`.
pub fn learn(
    conn: &Connection,
    task: &TaskInfo,
    run_id: i64,
    message: &str,
) -> rusqlite::Result<()> {
    for (text, when) in taught(message) {
        let lesson = NewLesson {
            account_id: task.account_id,
            task_id: task.id,
            run_id,
            text: &text,
            when_applicable: &when,
        };
        lessons::save(conn, &lesson)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::taught;

    #[test]
    fn lesson_lines_are_found_with_their_situation() {
        let message =
            "Do the report.\nLesson: cite sources\n  lesson: be brief | when: on Mondays\n\
                       Lesson:   \nLessons: not this one";
        assert_eq!(
            taught(message),
            [
                ("cite sources".to_owned(), "always".to_owned()),
                ("be brief".to_owned(), "on Mondays".to_owned())
            ]
        );
        assert!(taught("Lesson").is_empty());
        assert!(taught("Le€").is_empty(), "a short multibyte line does not panic");
    }
}
