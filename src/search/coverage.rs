//! How much of a query a document covers: the share of the query's meaningful words, each
//! weighed by its rarity, that the document has, as the word itself or as a thesaurus
//! wording of what the query says with it.

use tantivy::Score;

use super::prepared::{Prepared, StemId, Stems};
use crate::corpus::Corpus;

/// How much of a document's score depends on how much of the query it covers.
const WEIGHT: Score = 0.9;
/// How much of it depends on how much of the query one of its paragraphs covers (swept 0.2–0.8
/// on the tuning set).
const TOGETHER_WEIGHT: Score = 0.6;

/// A meaningful word of the query.
#[derive(Debug)]
pub struct QueryWord {
    /// Its rarity (idf).
    pub weight: Score,
    /// The stems that say it: the word itself, and the thesaurus wordings of what the query
    /// says with it.
    pub wordings: Vec<Vec<String>>,
}

/// A query's words in stem numbers, ready to be looked up in documents.
#[derive(Debug)]
pub struct Coverage {
    words: Vec<(Score, Vec<Vec<StemId>>)>,
    /// Each word's own stem, as typed, where a document has it.
    typed: Vec<Option<StemId>>,
    /// The bound prefixes typed, which a keyword may say too.
    prefixes: Vec<StemId>,
    total: Score,
}

impl Coverage {
    /// `None` for a query of fewer than two words: whatever matches it covers all of it.
    pub fn new(words: &[QueryWord], prefixes: &[String], stems: &Stems) -> Option<Self> {
        if words.len() < 2 {
            return None;
        }
        let typed = words
            .iter()
            .map(|w| stems.get(w.wordings.first()?.first()?))
            .collect();
        let prefixes = prefixes.iter().filter_map(|p| stems.get(p)).collect();
        // A wording with a stem no document has is left out.
        let words: Vec<(Score, Vec<Vec<StemId>>)> = words
            .iter()
            .map(|w| {
                let wordings = w
                    .wordings
                    .iter()
                    .filter_map(|wording| wording.iter().map(|s| stems.get(s)).collect())
                    .collect();
                (w.weight, wordings)
            })
            .collect();
        let total = words.iter().map(|(weight, _)| weight).sum();
        Some(Coverage {
            words,
            typed,
            prefixes,
            total,
        })
    }

    /// The share of its score document `at` keeps: 1 when it covers the whole query, down
    /// to [`Coverage::LEAST`] when it covers none of it.
    pub fn factor(&self, prepared: &Prepared, corpus: &Corpus, at: usize) -> Score {
        let covered: Score = self
            .words
            .iter()
            .filter(|(_, wordings)| {
                wordings
                    .iter()
                    .any(|stems| prepared.has_all(at, corpus, stems))
            })
            .map(|(weight, _)| weight)
            .sum();
        Self::LEAST + WEIGHT * covered / self.total.max(Score::EPSILON)
    }

    /// The share of its score document `at` keeps for saying the query in one place: 1 when
    /// one paragraph, note or keyword of the subject index, with the title and headings,
    /// covers the whole query, down to [`Coverage::LEAST_TOGETHER`] when none covers any of
    /// it. Words said together are likelier meant together than words said paragraphs apart:
    /// "judicial delegation in cybercrime investigations" is Malabo 31, one of whose points
    /// speaks of investigation and judicial delegation together, before Budapest 23 on
    /// co-operation in investigations, which says nothing of a delegation.
    pub fn together(&self, prepared: &Prepared, corpus: &Corpus, at: usize) -> Score {
        let units = prepared.units(at, corpus);
        let mut covered: Vec<Score> = vec![0.0; units];
        for (weight, wordings) in &self.words {
            // The units that say the word one way or another; only wordings the document
            // has can be in one of its units.
            let mut saying = vec![0u64; units.div_ceil(64)];
            for stems in wordings.iter().filter(|s| prepared.has_all(at, corpus, s)) {
                let holding = prepared.units_holding(at, corpus, stems);
                saying.iter_mut().zip(holding).for_each(|(s, h)| *s |= h);
            }
            for (block, bits) in saying.iter().enumerate() {
                let mut rest = *bits;
                while rest != 0 {
                    covered[block * 64 + rest.trailing_zeros() as usize] += weight;
                    rest &= rest - 1;
                }
            }
        }
        let best = covered.into_iter().fold(0.0, Score::max);
        1.0 - TOGETHER_WEIGHT + TOGETHER_WEIGHT * best / self.total.max(Score::EPSILON)
    }

    /// The share of the query that one of document `at`'s subject-index keywords, or its
    /// title, says in the query's own words: a keyword of two words or more all of which were
    /// typed. A query that says what a keyword says asks what the keyword answers, more surely
    /// than one whose words the thesaurus reads as another idea: "blocking of personal data" is
    /// Malabo 19 on rectification and blocking, before Malabo 10 on the formalities of
    /// processing.
    pub fn said_by_keyword(&self, prepared: &Prepared, corpus: &Corpus, at: usize) -> Score {
        let typed = |id: &StemId| self.typed.contains(&Some(*id)) || self.prefixes.contains(id);
        let share = |keyword: &Vec<StemId>| {
            let weights = self.words.iter().zip(&self.typed);
            let said = weights.filter(|(_, t)| t.is_some_and(|t| keyword.contains(&t)));
            said.map(|((weight, _), _)| weight).sum::<Score>() / self.total.max(Score::EPSILON)
        };
        prepared
            .keywords_said(at, corpus)
            .iter()
            .filter(|keyword| keyword.len() >= 2 && keyword.iter().all(typed))
            .map(share)
            .fold(0.0, Score::max)
    }

    /// The share a document that covers nothing of the query keeps.
    pub const LEAST: Score = 1.0 - WEIGHT;

    /// The share a document none of whose paragraphs covers any of the query keeps.
    pub const LEAST_TOGETHER: Score = 1.0 - TOGETHER_WEIGHT;
}
