//! One documented operation: what it takes and what it answers, built in one line per fact
//! (`get(path, id, summary).query::<T>().answers(200, json::<U>)`). Schemas come from the
//! wire types themselves (`schemars`), so a changed type changes the document.

use schemars::{JsonSchema, Schema, SchemaGenerator};

/// Writes a type's schema into a generator and answers a reference to it (or the schema
/// itself, for unnamed types such as `Vec<T>`).
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

/// The schema of `T`, by reference when `T` is named.
pub fn json<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// The schema of `T` itself, never a reference: a params type becomes one parameter per field.
pub fn inline<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    T::json_schema(generator)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
}

/// Whether the operation needs the bearer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Key,
    Open,
}

/// What the operation does with a query string.
#[derive(Clone, Copy)]
pub enum Query {
    /// `NoQuery`: any key is refused with a 422 (wire.md §8.13).
    Refused,
    /// The keys of this params type; any other is refused with a 422.
    Params(SchemaFn),
    /// Not read at all (the inbound routes, this document).
    Ignored,
}

#[derive(Clone, Copy)]
pub enum Body {
    None,
    /// A JSON body of this type: 422 when it does not parse, 413 over the size limit.
    Json(SchemaFn),
    /// Any bytes (an inbound webhook's payload): 400 when unreadable, 413 over the limit.
    Raw,
    /// A `multipart/form-data` form of a JSON `payload` part and `files` parts: 422 when it
    /// is not one or does not parse, 413 over the limit.
    Multipart,
}

/// One documented answer's body.
#[derive(Clone, Copy)]
pub enum Answer {
    Json(SchemaFn),
    /// No body (204).
    Empty,
    /// A Run as JSON, or its event stream when the request asked `stream: true`.
    RunOrStream,
    /// The run's live event stream (`text/event-stream`).
    Stream,
    /// An HTML page for a person (the simulated app authorization).
    Html,
    /// A 303 to the `Location` header.
    Redirect,
    /// A run's file, in the type it was written with.
    File,
    /// The error envelope (D7).
    Error,
}

pub struct Operation {
    pub method: Method,
    pub path: String,
    pub id: String,
    pub summary: String,
    pub access: Access,
    pub query: Query,
    pub body: Body,
    /// Takes an `Idempotency-Key` header (D6).
    pub idempotent: bool,
    pub answers: Vec<(u16, Answer)>,
}

fn operation(method: Method, path: &str, id: &str, summary: &str) -> Operation {
    Operation {
        method,
        path: path.into(),
        id: id.into(),
        summary: summary.into(),
        access: Access::Key,
        query: Query::Refused,
        body: Body::None,
        idempotent: false,
        answers: Vec::new(),
    }
}

pub fn get(path: &str, id: &str, summary: &str) -> Operation {
    operation(Method::Get, path, id, summary)
}
pub fn post(path: &str, id: &str, summary: &str) -> Operation {
    operation(Method::Post, path, id, summary)
}
pub fn patch(path: &str, id: &str, summary: &str) -> Operation {
    operation(Method::Patch, path, id, summary)
}
pub fn delete(path: &str, id: &str, summary: &str) -> Operation {
    operation(Method::Delete, path, id, summary)
}

impl Operation {
    pub fn open(mut self) -> Self {
        self.access = Access::Open;
        self
    }
    pub fn query<T: JsonSchema>(mut self) -> Self {
        self.query = Query::Params(inline::<T>);
        self
    }
    pub fn ignores_query(mut self) -> Self {
        self.query = Query::Ignored;
        self
    }
    pub fn body<T: JsonSchema>(mut self) -> Self {
        self.body = Body::Json(json::<T>);
        self
    }
    pub fn raw_body(mut self) -> Self {
        self.body = Body::Raw;
        self
    }
    pub fn multipart_body(mut self) -> Self {
        self.body = Body::Multipart;
        self
    }
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }
    pub fn answers(mut self, status: u16, answer: Answer) -> Self {
        self.answers.push((status, answer));
        self
    }
    /// `status` with the JSON of `T`.
    pub fn ok<T: JsonSchema>(self, status: u16) -> Self {
        self.answers(status, Answer::Json(json::<T>))
    }
    /// Errors this operation answers beyond those its shape implies (see `document.rs`).
    pub fn errors(mut self, statuses: &[u16]) -> Self {
        self.answers.extend(statuses.iter().map(|&status| (status, Answer::Error)));
        self
    }

    /// The names of the path's `{parameters}`, in order.
    pub fn path_parameters(&self) -> Vec<&str> {
        self.path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .collect()
    }
}
