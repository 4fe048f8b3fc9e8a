//! Apps (wire.md §2.5): the catalog with each app's connection state for a user, and the
//! simulated OAuth flow: `connect` hands out an `authorization_url` on this server (see
//! `app_authorize`), and either that page or `connect/complete` marks the connection made.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use m8tes_protocol::types::{
    App, AppConnect, AppConnectComplete, AppConnection, AppConnectionStatus, AppDisconnectParams,
    AppListParams, Page,
};

use crate::apps_catalog::{self, CatalogApp, CATALOG};
use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::secret::random_hex;
use crate::state::AppState;
use crate::store::app_connections::{self, NewConnection};
use crate::store::users;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/apps", get(list))
        .route("/apps/{name}/connect", post(connect))
        .route("/apps/{name}/connect/complete", post(complete))
        .route("/apps/{name}/connections", delete(disconnect))
}

/// The catalog entry for a path's app name; unknown apps are a 404.
pub fn catalog_app(name: &str) -> ApiResult<&'static CatalogApp> {
    apps_catalog::find(name).ok_or_else(|| ApiError::not_found(format!("app {name:?}")))
}

/// Connections are per end user; `''` is the account's own (no `user_id`).
fn owner(user_id: Option<&str>) -> ApiResult<&str> {
    match user_id {
        Some(user_id) => Ok(users::check_user_id(user_id).map(|()| user_id)?),
        None => Ok(""),
    }
}

/// The whole catalog in one page (1.1.0 does not page apps), with `connected` for the user.
async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<AppListParams>,
) -> ApiResult<Json<Page<App>>> {
    let user = owner(query.user_id.as_deref().filter(|u| !u.is_empty()))?;
    let connected = app_connections::connected_apps(&state.store.lock(), account.id, user)?;
    let data = CATALOG
        .iter()
        .map(|app| App {
            name: app.name.into(),
            display_name: Some(app.display_name.into()),
            category: Some(app.category.into()),
            connected: Some(connected.iter().any(|c| c == app.name)),
            extra: Default::default(),
        })
        .collect();
    Ok(Json(Page { data, has_more: false, next_starting_after: None }))
}

/// Starts a connection: a pending row and the page that authorizes it.
async fn connect(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(name): ApiPath<String>,
    ApiJson(body): ApiJson<AppConnect>,
) -> ApiResult<Json<AppConnection>> {
    let app = catalog_app(&name)?;
    let user = owner(body.user_id.as_deref())?;
    check_redirect_uri(&body.redirect_uri)?;
    let connection_id = format!("conn_{}", random_hex(16));
    let new = NewConnection {
        account_id: account.id,
        user,
        app: app.name,
        connection_id: &connection_id,
        redirect_uri: &body.redirect_uri,
    };
    app_connections::insert(&state.store.lock(), &new)?;
    let authorization_url = format!(
        "{}/api/v2/apps/{}/authorize?connection_id={connection_id}",
        state.public_origin, app.name
    );
    Ok(Json(AppConnection { authorization_url, connection_id, extra: Default::default() }))
}

/// Finishes a connection the caller started. The OAuth consent is simulated, so a pending
/// connection completes whether or not its page was visited.
async fn complete(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(name): ApiPath<String>,
    ApiJson(body): ApiJson<AppConnectComplete>,
) -> ApiResult<Json<AppConnectionStatus>> {
    let app = catalog_app(&name)?;
    let user = owner(body.user_id.as_deref())?;
    let conn = state.store.lock();
    let found = app_connections::find_own(&conn, account.id, user, app.name, &body.connection_id)?;
    let id =
        found.ok_or_else(|| ApiError::not_found(format!("connection {:?}", body.connection_id)))?;
    app_connections::mark_connected(&conn, id)?;
    Ok(Json(AppConnectionStatus {
        status: "connected".into(),
        app: app.name.into(),
        extra: Default::default(),
    }))
}

/// Removes every connection of the app for the user (or the account). Idempotent.
async fn disconnect(
    State(state): State<AppState>,
    account: Account,
    ApiPath(name): ApiPath<String>,
    ApiQuery(query): ApiQuery<AppDisconnectParams>,
) -> ApiResult<StatusCode> {
    let app = catalog_app(&name)?;
    let user = owner(query.user_id.as_deref())?;
    app_connections::delete(&state.store.lock(), account.id, user, app.name)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Where the browser goes after authorizing: an absolute `http(s)` URL.
fn check_redirect_uri(raw: &str) -> ApiResult<()> {
    match reqwest::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(()),
        _ => Err(ApiError::validation("redirect_uri must be an absolute http or https URL")),
    }
}
