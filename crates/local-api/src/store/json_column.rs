//! JSON values kept in TEXT columns (tool lists, metadata): `NULL` stands for JSON null, so a
//! value round-trips exactly as the caller sent it.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The column text for `value`; `None` stores SQL `NULL`.
pub fn write<T: Serialize>(value: Option<&T>) -> rusqlite::Result<Option<String>> {
    value
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// The value of a column; text that no longer parses reads as null rather than failing a
/// whole list.
pub fn read<T: DeserializeOwned>(text: Option<String>) -> Option<T> {
    text.and_then(|text| serde_json::from_str(&text).ok())
}
