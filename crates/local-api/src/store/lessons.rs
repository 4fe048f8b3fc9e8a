//! Lessons a task's agent saved for its later runs (`task_lessons`, SDK 4.49): at most
//! [`CAPACITY`] per task; saving a text the task already has re-affirms it.

use m8tes_protocol::types::{Lesson, LessonList};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;

/// How many lessons one task keeps; a lesson past it is not saved.
pub const CAPACITY: u32 = 20;

const COLUMNS: &str =
    "id, text, when_applicable, created_at, last_reaffirmed_at, source_run_id, reaffirm_count";

fn from_row(row: &Row) -> rusqlite::Result<Lesson> {
    Ok(Lesson {
        id: row.get::<_, i64>(0)?.to_string(),
        text: row.get(1)?,
        when_applicable: row.get(2)?,
        created_at: row.get(3)?,
        last_reaffirmed_at: row.get(4)?,
        source_run_id: row.get(5)?,
        reaffirm_count: row.get(6)?,
    })
}

/// The task's lessons, oldest first, with the capacity figures.
pub fn list(conn: &Connection, task_id: i64) -> rusqlite::Result<LessonList> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM task_lessons WHERE task_id = ?1 ORDER BY id"
    ))?;
    let data: Vec<Lesson> = statement.query_map([task_id], from_row)?.collect::<Result<_, _>>()?;
    Ok(LessonList { capacity_used: data.len() as u32, capacity_limit: CAPACITY, data })
}

/// A lesson learned by run `run_id`.
pub struct NewLesson<'a> {
    pub account_id: i64,
    pub task_id: i64,
    pub run_id: i64,
    pub text: &'a str,
    pub when_applicable: &'a str,
}

/// Saves a lesson, or re-affirms the task's lesson with the same text. Past [`CAPACITY`] a
/// new lesson is not saved; whether anything was saved or re-affirmed.
pub fn save(conn: &Connection, lesson: &NewLesson<'_>) -> rusqlite::Result<bool> {
    let now = clock::now_iso();
    let existing: Option<i64> = conn
        .query_row(
            "SELECT id FROM task_lessons WHERE task_id = ?1 AND text = ?2",
            params![lesson.task_id, lesson.text],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        conn.execute(
            "UPDATE task_lessons SET reaffirm_count = reaffirm_count + 1,
                 last_reaffirmed_at = ?1, source_run_id = ?2 WHERE id = ?3",
            params![now, lesson.run_id, id],
        )?;
        return Ok(true);
    }
    let count: u32 = conn.query_row(
        "SELECT COUNT(*) FROM task_lessons WHERE task_id = ?1",
        [lesson.task_id],
        |row| row.get(0),
    )?;
    if count >= CAPACITY {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO task_lessons (account_id, task_id, text, when_applicable, source_run_id,
             created_at, last_reaffirmed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            lesson.account_id,
            lesson.task_id,
            lesson.text,
            lesson.when_applicable,
            lesson.run_id,
            now
        ],
    )?;
    Ok(true)
}

/// Deletes one lesson of the task; whether it existed.
pub fn delete(conn: &Connection, task_id: i64, id: i64) -> rusqlite::Result<bool> {
    let removed = conn
        .execute("DELETE FROM task_lessons WHERE id = ?1 AND task_id = ?2", params![id, task_id])?;
    Ok(removed > 0)
}

/// Deletes every lesson of the task.
pub fn clear(conn: &Connection, task_id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM task_lessons WHERE task_id = ?1", [task_id])?;
    Ok(())
}
