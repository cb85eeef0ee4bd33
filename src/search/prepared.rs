//! The corpus as the engine reads it at query time. Each document's paragraphs are analysed
//! once, the first time the document is a hit: into stems numbered within the document, with
//! the byte range of the word each comes from. Choosing a hit's best paragraph and marking
//! what matched is then a scan of small integers rather than a run of the stemmer.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::analysis::tokens;
use super::snippet::{Matcher, Snippet, Terms, cut};
use crate::corpus::{Block, Corpus};

/// A stem, numbered within its document.
type StemId = u32;

/// A paragraph, point or recital: its text as the source prints it, analysed.
#[derive(Debug)]
struct Paragraph {
    eid: String,
    text: String,
    tokens: Vec<(StemId, Range<usize>)>,
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
    /// The treaty, as its position in [`Prepared::treaties`] and in the corpus.
    pub treaty: usize,
    /// The divisions it sits in, as positions in [`Prepared::divisions`].
    pub divisions: Vec<usize>,
    pub kind: Kind,
    /// The article's position in its treaty; `None` for the preamble.
    article: Option<usize>,
    analysed: OnceLock<Analysed>,
}

/// A document's paragraphs, analysed, with the stems they use.
#[derive(Debug)]
struct Analysed {
    /// The document's stems, sorted: a stem's number is its position here.
    stems: Vec<String>,
    paragraphs: Vec<Paragraph>,
}

impl Document {
    /// The paragraph that matches `terms` best (the first on ties, the first of all when none
    /// matches), with what matched marked.
    pub fn best_paragraph(&self, corpus: &Corpus, terms: &Terms) -> Option<Snippet> {
        let analysed = self.analysed(corpus);
        let compiled = analysed.compile(terms);
        let mut best: Option<(f32, &Paragraph)> = None;
        for p in &analysed.paragraphs {
            let score = compiled.score(&p.tokens, None);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, p));
            }
        }
        best.map(|(_, p)| p.snippet(&compiled))
    }

    /// The paragraph or point `eid` with what matches `terms` marked.
    pub fn paragraph(&self, corpus: &Corpus, eid: &str, terms: &Terms) -> Option<Snippet> {
        let analysed = self.analysed(corpus);
        let p = analysed.paragraphs.iter().find(|p| p.eid == eid)?;
        Some(p.snippet(&analysed.compile(terms)))
    }

    fn analysed(&self, corpus: &Corpus) -> &Analysed {
        self.analysed.get_or_init(|| {
            let treaty = &corpus.treaties[self.treaty];
            let blocks: Vec<(&Block, String)> = match self.article {
                Some(i) => treaty.articles[i]
                    .walk()
                    .into_iter()
                    .map(|(_, b)| (b, b.source_line()))
                    .collect(),
                None => treaty
                    .preamble
                    .iter()
                    .map(|b| (b, b.text.clone()))
                    .collect(),
            };
            Analysed::new(blocks)
        })
    }
}

impl Analysed {
    fn new(blocks: Vec<(&Block, String)>) -> Self {
        let analysed: Vec<_> = blocks
            .into_iter()
            .map(|(b, text)| {
                let toks = tokens(&text);
                (b, text, toks)
            })
            .collect();
        let mut stems: Vec<String> = analysed
            .iter()
            .flat_map(|(_, _, toks)| toks.iter().map(|(s, _)| s.clone()))
            .collect();
        stems.sort_unstable();
        stems.dedup();
        let ids: HashMap<&str, StemId> = stems
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i as StemId))
            .collect();
        let paragraphs = analysed
            .into_iter()
            .map(|(b, text, toks)| Paragraph {
                eid: b.eid.clone(),
                tokens: toks
                    .into_iter()
                    .map(|(s, r)| (ids[s.as_str()], r))
                    .collect(),
                text,
            })
            .collect();
        Analysed { stems, paragraphs }
    }

    fn id(&self, stem: &str) -> Option<StemId> {
        self.stems
            .binary_search_by(|s| s.as_str().cmp(stem))
            .ok()
            .map(|i| i as StemId)
    }

    /// The query terms in this document's numbers. A stem the document does not have cannot
    /// match and is left out, with any wording that contains it.
    fn compile(&self, terms: &Terms) -> Compiled {
        // Words in a fixed order, so that equal queries score exactly alike.
        let mut words: Vec<(StemId, f32)> = terms
            .words
            .iter()
            .filter_map(|(w, weight)| Some((self.id(w)?, *weight)))
            .collect();
        words.sort_by_key(|(id, _)| *id);
        let phrases: Vec<(Vec<StemId>, f32)> = terms
            .phrases
            .iter()
            .filter_map(|(phrase, weight)| {
                let ids: Option<Vec<StemId>> = phrase.iter().map(|s| self.id(s)).collect();
                Some((ids.filter(|ids| !ids.is_empty())?, *weight))
            })
            .collect();
        let mut candidates = vec![0u64; self.stems.len().div_ceil(64)];
        let firsts = phrases.iter().filter_map(|(p, _)| p.first());
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

impl Paragraph {
    /// The paragraph's text, cut around the first match, with the matches marked.
    fn snippet(&self, terms: &Compiled) -> Snippet {
        let mut marked = Vec::new();
        terms.score(&self.tokens, Some(&mut marked));
        cut(&self.eid, &self.text, &self.tokens, &marked)
    }
}

/// Query terms in one document's stem numbers.
#[derive(Debug, Default)]
struct Compiled {
    words: Vec<(StemId, f32)>,
    phrases: Vec<(Vec<StemId>, f32)>,
    /// One bit per stem of the document: set for the words and the first stems of wordings.
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

/// Every document of the corpus, with the names the facets count.
#[derive(Debug, Default)]
pub struct Prepared {
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
                p.push(Document {
                    id: format!("{id}:preamble"),
                    treaty: t,
                    divisions: Vec::new(),
                    kind: Kind::Preamble,
                    article: None,
                    analysed: OnceLock::new(),
                });
            }
            for (a, article) in treaty.articles.iter().enumerate() {
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
                p.push(Document {
                    id: format!("{id}:{}", article.number),
                    treaty: t,
                    divisions,
                    kind: Kind::Article {
                        number: article.number,
                        title: article.title.clone(),
                    },
                    article: Some(a),
                    analysed: OnceLock::new(),
                });
            }
        }
        p
    }

    fn push(&mut self, doc: Document) {
        self.by_id.insert(doc.id.clone(), self.docs.len());
        self.docs.push(doc);
    }

    /// The position of the document with this id (`budapest:2`).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
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
        for (treaty, article) in corpus.articles() {
            let doc = &p.docs[p
                .position(&format!("{}:{}", treaty.meta.id, article.number))
                .expect("prepared")];
            assert_eq!(
                doc.best_paragraph(&corpus, &terms),
                Some(best_paragraph(article, &terms)),
                "{}:{}",
                treaty.meta.id,
                article.number
            );
        }
    }
}
