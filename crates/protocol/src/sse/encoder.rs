//! What the server writes: one `data:` line per event and a blank line, as the real m8tes
//! server does (wire.md §4.1), plus the comment keepalive of D9.

use crate::event::RunEvent;

/// Sent after 15 s of silence; a comment, so every client ignores it.
pub const KEEPALIVE: &str = ": keepalive\n\n";

/// Frames one event.
pub fn encode_event(event: &RunEvent) -> String {
    encode_payload(&crate::json_text::object_text(&event.to_wire()))
}

/// Frames a JSON text already serialized. It must be one line (serde_json's compact output
/// is); a payload with line breaks is split into several `data:` lines, which decoders join.
pub fn encode_payload(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 8);
    for line in json.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The stream's last frame.
pub fn encode_done() -> &'static str {
    "data: [DONE]\n\n"
}
