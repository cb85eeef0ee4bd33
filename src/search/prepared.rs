//! The corpus as the engine reads it at query time. Each document's paragraphs are analysed
//! once, when first needed (the engine needs them all when it opens, for the bitmaps of which
//! documents hold each stem): into numbered stems, with the byte range of the word each comes
//! from. Choosing a hit's best paragraph and marking what matched is then a
//! scan of small integers rather than a run of the stemmer. The numbers are fixed when the
//! engine opens (the index's own vocabulary), so a query is numbered once for all its hits.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::analysis::{is_stopword, tokens};
use super::snippet::{Matcher, Snippet, Terms, cut, sentence_words};
use crate::corpus::{Article, Corpus};

/// A stem, numbered.
pub type StemId = u32;

/// The number of a stem no query can contain.
const UNKNOWN: StemId = StemId::MAX;

/// Every stem the documents can contain, numbered.
#[derive(Debug, Default)]
pub struct Stems {
    ids: HashMap<String, StemId>,
}

impl Stems {
    pub fn new(stems: impl IntoIterator<Item = String>) -> Self {
        let mut ids = HashMap::new();
        for stem in stems {
            let next = ids.len() as StemId;
            ids.entry(stem).or_insert(next);
        }
        Stems { ids }
    }

    pub fn get(&self, stem: &str) -> Option<StemId> {
        self.ids.get(stem).copied()
    }

    /// The query terms in numbers. A stem no document has cannot match and is left out, with
    /// any wording that contains it.
    pub fn compile(&self, terms: &Terms) -> Compiled {
        // Words in a fixed order, so that equal queries score exactly alike.
        let mut words: Vec<(StemId, f32)> = terms
            .words
            .iter()
            .filter_map(|(w, weight)| Some((self.get(w)?, *weight)))
            .collect();
        words.sort_by_key(|(id, _)| *id);
        let phrases: Vec<(Vec<StemId>, f32)> = terms
            .phrases
            .iter()
            .filter_map(|(phrase, weight)| {
                let ids: Option<Vec<StemId>> = phrase.iter().map(|s| self.get(s)).collect();
                Some((ids.filter(|ids| !ids.is_empty())?, *weight))
            })
            .collect();
        let mut candidates = vec![0u64; self.ids.len().div_ceil(64)];
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

/// A paragraph, point or recital: its text as the source prints it, analysed.
#[derive(Debug)]
struct Paragraph {
    eid: String,
    text: String,
    tokens: Vec<(StemId, Range<usize>)>,
    /// Its words in lower case, one space apart and one at each end (see [`plain_words`]).
    plain: String,
    /// How much it says, up to a sentence (see [`sentence_words`]): what chooses between
    /// paragraphs that match alike.
    says: usize,
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

/// A document's paragraphs, analysed.
#[derive(Debug)]
struct Analysed {
    paragraphs: Vec<Paragraph>,
    /// Every stem of the title, the headings above it, the keywords and the text: one bit per
    /// stem number.
    present: Vec<u64>,
    /// The stems of each keyword of the subject index, in its order.
    keywords: Vec<Vec<StemId>>,
    /// What each keyword says, then what the title says: their stems without stopwords,
    /// once each.
    said: Vec<Vec<StemId>>,
    /// The title in [`plain_words`] form.
    title: String,
    /// How many units there are: paragraphs, notes and keywords, each read with the title and
    /// the headings.
    units: usize,
    /// Per stem of the document, sorted by stem, the units that have it: one bit per unit.
    unit_holders: Vec<(StemId, Vec<u64>)>,
}

impl Document {
    fn best_paragraph(&self, stems: &Stems, corpus: &Corpus, terms: &Compiled) -> Option<Snippet> {
        let analysed = self.analysed(stems, corpus);
        // The paragraph with most of the words typed, then with most of the thesaurus's
        // wordings for them: "biometric data" shows the paragraph that says it, not one
        // listing other sensitive data.
        let mut best: Option<((f32, f32), &Paragraph)> = None;
        for p in &analysed.paragraphs {
            let score = (terms.score_words(&p.tokens), terms.score(&p.tokens, None));
            // On a tie, a sentence rather than a bare number or a heading ("1." or "1.
            // Criminal Sanctions" over their points).
            let better = best.is_none_or(|(s, b)| score > s || (score == s && p.says > b.says));
            if better {
                best = Some((score, p));
            }
        }
        best.map(|(_, p)| p.snippet(terms))
    }

    fn paragraph(
        &self,
        stems: &Stems,
        corpus: &Corpus,
        eid: &str,
        terms: &Compiled,
    ) -> Option<Snippet> {
        let analysed = self.analysed(stems, corpus);
        let p = analysed.paragraphs.iter().find(|p| p.eid == eid)?;
        Some(p.snippet(terms))
    }

    /// The article the document is, in `corpus`; `None` for a preamble.
    pub fn article<'c>(&self, corpus: &'c Corpus) -> Option<&'c Article> {
        self.article
            .map(|i| &corpus.treaties[self.treaty].articles[i])
    }

    /// The paragraphs analysed, now if not before. `corpus` is the corpus the document is of.
    fn analysed(&self, stems: &Stems, corpus: &Corpus) -> &Analysed {
        self.analysed.get_or_init(|| {
            let treaty = &corpus.treaties[self.treaty];
            // An article's paragraphs and points, then its interpretative notes.
            let blocks: Vec<(&str, String)> = match self.article(corpus) {
                Some(article) => {
                    let blocks = article
                        .walk()
                        .into_iter()
                        .map(|(_, b)| (b.eid.as_str(), b.source_line()));
                    let notes = article
                        .notes
                        .iter()
                        .map(|n| (n.eid.as_str(), n.text.clone()));
                    blocks.chain(notes).collect()
                }
                None => treaty
                    .preamble
                    .iter()
                    .map(|b| (b.eid.as_str(), b.text.clone()))
                    .collect(),
            };
            let title = match &self.kind {
                Kind::Article { title, .. } => title.as_str(),
                Kind::Preamble => "",
            };
            let headings: Vec<&str> = match self.article(corpus) {
                Some(article) => treaty
                    .divisions_of(article)
                    .into_iter()
                    .map(|d| d.title.as_str())
                    .collect(),
                None => Vec::new(),
            };
            Analysed::new(
                title,
                &headings,
                corpus.keywords.of(&self.id),
                blocks,
                stems,
            )
        })
    }
}

impl Analysed {
    /// The title, the headings of the chapters and sections it sits in and the subject index's
    /// keywords say what the document is about: "content-related offences" is Budapest 9,
    /// under the title so headed.
    fn new(
        title: &str,
        headings: &[&str],
        keywords: &[String],
        blocks: Vec<(&str, String)>,
        stems: &Stems,
    ) -> Self {
        let paragraphs: Vec<Paragraph> = blocks
            .into_iter()
            .map(|(eid, text)| Paragraph {
                eid: eid.to_string(),
                tokens: tokens(&text)
                    .into_iter()
                    .map(|(s, r)| (stems.get(&s).unwrap_or(UNKNOWN), r))
                    .collect(),
                plain: plain_words(&text),
                says: sentence_words(&text),
                text,
            })
            .collect();
        // A text's stems, and what it says: its stems without stopwords, once each ("delete my
        // data" says "delete data"; "peer-to-peer" says one word).
        let read = |text: &str| -> (Vec<StemId>, Vec<StemId>) {
            let mut all = Vec::new();
            let mut said = Vec::new();
            for (stem, _) in tokens(text) {
                let Some(id) = stems.get(&stem) else {
                    continue;
                };
                all.push(id);
                if !is_stopword(&stem) && !said.contains(&id) {
                    said.push(id);
                }
            }
            (all, said)
        };
        let known = |text: &str| read(text).0;
        let (keywords, mut said): (Vec<Vec<StemId>>, Vec<Vec<StemId>>) =
            keywords.iter().map(|k| read(k)).unzip();
        // The title says what the article is about as its keywords do ("illegal access").
        said.push(read(title).1);
        let mut present = vec![0u64; stems.ids.len().div_ceil(64)];
        // The title with the headings of the chapters and sections it sits in.
        let title_stems: Vec<StemId> = std::iter::once(title)
            .chain(headings.iter().copied())
            .flat_map(known)
            .collect();
        let ids = paragraphs
            .iter()
            .flat_map(|p| p.tokens.iter().map(|(id, _)| *id))
            .chain(title_stems.iter().copied())
            .chain(keywords.iter().flatten().copied())
            .filter(|&id| id != UNKNOWN);
        for id in ids {
            present[id as usize / 64] |= 1 << (id % 64);
        }
        let units: Vec<Vec<StemId>> = paragraphs
            .iter()
            .map(|p| p.tokens.iter().map(|(id, _)| *id).collect())
            .chain(keywords.iter().cloned())
            .collect();
        let blocks = units.len().div_ceil(64);
        let mut holders: HashMap<StemId, Vec<u64>> = HashMap::new();
        for (i, unit) in units.iter().enumerate() {
            for &id in unit.iter().chain(&title_stems).filter(|&&id| id != UNKNOWN) {
                holders.entry(id).or_insert_with(|| vec![0; blocks])[i / 64] |= 1 << (i % 64);
            }
        }
        let mut unit_holders: Vec<(StemId, Vec<u64>)> = holders.into_iter().collect();
        unit_holders.sort_unstable_by_key(|(id, _)| *id);
        Analysed {
            paragraphs,
            present,
            keywords,
            said,
            title: plain_words(title),
            units: units.len(),
            unit_holders,
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

/// Query terms in stem numbers.
#[derive(Debug, Default)]
pub struct Compiled {
    words: Vec<(StemId, f32)>,
    phrases: Vec<(Vec<StemId>, f32)>,
    /// One bit per stem: set for the words and the first stems of wordings.
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

    /// The score of the query's own words alone, without the thesaurus's wordings.
    fn score_words(&self, tokens: &[(StemId, Range<usize>)]) -> f32 {
        let matcher = Matcher {
            words: &self.words,
            phrases: &[],
        };
        matcher.score(tokens, |_| true, None)
    }
}

/// Every document of the corpus, with the names the facets count.
#[derive(Debug, Default)]
pub struct Prepared {
    pub stems: Stems,
    pub docs: Vec<Document>,
    /// Treaty ids, in corpus order.
    pub treaties: Vec<String>,
    /// Divisions as `treaty:eid`.
    pub divisions: Vec<String>,
    /// The title of each division ("Procedural measures and law enforcement").
    pub division_titles: Vec<String>,
    by_id: HashMap<String, usize>,
    /// Per stem number, the documents that have it: one bit per document, `blocks` words a
    /// stem. Built when first needed.
    holders: OnceLock<Vec<u64>>,
}

impl Prepared {
    /// The documents of `corpus`, whose text has no stems but `stems` (the index's
    /// vocabulary).
    pub fn new(corpus: &Corpus, stems: Stems) -> Self {
        let mut p = Prepared {
            stems,
            ..Prepared::default()
        };
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
                            p.division_titles.push(d.title.clone());
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

    /// The paragraph of document `at` that matches `terms` best (of those that match alike,
    /// or when none matches, the first that says most, up to a sentence), with what matched
    /// marked.
    pub fn best_paragraph(&self, at: usize, corpus: &Corpus, terms: &Compiled) -> Option<Snippet> {
        self.docs[at].best_paragraph(&self.stems, corpus, terms)
    }

    /// The paragraph or point `eid` of document `at` with what matches `terms` marked.
    pub fn paragraph(
        &self,
        at: usize,
        corpus: &Corpus,
        eid: &str,
        terms: &Compiled,
    ) -> Option<Snippet> {
        self.docs[at].paragraph(&self.stems, corpus, eid, terms)
    }

    /// The documents that have every one of these stems in their title, keywords or text: one
    /// bit per document, in [`Prepared::docs`] order.
    pub fn holding_all(&self, corpus: &Corpus, ids: &[StemId]) -> Vec<u64> {
        let blocks = self.docs.len().div_ceil(64);
        let holders = self.holders.get_or_init(|| {
            let mut holders = vec![0u64; self.stems.ids.len() * blocks];
            for (at, doc) in self.docs.iter().enumerate() {
                let present = &doc.analysed(&self.stems, corpus).present;
                for (word, &bits) in present.iter().enumerate() {
                    let mut rest = bits;
                    while rest != 0 {
                        let id = word * 64 + rest.trailing_zeros() as usize;
                        holders[id * blocks + at / 64] |= 1 << (at % 64);
                        rest &= rest - 1;
                    }
                }
            }
            holders
        });
        let mut all: Vec<u64> = (0..blocks)
            .map(|b| match self.docs.len() - b * 64 {
                n if n >= 64 => u64::MAX,
                n => (1 << n) - 1,
            })
            .collect();
        for &id in ids {
            let of = &holders[id as usize * blocks..][..blocks];
            all.iter_mut().zip(of).for_each(|(a, o)| *a &= o);
        }
        all
    }

    /// Whether the title, a paragraph or a note of document `at` says these words as they
    /// are written (in [`plain_words`] form).
    pub fn says(&self, at: usize, corpus: &Corpus, words: &str) -> bool {
        let analysed = self.docs[at].analysed(&self.stems, corpus);
        analysed.title.contains(words)
            || analysed.paragraphs.iter().any(|p| p.plain.contains(words))
    }

    /// Whether document `at` has every one of these stems, in its title, the headings above
    /// it, its keywords or its text.
    pub fn has_all(&self, at: usize, corpus: &Corpus, ids: &[StemId]) -> bool {
        let doc = &self.docs[at];
        let present = &doc.analysed(&self.stems, corpus).present;
        ids.iter().all(|&id| {
            present
                .get(id as usize / 64)
                .is_some_and(|bits| bits & (1 << (id % 64)) != 0)
        })
    }

    /// The keywords of document `at` (their places in its list) that have the most of these
    /// stems, at most `limit`, in the order of the list on ties.
    pub fn keywords_with(
        &self,
        at: usize,
        corpus: &Corpus,
        stems: &[StemId],
        limit: usize,
    ) -> Vec<usize> {
        let analysed = self.docs[at].analysed(&self.stems, corpus);
        let mut found: Vec<(usize, usize)> = analysed
            .keywords
            .iter()
            .enumerate()
            .filter_map(|(i, keyword)| {
                let shared = keyword.iter().filter(|id| stems.contains(id)).count();
                (shared > 0).then_some((shared, i))
            })
            .collect();
        found.sort_by_key(|&(shared, _)| std::cmp::Reverse(shared));
        found.into_iter().take(limit).map(|(_, i)| i).collect()
    }

    /// What each keyword of document `at`'s subject index says, and what its title says: their
    /// stems without stopwords, once each.
    pub fn keywords_said(&self, at: usize, corpus: &Corpus) -> &[Vec<StemId>] {
        &self.docs[at].analysed(&self.stems, corpus).said
    }

    /// How many units document `at` has: paragraphs, notes and keywords of the subject
    /// index, each read with the title and the headings above it.
    pub fn units(&self, at: usize, corpus: &Corpus) -> usize {
        self.docs[at].analysed(&self.stems, corpus).units
    }

    /// The units of document `at` that have every one of these stems: one bit per unit, in
    /// the order of [`Prepared::units`].
    pub fn units_holding(&self, at: usize, corpus: &Corpus, ids: &[StemId]) -> Vec<u64> {
        let analysed = self.docs[at].analysed(&self.stems, corpus);
        // No stems at all is every unit, and no bit past the last.
        let mut all: Vec<u64> = (0..analysed.units.div_ceil(64))
            .map(|b| match analysed.units - b * 64 {
                n if n >= 64 => u64::MAX,
                n => (1 << n) - 1,
            })
            .collect();
        for id in ids {
            match analysed.unit_holders.binary_search_by_key(id, |(s, _)| *s) {
                Ok(i) => {
                    let of = &analysed.unit_holders[i].1;
                    all.iter_mut().zip(of).for_each(|(a, o)| *a &= o);
                }
                Err(_) => all.fill(0),
            }
        }
        all
    }

    /// The position of the document with this id (`budapest:2`).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

/// A text's words in lower case, one space apart and one at each end, so that one such text
/// contains another only word for word; without articles, which a query often leaves out, and
/// in the singular: "Confiscation of the proceeds of crime;" is " confiscation of proceed of
/// crime ".
pub fn plain_words(text: &str) -> String {
    let mut plain = String::from(" ");
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !["the", "a", "an"].contains(&w.as_str()))
    {
        let singular = singular(&word);
        plain.push_str(&singular);
        plain.push(' ');
    }
    plain
}

/// A plural's singular, roughly and the same way for the query and the text: "parties" is
/// "party", "addresses" "address", "proceeds" "proceed"; "access" stays.
fn singular(word: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.chars().count() >= 2) {
        return Cow::Owned(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("sses") {
        return Cow::Owned(format!("{stem}ss"));
    }
    match word.strip_suffix('s') {
        Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => Cow::Borrowed(stem),
        _ => Cow::Borrowed(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis::stems;

    #[test]
    fn plain_words_are_word_for_word() {
        assert_eq!(
            plain_words("Freezing, seizure and confiscation of the proceeds of crime;"),
            " freezing seizure and confiscation of proceed of crime "
        );
        assert_eq!(
            plain_words("critical information infrastructures"),
            plain_words("Critical Information Infrastructure")
        );
        assert!(
            !plain_words("confiscated proceeds").contains(&plain_words("confiscation of proceeds"))
        );
    }
    use crate::search::snippet::best_paragraph;

    /// The documents with every stem of the corpus numbered.
    fn prepared(corpus: &Corpus) -> Prepared {
        let mut all = Vec::new();
        for (_, article) in corpus.articles() {
            all.extend(stems(&article.text()));
        }
        for treaty in &corpus.treaties {
            treaty
                .preamble
                .iter()
                .for_each(|b| all.extend(stems(&b.text)));
        }
        Prepared::new(corpus, Stems::new(all))
    }

    fn corpus() -> Corpus {
        crate::corpus::load(crate::default_corpus_dir()).expect("the corpus loads")
    }

    #[test]
    fn every_article_and_preamble_is_a_document() {
        let corpus = corpus();
        let p = prepared(&corpus);
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

    /// The units holding a set of stems are units the document has: no stems at all is each
    /// of them, and never a bit past the last.
    #[test]
    fn units_holding_stays_within_the_units() {
        let corpus = corpus();
        let p = prepared(&corpus);
        let data = p.stems.get("data").expect("a stem of the corpus");
        for at in 0..p.docs.len() {
            let units = p.units(at, &corpus);
            let every = p.units_holding(at, &corpus, &[]);
            let count: u32 = every.iter().map(|b| b.count_ones()).sum();
            assert_eq!(count as usize, units, "{}", p.docs[at].id);
            let some = p.units_holding(at, &corpus, &[data]);
            assert!(some.iter().zip(&every).all(|(s, e)| s & !e == 0));
        }
    }

    /// The headings an article sits under say what it is about, as its title does: Budapest
    /// 9 is under "Content-related offences", a word its text never uses.
    #[test]
    fn the_headings_above_an_article_are_read_with_it() {
        let corpus = corpus();
        let p = prepared(&corpus);
        let content = p.stems.get("content").expect("a stem of the corpus");
        let at = p.position("budapest:9").expect("prepared");
        assert!(p.has_all(at, &corpus, &[content]));
        assert_eq!(
            p.units_holding(at, &corpus, &[content]),
            p.units_holding(at, &corpus, &[])
        );
        let elsewhere = p.position("budapest:2").expect("prepared");
        assert!(!p.has_all(elsewhere, &corpus, &[content]));
    }

    /// The bitmaps of the documents holding a set of stems agree with each document's own
    /// stems, the last, partly used word included; no stems at all is every document.
    #[test]
    fn holding_all_agrees_with_has_all() {
        let corpus = corpus();
        let p = prepared(&corpus);
        let id = |s: &str| p.stems.get(s).expect("a stem of the corpus");
        let sets = [
            vec![],
            vec![id("data")],
            vec![id("extradit")],
            vec![id("traffic"), id("data")],
            vec![id("request"), id("parti"), id("mutual")],
        ];
        for ids in sets {
            let holding = p.holding_all(&corpus, &ids);
            for at in 0..p.docs.len() {
                let bit = holding[at / 64] & (1 << (at % 64)) != 0;
                assert_eq!(bit, p.has_all(at, &corpus, &ids), "{ids:?} at {at}");
            }
        }
        let all: u32 = p
            .holding_all(&corpus, &[])
            .iter()
            .map(|b| b.count_ones())
            .sum();
        assert_eq!(all as usize, p.docs.len());
    }

    /// The prepared paragraphs pick and mark exactly what analysing the text at query time
    /// picks and marks.
    #[test]
    fn prepared_snippets_equal_analysed_ones() {
        let corpus = corpus();
        let p = prepared(&corpus);
        let mut terms = Terms::default();
        terms.words.insert("data".into(), 1.0);
        terms.words.insert("preserv".into(), 2.0);
        terms.words.insert("nosuchstem".into(), 5.0);
        terms
            .phrases
            .push((vec!["traffic".into(), "data".into()], 1.5));
        let compiled = p.stems.compile(&terms);
        for (treaty, article) in corpus.articles() {
            let at = p
                .position(&format!("{}:{}", treaty.meta.id, article.number))
                .expect("prepared");
            assert_eq!(
                p.best_paragraph(at, &corpus, &compiled),
                Some(best_paragraph(article, &terms)),
                "{}:{}",
                treaty.meta.id,
                article.number
            );
        }
    }

    /// When no paragraph matches, the snippet is the first that says something: not a
    /// bare "1." nor a heading over its points.
    #[test]
    fn an_unmatched_article_shows_a_sentence() {
        let corpus = corpus();
        let p = prepared(&corpus);
        let terms = p.stems.compile(&Terms::default());
        let at = p.position("malabo:31").expect("prepared");
        let shown = p.best_paragraph(at, &corpus, &terms).expect("a snippet");
        // 31(1) is "1. Criminal Sanctions", over its points (a) to (c).
        assert_eq!(shown.paragraph, "art_31__para_1__point_a");
        assert!(
            shown.text.contains("effective, proportionate"),
            "{}",
            shown.text
        );
    }
}
