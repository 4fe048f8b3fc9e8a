//! The m8tes web console: a Leptos single-page app over client-wasm, built by Trunk from the
//! root `index.html` and served by `m8tes-local` at `/`.

mod api;
mod app;
mod copy;
mod failure;
mod forms;
mod markdown;
mod pages;
mod paging;
mod remote;
mod router;
mod run;
mod session;
mod shortcuts;
mod toast;
mod visible;
mod when;
mod wire;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
