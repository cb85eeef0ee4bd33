//! Shared set-up for integration tests: the real corpus with an index built once per test
//! binary in a temporary folder (never the working `index/`).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use concord::{Concord, Paths};

pub fn index_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder").keep())
        .clone()
}

pub fn paths() -> Paths {
    Paths {
        corpus: concord::default_corpus_dir().to_path_buf(),
        index: index_dir(),
    }
}

pub fn concord() -> &'static Concord {
    static CONCORD: OnceLock<Concord> = OnceLock::new();
    CONCORD.get_or_init(|| Concord::open(&paths()).expect("Concord opens the real corpus"))
}
