//! The m8tes client over `fetch`, compiled to WebAssembly.
//!
//! Two faces on one core:
//! - a Rust API ([`Client`], [`RunStream`], the resources in [`resources`]) for the console;
//! - the JavaScript API of the npm package `@m8tes/wasm` (`js`, wrapped by `npm/src/`).
//!
//! The wire contract (types, SSE, errors, retries, signatures) is `m8tes-protocol`'s; this
//! crate adds only the transport and the shapes of the two APIs.

// Without the JS API, the helpers only it uses are unused; that build is the console's.
#![cfg_attr(not(feature = "js"), allow(dead_code))]

pub mod client;
pub mod endpoint;
pub mod error;
#[cfg(feature = "js")]
mod js;
pub mod options;
pub mod pages;
pub mod platform;
pub mod resources;
pub mod run_stream;
pub mod transport;
pub mod upload;
pub mod waiting;

pub use client::Client;
pub use error::{ApiFailure, ClientError};
pub use options::{ClientOptions, RequestOptions};
pub use pages::PageText;
pub use run_stream::RunStream;
pub use upload::Upload;
pub use waiting::{Gates, NoGates, WaitOptions};
