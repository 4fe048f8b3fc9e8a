//! By-id requests scoped to one end user: later SDKs send `?user_id=` on them, and an object
//! of another end user must then look as if it did not exist.

use serde::Deserialize;

use crate::http::error::{ApiError, ApiResult};

/// `?user_id=` on a by-id request; no other query key is accepted.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
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
