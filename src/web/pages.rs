//! HTML pages: home, search results, treaty contents, articles, preambles, and the error pages
//! that tell a person where to go instead.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Serialize;

use super::error::{Link, PageError};
use super::render::{Link as TextLink, html, linked, marked, spans};
use super::{AppState, Live};
use crate::corpus::{Article, BlockKind, Entry, Resolved, Treaty};
use crate::search::snippet::Terms;
use crate::search::{
    MAX_QUERY_BYTES, QueryError, SearchRequest, SearchResults, has_words, typed_treaty_filters,
};
use crate::xref::{Reference, Target as XTarget};

const PAGE_SIZE: usize = 10;

/// Query-string parameters, decoded leniently: invalid UTF-8 or percent-encoding becomes
/// replacement characters rather than a rejected request.
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    pub(super) fn new(raw: Option<String>) -> Self {
        Params(
            form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .into_owned()
                .collect(),
        )
    }

    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A positive whole number, or `default` when absent or unreadable.
    pub(super) fn number(&self, key: &str, default: usize, max: usize) -> usize {
        self.get(key)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n >= 1)
            .map_or(default, |n| n.min(max))
    }
}

pub(super) fn render(
    state: &AppState,
    status: StatusCode,
    name: &str,
    ctx: minijinja::Value,
) -> Response {
    match state
        .templates
        .get_template(name)
        .and_then(|t| t.render(ctx))
    {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!("rendering {name}: {e:#}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html(
                    "<!doctype html><title>Error</title><p>This page could not be shown.</p>"
                        .to_string(),
                ),
            )
                .into_response()
        }
    }
}

pub(super) fn error_page(state: &AppState, e: PageError) -> Response {
    let treaties = treaty_cards(state);
    render(
        state,
        e.status,
        "error.html",
        context! { error => e, treaties => treaties },
    )
}

#[derive(Serialize)]
struct TreatyCard<'a> {
    id: &'a str,
    short_title: &'a str,
    title: &'a str,
    organisation: &'a str,
    document: &'a str,
    adopted: String,
    adopted_place: &'a str,
    in_force: Option<String>,
    entry_into_force_rule: &'a str,
    status: Vec<(String, String)>,
    articles: usize,
    binding: bool,
}

fn treaty_cards(state: &AppState) -> Vec<TreatyCard<'_>> {
    state.concord.corpus.treaties.iter().map(card).collect()
}

fn card(t: &Treaty) -> TreatyCard<'_> {
    let m = &t.meta;
    TreatyCard {
        id: &m.id,
        short_title: &m.short_title,
        title: &m.title,
        organisation: &m.organisation,
        document: &m.document,
        adopted: m.adoption.date.long(),
        adopted_place: &m.adoption.place,
        in_force: m.entry_into_force.date.map(|d| d.long()),
        entry_into_force_rule: &m.entry_into_force.rule,
        status: m
            .status
            .iter()
            .map(|s| (s.fact.clone(), s.as_of.long()))
            .collect(),
        articles: t.articles.len(),
        binding: m.binding,
    }
}

pub async fn home(State(live): State<Live>) -> Response {
    let state = live.current();
    render(
        &state,
        StatusCode::OK,
        "home.html",
        context! { treaties => treaty_cards(&state) },
    )
}

#[derive(Serialize)]
struct HitView {
    id: String,
    treaty: String,
    treaty_name: String,
    article: String,
    title: String,
    chapter: Option<String>,
    href: String,
    citation: String,
    /// HTML.
    snippet: minijinja::Value,
    /// Keywords of the subject index that found the article, when its text shows none.
    subjects: Vec<String>,
    /// A question like the query that the article was judged to answer, when neither its
    /// text nor its keywords show the query's words.
    asked: Option<String>,
    score: f32,
}

#[derive(Serialize)]
struct Facet {
    id: String,
    name: String,
    count: usize,
    href: String,
    selected: bool,
}

pub async fn search(State(live): State<Live>, RawQuery(raw): RawQuery) -> Response {
    let state = live.current();
    let params = Params::new(raw);
    let Some(q) = params.get("q") else {
        return render(
            &state,
            StatusCode::OK,
            "search.html",
            context! { q => "", treaties => treaty_cards(&state) },
        );
    };
    let q = q.to_string();
    let treaty = params
        .get("treaty")
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let chapter = params
        .get("chapter")
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    let page = params.number("page", 1, 1000);

    // A citation typed in the box goes straight to the provision.
    if treaty.is_none() && chapter.is_none() && page == 1 {
        if let Some(url) = state.concord.engine.jump(&q) {
            return Redirect::to(&url).into_response();
        }
    }

    let request = SearchRequest {
        query: q.clone(),
        treaties: treaty.iter().cloned().collect(),
        chapter: chapter.clone(),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    };
    let (status, notice, results) = match state.search(request.clone()).await {
        Ok(r) => (StatusCode::OK, None, Some(r)),
        Err(e @ QueryError::Empty) => (StatusCode::BAD_REQUEST, Some(e.to_string()), None),
        Err(e @ QueryError::TooLong { .. }) => {
            let mut cut = MAX_QUERY_BYTES;
            while !q.is_char_boundary(cut) {
                cut -= 1;
            }
            let shorter = SearchRequest {
                query: q[..cut].to_string(),
                ..request
            };
            (
                StatusCode::BAD_REQUEST,
                Some(format!("{e}: showing results for its first {cut} bytes")),
                state.search(shorter).await.ok(),
            )
        }
        Err(e @ QueryError::UnknownTreaty { .. }) => {
            // The treaty may be chosen or typed ("access treaty:foo"): both are left out.
            let (untyped, _) = typed_treaty_filters(&q);
            // A query of the filter alone, or of words left out, leaves nothing to search.
            let notice = if !has_words(&untyped) {
                format!("{e}.")
            } else {
                format!("{e}. Showing results from all treaties.")
            };
            let everywhere = SearchRequest {
                query: untyped,
                treaties: Vec::new(),
                ..request
            };
            (
                StatusCode::BAD_REQUEST,
                Some(notice),
                state.search(everywhere).await.ok(),
            )
        }
    };
    let view = results
        .as_ref()
        .map(|r| results_view(&state, r, &q, treaty.as_deref(), chapter.as_deref(), page));
    render(
        &state,
        status,
        "search.html",
        context! { q => q, notice => notice, results => view, treaty => treaty, treaties => treaty_cards(&state) },
    )
}

fn results_view(
    state: &AppState,
    r: &SearchResults,
    q: &str,
    treaty: Option<&str>,
    chapter: Option<&str>,
    page: usize,
) -> minijinja::Value {
    let corpus = &state.concord.corpus;
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let hits: Vec<HitView> = r
        .hits
        .iter()
        .map(|h| {
            let t = corpus.treaty(&h.treaty);
            let article = t.and_then(|t| {
                h.article
                    .parse()
                    .ok()
                    .and_then(|n| t.article(n))
                    .map(|a| (t, a))
            });
            let (path, anchor) = h
                .url
                .split_once('#')
                .map_or((h.url.as_str(), ""), |(p, a)| (p, a));
            HitView {
                id: h.id.clone(),
                treaty: h.treaty.clone(),
                treaty_name: t.map_or_else(|| h.treaty.clone(), |t| t.meta.short_title.clone()),
                article: h.article.clone(),
                title: h.title.clone(),
                chapter: article
                    .and_then(|(t, a)| t.divisions_of(a).first().map(|d| d.heading.clone())),
                href: if anchor.is_empty() {
                    format!("{path}?hl={}", enc(q))
                } else {
                    format!("{path}?hl={}#{anchor}", enc(q))
                },
                citation: article
                    .map(|(t, a)| {
                        Resolved {
                            treaty: t,
                            article: Some(a),
                            block: None,
                            preamble: false,
                        }
                        .citation()
                    })
                    .unwrap_or_default(),
                snippet: html(&spans(&h.snippet, &h.highlights)),
                subjects: h.subjects.clone(),
                asked: h.asked.clone(),
                score: h.score,
            }
        })
        .collect();
    let base = |treaty: Option<&str>, chapter: Option<&str>| {
        let mut href = format!("/search?q={}", enc(q));
        if let Some(t) = treaty {
            href.push_str(&format!("&treaty={}", enc(t)));
        }
        if let Some(c) = chapter {
            href.push_str(&format!("&chapter={}", enc(c)));
        }
        href
    };
    // A treaty typed in the query ("illegal access treaty:uncc") is chosen as the treaty
    // links choose one: a link to another treaty replaces it, in the query, so the box shows
    // what is searched. Read from the query as searched: cut when too long, without a
    // treaty no corpus has.
    let (untyped, typed) = typed_treaty_filters(&r.query);
    let mut typed: Vec<String> = typed
        .iter()
        .filter_map(|t| corpus.treaty(t))
        .map(|t| t.meta.id.clone())
        .collect();
    typed.sort();
    typed.dedup();
    let choose = |id: &str| {
        if typed.is_empty() {
            base(Some(id), None)
        } else {
            format!("/search?q={}", enc(format!("{untyped} treaty:{id}").trim()))
        }
    };
    // Chosen and typed filters add up: every treaty searched is marked.
    let chosen = treaty.and_then(|t| corpus.treaty(t)).map(|t| &t.meta.id);
    let selected = |id: &String| chosen == Some(id) || typed.contains(id);
    let facets: Vec<Facet> = corpus
        .treaties
        .iter()
        .filter_map(|t| {
            let count = *r.facets.get(&t.meta.id)?;
            Some(Facet {
                id: t.meta.id.clone(),
                name: t.meta.short_title.clone(),
                count,
                href: choose(&t.meta.id),
                selected: selected(&t.meta.id),
            })
        })
        .collect();
    let all_treaties_href = if typed.is_empty() {
        treaty.map(|_| base(None, None))
    } else {
        // A query of the filter alone, or of words left out, has nothing to search
        // everywhere.
        has_words(&untyped).then(|| format!("/search?q={}", enc(&untyped)))
    };
    // Chapters: the outermost divisions, named by their headings.
    let chapters: Vec<Facet> = r
        .chapters
        .iter()
        .filter(|(k, _)| !k.contains("__"))
        .filter_map(|(key, count)| {
            let (tid, eid) = key.split_once(':')?;
            let t = corpus.treaty(tid)?;
            let d = t.divisions.iter().find(|d| d.eid == eid)?;
            Some(Facet {
                id: key.clone(),
                name: format!("{} – {}", t.meta.short_title, d.heading),
                count: *count,
                href: base(Some(tid), Some(key)),
                selected: chapter == Some(key.as_str()),
            })
        })
        .collect();
    let pages = r.total.div_ceil(PAGE_SIZE).max(1);
    let page_href = |p: usize| format!("{}&page={p}", base(treaty, chapter));
    let expansions: Vec<(String, Vec<String>)> = r
        .expansions
        .iter()
        .filter(|e| !e.terms.is_empty())
        .map(|e| (e.matched.clone(), e.terms.clone()))
        .collect();
    context! {
        total => r.total,
        took_ms => format!("{:.1}", r.took.as_secs_f64() * 1e3),
        hits => hits,
        facets => facets,
        chapters => chapters,
        page => page,
        pages => pages,
        first => (page - 1) * PAGE_SIZE + 1,
        prev => (page > 1).then(|| page_href(page - 1)),
        next => (page < pages).then(|| page_href(page + 1)),
        did_you_mean => r.did_you_mean.as_ref().map(|d| {
            let mut href = format!("/search?q={}", enc(d));
            href.push_str(&base(treaty, chapter)[format!("/search?q={}", enc(q)).len()..]);
            (d.clone(), href)
        }),
        expansions => expansions,
        warnings => &r.warnings,
        all_treaties_href => all_treaties_href,
    }
}

/// A treaty named by id or alias, or the 404 page listing the treaties.
/// Boxed: the error page is large and rare.
fn find_treaty<'a>(state: &'a AppState, id: &str) -> Result<&'a Treaty, Box<Response>> {
    state.concord.corpus.treaty(id).ok_or_else(|| {
        let links = state
            .concord
            .corpus
            .treaties
            .iter()
            .map(|t| Link::new(format!("/{}", t.meta.id), t.meta.short_title.clone()))
            .collect();
        Box::new(error_page(
            state,
            PageError {
                status: StatusCode::NOT_FOUND,
                title: "No such treaty".into(),
                message: format!(
                    "There is no treaty {id:?} here. Concord holds these instruments:"
                ),
                links,
                query: Some(id.to_string()),
            },
        ))
    })
}

#[derive(Serialize)]
struct ContentsEntry {
    depth: usize,
    kind: &'static str,
    text: String,
    number: String,
    href: String,
}

pub async fn treaty(State(live): State<Live>, Path(id): Path<String>) -> Response {
    let state = live.current();
    let t = match find_treaty(&state, &id) {
        Ok(t) => t,
        Err(page) => return *page,
    };
    if t.meta.id != id {
        return Redirect::permanent(&format!("/{}", t.meta.id)).into_response();
    }
    let contents: Vec<ContentsEntry> = t
        .contents()
        .into_iter()
        .map(|(depth, entry)| match entry {
            Entry::Division(d) => ContentsEntry {
                depth,
                kind: "division",
                text: d.heading.clone(),
                number: String::new(),
                href: String::new(),
            },
            Entry::Article(a) => ContentsEntry {
                depth,
                kind: "article",
                text: a.title.clone(),
                number: a.number.to_string(),
                href: format!("/{}/art/{}", t.meta.id, a.number),
            },
        })
        .collect();
    let footnotes: Vec<(&str, &str)> = t
        .footnotes
        .iter()
        .map(|n| (n.eid.as_str(), n.text.as_str()))
        .collect();
    let testimonium: Vec<&str> = t.testimonium.iter().map(|b| b.text.as_str()).collect();
    render(
        &state,
        StatusCode::OK,
        "treaty.html",
        context! {
            treaty => card(t),
            meta => &t.meta,
            heading => &t.heading,
            has_preamble => !t.preamble.is_empty(),
            contents => contents,
            testimonium => testimonium,
            footnotes => footnotes,
        },
    )
}

#[derive(Serialize)]
struct BlockView {
    eid: String,
    depth: usize,
    kind: BlockKind,
    num: Option<String>,
    /// HTML.
    spans: minijinja::Value,
}

fn blocks_view(
    state: &AppState,
    treaty: &Treaty,
    article: &Article,
    wanted: &Terms,
) -> Vec<BlockView> {
    article
        .walk()
        .into_iter()
        .map(|(depth, b)| {
            let refs = state
                .concord
                .xrefs
                .in_block(&treaty.meta.id, article.number, &b.eid);
            BlockView {
                eid: b.eid.clone(),
                depth,
                kind: b.kind,
                num: b.num.clone(),
                spans: html(&linked(&b.text, wanted, &links(refs))),
            }
        })
        .collect()
}

/// The links for a provision's cross-references: to the first provision or chapter cited,
/// titled with everything the reference names.
fn links(refs: &[Reference]) -> Vec<TextLink> {
    refs.iter()
        .filter_map(|r| {
            let href = r.targets.iter().find_map(|t| match t {
                XTarget::Provision(p) => Some(p.url.clone()),
                XTarget::Division { url, .. } => Some(url.clone()),
                _ => None,
            })?;
            let names: Vec<String> = r
                .targets
                .iter()
                .filter_map(|t| match t {
                    XTarget::Provision(p) => Some(p.id.clone()),
                    XTarget::Division { heading, .. } => Some(heading.clone()),
                    _ => None,
                })
                .collect();
            Some(TextLink {
                range: r.location.range.clone(),
                href,
                title: names.join(", "),
            })
        })
        .collect()
}

/// The full URL of a page for the cite box: from the configured base URL, else from the
/// request's Host (and X-Forwarded-Proto behind a proxy), else the path alone.
fn absolute(state: &AppState, headers: &HeaderMap, path: &str) -> String {
    if let Some(base) = &state.base_url {
        return format!("{}{path}", base.trim_end_matches('/'));
    }
    let header = |name: &str| headers.get(name).and_then(|h| h.to_str().ok());
    let host = header("host").filter(|h| {
        h.len() < 256
            && h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
    });
    let scheme = match header("x-forwarded-proto") {
        Some("https") => "https",
        _ => "http",
    };
    match host {
        Some(host) => format!("{scheme}://{host}{path}"),
        None => path.to_string(),
    }
}

pub async fn article(
    State(live): State<Live>,
    Path((id, n)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let state = live.current();
    let (t, a) = match find_article(&state, &id, &n) {
        Ok(found) => found,
        Err(page) => return *page,
    };
    if t.meta.id != id || n != a.number.to_string() {
        let query = raw.map(|q| format!("?{q}")).unwrap_or_default();
        return Redirect::permanent(&format!("/{}/art/{}{query}", t.meta.id, a.number))
            .into_response();
    }
    let params = Params::new(raw);
    let hl = params
        .get("hl")
        .unwrap_or("")
        .chars()
        .take(MAX_QUERY_BYTES)
        .collect::<String>();
    let wanted = state.concord.engine.highlight_terms(&hl);
    let resolved = Resolved {
        treaty: t,
        article: Some(a),
        block: None,
        preamble: false,
    };
    let path = resolved.url();
    let prev = t
        .articles
        .iter()
        .rev()
        .find(|x| x.number < a.number)
        .map(|x| {
            (
                format!("/{}/art/{}", t.meta.id, x.number),
                x.number,
                x.title.clone(),
            )
        });
    let next = t.articles.iter().find(|x| x.number > a.number).map(|x| {
        (
            format!("/{}/art/{}", t.meta.id, x.number),
            x.number,
            x.title.clone(),
        )
    });
    let divisions: Vec<&str> = t
        .divisions_of(a)
        .iter()
        .map(|d| d.heading.as_str())
        .collect();
    let corresponds = corresponds(&state, t, a);
    let (cites, cited_by) =
        crate::views::citations(&state.concord.corpus, &state.concord.xrefs, t, a);
    let similar: Vec<minijinja::Value> = state
        .similar()
        .similar(&t.meta.id, a.number, 2)
        .into_iter()
        .map(|s| {
            let name = state.concord.corpus.treaty(&s.treaty).map(|t| t.meta.short_title.clone()).unwrap_or_default();
            context! {
                id => &s.id, number => s.article, title => &s.title, treaty => &s.treaty, treaty_name => name,
                score => format!("{:.2}", s.score),
                href => format!("/{}/art/{}#{}", s.treaty, s.article, s.paragraph),
                compare => format!("/compare?p={}:{}&p={}", t.meta.id, a.number, s.id),
            }
        })
        .collect();
    let notes: Vec<(String, String, minijinja::Value)> = a
        .notes
        .iter()
        .map(|n| {
            let refs = state.concord.xrefs.in_block(&t.meta.id, a.number, &n.eid);
            (
                n.eid.clone(),
                n.heading.clone(),
                html(&linked(&n.text, &wanted, &links(refs))),
            )
        })
        .collect();
    render(
        &state,
        StatusCode::OK,
        "article.html",
        context! {
            treaty => card(t),
            article => context! { number => a.number, title => &a.title, heading => &a.heading, eid => &a.eid },
            blocks => blocks_view(&state, t, a, &wanted),
            divisions => divisions,
            notes => notes,
            citation => resolved.citation(),
            url => absolute(&state, &headers, &path),
            path => path,
            prev => prev,
            next => next,
            hl => hl,
            corresponds => corresponds,
            similar => similar,
            cites => cites,
            cited_by => cited_by,
        },
    )
}

/// The concordance rows naming this article: subject, topic, and the counterparts in the
/// other frameworks with a link comparing them.
fn corresponds(state: &AppState, t: &Treaty, a: &Article) -> Vec<minijinja::Value> {
    let corpus = &state.concord.corpus;
    corpus
        .concordance
        .rows_for(&t.meta.id, a.number)
        .map(|row| {
            let own: Vec<&str> = row.provisions.iter().filter(|p| p.treaty == t.meta.id && p.article == a.number).map(|p| p.id.as_str()).collect();
            let others: Vec<minijinja::Value> = row
                .provisions
                .iter()
                .filter(|p| p.treaty != t.meta.id)
                .map(|p| {
                    let url = crate::corpus::ProvisionId::parse(&p.id).ok().and_then(|x| x.resolve(corpus).ok()).map(|r| r.url()).unwrap_or_default();
                    let name = corpus.treaty(&p.treaty).map(|t| t.meta.short_title.clone()).unwrap_or_default();
                    let label = p.id.split_once(':').map_or(p.id.as_str(), |(_, l)| l);
                    context! { id => &p.id, label => label, url => url, kind => p.kind.as_str(), treaty => &p.treaty, treaty_name => name }
                })
                .collect();
            let mut picks: Vec<&str> = own.first().copied().into_iter().collect();
            let mut seen = vec![t.meta.id.as_str()];
            for p in &row.provisions {
                if picks.len() < 3 && !seen.contains(&p.treaty.as_str()) {
                    seen.push(&p.treaty);
                    picks.push(&p.id);
                }
            }
            let compare = (picks.len() >= 2).then(|| {
                let q: Vec<String> = picks.iter().map(|p| format!("p={}", form_urlencoded::byte_serialize(p.as_bytes()).collect::<String>())).collect();
                format!("/compare?{}", q.join("&"))
            });
            let topic = corpus.concordance.topic(&row.topic).map(|t| (t.id.clone(), t.title.clone()));
            context! { subject => &row.subject, own => own, others => others, compare => compare, topic => topic }
        })
        .collect()
}

/// The article a page's path names, or the 404 page saying what exists.
fn find_article<'a>(
    state: &'a AppState,
    id: &str,
    n: &str,
) -> Result<(&'a Treaty, &'a Article), Box<Response>> {
    let t = find_treaty(state, id)?;
    match n
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(|number| t.article(number))
    {
        Some(a) => Ok((t, a)),
        None => Err(Box::new(no_article(state, t, n))),
    }
}

fn no_article(state: &AppState, t: &Treaty, given: &str) -> Response {
    let shown: String = given.chars().take(40).collect();
    let mut links = vec![Link::new(
        format!("/{}", t.meta.id),
        format!("Contents of the {}", t.meta.short_title),
    )];
    if let (Some(first), Some(last)) = (t.articles.first(), t.articles.last()) {
        links.push(Link::new(
            format!("/{}/art/{}", t.meta.id, first.number),
            format!("Article {} – {}", first.number, first.title),
        ));
        links.push(Link::new(
            format!("/{}/art/{}", t.meta.id, last.number),
            format!("Article {} – {}", last.number, last.title),
        ));
    }
    error_page(
        state,
        PageError {
            status: StatusCode::NOT_FOUND,
            title: "No such article".into(),
            message: format!(
                "The {} has no article {shown:?}: it has {}.",
                t.meta.short_title,
                t.article_range()
            ),
            links,
            query: Some(shown),
        },
    )
}

pub async fn paragraph(
    State(live): State<Live>,
    Path((id, n, p)): Path<(String, String, String)>,
) -> Response {
    let state = live.current();
    let (t, a) = match find_article(&state, &id, &n) {
        Ok(found) => found,
        Err(page) => return *page,
    };
    let eid = format!("{}__para_{}", a.eid, p.trim());
    if a.block(&eid).is_none() {
        let numbered: Vec<String> = a.blocks.iter().filter_map(|b| b.label.clone()).collect();
        return error_page(
            &state,
            PageError {
                status: StatusCode::NOT_FOUND,
                title: "No such paragraph".into(),
                message: format!(
                    "Article {} of the {} has no paragraph {:?}{}",
                    a.number,
                    t.meta.short_title,
                    p.chars().take(20).collect::<String>(),
                    if numbered.is_empty() {
                        ": its paragraphs are not numbered.".to_string()
                    } else {
                        format!(": its paragraphs are {}.", numbered.join(", "))
                    }
                ),
                links: vec![Link::new(
                    format!("/{}/art/{}", t.meta.id, a.number),
                    format!("Article {} – {}", a.number, a.title),
                )],
                query: None,
            },
        );
    }
    Redirect::permanent(&format!("/{}/art/{}#{eid}", t.meta.id, a.number)).into_response()
}

pub async fn preamble(
    State(live): State<Live>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let state = live.current();
    let t = match find_treaty(&state, &id) {
        Ok(t) => t,
        Err(page) => return *page,
    };
    if t.meta.id != id {
        let query = raw.map(|q| format!("?{q}")).unwrap_or_default();
        return Redirect::permanent(&format!("/{}/preamble{query}", t.meta.id)).into_response();
    }
    let hl: String = Params::new(raw)
        .get("hl")
        .unwrap_or("")
        .chars()
        .take(MAX_QUERY_BYTES)
        .collect();
    let wanted = state.concord.engine.highlight_terms(&hl);
    let recitals: Vec<(String, minijinja::Value)> = t
        .preamble
        .iter()
        .map(|b| (b.eid.clone(), html(&marked(&b.text, &wanted))))
        .collect();
    render(
        &state,
        StatusCode::OK,
        "preamble.html",
        context! { treaty => card(t), recitals => recitals },
    )
}

/// A path whose percent-encoding does not decode to UTF-8 names nothing here: it gets the
/// site's 400 (a page, or the API's JSON error) instead of the router's bare text.
pub async fn reject_undecodable_paths(
    State(live): State<Live>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    if percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .is_ok()
    {
        return next.run(request).await;
    }
    let message = "The address is not valid: its percent-encoded characters are not UTF-8 text.";
    if path.starts_with("/api/") {
        return super::ApiError::new(StatusCode::BAD_REQUEST, "bad_path", message).into_response();
    }
    let state = live.current();
    error_page(
        &state,
        PageError {
            status: StatusCode::BAD_REQUEST,
            title: "Bad address".into(),
            message: message.into(),
            links: vec![Link::new("/", "Home")],
            query: None,
        },
    )
}

pub async fn not_found(State(live): State<Live>, uri: axum::http::Uri) -> Response {
    let state = live.current();
    let path: String = uri.path().chars().take(80).collect();
    let words = path
        .split(['/', '-', '_', '.'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    error_page(
        &state,
        PageError {
            status: StatusCode::NOT_FOUND,
            title: "Page not found".into(),
            message: format!(
                "There is no page at {path:?}. Search the treaties, or open one of them:"
            ),
            links: state
                .concord
                .corpus
                .treaties
                .iter()
                .map(|t| Link::new(format!("/{}", t.meta.id), t.meta.short_title.clone()))
                .collect(),
            query: (!words.is_empty()).then_some(words),
        },
    )
}

pub async fn method_not_allowed(State(live): State<Live>) -> Response {
    let state = live.current();
    let mut response = error_page(
        &state,
        PageError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            title: "Method not allowed".into(),
            message: "Concord's pages are read with GET.".into(),
            links: vec![Link::new("/", "Home")],
            query: None,
        },
    );
    response.headers_mut().insert(
        header::ALLOW,
        axum::http::HeaderValue::from_static("GET, HEAD"),
    );
    response
}
