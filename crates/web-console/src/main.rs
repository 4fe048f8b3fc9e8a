//! The m8tes web console. A placeholder until the console issue: Trunk builds it from the
//! root `index.html`, which shows a static page meanwhile.

// The console is a binary only so Trunk can find it. On wasm32 the start function below is
// what runs, so `main` has nothing to do.
fn main() {}

/// Runs when the page loads the module; the console will mount itself here.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {}
