//! The corpus as the engine reads it at query time. Every paragraph is analysed once, when the
//! engine opens, into numbered stems with the byte range of the word each comes from, so that
//! choosing a hit's best paragraph and marking what matched is a scan of small integers rather
//! than a second run of the stemmer over the article.

use std::collections::HashMap;
use std::ops::Range;

use super::analysis::tokens;
use super::snippet::{Matcher, Snippet, Terms, cut};
use crate::corpus::{Block, Corpus};

/// A stem, numbered.
pub type StemId = u32;

/// The stems of the corpus, numbered in the order they were first seen.
#[derive(Debug, Default)]
pub struct Stems {
    ids: HashMap<String, StemId>,
}

impl Stems {
    fn intern(&mut self, stem: String) -> StemId {
        let next = self.ids.len() as StemId;
        *self.ids.entry(stem).or_insert(next)
    }

    pub fn get(&self, stem: &str) -> Option<StemId> {
        self.ids.get(stem).copied()
    }
}

/// A paragraph, point or recital: its text as the source prints it, analysed.
#[derive(Debug)]
pub struct Paragraph {
    pub eid: String,
    pub text: String,
    pub tokens: Vec<(StemId, Range<usize>)>,
}

#[derive(Debug)]
pub enum Kind {
    Article { number: u32, title: String },
    Preamble,
}

/// One document of the index: an article or a treaty's preamble.
#[derive(Debug)]
pub struct Document {
    /// `budapest:2`, `uncc:preamble`.
    pub id: String,
    /// The treaty, as its position in [`Prepared::treaties`].
    pub treaty: usize,
    /// The divisions it sits in, as positions in [`Prepared::divisions`].
    pub divisions: Vec<usize>,
    pub kind: Kind,
    pub paragraphs: Vec<Paragraph>,
}

impl Document {
    /// The paragraph that matches `terms` best (the first on ties, the first of all when none
    /// matches), with what matched marked.
    pub fn best_paragraph(&self, terms: &Compiled) -> Option<Snippet> {
        let mut best: Option<(f32, &Paragraph)> = None;
        for p in &self.paragraphs {
            let score = terms.score(&p.tokens, None);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, p));
            }
        }
        best.map(|(_, p)| p.snippet(terms))
    }

    pub fn paragraph(&self, eid: &str) -> Option<&Paragraph> {
        self.paragraphs.iter().find(|p| p.eid == eid)
    }
}

impl Paragraph {
    /// The paragraph's text, cut around the first match, with the matches marked.
    pub fn snippet(&self, terms: &Compiled) -> Snippet {
        let mut marked = Vec::new();
        terms.score(&self.tokens, Some(&mut marked));
        cut(&self.eid, &self.text, &self.tokens, &marked)
    }
}

/// Query terms in numbered stems. A stem the corpus does not have cannot match a paragraph
/// and is left out, with any wording that contains it.
#[derive(Debug, Default)]
pub struct Compiled {
    words: Vec<(StemId, f32)>,
    phrases: Vec<(Vec<StemId>, f32)>,
    /// One bit per stem of the corpus: set for the words and the first stems of wordings.
    candidates: Vec<u64>,
}

impl Compiled {
    fn score(&self, tokens: &[(StemId, Range<usize>)], marked: Option<&mut Vec<bool>>) -> f32 {
        let matcher = Matcher {
            words: &self.words,
            phrases: &self.phrases,
        };
        let candidate = |&id: &StemId| {
            let id = id as usize;
            self.candidates
                .get(id / 64)
                .is_some_and(|bits| bits & (1 << (id % 64)) != 0)
        };
        matcher.score(tokens, candidate, marked)
    }
}

/// Every document of the corpus, analysed, with the names the facets count.
#[derive(Debug, Default)]
pub struct Prepared {
    pub stems: Stems,
    pub docs: Vec<Document>,
    /// Treaty ids, in corpus order.
    pub treaties: Vec<String>,
    /// Divisions as `treaty:eid`.
    pub divisions: Vec<String>,
    by_id: HashMap<String, usize>,
}

impl Prepared {
    pub fn new(corpus: &Corpus) -> Self {
        let mut p = Prepared::default();
        let mut division_ids: HashMap<String, usize> = HashMap::new();
        for (t, treaty) in corpus.treaties.iter().enumerate() {
            let id = &treaty.meta.id;
            p.treaties.push(id.clone());
            if !treaty.preamble.is_empty() {
                let paragraphs = treaty
                    .preamble
                    .iter()
                    .map(|b| p.paragraph(b, b.text.clone()))
                    .collect();
                p.push(Document {
                    id: format!("{id}:preamble"),
                    treaty: t,
                    divisions: Vec::new(),
                    kind: Kind::Preamble,
                    paragraphs,
                });
            }
            for article in &treaty.articles {
                let divisions = treaty
                    .divisions_of(article)
                    .into_iter()
                    .map(|d| {
                        let name = format!("{id}:{}", d.eid);
                        let next = p.divisions.len();
                        *division_ids.entry(name.clone()).or_insert_with(|| {
                            p.divisions.push(name);
                            next
                        })
                    })
                    .collect();
                let paragraphs = article
                    .walk()
                    .into_iter()
                    .map(|(_, b)| p.paragraph(b, b.source_line()))
                    .collect();
                p.push(Document {
                    id: format!("{id}:{}", article.number),
                    treaty: t,
                    divisions,
                    kind: Kind::Article {
                        number: article.number,
                        title: article.title.clone(),
                    },
                    paragraphs,
                });
            }
        }
        p
    }

    fn paragraph(&mut self, block: &Block, text: String) -> Paragraph {
        let tokens = tokens(&text)
            .into_iter()
            .map(|(stem, range)| (self.stems.intern(stem), range))
            .collect();
        Paragraph {
            eid: block.eid.clone(),
            text,
            tokens,
        }
    }

    fn push(&mut self, doc: Document) {
        self.by_id.insert(doc.id.clone(), self.docs.len());
        self.docs.push(doc);
    }

    /// The position of the document with this id (`budapest:2`).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn compile(&self, terms: &Terms) -> Compiled {
        // Words in a fixed order, so that equal queries score exactly alike.
        let mut words: Vec<(StemId, f32)> = terms
            .words
            .iter()
            .filter_map(|(w, weight)| Some((self.stems.get(w)?, *weight)))
            .collect();
        words.sort_by_key(|(id, _)| *id);
        let phrases: Vec<(Vec<StemId>, f32)> = terms
            .phrases
            .iter()
            .filter_map(|(phrase, weight)| {
                let ids: Option<Vec<StemId>> = phrase.iter().map(|s| self.stems.get(s)).collect();
                Some((ids.filter(|ids| !ids.is_empty())?, *weight))
            })
            .collect();
        let mut candidates = vec![0u64; self.stems.ids.len().div_ceil(64)];
        let firsts = phrases
            .iter()
            .filter_map(|(p, _): &(Vec<StemId>, f32)| p.first());
        for &id in words.iter().map(|(id, _)| id).chain(firsts) {
            candidates[id as usize / 64] |= 1 << (id % 64);
        }
        Compiled {
            words,
            phrases,
            candidates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::snippet::best_paragraph;

    fn corpus() -> Corpus {
        crate::corpus::load(crate::default_corpus_dir()).expect("the corpus loads")
    }

    #[test]
    fn every_article_and_preamble_is_a_document() {
        let corpus = corpus();
        let p = Prepared::new(&corpus);
        let articles = corpus.articles().count();
        let preambles = corpus
            .treaties
            .iter()
            .filter(|t| !t.preamble.is_empty())
            .count();
        assert_eq!(p.docs.len(), articles + preambles);
        let doc = &p.docs[p.position("uncc:22").expect("uncc:22 is prepared")];
        assert!(p.divisions[doc.divisions[0]].starts_with("uncc:chp_"));
    }

    /// The prepared paragraphs pick and mark exactly what analysing the text at query time
    /// picks and marks.
    #[test]
    fn prepared_snippets_equal_analysed_ones() {
        let corpus = corpus();
        let p = Prepared::new(&corpus);
        let mut terms = Terms::default();
        terms.words.insert("data".into(), 1.0);
        terms.words.insert("preserv".into(), 2.0);
        terms.words.insert("nosuchstem".into(), 5.0);
        terms
            .phrases
            .push((vec!["traffic".into(), "data".into()], 1.5));
        let compiled = p.compile(&terms);
        for (treaty, article) in corpus.articles() {
            let doc = &p.docs[p
                .position(&format!("{}:{}", treaty.meta.id, article.number))
                .expect("prepared")];
            assert_eq!(
                doc.best_paragraph(&compiled),
                Some(best_paragraph(article, &terms)),
                "{}:{}",
                treaty.meta.id,
                article.number
            );
        }
    }
}
