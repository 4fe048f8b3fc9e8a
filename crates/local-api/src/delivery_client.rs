//! The HTTP client that carries outbound webhooks, and what a failed attempt is called.
//!
//! https goes over rustls and trusts the platform's roots (read from `/etc/ssl/certs` and the
//! like; `SSL_CERT_FILE`/`SSL_CERT_DIR` replace them, as with OpenSSL) plus the PEM roots of
//! `--ca-file`. Nothing is downloaded, at build or at run time.

use std::error::Error as _;
use std::path::Path;
use std::time::Duration;

/// How long one attempt may take, from resolving the name to the last byte of the answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The client for deliveries; `Err` says why `ca_file` cannot be used (never its contents).
pub fn build(ca_file: Option<&Path>) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("m8tes-local/", env!("CARGO_PKG_VERSION")))
        // A receiver's redirect is its answer, recorded as such.
        .redirect(reqwest::redirect::Policy::none());
    if let Some(path) = ca_file {
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| format!("--ca-file {shown}: {e}"))?;
        let roots = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|_| format!("--ca-file {shown}: not a PEM certificate bundle"))?;
        if roots.is_empty() {
            return Err(format!("--ca-file {shown}: holds no PEM certificate"));
        }
        for root in roots {
            builder = builder.add_root_certificate(root);
        }
    }
    builder.build().map_err(|e| format!("cannot build the webhook client: {e}"))
}

/// What kind of failure kept an attempt from getting an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The endpoint's host name did not resolve.
    Dns,
    /// Nothing accepted the TCP connection (closed port, unreachable host).
    Connect,
    /// The TLS handshake failed: an untrusted or mismatched certificate, or no TLS there.
    Tls,
    /// No complete answer within the attempt's time.
    Timeout,
    /// The connection broke, or the answer was not HTTP.
    Protocol,
}

impl Failure {
    /// The words stored in the delivery row (and logged): reqwest's own text can carry the
    /// URL, whose path may hold a secret token, so it is never used.
    pub fn describe(self) -> &'static str {
        match self {
            Failure::Dns => "DNS: the host name did not resolve",
            Failure::Connect => "connect: could not connect",
            Failure::Tls => "TLS: the handshake failed (is the certificate trusted? see --ca-file)",
            Failure::Timeout => "timeout: no answer in time",
            Failure::Protocol => "protocol: the connection broke or the answer was not HTTP",
        }
    }

    /// Reads the kind from reqwest's error and the errors under it.
    pub fn of(error: &reqwest::Error) -> Failure {
        if error.is_timeout() {
            return Failure::Timeout;
        }
        let mut source = error.source();
        while let Some(cause) = source {
            if cause.is::<rustls::Error>() {
                return Failure::Tls;
            }
            // hyper-util's connector names a failed lookup this way (its error type is private).
            if cause.to_string().starts_with("dns error") {
                return Failure::Dns;
            }
            source = under(cause);
        }
        if error.is_connect() {
            Failure::Connect
        } else {
            Failure::Protocol
        }
    }
}

/// The error `cause` wraps. An `io::Error`'s `source` skips the error it carries (rustls's
/// handshake errors come that way, io::Error in io::Error), so that one is read directly.
fn under<'a>(
    cause: &'a (dyn std::error::Error + 'static),
) -> Option<&'a (dyn std::error::Error + 'static)> {
    match cause.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
        Some(inner) => Some(inner),
        None => cause.source(),
    }
}
