//! Pages of a list: the body as the server sent it, and the `starting_after` of the next page
//! by protocol's rule (`Page::next_cursor`, wire.md §9.8).

use m8tes_protocol::types::{Cursor, Page, Paged};
use serde_json::Value;

use crate::endpoint::{Answer, Endpoint};

/// A page as JSON text (`{"data": [...], "has_more": ...}`) and the cursor of the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct PageText {
    pub body: String,
    /// An integer id, or a string where the list pages by key (`triggers.list`'s `task:id`).
    pub next: Option<Cursor>,
}

/// Only what the cursor rule reads of an item; everything else stays in the text.
struct CursorItem(Cursor);

impl Paged for CursorItem {
    fn cursor(&self) -> Cursor {
        self.0.clone()
    }
}

/// An item's cursor: its integer `id`, else its `name` (wire.md §9.8).
fn item_cursor(item: &Value) -> Cursor {
    match (item.get("id").and_then(Value::as_i64), item.get("name").and_then(Value::as_str)) {
        (Some(id), _) => Cursor::Id(id),
        (None, Some(name)) => Cursor::Key(name.to_owned()),
        (None, None) => Cursor::Key(String::new()),
    }
}

fn as_cursor(value: &Value) -> Option<Cursor> {
    match value {
        Value::Number(n) => n.as_i64().map(Cursor::Id),
        Value::String(s) => Some(Cursor::Key(s.clone())),
        _ => None,
    }
}

/// The envelope read as a `Page` of cursors. Built by hand from a `Value` rather than
/// deserialized: one JSON parser for every shape keeps the wasm small.
fn page_of_cursors(body: &str) -> Result<Page<CursorItem>, String> {
    let value: Value = serde_json::from_str(body).map_err(|_| "a list that is not JSON")?;
    let data = value.get("data").and_then(Value::as_array).ok_or("a list without `data`")?;
    let has_more =
        value.get("has_more").and_then(Value::as_bool).ok_or("a list without `has_more`")?;
    Ok(Page {
        // The cursor rule reads only whether the page is empty and its last item.
        data: data.last().map(|item| vec![CursorItem(item_cursor(item))]).unwrap_or_default(),
        has_more,
        next_starting_after: value.get("next_starting_after").and_then(as_cursor),
    })
}

/// Reads one list body. A bare array (triggers) becomes a one-page envelope.
pub fn read_page(
    endpoint: Endpoint,
    body: String,
    previous: Option<Cursor>,
) -> Result<PageText, String> {
    let trimmed = body.trim_start();
    if endpoint.answer() == Answer::Items && trimmed.starts_with('[') {
        let mut wrapped = String::with_capacity(body.len() + 32);
        wrapped.push_str("{\"data\":");
        wrapped.push_str(&body);
        wrapped.push_str(",\"has_more\":false}");
        return Ok(PageText { body: wrapped, next: None });
    }
    let page = page_of_cursors(&body)?;
    let next = if endpoint.pages_by_cursor() {
        match page.next_cursor(previous.as_ref()) {
            // The account's triggers page by a `task_id:id` key, sent back as given.
            Some(Cursor::Key(key)) if endpoint == Endpoint::AccountTriggersList => {
                Some(Cursor::Key(key))
            }
            // Other lists take an integer cursor; a name cannot be sent back.
            Some(Cursor::Key(key)) => key.parse().ok().map(Cursor::Id),
            other => other,
        }
    } else {
        None
    };
    Ok(PageText { body, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_cursor_is_the_last_id_and_stops_on_repeat() {
        let body = r#"{"data":[{"id":3},{"id":5}],"has_more":true}"#.to_owned();
        let id = |n| Some(Cursor::Id(n));
        assert_eq!(read_page(Endpoint::UsersList, body.clone(), None).unwrap().next, id(5));
        assert_eq!(read_page(Endpoint::UsersList, body, id(5)).unwrap().next, None);
        let last = r#"{"data":[{"id":7}],"has_more":false}"#.to_owned();
        assert_eq!(read_page(Endpoint::UsersList, last, None).unwrap().next, None);
        let told = r#"{"data":[{"id":7}],"has_more":true,"next_starting_after":40}"#.to_owned();
        assert_eq!(read_page(Endpoint::UsersList, told, None).unwrap().next, id(40));
        let keyed = r#"{"data":[{"id":0}],"has_more":true,"next_starting_after":"3:0"}"#;
        let key = Some(Cursor::Key("3:0".into()));
        let next = read_page(Endpoint::AccountTriggersList, keyed.into(), None).unwrap().next;
        assert_eq!(next, key);
        assert_eq!(read_page(Endpoint::AccountTriggersList, keyed.into(), key).unwrap().next, None);
    }

    #[test]
    fn bare_trigger_arrays_become_one_page() {
        let page = read_page(Endpoint::TriggersList, r#"[{"id":0,"type":"webhook"}]"#.into(), None);
        let page = page.unwrap();
        assert_eq!(page.next, None);
        assert!(
            page.body.starts_with(r#"{"data":[{"id":0"#)
                && page.body.ends_with(r#""has_more":false}"#)
        );
        assert!(read_page(Endpoint::UsersList, "nope".into(), None).is_err());
    }
}
