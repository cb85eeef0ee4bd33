//! Serialisable views of the corpus shared by `concord show --json` and the JSON API, so both
//! print the same shapes.

use serde::Serialize;

use crate::corpus::{Article, Block, Note, Resolved, Treaty, TreatyMeta};
use crate::xref::{CrossReferences, Target};

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
    pub cites: Vec<&'a Target>,
    /// The provisions that cite it, with the words they use.
    pub cited_by: Vec<CitedByView>,
}

#[derive(Debug, Serialize)]
pub struct CitedByView {
    /// Element id of the citing paragraph, and its article.
    pub paragraph: String,
    pub article: String,
    pub url: String,
    /// The words of the reference: "articles 7 to 10 of this Convention".
    pub text: String,
}

impl<'a> ArticleView<'a> {
    /// The article with its cross-references.
    pub fn with_citations(
        mut self,
        treaty: &'a Treaty,
        article: &'a Article,
        xrefs: &'a CrossReferences,
    ) -> Self {
        self.cites = xrefs.cites(&treaty.meta.id, article.number);
        self.cited_by = xrefs
            .cited_by(&treaty.meta.id, article.number)
            .into_iter()
            .filter_map(|c| {
                let loc = &c.reference.location;
                let n = loc.article?;
                Some(CitedByView {
                    paragraph: loc.eid.clone(),
                    article: format!("{}:{n}", loc.treaty),
                    url: format!("/{}/art/{n}#{}", loc.treaty, loc.eid),
                    text: c.reference.text.clone(),
                })
            })
            .collect();
        self
    }

    pub fn new(treaty: &'a Treaty, article: &'a Article) -> Self {
        let resolved = Resolved {
            treaty,
            article: Some(article),
            block: None,
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
