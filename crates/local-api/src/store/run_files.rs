//! Files runs write: on disk under `{data dir}/runs/{run id}/` beside the database, or in the
//! store itself with `--memory`. The `run_files` row is the listing either way.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock;

/// A file name a run may have: one plain path component.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && name.len() <= 255
}

fn run_dir(data_dir: &Path, run_id: i64) -> PathBuf {
    data_dir.join("runs").join(run_id.to_string())
}

/// Writes (or overwrites) `name` for `run_id`.
pub fn write(
    conn: &Connection,
    data_dir: Option<&Path>,
    run_id: i64,
    name: &str,
    content_type: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    if !is_plain_name(name) {
        return Err(std::io::Error::other(format!("{name:?} is not a plain file name")));
    }
    let stored: Option<&[u8]> = match data_dir {
        Some(dir) => {
            let dir = run_dir(dir, run_id);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join(name), bytes)?;
            None
        }
        None => Some(bytes),
    };
    conn.execute(
        "INSERT INTO run_files (run_id, name, content_type, size, content, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (run_id, name) DO UPDATE SET content_type = ?3, size = ?4, content = ?5",
        params![run_id, name, content_type, bytes.len() as i64, stored, clock::now_iso()],
    )
    .map_err(std::io::Error::other)?;
    Ok(())
}

/// `(name, size)` of each file of the run, by name.
pub fn list(conn: &Connection, run_id: i64) -> rusqlite::Result<Vec<(String, u64)>> {
    let mut statement =
        conn.prepare_cached("SELECT name, size FROM run_files WHERE run_id = ?1 ORDER BY name")?;
    let rows = statement.query_map([run_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}

/// A file's content type and bytes; `Ok(None)` when the run has no such file.
pub fn read(
    conn: &Connection,
    data_dir: Option<&Path>,
    run_id: i64,
    name: &str,
) -> std::io::Result<Option<(String, Vec<u8>)>> {
    if !is_plain_name(name) {
        return Ok(None);
    }
    let row: Option<(String, Option<Vec<u8>>)> = conn
        .query_row(
            "SELECT content_type, content FROM run_files WHERE run_id = ?1 AND name = ?2",
            params![run_id, name],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(std::io::Error::other)?;
    let Some((content_type, content)) = row else { return Ok(None) };
    let bytes = match (content, data_dir) {
        (Some(bytes), _) => bytes,
        (None, Some(dir)) => std::fs::read(run_dir(dir, run_id).join(name))?,
        (None, None) => Vec::new(),
    };
    Ok(Some((content_type, bytes)))
}

#[cfg(test)]
mod tests {
    use super::is_plain_name;

    #[test]
    fn only_plain_names() {
        for good in ["report.csv", "q3 final.pdf", "..foo", "a..b"] {
            assert!(is_plain_name(good), "{good}");
        }
        for bad in ["", ".", "..", "../etc/passwd", "a/b", "a\\b", "nul\0"] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
    }
}
