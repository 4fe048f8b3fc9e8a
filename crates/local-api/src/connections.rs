//! The accept loop: serves the application over HTTP/1.1 with limits on connections that
//! axum's `serve` does not offer (issue 12, finding 4).
//!
//! - **Header-read timeout.** A connection must send a whole request head within
//!   `header_timeout` of opening, and of its previous response: hyper restarts the timer each
//!   time the connection waits for a request, so it is also the idle timeout of a keep-alive
//!   connection. A response being written (a run stream with its keepalive comments) is not
//!   waiting for a head, so streams are not cut.
//! - **Connection cap.** At most `max_connections` are open at once; one past the cap is
//!   accepted and closed at once, so a flood of idle sockets fails fast instead of taking every
//!   file descriptor and stalling everyone.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// What one connection may take.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_timeout: Duration,
    pub max_connections: usize,
}

/// An accept that fails (out of file descriptors, a reset before accept) is retried after this.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// Serves `app` until `shutdown` resolves, then stops accepting, lets each open connection
/// finish its response (idle ones close at once) and returns when all are closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections.min(Semaphore::MAX_PERMITS)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Past the cap: dropping the socket closes it, and the client sees it at once.
        let Ok(permit) = open.clone().try_acquire_owned() else {
            drop(tcp);
            continue;
        };
        let connection = serve_connection(tcp, client, app.clone(), limits.header_timeout);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection ends in an error when the client goes away or times out: nothing
            // to report.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// One client's HTTP/1.1 connection; each request carries the client's address, which the
/// login limits count by.
fn serve_connection(
    tcp: TcpStream,
    client: SocketAddr,
    app: Router,
    header_timeout: Duration,
) -> http1::Connection<
    TokioIo<TcpStream>,
    impl hyper::service::Service<
            hyper::Request<Incoming>,
            Response = axum::response::Response,
            Error = Infallible,
            Future: Send,
        > + Send,
> {
    // Without TCP_NODELAY a stream's first small write waits for the client's delayed ACK
    // (about 40 ms on Linux) behind the response headers.
    let _ = tcp.set_nodelay(true);
    let service = service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(client));
        app.clone().oneshot(request)
    });
    http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(tcp), service)
}
