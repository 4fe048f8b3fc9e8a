//! Cursor pagination (wire.md §2.0): `limit` 1..=100 (default 20), `starting_after` the id of
//! the previous page's last item, answers `{data, has_more, next_starting_after}`.

use m8tes_protocol::types::{Cursor, Page};

use crate::http::error::ApiError;

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// A validated page request.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub limit: u32,
    /// Items with an id greater than this come next (lists are in ascending id order).
    pub starting_after: i64,
}

impl PageRequest {
    pub fn new(limit: Option<u32>, starting_after: Option<i64>) -> Result<Self, ApiError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::validation(format!(
                "limit must be between 1 and {MAX_LIMIT}, got {limit}"
            )));
        }
        Ok(PageRequest { limit, starting_after: starting_after.unwrap_or(0) })
    }

    /// The SQL `LIMIT` to fetch: one more than asked, to learn whether more exist.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// Builds the page from up to `fetch_limit` rows fetched in id order.
    pub fn page<T>(&self, mut rows: Vec<T>, id_of: impl Fn(&T) -> i64) -> Page<T> {
        let has_more = rows.len() > self.limit as usize;
        rows.truncate(self.limit as usize);
        let next_starting_after =
            if has_more { rows.last().map(|row| Cursor::Id(id_of(row))) } else { None };
        Page { data: rows, has_more, next_starting_after }
    }
}
