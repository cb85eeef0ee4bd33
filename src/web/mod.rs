//! The web server: server-rendered pages for people and a JSON API for programs, over the
//! same corpus and search engine. `app(state)` builds the router so every route can be tested
//! in-process.

mod api;
mod comparison;
mod error;
mod pages;
mod render;
mod server;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::Environment;
use tokio::sync::Semaphore;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::compare::SimilarIndex;
use crate::search::{QueryError, SearchRequest, SearchResults};
use crate::{Concord, Paths};
use arc_swap::ArcSwap;
pub use error::{ApiError, PageError};
pub use server::{DRAIN_TIMEOUT, HEADER_READ_TIMEOUT, ServeOptions, serve_connections};

/// How many searches run at once, so a burst cannot starve the machine.
pub const SEARCHES_AT_ONCE: usize = 16;

/// Threads for blocking work in `concord serve`: the searches, and a reload beside them. Tokio
/// would otherwise add a thread whenever a search is handed over before an idle one has woken,
/// which on a busy machine grew the pool past 30 threads and the memory with it.
pub const BLOCKING_THREADS: usize = SEARCHES_AT_ONCE + 1;

/// What every request reads: the corpus and engine, the templates, and a limit on how many
/// searches run at once.
pub struct AppState {
    pub concord: Concord,
    /// Where the site is published (`https://concord.example.org`), for the full URLs in the
    /// cite box; without it they are built from the request's Host header.
    pub base_url: Option<String>,
    templates: Environment<'static>,
    searches: Arc<Semaphore>,
    /// Computed similar provisions, built on first use so start-up stays fast.
    similar: OnceLock<SimilarIndex>,
}

impl AppState {
    pub fn new(concord: Concord) -> Self {
        AppState {
            concord,
            base_url: None,
            templates: templates(),
            searches: Arc::new(Semaphore::new(SEARCHES_AT_ONCE)),
            similar: OnceLock::new(),
        }
    }

    /// The state for a reloaded corpus and index, sharing this one's limits.
    pub fn reloaded(&self, concord: Concord) -> Self {
        AppState {
            concord,
            base_url: self.base_url.clone(),
            templates: self.templates.clone(),
            searches: self.searches.clone(),
            similar: OnceLock::new(),
        }
    }

    pub fn similar(&self) -> &SimilarIndex {
        self.similar.get_or_init(|| {
            SimilarIndex::build(
                &self.concord.corpus,
                self.concord.engine.thesaurus(),
                &self.concord.xrefs,
            )
        })
    }

    /// Runs a search off the async runtime, at most `SEARCHES_AT_ONCE` at a time.
    pub async fn search(
        self: &Arc<Self>,
        request: SearchRequest,
    ) -> Result<SearchResults, QueryError> {
        let _permit = self
            .searches
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.concord.engine.search(&request))
            .await
            .expect("search does not panic")
    }
}

/// The state the server answers from, replaced whole when the index or corpus changes: each
/// request takes the current one at its start and keeps it to its end, so a reload never
/// fails a request in flight.
#[derive(Clone)]
pub struct Live {
    current: Arc<ArcSwap<AppState>>,
    /// Why the last reload failed, while the previous state goes on serving.
    reload_error: Arc<std::sync::Mutex<Option<String>>>,
}

impl Live {
    pub fn new(state: AppState) -> Self {
        Live {
            current: Arc::new(ArcSwap::from_pointee(state)),
            reload_error: Arc::default(),
        }
    }

    pub fn current(&self) -> Arc<AppState> {
        self.current.load_full()
    }

    pub fn replace(&self, state: AppState) {
        self.current.store(Arc::new(state));
    }

    pub fn reload_error(&self) -> Option<String> {
        self.reload_error.lock().map(|e| e.clone()).unwrap_or(None)
    }

    fn set_reload_error(&self, error: Option<String>) {
        if let Ok(mut slot) = self.reload_error.lock() {
            *slot = error;
        }
    }

    /// Loads the corpus and index again (building the index if the corpus changed) and
    /// switches to them; on any error the current state goes on serving and the error is
    /// kept for `/api/v1/status` and the log.
    pub async fn reload(&self, paths: Paths) {
        let started = std::time::Instant::now();
        match tokio::task::spawn_blocking(move || Concord::open(&paths)).await {
            Ok(Ok(concord)) => {
                if let Some((report, why)) = &concord.built {
                    tracing::info!(
                        "rebuilt the index ({why}): {} documents in {:.0?}",
                        report.documents,
                        report.elapsed
                    );
                }
                let next = self.current().reloaded(concord);
                self.replace(next);
                self.set_reload_error(None);
                tracing::info!("reloaded the corpus and index in {:.0?}", started.elapsed());
            }
            Ok(Err(e)) => {
                tracing::error!("reload failed, still serving the last good index: {e}");
                self.set_reload_error(Some(e.to_string()));
            }
            Err(e) => {
                tracing::error!("reload failed, still serving the last good index: {e}");
                self.set_reload_error(Some("the reload task failed".into()));
            }
        }
    }
}

impl From<AppState> for Live {
    fn from(state: AppState) -> Self {
        Live::new(state)
    }
}

impl From<Arc<AppState>> for Live {
    fn from(state: Arc<AppState>) -> Self {
        Live {
            current: Arc::new(ArcSwap::new(state)),
            reload_error: Arc::default(),
        }
    }
}

/// Watches the corpus and the index's CURRENT pointer and reloads when either changes
/// (`concord index` run from another process, an edited corpus file), or on SIGHUP.
pub async fn watch(live: Live, paths: Paths, every: Duration) {
    let snapshot = |paths: &Paths| {
        let pointer = std::fs::read_to_string(paths.index.join("CURRENT")).unwrap_or_default();
        let corpus = crate::corpus::watch_fingerprint(&paths.corpus);
        (pointer, corpus)
    };
    let mut seen = snapshot(&paths);
    #[cfg(unix)]
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
    loop {
        #[cfg(unix)]
        let forced = match hangup.as_mut() {
            Some(h) => tokio::select! {
                _ = h.recv() => true,
                () = tokio::time::sleep(every) => false,
            },
            None => {
                tokio::time::sleep(every).await;
                false
            }
        };
        #[cfg(not(unix))]
        let forced = {
            tokio::time::sleep(every).await;
            false
        };
        let now = snapshot(&paths);
        if forced || now != seen {
            tracing::info!(
                "{}: reloading",
                if forced {
                    "SIGHUP"
                } else {
                    "the corpus or index changed"
                }
            );
            live.reload(paths.clone()).await;
            seen = snapshot(&paths);
        }
    }
}

fn templates() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in [
        ("base.html", include_str!("../../templates/base.html")),
        ("home.html", include_str!("../../templates/home.html")),
        ("search.html", include_str!("../../templates/search.html")),
        ("treaty.html", include_str!("../../templates/treaty.html")),
        ("article.html", include_str!("../../templates/article.html")),
        (
            "preamble.html",
            include_str!("../../templates/preamble.html"),
        ),
        ("error.html", include_str!("../../templates/error.html")),
        ("macros.html", include_str!("../../templates/macros.html")),
        ("compare.html", include_str!("../../templates/compare.html")),
        ("topics.html", include_str!("../../templates/topics.html")),
        ("topic.html", include_str!("../../templates/topic.html")),
    ] {
        env.add_template(name, source).expect("templates parse");
    }
    env
}

const STYLE: &str = include_str!("../../templates/static/style.css");
const SCRIPT: &str = include_str!("../../templates/static/app.js");

/// Content-Security-Policy: only this site's own stylesheet and script, no framing.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn app(state: impl Into<Live>) -> Router {
    let state: Live = state.into();
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/treaties", get(api::treaties))
        .route("/treaties/{id}", get(api::treaty))
        .route("/articles/{treaty}/{n}", get(api::article))
        .route("/similar/{treaty}/{n}", get(api::similar))
        .route("/compare", get(api::compare))
        .route("/openapi.json", get(api::openapi))
        .route("/status", get(api::status))
        .route("/", get(api::root))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/healthz", get(|| async { "ok" }))
        .route("/compare", get(comparison::compare_page))
        .route("/topics", get(comparison::topics))
        .route("/topics/{topic}", get(comparison::topic))
        .route(
            "/static/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route("/{treaty}", get(pages::treaty))
        .route("/{treaty}/preamble", get(pages::preamble))
        .route("/{treaty}/art/{n}", get(pages::article))
        .route("/{treaty}/art/{n}/para/{p}", get(pages::paragraph))
        .route("/api/v1/", get(api::root))
        .nest("/api/v1", api)
        .fallback(pages::not_found)
        .method_not_allowed_fallback(pages::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::reject_undecodable_paths,
        ))
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "interest-cohort=(), camera=(), microphone=(), geolocation=()",
            ),
        ))
        .layer(CompressionLayer::new())
        // A bug must cost one request a 500, never the connection or the server.
        .layer(CatchPanicLayer::custom(|_| {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Concord could not answer this request.",
            )
                .into_response()
        }))
        .layer(RequestBodyLimitLayer::new(16 * 1024))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(10),
        ))
        .layer(
            TraceLayer::new_for_http().on_response(
                DefaultOnResponse::new()
                    .level(tracing::Level::INFO)
                    .latency_unit(LatencyUnit::Micros),
            ),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish (for at most
/// `DRAIN_TIMEOUT`); meanwhile reloads when the corpus or index changes.
pub async fn serve(state: AppState, paths: Paths, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("Concord is serving http://{}", listener.local_addr()?);
    let live = Live::new(state);
    tokio::spawn(watch(live.clone(), paths, Duration::from_secs(2)));
    serve_connections(
        listener,
        app(live),
        ServeOptions::default(),
        shutdown_signal(),
    )
    .await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
