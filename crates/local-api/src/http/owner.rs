//! By-id requests scoped to one end user: later SDKs send `?user_id=` on them, and an object
//! of another end user must then look as if it did not exist.

use axum::http::StatusCode;
use rusqlite::{params, Connection};
use serde::Deserialize;

use crate::http::error::{ApiError, ApiResult};

/// `?user_id=` on a by-id request; no other query key is accepted.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerFilter {
    pub user_id: Option<String>,
}

/// Hides an object from a request that names another end user (404, as if it did not exist).
pub fn owned_by<T: HasOwner>(object: T, user_id: Option<&str>) -> ApiResult<T> {
    match user_id {
        Some(asked) if object.owner() != Some(asked) => {
            Err(ApiError::not_found(format!("{} {}", T::KIND, object.key())))
        }
        _ => Ok(object),
    }
}

/// An object that may belong to one end user.
pub trait HasOwner {
    const KIND: &'static str;
    fn owner(&self) -> Option<&str>;
    fn key(&self) -> i64;
}

/// Deletes row `id` of `table` (end-user rows: `memories`, `permission_policies`) when it
/// belongs to the account and to `user_id`; otherwise a 404 naming `kind`, so another user's
/// row looks as if it did not exist.
pub fn delete_for_user(
    conn: &Connection,
    table: &'static str,
    kind: &str,
    id: i64,
    account_id: i64,
    user_id: &str,
) -> ApiResult<StatusCode> {
    let removed = conn.execute(
        &format!("DELETE FROM {table} WHERE id = ?1 AND account_id = ?2 AND user_id = ?3"),
        params![id, account_id, user_id],
    )?;
    if removed == 0 {
        return Err(ApiError::not_found(format!("{kind} {id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}
