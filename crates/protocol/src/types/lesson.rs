//! What a task's agent has learned for its future runs (SDK 4.49 `tasks.lessons`).
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

/// A task's lessons and how much of its capacity they use; every lessons call answers this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonList {
    #[serde(default)]
    pub data: Vec<Lesson>,
    #[serde(default)]
    pub capacity_used: u64,
    #[serde(default)]
    pub capacity_limit: u64,
    #[serde(flatten)]
    pub extra: JsonObject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// A string id (`seg`-encoded in paths).
    pub id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub when_applicable: String,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default = "absent::empty_string")]
    pub last_reaffirmed_at: Option<String>,
    #[serde(default)]
    pub source_run_id: Option<i64>,
    #[serde(default)]
    pub reaffirm_count: u64,
    #[serde(flatten)]
    pub extra: JsonObject,
}
