//! The Rust API in Node, against a real `m8tes-local` (and an injected `fetch` where a
//! transport fault is the point).
#![cfg(target_arch = "wasm32")]

#[macro_use]
#[path = "common/cases.rs"]
mod cases;
mod common;

every_case!();
