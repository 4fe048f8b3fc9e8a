//! The Rust API in headless Chromium (cross-origin, so CORS is exercised), against a real `m8tes-local` (and an injected `fetch` where a
//! transport fault is the point).
#![cfg(target_arch = "wasm32")]

#[macro_use]
#[path = "common/cases.rs"]
mod cases;
mod common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

every_case!();
