//! Who the console talks to: the base URL and API key, kept in sessionStorage (or localStorage
//! when "remember on this device" is ticked), and the rule that a 401 anywhere signs out.

use leptos::prelude::*;
use m8tes_client_wasm::error::ClientError;
use m8tes_client_wasm::options::ClientOptions;
use m8tes_client_wasm::Client;
use serde_json::{Map, Value};
use web_sys::Storage;

use crate::failure;

const STORAGE_KEY: &str = "m8tes.console.connection";

/// A base URL and key that the API accepted. Deliberately not `Debug`: the key must never
/// reach a log line.
#[derive(Clone, PartialEq)]
pub struct Connection {
    pub base_url: String,
    pub api_key: String,
}

impl Connection {
    #[inline(never)]
    pub fn client(&self) -> Result<Client, ClientError> {
        Client::new(ClientOptions::new(self.api_key.clone()).base_url(self.base_url.clone()))
    }
}

/// The console's connection state, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    connection: RwSignal<Option<Connection>>,
    /// Said on the Connect page after a sign-out the user did not ask for.
    pub notice: RwSignal<Option<String>>,
}

impl Session {
    /// Reads a connection kept by an earlier visit, local storage first.
    pub fn restore() -> Session {
        let kept = [local(), session()].into_iter().flatten().find_map(|store| read(&store));
        Session { connection: RwSignal::new(kept), notice: RwSignal::new(None) }
    }

    #[inline(never)]
    pub fn is_connected(&self) -> bool {
        self.connection.with(Option::is_some)
    }

    pub fn base_url(&self) -> Option<String> {
        self.connection.with(|c| c.as_ref().map(|c| c.base_url.clone()))
    }

    /// A client for the current connection. Pages only render while connected, so a missing
    /// connection is reported as a missing key rather than a panic.
    #[inline(never)]
    pub fn client(&self) -> Result<Client, ClientError> {
        match self.connection.get_untracked() {
            Some(connection) => connection.client(),
            None => Err(ClientError::MissingApiKey),
        }
    }

    /// Keeps an accepted connection, on this device only when `remember` is set.
    #[inline(never)]
    pub fn keep(&self, connection: Connection, remember: bool) {
        forget_stored();
        let store = if remember { local() } else { session() };
        if let Some(store) = store {
            // Built as a `Value`, not with `json!`, whose `unwrap` would link serde_json's
            // error texts into the wasm (it has a size budget).
            let mut text = Map::new();
            text.insert("base_url".into(), connection.base_url.as_str().into());
            text.insert("api_key".into(), connection.api_key.as_str().into());
            let text = Value::Object(text);
            // A full or disabled storage only costs the user a reconnect after reload.
            let _ = store.set_item(STORAGE_KEY, &text.to_string());
        }
        self.notice.set(None);
        self.connection.set(Some(connection));
    }

    #[inline(never)]
    pub fn sign_out(&self, notice: Option<String>) {
        forget_stored();
        self.notice.set(notice);
        self.connection.set(None);
    }

    /// The sentence to show for `err`; a rejected key also signs out, which sends every page
    /// back to Connect.
    #[inline(never)]
    pub fn explain(&self, err: &ClientError) -> String {
        let text = failure::sentence(err);
        if failure::is_unauthorized(err) {
            self.sign_out(Some(text.clone()));
        }
        text
    }
}

#[inline(never)]
// Called from every page and background task: kept out of line (wasm size budget).
pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read(store: &Storage) -> Option<Connection> {
    let text = store.get_item(STORAGE_KEY).ok().flatten()?;
    let value: Value = serde_json::from_str(&text).ok()?;
    let field = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    Some(Connection { base_url: field("base_url")?, api_key: field("api_key")? })
}

fn forget_stored() {
    for store in [local(), session()].into_iter().flatten() {
        let _ = store.remove_item(STORAGE_KEY);
    }
}

/// Where the API is when the console is served by it: this page's origin plus `/api/v2`.
pub fn default_base_url() -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}/api/v2")
}
