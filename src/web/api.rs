//! The JSON API under `/api/v1/`: search (the hit shape of `concord search --json`, plus facet
//! counts and timing), treaties, articles, and the OpenAPI description of all of it.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use super::Live;
use super::error::ApiError;
use super::pages::Params;
use crate::corpus::ProvisionId;
use crate::search::{MAX_LIMIT, SearchRequest, SearchResults};
use crate::views::{ArticleView, TreatyView};

fn number(params: &Params, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
    match params.get(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_parameter",
                    format!("{key} must be a whole number from 0 to {max}"),
                )
            }),
    }
}

/// `number`, but 0 is refused too.
fn positive(params: &Params, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
    match number(params, key, default, max)? {
        0 => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_parameter",
            format!("{key} must be a whole number from 1 to {max}"),
        )),
        n => Ok(n),
    }
}

/// The article named by path segments; a segment that is not a number names no article.
fn find_article<'a>(
    corpus: &'a crate::corpus::Corpus,
    treaty: &str,
    n: &str,
) -> Result<crate::corpus::Resolved<'a>, ApiError> {
    let number: u32 = n.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_article",
            format!(
                "{:?} is not an article number",
                n.chars().take(40).collect::<String>()
            ),
        )
    })?;
    Ok(ProvisionId::article(treaty, number).resolve(corpus)?)
}

#[derive(Serialize)]
struct SearchOut<'a> {
    #[serde(flatten)]
    results: &'a SearchResults,
    limit: usize,
    offset: usize,
}

pub async fn search(
    State(live): State<Live>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let state = live.current();
    let params = Params::new(raw);
    let limit = positive(&params, "limit", 10, MAX_LIMIT)?;
    let offset = number(&params, "offset", 0, 10_000)?;
    let request = SearchRequest {
        query: params.get("q").unwrap_or("").to_string(),
        treaties: params
            .all("treaty")
            .into_iter()
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        chapter: params
            .get("chapter")
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        limit,
        offset,
    };
    let results = state.search(request).await?;
    Ok(Json(SearchOut {
        results: &results,
        limit,
        offset,
    })
    .into_response())
}

#[derive(Serialize)]
struct TreatySummary<'a> {
    id: &'a str,
    short_title: &'a str,
    title: &'a str,
    organisation: &'a str,
    document: &'a str,
    articles: usize,
    meta: &'a crate::corpus::TreatyMeta,
    url: String,
}

pub async fn treaties(State(live): State<Live>) -> Response {
    let state = live.current();
    let list: Vec<TreatySummary> = state
        .concord
        .corpus
        .treaties
        .iter()
        .map(|t| TreatySummary {
            id: &t.meta.id,
            short_title: &t.meta.short_title,
            title: &t.meta.title,
            organisation: &t.meta.organisation,
            document: &t.meta.document,
            articles: t.articles.len(),
            meta: &t.meta,
            url: format!("/{}", t.meta.id),
        })
        .collect();
    Json(json!({ "treaties": list })).into_response()
}

pub async fn treaty(
    State(live): State<Live>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let state = live.current();
    let corpus = &state.concord.corpus;
    let treaty = corpus.treaty(&id).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_treaty",
            format!(
                "there is no treaty {:?}; the treaties are {}",
                id.chars().take(40).collect::<String>(),
                corpus.ids().join(", ")
            ),
        )
    })?;
    Ok(Json(TreatyView::new(treaty)).into_response())
}

pub async fn article(
    State(live): State<Live>,
    Path((treaty, n)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let state = live.current();
    let resolved = find_article(&state.concord.corpus, &treaty, &n)?;
    let article = resolved
        .article
        .expect("an article id resolves to an article");
    let concord = &state.concord;
    let view = ArticleView::new(resolved.treaty, article).with_citations(
        &concord.corpus,
        &concord.xrefs,
        resolved.treaty,
        article,
    );
    Ok(Json(view).into_response())
}

pub async fn similar(
    State(live): State<Live>,
    Path((treaty, n)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let state = live.current();
    let params = Params::new(raw);
    let limit = positive(&params, "limit", 3, 20)?;
    let resolved = find_article(&state.concord.corpus, &treaty, &n)?;
    let number = resolved.article.expect("an article").number;
    let similar = state
        .similar()
        .similar(&resolved.treaty.meta.id, number, limit);
    Ok(Json(json!({ "id": resolved.canonical(), "similar": similar })).into_response())
}

pub async fn compare(
    State(live): State<Live>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let state = live.current();
    let params = Params::new(raw);
    let ids: Vec<String> = params
        .all("p")
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let comparison = crate::compare::compare(
        &state.concord.corpus,
        state.concord.engine.thesaurus(),
        &ids,
    )
    .map_err(|e| match e {
        crate::compare::CompareError::Count(_) | crate::compare::CompareError::NotAProvision(_) => {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_comparison", e.to_string())
        }
        crate::compare::CompareError::Provision(p) => ApiError::from(p),
    })?;
    Ok(Json(comparison).into_response())
}

/// What the server is serving: the corpus fingerprint, counts, and why the last reload
/// failed if it did (the previous index goes on serving).
pub async fn status(State(live): State<Live>) -> Response {
    let state = live.current();
    let corpus = &state.concord.corpus;
    Json(json!({
        "corpus_fingerprint": corpus.fingerprint,
        "treaties": corpus.treaties.len(),
        "articles": corpus.articles().count(),
        "reload_error": live.reload_error(),
    }))
    .into_response()
}

/// `/api/v1/`: where to start.
pub async fn root() -> Response {
    Json(json!({
        "openapi": "/api/v1/openapi.json",
        "endpoints": ["/api/v1/search", "/api/v1/treaties", "/api/v1/treaties/{id}", "/api/v1/articles/{treaty}/{n}", "/api/v1/similar/{treaty}/{n}", "/api/v1/compare", "/api/v1/status"],
    }))
    .into_response()
}

pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!(
            "no API endpoint at {:?}; see /api/v1/openapi.json",
            uri.path().chars().take(80).collect::<String>()
        ),
    )
}

pub async fn method_not_allowed() -> Response {
    let mut r = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "the API is read with GET",
    )
    .into_response();
    r.headers_mut().insert(
        axum::http::header::ALLOW,
        axum::http::HeaderValue::from_static("GET, HEAD"),
    );
    r
}

pub async fn openapi() -> Response {
    Json(openapi_document()).into_response()
}

/// The OpenAPI 3.1 description of the API.
pub fn openapi_document() -> serde_json::Value {
    let error = json!({ "$ref": "#/components/schemas/Error" });
    let errors = |codes: &[(&str, &str)]| {
        let mut m = serde_json::Map::new();
        for (status, why) in codes {
            m.insert((*status).to_string(), json!({ "description": why, "content": { "application/json": { "schema": error } } }));
        }
        m
    };
    let ok = |schema: serde_json::Value, description: &str| json!({ "description": description, "content": { "application/json": { "schema": schema } } });
    let path_param = |name: &str, description: &str| json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } });
    let with = |mut responses: serde_json::Map<String, serde_json::Value>,
                success: serde_json::Value| {
        responses.insert("200".into(), success);
        serde_json::Value::Object(responses)
    };
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Concord API",
            "version": "1",
            "description": "Search and read the UN Convention against Cybercrime, the Budapest Convention and its First Additional Protocol, and the Malabo Convention. Errors are {\"error\": {\"code\", \"message\"}}."
        },
        "paths": {
            "/api/v1/search": { "get": {
                "summary": "Ranked articles for a query, with the best paragraph of each",
                "parameters": [
                    { "name": "q", "in": "query", "required": true, "description": "Words, \"phrases\", AND/OR/NOT, treaty:ID, title:, chapter:, keywords:, or a citation such as \"Budapest art. 2\" (at most 500 bytes)", "schema": { "type": "string", "maxLength": 500 } },
                    { "name": "treaty", "in": "query", "description": "Keep only this treaty (id or alias); repeatable", "schema": { "type": "string" } },
                    { "name": "chapter", "in": "query", "description": "Keep only this division, as treaty:eid (budapest:chp_ii)", "schema": { "type": "string" } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10 } },
                    { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0, "maximum": 10000, "default": 0 } }
                ],
                "responses": with(errors(&[("400", "Empty or too long query, unknown treaty, or a bad number")]), ok(json!({ "$ref": "#/components/schemas/SearchResults" }), "Results"))
            }},
            "/api/v1/treaties": { "get": {
                "summary": "The instruments with their facts",
                "responses": { "200": ok(json!({ "type": "object", "properties": { "treaties": { "type": "array", "items": { "type": "object" } } } }), "The treaties") }
            }},
            "/api/v1/treaties/{id}": { "get": {
                "summary": "One instrument: facts, preamble, every article",
                "parameters": [path_param("id", "uncc, budapest, budapest-p1, malabo, or an alias")],
                "responses": with(errors(&[("404", "Unknown treaty")]), ok(json!({ "type": "object" }), "The treaty"))
            }},
            "/api/v1/articles/{treaty}/{n}": { "get": {
                "summary": "One article: text, paragraphs and points with their element ids, notes, citation",
                "parameters": [path_param("treaty", "A treaty id or alias"), path_param("n", "The article number")],
                "responses": with(errors(&[("404", "Unknown treaty or article")]), ok(json!({ "$ref": "#/components/schemas/Article" }), "The article"))
            }},
            "/api/v1/similar/{treaty}/{n}": { "get": {
                "summary": "Provisions of the other instruments most similar to an article, computed from the texts, best first",
                "parameters": [path_param("treaty", "A treaty id or alias"), path_param("n", "The article number"),
                    { "name": "limit", "in": "query", "description": "How many per other treaty", "schema": { "type": "integer", "minimum": 1, "maximum": 20, "default": 3 } }],
                "responses": with(errors(&[("400", "A bad number"), ("404", "Unknown treaty or article")]), ok(json!({ "type": "object", "properties": { "id": { "type": "string" }, "similar": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" }, "score": { "type": "number" }, "paragraph": { "type": "string" } } } } } }), "Similar provisions"))
            }},
            "/api/v1/compare": { "get": {
                "summary": "Two or three provisions side by side: aligned paragraphs, each word marked shared, moved or only in its provision",
                "parameters": [{ "name": "p", "in": "query", "required": true, "description": "A provision id (budapest:2, malabo:29(1)(a)); give two or three", "schema": { "type": "array", "items": { "type": "string" }, "minItems": 2, "maxItems": 3 }, "style": "form", "explode": true }],
                "responses": with(errors(&[("400", "Not two or three provisions, or not articles, paragraphs or points"), ("404", "Unknown provision")]), ok(json!({ "type": "object", "properties": { "columns": { "type": "array" }, "rows": { "type": "array" } } }), "The comparison"))
            }},
            "/api/v1/status": { "get": {
                "summary": "What the server serves: corpus fingerprint, counts, and why the last reload failed, if it did",
                "responses": { "200": ok(json!({ "type": "object" }), "Status") }
            }},
            "/api/v1/openapi.json": { "get": { "summary": "This document", "responses": { "200": { "description": "OpenAPI 3.1" } } } }
        },
        "components": { "schemas": {
            "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "object", "required": ["code", "message"], "properties": { "code": { "type": "string" }, "message": { "type": "string" } } } } },
            "Hit": { "type": "object", "required": ["id", "treaty", "article", "title", "score", "paragraph", "snippet", "url"], "properties": {
                "id": { "type": "string", "examples": ["budapest:2"] }, "treaty": { "type": "string" }, "article": { "type": "string" },
                "title": { "type": "string" }, "score": { "type": "number" }, "paragraph": { "type": "string", "examples": ["art_2__para_1"] },
                "snippet": { "type": "string" }, "url": { "type": "string", "examples": ["/budapest/art/2#art_2__para_1"] } } },
            "SearchResults": { "type": "object", "required": ["query", "total", "hits", "facets", "took_ms"], "properties": {
                "query": { "type": "string" }, "total": { "type": "integer" },
                "hits": { "type": "array", "items": { "$ref": "#/components/schemas/Hit" } },
                "facets": { "type": "object", "description": "matches per treaty, before the treaty filter", "additionalProperties": { "type": "integer" } },
                "chapters": { "type": "object", "description": "matches per division (treaty:eid)", "additionalProperties": { "type": "integer" } },
                "did_you_mean": { "type": ["string", "null"] },
                "citation": { "type": ["object", "null"], "properties": { "id": { "type": "string" }, "url": { "type": "string" }, "citation": { "type": "string" } } },
                "expansions": { "type": "array", "items": { "type": "object" } },
                "warnings": { "type": "array", "items": { "type": "string" } },
                "took_ms": { "type": "number" }, "limit": { "type": "integer" }, "offset": { "type": "integer" } } },
            "Article": { "type": "object", "required": ["id", "number", "title", "text", "paragraphs"], "properties": {
                "id": { "type": "string" }, "treaty": { "type": "string" }, "number": { "type": "string" }, "title": { "type": "string" },
                "divisions": { "type": "array", "items": { "type": "string" } }, "text": { "type": "string" },
                "paragraphs": { "type": "array", "items": { "type": "object" } }, "notes": { "type": "array", "items": { "type": "object" } },
                "citation": { "type": "string" }, "url": { "type": "string" } } }
        }}
    })
}
