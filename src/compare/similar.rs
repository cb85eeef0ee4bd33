//! Similar provisions, computed from the texts alone (not from the concordance), so uncurated
//! pairs and new treaties get suggestions too. Each article and each of its paragraphs and
//! points becomes a TF-IDF vector over stems, with the frameworks' different wordings for the
//! same thing ("computer system" / "information and communications technology system")
//! folded into one token by the thesaurus; two articles are as similar as their best-matching
//! parts, blended with the articles as wholes.

use std::collections::HashMap;

use serde::Serialize;

use crate::corpus::{Article, Corpus};
use crate::search::Thesaurus;
use crate::search::analysis::{is_stopword, stems};
use crate::xref::CrossReferences;

/// How articles are compared. `Method::default()` is what Concord uses; the plain variant
/// (whole articles, no thesaurus) is kept as the baseline the tests measure against.
#[derive(Debug, Clone, Copy)]
pub struct Method {
    /// How much the best-matching parts count against the articles as wholes (0 to 1).
    pub part_weight: f32,
    /// Fold the frameworks' wordings into thesaurus concepts.
    pub fold: bool,
    /// Add the words of the articles an article cites to its own.
    pub cited_text: bool,
}

impl Default for Method {
    fn default() -> Self {
        Method {
            part_weight: 0.5,
            fold: true,
            cited_text: true,
        }
    }
}

impl Method {
    pub const PLAIN_TF_IDF: Method = Method {
        part_weight: 0.0,
        fold: false,
        cited_text: false,
    };
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Similar {
    /// The article suggested: `budapest:2`.
    pub id: String,
    pub treaty: String,
    pub article: u32,
    pub title: String,
    pub score: f32,
    /// Element id of its part that matches best.
    pub paragraph: String,
}

type Vector = Vec<(u32, f32)>;

/// An article's tokens before weighting: treaty, number, title, whole, parts.
type Bag = (String, u32, String, Vec<u32>, Vec<(String, Vec<u32>)>);

/// One article's vectors: the whole, and each part with its element id.
struct ArticleVectors {
    treaty: String,
    number: u32,
    title: String,
    whole: Vector,
    parts: Vec<(String, Vector)>,
}

pub struct SimilarIndex {
    articles: Vec<ArticleVectors>,
    method: Method,
}

impl SimilarIndex {
    pub fn build(corpus: &Corpus, thesaurus: &Thesaurus, xrefs: &CrossReferences) -> Self {
        Self::build_with(corpus, thesaurus, xrefs, Method::default())
    }

    pub fn build_with(
        corpus: &Corpus,
        thesaurus: &Thesaurus,
        xrefs: &CrossReferences,
        method: Method,
    ) -> Self {
        let empty = Thesaurus::default();
        let thesaurus = if method.fold { thesaurus } else { &empty };
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut bags: Vec<Bag> = Vec::new();
        let mut intern = |tokens: Vec<String>| -> Vec<u32> {
            tokens
                .into_iter()
                .map(|t| {
                    let next = vocab.len() as u32;
                    *vocab.entry(t).or_insert(next)
                })
                .collect()
        };
        for (treaty, article) in corpus.articles() {
            let title = terms(&article.title, thesaurus);
            let with_title = |text: &str| {
                let mut t = title.clone();
                t.extend(terms(text, thesaurus));
                t
            };
            // An article that applies others ("Articles 1, 12, 13 … of the Convention shall
            // apply") is about what they are about: their words join its own.
            let mut text = article.text();
            if method.cited_text {
                for target in xrefs.cites(&treaty.meta.id, article.number) {
                    let cited = target
                        .provision()
                        .and_then(|p| corpus.treaty(&p.treaty)?.article(p.article));
                    if let Some(cited) = cited.filter(|c| c.number != article.number) {
                        text.push_str("\n\n");
                        text.push_str(&cited.text());
                    }
                }
            }
            let whole = intern(with_title(&text));
            let parts = parts(article)
                .into_iter()
                .map(|(eid, text)| (eid, intern(with_title(&text))))
                .collect();
            bags.push((
                treaty.meta.id.clone(),
                article.number,
                article.title.clone(),
                whole,
                parts,
            ));
        }
        // Document frequency over articles.
        let mut df = vec![0u32; vocab.len()];
        for (_, _, _, whole, _) in &bags {
            let mut seen: Vec<u32> = whole.clone();
            seen.sort_unstable();
            seen.dedup();
            for t in seen {
                df[t as usize] += 1;
            }
        }
        let n = bags.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (n / d.max(1) as f32).ln() + 1.0)
            .collect();
        let articles = bags
            .into_iter()
            .map(|(treaty, number, title, whole, parts)| ArticleVectors {
                treaty,
                number,
                title,
                whole: vector(&whole, &idf),
                parts: parts
                    .into_iter()
                    .map(|(eid, p)| (eid, vector(&p, &idf)))
                    .collect(),
            })
            .collect();
        SimilarIndex { articles, method }
    }

    /// The most similar articles of each other instrument, best first, `per_treaty` of each.
    pub fn similar(&self, treaty: &str, number: u32, per_treaty: usize) -> Vec<Similar> {
        let Some(me) = self
            .articles
            .iter()
            .find(|a| a.treaty == treaty && a.number == number)
        else {
            return Vec::new();
        };
        let mut scored: Vec<Similar> = self
            .articles
            .iter()
            .filter(|other| other.treaty != treaty)
            .map(|other| {
                let whole = cosine(&me.whole, &other.whole);
                let (mut best, mut paragraph) = (
                    0.0,
                    other
                        .parts
                        .first()
                        .map(|(e, _)| e.clone())
                        .unwrap_or_default(),
                );
                for (_, mine) in &me.parts {
                    for (eid, theirs) in &other.parts {
                        let c = cosine(mine, theirs);
                        if c > best {
                            best = c;
                            paragraph = eid.clone();
                        }
                    }
                }
                let w = self.method.part_weight;
                let score = (1.0 - w) * whole + w * best;
                Similar {
                    id: format!("{}:{}", other.treaty, other.number),
                    treaty: other.treaty.clone(),
                    article: other.number,
                    title: other.title.clone(),
                    score: (score * 1000.0).round() / 1000.0,
                    paragraph,
                }
            })
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        let mut taken: HashMap<String, usize> = HashMap::new();
        scored
            .into_iter()
            .filter(|s| {
                let n = taken.entry(s.treaty.clone()).or_default();
                *n += 1;
                *n <= per_treaty
            })
            .collect()
    }
}

/// The parts of an article compared one by one: each top-level paragraph with all it holds,
/// and each point on its own (Malabo 29 holds a dozen offences in its points).
fn parts(article: &Article) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for block in &article.blocks {
        out.push((block.eid.clone(), block.full_text()));
    }
    for (depth, block) in article.walk() {
        if depth > 0 && (!block.children.is_empty() || block.label.is_some()) {
            out.push((block.eid.clone(), block.full_text()));
        }
    }
    out
}

/// Stems without function words, with every thesaurus wording of the treaties folded into
/// its concept, so the frameworks' vocabularies meet.
pub fn terms(text: &str, thesaurus: &Thesaurus) -> Vec<String> {
    thesaurus
        .fold(&stems(text))
        .into_iter()
        .filter(|s| !is_stopword(s))
        .collect()
}

fn vector(tokens: &[u32], idf: &[f32]) -> Vector {
    let mut tf: HashMap<u32, f32> = HashMap::new();
    for t in tokens {
        *tf.entry(*t).or_default() += 1.0;
    }
    let mut v: Vector = tf
        .into_iter()
        .map(|(t, f)| (t, (1.0 + f.ln()) * idf[t as usize]))
        .collect();
    let norm = v
        .iter()
        .map(|(_, w)| w * w)
        .sum::<f32>()
        .sqrt()
        .max(f32::EPSILON);
    v.iter_mut().for_each(|(_, w)| *w /= norm);
    v.sort_unstable_by_key(|(t, _)| *t);
    v
}

/// Cosine of two normalised sparse vectors sorted by token.
fn cosine(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}
