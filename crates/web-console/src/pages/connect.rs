//! Connect: a base URL and an API key, checked with a real call before they are kept.

use leptos::prelude::*;

use crate::api;
use crate::failure;
use crate::remote::spawn_erased;
use crate::router::{navigate_replace, query_param};
use crate::session::{default_base_url, use_session, Connection};

#[component]
pub fn ConnectPage() -> impl IntoView {
    let session = use_session();
    let base_url = RwSignal::new(session.base_url().unwrap_or_else(default_base_url));
    let api_key = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let checking = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);

    // Already connected (a reload of /connect, say): go where the user was heading.
    let next = move || {
        query_param("next")
            .filter(|path| is_local_path(path))
            .unwrap_or_else(|| "/teammates".into())
    };
    Effect::new({
        move || {
            if session.is_connected() {
                navigate_replace(&next());
            }
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let connection = Connection {
            base_url: base_url.get_untracked().trim().trim_end_matches('/').to_owned(),
            api_key: api_key.get_untracked().trim().to_owned(),
        };
        if connection.api_key.is_empty() {
            problem.set(Some("Enter an API key to connect.".into()));
            return;
        }
        checking.set(true);
        problem.set(None);
        spawn_erased(Box::pin(async move {
            // The key is kept only once the API has accepted it.
            let checked = match connection.client() {
                Ok(client) => api::account::settings(&client).await.map(|_| ()),
                Err(err) => Err(err),
            };
            checking.set(false);
            match checked {
                Ok(()) => session.keep(connection, remember.get_untracked()),
                Err(err) => problem.set(Some(failure::sentence(&err))),
            }
        }));
    };

    view! {
        <section class="connect card">
            <h1>"Connect to m8tes"</h1>
            {move || session.notice.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
            <form class="stack" on:submit=submit>
                <label>
                    "Base URL"
                    <input type="url" name="base_url" bind:value=base_url required/>
                    <span class="hint">"The API's address, ending in /api/v2."</span>
                </label>
                <label>
                    "API key"
                    <input type="password" name="api_key" autocomplete="off" bind:value=api_key placeholder="m8_…"/>
                </label>
                <label class="check">
                    <input type="checkbox" name="remember" bind:checked=remember/>
                    "Remember on this device"
                </label>
                <p class="hint">
                    "Without it the key is kept for this tab only and forgotten when the tab closes."
                </p>
                {move || problem.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
                <div>
                    <button type="submit" disabled=move || checking.get()>
                        {move || if checking.get() { "Checking…" } else { "Connect" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Whether `next` stays on this console. A URL parser reads `//host`, `/\host` and `/<tab>/host`
/// as another site, so a crafted link could send a fresh sign-in elsewhere.
fn is_local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.chars().any(|c| c == '\\' || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_paths_on_this_console_are_followed_after_connecting() {
        assert!(is_local_path("/runs/12?x=1"));
        assert!(is_local_path("/users/alice%40example.com"));
        for elsewhere in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "runs",
            "",
        ] {
            assert!(!is_local_path(elsewhere), "{elsewhere:?}");
        }
    }
}
