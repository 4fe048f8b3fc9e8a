//! Apps: the catalog by category with each app's connected state, for the account or one
//! user. Connect follows the app's `authorization_url` and finishes when it comes back here.

use futures_util::TryFutureExt;
use leptos::prelude::*;
use m8tes_protocol::types::{
    App, AppConnect, AppConnectComplete, AppDisconnectParams, AppListParams,
};
use serde_json::{Map, Value};

use crate::api;
use crate::forms::optional;
use crate::remote::{act, empty, fetch, problem_line, show};

/// Where a connect in progress is remembered while the browser visits the app's consent page.
const PENDING_KEY: &str = "m8tes.console.pending_app";

#[component]
pub fn AppsPage() -> impl IntoView {
    let user_id = RwSignal::new(String::new());
    let refresh = RwSignal::new(0u32);
    let problem = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    // Back from an authorization page: finish the connection it started.
    if let Some((app, body)) = take_pending() {
        let name = app.clone();
        act(
            problem,
            "App connected.",
            move |c| api::apps::connect_complete(&c, &app, &body),
            move |_| {
                notice.set(Some(format!("{name} is connected.")));
                refresh.update(|n| *n += 1);
            },
        );
    }

    let apps = fetch(move |client| {
        refresh.track();
        let params = AppListParams { user_id: user_id.with(|u| optional(u)) };
        api::apps::list(&client, &params).map_ok(|page| page.data)
    });

    let connect = move |name: String| {
        let user = user_id.with_untracked(|u| optional(u));
        let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        let body = AppConnect { redirect_uri: format!("{origin}/apps"), user_id: user.clone() };
        let app = name.clone();
        act(
            problem,
            "Connection started.",
            move |c| api::apps::connect(&c, &app, &body),
            move |started| {
                if !is_web_address(&started.authorization_url) {
                    problem.set(Some(
                        "The server's authorization address is not a web page, so it was not opened."
                            .into(),
                    ));
                    return;
                }
                remember_pending(&name, &started.connection_id, user.as_deref());
                if let Some(window) = web_sys::window() {
                    let _ = window.location().assign(&started.authorization_url);
                }
            },
        );
    };
    let disconnect = move |name: String| {
        let params = AppDisconnectParams { user_id: user_id.with_untracked(|u| optional(u)) };
        act(
            problem,
            "App disconnected.",
            move |c| api::apps::disconnect(&c, &name, &params),
            move |()| refresh.update(|n| *n += 1),
        );
    };

    view! {
        <h1>"Apps"</h1>
        <div class="filters">
            <label>
                "For user"
                <input type="search" placeholder="the whole account" on:change=move |ev| user_id.set(event_target_value(&ev))/>
            </label>
        </div>
        {move || notice.get().map(|text| view! { <p class="notice" role="status">{text}</p> })}
        {problem_line(problem)}
        {show(apps, move |list| {
            if list.is_empty() {
                return empty("The apps catalog is empty.").into_any();
            }
            // Grouped in a sorted list rather than a `BTreeMap`: a map of this type would be
            // compiled for this page alone (the wasm has a size budget).
            let mut by_category: Vec<(String, Vec<App>)> = Vec::new();
            for app in list {
                let category = app.category.clone().unwrap_or_else(|| "general".into());
                match by_category.binary_search_by(|(c, _)| c.cmp(&category)) {
                    Ok(at) => by_category[at].1.push(app),
                    Err(at) => by_category.insert(at, (category, vec![app])),
                }
            }
            by_category.into_iter().map(|(category, apps)| view! {
                <h2>{category}</h2>
                <ul class="list">
                    {apps.into_iter().map(|app| app_row(app, connect, disconnect)).collect_view()}
                </ul>
            }).collect_view().into_any()
        })}
    }
}

fn app_row(
    app: App,
    connect: impl Fn(String) + Copy + Send + Sync + 'static,
    disconnect: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let connected = app.connected == Some(true);
    let name = app.name.clone();
    // One view whose texts differ, not two views: each view type costs the wasm its own code.
    let (badge, state, button, action) = match connected {
        true => ("badge connected", "connected", "danger", "Disconnect"),
        false => ("badge", "not connected", "secondary", "Connect"),
    };
    let act = move |_| match connected {
        true => disconnect(name.clone()),
        false => connect(name.clone()),
    };
    view! {
        <li>
            <div class="grow">
                <h3>{app.display_name().to_owned()}</h3>
                <code class="muted small">{app.name.clone()}</code>
            </div>
            <span class=badge>{state}</span>
            <button class=button on:click=act>{action}</button>
        </li>
    }
}

/// Whether `url` is an http(s) page. Only such an address is followed: a `javascript:` or
/// `data:` one from a hostile server would run in the console's origin, where the key is.
fn is_web_address(url: &str) -> bool {
    let url = url.trim();
    ["https://", "http://"]
        .iter()
        .any(|scheme| url.get(..scheme.len()).is_some_and(|head| head.eq_ignore_ascii_case(scheme)))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn remember_pending(app: &str, connection_id: &str, user_id: Option<&str>) {
    if let Some(store) = storage() {
        // Not `json!`, whose `unwrap` would link serde_json's error texts (wasm size budget).
        let mut text = Map::new();
        text.insert("app".into(), app.into());
        text.insert("connection_id".into(), connection_id.into());
        text.insert("user_id".into(), user_id.into());
        let text = Value::Object(text);
        let _ = store.set_item(PENDING_KEY, &text.to_string());
    }
}

fn take_pending() -> Option<(String, AppConnectComplete)> {
    let store = storage()?;
    let text = store.get_item(PENDING_KEY).ok().flatten()?;
    let _ = store.remove_item(PENDING_KEY);
    let value: Value = serde_json::from_str(&text).ok()?;
    let app = value.get("app")?.as_str()?.to_owned();
    let body = AppConnectComplete {
        connection_id: value.get("connection_id")?.as_str()?.to_owned(),
        user_id: value.get("user_id").and_then(Value::as_str).map(str::to_owned),
    };
    Some((app, body))
}

#[cfg(test)]
mod tests {
    use super::is_web_address;

    #[test]
    fn only_http_pages_are_followed() {
        assert!(is_web_address("https://auth.example.com/consent?x=1"));
        assert!(is_web_address(" HTTP://127.0.0.1:8080/apps/gmail/authorize"));
        for hostile in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "//evil",
            "",
            "é",
        ] {
            assert!(!is_web_address(hostile), "{hostile}");
        }
    }
}
