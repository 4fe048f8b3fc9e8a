//! The list envelope and the cursor rule of auto-paging (wire.md §2.0, §9.8).
use serde::{Deserialize, Serialize};

/// `{"data": [...], "has_more": bool, "next_starting_after"?: int|string}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "{T}Page"))]
pub struct Page<T> {
    pub data: Vec<T>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_starting_after: Option<Cursor>,
}

/// A pagination cursor: an id, or a string where a list is keyed by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Cursor {
    Id(i64),
    Key(String),
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cursor::Id(id) => write!(f, "{id}"),
            Cursor::Key(key) => f.write_str(key),
        }
    }
}

/// What an item of a list is paged by: its `id`, or its `name` where it has no id.
pub trait Paged {
    fn cursor(&self) -> Cursor;
}

macro_rules! paged_by_id {
    ($($ty:ty),*) => {$(
        impl Paged for $ty {
            fn cursor(&self) -> Cursor {
                Cursor::Id(self.id)
            }
        }
    )*};
}
paged_by_id!(
    super::Teammate,
    super::Run,
    super::Task,
    super::Memory,
    super::PermissionPolicy,
    super::EndUser,
    super::Webhook,
    super::WebhookDelivery
);

impl Paged for super::App {
    fn cursor(&self) -> Cursor {
        Cursor::Key(self.name.clone())
    }
}

impl<T: Paged> Page<T> {
    /// The `starting_after` of the next page, or `None` when auto-paging must stop: no more
    /// pages, an empty page, or a cursor equal to the one that fetched this page (a server
    /// that repeats itself would otherwise loop forever).
    pub fn next_cursor(&self, previous: Option<&Cursor>) -> Option<Cursor> {
        if !self.has_more || self.data.is_empty() {
            return None;
        }
        let next = match &self.next_starting_after {
            Some(cursor) => cursor.clone(),
            None => self.data.last()?.cursor(),
        };
        (Some(&next) != previous).then_some(next)
    }
}
