//! Every endpoint of js-api.md in one table: method, path template and what it answers, plus
//! the always-sent defaults of the JS API's JSON parameters. Both the Rust API and the JS API
//! build requests here, so a path is spelt once. Collection paths keep their trailing slash (D2); every `{}` is a
//! dynamic segment and goes through `seg` (D4).

use m8tes_protocol::json_text::object_text;
use m8tes_protocol::query::object_to_query_string;
use m8tes_protocol::seg;
use m8tes_protocol::types::JsonObject;
use serde_json::Value;
use wasm_bindgen::JsValue;

use crate::error::ClientError;

/// A request before it is sent: the endpoint's method and base-relative path, and the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub method: &'static str,
    /// Base-relative, starting with `/`, query included.
    pub path: String,
    pub body: Option<String>,
    /// A multipart body (a `FormData`, for `runs/with-files`), sent instead of `body`; `fetch`
    /// sets its content type.
    pub form: Option<JsValue>,
    /// A run-creating POST: it always carries an `Idempotency-Key` (D6).
    pub run_creating: bool,
}

/// What an endpoint's 2xx body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// A JSON object or array.
    Json,
    /// Nothing worth reading (204).
    Empty,
    /// Raw bytes (a run's file).
    Bytes,
    /// A list envelope with a cursor.
    Page,
    /// A bare array or an envelope, never more than one page (triggers).
    Items,
    /// Server-sent events.
    Events,
}

impl Answer {
    /// How the npm package's JS layer names it when it reads the body.
    pub fn name(self) -> &'static str {
        match self {
            Answer::Json => "json",
            Answer::Empty => "empty",
            Answer::Bytes => "bytes",
            Answer::Page => "page",
            Answer::Items => "items",
            Answer::Events => "events",
        }
    }
}

macro_rules! endpoints {
    ($($variant:ident = $name:literal, $method:literal $template:literal => $answer:ident;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Endpoint { $($variant),* }

        /// Every endpoint, in declaration order (`ALL[e as usize] == e`).
        const ALL: &[Endpoint] = &[$(Endpoint::$variant,)*];
        /// What each endpoint answers, in the same order.
        const ANSWERS: &[Answer] = &[$(Answer::$answer,)*];
        /// Every endpoint's JS name, method and path template, one line each in declaration
        /// order, separated by spaces (none of them has one). The lookups below read this text
        /// rather than a `match` arm per endpoint or a table of string references: as text it
        /// is a fraction of the npm wasm's bytes (issue 9).
        const TABLE: &str = concat!($($name, " ", $method, " ", $template, "\n",)*);
    };
}

/// The table's lines as `(name, method, template)`.
fn rows() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    TABLE.split_terminator('\n').map(|line| {
        let mut fields = line.split(' ');
        let mut next = || fields.next().unwrap_or_default();
        (next(), next(), next())
    })
}

impl Endpoint {
    /// The endpoint a JS method name (`"runs.create"`) calls.
    pub fn from_name(name: &str) -> Option<Endpoint> {
        rows().position(|row| row.0 == name).and_then(|index| ALL.get(index).copied())
    }

    /// Method, path template and answer.
    pub fn spec(self) -> (&'static str, &'static str, Answer) {
        let (_, method, template) = rows().nth(self as usize).unwrap_or_default();
        (method, template, ANSWERS.get(self as usize).copied().unwrap_or(Answer::Json))
    }
}

endpoints! {
    TeammatesCreate = "teammates.create", "POST" "/teammates/" => Json;
    TeammatesList = "teammates.list", "GET" "/teammates/" => Page;
    TeammatesGet = "teammates.get", "GET" "/teammates/{}" => Json;
    TeammatesUpdate = "teammates.update", "PATCH" "/teammates/{}" => Json;
    TeammatesDelete = "teammates.delete", "DELETE" "/teammates/{}" => Empty;
    TeammatesEnableWebhook = "teammates.enableWebhook", "POST" "/teammates/{}/webhook" => Json;
    TeammatesDisableWebhook = "teammates.disableWebhook", "DELETE" "/teammates/{}/webhook" => Empty;
    TeammatesEnableEmailInbox = "teammates.enableEmailInbox", "POST" "/teammates/{}/email-inbox" => Json;
    TeammatesDisableEmailInbox = "teammates.disableEmailInbox", "DELETE" "/teammates/{}/email-inbox" => Empty;
    TeammatesSetWebhookEnabled = "teammates.setWebhookEnabled", "PATCH" "/teammates/{}/webhook" => Json;
    TeammatesDisable = "teammates.disable", "POST" "/teammates/{}/disable" => Json;
    TeammatesEnable = "teammates.enable", "POST" "/teammates/{}/enable" => Json;
    TeammatesUnarchive = "teammates.unarchive", "POST" "/teammates/{}/unarchive" => Json;
    TeammatesReset = "teammates.reset", "POST" "/teammates/{}/reset" => Json;
    TeammatesSystemPrompt = "teammates.systemPrompt", "GET" "/teammates/{}/system-prompt" => Json;
    RunsCreate = "runs.create", "POST" "/runs/" => Json;
    RunsList = "runs.list", "GET" "/runs/" => Page;
    RunsGet = "runs.get", "GET" "/runs/{}" => Json;
    RunsReply = "runs.reply", "POST" "/runs/{}/reply" => Json;
    RunsCancel = "runs.cancel", "POST" "/runs/{}/cancel" => Json;
    RunsUpdatePermissionMode = "runs.updatePermissionMode", "PATCH" "/runs/{}/permission-mode" => Json;
    RunsPermissions = "runs.permissions", "GET" "/runs/{}/permissions" => Json;
    RunsApprove = "runs.approve", "POST" "/runs/{}/approve" => Json;
    RunsAnswer = "runs.answer", "POST" "/runs/{}/answer" => Json;
    RunsListFiles = "runs.listFiles", "GET" "/runs/{}/files" => Json;
    RunsDownloadFile = "runs.downloadFile", "GET" "/runs/{}/files/{}/download" => Bytes;
    RunsStream = "runs.stream", "GET" "/runs/{}/stream" => Events;
    RunsCreateWithFiles = "runs.createWithFiles", "POST" "/runs/with-files" => Json;
    RunsCheck = "runs.check", "GET" "/runs/check" => Json;
    RunsNeedsYou = "runs.needsYou", "GET" "/runs/needs-you" => Json;
    RunsActivity = "runs.activity", "GET" "/runs/activity" => Json;
    RunsOutcome = "runs.outcome", "GET" "/runs/{}/outcome" => Json;
    RunsMessages = "runs.messages", "GET" "/runs/{}/messages" => Json;
    RunsRetry = "runs.retry", "POST" "/runs/{}/retry" => Json;
    RunsArchive = "runs.archive", "POST" "/runs/{}/archive" => Json;
    RunsUnarchive = "runs.unarchive", "POST" "/runs/{}/unarchive" => Json;
    RunsMarkViewed = "runs.markViewed", "POST" "/runs/{}/view" => Json;
    RunsShare = "runs.share", "POST" "/runs/{}/share" => Json;
    RunsUnshare = "runs.unshare", "DELETE" "/runs/{}/share" => Empty;
    TasksCreate = "tasks.create", "POST" "/tasks/" => Json;
    TasksList = "tasks.list", "GET" "/tasks/" => Page;
    TasksGet = "tasks.get", "GET" "/tasks/{}" => Json;
    TasksUpdate = "tasks.update", "PATCH" "/tasks/{}" => Json;
    TasksDelete = "tasks.delete", "DELETE" "/tasks/{}" => Empty;
    TasksRun = "tasks.run", "POST" "/tasks/{}/runs" => Json;
    TasksEnableWebhook = "tasks.enableWebhook", "POST" "/tasks/{}/webhook" => Json;
    TasksSetWebhookEnabled = "tasks.setWebhookEnabled", "PATCH" "/tasks/{}/webhook" => Json;
    TasksDisableWebhook = "tasks.disableWebhook", "DELETE" "/tasks/{}/webhook" => Empty;
    LessonsList = "tasks.lessons.list", "GET" "/tasks/{}/lessons" => Json;
    LessonsDelete = "tasks.lessons.delete", "DELETE" "/tasks/{}/lessons/{}" => Json;
    LessonsClear = "tasks.lessons.clear", "POST" "/tasks/{}/lessons:clear?confirm=true" => Json;
    TriggersCreate = "tasks.triggers.create", "POST" "/tasks/{}/triggers/" => Json;
    TriggersList = "tasks.triggers.list", "GET" "/tasks/{}/triggers/" => Items;
    TriggersUpdate = "tasks.triggers.update", "PATCH" "/tasks/{}/triggers/{}" => Json;
    TriggersDelete = "tasks.triggers.delete", "DELETE" "/tasks/{}/triggers/{}" => Empty;
    AccountTriggersList = "triggers.list", "GET" "/triggers/" => Page;
    AppsList = "apps.list", "GET" "/apps/" => Page;
    AppsConnect = "apps.connect", "POST" "/apps/{}/connect" => Json;
    AppsConnectComplete = "apps.connectComplete", "POST" "/apps/{}/connect/complete" => Json;
    AppsDisconnect = "apps.disconnect", "DELETE" "/apps/{}/connections" => Empty;
    MemoriesCreate = "memories.create", "POST" "/memories/" => Json;
    MemoriesList = "memories.list", "GET" "/memories/" => Page;
    MemoriesUpdate = "memories.update", "PATCH" "/memories/{}" => Json;
    MemoriesDelete = "memories.delete", "DELETE" "/memories/{}" => Empty;
    PermissionsCreate = "permissions.create", "POST" "/permissions/" => Json;
    PermissionsList = "permissions.list", "GET" "/permissions/" => Page;
    PermissionsDelete = "permissions.delete", "DELETE" "/permissions/{}" => Empty;
    UsersCreate = "users.create", "POST" "/users/" => Json;
    UsersList = "users.list", "GET" "/users/" => Page;
    UsersGet = "users.get", "GET" "/users/{}" => Json;
    UsersUpdate = "users.update", "PATCH" "/users/{}" => Json;
    UsersDelete = "users.delete", "DELETE" "/users/{}" => Empty;
    UsersUsage = "users.usage", "GET" "/usage/end-users" => Page;
    WebhooksCreate = "webhooks.create", "POST" "/webhooks/" => Json;
    WebhooksList = "webhooks.list", "GET" "/webhooks/" => Page;
    WebhooksGet = "webhooks.get", "GET" "/webhooks/{}" => Json;
    WebhooksUpdate = "webhooks.update", "PATCH" "/webhooks/{}" => Json;
    WebhooksDelete = "webhooks.delete", "DELETE" "/webhooks/{}" => Empty;
    WebhooksListDeliveries = "webhooks.listDeliveries", "GET" "/webhooks/{}/deliveries" => Page;
    SettingsGet = "settings.get", "GET" "/settings/" => Json;
    SettingsUpdate = "settings.update", "PATCH" "/settings/" => Json;
    AuthGetUsage = "auth.getUsage", "GET" "/usage/" => Json;
    AuthGetToken = "auth.getToken", "POST" "/token" => Json;
    AuthSignup = "auth.signup", "POST" "/signup" => Json;
    AuthIsVerified = "auth.isVerified", "GET" "/verify/status" => Json;
    AuthResendVerify = "auth.resendVerify", "POST" "/verify/resend" => Json;
}

impl Endpoint {
    pub fn answer(self) -> Answer {
        self.spec().2
    }

    /// `POST /runs/`, `/runs/with-files`, `/runs/{id}/reply`, `/tasks/{id}/runs`: always sent
    /// with an `Idempotency-Key` (D6).
    pub fn is_run_creating(self) -> bool {
        use Endpoint::*;
        matches!(self, RunsCreate | RunsCreateWithFiles | RunsReply | TasksRun)
    }

    /// The parameters a POST or PATCH sends in its query rather than its body, as SDK 4.49
    /// does: the end-user scope of a call on one object, and `retry`'s flags.
    fn query_keys(self) -> &'static [&'static str] {
        use Endpoint::*;
        match self {
            RunsRetry => &["confirm", "use_credits"],
            RunsMarkViewed
            | RunsCancel
            | TeammatesDisable
            | TeammatesEnable
            | TeammatesUnarchive
            | TeammatesReset
            | TeammatesSetWebhookEnabled
            | TasksEnableWebhook
            | TasksSetWebhookEnabled
            | TriggersUpdate
            | MemoriesUpdate => &["user_id"],
            _ => &[],
        }
    }

    /// The request for `ids` (one per `{}`), an already-serialized body and a query string.
    pub fn outgoing(
        self,
        ids: &[&str],
        body: Option<String>,
        query: &str,
    ) -> Result<Outgoing, ClientError> {
        let (method, template, _) = self.spec();
        let mut path = String::with_capacity(template.len() + query.len() + 16);
        // Split at `{` rather than `"{}"`: a char pattern is a byte search, where a string
        // pattern would bring core's two-way substring searcher into the npm wasm.
        let mut pieces = template.split('{');
        path.push_str(pieces.next().unwrap_or_default());
        let mut ids = ids.iter();
        for piece in pieces {
            let id = ids.next().ok_or_else(|| ClientError::invalid("a path id is missing"))?;
            path.push_str(&seg(id)?);
            path.push_str(piece.strip_prefix('}').unwrap_or(piece));
        }
        path.push_str(query);
        Ok(Outgoing { method, path, body, form: None, run_creating: self.is_run_creating() })
    }

    /// Reads JS parameters (JSON text of an object; `None` when not given): the body of a
    /// POST/PATCH (less its [`Endpoint::query_keys`], which go in the query), the query of a
    /// GET/DELETE. The text is read as a plain JSON object, not
    /// through each endpoint's wire type: one generic path instead of a deserializer per type
    /// keeps the wasm small. The always-sent and never-sent defaults of wire.md §8.7–8.8 are
    /// applied here; the tests check the result equals the wire type's own serialization.
    pub fn params_from_json(self, json: Option<&str>) -> Result<Params, ClientError> {
        let (method, _, _) = self.spec();
        let mut object = match json {
            None => JsonObject::new(),
            Some(text) => match serde_json::from_str(text) {
                Ok(Value::Object(object)) => object,
                Ok(Value::Null) => JsonObject::new(),
                _ => return Err(ClientError::invalid("invalid parameters: expected an object")),
            },
        };
        if matches!(method, "GET" | "DELETE") {
            return Ok(Params { body: None, query: object_to_query_string(&object) });
        }
        let mut in_query = JsonObject::new();
        for key in self.query_keys() {
            if let Some(value) = object.remove(*key) {
                in_query.insert((*key).into(), value);
            }
        }
        let query = object_to_query_string(&in_query);
        if self.is_bodiless() || (json.is_none() && !self.has_defaults()) {
            return Ok(Params { body: None, query });
        }
        self.complete_body(&mut object);
        Ok(Params { body: Some(object_text(&object)), query })
    }

    /// POSTs whose every parameter is in the query: the SDK sends them without a body.
    fn is_bodiless(self) -> bool {
        use Endpoint::*;
        matches!(
            self,
            RunsRetry
                | RunsMarkViewed
                | RunsCancel
                | TeammatesDisable
                | TeammatesEnable
                | TeammatesUnarchive
                | TasksEnableWebhook
        )
    }

    fn has_defaults(self) -> bool {
        use Endpoint::*;
        matches!(
            self,
            RunsCreate
                | RunsCreateWithFiles
                | RunsReply
                | TasksRun
                | TriggersCreate
                | RunsApprove
                | SettingsUpdate
                | AuthSignup
        )
    }

    fn complete_body(self, body: &mut JsonObject) {
        use Endpoint::*;
        match self {
            RunsCreate | RunsCreateWithFiles | TasksRun => {
                for flag in ["stream", "memory", "history"] {
                    default(body, flag, Value::Bool(true));
                }
                drop_when(body, "human_in_the_loop", |v| v == &Value::Bool(false));
                drop_when(body, "permission_mode", |v| v == "autonomous");
            }
            RunsReply => default(body, "stream", Value::Bool(true)),
            TriggersCreate => {
                default(body, "timezone", Value::from("UTC"));
                for key in ["cron", "interval_seconds", "run_at"] {
                    drop_when(body, key, is_falsy);
                }
            }
            RunsApprove => {
                default(body, "decision", Value::from("allow"));
                default(body, "remember", Value::Bool(false));
            }
            // The SDK always sends all four fields (wire.md §2.11).
            AuthSignup => default(body, "last_name", Value::from("")),
            WebhooksUpdate => drop_when(body, "rotate_secret", |v| v == &Value::Bool(false)),
            _ => {}
        }
    }

    /// Whether a list's parameters take a `starting_after` cursor (`apps.list` has none).
    pub fn pages_by_cursor(self) -> bool {
        self.answer() == Answer::Page && self != Endpoint::AppsList
    }
}

/// Parameters read from JS: the body (JSON text) and the query (`""` or `?a=1&b=x`).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub body: Option<String>,
    pub query: String,
}

fn default(body: &mut JsonObject, key: &str, value: Value) {
    if body.get(key).is_none_or(Value::is_null) {
        body.insert(key.into(), value);
    }
}

fn drop_when(body: &mut JsonObject, key: &str, drop: impl Fn(&Value) -> bool) {
    if body.get(key).is_some_and(|value| value.is_null() || drop(value)) {
        body.remove(key);
    }
}

/// Python's falsiness for the values a trigger's `cron` and `interval_seconds` take.
fn is_falsy(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use m8tes_protocol::types::*;
    use serde::Serialize;

    use super::*;

    fn body(endpoint: Endpoint, json: &str) -> Value {
        match endpoint.params_from_json(Some(json)).expect("valid") {
            Params { body: Some(text), .. } => serde_json::from_str(&text).expect("json"),
            other => panic!("expected a body, got {other:?}"),
        }
    }

    fn typed<T: Serialize>(value: &T) -> Value {
        serde_json::to_value(value).expect("serializes")
    }

    /// The JSON path must send what the wire type itself would (wire.md §8.7–8.8).
    #[test]
    fn defaults_match_the_wire_types() {
        assert_eq!(body(Endpoint::RunsCreate, r#"{"message":"hi"}"#), typed(&RunCreate::new("hi")));
        let mut hitl = RunCreate::new("x");
        hitl.human_in_the_loop = true;
        hitl.permission_mode = PermissionMode::Plan;
        hitl.stream = false;
        assert_eq!(
            body(
                Endpoint::RunsCreate,
                r#"{"message":"x","stream":false,"human_in_the_loop":true,"permission_mode":"plan"}"#
            ),
            typed(&hitl)
        );
        assert_eq!(
            body(
                Endpoint::RunsCreate,
                r#"{"message":"x","human_in_the_loop":false,"permission_mode":"autonomous"}"#
            ),
            typed(&RunCreate::new("x"))
        );
        assert_eq!(body(Endpoint::TasksRun, "{}"), typed(&TaskRunCreate::default()));
        assert_eq!(
            body(Endpoint::TriggersCreate, r#"{"type":"schedule","cron":"","interval_seconds":0}"#),
            typed(&TriggerCreate::new(TriggerType::Schedule))
        );
        assert_eq!(
            body(Endpoint::RunsApprove, r#"{"request_id":"r1"}"#),
            typed(&Approval {
                request_id: "r1".into(),
                decision: Decision::Allow,
                remember: false,
                reason: None
            })
        );
        assert_eq!(
            body(Endpoint::WebhooksUpdate, r#"{"active":false,"rotate_secret":false}"#),
            typed(&WebhookUpdate { active: Some(false), ..Default::default() })
        );
        assert_eq!(
            body(Endpoint::RunsReply, r#"{"message":"m"}"#),
            typed(&RunReply { message: "m".into(), stream: true })
        );
    }

    #[test]
    fn queries_and_bodiless_calls() {
        let params = |endpoint: Endpoint, json: Option<&str>| {
            let Params { body, query } = endpoint.params_from_json(json).expect("valid");
            (body, query)
        };
        let query = params(Endpoint::UsersList, Some(r#"{"limit":2,"starting_after":9}"#));
        assert_eq!(query, (None, "?limit=2&starting_after=9".into()));
        assert_eq!(params(Endpoint::TeammatesGet, None), (None, String::new()));
        assert_eq!(params(Endpoint::SettingsUpdate, None), (Some("{}".into()), String::new()));
        // SDK 4.49 puts these in the query of a POST/PATCH.
        assert_eq!(
            params(Endpoint::RunsRetry, Some(r#"{"confirm":true}"#)),
            (None, "?confirm=true".into())
        );
        assert_eq!(params(Endpoint::RunsRetry, Some("{}")), (None, String::new()));
        assert_eq!(
            params(Endpoint::TeammatesReset, Some(r#"{"user_id":"u"}"#)),
            (Some("{}".into()), "?user_id=u".into()),
            "reset always sends its body"
        );
        assert_eq!(
            params(
                Endpoint::TeammatesSetWebhookEnabled,
                Some(r#"{"enabled":false,"user_id":"u"}"#)
            ),
            (Some(r#"{"enabled":false}"#.into()), "?user_id=u".into())
        );
        assert_eq!(
            params(Endpoint::RunsMessages, Some(r#"{"tail":true,"limit":5}"#)),
            (None, "?limit=5&tail=true".into())
        );
        assert!(Endpoint::RunsCreate.params_from_json(Some("[1]")).is_err());
    }

    #[test]
    fn paths_keep_collection_slashes_and_encode_segments() {
        let path =
            |endpoint: Endpoint, ids: &[&str]| endpoint.outgoing(ids, None, "").map(|o| o.path);
        assert_eq!(path(Endpoint::RunsCreate, &[]).unwrap(), "/runs/");
        assert_eq!(path(Endpoint::TriggersList, &["3"]).unwrap(), "/tasks/3/triggers/");
        assert_eq!(path(Endpoint::LessonsDelete, &["3", "l 1"]).unwrap(), "/tasks/3/lessons/l%201");
        assert_eq!(
            path(Endpoint::LessonsClear, &["3"]).unwrap(),
            "/tasks/3/lessons:clear?confirm=true"
        );
        assert_eq!(path(Endpoint::RunsNeedsYou, &[]).unwrap(), "/runs/needs-you");
        assert_eq!(
            path(Endpoint::RunsDownloadFile, &["42", "q3 final.pdf"]).unwrap(),
            "/runs/42/files/q3%20final.pdf/download"
        );
        assert_eq!(
            path(Endpoint::UsersGet, &["alice?user_id=bob"]).unwrap(),
            "/users/alice%3Fuser_id%3Dbob"
        );
        assert!(path(Endpoint::UsersGet, &["../account/export"]).is_err());
        assert!(path(Endpoint::RunsGet, &[]).is_err(), "a missing id is refused");
        assert!(Endpoint::RunsReply.outgoing(&["1"], None, "").unwrap().run_creating);
        assert!(Endpoint::RunsCreateWithFiles.outgoing(&[], None, "").unwrap().run_creating);
        assert!(!Endpoint::RunsCancel.outgoing(&["1"], None, "").unwrap().run_creating);
    }

    #[test]
    fn every_js_name_round_trips() {
        for name in [
            "teammates.enableEmailInbox",
            "runs.downloadFile",
            "tasks.triggers.delete",
            "tasks.lessons.clear",
            "triggers.list",
            "runs.needsYou",
        ] {
            assert!(Endpoint::from_name(name).is_some(), "{name}");
        }
        assert_eq!(Endpoint::from_name("runs.nope"), None);
        assert_eq!(rows().count(), ALL.len());
        assert!(TABLE.lines().all(|line| line.split(' ').count() == 3), "three fields a line");
        assert_eq!(ANSWERS.len(), ALL.len());
        for (index, endpoint) in ALL.iter().enumerate() {
            assert_eq!(*endpoint as usize, index, "the table is in declaration order");
            let (name, method, template) = rows().nth(index).unwrap();
            assert_eq!(Endpoint::from_name(name), Some(*endpoint));
            assert!(["GET", "POST", "PATCH", "DELETE"].contains(&method), "{name}");
            assert!(template.starts_with('/'), "{name}");
        }
        assert_eq!(Endpoint::TriggersList.spec(), ("GET", "/tasks/{}/triggers/", Answer::Items));
    }
}
