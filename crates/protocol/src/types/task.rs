//! Tasks (wire.md §2.3): saved instructions for a teammate, run on demand or by a trigger.
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject, PermissionMode};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: i64,
    pub teammate_id: i64,
    #[serde(default)]
    pub name: Option<String>,
    pub instructions: String,
    #[serde(default = "absent::empty_list")]
    pub tools: Option<Vec<String>>,
    #[serde(default)]
    pub expected_output: Option<String>,
    #[serde(default)]
    pub goals: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default = "absent::status_enabled")]
    pub status: Option<String>,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// SDK 4.49: whether the task's inbound webhook starts runs now (it exists, not paused).
    #[serde(default = "absent::no")]
    pub webhook_enabled: Option<bool>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A lesson a task's agent saved for its later runs (SDK 4.49 `tasks.lessons`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// A string on the wire (4.49); here the decimal row id.
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub when_applicable: String,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub last_reaffirmed_at: String,
    #[serde(default)]
    pub source_run_id: Option<i64>,
    #[serde(default)]
    pub reaffirm_count: u32,
}

/// `GET /tasks/{id}/lessons` and what deleting or clearing answers: the lessons left, and
/// how many more fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonList {
    pub data: Vec<Lesson>,
    pub capacity_used: u32,
    pub capacity_limit: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TaskCreate {
    pub teammate_id: i64,
    pub instructions: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_output: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TaskUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_output: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teammate_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<i64>,
    /// SDK 4.49: archived tasks are listed too when true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_archived: Option<bool>,
}

/// `POST /tasks/{id}/runs` body: `stream`, `memory`, `history` always sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRunCreate {
    #[serde(default = "absent::flag_on")]
    pub stream: bool,
    #[serde(default = "absent::flag_on")]
    pub memory: bool,
    #[serde(default = "absent::flag_on")]
    pub history: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    #[serde(default, skip_serializing_if = "absent::is_false")]
    pub human_in_the_loop: bool,
    #[serde(default, skip_serializing_if = "PermissionMode::is_autonomous")]
    pub permission_mode: PermissionMode,
}

impl Default for TaskRunCreate {
    fn default() -> Self {
        TaskRunCreate {
            stream: true,
            memory: true,
            history: true,
            user_id: None,
            metadata: None,
            human_in_the_loop: false,
            permission_mode: PermissionMode::Autonomous,
        }
    }
}
