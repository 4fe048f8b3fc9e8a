//! The client: a [`Transport`] shared by every resource, and the few calls everything else
//! is built from (an endpoint's body as text, as a type, as a page, as a stream).

use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::endpoint::{Answer, Endpoint};
use crate::error::ClientError;
use crate::options::{ClientOptions, RequestOptions};
use crate::pages::{read_page, PageText};
use crate::run_stream::RunStream;
use crate::transport::{Response, Transport};
use m8tes_protocol::types::Cursor;

/// An m8tes client. Cloning is cheap and shares the settings.
#[derive(Clone)]
pub struct Client {
    transport: Rc<Transport>,
}

impl Client {
    /// Fails with [`ClientError::MissingApiKey`] when no key is given nor in the environment.
    pub fn new(options: ClientOptions) -> Result<Client, ClientError> {
        Ok(Client { transport: Rc::new(Transport::new(options)?) })
    }

    /// A client that sends no API key, for `POST /token` (the CLI's login by password).
    pub fn anonymous(options: ClientOptions) -> Client {
        Client { transport: Rc::new(Transport::anonymous(options)) }
    }

    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// Sends one request and returns the 2xx response, body unread.
    pub async fn send(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        body: Option<String>,
        query: &str,
        options: &RequestOptions,
    ) -> Result<Response, ClientError> {
        let outgoing = endpoint.outgoing(ids, body, query)?;
        self.transport.send(&outgoing, options).await
    }

    /// The body of a JSON endpoint as text (empty for a 204).
    pub async fn text(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        body: Option<String>,
        query: &str,
        options: &RequestOptions,
    ) -> Result<String, ClientError> {
        let response = self.send(endpoint, ids, body, query, options).await?;
        body_text(endpoint, response).await
    }

    /// A JSON endpoint's answer as a wire type.
    pub async fn json<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        body: Option<String>,
        query: &str,
        options: &RequestOptions,
    ) -> Result<T, ClientError> {
        let response = self.send(endpoint, ids, body, query, options).await?;
        let status = response.status;
        let text = response.text().await?;
        serde_json::from_str(&text)
            .map_err(|err| ClientError::InvalidResponse { status, message: err.to_string() })
    }

    /// One page of a list endpoint and the cursor of the next. `previous` is the cursor that
    /// asked for this page, so a server repeating a cursor cannot loop the caller forever.
    pub async fn page(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        query: &str,
        previous: Option<Cursor>,
        options: &RequestOptions,
    ) -> Result<PageText, ClientError> {
        let response = self.send(endpoint, ids, None, query, options).await?;
        body_page(endpoint, response, previous).await
    }

    /// A stream that sends its request on the first pull.
    pub fn stream(
        &self,
        endpoint: Endpoint,
        ids: &[&str],
        body: Option<String>,
        options: RequestOptions,
        raise_on_error: bool,
    ) -> RunStream {
        let outgoing = endpoint.outgoing(ids, body, "");
        RunStream::new(self.transport.clone(), outgoing, options, raise_on_error)
    }

    pub(crate) fn transport(&self) -> &Rc<Transport> {
        &self.transport
    }
}

/// A JSON endpoint's 2xx response read as text (empty for a 204).
pub(crate) async fn body_text(
    endpoint: Endpoint,
    response: Response,
) -> Result<String, ClientError> {
    if endpoint.answer() == Answer::Empty {
        // Read and dropped, so the connection is released.
        let _ = response.bytes().await;
        return Ok(String::new());
    }
    response.text().await
}

/// A list endpoint's 2xx response read as one page and the cursor of the next; `previous` is
/// the cursor that asked for it.
pub(crate) async fn body_page(
    endpoint: Endpoint,
    response: Response,
    previous: Option<Cursor>,
) -> Result<PageText, ClientError> {
    let status = response.status;
    let body = response.text().await?;
    read_page(endpoint, body, previous)
        .map_err(|message| ClientError::InvalidResponse { status, message })
}

/// Serializes a request body of the Rust API.
pub(crate) fn to_body<T: Serialize>(value: &T) -> Result<String, ClientError> {
    serde_json::to_string(value).map_err(|_| ClientError::invalid("a body that is not JSON"))
}
