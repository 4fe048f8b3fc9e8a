//! Accounts and keys (wire.md §2.11): signup, token exchange, usage.
use serde::{Deserialize, Serialize};

use super::JsonObject;

/// `POST /signup` body; all four keys are always sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Signup {
    pub email: String,
    pub password: String,
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
}

/// `POST /token` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
}

/// The answer of `/signup` and `/token`: a fresh API key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiKeyGrant {
    pub api_key: String,
    pub email: String,
    pub message: String,
}

/// `GET /usage`. Money is a decimal string (D12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Usage {
    pub plan: String,
    pub runs_used: u64,
    pub runs_limit: u64,
    pub cost_used: String,
    pub cost_limit: String,
    pub period_end: String,
    #[serde(default)]
    pub subscription_status: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `GET /verify/status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyStatus {
    pub is_verified: bool,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `POST /verify/resend`: a confirmation sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyResent {
    pub message: String,
    #[serde(flatten)]
    pub extra: JsonObject,
}
