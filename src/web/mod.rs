//! The web server: server-rendered pages for people and a JSON API for programs, over the
//! same corpus and search engine. `app(state)` builds the router so every route can be tested
//! in-process.

mod api;
mod comparison;
mod error;
mod pages;
mod render;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::Environment;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::Concord;
use crate::compare::SimilarIndex;
use crate::search::{QueryError, SearchRequest, SearchResults};
pub use error::{ApiError, PageError};

/// What every request reads: the corpus and engine, the templates, and a limit on how many
/// searches run at once so a burst cannot starve the machine.
pub struct AppState {
    pub concord: Concord,
    templates: Environment<'static>,
    searches: Semaphore,
    /// Computed similar provisions, built on first use so start-up stays fast.
    similar: OnceLock<SimilarIndex>,
}

impl AppState {
    pub fn new(concord: Concord) -> Self {
        AppState {
            concord,
            templates: templates(),
            searches: Semaphore::new(16),
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

    /// Runs a search off the async runtime, at most 16 at a time.
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

pub fn app(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/treaties", get(api::treaties))
        .route("/treaties/{id}", get(api::treaty))
        .route("/articles/{treaty}/{n}", get(api::article))
        .route("/similar/{treaty}/{n}", get(api::similar))
        .route("/compare", get(api::compare))
        .route("/openapi.json", get(api::openapi))
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
        .nest("/api/v1", api)
        .fallback(pages::not_found)
        .method_not_allowed_fallback(pages::method_not_allowed)
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
        .layer(RequestBodyLimitLayer::new(16 * 1024))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(10),
        ))
        .layer(TraceLayer::new_for_http())
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

/// Serves until Ctrl-C or SIGTERM, then lets requests in flight finish.
pub async fn serve(state: Arc<AppState>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("Concord is serving http://{}", listener.local_addr()?);
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
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
