//! The SQLite store: one connection behind a mutex (SQLite serialises writers anyway, and
//! every query here is short), WAL on disk so a crash loses nothing committed.
//!
//! One module per table reads and writes it and answers rows or a plain [`StoreError`]; none
//! knows about HTTP. Each concern keeps its base tables in its own `schema/*.sql` file, applied
//! in [`SCHEMA`] order at start. Statements are `CREATE … IF NOT EXISTS`, so starting on an
//! existing data dir is a no-op; every later change is a versioned step in [`migrations`].

pub mod accounts;
pub mod app_connections;
pub mod app_records;
pub mod columns;
pub mod deliveries;
pub mod gates;
pub mod idempotency;
pub mod json_column;
pub mod keys;
pub mod lessons;
pub mod memories;
pub mod migrations;
pub mod permissions;
pub mod run_events;
pub mod run_files;
pub mod run_lists;
pub mod run_marks;
pub mod run_overview;
pub mod run_queue;
pub mod run_transcript;
pub mod run_wire;
pub mod runs;
pub mod settings;
pub mod tasks;
pub mod teammates;
pub mod tokens;
pub mod triggers;
pub mod usage;
pub mod users;
pub mod webhooks;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

pub use migrations::SchemaError;
use migrations::{Migration, MIGRATIONS};

/// Schema files, in the order they are applied.
const SCHEMA: &[(&str, &str)] = &[
    ("accounts", include_str!("schema/accounts.sql")),
    ("settings", include_str!("schema/settings.sql")),
    ("users", include_str!("schema/users.sql")),
    ("teammates", include_str!("schema/teammates.sql")),
    ("tasks", include_str!("schema/tasks.sql")),
    ("triggers", include_str!("schema/triggers.sql")),
    ("memories", include_str!("schema/memories.sql")),
    ("permissions", include_str!("schema/permissions.sql")),
    ("apps", include_str!("schema/apps.sql")),
    ("webhooks", include_str!("schema/webhooks.sql")),
    ("runs", include_str!("schema/runs.sql")),
    ("simulated_apps", include_str!("schema/simulated_apps.sql")),
];

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

/// The folder (0700) and the database (0600; SQLite gives its `-wal` and `-shm` files the
/// same mode) are readable by their owner only: they hold webhook secrets, key hashes and
/// tokens. The database is made with its mode before SQLite opens it, so it is never exposed.
#[cfg(unix)]
fn owner_only(dir: &Path, database: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::create_dir_all(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(database)?;
    std::fs::set_permissions(database, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn owner_only(dir: &Path, _database: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

impl Store {
    /// Opens (creating if needed) `dir/m8tes.sqlite3`, or an in-memory store with `None`, and
    /// brings its schema up to this version's.
    pub fn open(dir: Option<&Path>) -> Result<Store, SchemaError> {
        Store::open_with(dir, MIGRATIONS)
    }

    /// [`Store::open`] with a given list of migrations: tests add a later one to prove that a
    /// folder written today upgrades in place.
    pub fn open_with(dir: Option<&Path>, migrations: &[Migration]) -> Result<Store, SchemaError> {
        let mut conn = match dir {
            Some(dir) => {
                let path = dir.join("m8tes.sqlite3");
                owner_only(dir, &path)
                    .map_err(|e| rusqlite::Error::InvalidPath(dir.join(format!("({e})"))))?;
                let conn = Connection::open(&path)?;
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                conn
            }
            None => Connection::open_in_memory()?,
        };
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        for (_, sql) in SCHEMA {
            conn.execute_batch(sql)?;
        }
        migrations::apply(&mut conn, migrations)?;
        Ok(Store { conn: Arc::new(Mutex::new(conn)) })
    }

    /// The connection, for one short unit of work. A panic in another holder does not poison
    /// the store for everyone: SQLite's own transactions keep the data consistent.
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What the store refuses, in the domain's terms; the HTTP layer decides how each is answered.
#[derive(Debug)]
pub enum StoreError {
    /// The input breaks a rule of the data (a blank name, a too-long memory).
    Invalid(String),
    /// What the request names does not exist (for this account): "teammate 12".
    NotFound(String),
    /// SQLite failed: the server's fault, not the caller's.
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::Sqlite(error)
    }
}
