//! The bearer key every request but signup, token and the inbound routes carries, checked by
//! the [`Account`] extractor (keys themselves live in `store::keys`). A key never appears in
//! a log or an error.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::http::error::ApiError;
use crate::state::AppState;
use crate::store::keys;

/// The account a request acts for, proven by its bearer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub key_id: i64,
}

/// The key of an `Authorization: Bearer <key>` header. The errors say what is wrong with the
/// header and never repeat it.
fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    let Some(value) = parts.headers.get(AUTHORIZATION) else {
        return Err(ApiError::unauthorized("Missing API key: send `Authorization: Bearer <key>`"));
    };
    let malformed = || {
        ApiError::unauthorized(
            "Malformed Authorization header: send `Authorization: Bearer <key>` (printable ASCII)",
        )
    };
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(malformed)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(malformed());
    }
    Ok(token)
}

impl FromRequestParts<AppState> for Account {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = bearer(parts)?;
        let owner = keys::owner(&state.store.lock(), key)?
            .ok_or_else(|| ApiError::unauthorized("Invalid API key"))?;
        let account = Account { id: owner.account_id, key_id: owner.key_id };
        state.rate_limiter.check(account.key_id)?;
        Ok(account)
    }
}

/// The address the request came from, when the server was started with connection info
/// (`lib.rs` serves it so); `None` otherwise.
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let connected = parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>();
        Ok(ClientAddress(connected.map(|ConnectInfo(address)| address.ip())))
    }
}
