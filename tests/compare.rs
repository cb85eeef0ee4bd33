//! Comparison: computed similar provisions measured against the curated concordance.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use concord::compare::{Method, SimilarIndex};

/// Recall of the curated counterpart: for each article the concordance names and each other
/// treaty that has a counterpart for it, is one of the curated counterpart articles among the
/// top three suggestions for that treaty?
fn recall_at_3(index: &SimilarIndex) -> (f64, usize, Vec<String>) {
    let corpus = &common::concord().corpus;
    let mut wanted: BTreeMap<((String, u32), String), BTreeSet<u32>> = BTreeMap::new();
    for row in &corpus.concordance.rows {
        for p in &row.provisions {
            for q in row.provisions.iter().filter(|q| q.treaty != p.treaty) {
                wanted
                    .entry(((p.treaty.clone(), p.article), q.treaty.clone()))
                    .or_default()
                    .insert(q.article);
            }
        }
    }
    let mut found = 0;
    let mut missed = Vec::new();
    for (((pt, pn), qt), counterparts) in &wanted {
        let top: Vec<u32> = index
            .similar(pt, *pn, 3)
            .into_iter()
            .filter(|s| s.treaty == *qt)
            .map(|s| s.article)
            .collect();
        if top.iter().any(|a| counterparts.contains(a)) {
            found += 1;
        } else {
            missed.push(format!("{pt}:{pn} → {qt}:{counterparts:?} (got {top:?})"));
        }
    }
    (found as f64 / wanted.len() as f64, wanted.len(), missed)
}

#[test]
fn similar_provisions_find_the_curated_counterparts() {
    let concord = common::concord();
    let ours = SimilarIndex::build(&concord.corpus, concord.engine.thesaurus(), &concord.xrefs);
    let plain = SimilarIndex::build_with(
        &concord.corpus,
        concord.engine.thesaurus(),
        &concord.xrefs,
        Method::PLAIN_TF_IDF,
    );
    let (recall, pairs, missed) = recall_at_3(&ours);
    let (baseline, _, _) = recall_at_3(&plain);
    println!(
        "similar provisions: recall of the curated counterpart in the top 3 of its treaty, over {pairs} (article, other treaty) pairs from the concordance"
    );
    println!("  Concord (parts, thesaurus folding, cited articles' words): {recall:.3}");
    println!("  plain TF-IDF cosine over whole articles: {baseline:.3}");
    if std::env::var_os("CONCORD_SIMILAR_DETAIL").is_some() {
        println!("missed:\n  {}", missed.join("\n  "));
    }
    assert!(recall > baseline, "no better than plain TF-IDF");
    assert!(recall >= FLOOR, "recall@3 {recall:.3} below {FLOOR}");
}

/// Set just under what the method reaches (see README).
const FLOOR: f64 = 0.88;

#[test]
fn similar_suggests_other_treaties_best_first() {
    let concord = common::concord();
    let index = SimilarIndex::build(&concord.corpus, concord.engine.thesaurus(), &concord.xrefs);
    let s = index.similar("budapest", 2, 3);
    assert!(s.iter().all(|x| x.treaty != "budapest"));
    assert!(
        s.windows(2)
            .all(|w| w[0].treaty != w[1].treaty || w[0].score >= w[1].score)
    );
    assert_eq!(s.iter().find(|x| x.treaty == "uncc").unwrap().id, "uncc:7");
    let malabo = s.iter().find(|x| x.treaty == "malabo").unwrap();
    assert_eq!(malabo.id, "malabo:29");
    assert!(
        malabo.paragraph.starts_with("art_29__para_1"),
        "{}",
        malabo.paragraph
    );
}
