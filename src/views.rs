//! Serialisable views of the corpus shared by `concord show --json` and the JSON API, so both
//! print the same shapes.

use serde::Serialize;

use crate::corpus::{Article, Block, Corpus, Note, Resolved, Treaty, TreatyMeta};
use crate::xref::{CrossReferences, Target, Within};

#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    pub id: String,
    pub treaty: &'a str,
    pub number: String,
    pub title: &'a str,
    /// The chapter, section and title headings the article sits in, outermost first.
    pub divisions: Vec<&'a str>,
    /// The full text as in the source, paragraph numbers and all.
    pub text: String,
    pub paragraphs: &'a [Block],
    pub notes: &'a [Note],
    pub citation: String,
    pub url: String,
    /// What the article cites: provisions, chapters, other instruments.
    pub cites: Vec<CiteView>,
    /// The provisions, notes and footnotes that cite it, with the words they use.
    pub cited_by: Vec<CitedByView>,
}

/// Something an article cites.
#[derive(Debug, Clone, Serialize)]
pub struct CiteView {
    /// `uncc:7`, a chapter heading, or "Article 102 of the Charter of the United Nations".
    pub id: String,
    /// Where it is in Concord; none for other instruments.
    pub url: Option<String>,
    pub title: Option<String>,
    /// Set when it is in another instrument of the corpus.
    pub treaty_name: Option<String>,
}

/// A place that cites an article.
#[derive(Debug, Clone, Serialize)]
pub struct CitedByView {
    /// The citing provision (`uncc:11(1)(a)(i)`), or the note or footnote.
    pub id: String,
    /// How a person reads it: "art. 11(1)(a)(i)", "interpretative note 4", "footnote 1".
    pub label: String,
    /// The citing article, when the reference stands in one.
    pub article: Option<String>,
    pub title: Option<String>,
    /// Element id of the citing paragraph, note or footnote.
    pub paragraph: String,
    pub url: String,
    /// The words of the reference: "articles 7 to 10 of this Convention".
    pub text: String,
    /// Set when it is in another instrument of the corpus.
    pub treaty_name: Option<String>,
}

/// What an article cites (its own paragraphs left out, each once) and what cites it (its own
/// text left out, each citing provision once).
pub fn citations(
    corpus: &Corpus,
    xrefs: &CrossReferences,
    treaty: &Treaty,
    article: &Article,
) -> (Vec<CiteView>, Vec<CitedByView>) {
    let id = treaty.meta.id.as_str();
    let other = |t: &str| {
        (t != id)
            .then(|| corpus.treaty(t).map(|t| t.meta.short_title.clone()))
            .flatten()
    };
    let title_of = |t: &str, n: u32| {
        corpus
            .treaty(t)
            .and_then(|t| t.article(n))
            .map(|a| a.title.clone())
    };
    let cites = xrefs
        .cites(id, article.number)
        .into_iter()
        .filter_map(|target| match target {
            Target::Provision(p) if p.treaty == id && p.article == article.number => None,
            Target::Provision(p) => Some(CiteView {
                id: p.id.clone(),
                url: Some(p.url.clone()),
                title: title_of(&p.treaty, p.article),
                treaty_name: other(&p.treaty),
            }),
            Target::Division { heading, url, .. } => Some(CiteView {
                id: heading.clone(),
                url: Some(url.clone()),
                title: None,
                treaty_name: None,
            }),
            Target::External { name, cited } => Some(CiteView {
                id: format!("{cited} of the {name}"),
                url: None,
                title: None,
                treaty_name: None,
            }),
            Target::Unresolved { .. } => None,
        })
        .collect();
    let mut cited_by: Vec<CitedByView> = Vec::new();
    for c in xrefs.cited_by(id, article.number) {
        let loc = &c.reference.location;
        let Some(t) = corpus.treaty(&loc.treaty) else {
            continue;
        };
        let view = match (loc.within, loc.article.and_then(|n| t.article(n))) {
            (Within::Note, Some(a)) => {
                let number = a
                    .notes
                    .iter()
                    .find(|n| n.eid == loc.eid)
                    .and_then(|n| n.number.clone())
                    .unwrap_or_default();
                CitedByView {
                    id: format!("{}:{} note {number}", t.meta.id, a.number),
                    label: format!("interpretative note {number}"),
                    article: None,
                    title: None,
                    paragraph: loc.eid.clone(),
                    url: format!("/{}/art/{}#{}", t.meta.id, a.number, loc.eid),
                    text: c.reference.text.clone(),
                    treaty_name: other(&t.meta.id),
                }
            }
            (Within::Block, Some(a)) => {
                let block = a.block(&loc.eid);
                let resolved = Resolved {
                    treaty: t,
                    article: Some(a),
                    block,
                    preamble: false,
                };
                let canonical = resolved.canonical();
                CitedByView {
                    label: format!("art. {}", canonical.split_once(':').map_or("", |(_, r)| r)),
                    id: canonical,
                    article: Some(format!("{}:{}", t.meta.id, a.number)),
                    title: Some(a.title.clone()),
                    paragraph: loc.eid.clone(),
                    url: format!("/{}/art/{}#{}", t.meta.id, a.number, loc.eid),
                    text: c.reference.text.clone(),
                    treaty_name: other(&t.meta.id),
                }
            }
            (within, _) => {
                let (label, page) = match within {
                    Within::Preamble => {
                        ("preamble".to_string(), format!("/{}/preamble", t.meta.id))
                    }
                    Within::Footnote => {
                        let n = t
                            .footnotes
                            .iter()
                            .position(|f| f.eid == loc.eid)
                            .map_or(0, |i| i + 1);
                        (format!("footnote {n}"), format!("/{}", t.meta.id))
                    }
                    _ => ("testimonium".to_string(), format!("/{}", t.meta.id)),
                };
                CitedByView {
                    id: format!("{}:{}", t.meta.id, loc.eid),
                    label,
                    article: None,
                    title: None,
                    paragraph: loc.eid.clone(),
                    url: format!("{page}#{}", loc.eid),
                    text: c.reference.text.clone(),
                    treaty_name: other(&t.meta.id),
                }
            }
        };
        if !cited_by.iter().any(|v| v.id == view.id) {
            cited_by.push(view);
        }
    }
    (cites, cited_by)
}

impl<'a> ArticleView<'a> {
    /// The article with its cross-references.
    pub fn with_citations(
        mut self,
        corpus: &Corpus,
        xrefs: &CrossReferences,
        treaty: &Treaty,
        article: &Article,
    ) -> Self {
        (self.cites, self.cited_by) = citations(corpus, xrefs, treaty, article);
        self
    }

    pub fn new(treaty: &'a Treaty, article: &'a Article) -> Self {
        let resolved = Resolved {
            treaty,
            article: Some(article),
            block: None,
            preamble: false,
        };
        ArticleView {
            id: format!("{}:{}", treaty.meta.id, article.number),
            treaty: &treaty.meta.id,
            number: article.number.to_string(),
            title: &article.title,
            divisions: treaty
                .divisions_of(article)
                .iter()
                .map(|d| d.heading.as_str())
                .collect(),
            text: article.text(),
            paragraphs: &article.blocks,
            notes: &article.notes,
            citation: resolved.citation(),
            url: resolved.url(),
            cites: Vec::new(),
            cited_by: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TreatyView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub short_title: &'a str,
    pub meta: &'a TreatyMeta,
    pub preamble: Vec<&'a str>,
    pub articles: Vec<ArticleView<'a>>,
    pub testimonium: Vec<&'a str>,
    pub url: String,
}

impl<'a> TreatyView<'a> {
    pub fn new(treaty: &'a Treaty) -> Self {
        TreatyView {
            id: &treaty.meta.id,
            title: &treaty.meta.title,
            short_title: &treaty.meta.short_title,
            meta: &treaty.meta,
            preamble: treaty.preamble.iter().map(|b| b.text.as_str()).collect(),
            articles: treaty
                .articles
                .iter()
                .map(|a| ArticleView::new(treaty, a))
                .collect(),
            testimonium: treaty.testimonium.iter().map(|b| b.text.as_str()).collect(),
            url: format!("/{}", treaty.meta.id),
        }
    }
}

/// A paragraph or point with where it sits.
#[derive(Debug, Serialize)]
pub struct ProvisionView<'a> {
    pub id: String,
    pub article: String,
    pub title: &'a str,
    pub paragraph: &'a Block,
    /// The paragraph and everything in it, as in the source.
    pub text: String,
    pub citation: String,
    pub url: String,
}

impl<'a> ProvisionView<'a> {
    pub fn new(resolved: &Resolved<'a>, article: &'a Article, block: &'a Block) -> Self {
        ProvisionView {
            id: resolved.canonical(),
            article: format!("{}:{}", resolved.treaty.meta.id, article.number),
            title: &article.title,
            paragraph: block,
            text: block.full_text(),
            citation: resolved.citation(),
            url: resolved.url(),
        }
    }
}
