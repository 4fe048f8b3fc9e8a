//! Schema versions. The `schema/*.sql` files are the base schema and never change again; every
//! later change is one more [`Migration`] at the end of [`MIGRATIONS`], applied once, in order,
//! each in its own transaction. `PRAGMA user_version` records how many have been applied, so a
//! data folder written by any earlier version upgrades in place, and one written by a newer
//! version is refused instead of being half understood.

use rusqlite::Connection;

use super::{app_records, deliveries};

/// One change to the schema after the base.
pub enum Migration {
    /// Statements run as one batch (`ALTER TABLE …`, `CREATE INDEX …`).
    Sql(&'static str),
    /// A change that has to look before it acts (the two made before versions were recorded,
    /// which a folder may or may not already have).
    Step(fn(&Connection) -> rusqlite::Result<()>),
}

/// Every migration, oldest first. Append only: a migration's position is its version.
pub const MIGRATIONS: &[Migration] = &[
    Migration::Step(deliveries::upgrade),
    Migration::Step(app_records::upgrade),
    Migration::Sql(include_str!("schema/migrations/runs_4_49.sql")),
    Migration::Sql(include_str!("schema/migrations/resources_webhooks.sql")),
    Migration::Sql(include_str!("schema/migrations/resources_settings.sql")),
    Migration::Sql(include_str!("schema/migrations/resources_teammates.sql")),
    Migration::Sql(include_str!("schema/migrations/resources_tasks.sql")),
    Migration::Sql(include_str!("schema/migrations/resources_memories.sql")),
];

/// Why a data folder cannot be opened as this version's schema.
#[derive(Debug)]
pub enum SchemaError {
    /// The folder was written by a newer m8tes-local: its schema has changes this one does not know.
    NewerThanThisServer {
        found: usize,
        known: usize,
    },
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for SchemaError {
    fn from(error: rusqlite::Error) -> Self {
        SchemaError::Sqlite(error)
    }
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaError::NewerThanThisServer { found, known } => write!(
                f,
                "the data folder has schema version {found}, newer than this m8tes-local \
                 knows ({known}); run a newer m8tes-local or start on a new --data-dir"
            ),
            SchemaError::Sqlite(error) => write!(f, "could not upgrade the schema: {error}"),
        }
    }
}

impl std::error::Error for SchemaError {}

/// The schema version the folder records.
pub fn version(conn: &Connection) -> rusqlite::Result<usize> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(usize::try_from(version).unwrap_or(0))
}

/// Applies the migrations the folder has not had yet.
pub fn apply(conn: &mut Connection, migrations: &[Migration]) -> Result<(), SchemaError> {
    let found = version(conn)?;
    if found > migrations.len() {
        return Err(SchemaError::NewerThanThisServer { found, known: migrations.len() });
    }
    for (index, migration) in migrations.iter().enumerate().skip(found) {
        let transaction = conn.transaction()?;
        match migration {
            Migration::Sql(sql) => transaction.execute_batch(sql)?,
            Migration::Step(step) => step(&transaction)?,
        }
        transaction.pragma_update(None, "user_version", index + 1)?;
        transaction.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn folder(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("m8tes-migrations-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn later_change(conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch("ALTER TABLE accounts ADD COLUMN nickname TEXT NOT NULL DEFAULT 'none'")
    }

    #[test]
    fn a_folder_written_today_upgrades_in_place_when_a_migration_is_added() {
        let dir = folder("upgrade");
        {
            let store = Store::open(Some(&dir)).unwrap();
            let conn = store.lock();
            assert_eq!(version(&conn).unwrap(), MIGRATIONS.len());
            conn.execute(
                "INSERT INTO accounts (email, created_at) VALUES ('kept@example.com', 'now')",
                [],
            )
            .unwrap();
        }
        let mut later: Vec<Migration> = vec![];
        for migration in MIGRATIONS {
            later.push(match migration {
                Migration::Sql(sql) => Migration::Sql(sql),
                Migration::Step(step) => Migration::Step(*step),
            });
        }
        later.push(Migration::Step(later_change));
        later.push(Migration::Sql("CREATE INDEX accounts_by_nickname ON accounts (nickname)"));

        let store = Store::open_with(Some(&dir), &later).unwrap();
        let conn = store.lock();
        assert_eq!(version(&conn).unwrap(), MIGRATIONS.len() + 2);
        let (email, nickname): (String, String) = conn
            .query_row("SELECT email, nickname FROM accounts", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        assert_eq!((email.as_str(), nickname.as_str()), ("kept@example.com", "none"));
        drop(conn);
        drop(store);

        // Opening again applies nothing twice (the ALTER would fail if it ran again).
        Store::open_with(Some(&dir), &later).unwrap();
        // And the version that does not know the later changes refuses the folder.
        match Store::open(Some(&dir)) {
            Err(SchemaError::NewerThanThisServer { found, known }) => {
                assert_eq!((found, known), (MIGRATIONS.len() + 2, MIGRATIONS.len()))
            }
            Err(other) => panic!("expected NewerThanThisServer, got {other}"),
            Ok(_) => panic!("a newer folder was opened"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// How many migrations predate `user_version`: a folder of that time may already have them.
    const UNVERSIONED: usize = 2;

    #[test]
    fn a_folder_from_before_versions_gets_the_early_changes_once() {
        let dir = folder("unversioned");
        let early = &MIGRATIONS[..UNVERSIONED];
        {
            // A folder of that time: the early changes made, no version recorded.
            let store = Store::open_with(Some(&dir), early).unwrap();
            store.lock().pragma_update(None, "user_version", 0).unwrap();
        }
        let store = Store::open_with(Some(&dir), early).unwrap();
        assert_eq!(version(&store.lock()).unwrap(), UNVERSIONED);
        drop(store);
        // And the later, plain SQL migrations then apply on top.
        let store = Store::open(Some(&dir)).unwrap();
        assert_eq!(version(&store.lock()).unwrap(), MIGRATIONS.len());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
