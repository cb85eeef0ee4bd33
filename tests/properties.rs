//! Property tests: arbitrary input never panics the query path, the citation parser, provision
//! ids, the cross-reference scanner, the Markdown corpus parser or the comparison, and what
//! they return keeps its documented promises (ranges on char boundaries, errors that name
//! their file and a real line, ids that read back as themselves).
//!
//! Case counts are modest so CI (two cores, debug build) stays fast; `PROPTEST_CASES=N` runs
//! more. Failures are not persisted to files: a failing input found here is kept as a
//! regression test at the end of this file.

mod common;

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Once, OnceLock};

use concord::corpus::{CorpusError, ProvisionId, parse_treaty};
use concord::search::{QueryError, SearchRequest};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngSeed};

/// `cases` cases (or `PROPTEST_CASES`), from a fixed seed so CI is reproducible (or
/// `PROPTEST_RNG_SEED=<n>` to explore elsewhere), with no failure files written.
fn config(cases: u32) -> Config {
    let base = Config::default();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        base.rng_seed
    } else {
        RngSeed::Fixed(0x00c0_4c04_d5ee_d5ee)
    };
    Config {
        cases,
        rng_seed,
        failure_persistence: None,
        ..base
    }
}

// ---------------------------------------------------------------------------------------------
// Panics: where and why, so a reported bug can be told from a new one

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Records each panic's location and message for `guarded`, and keeps the ones it catches
/// off the output.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
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
            LAST_PANIC.with(|p| *p.borrow_mut() = Some((location, message)));
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into its (location, message).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, (String, String)> {
    install_panic_hook();
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_default()
    })
}

/// How many generated queries hit the reported phrase-exclusion bug (see the regressions).
static KNOWN_SEARCH_PANICS: AtomicUsize = AtomicUsize::new(0);

/// The search path's reported bug: excluding a phrase (`access -"illegal access"`, or
/// `data -e-evidence`, whose hyphenated word is read as a phrase) trips a debug assertion in
/// tantivy's `PhraseScorer::seek_danger` (debug builds only).
fn known_phrase_exclusion_bug(location: &str) -> bool {
    cfg!(debug_assertions) && location.contains("tantivy") && location.contains("phrase_scorer.rs")
}

/// `parse_treaty`, with a panic turned into a failure that says where and on what.
fn parse_checked(
    file: &str,
    text: &str,
) -> Result<Result<concord::corpus::Treaty, Vec<CorpusError>>, TestCaseError> {
    guarded(|| parse_treaty(file, text)).map_err(|(location, message)| {
        TestCaseError::fail(format!(
            "parse_treaty panicked at {location}: {message} on {text:?}"
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// Pieces of query syntax, citations, and awkward characters.
const QUERY_PIECES: &[&str] = &[
    "access",
    "data",
    "illegal",
    "interception",
    "computer system",
    "(",
    ")",
    "\"",
    "[",
    "]",
    "{",
    "}",
    "TO",
    "AND",
    "OR",
    "NOT",
    "IN",
    "+",
    "-",
    "!",
    "*",
    "?",
    "~",
    "~2",
    "^",
    "^3",
    "^-1",
    ":",
    "title:",
    "body:",
    "chapter:",
    "notes:",
    "treaty:",
    "treaty:budapest",
    "treaty:un",
    "treaty:nope",
    "foo:",
    "*:*",
    "[* TO *]",
    "title:[a TO z]",
    "\\",
    "/",
    "budapest",
    "uncc",
    "malabo",
    "un",
    "ets",
    "185",
    "189",
    "protocol",
    "art",
    "art.",
    "article",
    "articles",
    "2",
    "29",
    "0",
    "99999999999",
    "(1)",
    "(a)",
    "(ii)",
    "§",
    "para",
    "paragraph",
    "of the",
    "convention",
    "İ",
    "ẞ",
    "ﬁ",
    "é",
    "\u{301}",
    "\u{200d}",
    "\u{202e}",
    "\u{feff}",
    "🔥",
    "\0",
    "\n",
    "\t",
    ",",
    ".",
    ";",
    "'",
    "“",
    "”",
    "–",
    "e-evidence",
    "24/7",
    "{{",
    "}}",
    "<script>",
    "&",
];

fn piece(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(pieces).prop_map(str::to_string),
        1 => "[a-zA-Z]{1,10}",
        1 => "[0-9]{1,12}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Up to `max` pieces, joined by spaces or nothing.
fn sentence(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((piece(pieces), any::<bool>()), 0..max).prop_map(|parts| {
        let mut s = String::new();
        for (p, space) in parts {
            s.push_str(&p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => sentence(QUERY_PIECES, 24),
        1 => any::<String>(),
        1 => ".{0,600}",
    ]
}

const ID_PIECES: &[&str] = &[
    "budapest",
    "Budapest",
    "uncc",
    "un",
    "malabo",
    "au",
    "budapest-p1",
    "ets185",
    "ets 189",
    "nope",
    ":",
    "::",
    "preamble",
    "PREAMBLE",
    "2",
    "29",
    "0",
    "4294967295",
    "4294967296",
    "(1)",
    "(a)",
    "(ii)",
    "(iii)",
    "(",
    ")",
    ".",
    "1",
    "a",
    "(abcdefg)",
    " ",
    "\t",
    "é",
    "İ",
];

fn provision_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(select(ID_PIECES), 0..8).prop_map(|p| p.concat()),
        1 => any::<String>(),
    ]
}

const XREF_PIECES: &[&str] = &[
    "article",
    "Article",
    "articles",
    "paragraph",
    "paragraphs",
    "subparagraph",
    "sub-paragraph",
    "sub-paragraphs",
    "chapter",
    "chapters",
    "Chapter II",
    "1",
    "2",
    "17",
    "9.1.a",
    "4.2.",
    "(a)",
    "(ii)",
    "(1)",
    "(",
    ")",
    "a.",
    ",",
    "and",
    "or",
    "to",
    "through",
    "of this Convention",
    "of this article",
    "of this paragraph",
    "of the present Convention",
    "of the Convention",
    "of this Protocol",
    "of the Charter of the United Nations",
    "of paragraph 1",
    "above",
    "below",
    "the",
    "Party's",
    "’",
    "–",
    "-",
    ".",
    "İ",
    "ﬁ",
    "é",
    "\u{301}",
    "🔥",
];

// ---------------------------------------------------------------------------------------------
// The query path

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn search_never_panics(
        q in query(),
        treaties in prop::collection::vec(select(&["budapest", "un", "ets189", "nope", "", "MALABO"][..]), 0..3),
        chapter in prop::option::of(select(&["budapest:chp_ii", "chp_ii", "uncc:chp_ii__sec_1", "", "x:y"][..])),
        limit in 0usize..200,
        offset in prop_oneof![0usize..30, 0usize..20_000],
    ) {
        let engine = &common::concord().engine;
        let request = SearchRequest {
            query: q.clone(),
            treaties: treaties.iter().map(|t| t.to_string()).collect(),
            chapter: chapter.map(str::to_string),
            limit,
            offset,
        };
        let result = match guarded(|| engine.search(&request)) {
            Ok(result) => result,
            Err((location, _)) if known_phrase_exclusion_bug(&location) => {
                KNOWN_SEARCH_PANICS.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            Err((location, message)) => {
                return Err(TestCaseError::fail(format!(
                    "search panicked at {location}: {message} on {request:?}"
                )));
            }
        };
        match result {
            Ok(r) => {
                prop_assert!(r.hits.len() <= limit.clamp(1, 100));
                prop_assert!(r.total >= r.hits.len() || offset > 0);
                for hit in &r.hits {
                    for h in &hit.highlights {
                        prop_assert!(
                            h.start <= h.end
                                && h.end <= hit.snippet.len()
                                && hit.snippet.is_char_boundary(h.start)
                                && hit.snippet.is_char_boundary(h.end),
                            "highlight {:?} outside snippet {:?}", h, hit.snippet
                        );
                    }
                }
            }
            Err(QueryError::Empty) => {
                let kept: String = q.chars().filter(|c| !c.is_control()).collect();
                prop_assert!(kept.trim().is_empty(), "{:?} called empty", q);
            }
            Err(QueryError::TooLong { len }) => prop_assert!(len > 500),
            Err(QueryError::UnknownTreaty { .. }) => {}
        }
    }

    #[test]
    fn highlight_terms_never_panic(q in query()) {
        let engine = &common::concord().engine;
        let terms = engine.highlight_terms(&q);
        let text = "Each Party shall adopt such legislative measures as may be necessary to establish \
                    as criminal offences the access to the whole or any part of a computer system.";
        let (_, ranges) = terms.find(text);
        for r in ranges {
            prop_assert!(r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }

    #[test]
    fn analysis_offsets_point_into_the_text(text in prop_oneof![any::<String>(), sentence(QUERY_PIECES, 16)]) {
        let tokens = concord::search::analysis::tokens(&text);
        for (_, r) in &tokens {
            prop_assert!(
                r.start <= r.end && r.end <= text.len()
                    && text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                "token range {:?} in {:?}", r, text
            );
        }
        prop_assert_eq!(concord::search::analysis::stems(&text).len(), tokens.len());
    }
}

// ---------------------------------------------------------------------------------------------
// Citations and provision ids

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn citation_parse_never_panics_and_reads_back(q in prop_oneof![query(), provision_id()]) {
        let corpus = &common::concord().corpus;
        if let Some(id) = concord::search::citation::parse(&q, corpus) {
            let again = ProvisionId::parse(&id.to_string());
            prop_assert_eq!(again.as_ref(), Ok(&id), "{:?} → {}", q, id);
            // Resolving may fail (no such article), but must not panic.
            let _ = id.resolve(corpus);
        }
        let (rest, ids) = concord::search::citation::treaty_names(&q, corpus);
        for id in ids {
            prop_assert!(corpus.treaty(&id).is_some(), "{:?} named {:?}", q, id);
        }
        let _ = rest;
    }

    #[test]
    fn provision_ids_parse_resolve_and_read_back(s in provision_id()) {
        let corpus = &common::concord().corpus;
        let Ok(id) = ProvisionId::parse(&s) else {
            return Ok(());
        };
        if let Ok(resolved) = id.resolve(corpus) {
            // Ids of things that exist read back as themselves. (Not every parsed id does: the
            // 40-byte limit is checked before lowercasing, and "İ" lowercases longer.)
            let again = ProvisionId::parse(&id.to_string());
            prop_assert_eq!(again.as_ref(), Ok(&id), "{:?} → {}", s, id);
            let canonical = resolved.canonical();
            let back = ProvisionId::parse(&canonical)
                .unwrap_or_else(|e| panic!("canonical {canonical:?} of {s:?} does not parse: {e}"));
            let back = back
                .resolve(corpus)
                .unwrap_or_else(|e| panic!("canonical {canonical:?} of {s:?} does not resolve: {e}"));
            // Reported: an unnumbered paragraph reached by number ("uncc:1(1)") has the whole
            // article's canonical id; see `the_canonical_id_of_a_paragraph_names_that_paragraph`.
            let unnumbered = resolved.block.is_some_and(|b| b.label.is_none());
            if !unnumbered {
                prop_assert_eq!(back.url(), resolved.url(), "{:?}", s);
            }
            let _ = resolved.citation();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Cross-references

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn xref_scan_ranges_are_in_order_on_char_boundaries(
        text in prop_oneof![3 => sentence(XREF_PIECES, 30), 1 => any::<String>()],
    ) {
        let found = concord::xref::scan(&text);
        let mut at = 0;
        for c in &found {
            prop_assert!(
                c.range.start <= c.range.end && c.range.end <= text.len()
                    && text.is_char_boundary(c.range.start) && text.is_char_boundary(c.range.end),
                "range {:?} in {:?}", c.range, text
            );
            prop_assert!(c.range.start >= at, "overlapping or out of order: {:?}", found);
            at = c.range.end;
        }
    }
}

#[test]
fn cross_references_build_over_the_real_corpus() {
    let refs = concord::xref::CrossReferences::build(&common::concord().corpus);
    assert!(!refs.all().is_empty());
}

// ---------------------------------------------------------------------------------------------
// The Markdown corpus parser

/// A small treaty in the corpus format that parses without errors: front matter, preamble,
/// nested divisions, articles with paragraphs, points and sub-points, testimonium, annex notes.
const SMALL_TREATY: &str = "+++
id = \"tiny\"
position = 9
aliases = [\"tc\"]
title = \"Tiny Convention on Testing\"
short_title = \"Tiny Convention\"
abbreviation = \"TC\"
citation = \"Tiny Convention\"
document = \"TC No. 1\"
organisation = \"Testing Union\"
binding = true
depositary = \"The Secretary\"

[adoption]
date = \"2020-01-02\"
place = \"Nowhere\"

[entry_into_force]
rule = \"On signature.\"
date = \"2020-02-03\"

[[status]]
fact = \"In force.\"
as_of = \"2020-02-03\"

[source]
official = \"none\"
copy = \"none\"
reference = \"tiny.txt\"
+++

# Tiny Convention on Testing

## Preamble

The Parties to this Convention,

Considering that tests matter;

## Chapter I – General provisions

### Article 1 – Use of terms

For the purposes of this Convention:

(a) \"computer system\" means any device;

(b) \"data\" means any representation of facts.

### Article 2 – Scope

1\\. This Convention applies to offences under article 1 (a).

2\\. Each Party shall adopt measures:

(a) to do one thing;

(i) in one way;

(ii) in another way;

(b) to do another thing, as provided in paragraph 1 above.

## Chapter II – Measures

### Section 1 – Substantive law

#### Article 3 – Illegal access

Each Party shall adopt such measures as may be necessary to establish illegal access as an offence.

## Testimonium

Done at Nowhere, this second day of January 2020.

## Annex – Notes

### Article 2

1\\. A note on article 2.
";

fn lines_of(text: &str) -> usize {
    text.split('\n').count()
}

fn check_errors(file: &str, text: &str, errors: &[CorpusError]) -> Result<(), TestCaseError> {
    prop_assert!(!errors.is_empty(), "Err with no errors");
    let max = lines_of(text) + 1;
    for e in errors {
        prop_assert_eq!(&e.file, file);
        prop_assert!(
            (1..=max).contains(&e.line),
            "line {} outside 1..={} for {:?}",
            e.line,
            max,
            e.message
        );
        prop_assert!(!e.message.is_empty());
    }
    Ok(())
}

fn budapest_p1() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(concord::default_corpus_dir().join("budapest-p1.md"))
            .expect("the corpus file")
    })
}

/// Lines a mutation may insert: corpus-format lines, near misses, and non-ASCII headings.
const LINE_POOL: &[&str] = &[
    "",
    "+++",
    "# Title",
    "## Preamble",
    "## Testimonium",
    "## Annex – Notes",
    "## Annex",
    "## Chapter III – More",
    "## Chapter – none",
    "## Chapter IIII – Roman",
    "### Section 2 – Procedure",
    "#### Title 1 – Offences",
    "### Article 4 – New",
    "### Article 4",
    "### Article 2 – Duplicate",
    "### Article 99999999999 – Huge",
    "### Article x – Letter",
    "### Article – Dash",
    "### Article–5 – No space",
    "## Article\u{a0}6 – Non-breaking space",
    "### Articles 2 and 3",
    "### Footnote 1",
    "## Préambule",
    "## Télécharger",
    "## Annexé",
    "## Partie – française",
    "## Chapitre Ier – Dispositions",
    "#### Årticle 7 – Nordic",
    "1. A paragraph.",
    "999. A far paragraph.",
    "1.",
    "(a) A point.",
    "(ii) A sub-point.",
    "(iiiiii) Too roman.",
    "a. A letter point.",
    "a)",
    "• A bullet.",
    "– A dash item.",
    "Principle 1: A principle.",
    "Principle : none",
    "Plain words.",
    "- a list item",
    "> a quote",
    "    indented code",
    "```",
    "<div>html</div>",
    "*emphasis*",
    "[link](http://x)",
    "`code`",
    "---",
    "| a | b |",
    "id = \"second\"",
    "[adoption]",
    "date = \"not a date\"",
    "é",
    "İ",
    "\u{202e}",
    "🔥",
    "\t",
    "\r",
];

#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, String),
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    /// Inserts a character at a byte position (moved to a char boundary).
    Char(usize, char),
    /// Cuts the text at a byte position (moved to a char boundary).
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), prop_oneof![
            4 => select(LINE_POOL).prop_map(str::to_string),
            1 => ".{0,40}",
            1 => prop::collection::vec(select(LINE_POOL), 1..3).prop_map(|v| v.concat()),
        ]).prop_map(|(i, l)| Mutation::Insert(i, l)),
        2 => any::<usize>().prop_map(Mutation::Delete),
        1 => any::<usize>().prop_map(Mutation::Duplicate),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        2 => (any::<usize>(), any::<char>()).prop_map(|(i, c)| Mutation::Char(i, c)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut joined: Option<String> = None;
    for m in mutations {
        if let Some(t) = joined.take() {
            lines = t.split('\n').map(str::to_string).collect();
        }
        let n = lines.len();
        match m {
            Mutation::Insert(i, l) => lines.insert(i % (n + 1), l.clone()),
            Mutation::Delete(i) if n > 0 => {
                lines.remove(i % n);
            }
            Mutation::Duplicate(i) if n > 0 => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Mutation::Swap(a, b) if n > 0 => lines.swap(a % n, b % n),
            Mutation::Char(i, c) => {
                let mut t = lines.join("\n");
                let at = floor_boundary(&t, *i);
                t.insert(at, *c);
                joined = Some(t);
            }
            Mutation::Truncate(i) => {
                let mut t = lines.join("\n");
                let at = floor_boundary(&t, *i);
                t.truncate(at);
                joined = Some(t);
            }
            _ => {}
        }
    }
    joined.unwrap_or_else(|| lines.join("\n"))
}

#[test]
fn the_small_treaty_is_valid() {
    let t = parse_treaty("tiny.md", SMALL_TREATY).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(t.articles.len(), 3);
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn corpus_parser_on_arbitrary_text(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(select(LINE_POOL), 0..30).prop_map(|l| l.join("\n")),
    ]) {
        if let Err(errors) = parse_checked("arbitrary.md", &text)? {
            check_errors("arbitrary.md", &text, &errors)?;
        }
    }

    #[test]
    fn corpus_parser_on_mutations_of_a_small_treaty(
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let text = apply(SMALL_TREATY, &mutations);
        if let Err(errors) = parse_checked("tiny.md", &text)? {
            check_errors("tiny.md", &text, &errors)?;
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn corpus_parser_on_mutations_of_a_real_treaty(
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let text = apply(budapest_p1(), &mutations);
        if let Err(errors) = parse_checked("budapest-p1.md", &text)? {
            check_errors("budapest-p1.md", &text, &errors)?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Comparison

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn compare_never_panics(ids in prop::collection::vec(provision_id(), 0..5)) {
        let concord = common::concord();
        let result = concord::compare::compare(&concord.corpus, concord.engine.thesaurus(), &ids);
        match result {
            Ok(c) => {
                prop_assert_eq!(c.columns.len(), ids.len());
                for row in &c.rows {
                    prop_assert_eq!(row.len(), ids.len());
                    for (col, cell) in row.iter().enumerate() {
                        if let Some(i) = cell {
                            prop_assert!(*i < c.columns[col].paragraphs.len());
                        }
                    }
                }
                let _ = c.to_csv();
            }
            Err(concord::compare::CompareError::Count(n)) => {
                prop_assert!(!(2..=3).contains(&n));
            }
            Err(_) => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: inputs the properties or the fuzz targets found

/// The small treaty with `heading` and a paragraph inserted before its testimonium.
fn in_body(heading: &str) -> String {
    SMALL_TREATY.replace(
        "## Testimonium",
        &format!("{heading}\n\nWords.\n\n## Testimonium"),
    )
}

/// Regression: a heading whose byte 8 falls inside a character after the word "Article" —
/// "Article–5 – Title" (an en dash for the space) or "Article\u{a0}6 – Title" (a non-breaking
/// space) — panicked in src/corpus/parse.rs `TreatyParser::article` (`text["article ".len()..]`)
/// instead of reporting an error. Found by `corpus_parser_on_arbitrary_text`; fixed in 59932cb.
#[test]
fn an_article_heading_without_an_ascii_space_is_an_error_not_a_panic() {
    for heading in [
        "### Article–5 – No space",
        "## Article\u{a0}6 – Non-breaking space",
        "### Article—7",
    ] {
        let text = in_body(heading);
        let result = guarded(|| parse_treaty("tiny.md", &text));
        let (location, message) = result.as_ref().err().cloned().unwrap_or_default();
        assert!(
            result.is_ok(),
            "{heading:?}: panicked at {location}: {message}"
        );
    }
}

/// Regression: a heading with a multi-byte character across byte 5 or 7 of its text —
/// "## Télécharger" — panicked in src/corpus/parse.rs `starts_with_word` (`text[..word.len()]`
/// with "annex" or "article") instead of reporting "heading … is not an article". Found by
/// `corpus_parser_on_mutations_of_a_real_treaty`; fixed in 59932cb.
#[test]
fn a_heading_with_accents_is_an_error_not_a_panic() {
    for heading in ["## Télécharger", "### Titreéé – x", "### Annexé – notes"] {
        let text = in_body(heading);
        let result = guarded(|| parse_treaty("tiny.md", &text));
        let (location, message) = result.as_ref().err().cloned().unwrap_or_default();
        assert!(
            result.is_ok(),
            "{heading:?}: panicked at {location}: {message}"
        );
    }
}

/// Excluding a phrase panics the search in a debug build: `access -"illegal access"` and
/// `data -e-evidence` (the hyphenated word becomes a phrase) reach tantivy 0.27's
/// `PhraseScorer::seek_danger`, whose `debug_assert!(target >= self.doc())` fails ("target (4)
/// should be greater than or equal to doc (2147483647)"). `Engine::search` (src/search/mod.rs)
/// lets the panic through; on the web `AppState::search`'s `.expect("search does not panic")`
/// re-panics in the handler and the connection is dropped without an answer. Release builds
/// skip the assertion. Found by `search_never_panics`.
#[test]
fn excluding_a_phrase_does_not_panic_the_search() {
    let engine = &common::concord().engine;
    for q in [
        "access -\"illegal access\"",
        "data -e-evidence",
        "*:* -e-evidence( access",
        "*:* -\"a b\"",
    ] {
        let result = guarded(|| engine.search(&SearchRequest::new(q)));
        let (location, message) = result.as_ref().err().cloned().unwrap_or_default();
        assert!(result.is_ok(), "{q:?}: panicked at {location}: {message}");
    }
}

/// The canonical id of a paragraph reached by number in an article whose paragraphs are not
/// numbered does not name that paragraph: `uncc:1(1)` (or `uncc:1.1`, `budapest:2(1)`)
/// resolves to the first paragraph, `/uncc/art/1#art_1__para_1`, but `Resolved::canonical()`
/// (src/corpus/provision.rs, via `citation_path`, which keeps only labelled blocks) gives
/// `uncc:1`, which resolves to the whole article. Ids shown for such a provision (the API's
/// `id`, a comparison column's `id`, the search's cited hit) then name more than was cited.
/// Found by the `citation` fuzz target (libFuzzer) on "uNcc:1.1".
#[test]

fn the_canonical_id_of_a_paragraph_names_that_paragraph() {
    let corpus = &common::concord().corpus;
    for given in ["uncc:1(1)", "uNcc:1.1", "budapest:2(1)"] {
        let resolved = ProvisionId::parse(given).unwrap().resolve(corpus).unwrap();
        let canonical = resolved.canonical();
        let back = ProvisionId::parse(&canonical)
            .unwrap()
            .resolve(corpus)
            .unwrap();
        assert_eq!(
            back.url(),
            resolved.url(),
            "{given} resolves to {} but its canonical id {canonical} to {}",
            resolved.url(),
            back.url()
        );
    }
}
