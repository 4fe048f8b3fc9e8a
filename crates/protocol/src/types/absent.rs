//! Values that stand in for a key the server left out (wire.md §8.3). They are used only as
//! `#[serde(default = …)]`, which serde applies to absent keys, never to an explicit `null`.

pub fn empty_string() -> Option<String> {
    Some(String::new())
}
pub fn empty_list() -> Option<Vec<String>> {
    Some(Vec::new())
}
pub fn status_enabled() -> Option<String> {
    Some("enabled".into())
}
pub fn status_running() -> Option<String> {
    Some("running".into())
}
pub fn utc() -> Option<String> {
    Some("UTC".into())
}
pub fn general() -> Option<String> {
    Some("general".into())
}
pub fn source_api() -> Option<String> {
    Some("api".into())
}
pub fn yes() -> Option<bool> {
    Some(true)
}
pub fn no() -> Option<bool> {
    Some(false)
}
pub fn zero() -> Option<u32> {
    Some(0)
}
/// Request-side default for the `memory`, `history` and `stream` flags the SDK always sends.
pub fn flag_on() -> bool {
    true
}
pub fn is_false(value: &bool) -> bool {
    !*value
}
