//! Apps (wire.md §2.5): the catalog of integrations and their per-user connections.
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct App {
    pub name: String,
    /// Absent means "same as `name`"; see [`App::display_name`].
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default = "absent::general")]
    pub category: Option<String>,
    #[serde(default = "absent::no")]
    pub connected: Option<bool>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl App {
    pub fn display_name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `POST /apps/{name}/connect` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppConnect {
    pub redirect_uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// The answer of `POST /apps/{name}/connect`: where to send the user to authorize.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppConnection {
    pub authorization_url: String,
    pub connection_id: String,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `POST /apps/{name}/connect/complete` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppConnectComplete {
    pub connection_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppConnectionStatus {
    pub status: String,
    pub app: String,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// Query of `DELETE /apps/{name}/connections`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppDisconnectParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}
