//! Deliveries over https (issue 12, finding 2): a receiver on 127.0.0.1 with a self-signed
//! certificate made here gets a signed delivery when the server trusts it through `--ca-file`;
//! without it the delivery fails and its row says TLS; a closed port says connect.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use common::receiver::TempDir;
use common::{json_of, test_config, TestServer};
use m8tes_protocol::webhook_signature::{verify_signature, SignatureHeaders};
use serde_json::{json, Value};
use tokio_rustls::rustls;

/// Generous for a loaded machine; each wait ends as soon as its condition holds.
const DEADLINE: Duration = Duration::from_secs(10);

/// A receiver speaking https only, recording each request's headers and body.
struct TlsReceiver {
    url: String,
    /// The certificate's PEM, for `--ca-file`.
    cert_pem: String,
    got: Arc<Mutex<Vec<(HeaderMap, axum::body::Bytes)>>>,
}

impl TlsReceiver {
    async fn start() -> TlsReceiver {
        let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()])
            .expect("a self-signed certificate");
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(made.key_pair.serialize_der().into());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![made.cert.der().clone()], key)
            .expect("a server config");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));

        let got: Arc<Mutex<Vec<(HeaderMap, axum::body::Bytes)>>> = Arc::default();
        let record = got.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                record.lock().unwrap().push((headers, body));
                async { StatusCode::OK }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("https://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, app) = (acceptor.clone(), app.clone());
                tokio::spawn(async move {
                    // A client that refuses the certificate ends here, as it should.
                    let Ok(stream) = acceptor.accept(tcp).await else { return };
                    let service = hyper_util::service::TowerToHyperService::new(app);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        TlsReceiver { url, cert_pem: made.cert.pem(), got }
    }
}

/// Registers an endpoint for `run.completed`; returns its id and secret.
async fn endpoint(server: &TestServer, url: &str) -> (i64, String) {
    let body = json!({"url": url, "events": ["run.completed"]});
    let created = json_of(server.post("/webhooks/", body).await, 201).await;
    (created["id"].as_i64().unwrap(), created["secret"].as_str().unwrap().to_owned())
}

async fn run(server: &TestServer) -> i64 {
    let body = json!({"message": "hi", "stream": false});
    json_of(server.post("/runs/", body).await, 200).await["id"].as_i64().unwrap()
}

/// The endpoint's first delivery row once it has had an attempt.
async fn first_attempt(server: &TestServer, endpoint_id: i64) -> Value {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let page = json_of(server.get(&format!("/webhooks/{endpoint_id}/deliveries")).await, 200);
        let row = page.await["data"][0].clone();
        if row["attempts"].as_i64().is_some_and(|n| n >= 1) {
            return row;
        }
        assert!(tokio::time::Instant::now() < deadline, "no attempt in time: {row}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_https_receiver_trusted_through_ca_file_gets_a_signed_delivery() {
    let receiver = TlsReceiver::start().await;
    let folder = TempDir::new("ca-file");
    let ca_file = folder.0.join("receiver.pem");
    std::fs::write(&ca_file, &receiver.cert_pem).unwrap();
    let server =
        TestServer::start_with(m8tes_local_api::Config { ca_file: Some(ca_file), ..test_config() })
            .await;
    let (hook, secret) = endpoint(&server, &receiver.url).await;
    let run_id = run(&server).await;

    let row = first_attempt(&server, hook).await;
    assert_eq!(
        (row["status"].as_str(), row["response_status_code"].as_u64()),
        (Some("success"), Some(200)),
        "{row}"
    );
    let (headers, body) = receiver.got.lock().unwrap().first().cloned().expect("delivered");
    let pairs = headers.iter().filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)));
    let now = chrono::Utc::now().timestamp();
    assert!(verify_signature(&SignatureHeaders::from_pairs(pairs), &body, &secret, Some(300), now));
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (event["event"].as_str(), event["run_id"].as_i64()),
        (Some("run.completed"), Some(run_id))
    );
    server.stop().await;
}

#[tokio::test]
async fn an_untrusted_certificate_fails_as_tls_and_a_closed_port_as_connect() {
    let receiver = TlsReceiver::start().await;
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("https://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let server = TestServer::start().await;
    let (untrusted, _) = endpoint(&server, &receiver.url).await;
    let (refused, _) = endpoint(&server, &dead).await;
    run(&server).await;

    let row = first_attempt(&server, untrusted).await;
    let text = row["response_body"].as_str().unwrap_or_default();
    assert!(text.contains("TLS"), "{row}");
    assert_eq!(
        (row["status"].as_str(), row["response_status_code"].as_u64()),
        (Some("pending"), None)
    );
    assert!(receiver.got.lock().unwrap().is_empty(), "nothing reached the receiver");
    let row = first_attempt(&server, refused).await;
    let text = row["response_body"].as_str().unwrap_or_default();
    assert!(text.contains("connect") && !text.contains("TLS"), "{row}");
    server.stop().await;
}

#[tokio::test]
async fn a_ca_file_without_certificates_stops_the_server_from_starting() {
    let folder = TempDir::new("ca-file-bad");
    let ca_file = folder.0.join("empty.pem");
    std::fs::write(&ca_file, "not a certificate").unwrap();
    let config = m8tes_local_api::Config { ca_file: Some(ca_file), ..test_config() };
    let error = m8tes_local_api::start(config).await.err().expect("refused");
    assert!(error.to_string().contains("--ca-file"), "{error}");
}

/// `.invalid` never resolves (RFC 6761), so resolvers answer at once, with or without a network.
#[tokio::test]
async fn a_name_that_does_not_resolve_fails_as_dns() {
    let server = TestServer::start().await;
    let (hook, _) = endpoint(&server, "https://m8tes-no-such-host.invalid/hook").await;
    run(&server).await;
    let row = first_attempt(&server, hook).await;
    let text = row["response_body"].as_str().unwrap_or_default();
    assert!(text.contains("DNS"), "{row}");
    server.stop().await;
}
