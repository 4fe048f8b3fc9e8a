//! Server-sent events as m8tes frames them (wire.md §4.1, D9): the incremental decoder the
//! client runs over a fetch body, and the encoder the local server writes with.

mod decoder;
mod encoder;
pub(crate) mod find;

pub use decoder::{SseDecoder, SseError, DEFAULT_MAX_EVENT_BYTES};
pub use encoder::{encode_done, encode_event, encode_payload, KEEPALIVE};
pub use find::non_ascii;
