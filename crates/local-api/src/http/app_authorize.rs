//! The simulated OAuth consent page that `POST /apps/{name}/connect` points the user at:
//! `GET` shows which app is being connected and an "Authorize" button; the button's `POST`
//! marks the connection made and sends the browser back to the caller's `redirect_uri` with
//! `connection_id` and `status=connected` added. No API key: the unguessable connection id is
//! the capability, as an OAuth `state` would be.

use axum::extract::State;
use axum::http::header::{self, LOCATION};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::http::apps::catalog_app;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use crate::store::app_connections::{self, PendingConnection};

pub fn routes() -> Router<AppState> {
    Router::new().route("/apps/{name}/authorize", get(page).post(authorize))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pending {
    connection_id: String,
}

/// The connection of `app` whose id is `connection_id` (the capability), or a 404.
fn find(state: &AppState, app: &str, connection_id: &str) -> ApiResult<PendingConnection> {
    app_connections::find_by_connection_id(&state.store.lock(), app, connection_id)?
        .ok_or_else(|| ApiError::not_found("connection"))
}

async fn page(
    State(state): State<AppState>,
    ApiPath(name): ApiPath<String>,
    ApiQuery(query): ApiQuery<Pending>,
) -> ApiResult<Response> {
    let app = catalog_app(&name)?;
    let found = find(&state, app.name, &query.connection_id)?;
    let display = escape(app.display_name);
    let back = escape(&found.redirect_uri);
    let action = escape(&format!("authorize?connection_id={}", query.connection_id));
    let status = if found.connected {
        "<p class=\"note\">Already connected; authorizing again just returns you.</p>"
    } else {
        ""
    };
    let page = Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connect {display} · m8tes-local</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1f2328; }}
.card {{ border: 1px solid #d0d7de; border-radius: 8px; padding: 1.5rem; }}
button {{ font: inherit; padding: .5rem 1.25rem; border: 0; border-radius: 6px; background: #1f6feb; color: #fff; cursor: pointer; }}
.note {{ color: #59636e; font-size: .9rem; }}
</style></head>
<body><div class="card">
<h1>Connect {display}</h1>
<p>An m8tes teammate asks to use your <strong>{display}</strong> account.</p>
<p class="note">This is m8tes-local: no {display} account is contacted. Authorizing marks the
connection made and returns you to <code>{back}</code>.</p>
{status}
<form method="post" action="{action}"><button type="submit" id="authorize">Authorize</button></form>
</div></body></html>
"#
    ));
    Ok((
        [
            // The page runs no script and loads nothing (its form still posts, and is then
            // redirected to the caller's redirect_uri); no other site may frame the Authorize
            // button (clickjacking). The URL holds the connection id: no referrer carries it.
            (header::CONTENT_SECURITY_POLICY, PAGE_POLICY),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        page,
    )
        .into_response())
}

const PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

async fn authorize(
    State(state): State<AppState>,
    ApiPath(name): ApiPath<String>,
    ApiQuery(query): ApiQuery<Pending>,
) -> ApiResult<Response> {
    let app = catalog_app(&name)?;
    let found = find(&state, app.name, &query.connection_id)?;
    app_connections::mark_connected(&state.store.lock(), found.id)?;
    let mut target = reqwest::Url::parse(&found.redirect_uri)
        .map_err(|_| ApiError::internal("the stored redirect_uri no longer parses"))?;
    target
        .query_pairs_mut()
        .append_pair("connection_id", &query.connection_id)
        .append_pair("status", "connected");
    Ok((StatusCode::SEE_OTHER, [(LOCATION, target.to_string())]).into_response())
}

/// Text made safe inside HTML element content and double-quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
