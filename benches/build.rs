//! Building: the Markdown corpus to a ready tantivy index (`corpus::load` + `index::build`
//! into a fresh temporary folder) against SQLite FTS5 built from the same text (create the
//! table, insert every row in one transaction; in memory, and in a temporary file). Whole
//! corpus and per document.
//!
//! `cargo bench --bench build` (`-- --quick` or `CONCORD_BENCH_QUICK=1` for a few iterations;
//! `CONCORD_BENCH_ROUNDS=N` for the timed rounds, 15 by default).

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::fts5::{self, Fts5};
use common::{mean, ms, percentile, us};
use concord::{corpus, index};
use criterion::BatchSize;

fn time(rounds: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f(); // warm: files in the page cache, code paged in
    let mut samples: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples
}

fn main() {
    let quick = common::quick();
    let rounds = common::env_usize("CONCORD_BENCH_ROUNDS", if quick { 2 } else { 15 });
    let dir = concord::default_corpus_dir();
    let corpus = corpus::load(dir).expect("the corpus loads");
    let rows = fts5::rows(&corpus);
    let docs = rows.len();
    let articles = corpus.articles().count();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    println!(
        "corpus: {} treaties, {articles} articles, {docs} documents, {} bytes of Markdown; {rounds} rounds{}",
        corpus.treaties.len(),
        common::markdown_bytes(dir),
        if quick { " (quick)" } else { "" }
    );
    println!("temporary folder: {}", tmp.path().display());

    println!("load average (1/5/15 min) at start: {}", common::loadavg());
    let mut n = 0;
    let mut fresh = || {
        n += 1;
        tmp.path().join(format!("run-{n}"))
    };
    let load = time(rounds, || {
        black_box(corpus::load(dir).unwrap());
    });
    let build = time(rounds, || {
        black_box(index::build(&corpus, &fresh()).unwrap());
    });
    let both = time(rounds, || {
        let c = corpus::load(dir).unwrap();
        black_box(index::build(&c, &fresh()).unwrap());
    });
    let mut index_bytes = 0;
    let open_cold = time(rounds, || {
        // Concord::open on a missing index: load, build, verify, open the engine.
        let paths = concord::Paths {
            corpus: dir.to_path_buf(),
            index: fresh(),
        };
        let c = concord::Concord::open(&paths).unwrap();
        index_bytes = common::dir_size(&paths.index);
        black_box(c);
    });
    let open_warm = {
        let paths = concord::Paths {
            corpus: dir.to_path_buf(),
            index: fresh(),
        };
        concord::Concord::open(&paths).unwrap();
        time(rounds, || {
            black_box(concord::Concord::open(&paths).unwrap());
        })
    };
    let mut fts_bytes = 0;
    let fts_mem = time(rounds, || {
        let f = Fts5::in_memory(&rows).unwrap();
        fts_bytes = f.size();
        black_box(f);
    });
    let fts_file = time(rounds, || {
        let f = Fts5::in_file(&fresh().with_extension("sqlite"), &rows).unwrap();
        black_box(f);
    });
    let fts_rows = time(rounds, || {
        black_box(fts5::rows(&corpus));
    });

    println!(
        "\n{:<46} {:>9} {:>9} {:>9} {:>12}",
        "step", "p50 ms", "min ms", "mean ms", "µs/document"
    );
    let line = |name: &str, s: &[Duration]| {
        println!(
            "{name:<46} {:>9.2} {:>9.2} {:>9.2} {:>12.1}",
            ms(percentile(s, 0.5)),
            ms(s[0]),
            ms(mean(s)),
            us(percentile(s, 0.5)) / docs as f64
        );
    };
    line("Concord corpus::load (parse Markdown)", &load);
    line("Concord index::build (tantivy, to disk)", &build);
    line("Concord load + build (Markdown → index)", &both);
    line("Concord::open, index missing (load+build+open)", &open_cold);
    line("Concord::open, index present", &open_warm);
    line("FTS5 rows from the parsed corpus", &fts_rows);
    line("FTS5 create + insert, in memory", &fts_mem);
    line("FTS5 create + insert, temp file", &fts_file);
    let ratio = |a: &[Duration], b: &[Duration]| {
        percentile(a, 0.5).as_secs_f64() / percentile(b, 0.5).as_secs_f64()
    };
    println!(
        "ratio Concord load+build / FTS5 in memory: {:.2}; index::build alone / FTS5 in memory: {:.2}; / FTS5 file: {:.2}",
        ratio(&both, &fts_mem),
        ratio(&build, &fts_mem),
        ratio(&build, &fts_file)
    );
    println!(
        "size: tantivy index {} KiB on disk; FTS5 database {} KiB",
        index_bytes / 1024,
        fts_bytes / 1024
    );
    println!();

    println!("load average (1/5/15 min) at end: {}", common::loadavg());
    let mut c = common::criterion(quick);
    let mut group = c.benchmark_group("build");
    group.bench_function("concord_load_and_index", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |t| {
                let c = corpus::load(dir).unwrap();
                black_box(index::build(&c, t.path()).unwrap());
                t
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("concord_index_only", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |t| {
                black_box(index::build(&corpus, t.path()).unwrap());
                t
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("fts5_in_memory", |b| {
        b.iter(|| black_box(Fts5::in_memory(&rows).unwrap()))
    });
    group.finish();
    c.final_summary();
}
