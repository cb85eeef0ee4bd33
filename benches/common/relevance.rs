//! The judged queries — the tuning set, `corpus/questions.toml`, and the held-out set,
//! `tests/relevance.toml` — and how a ranking is scored against them: nDCG@10, P@1 and
//! recall@10. One definition, used by `tests/relevance.rs` and the benches.
//!
//! Concord reads the tuning queries at query time, as questions asked before: each is scored
//! by an engine that does not know it. They are split in `FOLDS` folds by their words (the
//! stems the engine compares, in order of first use, so that questions with the same words
//! fall in the same fold), and a fold's queries are searched by an engine whose questions are
//! the other folds' (five-fold cross-validation); the held-out queries by the engine that
//! knows every question.
#![allow(dead_code)]

use std::collections::HashMap;

use concord::Concord;
use concord::search::Engine;
use concord::search::analysis::{is_searched_alone, stems};
use serde::Deserialize;

/// How many folds the tuning queries are split in.
pub const FOLDS: usize = 5;

#[derive(Debug, Deserialize)]
struct QuestionsFile {
    question: Vec<Judged>,
}

#[derive(Debug, Deserialize)]
struct Set {
    query: Vec<Judged>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Judged {
    pub q: String,
    pub kind: String,
    /// "dev" for a question of `corpus/questions.toml`, "heldout" for `tests/relevance.toml`.
    #[serde(default)]
    pub set: String,
    pub primary: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    /// A tuning query's fold.
    #[serde(skip)]
    pub fold: Option<usize>,
}

/// The words of a query as the questions compare them: its stems that are searched alone,
/// each once, sorted.
pub fn words(q: &str) -> Vec<String> {
    let mut stems: Vec<String> = stems(q)
        .into_iter()
        .filter(|s| is_searched_alone(s))
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// The fold of a tuning query: by its words, so that questions with the same words share one
/// (FNV-1a over them, the same on every machine and toolchain).
fn fold_of(q: &str) -> usize {
    let hash = words(q)
        .join(" ")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    (hash % FOLDS as u64) as usize
}

/// The judged queries: the tuning set in the questions' order, then the held-out set.
pub fn relevance_set() -> Vec<Judged> {
    let read = |path: &str| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path} is readable: {e}"))
    };
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/questions.toml");
    let questions: QuestionsFile =
        toml::from_str(&read(path)).expect("corpus/questions.toml parses");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/relevance.toml");
    let held_out: Set = toml::from_str(&read(path)).expect("tests/relevance.toml parses");
    let mut set = Vec::new();
    for mut judged in questions.question {
        judged.set = "dev".into();
        judged.fold = Some(fold_of(&judged.q));
        set.push(judged);
    }
    set.extend(held_out.query);
    set
}

/// The engines that score the tuning queries: the `f`-th leaves out the questions of fold `f`.
pub fn fold_engines(concord: &Concord) -> Vec<Engine> {
    let all = concord.engine.questions();
    let folds: Vec<usize> = all.all().iter().map(|q| fold_of(&q.q)).collect();
    (0..FOLDS)
        .map(|f| {
            let questions = all.without(|i| folds[i] == f);
            concord.engine_with(questions).expect("an engine opens")
        })
        .collect()
}

/// The engine that scores a judged query: one that does not know it.
pub fn engine_for<'a>(judged: &Judged, concord: &'a Concord, folds: &'a [Engine]) -> &'a Engine {
    match judged.fold {
        Some(f) => &folds[f],
        None => &concord.engine,
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Scores {
    pub ndcg: f64,
    pub p1: f64,
    pub recall: f64,
    pub n: usize,
}

impl Scores {
    pub fn add(&mut self, other: Scores) {
        self.ndcg += other.ndcg;
        self.p1 += other.p1;
        self.recall += other.recall;
        self.n += other.n;
    }

    pub fn mean(&self) -> (f64, f64, f64) {
        let n = self.n.max(1) as f64;
        (self.ndcg / n, self.p1 / n, self.recall / n)
    }
}

/// nDCG@10 (gain 2 primary, 1 related, 2^g − 1 over log2(i + 2), ideal from every judged id),
/// P@1 (first hit primary) and recall@10: exactly as in `tests/relevance.rs`.
pub fn score(judged: &Judged, ranking: &[String]) -> Scores {
    let gain: HashMap<&str, f64> = judged
        .primary
        .iter()
        .map(|id| (id.as_str(), 2.0))
        .chain(judged.related.iter().map(|id| (id.as_str(), 1.0)))
        .collect();
    let dcg = |gains: &mut dyn Iterator<Item = f64>| -> f64 {
        gains
            .take(10)
            .enumerate()
            .map(|(i, g)| (2f64.powf(g) - 1.0) / ((i + 2) as f64).log2())
            .sum()
    };
    let actual = dcg(&mut ranking
        .iter()
        .map(|id| gain.get(id.as_str()).copied().unwrap_or(0.0)));
    let mut ideal: Vec<f64> = gain.values().copied().collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let ideal = dcg(&mut ideal.into_iter());
    let found = ranking
        .iter()
        .take(10)
        .filter(|id| gain.contains_key(id.as_str()))
        .count();
    Scores {
        ndcg: if ideal > 0.0 { actual / ideal } else { 0.0 },
        p1: f64::from(
            ranking
                .first()
                .is_some_and(|id| judged.primary.contains(id)),
        ),
        recall: found as f64 / gain.len() as f64,
        n: 1,
    }
}
