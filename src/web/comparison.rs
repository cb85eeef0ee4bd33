//! Comparison pages: provisions side by side (`/compare`), the topic × treaty matrix
//! (`/topics`) and each topic's provisions across the frameworks (`/topics/{topic}`).

use std::collections::BTreeMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::Serialize;

use super::Live;
use super::error::{Link, PageError};
use super::pages::{Params, error_page, render};
use crate::compare::{CompareError, compare};
use crate::corpus::Row;

/// The provisions named by `p=` parameters, trimmed, empty ones dropped.
fn provisions(params: &Params) -> Vec<String> {
    params
        .all("p")
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.chars().take(60).collect())
        .collect()
}

pub async fn compare_page(State(live): State<Live>, RawQuery(raw): RawQuery) -> Response {
    let state = live.current();
    let params = Params::new(raw);
    let ids = provisions(&params);
    if ids.is_empty() {
        return render(
            &state,
            StatusCode::OK,
            "compare.html",
            context! { ids => ids, examples => examples() },
        );
    }
    let corpus = &state.concord.corpus;
    match compare(corpus, state.concord.engine.thesaurus(), &ids) {
        Ok(c) => match params.get("format") {
            Some("csv") => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"concord-comparison.csv\"",
                    ),
                ],
                c.to_csv(),
            )
                .into_response(),
            Some("json") => axum::Json(c).into_response(),
            _ => {
                let query = ids
                    .iter()
                    .map(|id| format!("p={}", enc(id)))
                    .collect::<Vec<_>>()
                    .join("&");
                render(
                    &state,
                    StatusCode::OK,
                    "compare.html",
                    context! { ids => ids, comparison => c, query => query, examples => examples() },
                )
            }
        },
        Err(e) => {
            let status = match &e {
                CompareError::Count(_) | CompareError::NotAProvision(_) => StatusCode::BAD_REQUEST,
                CompareError::Provision(crate::corpus::ProvisionIdError::Syntax(_)) => {
                    StatusCode::BAD_REQUEST
                }
                CompareError::Provision(_) => StatusCode::NOT_FOUND,
            };
            render(
                &state,
                status,
                "compare.html",
                context! { ids => ids, error => e.to_string(), examples => examples() },
            )
        }
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn examples() -> Vec<(String, String)> {
    [
        ("Illegal access", "p=budapest:2&p=uncc:7&p=malabo:29(1)(a)"),
        (
            "Expedited preservation of stored data",
            "p=budapest:16&p=uncc:25",
        ),
        ("Child sexual abuse material", "p=budapest:9&p=uncc:14"),
        (
            "Corporate liability",
            "p=budapest:12&p=uncc:18&p=malabo:30(2)",
        ),
    ]
    .iter()
    .map(|(t, q)| (t.to_string(), format!("/compare?{q}")))
    .collect()
}

#[derive(Serialize)]
struct Cell {
    count: usize,
    level: usize,
    href: String,
}

#[derive(Serialize)]
struct MatrixRow {
    id: String,
    title: String,
    summary: String,
    cells: Vec<Cell>,
}

pub async fn topics(State(live): State<Live>) -> Response {
    let state = live.current();
    let corpus = &state.concord.corpus;
    let treaties: Vec<(&str, &str)> = corpus
        .treaties
        .iter()
        .map(|t| (t.meta.id.as_str(), t.meta.short_title.as_str()))
        .collect();
    let matrix: Vec<MatrixRow> = corpus
        .concordance
        .topics
        .iter()
        .map(|topic| {
            let rows: Vec<&Row> = corpus
                .concordance
                .rows
                .iter()
                .filter(|r| r.topic == topic.id)
                .collect();
            let cells = treaties
                .iter()
                .map(|(id, _)| {
                    let count = rows
                        .iter()
                        .filter(|r| r.provisions.iter().any(|p| p.treaty == *id))
                        .count();
                    let level = match count {
                        0 => 0,
                        1..=2 => 1,
                        3..=5 => 2,
                        _ => 3,
                    };
                    Cell {
                        count,
                        level,
                        href: format!("/topics/{}#{id}", topic.id),
                    }
                })
                .collect();
            MatrixRow {
                id: topic.id.clone(),
                title: topic.title.clone(),
                summary: topic.summary.clone(),
                cells,
            }
        })
        .collect();
    // Each framework's main areas: the topics where it has most rows.
    let overview: Vec<minijinja::Value> = corpus
        .treaties
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut areas: Vec<(&str, usize)> = matrix.iter().map(|m| (m.title.as_str(), m.cells[i].count)).filter(|(_, c)| *c > 0).collect();
            areas.sort_by_key(|a| std::cmp::Reverse(a.1));
            let areas: Vec<&str> = areas.iter().take(5).map(|(a, _)| *a).collect();
            let m = &t.meta;
            context! {
                id => &m.id, name => &m.short_title, organisation => &m.organisation,
                year => m.adoption.date.year, binding => m.binding,
                in_force => m.entry_into_force.date.map(|d| d.long()),
                status => m.status.iter().map(|s| format!("{} (as of {})", s.fact, s.as_of.long())).collect::<Vec<_>>(),
                areas => areas,
            }
        })
        .collect();
    render(
        &state,
        StatusCode::OK,
        "topics.html",
        context! {
            treaties => treaties, matrix => matrix, overview => overview, others => &corpus.other_frameworks,
        },
    )
}

/// A provision in a topic row: id, url, kind of correspondence, note, article title.
type CellEntry<'a> = (String, String, &'static str, Option<&'a str>, String);

#[derive(Serialize)]
struct TopicRow<'a> {
    subject: &'a str,
    note: Option<&'a str>,
    /// Per treaty: its provisions in this row.
    cells: Vec<Vec<CellEntry<'a>>>,
    absent: Vec<bool>,
    compare: Option<String>,
}

pub async fn topic(State(live): State<Live>, Path(id): Path<String>) -> Response {
    let state = live.current();
    let corpus = &state.concord.corpus;
    let Some(topic) = corpus.concordance.topic(&id) else {
        let links = corpus
            .concordance
            .topics
            .iter()
            .map(|t| Link::new(format!("/topics/{}", t.id), t.title.clone()))
            .collect();
        return error_page(
            &state,
            PageError {
                status: StatusCode::NOT_FOUND,
                title: "No such topic".into(),
                message: format!(
                    "There is no topic {:?}. The topics are:",
                    id.chars().take(40).collect::<String>()
                ),
                links,
                query: None,
            },
        );
    };
    let treaties: Vec<(&str, &str)> = corpus
        .treaties
        .iter()
        .map(|t| (t.meta.id.as_str(), t.meta.short_title.as_str()))
        .collect();
    let rows: Vec<TopicRow> = corpus
        .concordance
        .rows
        .iter()
        .filter(|r| r.topic == topic.id)
        .map(|r| {
            let cells = treaties
                .iter()
                .map(|(tid, _)| {
                    r.provisions
                        .iter()
                        .filter(|p| p.treaty == *tid)
                        .map(|p| {
                            let resolved = crate::corpus::ProvisionId::parse(&p.id)
                                .ok()
                                .and_then(|x| x.resolve(corpus).ok());
                            let url = resolved.map(|r| r.url()).unwrap_or_default();
                            let title = resolved
                                .and_then(|r| r.article)
                                .map(|a| a.title.clone())
                                .unwrap_or_default();
                            (p.id.clone(), url, p.kind.as_str(), p.note.as_deref(), title)
                        })
                        .collect()
                })
                .collect();
            let absent = treaties
                .iter()
                .map(|(tid, _)| r.absent.iter().any(|a| a == tid))
                .collect();
            // Compare the first provision of up to three treaties.
            let mut firsts: BTreeMap<usize, &str> = BTreeMap::new();
            for p in &r.provisions {
                if let Some(i) = treaties.iter().position(|(t, _)| *t == p.treaty) {
                    firsts.entry(i).or_insert(p.id.as_str());
                }
            }
            let picks: Vec<&str> = firsts.values().take(3).copied().collect();
            let compare = (picks.len() >= 2).then(|| {
                format!(
                    "/compare?{}",
                    picks
                        .iter()
                        .map(|p| format!("p={}", enc(p)))
                        .collect::<Vec<_>>()
                        .join("&")
                )
            });
            TopicRow {
                subject: &r.subject,
                note: r.note.as_deref(),
                cells,
                absent,
                compare,
            }
        })
        .collect();
    render(
        &state,
        StatusCode::OK,
        "topic.html",
        context! { topic => topic, treaties => treaties, rows => rows },
    )
}
