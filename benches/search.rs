//! In-process search, Concord against SQLite FTS5, over all the judged queries
//! (`corpus/questions.toml`, `tests/relevance.toml`): latency (p50/p95 per query over the
//! whole set, timed query by query, the two engines interleaved), ranking quality (nDCG@10,
//! P@1, recall@10 for both from the same run; each tuning query by an engine that does not
//! know it), then criterion's mean time for one pass over the whole set.
//!
//! `cargo bench --bench search` (add `-- --quick`, or set `CONCORD_BENCH_QUICK=1`, for a few
//! iterations; `CONCORD_BENCH_ROUNDS=N` sets the timed rounds, 20 by default).

mod common;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use common::fts5::{self, Fts5};
use common::{Judged, mean, ms, percentile, us};
use concord::search::{Engine, SearchRequest};
use concord::{Concord, Paths};

fn concord_search(engine: &Engine, q: &str) -> Vec<(String, String)> {
    concord_search_limit(engine, q, 10)
}

fn concord_search_limit(engine: &Engine, q: &str, limit: usize) -> Vec<(String, String)> {
    match engine.search(&SearchRequest {
        query: q.to_string(),
        treaties: vec![],
        chapter: None,
        limit,
        offset: 0,
    }) {
        Ok(r) => r.hits.into_iter().map(|h| (h.id, h.snippet)).collect(),
        Err(_) => Vec::new(),
    }
}

struct Timings {
    concord: Vec<Vec<Duration>>,
    fts5: Vec<Vec<Duration>>,
}

fn time_all(engine: &Engine, fts: &Fts5, set: &[Judged], rounds: usize) -> Timings {
    let mut t = Timings {
        concord: vec![Vec::with_capacity(rounds); set.len()],
        fts5: vec![Vec::with_capacity(rounds); set.len()],
    };
    for _ in 0..rounds {
        for (i, judged) in set.iter().enumerate() {
            let start = Instant::now();
            black_box(concord_search(engine, black_box(&judged.q)));
            t.concord[i].push(start.elapsed());
            let start = Instant::now();
            black_box(fts.search(black_box(&judged.q)));
            t.fts5[i].push(start.elapsed());
        }
    }
    t
}

fn sorted(samples: impl IntoIterator<Item = Duration>) -> Vec<Duration> {
    let mut v: Vec<Duration> = samples.into_iter().collect();
    v.sort();
    v
}

fn main() {
    let quick = common::quick();
    let rounds = common::env_usize("CONCORD_BENCH_ROUNDS", if quick { 2 } else { 20 });
    let set = common::relevance_set();

    let dir = tempfile::tempdir().expect("a temporary folder");
    let paths = Paths {
        corpus: concord::default_corpus_dir().to_path_buf(),
        index: dir.path().join("index"),
    };
    let concord = Concord::open(&paths).expect("Concord opens the real corpus");
    let rows = fts5::rows(&concord.corpus);
    let fts = Fts5::in_memory(&rows).expect("the FTS5 table builds");
    println!(
        "corpus: {} documents (articles and preambles); {} judged queries; {rounds} timed rounds{}",
        rows.len(),
        set.len(),
        if quick { " (quick)" } else { "" }
    );

    println!("load average (1/5/15 min) at start: {}", common::loadavg());
    // Ranking quality, both engines, this run; each tuning query by an engine that does not
    // know it.
    let folds = common::relevance::fold_engines(&concord);
    let concord_rankings: Vec<Vec<String>> = set
        .iter()
        .map(|j| {
            let engine = common::relevance::engine_for(j, &concord, &folds);
            concord_search(engine, &j.q)
                .into_iter()
                .map(|(id, _)| id)
                .collect()
        })
        .collect();
    let fts_rankings: Vec<Vec<String>> = set
        .iter()
        .map(|j| fts.search(&j.q).into_iter().map(|(id, _)| id).collect())
        .collect();
    let concord_report = common::evaluate(&set, &concord_rankings);
    let fts_report = common::evaluate(&set, &fts_rankings);
    println!(
        "\n== relevance: Concord (engine.search, top 10)\n{}",
        concord_report.table()
    );
    println!(
        "== relevance: SQLite FTS5 (bm25 title 3 / body 1, words joined by OR)\n{}",
        fts_report.table()
    );
    println!("== relevance side by side");
    println!(
        "{:<8} {:>3} | {:>8} {:>6} {:>9} | {:>8} {:>6} {:>9}",
        "set", "n", "Concord", "P@1", "recall@10", "FTS5", "P@1", "recall@10"
    );
    println!(
        "{:<8} {:>3} | {:>8} {:>6} {:>9} | {:>8} {:>6} {:>9}",
        "", "", "nDCG@10", "", "", "nDCG@10", "", ""
    );
    for (name, s) in &concord_report.totals {
        let (cn, cp, cr) = s.mean();
        let (fn_, fp, fr) = fts_report.totals[name].mean();
        println!(
            "{name:<8} {:>3} | {cn:>8.3} {cp:>6.3} {cr:>9.3} | {fn_:>8.3} {fp:>6.3} {fr:>9.3}",
            s.n
        );
    }

    // Latency: warm both engines once, then time each query `rounds` times.
    let _ = time_all(&concord.engine, &fts, &set, 1);
    let t = time_all(&concord.engine, &fts, &set, rounds);
    let c_all = sorted(t.concord.iter().flatten().copied());
    let f_all = sorted(t.fts5.iter().flatten().copied());
    println!(
        "\n== latency per query, top 10 with snippets ({} samples per engine)",
        c_all.len()
    );
    println!(
        "{:<10} {:>10} {:>10} {:>10} {:>10}",
        "engine", "p50 µs", "p95 µs", "mean µs", "max µs"
    );
    for (name, s) in [("Concord", &c_all), ("FTS5", &f_all)] {
        println!(
            "{name:<10} {:>10.1} {:>10.1} {:>10.1} {:>10.1}",
            us(percentile(s, 0.5)),
            us(percentile(s, 0.95)),
            us(mean(s)),
            us(*s.last().unwrap_or(&Duration::ZERO)),
        );
    }
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-12);
    println!(
        "{:<10} {:>10.2} {:>10.2} {:>10.2}",
        "ratio C/F",
        ratio(percentile(&c_all, 0.5), percentile(&f_all, 0.5)),
        ratio(percentile(&c_all, 0.95), percentile(&f_all, 0.95)),
        ratio(mean(&c_all), mean(&f_all)),
    );

    // By kind of query.
    let mut kinds: BTreeMap<&str, (Vec<Duration>, Vec<Duration>)> = BTreeMap::new();
    for (i, j) in set.iter().enumerate() {
        let e = kinds.entry(j.kind.as_str()).or_default();
        e.0.extend(&t.concord[i]);
        e.1.extend(&t.fts5[i]);
    }
    println!(
        "\n{:<13} {:>3} {:>12} {:>12} {:>8}",
        "kind", "n", "Concord p50", "FTS5 p50", "ratio"
    );
    for (kind, (c, f)) in kinds {
        let (c, f) = (sorted(c), sorted(f));
        println!(
            "{kind:<13} {:>3} {:>10.1}µs {:>10.1}µs {:>8.2}",
            c.len() / rounds.max(1),
            us(percentile(&c, 0.5)),
            us(percentile(&f, 0.5)),
            ratio(percentile(&c, 0.5), percentile(&f, 0.5)),
        );
    }

    // The slowest queries for Concord.
    let mut per_query: Vec<(Duration, Duration, &Judged)> = set
        .iter()
        .enumerate()
        .map(|(i, j)| {
            (
                percentile(&sorted(t.concord[i].clone()), 0.5),
                percentile(&sorted(t.fts5[i].clone()), 0.5),
                j,
            )
        })
        .collect();
    per_query.sort_by_key(|q| std::cmp::Reverse(q.0));
    // Where Concord's time goes: the same queries with one hit instead of ten. Ranking is the
    // same (a pool of 50 either way); the difference is nine hits' best paragraph and snippet.
    let mut one: Vec<Duration> = Vec::new();
    let (mut hits1, mut hits10) = (0usize, 0usize);
    for _ in 0..rounds {
        for j in &set {
            let start = Instant::now();
            hits1 += black_box(concord_search_limit(&concord.engine, &j.q, 1)).len();
            one.push(start.elapsed());
        }
    }
    for r in &concord_rankings {
        hits10 += r.len() * rounds;
    }
    let one = sorted(one);
    let per_hit = (mean(&c_all).as_secs_f64() - mean(&one).as_secs_f64()) * c_all.len() as f64
        / (hits10 - hits1).max(1) as f64;
    println!(
        "\nConcord with limit 1 (one snippet): p50 {:.1} µs, mean {:.1} µs; limit 10: mean {:.1} µs \
         → about {:.0} µs per extra hit (best paragraph + snippet), {:.0}% of the mean query",
        us(percentile(&one, 0.5)),
        us(mean(&one)),
        us(mean(&c_all)),
        per_hit * 1e6,
        100.0 * (mean(&c_all).as_secs_f64() - mean(&one).as_secs_f64())
            / mean(&c_all).as_secs_f64()
    );

    println!("\nslowest for Concord (median of {rounds}):");
    for (c, f, j) in per_query.iter().take(8) {
        println!(
            "  {:>8.2} ms (FTS5 {:>6.3} ms)  [{}] {:?}",
            ms(*c),
            ms(*f),
            j.kind,
            j.q
        );
    }
    println!();

    println!("load average (1/5/15 min) at end: {}", common::loadavg());
    // Criterion: one pass over the whole set.
    // A pass over the set takes a few hundred ms: 20 samples in 10 s.
    let mut c = common::criterion(quick);
    let mut group = c.benchmark_group("search_all_queries");
    group.bench_function("concord", |b| {
        b.iter(|| {
            for j in &set {
                black_box(concord_search(&concord.engine, black_box(&j.q)));
            }
        })
    });
    group.bench_function("fts5", |b| {
        b.iter(|| {
            for j in &set {
                black_box(fts.search(black_box(&j.q)));
            }
        })
    });
    group.finish();
    c.final_summary();
}
