//! The bodies of Concord's fuzz targets, shared by the libFuzzer build (`cargo fuzz`, nightly)
//! and the plain build (`plain::main`, any toolchain), plus the plain build's own driver.
//!
//! Each target checks promises, not just "does not panic": error lines point into the file,
//! ranges fall on char boundaries, ids read back as themselves.
//!
//! Bugs already reported are tolerated (counted, not crashed on) so the fuzzer can look past
//! them; set `FUZZ_STRICT=1` to crash on them too.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Once, OnceLock};

use concord::corpus::{ProvisionId, parse_treaty};
use concord::search::SearchRequest;
use concord::{Concord, Paths};

/// The real corpus, with an index built once per process in a temporary folder
/// (`CONCORD_FUZZ_INDEX` to choose it).
pub fn concord() -> &'static Concord {
    static CONCORD: OnceLock<Concord> = OnceLock::new();
    CONCORD.get_or_init(|| {
        let index = std::env::var_os("CONCORD_FUZZ_INDEX")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("concord-fuzz-index"));
        Concord::open(&Paths {
            corpus: concord::default_corpus_dir().to_path_buf(),
            index,
        })
        .expect("Concord opens the real corpus")
    })
}

// ---------------------------------------------------------------------------------------------
// Known bugs

/// Tells a reported bug by where it panicked and what it said.
type Recogniser = fn(&str, &str) -> bool;

thread_local! {
    static KNOWN: Cell<Option<Recogniser>> = const { Cell::new(None) };
    static WAS_KNOWN: Cell<bool> = const { Cell::new(false) };
}

/// How many inputs hit a reported bug.
pub static KNOWN_BUG_HITS: AtomicUsize = AtomicUsize::new(0);

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Under libFuzzer the hook taken here is the one that aborts on a panic.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            if let Some(known) = KNOWN.with(Cell::get)
                && known(&location, &message)
            {
                WAS_KNOWN.with(|k| k.set(true));
                return;
            }
            previous(info);
        }));
    });
}

/// Runs `f`; a panic that `known` recognises as a reported bug is counted and swallowed,
/// any other goes on as a crash.
fn tolerating<T>(known: Recogniser, f: impl FnOnce() -> T) -> Option<T> {
    if std::env::var_os("FUZZ_STRICT").is_some() {
        return Some(f());
    }
    install_hook();
    KNOWN.with(|k| k.set(Some(known)));
    let result = catch_unwind(AssertUnwindSafe(f));
    KNOWN.with(|k| k.set(None));
    match result {
        Ok(v) => Some(v),
        Err(payload) => {
            if WAS_KNOWN.with(|k| k.replace(false)) {
                KNOWN_BUG_HITS.fetch_add(1, Ordering::Relaxed);
                None
            } else {
                resume_unwind(payload)
            }
        }
    }
}

/// tests/properties.rs `excluding_a_phrase_does_not_panic_the_search` (debug assertions).
fn phrase_exclusion_bug(location: &str, _: &str) -> bool {
    location.contains("tantivy") && location.contains("phrase_scorer.rs")
}

// ---------------------------------------------------------------------------------------------
// Targets

/// The query path: the first byte picks the filters and the page, the rest is the query.
pub fn search(data: &[u8]) {
    let Some((&options, rest)) = data.split_first() else {
        return;
    };
    let query = String::from_utf8_lossy(rest).into_owned();
    let engine = &concord().engine;
    let request = SearchRequest {
        query: query.clone(),
        treaties: match options & 3 {
            0 => Vec::new(),
            1 => vec!["budapest".into()],
            2 => vec!["un".into(), "malabo".into()],
            _ => vec!["nope".into()],
        },
        chapter: (options & 4 != 0).then(|| "budapest:chp_ii".to_string()),
        limit: usize::from(options >> 3) * 4,
        offset: if options & 0x80 != 0 { 9_990 } else { 0 },
    };
    let Some(result) = tolerating(phrase_exclusion_bug, || engine.search(&request)) else {
        return;
    };
    if let Ok(results) = result {
        assert!(results.hits.len() <= request.limit.clamp(1, 100));
        for hit in &results.hits {
            for h in &hit.highlights {
                assert!(
                    h.start <= h.end
                        && h.end <= hit.snippet.len()
                        && hit.snippet.is_char_boundary(h.start)
                        && hit.snippet.is_char_boundary(h.end),
                    "highlight {h:?} outside {:?}",
                    hit.snippet
                );
            }
        }
    }
    let terms = engine.highlight_terms(&query);
    let _ = terms.find("Each Party shall adopt such legislative measures as may be necessary.");
}

/// The citation reader and provision ids: whatever is read as a citation, and every id that
/// names something, reads back as itself.
pub fn citation(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let corpus = &concord().corpus;
    if let Some(id) = concord::search::citation::parse(&text, corpus) {
        assert_eq!(
            ProvisionId::parse(&id.to_string()).as_ref(),
            Ok(&id),
            "{text:?}"
        );
        let _ = id.resolve(corpus);
    }
    let (_, ids) = concord::search::citation::treaty_names(&text, corpus);
    assert!(ids.iter().all(|id| corpus.treaty(id).is_some()));
    if let Ok(id) = ProvisionId::parse(&text)
        && let Ok(resolved) = id.resolve(corpus)
    {
        let canonical = resolved.canonical();
        let back = ProvisionId::parse(&canonical)
            .and_then(|b| b.resolve(corpus).map(|r| r.url()))
            .unwrap_or_else(|e| panic!("canonical {canonical:?} of {text:?}: {e}"));
        // Reported: an unnumbered paragraph reached by number ("uncc:1(1)") has the whole
        // article's canonical id (tests/properties.rs
        // `the_canonical_id_of_a_paragraph_names_that_paragraph`).
        let unnumbered = resolved.block.is_some_and(|b| b.label.is_none());
        if std::env::var_os("FUZZ_STRICT").is_some() || !unnumbered {
            assert_eq!(back, resolved.url(), "{text:?}");
        }
    }
}

/// The cross-reference scanner: ranges in order, not overlapping, on char boundaries.
pub fn xref(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut at = 0;
    for c in concord::xref::scan(&text) {
        assert!(
            c.range.start >= at
                && c.range.start <= c.range.end
                && c.range.end <= text.len()
                && text.is_char_boundary(c.range.start)
                && text.is_char_boundary(c.range.end),
            "range {:?} in {text:?}",
            c.range
        );
        at = c.range.end;
    }
}

/// The Markdown corpus parser: errors name the file and a line of it.
pub fn corpus(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Err(errors) = parse_treaty("fuzz.md", &text) {
        assert!(!errors.is_empty());
        let lines = text.split('\n').count();
        for e in &errors {
            assert_eq!(e.file, "fuzz.md");
            assert!(
                (1..=lines + 1).contains(&e.line),
                "line {} of {lines}: {}",
                e.line,
                e.message
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The plain driver

pub mod plain {
    //! Without libFuzzer: replays every input given (files, or folders of files), then, for
    //! `--duration SECS` (or `DURATION`), mutates them at random — bytes, ranges, splices and
    //! the target's own tokens — and runs each mutant. Crashing inputs are written to `--out`
    //! (default `target/fuzz-plain/<target>`) and the exit status is 1. Not coverage-guided,
    //! but it runs on any toolchain.

    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    /// Tokens the mutator splices in.
    fn dictionary(target: &str) -> &'static [&'static str] {
        match target {
            "search" | "citation" => &[
                "(",
                ")",
                "\"",
                "[",
                "]",
                "{",
                "}",
                " TO ",
                " AND ",
                " OR ",
                " NOT ",
                "+",
                "-",
                "*",
                "?",
                "~2",
                "^3",
                ":",
                "title:",
                "chapter:",
                "treaty:",
                "treaty:budapest",
                "budapest",
                "uncc",
                "malabo",
                "un",
                "ets 185",
                "protocol",
                "art. ",
                "article ",
                "29",
                "(1)",
                "(a)",
                "(ii)",
                "§",
                "paragraph ",
                "e-evidence",
                "İ",
                "ß",
                "é",
                "\u{301}",
                "\u{200d}",
                "🔥",
                "\0",
                "\n",
            ],
            "xref" => &[
                "article ",
                "articles ",
                "paragraph ",
                "paragraphs ",
                "subparagraph ",
                "sub-paragraph ",
                "chapter ",
                "Chapter II",
                "1",
                "17",
                "9.1.a",
                "4.2. ",
                "(a)",
                "(ii)",
                "(1)",
                ", ",
                " and ",
                " or ",
                " to ",
                " through ",
                " of this Convention",
                " of this article",
                " of the Convention",
                " of paragraph 1",
                " above",
                "Party's",
                "’",
                "–",
                "İ",
                "é",
                "\u{301}",
            ],
            _ => &[
                "\n",
                "\n\n",
                "+++\n",
                "# ",
                "## ",
                "### ",
                "#### ",
                "## Preamble\n",
                "## Testimonium\n",
                "## Annex – Notes\n",
                "## Chapter II – X\n",
                "### Section 1 – Y\n",
                "### Article 4 – Z\n",
                "### Article 4\n",
                "### Footnote 1\n",
                "1\\. ",
                "(a) ",
                "(ii) ",
                "a. ",
                "• ",
                "– ",
                "Principle 1: ",
                "- ",
                "> ",
                "```\n",
                "<b>",
                "*",
                "`",
                "[x](y)",
                "id = \"x\"\n",
                "[adoption]\n",
                "é",
                "İ",
                "–",
                "\u{a0}",
                "\r",
            ],
        }
    }

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            if n == 0 {
                0
            } else {
                (self.next() % n as u64) as usize
            }
        }
    }

    fn mutate(rng: &mut Rng, input: &[u8], pool: &[Vec<u8>], dict: &[&str], max: usize) -> Vec<u8> {
        let mut v = input.to_vec();
        for _ in 0..1 + rng.below(4) {
            let len = v.len();
            match rng.below(9) {
                0 if len > 0 => {
                    let i = rng.below(len);
                    v[i] ^= 1 << rng.below(8);
                }
                1 if len > 0 => {
                    let i = rng.below(len);
                    v[i] = rng.next() as u8;
                }
                2 => {
                    let i = rng.below(len + 1);
                    v.insert(i, rng.next() as u8);
                }
                3 if len > 0 => {
                    let a = rng.below(len);
                    let b = (a + 1 + rng.below(16)).min(len);
                    v.drain(a..b);
                }
                4 if len > 0 => {
                    let a = rng.below(len);
                    let b = (a + 1 + rng.below(64)).min(len);
                    let piece = v[a..b].to_vec();
                    let at = rng.below(len + 1);
                    v.splice(at..at, piece);
                }
                5 | 6 => {
                    let token = dict[rng.below(dict.len())].as_bytes();
                    let at = rng.below(len + 1);
                    v.splice(at..at, token.iter().copied());
                }
                7 if !pool.is_empty() => {
                    let other = &pool[rng.below(pool.len())];
                    let cut = rng.below(len + 1);
                    let from = rng.below(other.len() + 1);
                    v.truncate(cut);
                    v.extend_from_slice(&other[from..]);
                }
                8 => {
                    let c = char::from_u32(rng.next() as u32 % 0x11_0000).unwrap_or('é');
                    let mut buf = [0u8; 4];
                    let at = rng.below(len + 1);
                    v.splice(at..at, c.encode_utf8(&mut buf).bytes());
                }
                _ => {}
            }
        }
        v.truncate(max);
        v
    }

    fn inputs(paths: &[PathBuf]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for p in paths {
            if p.is_dir() {
                let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                    .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                    .unwrap_or_default();
                entries.sort();
                for e in entries.into_iter().filter(|e| e.is_file()) {
                    out.extend(std::fs::read(e).ok());
                }
            } else if let Ok(bytes) = std::fs::read(p) {
                out.push(bytes);
            }
        }
        out
    }

    fn hash(data: &[u8]) -> u64 {
        data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
        })
    }

    fn save(out: &Path, data: &[u8]) -> PathBuf {
        let _ = std::fs::create_dir_all(out);
        let path = out.join(format!("crash-{:016x}", hash(data)));
        let _ = std::fs::write(&path, data);
        path
    }

    pub fn main(target: &str, run: fn(&[u8])) {
        let mut args = std::env::args().skip(1);
        let mut duration: u64 = std::env::var("DURATION")
            .ok()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        let mut out = PathBuf::from(format!("target/fuzz-plain/{target}"));
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut paths = Vec::new();
        while let Some(a) = args.next() {
            match a.as_str() {
                "--duration" => duration = args.next().and_then(|d| d.parse().ok()).unwrap_or(0),
                "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
                "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(seed),
                _ => paths.push(PathBuf::from(a)),
            }
        }
        let max = if target == "corpus" { 64 * 1024 } else { 4096 };
        let mut pool = inputs(&paths);
        if pool.is_empty() {
            pool.push(Vec::new());
        }
        let dict = dictionary(target);
        // Build the index before the clock starts.
        if target == "search" || target == "citation" {
            let _ = super::concord();
        }
        let mut crashes = 0usize;
        let mut runs = 0usize;
        let mut try_one = |data: &[u8]| {
            runs += 1;
            if catch_unwind(AssertUnwindSafe(|| run(data))).is_err() {
                crashes += 1;
                let path = save(&out, data);
                eprintln!("{target}: CRASH, input saved to {}", path.display());
            }
        };
        let replayed = pool.len();
        for data in pool.clone() {
            try_one(&data);
        }
        let started = Instant::now();
        let mut rng = Rng(seed | 1);
        while started.elapsed() < Duration::from_secs(duration) {
            let base = pool[rng.below(pool.len())].clone();
            let mutant = mutate(&mut rng, &base, &pool, dict, max);
            try_one(&mutant);
            // Keep a few mutants, so mutations stack up.
            if rng.below(50) == 0 && pool.len() < 2_000 {
                pool.push(mutant);
            }
        }
        eprintln!(
            "{target}: {runs} runs ({replayed} replayed, {} mutated in {duration} s), {crashes} \
             crashes, {} hits of reported bugs",
            runs - replayed,
            super::KNOWN_BUG_HITS.load(std::sync::atomic::Ordering::Relaxed)
        );
        if crashes > 0 {
            std::process::exit(1);
        }
    }
}
