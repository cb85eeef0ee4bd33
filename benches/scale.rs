//! Scale: synthetic corpora ×1, ×10 and ×100 the real one (see `common/synth.rs`), each
//! measured in fresh child processes so memory figures are its own: build time (Markdown to
//! index), index size on disk, opening with the index present, query latency over the 100
//! judged queries, and peak/resident memory (`VmHWM`/`VmRSS` from `/proc/self/status`) while
//! building and while searching. SQLite FTS5 over the same documents, for comparison.
//!
//! `cargo bench --bench scale` (`CONCORD_SCALE=1,10` to choose factors; `-- --quick` or
//! `CONCORD_BENCH_QUICK=1` for factors 1 and 10 with 2 rounds; `CONCORD_BENCH_ROUNDS=N`;
//! `CONCORD_SCALE_OUT=DIR` to keep the generated corpora).

mod common;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::fts5::{self, Fts5};
use common::{ms, percentile, us};
use concord::search::SearchRequest;
use concord::{Concord, Paths, corpus, index};

const PHASE: &str = "CONCORD_SCALE_PHASE";
const DIR: &str = "CONCORD_SCALE_DIR";

fn main() {
    if let Ok(phase) = std::env::var(PHASE) {
        let dir = PathBuf::from(std::env::var(DIR).expect("CONCORD_SCALE_DIR"));
        let rounds = common::env_usize("CONCORD_BENCH_ROUNDS", 5);
        match phase.as_str() {
            "build" => child_build(&dir),
            "search" => child_search(&dir, rounds),
            "fts5" => child_fts5(&dir, rounds),
            other => panic!("unknown phase {other}"),
        }
        return;
    }
    let quick = common::quick();
    let rounds = common::env_usize("CONCORD_BENCH_ROUNDS", if quick { 2 } else { 10 });
    let factors: Vec<usize> = match std::env::var("CONCORD_SCALE") {
        Ok(v) => v.split(',').filter_map(|f| f.trim().parse().ok()).collect(),
        Err(_) if quick => vec![1, 10],
        Err(_) => vec![1, 10, 100],
    };
    // CONCORD_SCALE_OUT=DIR keeps the generated corpora and indexes there, to look at.
    let keep = std::env::var_os("CONCORD_SCALE_OUT").map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let root = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    println!(
        "scale: factors {factors:?}, {rounds} rounds of the judged queries{}; in {}",
        if quick { " (quick)" } else { "" },
        root.display()
    );
    println!("load average (1/5/15 min) at start: {}", common::loadavg());
    let exe = std::env::current_exe().expect("the bench binary");
    let mut results: Vec<(usize, BTreeMap<String, f64>)> = Vec::new();
    for &factor in &factors {
        let dir = root.join(format!("x{factor}"));
        let _ = std::fs::remove_dir_all(&dir);
        let start = Instant::now();
        common::synth::generate(&dir.join("corpus"), factor).expect("the corpus is written");
        println!(
            "×{factor}: generated {} MiB of Markdown in {:.1} s",
            common::markdown_bytes(&dir.join("corpus")) / (1 << 20),
            start.elapsed().as_secs_f64()
        );
        let mut values = BTreeMap::new();
        for phase in ["build", "search", "fts5"] {
            let out = Command::new(&exe)
                .env(PHASE, phase)
                .env(DIR, &dir)
                .env("CONCORD_BENCH_ROUNDS", rounds.to_string())
                .output()
                .expect("the bench runs itself");
            let stdout = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&out.stderr));
                panic!("×{factor} {phase} failed: {stdout}");
            }
            for line in stdout.lines() {
                if let Some((k, v)) = line.split_once('=')
                    && let Ok(v) = v.trim().parse::<f64>()
                {
                    values.insert(k.trim().to_string(), v);
                }
            }
            println!("×{factor}: {phase} done");
        }
        results.push((factor, values));
        if keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    println!("load average (1/5/15 min) at end: {}", common::loadavg());
    report(&results);
}

fn report(results: &[(usize, BTreeMap<String, f64>)]) {
    let rows: &[(&str, &str, f64)] = &[
        ("treaties", "treaties", 1.0),
        ("documents", "documents", 1.0),
        ("markdown MiB", "markdown_bytes", 1.0 / 1048576.0),
        ("load (parse) ms", "load_ms", 1.0),
        ("index::build ms", "build_ms", 1.0),
        ("load+build ms", "load_build_ms", 1.0),
        ("build µs/document", "build_us_per_doc", 1.0),
        ("index on disk MiB", "index_bytes", 1.0 / 1048576.0),
        ("build peak RSS MiB (VmHWM)", "build_hwm_kb", 1.0 / 1024.0),
        ("open, index present ms", "open_ms", 1.0),
        ("query p50 µs", "q_p50_us", 1.0),
        ("query p95 µs", "q_p95_us", 1.0),
        ("query mean µs", "q_mean_us", 1.0),
        ("search RSS MiB (VmRSS)", "search_rss_kb", 1.0 / 1024.0),
        ("search peak RSS MiB (VmHWM)", "search_hwm_kb", 1.0 / 1024.0),
        ("FTS5 build (memory) ms", "fts_build_ms", 1.0),
        ("FTS5 size MiB", "fts_bytes", 1.0 / 1048576.0),
        ("FTS5 query p50 µs", "fts_p50_us", 1.0),
        ("FTS5 query p95 µs", "fts_p95_us", 1.0),
        ("FTS5 peak RSS MiB (VmHWM)", "fts_hwm_kb", 1.0 / 1024.0),
    ];
    print!("\n{:<30}", "");
    for (factor, _) in results {
        print!(" {:>12}", format!("×{factor}"));
    }
    for (factor, _) in results.iter().skip(1) {
        print!(" {:>9}", format!("×{factor}/×1"));
    }
    println!();
    for (label, key, scale) in rows {
        print!("{label:<30}");
        for (_, v) in results {
            match v.get(*key) {
                Some(x) => print!(" {:>12.1}", x * scale),
                None => print!(" {:>12}", "-"),
            }
        }
        let base = results.first().and_then(|(_, v)| v.get(*key)).copied();
        for (_, v) in results.iter().skip(1) {
            match (base, v.get(*key)) {
                (Some(b), Some(x)) if b > 0.0 => print!(" {:>9.2}", x / b),
                _ => print!(" {:>9}", "-"),
            }
        }
        println!();
    }
}

fn corpus_dir(dir: &Path) -> PathBuf {
    dir.join("corpus")
}

fn index_dir(dir: &Path) -> PathBuf {
    dir.join("index")
}

fn kb(field: &str) -> u64 {
    common::proc_status_kb(field).unwrap_or(0)
}

/// Markdown to index, in a process of its own.
fn child_build(dir: &Path) {
    let start = Instant::now();
    let c = corpus::load(&corpus_dir(dir)).expect("the synthetic corpus loads");
    let load = start.elapsed();
    let report = index::build(&c, &index_dir(dir)).expect("the index builds");
    let total = start.elapsed();
    let docs = report.documents as f64;
    println!("treaties={}", c.treaties.len());
    println!("documents={docs}");
    println!(
        "markdown_bytes={}",
        common::markdown_bytes(&corpus_dir(dir))
    );
    println!("load_ms={}", ms(load));
    println!("build_ms={}", ms(report.elapsed));
    println!("load_build_ms={}", ms(total));
    println!("build_us_per_doc={}", us(total) / docs);
    println!("index_bytes={}", common::dir_size(&index_dir(dir)));
    println!("build_hwm_kb={}", kb("VmHWM"));
}

fn search(engine: &concord::search::Engine, q: &str) -> usize {
    engine
        .search(&SearchRequest {
            query: q.to_string(),
            treaties: vec![],
            chapter: None,
            limit: 10,
            offset: 0,
        })
        .map(|r| r.hits.len())
        .unwrap_or(0)
}

fn timed_rounds(rounds: usize, mut f: impl FnMut(&str)) -> Vec<Duration> {
    let set = common::relevance_set();
    for j in &set {
        f(&j.q);
    }
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for j in &set {
            let start = Instant::now();
            f(&j.q);
            samples.push(start.elapsed());
        }
    }
    samples.sort();
    samples
}

/// Open with the index present, then the judged queries, in a process of its own.
fn child_search(dir: &Path, rounds: usize) {
    let paths = Paths {
        corpus: corpus_dir(dir),
        index: index_dir(dir),
    };
    let start = Instant::now();
    let concord = Concord::open(&paths).expect("Concord opens the synthetic corpus");
    println!("open_ms={}", ms(start.elapsed()));
    assert!(
        concord.built.is_none(),
        "the index was built by the build phase"
    );
    let samples = timed_rounds(rounds, |q| {
        black_box(search(&concord.engine, q));
    });
    println!("q_p50_us={}", us(percentile(&samples, 0.5)));
    println!("q_p95_us={}", us(percentile(&samples, 0.95)));
    println!("q_mean_us={}", us(common::mean(&samples)));
    println!("search_rss_kb={}", kb("VmRSS"));
    println!("search_hwm_kb={}", kb("VmHWM"));
}

/// FTS5 over the same documents (from the parsed corpus), in memory, in a process of its own.
fn child_fts5(dir: &Path, rounds: usize) {
    let c = corpus::load(&corpus_dir(dir)).expect("the synthetic corpus loads");
    let rows = fts5::rows(&c);
    drop(c);
    let start = Instant::now();
    let fts = Fts5::in_memory(&rows).expect("the FTS5 table builds");
    println!("fts_build_ms={}", ms(start.elapsed()));
    println!("fts_bytes={}", fts.size());
    drop(rows);
    let samples = timed_rounds(rounds, |q| {
        black_box(fts.search(q));
    });
    println!("fts_p50_us={}", us(percentile(&samples, 0.5)));
    println!("fts_p95_us={}", us(percentile(&samples, 0.95)));
    println!("fts_hwm_kb={}", kb("VmHWM"));
}
