//! How the model's enums are stored: as their names, read back strictly (a name this server
//! never writes is a read error, not a silent default).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, Type, ValueRef};
use rusqlite::Row;

use crate::model::{
    parse_permission_mode, GateStatus, PermissionMode, RunStatus, WebhookEventName,
};

fn named<T>(value: ValueRef<'_>, parse: impl Fn(&str) -> Option<T>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown state {text:?}").into()))
}

/// Column `index` as a permission mode (protocol's type, so it cannot be `FromSql` itself).
pub fn permission_mode(row: &Row<'_>, index: usize) -> rusqlite::Result<PermissionMode> {
    named(row.get_ref(index)?, parse_permission_mode)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, error.into()))
}

macro_rules! stored_by_name {
    ($($type:ty),*) => {$(
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                named(value, <$type>::parse)
            }
        }
    )*};
}

stored_by_name!(RunStatus, GateStatus, WebhookEventName);
