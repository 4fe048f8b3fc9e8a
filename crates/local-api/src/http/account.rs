//! The account itself (wire.md §2.11, §11): `POST /signup` and `POST /token` (no key: they
//! hand one out), `GET /usage`, `POST /verify/resend` and `GET /verify/status`. This server
//! sends no email, so an account is verified from its signup on.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Datelike, NaiveDate, NaiveTime};
use m8tes_protocol::types::{ApiKeyGrant, Signup, TokenRequest, Usage};

use crate::clock;
use crate::http::auth::{Account, ClientAddress};
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::ApiJson;
use crate::http::extract::NoQuery;
use crate::password::{self, Check};
use crate::state::AppState;
use crate::store::accounts::{self, NewAccount};
use crate::store::keys;

/// The local server has no billing: every account is on this plan, and the limits are shown
/// but not enforced.
const PLAN: &str = "free";
const RUNS_LIMIT: u64 = 1000;
const COST_LIMIT: &str = "10.00";

pub fn routes() -> Router<AppState> {
    let router = Router::new()
        .route("/signup", post(signup))
        .route("/token", post(token))
        .route("/verify/resend", post(resend_verification))
        .route("/verify/status", get(verification_status));
    collection(router, "/usage", get(usage))
}

/// Counts a login or signup attempt against its client address and its email.
fn limit_attempt(state: &AppState, client: &ClientAddress, email: &str) -> ApiResult<()> {
    if let Some(ip) = client.0 {
        state.login_limiter.check(format!("ip {ip}"))?;
    }
    state.login_limiter.check(format!("email {email}"))?;
    Ok(())
}

async fn signup(
    State(state): State<AppState>,
    client: ClientAddress,
    _: NoQuery,
    ApiJson(body): ApiJson<Signup>,
) -> ApiResult<(StatusCode, Json<ApiKeyGrant>)> {
    limit_attempt(&state, &client, &body.email.trim().to_lowercase())?;
    let email = valid_email(&body.email)?;
    if body.password.chars().count() < 8 {
        return Err(ApiError::validation("password must be at least 8 characters"));
    }
    if body.password.len() > 1024 {
        return Err(ApiError::validation("password must be at most 1024 bytes"));
    }
    let first_name = body.first_name.trim();
    if first_name.is_empty() {
        return Err(ApiError::validation("first_name must not be empty"));
    }
    let hash = password::hash(body.password).await?;
    let mut conn = state.store.lock();
    let tx = conn.transaction()?;
    if accounts::email_taken(&tx, &email)? {
        return Err(ApiError::conflict(format!("an account with email {email} already exists"))
            .with_error_code("email_taken"));
    }
    let new = NewAccount {
        email: &email,
        password_hash: &hash,
        first_name,
        last_name: body.last_name.trim(),
    };
    let account_id = accounts::insert(&tx, &new)?;
    let key = keys::mint();
    keys::store(&tx, account_id, &key)?;
    tx.commit()?;
    let message = "Account created. m8tes-local sends no email: the account is already verified.";
    Ok((StatusCode::CREATED, Json(ApiKeyGrant { api_key: key, email, message: message.into() })))
}

/// Exchanges an email and password for a new key; every earlier key of the account stops
/// working, as with the hosted service.
async fn token(
    State(state): State<AppState>,
    client: ClientAddress,
    _: NoQuery,
    ApiJson(body): ApiJson<TokenRequest>,
) -> ApiResult<Json<ApiKeyGrant>> {
    let email = body.email.trim().to_lowercase();
    limit_attempt(&state, &client, &email)?;
    // The check runs off the store's lock: it takes tens of milliseconds.
    let found = accounts::credentials(&state.store.lock(), &email)?;
    let (account_id, stored) = found.map_or((None, None), |(id, stored)| (Some(id), stored));
    let check = password::check(stored.clone(), body.password).await?;
    let (Some(account_id), Some(stored), Check::Right { rehashed }) = (account_id, stored, check)
    else {
        return Err(ApiError::unauthorized("Invalid email or password"));
    };
    let mut conn = state.store.lock();
    let tx = conn.transaction()?;
    if let Some(rehashed) = rehashed {
        accounts::replace_password_hash(&tx, account_id, &stored, &rehashed)?;
    }
    keys::revoke_all(&tx, account_id)?;
    let key = keys::mint();
    keys::store(&tx, account_id, &key)?;
    tx.commit()?;
    let message = "New API key issued; earlier keys of this account no longer work.";
    Ok(Json(ApiKeyGrant { api_key: key, email, message: message.into() }))
}

/// Runs and simulated cost of the current calendar month (UTC).
/// The billing period now: its start and its end (ISO 8601), calendar months in UTC.
pub fn current_period() -> (String, String) {
    let today = clock::now().date_naive();
    let period_start = first_of_month(today.year(), today.month());
    let period_end = if today.month() == 12 {
        first_of_month(today.year() + 1, 1)
    } else {
        first_of_month(today.year(), today.month() + 1)
    };
    let iso = |day: NaiveDate| clock::iso(day.and_time(NaiveTime::MIN).and_utc());
    (iso(period_start), iso(period_end))
}

async fn usage(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
) -> ApiResult<Json<Usage>> {
    let (since, period_end) = current_period();
    let (runs_used, cost_used) = accounts::usage_since(&state.store.lock(), account.id, &since)?;
    Ok(Json(Usage {
        plan: PLAN.into(),
        runs_used: u64::try_from(runs_used).unwrap_or(0),
        runs_limit: RUNS_LIMIT,
        cost_used: format!("{cost_used:.4}"),
        cost_limit: COST_LIMIT.into(),
        period_end,
        subscription_status: Some("active".into()),
        extra: Default::default(),
    }))
}

async fn resend_verification(_account: Account, _: NoQuery) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "message": "m8tes-local sends no email: accounts are verified at signup."
    }))
}

/// Always verified: there is no verification email to click here (wire.md §11).
async fn verification_status(_account: Account, _: NoQuery) -> Json<serde_json::Value> {
    Json(serde_json::json!({"is_verified": true}))
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
}

/// A plausible address, lower-cased so `Ann@x.io` and `ann@x.io` are one account.
fn valid_email(raw: &str) -> ApiResult<String> {
    let email = raw.trim().to_lowercase();
    let plausible = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@')
        });
    if plausible {
        Ok(email)
    } else {
        Err(ApiError::validation(format!("{raw:?} is not a valid email address")))
    }
}
