//! Connections: the accept loop that hands each TCP connection to hyper's HTTP/1 server with
//! the app as its service, cuts clients too slow to send their headers, and at shutdown stops
//! accepting and lets the requests in flight finish, for a bounded time.

use std::future::Future;
use std::io;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a client has to send a request's headers, counted from when the server starts
/// waiting for them: on a new connection and between requests on a kept-alive one alike, so an
/// idle keep-alive connection is closed after this too. A client trickling header bytes
/// (slowloris) cannot hold a connection, a file descriptor and a task for longer. Once the
/// headers are in, the app's own 10 s request timeout takes over.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the requests in flight get to finish after Ctrl-C or SIGTERM before the server
/// exits anyway.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// How long to wait after an accept fails for want of resources (EMFILE, ENFILE, ENOMEM) before
/// trying again: connections closing meanwhile free them. One second, as hyper 0.14 and axum.
const ACCEPT_RETRY: Duration = Duration::from_secs(1);

/// The limits of `serve_connections`; the defaults are what `concord serve` uses.
#[derive(Clone, Copy, Debug)]
pub struct ServeOptions {
    pub header_read_timeout: Duration,
    pub drain_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            header_read_timeout: HEADER_READ_TIMEOUT,
            drain_timeout: DRAIN_TIMEOUT,
        }
    }
}

/// Serves `app` on every connection `listener` accepts until `shutdown` completes; then closes
/// the listener, lets each connection finish the request it is answering (idle ones close at
/// once) and returns when all are done or `drain_timeout` has passed.
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = shutdown.as_mut() => break,
        };
        let (stream, peer) = match accepted {
            Ok(connection) => connection,
            // The client gave up before its connection was taken: nothing to serve.
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                tracing::error!("accepting a connection failed, retrying in {ACCEPT_RETRY:?}: {e}");
                tokio::select! {
                    () = tokio::time::sleep(ACCEPT_RETRY) => continue,
                    () = shutdown.as_mut() => break,
                }
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // Slow clients cut at the header deadline, resets and malformed requests (already
            // answered with a 4xx where HTTP allows) end here; each is the client's business.
            if let Err(e) = connection.await {
                tracing::debug!("connection from {peer} ended: {e}");
            }
        });
    }
    drop(listener);
    let open = graceful.count();
    tokio::select! {
        () = graceful.shutdown() => {
            tracing::info!("all connections closed ({open} were open at shutdown)");
        }
        () = tokio::time::sleep(options.drain_timeout) => {
            tracing::warn!(
                "requests still running after {:?}; exiting without them",
                options.drain_timeout
            );
        }
    }
}

fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
