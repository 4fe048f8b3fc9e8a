//! The m8tes v2 wire contract, with no I/O: what the client sends and parses and what the
//! local server answers. Both sides use this crate, so one function signs and verifies, one
//! encoder makes path segments, and one model reads and writes run events.
//!
//! `contract/wire.md` is the specification; its decisions D1–D15 (`contract/README.md`) are
//! cited where they apply.

pub mod accumulator;
pub mod error;
pub mod event;
pub mod json_text;
pub mod query;
pub mod retry;
pub mod segment;
pub mod sha256;
pub mod sse;
pub mod types;
pub mod webhook_signature;

pub use accumulator::{Fold, StreamAccumulator, ToolCall};
pub use error::{ApiErrorInfo, ErrorEnvelope, ErrorKind};
pub use event::{EventKind, FrameReading, RunEvent};
pub use segment::{seg, SegmentError};
pub use sse::{SseDecoder, SseError};

/// The API's home when nothing else is configured (D1).
pub const DEFAULT_BASE_URL: &str = "https://api.m8tes.ai/api/v2";
