//! Shared by the benches: the judged queries (`corpus/questions.toml`, `tests/relevance.toml`)
//! and their scores (the same definitions as `tests/relevance.rs`), the SQLite FTS5 peer,
//! timing and memory helpers.
#![allow(dead_code)]

pub mod fts5;
pub mod relevance;
pub mod synth;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Few iterations, for CI: `cargo bench --bench X -- --quick`, `CONCORD_BENCH_QUICK=1`, or the
/// bench binary run as a test (without cargo's `--bench` flag).
pub fn quick() -> bool {
    let args: Vec<String> = std::env::args().collect();
    std::env::var("CONCORD_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0")
        || args.iter().any(|a| a == "--quick")
        || !args.iter().any(|a| a == "--bench")
}

/// Criterion for a bench whose one iteration takes up to a few hundred ms: 20 samples in 10 s,
/// or a few short ones when quick; command-line options still apply.
pub fn criterion(quick: bool) -> criterion::Criterion {
    let c = criterion::Criterion::default()
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    let c = if quick {
        c.sample_size(10)
            .warm_up_time(Duration::from_millis(200))
            .measurement_time(Duration::from_millis(500))
    } else {
        c
    };
    c.configure_from_args()
}

/// The machine's load (`/proc/loadavg`), printed with results: other work on the two cores
/// skews them.
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// A number from the environment, or the default.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// Each bench binary compiles this module and uses a different part of it.
#[allow(unused_imports)]
pub use relevance::{Judged, Scores, relevance_set, score};

/// Scores of one engine over the set: by (set, kind) and by set ("dev", "heldout", "all").
pub struct Report {
    pub by_kind: BTreeMap<(String, String), Scores>,
    pub totals: BTreeMap<String, Scores>,
}

pub fn evaluate(set: &[Judged], rankings: &[Vec<String>]) -> Report {
    let mut by_kind: BTreeMap<(String, String), Scores> = BTreeMap::new();
    let mut totals: BTreeMap<String, Scores> = BTreeMap::new();
    for (judged, ranking) in set.iter().zip(rankings) {
        let s = score(judged, ranking);
        by_kind
            .entry((judged.set.clone(), judged.kind.clone()))
            .or_default()
            .add(s);
        totals.entry(judged.set.clone()).or_default().add(s);
        totals.entry("all".into()).or_default().add(s);
    }
    Report { by_kind, totals }
}

impl Report {
    /// The table `tests/relevance.rs` prints.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<8} {:<13} {:>3} {:>8} {:>6} {:>9}\n",
            "set", "kind", "n", "nDCG@10", "P@1", "recall@10"
        );
        for ((set_name, kind), s) in &self.by_kind {
            let (ndcg, p1, recall) = s.mean();
            out += &format!(
                "{set_name:<8} {kind:<13} {:>3} {ndcg:>8.3} {p1:>6.3} {recall:>9.3}\n",
                s.n
            );
        }
        for (name, s) in &self.totals {
            let (ndcg, p1, recall) = s.mean();
            out += &format!(
                "{name:<8} {:<13} {:>3} {ndcg:>8.3} {p1:>6.3} {recall:>9.3}\n",
                "ALL", s.n
            );
        }
        out
    }
}

/// The value at quantile `q` (0..=1) of sorted samples, nearest rank.
pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn mean(samples: &[Duration]) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.iter().sum::<Duration>() / samples.len() as u32
}

/// Microseconds, for tables.
pub fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Milliseconds, for tables.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A field of `/proc/self/status` in kB (`VmHWM`, `VmRSS`).
pub fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// Bytes of all files under a folder.
pub fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Bytes of the corpus Markdown files (README excluded) in a folder.
pub fn markdown_bytes(dir: &Path) -> u64 {
    concord::corpus::corpus_files(dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}
