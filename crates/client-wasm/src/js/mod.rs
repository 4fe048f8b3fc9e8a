//! The JavaScript API's Rust half. The npm package's JS layer (`npm/src/`) wraps these in
//! the classes of js-api.md; values cross as JSON text, parsed by `JSON.parse` on the JS side,
//! which is smaller and faster than building JS objects field by field from Rust.

mod convert;
mod core;
mod errors;
mod stream;
mod webhooks;
