//! The Rust API in headless Chromium (cross-origin, so CORS is exercised), against a real `m8tes-local` (and an injected `fetch` where a
//! transport fault is the point).
#![cfg(target_arch = "wasm32")]

#[path = "common/cases.rs"]
mod cases;
mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn teammates_round_trip() {
    cases::teammates_round_trip().await
}

#[wasm_bindgen_test]
async fn stream_accumulates_and_matches_the_run() {
    cases::stream_accumulates_and_matches_the_run().await
}

#[wasm_bindgen_test]
async fn errors_are_typed() {
    cases::errors_are_typed().await
}

#[wasm_bindgen_test]
async fn pages_follow_the_cursor() {
    cases::pages_follow_the_cursor().await
}

#[wasm_bindgen_test]
async fn wait_answers_gates() {
    cases::wait_answers_gates().await
}

#[wasm_bindgen_test]
async fn sse_cut_anywhere_decodes_the_same() {
    cases::sse_cut_anywhere_decodes_the_same().await
}

#[wasm_bindgen_test]
async fn dropped_stream_is_interrupted_with_the_run_id() {
    cases::dropped_stream_is_interrupted_with_the_run_id().await
}

#[wasm_bindgen_test]
async fn retries_reuse_the_idempotency_key() {
    cases::retries_reuse_the_idempotency_key().await
}

#[wasm_bindgen_test]
async fn replayed_stream_post_rejoins_or_refuses() {
    cases::replayed_stream_post_rejoins_or_refuses().await
}
