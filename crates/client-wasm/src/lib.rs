//! The m8tes client over `fetch`, compiled to WebAssembly.
//!
//! Two faces on one core:
//! - a Rust API ([`Client`], [`RunStream`], the resources in [`resources`]) for the console
//!   (`rust-api`);
//! - the JavaScript API of the npm package `@m8tes/wasm` (`js`, wrapped by `npm/src/`).
//!
//! The wire contract (types, SSE, errors, retries, signatures) is `m8tes-protocol`'s; this
//! crate adds the endpoint table, the transport and the shapes of the two APIs.
//!
//! The npm build (`js` without `rust-api`) compiles only what the JS layer calls: the endpoint table,
//! retry decisions, error reading, pages and the stream decoder (the webhook checks are a wasm of
//! their own, `crates/webhooks-wasm`, so a webhook handler never loads this one). Its JS layer does
//! the I/O (`fetch`, retries' sleeps, timeouts, pages, waits), so the modules doing I/O in
//! Rust are the Rust API's alone.

// Without the JS API, the helpers only it uses are unused; that build is the console's.
#![cfg_attr(not(feature = "js"), allow(dead_code))]

// The npm build's allocator: Talc instead of std's dlmalloc, 2.3 KB less gzip (issue 9), for
// 5-8 % more wasm time per SSE event (bench/npm/sse-parts.mjs). Only the npm build (`js`
// without `rust-api`) sets it; the console keeps std's.
#[cfg(all(
    target_family = "wasm",
    not(target_feature = "atomics"),
    feature = "js",
    not(feature = "rust-api")
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "rust-api")]
pub mod client;
pub mod endpoint;
pub mod error;
#[cfg(feature = "js")]
mod js;
#[cfg(feature = "rust-api")]
pub mod options;
pub mod pages;
pub mod platform;
#[cfg(feature = "rust-api")]
pub mod resources;
#[cfg(feature = "rust-api")]
pub mod run_stream;
pub mod stream_body;
#[cfg(feature = "rust-api")]
pub mod transport;
#[cfg(feature = "rust-api")]
pub mod upload;
#[cfg(feature = "rust-api")]
pub mod waiting;

#[cfg(feature = "rust-api")]
pub use client::Client;
pub use endpoint::Outgoing;
pub use error::{ApiFailure, ClientError};
#[cfg(feature = "rust-api")]
pub use options::{ClientOptions, RequestOptions};
pub use pages::PageText;
#[cfg(feature = "rust-api")]
pub use run_stream::RunStream;
#[cfg(feature = "rust-api")]
pub use upload::Upload;
#[cfg(feature = "rust-api")]
pub use waiting::{Gates, NoGates, WaitOptions};
