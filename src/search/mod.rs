//! Queries → ranked articles with their best paragraph. One engine serves the command line,
//! the web pages and the JSON API: citations go first, the legal thesaurus and typo
//! correction widen casual queries, tantivy's BM25 with field boosts ranks.

pub mod analysis;
pub mod citation;
mod coverage;
pub mod data_file;
pub mod prepared;
pub mod questions;
pub mod snippet;
pub mod spelling;
pub mod thesaurus;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, Score, Searcher, SegmentReader, TantivyDocument, Term,
};

use crate::corpus::{
    Article, Block, Corpus, DivisionKind, Note, ProvisionId, ProvisionIdError, Resolved, Row,
    Target, Treaty, citation_path, parse_article_path,
};
use crate::index::{Fields, schema};
use crate::xref::{CrossReferences, Within};
use analysis::{is_bound_prefix, is_searched_alone, is_stopword, stems};
use citation::Citations;
use coverage::{Coverage, QueryWord};
pub use data_file::DataFileError;
use prepared::{Compiled, Kind, Prepared, StemId, Stems};
pub use questions::Questions;
use snippet::{Snippet, Terms, highlight};
use spelling::Vocabulary;
pub use thesaurus::{Expansion, Thesaurus};

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 500;
/// A thesaurus wording found in more than this share of the documents is too common to help
/// find a provision.
const EXPANSION_MAX_DF: f32 = 0.2;

/// How many of the best matches lend weight to their counterparts. A provision linked to
/// several of them gains from each.
const LIFT_FROM: usize = 8;

/// An article cited by number in a query naming no treaty ("hacking art 7") is the one of
/// that number the words find among this many first results (see `meant_treaty`).
const MEANT_AMONG: usize = 20;

/// A preamble's score against an article's: recitals state aims, articles the rules.
const PREAMBLE_WEIGHT: Score = 0.5;

/// A definitions article's score against another article's, when the query does not ask what
/// a term means: it holds many of the words of the rules that use them.
const DEFINITIONS_WEIGHT: Score = 0.7;

/// An international-cooperation article's score against another's, when the query says
/// nothing of cooperation between States: the domestic rule comes first ("can the proceeds be
/// seized?" is the confiscation article before the one on confiscation for another State).
const COOPERATION_WEIGHT: Score = 0.7;
/// Stems of the words that ask what a term means: a definitions article keeps its whole score.
const MEANING_WORDS: &[&str] = &["mean", "defin", "definit"];
/// The fewest documents a wording must be in to tell that a query is about cooperation.
const COOPERATION_MIN_DOCS: u32 = 3;

/// The concordance counterparts of a named treaty's best match, in the treaties the query
/// does not name, come after that treaty's results scoring at least this share of its best
/// (swept 0–0.5 on the tuning set with the next two: 0.25 and 3 best, nDCG +0.002)...
const NAMED_COUNTERPARTS_AFTER: Score = 0.25;
/// ... and never before its third result...
const NAMED_COUNTERPARTS_FROM: usize = 3;
/// ... if the query ranks them among its best this many in every treaty...
const NAMED_COUNTERPARTS_AMONG: usize = 20;
/// ... at most this many.
const NAMED_COUNTERPARTS_MAX: usize = 3;

/// The share of the best match's score a definition article gains when the query names a term
/// it defines.
const DEFINITION_SHARE: f32 = 0.5;
/// The share of the best match's score the counterparts of a cited provision gain: twice
/// it, so they come right after the cited provision, in the order of their own scores — but
/// for the articles judged with it by many of the questions it answers
/// ([`CITED_JUDGED_SHARE`]).
const CITED_COUNTERPART_SHARE: f32 = 2.0;
/// How many of the best matches the articles judged with them follow (see
/// [`Questions::judged_with`])...
const JUDGED_FROM: usize = 3;
/// ... and the share of a match's score they gain, times the share of the questions it
/// answers that judged them with it, up to the match's score; only articles the words found
/// (swept 0.15–1 on the tuning set, each query scored without its own fold of the questions:
/// 0.25 keeps P@1, more trades it for recall; letting the others join adds 0.001 recall and
/// unrelated results: "grooming" 8 → 12).
const JUDGED_SHARE: Score = 0.25;
/// The least share of the questions a cited article answers that must judge another with it
/// for the other to come with the citation (swept 0–0.5 on the tuning citations: 0.1 the
/// best).
const JUDGED_JOIN: Score = 0.1;
/// The share of the best match's score offered to the articles judged with a cited article,
/// times the share of the questions it answers that judged them with it, and the weight of a
/// preamble or the definitions (swept 0.5–20 on the tuning citations, each scored without its
/// own fold of the questions: 6 and 8 within 0.001; capped below the counterparts' share,
/// 0.004 less). The questions judge whole articles: a paragraph cited brings what was judged
/// with its article ("Budapest art. 22(1)" brings extradition, judged with jurisdiction as a
/// whole; without them the citation loses 0.018).
const CITED_JUDGED_SHARE: f32 = 6.0;
/// The share of the best match's score offered to the articles a cited provision's words
/// cite, divided by the square root of how many one reference names (swept 0–3 on the
/// tuning citations).
const CITED_REFERENCE_SHARE: f32 = 1.0;
/// The share of a match's score the articles it cites, or that cite it, gain (swept 0.05–0.25
/// on the tuning set: 0.15 and 0.2 tie, nDCG +0.001 and P@1 +0.004 against 0.25).
const CITATION_SHARE: f32 = 0.2;
/// How many of the best matches are weighed by how much of the query they cover.
const COVERAGE_POOL: usize = 40;
/// How much more of its score a document among them gets for a subject-index keyword the
/// query says in its own words, times the share of the query the keyword says (swept 0.25–2 on
/// the tuning set; see [`Coverage::said_by_keyword`]).
const KEYWORD_SAID_BOOST: Score = 0.75;
/// The share of a query that is all of it, give or take rounding.
const WHOLE_QUERY: Score = 0.999;
/// The share of a match's score its counterparts in other frameworks gain. The subject index
/// finds most counterparts by itself, so a quarter is enough to bring in the rest.
const COUNTERPART_SHARE: f32 = 0.25;
/// The most the answers of questions asked before add to a result's score, as a share of the
/// best match's score: what the best voted answer gains when the query has a question's words
/// (see [`questions`] and `Engine::answered_before`).
const ANSWERED_BEFORE_SHARE: Score = 1.0;
/// The least vote, as a share of the best, for an answer the words did not find to join the
/// results.
const ANSWERED_BEFORE_JOIN: Score = 0.2;

/// How much a word counts in an article's title, chapter heading and notes, against its text.
const TITLE_BOOST: Score = 3.0;
const CHAPTER_BOOST: Score = 0.5;
const NOTES_BOOST: Score = 0.3;
/// How much a word counts in the subject index's keywords for an article: what people call
/// an article counts a little more than its title (swept 2–6 on the tuning set; 3.5 and 4
/// tie).
const KEYWORDS_BOOST: Score = 3.5;

/// Deepest nesting of brackets read as grouping.
const MAX_BRACKET_DEPTH: i32 = 8;

/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;

/// Why a query cannot be run at all. Anything less is a warning on a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error(
        "the query is empty: type words to look for, or a citation such as \"Budapest art. 2\""
    )]
    Empty,
    #[error("the query is {len} bytes long; the limit is {MAX_QUERY_BYTES}")]
    TooLong { len: usize },
    #[error("there is no treaty {given:?} to filter by; the treaties are {}", .known.join(", "))]
    UnknownTreaty { given: String, known: Vec<String> },
}

impl QueryError {
    /// A stable machine-readable code, for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            QueryError::Empty => "empty_query",
            QueryError::TooLong { .. } => "query_too_long",
            QueryError::UnknownTreaty { .. } => "unknown_treaty",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    /// Treaty ids or aliases to keep; empty for all.
    pub treaties: Vec<String>,
    /// A division element id (`chp_ii`) to keep, with a treaty filter.
    pub chapter: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub treaty: String,
    pub article: String,
    pub title: String,
    pub score: f32,
    pub paragraph: String,
    pub snippet: String,
    pub url: String,
    /// Byte ranges of `snippet` that matched.
    #[serde(skip)]
    pub highlights: Vec<Range<usize>>,
    /// When the snippet shows none of the query's words: the keywords of the subject index
    /// that hold them, which is why the article was found.
    #[serde(skip)]
    pub subjects: Vec<String>,
    /// When the snippet shows none of the query's words: a question asked before, much like
    /// the query, that the article was judged to answer.
    #[serde(skip)]
    pub asked: Option<String>,
}

/// How far apart two words may be written and still count as written together, for typo
/// correction: "statute of limitations".
const PAIR_SLOP: u32 = 2;

/// A query of at least this many meaningful words that a text says as typed multiplies the
/// score of each of the best matches that says it by `1 + LITERAL_BOOST / n`, `n` being how
/// many of them say it.
const LITERAL_MIN_WORDS: usize = 3;
const LITERAL_BOOST: Score = 2.0;

/// How many keywords a hit names when they are why it was found.
const MAX_SUBJECTS: usize = 3;

/// How a query is read: each is tried first, and let go when it finds nothing.
#[derive(Debug, Clone, Copy)]
struct Reading {
    /// Operators are read (not: the query's words only, after an operator failed).
    operators: bool,
    /// A treaty named among the words narrows the search to it.
    narrow: bool,
    /// A number after a word for an article, in a query naming no treaty, is an article's
    /// ("hacking art 7").
    by_number: bool,
}

/// A citation found in the query.
#[derive(Debug, Clone, Serialize)]
pub struct CitationHit {
    pub id: String,
    pub url: String,
    pub citation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Matches per treaty id for the query without the treaty filter.
    pub facets: BTreeMap<String, usize>,
    /// Matches per division element id (`budapest:chp_ii`) within the filtered results.
    pub chapters: BTreeMap<String, usize>,
    /// The query with unknown words replaced by the nearest words of the treaties.
    pub did_you_mean: Option<String>,
    pub citation: Option<CitationHit>,
    /// Thesaurus concepts the query was widened with.
    pub expansions: Vec<Expansion>,
    /// Parts of the query that were read loosely or ignored.
    pub warnings: Vec<String>,
    #[serde(rename = "took_ms", serialize_with = "millis")]
    pub took: Duration,
    /// Whether a treaty named among the words narrowed the search.
    #[serde(skip)]
    narrowed: bool,
    /// Whether a number read as an article's, naming no treaty, found no article of that
    /// number among the first results.
    #[serde(skip)]
    unmet_number: bool,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1e6).round() / 1e3)
}

/// Field names a query may use before a colon (`title:`, `chapter:`, `treaty:`).
const QUERY_FIELDS: &[&str] = &["title", "body", "chapter", "notes", "keywords", "treaty"];

pub struct Engine {
    corpus: Arc<Corpus>,
    citations: Citations,
    /// Every document analysed, for best paragraphs, snippets and facets.
    prepared: Prepared,
    /// Per segment of the index, per document, its position in `prepared` (`NO_DOC` for
    /// none). Read once: the index never changes under an engine (a rebuilt index gets a new
    /// one).
    positions: Vec<Vec<u32>>,
    /// The terms the definition articles define (as stems without function words), with the
    /// article defining each.
    definitions: Vec<(Vec<String>, String)>,
    /// Per thesaurus concept, the paragraphs that define it (document, element id).
    concept_definitions: HashMap<String, Vec<(usize, String)>>,
    reader: IndexReader,
    fields: Fields,
    /// Reads casual queries the engine cannot build itself: every field a word is looked for
    /// in, keywords included.
    parser: QueryParser,
    /// Reads expert queries (operators, `field:`, quotes): the text people see, so that
    /// `-word` or `+word` never acts on keywords they cannot; `keywords:` asks for those.
    expert_parser: QueryParser,
    thesaurus: Thesaurus,
    /// The words of the treaties, the subject index and the thesaurus, for typo correction.
    vocabulary: Vocabulary,
    /// Per document, the documents that share in its score when it ranks high, with their
    /// share: its counterparts in the concordance, the articles it cites and those citing it.
    links: Vec<Vec<(usize, Score)>>,
    /// Per document that is a power of a chapter or section, the articles whose words govern
    /// every power of it ("the powers and procedures provided for in this section are subject
    /// to conditions and safeguards"): a cited power is read with them.
    governed_by: Vec<Vec<usize>>,
    /// The stems of each division's title, by position in `Prepared::divisions`: what
    /// `chapter:` filters look in.
    division_stems: Vec<Vec<String>>,
    /// The cross-references of the corpus: what a cited provision's words cite.
    xrefs: Arc<CrossReferences>,
    /// Per document, what sort of provision it is.
    roles: Vec<Role>,
    /// The cooperation articles, one bit per document.
    cooperation: Vec<u64>,
    /// Every treaty wording of the thesaurus, as stems, with the number of documents that
    /// contain it.
    wordings: HashMap<String, Wording>,
    /// Questions asked before, with the articles that answer them.
    questions: Questions,
    /// Per answer number of `questions`, its document.
    answer_positions: Vec<Option<usize>>,
    /// Per document, the others judged with it by the questions it answers, each with the
    /// share of them that judged it so (see [`Questions::judged_with`]).
    judged: Vec<Vec<(usize, Score)>>,
}

/// No document of the corpus.
const NO_DOC: u32 = u32::MAX;

/// What sort of provision a document is, for the weight of its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A preamble: recitals.
    Preamble,
    /// An article defining the terms of its treaty.
    Definitions,
    /// An article on cooperation between States (in a chapter on international
    /// cooperation, or titled so).
    Cooperation,
    Rule,
}

/// The fields a plain word is looked for in, with their boosts.
fn word_fields(f: &Fields) -> [(Field, Score); 5] {
    [
        (f.title, TITLE_BOOST),
        (f.body, 1.0),
        (f.chapter, CHAPTER_BOOST),
        (f.notes, NOTES_BOOST),
        (f.keywords, KEYWORDS_BOOST),
    ]
}

impl Engine {
    pub fn new(
        corpus: Arc<Corpus>,
        xrefs: Arc<CrossReferences>,
        index: &Index,
        thesaurus: Thesaurus,
        questions: Questions,
    ) -> tantivy::Result<Self> {
        let (_, fields) = schema();
        let reader = index.reader()?;
        let parser_of = |fields: &[(Field, Score)]| {
            let mut parser =
                QueryParser::for_index(index, fields.iter().map(|&(field, _)| field).collect());
            for &(field, boost) in fields {
                parser.set_field_boost(field, boost);
            }
            parser
        };
        let parser = parser_of(&word_fields(&fields));
        let expert_parser = parser_of(
            &word_fields(&fields)
                .into_iter()
                .filter(|&(field, _)| field != fields.keywords)
                .collect::<Vec<_>>(),
        );
        let vocabulary = Vocabulary::new(
            corpus
                .articles()
                .flat_map(|(_, a)| [a.title.clone(), a.text()])
                .chain(corpus.keywords.all().map(str::to_string)),
            &thesaurus,
        );
        let definitions = definitions(&corpus);
        let searcher = reader.searcher();
        let prepared = Prepared::new(
            &corpus,
            index_stems(&searcher, &[fields.body, fields.title, fields.keywords])?,
        );
        let mut positions = Vec::new();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(1)?;
            let mut of_segment = vec![NO_DOC; segment.max_doc() as usize];
            for doc in 0..segment.max_doc() {
                if segment.is_deleted(doc) {
                    continue;
                }
                let stored: TantivyDocument = store.get(doc)?;
                if let Some(at) = stored
                    .get_first(fields.id)
                    .and_then(|v| v.as_str())
                    .and_then(|id| prepared.position(id))
                {
                    of_segment[doc as usize] = at as u32;
                }
            }
            positions.push(of_segment);
        }
        let wordings = thesaurus
            .wordings()
            .map(|(text, stems)| {
                let wording = Wording::new(stems.to_vec(), &searcher, fields);
                (text.to_string(), wording)
            })
            .collect();
        let links = links(&prepared, &corpus, &xrefs);
        let governed_by = governed_by(&prepared, &corpus);
        let roles = roles(&prepared, &corpus, &definitions);
        // Built now rather than by the first search, which would otherwise analyse every
        // document.
        prepared.holding_all(&corpus, &[]);
        let mut cooperation = vec![0u64; roles.len().div_ceil(64)];
        for (at, _) in roles
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == Role::Cooperation)
        {
            cooperation[at / 64] |= 1 << (at % 64);
        }
        // Entries that name no definition are reported when the thesaurus is checked.
        let concept_definitions = thesaurus
            .concepts()
            .iter()
            .map(|c| {
                let found = c.definitions(&corpus).unwrap_or_default();
                let at = found
                    .into_iter()
                    .filter_map(|(article, block)| {
                        Some((prepared.position(&article)?, block.eid.clone()))
                    })
                    .collect();
                (c.id.clone(), at)
            })
            .collect();
        let division_stems = prepared.division_titles.iter().map(|t| stems(t)).collect();
        let answer_positions: Vec<Option<usize>> = questions
            .answer_ids()
            .iter()
            .map(|id| prepared.position(id))
            .collect();
        let judged = prepared
            .docs
            .iter()
            .map(|doc| {
                let with = questions.judged_with(&doc.id).into_iter();
                with.filter_map(|(answer, share)| Some((answer_positions[answer as usize]?, share)))
                    .collect()
            })
            .collect();
        Ok(Engine {
            questions,
            answer_positions,
            judged,
            concept_definitions,
            division_stems,
            links,
            governed_by,
            xrefs,
            roles,
            cooperation,
            citations: Citations::new(&corpus),
            corpus,
            prepared,
            positions,
            wordings,
            definitions,
            reader,
            fields,
            parser,
            expert_parser,
            thesaurus,
            vocabulary,
        })
    }

    pub fn corpus(&self) -> &Arc<Corpus> {
        &self.corpus
    }

    /// Reads a query as a citation ("Budapest art. 2(1)").
    pub fn citation(&self, query: &str) -> Option<ProvisionId> {
        self.citations.parse(query, &self.corpus)
    }

    /// Where a query that cites one provision leads: its page, at the paragraph, point or
    /// interpretative note cited ("UNCC interpretative note 3" → `/uncc/art/17#note_3`).
    /// Provisions of two or three treaties cited together ("compare uncc 7 with budapest
    /// 2") lead to their comparison side by side.
    pub fn jump(&self, query: &str) -> Option<String> {
        if let Some(url) = self.comparison(query) {
            return Some(url);
        }
        let resolved = self.citation(query)?.resolve(&self.corpus).ok()?;
        Some(match note_of(&resolved, query) {
            Some(note) => note_url(&resolved, note),
            None => resolved.url(),
        })
    }

    /// The comparison page of the provisions a query cites, when they are two or three
    /// articles, paragraphs or points of different treaties.
    fn comparison(&self, query: &str) -> Option<String> {
        let cited = self.citations.parse_all(query, &self.corpus);
        let provisions = cited.iter().all(|id| {
            matches!(id.target, Target::Article { .. }) && id.resolve(&self.corpus).is_ok()
        });
        let treaties: HashSet<&str> = cited.iter().map(|id| id.treaty.as_str()).collect();
        if !provisions
            || treaties.len() < 2
            || cited.len() > crate::compare::side_by_side::MAX_COLUMNS
        {
            return None;
        }
        let pairs: Vec<String> = cited
            .iter()
            .map(|id| {
                let id: String =
                    form_urlencoded::byte_serialize(id.to_string().as_bytes()).collect();
                format!("p={id}")
            })
            .collect();
        Some(format!("/compare?{}", pairs.join("&")))
    }

    /// The questions asked before that the engine reads.
    pub fn questions(&self) -> &Questions {
        &self.questions
    }

    pub fn thesaurus(&self) -> &Thesaurus {
        &self.thesaurus
    }

    /// What to highlight on a page reached from a search for `query`: its words, and the
    /// thesaurus wordings it stands for.
    pub fn highlight_terms(&self, query: &str) -> Terms {
        let query_stems = stems(query);
        let mut terms = Terms::default();
        for s in query_stems.iter().filter(|s| is_searched_alone(s)) {
            terms.words.insert(s.clone(), 1.0);
        }
        for e in self.thesaurus.expand(&query_stems) {
            for t in &e.terms {
                let wording = self.wordings.get(t).map(|w| w.stems.clone());
                terms
                    .phrases
                    .push((wording.unwrap_or_else(|| stems(t)), 1.0));
            }
        }
        terms
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, QueryError> {
        // tantivy can fail an internal assertion on some expert queries (a phrase excluded
        // with '-'): such a query is run again as plain words rather than fail.
        let run = |request: &SearchRequest, reading: Reading| {
            let attempt = || self.run(request, reading);
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(attempt)) {
                Ok(result) => result,
                Err(_) => {
                    let plain = Reading {
                        operators: false,
                        ..reading
                    };
                    let mut results = self.run(request, plain)?;
                    results.warnings.push(
                        "the query's operators could not be applied; its words were searched \
                         instead"
                            .to_string(),
                    );
                    Ok(results)
                }
            }
        };
        // "what is the Palermo protocol?": a name that finds nothing in its treaty is a word.
        // "expedited article 16": a number that names no article the words find is searched
        // as typed.
        let read = |request: &SearchRequest| {
            let reading = Reading {
                operators: true,
                narrow: true,
                by_number: true,
            };
            match run(request, reading)? {
                r if r.total == 0 && r.narrowed => run(
                    request,
                    Reading {
                        narrow: false,
                        ..reading
                    },
                ),
                r if r.unmet_number => run(
                    request,
                    Reading {
                        by_number: false,
                        ..reading
                    },
                ),
                r => Ok(r),
            }
        };
        let results = read(request)?;
        let Some(fixed) = results.did_you_mean.clone() else {
            return Ok(results);
        };
        // "Budapest Convension art 6": a citation once its typos are corrected is searched
        // as one; "join the Budapesst convention" as a query naming the Budapest Convention,
        // and "join a UN cyebrcrime convention protocol" as one naming no treaty (not the
        // Protocol). A name narrows only plain words with no treaty chosen (see `run`).
        let cites = !self.citations.parse_all(&fixed, &self.corpus).is_empty();
        let renamed = !cites
            && request.treaties.is_empty()
            && is_casual(&fixed.replace('"', " "))
            && self.citations.treaty_names(&fixed).1
                != self.citations.treaty_names(&request.query).1;
        if results.citation.is_some() || !(cites || renamed) {
            return Ok(results);
        }
        let corrected = SearchRequest {
            query: fixed.clone(),
            ..request.clone()
        };
        let Ok(mut corrected) = read(&corrected) else {
            return Ok(results);
        };
        let note = match (
            corrected.citation.is_some(),
            corrected.narrowed || results.narrowed,
        ) {
            (true, _) => format!("read as the citation {fixed:?}"),
            (false, true) if renamed => format!("read as {fixed:?}"),
            _ => return Ok(results),
        };
        corrected.warnings.insert(0, note);
        corrected.query = results.query;
        corrected.did_you_mean = results.did_you_mean;
        Ok(corrected)
    }

    fn run(&self, request: &SearchRequest, reading: Reading) -> Result<SearchResults, QueryError> {
        let start = Instant::now();
        let raw: String = request.query.chars().filter(|c| !c.is_control()).collect();
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(QueryError::Empty);
        }
        if raw.len() > MAX_QUERY_BYTES {
            return Err(QueryError::TooLong { len: raw.len() });
        }
        let as_typed = raw;
        // References as they are usually written: "41 (3)" as "41(3)", "16 - 17" as "16-17".
        let labelled = joined_labels(raw);
        let joined = joined_ranges(&labelled);
        // "hacking (see uncc 41(3))": brackets around a citation group nothing.
        let cited_aside = self.without_citation_brackets(&joined);
        let raw = cited_aside.as_ref();
        let mut warnings = Vec::new();
        // Brackets nested deeper than anyone writes are dropped: the query parser recurses
        // once per bracket.
        let depth = raw
            .chars()
            .scan(0i32, |d, c| {
                *d += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                Some(*d)
            })
            .max()
            .unwrap_or(0);
        let unbracketed;
        let raw = if !reading.operators {
            // "-treaty:malabo" stays an exclusion.
            unbracketed = raw
                .split_whitespace()
                .map(|word| {
                    let bare = word.trim_start_matches(['(', '[', '{']);
                    let kept: String = bare
                        .chars()
                        .map(|c| {
                            if c.is_alphanumeric() || c == ':' {
                                c
                            } else {
                                ' '
                            }
                        })
                        .collect();
                    match bare.strip_prefix('-') {
                        Some(rest) if rest.contains(':') => format!("-{}", kept.trim_start()),
                        _ => kept,
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            unbracketed.as_str()
        } else if depth > MAX_BRACKET_DEPTH {
            warnings.push(format!(
                "brackets nested more than {MAX_BRACKET_DEPTH} deep were ignored"
            ));
            unbracketed = raw.replace(['(', ')'], " ");
            unbracketed.as_str()
        } else {
            raw
        };
        let Filters {
            text,
            mut treaties,
            not_treaties,
            chapters,
            not_chapters,
            not_together,
            ..
        } = self.take_filters(raw, &mut warnings)?;
        // "extradition uncc": a treaty named beside other words narrows the search to it.
        // When the other words are none the treaties have ("what is the UN convention
        // for"), the name's words are searched too, in that treaty. A treaty filter typed or
        // chosen says where to search ("malabo illegal access treaty:uncc" is UNCC's).
        let with_names = text.clone();
        // Plain words, quotes aside.
        let plain_words = is_casual(&text.replace('"', " "));
        let (text, mut named) = if reading.narrow
            && treaties.is_empty()
            && request.treaties.is_empty()
            && plain_words
            && self.citations.parse_all(&text, &self.corpus).is_empty()
            && !citation::names_a_note(&text)
        {
            let (rest, named) = self.citations.treaty_names(&text);
            if named.is_empty() || self.knows_a_word(&rest) {
                (rest, named)
            } else {
                (text, named)
            }
        } else {
            (text, Vec::new())
        };
        // "malabo budapest illegal access -budapest": a treaty left out is not searched in.
        named.retain(|id| !not_treaties.contains(id));
        let named_names: Vec<String> = named.iter().map(|id| self.treaty_name(id)).collect();
        // Said again once the ranking tells whether other treaties follow.
        let named_notes = warnings.len()..warnings.len() + named_names.len();
        for name in &named_names {
            warnings.push(format!("searching only {name}, named in the query"));
        }
        let narrowed = !named.is_empty();
        treaties.extend(named);
        for t in &request.treaties {
            treaties.push(self.treaty_id(t)?);
        }
        treaties.sort();
        treaties.dedup();

        // Cited provisions go first, in the order cited; the rest of the page is what their
        // titles find elsewhere.
        // One place per article: "16, 16(1)" is article 16, as first cited.
        let article = |id: &ProvisionId| Some((id.treaty.clone(), article_number(id)?));
        let mut cited: Vec<ProvisionId> = Vec::new();
        // "Budapest art. 2 -access": what the query leaves out does not stop it citing.
        let citing = if is_casual(&text) {
            Cow::Borrowed(text.as_str())
        } else {
            Cow::Owned(kept_units(&text))
        };
        let mut citations = self.citations.parse_all(&citing, &self.corpus);
        // The treaties searched: those the query keeps to, or each one not left out.
        let within: Vec<String> = if treaties.is_empty() {
            let ids = self.prepared.treaties.iter();
            ids.filter(|t| !not_treaties.contains(t)).cloned().collect()
        } else {
            treaties.clone()
        };
        if citations.is_empty() {
            // "treaty:uncc article 16": the filter names the treaty. "article 16" alone is
            // that article of each instrument not left out.
            citations = self.citations.parse_unnamed(&citing, &within, &self.corpus);
            if within.len() > 1 {
                let every = within.len() == self.prepared.treaties.len();
                self.keep_existing(&mut citations, every, &mut warnings);
            }
            if treaties.is_empty() && !citations.is_empty() {
                warnings.push(
                    "no treaty is named: the provision of that number in each instrument that has it"
                        .to_string(),
                );
            }
        }
        for id in citations {
            if let Some(id) = self.resolve_citation(id, &mut warnings) {
                let again = cited
                    .iter()
                    .any(|c| c == &id || article(c).is_some_and(|a| Some(a) == article(&id)));
                if !again {
                    cited.push(id);
                }
            }
        }
        // "uncc 7 hacking": a reference beside the treaty's name, with words that do not
        // describe it, makes a search in which that provision comes first; its number is no
        // word to search for. "hacking art 7", naming no treaty: the article 7 that the
        // words find among their first results.
        let mut referenced: Vec<ProvisionId> = Vec::new();
        if cited.is_empty() && plain_words && (within.len() == 1 || reading.by_number) {
            for treaty in &within {
                let found = self
                    .citations
                    .reference_among(&with_names, treaty, &self.corpus);
                referenced.extend(found);
            }
        }
        let numbers: Vec<u32> = referenced.iter().filter_map(article_number).collect();
        let text = if numbers.is_empty() {
            text.clone()
        } else {
            without_references(&text, &numbers)
        };
        let resolve = |id: &ProvisionId| id.resolve(&self.corpus).expect("resolved before");
        let query_text = if cited.is_empty() {
            text.clone()
        } else {
            let mut titles: Vec<&str> = Vec::new();
            for title in cited
                .iter()
                .filter_map(|id| resolve(id).article.map(|a| a.title.as_str()))
            {
                if !titles.contains(&title) {
                    titles.push(title);
                }
            }
            titles.join(" ")
        };
        // "interpretative note 3": the note, on the article it is on.
        let cited_hit = cited.first().map(|id| {
            let resolved = resolve(id);
            let mut hit = citation_hit(&resolved);
            if let Some(note) = note_of(&resolved, &citing) {
                hit.url = note_url(&resolved, note);
                if let Some(number) = &note.number {
                    hit.citation = format!("{}, interpretative note {number}", hit.citation);
                }
            }
            hit
        });

        let filter = Filter {
            chapters,
            not_chapters,
            not_together: not_together
                .into_iter()
                .map(|group| {
                    let p = &self.prepared.treaties;
                    let treaties = group.treaties.iter();
                    let at = treaties.map(|t| p.iter().position(|x| x == t).unwrap_or(usize::MAX));
                    (at.collect(), group.chapters)
                })
                .collect(),
            not_docs: self.excluded_docs(&text),
            ..self.filter(&treaties, &not_treaties, request.chapter.as_deref())
        };
        if filter
            .treaties
            .as_ref()
            .is_some_and(|kept| !kept.contains(&true))
        {
            warnings.push("the treaty filters leave no treaty to search in".to_string());
        }
        // "treaty:malabo" or "-treaty:malabo" alone: with nothing to search for, a query
        // lists every provision its treaty and chapter filters keep, in the treaties' order
        // ("NOT hacking" alone lists nothing).
        let browsing = cited.is_empty()
            && !has_words(&text)
            && !filter.keeps_every_treaty_and_chapter()
            && filter
                .treaties
                .as_ref()
                .is_none_or(|kept| kept.contains(&true));
        if browsing {
            warnings.push(
                "no words to search for: every provision the query keeps, in the treaties' order"
                    .to_string(),
            );
        }
        let query_text = if browsing { String::new() } else { query_text };
        let plan = self.plan(&query_text, &mut warnings);
        let compiled = self.prepared.stems.compile(&plan.terms);
        let limit = request.limit.clamp(1, MAX_LIMIT);
        let offset = request.offset.min(10_000);

        let matches = if query_text.is_empty() {
            Vec::new()
        } else {
            self.reader
                .searcher()
                .search(&plan.query, &AllMatches)
                .unwrap_or_default()
        };
        // A preamble states aims and a definitions article what words mean: both rank below
        // the rules, and so does cooperation between States unless the query speaks of it. A
        // cited provision's page is what its titles find, weighed as they stand.
        let abroad = cited.is_empty() && self.between_states(&plan.words);
        // "what does computer system mean": the definitions are the answer.
        let asks_meaning = plan
            .terms
            .words
            .keys()
            .any(|s| MEANING_WORDS.contains(&s.as_str()));
        let weight = |role: Role| match role {
            Role::Preamble => PREAMBLE_WEIGHT,
            Role::Definitions if cited.is_empty() && plan.first.is_empty() && !asks_meaning => {
                DEFINITIONS_WEIGHT
            }
            Role::Cooperation if cited.is_empty() && !abroad => COOPERATION_WEIGHT,
            _ => 1.0,
        };
        let mut facets = vec![0; self.prepared.treaties.len()];
        let mut chapters = vec![0; self.prepared.divisions.len()];
        // Every match's score by document, for the counterparts lifted below.
        let mut scores: Vec<Option<Score>> = vec![None; self.prepared.docs.len()];
        let mut ranked: Vec<(usize, Score)> = Vec::new();
        // A filter keeps part of the ranking the query has without it: documents it leaves
        // out still lift those they are linked to ("penalties treaty:budapest-p1" finds
        // Protocol 8, which applies Budapest 13 on sanctions), and are dropped afterwards.
        let filtering = !filter.keeps_all();
        let found: Vec<(usize, Score)> = if browsing {
            // What the words left out leave out is not counted, in the facets either.
            let said = |at: &usize| filter.not_docs.get(*at).is_some_and(|&out| out);
            let at = 0..self.prepared.docs.len();
            at.filter(|at| !said(at)).map(|at| (at, 1.0)).collect()
        } else {
            let at = |(address, score)| Some((self.position_of(address)?, score));
            matches.into_iter().filter_map(at).collect()
        };
        let mut matched = 0;
        for (at, score) in found {
            let doc = &self.prepared.docs[at];
            facets[doc.treaty] += 1;
            let score = if browsing {
                score
            } else {
                score * weight(self.roles[at])
            };
            scores[at] = Some(score);
            ranked.push((at, score));
            if filter.keeps(at, doc) {
                doc.divisions.iter().for_each(|&d| chapters[d] += 1);
                matched += 1;
            }
        }
        // A definitions article says the terms it defines, in its text and its keywords: that
        // is no sign it is meant, unless the query asks what they mean.
        let says_what_it_means =
            |at: usize| weight(self.roles[at]) == 1.0 || self.roles[at] != Role::Definitions;
        // A citation's title is not a query anyone typed: it is searched as it stands.
        let coverage = cited
            .is_empty()
            .then(|| Coverage::new(&plan.words, &plan.prefixes, &self.prepared.stems))
            .flatten();
        if let Some(coverage) = &coverage {
            // A query that speaks of another State asks for cooperation: a rule of domestic
            // law whose keyword says only the rest of it is not what is meant.
            let keyword_counts = |at: usize, said: Score| {
                says_what_it_means(at)
                    && (!abroad || self.roles[at] == Role::Cooperation || said >= WHOLE_QUERY)
            };
            self.coordinate(&mut ranked, &mut scores, coverage, keyword_counts);
        }
        let literal =
            plan.literal
                .as_ref()
                .filter(|_| cited.is_empty())
                .and_then(|(words, stems)| {
                    let ids: Option<Vec<StemId>> =
                        stems.iter().map(|s| self.prepared.stems.get(s)).collect();
                    Some((words.as_str(), ids?))
                });
        if let Some((words, ids)) = literal {
            self.literal_first(&mut ranked, &mut scores, (words, &ids), says_what_it_means);
        }
        // Only the page and the best few are needed in order; what ranks below them can
        // only rise by being lifted, and lifted documents are looked up by their scores.
        let needed = (offset + limit).max(LIFT_FROM);
        let best_first = |a: &(usize, Score), b: &(usize, Score)| b.1.total_cmp(&a.1);
        if ranked.len() > needed && !filtering {
            ranked.select_nth_unstable_by(needed, |a, b| best_first(a, b).then(a.0.cmp(&b.0)));
            ranked.truncate(needed);
        }
        ranked.sort_by(|a, b| best_first(a, b).then(a.0.cmp(&b.0)));
        let added = if browsing {
            Vec::new()
        } else {
            let mut offers: Vec<(usize, Score)> = plan
                .defined
                .iter()
                .filter_map(|id| self.prepared.position(id))
                .map(|at| (at, DEFINITION_SHARE))
                .collect();
            for id in &cited {
                offers.extend(self.citation_neighbours(&resolve(id)));
            }
            // A query that names fields lists what it asks for: counterparts that do not
            // match it rise but do not join ("title:extradition" lists the articles so
            // titled). A quoted phrase still brings them.
            let join = !plan.fielded || !cited.is_empty();
            self.lift_counterparts(&mut ranked, &scores, &offers, coverage.as_ref(), join)
        };
        // "all my files locked, note says pay in bitcoin": a query in plain words has the
        // answers of the questions most like it among its results; not a citation, a list of
        // what filters keep, an expert query, or a quoted phrase (which asks for its wording).
        let asked = (!browsing && cited.is_empty() && plain_words && !text.contains('"'))
            .then(|| respelt(&query_text, &plan.fixes));
        let answered = if let Some(asked) = &asked {
            // The answers weigh as matches do, and when the query speaks of another State a
            // rule weighs as cooperation does otherwise: questions on a power are many more
            // than on the help one State gives another with it ("collecting traffic data in
            // real time for another country").
            let answer_weight = |at: usize| match self.roles[at] {
                Role::Rule if abroad => COOPERATION_WEIGHT,
                role => weight(role),
            };
            self.answered_before(asked, &mut ranked, &scores, answer_weight)
        } else {
            Vec::new()
        };
        let (defining, joined) = self.definitions_first(&mut ranked, &scores, &plan.first);
        // What the links, the questions and the definitions bring counts in the facets as a
        // match does.
        let mut counted: Vec<bool> = scores.iter().map(Option::is_some).collect();
        for &at in added.iter().chain(&answered).chain(&joined) {
            let doc = &self.prepared.docs[at];
            facets[doc.treaty] += 1;
            if filter.keeps(at, doc) {
                doc.divisions.iter().for_each(|&d| chapters[d] += 1);
            }
            counted[at] = true;
        }
        let mut total = if filtering {
            // "extradition treaty:malabo": the best match is in a treaty left out, and the
            // concordance finds no counterpart of it in the treaties kept.
            let kept: Vec<String> = treaties
                .iter()
                .filter(|t| !not_treaties.contains(t))
                .cloned()
                .collect();
            if let Some(&(best, _)) = ranked.first().filter(|_| cited.is_empty()) {
                if !filter.keeps(best, &self.prepared.docs[best]) {
                    warnings.extend(self.absent_counterparts(best, &kept, &compiled));
                }
            }
            let unfiltered: Option<Vec<(usize, Score)>> = narrowed.then(|| {
                ranked
                    .iter()
                    .take(NAMED_COUNTERPARTS_AMONG)
                    .copied()
                    .collect()
            });
            // The ranking was not cut: what is left is every result.
            ranked.retain(|(at, _)| filter.keeps(*at, &self.prepared.docs[*at]));
            // A treaty named among the words, whose text has none of them, narrows nothing
            // (see `search`): what its links alone bring does not count.
            if narrowed && matched == 0 {
                ranked.clear();
            }
            // "does the Malabo Convention allow real-time collection of traffic data?": the
            // same provision in the other frameworks follows the named treaty's best results.
            if let Some(unfiltered) = unfiltered.filter(|_| cited.is_empty()) {
                let left_out = (&filter, not_treaties.as_slice());
                if self.named_counterparts(&mut ranked, &unfiltered, left_out, &compiled) > 0 {
                    let first = format!(
                        "{} first, named in the query, then the same provision in the other frameworks",
                        named_names.join(" and ")
                    );
                    warnings.splice(named_notes, [first]);
                }
            }
            ranked.len()
        } else {
            matched + added.len() + answered.len() + joined.len()
        };

        // The cited provisions come first, once each.
        let best = ranked.first().map_or(1.0, |(_, s)| *s) + 1.0;
        // In a query naming no treaty, the treaty meant is the one whose articles of those
        // numbers the words put highest among their first results: "interception (art. 8)"
        // is UN 8, not also the Protocol's article 8 further down; "hacking arts 7 and 8"
        // UN 7 and 8.
        let mut unmet_number = false;
        if within.len() > 1 && !referenced.is_empty() {
            let meant = self.meant_treaty(&referenced, &ranked).map(str::to_string);
            unmet_number = meant.is_none();
            referenced.retain(|id| meant.as_ref() == Some(&id.treaty));
        }
        // A reference among words is part of a search: the filters keep it or leave it out.
        let referenced: Vec<ProvisionId> = referenced
            .into_iter()
            .filter(|id| {
                self.article_at(&resolve(id))
                    .is_some_and(|at| filter.keeps(at, &self.prepared.docs[at]))
            })
            .collect();
        let mut pinned: Vec<Hit> = Vec::new();
        for id in cited.iter().chain(&referenced) {
            let left_out = !treaties.is_empty() && !treaties.contains(&id.treaty);
            if left_out || not_treaties.contains(&id.treaty) {
                continue;
            }
            let resolved = resolve(id);
            let at = self.article_at(&resolved);
            match ranked.iter().position(|(r, _)| Some(*r) == at) {
                Some(i) => {
                    ranked.remove(i);
                }
                // Matched but cut from the ranking below the page: counted already.
                None if !filtering && at.is_some_and(|at| scores[at].is_some()) => {}
                None => {
                    total += 1;
                    if let Some(at) = at.filter(|&at| !counted[at]) {
                        let doc = &self.prepared.docs[at];
                        facets[doc.treaty] += 1;
                        doc.divisions.iter().for_each(|&d| chapters[d] += 1);
                        counted[at] = true;
                    }
                }
            }
            // Still in the order cited when the scores are read.
            let score = best + (cited.len() + referenced.len() - pinned.len()) as Score;
            // "interpretative note 3": the note is the snippet.
            let hit = match (note_of(&resolved, &citing), resolved.article) {
                (Some(note), Some(article)) => {
                    let snippet = at
                        .and_then(|at| {
                            let p = &self.prepared;
                            p.paragraph(at, &self.corpus, &note.eid, &compiled)
                        })
                        .unwrap_or_else(|| highlight(&note.eid, &note.text, &plan.terms));
                    make_hit(&id.treaty, article, score, snippet)
                }
                _ => self.cited(&resolved, score, &compiled, &plan.terms),
            };
            pinned.push(hit);
        }
        let facets = named_counts(&self.prepared.treaties, &facets);
        let chapters = named_counts(&self.prepared.divisions, &chapters);
        let skip = offset.saturating_sub(pinned.len());
        let mut page: Vec<Hit> = pinned.into_iter().skip(offset).take(limit).collect();
        for (at, score) in ranked.into_iter().skip(skip) {
            if page.len() == limit {
                break;
            }
            page.push(self.hit(at, score, &compiled, defining.get(&at).copied()));
        }
        // A hit whose snippet shows none of the query's words was found by its keywords
        // (a citation's page is what the cited titles find: nothing was typed to match).
        if cited.is_empty() {
            let typed: Vec<StemId> = plan
                .words
                .iter()
                .filter_map(|w| w.wordings.first())
                .flatten()
                .chain(plan.terms.words.keys())
                .filter_map(|stem| self.prepared.stems.get(stem))
                .collect();
            let mut unfound: Vec<&mut Hit> = page
                .iter_mut()
                .filter(|h| h.highlights.is_empty())
                .collect();
            for hit in unfound.iter_mut() {
                hit.subjects = self.subjects(&hit.id, &typed);
            }
            // And the question like the query it was judged to answer, if any.
            if let Some(asked) = &asked {
                let ids: Vec<&str> = unfound.iter().map(|h| h.id.as_str()).collect();
                let like = self.questions.asked_like(asked, &ids);
                for (hit, question) in unfound.into_iter().zip(like) {
                    hit.asked = question.map(str::to_string);
                }
            }
        }
        let hits = page;
        Ok(SearchResults {
            query: as_typed.to_string(),
            total,
            hits,
            facets,
            chapters,
            // The query as typed, with only the misspelt words corrected.
            did_you_mean: Some(respelt(request.query.trim(), &plan.fixes))
                .filter(|fixed| !plan.fixes.is_empty() && fixed != request.query.trim()),
            citation: cited_hit,
            expansions: plan.expansions,
            warnings,
            took: start.elapsed(),
            narrowed,
            unmet_number,
        })
    }

    /// Raises the answers of the questions asked before that are most like the query, each
    /// by a share of the best match's score: its vote as a share of the best voted's, times
    /// how like the query the closest question is (a query much like a question asked before
    /// takes its answers; one only loosely like any, a hint of them), times the answer's
    /// `weight` (what sort of provision it is). Answers not among the results join them if
    /// well voted (`ANSWERED_BEFORE_JOIN`). Returns those that joined and had not matched.
    /// Nothing changes for a query that matched nothing.
    fn answered_before(
        &self,
        text: &str,
        ranked: &mut Vec<(usize, Score)>,
        scores: &[Option<Score>],
        weight: impl Fn(usize) -> Score,
    ) -> Vec<usize> {
        let Some(&(_, best)) = ranked.first() else {
            return Vec::new();
        };
        let (votes, closest) = self.questions.votes(text);
        let most = votes.iter().map(|&(_, vote)| vote).fold(0.0, Score::max);
        if most <= 0.0 || best <= 0.0 {
            return Vec::new();
        }
        let mut joined = Vec::new();
        for (answer, vote) in votes {
            let Some(at) = self.answer_positions[answer as usize] else {
                continue;
            };
            let gain = ANSWERED_BEFORE_SHARE * best * closest * weight(at) * vote / most;
            // A match ranked too low to be kept joins with its own score; an answer the words
            // did not find, only if well voted.
            match (ranked.iter_mut().find(|(d, _)| *d == at), scores[at]) {
                (Some((_, score)), _) => *score += gain,
                (None, Some(matched)) => ranked.push((at, matched + gain)),
                (None, None) if vote >= ANSWERED_BEFORE_JOIN * most => {
                    ranked.push((at, gain));
                    joined.push(at);
                }
                (None, None) => {}
            }
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        joined
    }

    /// Lifts the provisions that the concordance pairs with the best matches: a counterpart
    /// of a top result gains a share of its score, summed over the top results it is linked
    /// to, and joins the ranking if the words alone did not find it (the other frameworks
    /// often word the same rule differently; with `join` false, only documents the query
    /// matched may join); the articles judged with the best few by the questions they answer
    /// follow them (see [`JUDGED_SHARE`]). Returns those that joined.
    /// `offers` are documents offered a share of the best match's score whatever their
    /// words: the definitions of a term the query names, the neighbours of a cited
    /// provision.
    fn lift_counterparts(
        &self,
        ranked: &mut Vec<(usize, Score)>,
        scores: &[Option<Score>],
        offers: &[(usize, Score)],
        coverage: Option<&Coverage>,
        join: bool,
    ) -> Vec<usize> {
        let mut lift: HashMap<usize, Score> = HashMap::new();
        let best = ranked.first().map_or(1.0, |(_, s)| *s);
        for &(at, share) in offers {
            let entry = lift.entry(at).or_insert(0.0);
            *entry = entry.max(share * best);
        }
        for &(at, score) in ranked.iter().take(LIFT_FROM) {
            for &(to, share) in &self.links[at] {
                let entry = lift.entry(to).or_insert(0.0);
                *entry += share * score;
            }
        }
        // What the questions the best few answer judged with them follows them, if the words
        // found it: a share of the match's score, never past the best of the matches that
        // bring it (as ranked so far, or as matched if ranked too low to be kept), the lift
        // it already has counted. (The questions like the query, voting after, may still
        // lift it further.)
        let mut follow: HashMap<usize, (Score, Score)> = HashMap::new();
        for &(at, score) in ranked.iter().take(JUDGED_FROM) {
            for &(to, share) in &self.judged[at] {
                let (gain, leader) = follow.entry(to).or_insert((0.0, 0.0));
                *gain += JUDGED_SHARE * share * score;
                *leader = leader.max(score);
            }
        }
        for (to, (gain, leader)) in follow {
            let Some(matched) = scores[to] else {
                continue;
            };
            let own = ranked
                .iter()
                .find(|(at, _)| *at == to)
                .map_or(matched, |&(_, score)| score);
            let entry = lift.entry(to).or_insert(0.0);
            *entry += gain.min(leader - own - *entry).max(0.0);
        }
        // A counterpart gains as much as it covers of the query: one that only sits beside
        // the best matches does not overtake them ("aggravating circumstances").
        if let Some(coverage) = coverage {
            for (at, gain) in lift.iter_mut() {
                *gain *= coverage.factor(&self.prepared, &self.corpus, *at);
            }
        }
        for (at, score) in ranked.iter_mut() {
            if let Some(gain) = lift.remove(at) {
                *score += gain;
            }
        }
        // The rest join the ranking: matches ranked too low to be listed with their own
        // score, the others with the gain alone.
        let mut joined: Vec<(usize, Score)> = lift
            .into_iter()
            .filter(|(at, _)| join || scores[*at].is_some())
            .map(|(at, gain)| (at, scores[at].unwrap_or(0.0) + gain))
            .collect();
        joined.sort_by_key(|&(at, _)| at);
        let added = joined
            .iter()
            .map(|&(at, _)| at)
            .filter(|&at| scores[at].is_none())
            .collect();
        ranked.extend(joined);
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        added
    }

    /// Puts the concordance counterparts of the best of `ranked` (in the treaties a query
    /// names) after its best results, from the treaties `filter` leaves out for their treaty
    /// alone and the query does not leave out (`left_out`): after the results scoring at
    /// least [`NAMED_COUNTERPARTS_AFTER`] of the best, and no sooner than the
    /// [`NAMED_COUNTERPARTS_FROM`]th. Only when the best is not a preamble and matches well,
    /// at least [`NAMED_COUNTERPARTS_AFTER`] of the best match in any treaty: "malabo 24/7
    /// network" has nothing in Malabo to pair. They are taken as `unfiltered` (the query's
    /// ranking in every treaty) ranks them, among its best [`NAMED_COUNTERPARTS_AMONG`], at
    /// most [`NAMED_COUNTERPARTS_MAX`]; their scores are set between their neighbours' so the
    /// page stays in the order of its scores. Returns how many were put.
    fn named_counterparts(
        &self,
        ranked: &mut Vec<(usize, Score)>,
        unfiltered: &[(usize, Score)],
        (filter, left_out): (&Filter, &[String]),
        terms: &Compiled,
    ) -> usize {
        let (Some(&(best, top)), Some(&(_, overall))) = (ranked.first(), unfiltered.first()) else {
            return 0;
        };
        if self.roles[best] == Role::Preamble || top < NAMED_COUNTERPARTS_AFTER * overall {
            return 0;
        }
        let Some(provision) = self.best_provision(best, terms) else {
            return 0;
        };
        let (rows, tier) = self.rows_about(&provision);
        // A definitions article pairs a row per term it defines: only the definition that
        // matched, where a row pairs it, says which ("malabo:1" alone is every one).
        if self.roles[best] == Role::Definitions && (tier > 0 || !provision.contains('(')) {
            return 0;
        }
        let treaty = &self.prepared.treaties[self.prepared.docs[best].treaty];
        let mut counterparts = Vec::new();
        for row in rows {
            for p in row.provisions.iter().filter(|p| &p.treaty != treaty) {
                counterparts.extend(
                    self.prepared
                        .position(&format!("{}:{}", p.treaty, p.article)),
                );
            }
        }
        let others: Vec<usize> = unfiltered
            .iter()
            .take(NAMED_COUNTERPARTS_AMONG)
            .map(|&(at, _)| at)
            .filter(|&at| {
                let doc = &self.prepared.docs[at];
                counterparts.contains(&at)
                    && !filter.keeps(at, doc)
                    && filter.keeps_in_any_treaty(at, doc)
                    && !left_out.contains(&self.prepared.treaties[doc.treaty])
            })
            .take(NAMED_COUNTERPARTS_MAX)
            .collect();
        if others.is_empty() {
            return 0;
        }
        let from = ranked
            .iter()
            .take_while(|(_, s)| *s >= NAMED_COUNTERPARTS_AFTER * top)
            .count()
            .max(NAMED_COUNTERPARTS_FROM)
            .min(ranked.len());
        let above = ranked[from - 1].1;
        let below = ranked.get(from).map_or(0.0, |(_, s)| *s);
        let step = (above - below) / (others.len() + 1) as Score;
        let put = others
            .iter()
            .enumerate()
            .map(|(i, &at)| (at, above - step * (i + 1) as Score));
        ranked.splice(from..from, put);
        others.len()
    }

    /// "the Malabo Convention": a treaty as a note names it.
    fn treaty_name(&self, id: &str) -> String {
        let name = self.corpus.treaty(id).map_or(id, |t| &t.meta.short_title);
        format!("the {name}")
    }

    /// The canonical id of the provision of document `at` that best matches `terms`:
    /// `malabo:29(1)(a)`.
    fn best_provision(&self, at: usize, terms: &Compiled) -> Option<String> {
        let doc = &self.prepared.docs[at];
        let article = doc.article(&self.corpus)?;
        let best = self.prepared.best_paragraph(at, &self.corpus, terms)?;
        let block = article.block(&best.paragraph)?;
        let points: String = citation_path(article, block)
            .iter()
            .map(|label| format!("({label})"))
            .collect();
        Some(format!("{}{points}", doc.id))
    }

    /// The concordance rows about provision `id`, the most specific there are, with how far
    /// they had to be looked for: 0, those that pair it or a provision within it; failing
    /// them, 1, those of a provision it is within (its paragraph, its article); failing them,
    /// 2, every row of its article. The row on attempt pairs Malabo 29(1), which is not what
    /// its point (a) on illegal access is about when a row pairs that point.
    fn rows_about(&self, id: &str) -> (Vec<&Row>, usize) {
        let article = id.split('(').next().unwrap_or(id);
        let tiers: [&dyn Fn(&str) -> bool; 3] = [
            &|p| p == id || is_within(p, id),
            &|p| is_within(id, p),
            &|p| p == article || is_within(p, article),
        ];
        let rows = &self.corpus.concordance.rows;
        tiers
            .iter()
            .enumerate()
            .map(|(tier, holds)| {
                let about = |row: &&Row| row.provisions.iter().any(|p| holds(&p.id));
                (rows.iter().filter(about).collect::<Vec<_>>(), tier)
            })
            .find(|(found, _)| !found.is_empty())
            .unwrap_or_default()
    }

    /// What the concordance says the treaties a query keeps (`kept`, typed or named) lack:
    /// when no row about the provision of document `at` that best matches `terms` pairs it
    /// with one of them, and a row marks them absent, one note naming that row ("Extradition
    /// (uncc:37, budapest:24): the concordance finds no counterpart in the Malabo
    /// Convention").
    fn absent_counterparts(&self, at: usize, kept: &[String], terms: &Compiled) -> Option<String> {
        let provision = self.best_provision(at, terms)?;
        let (rows, _) = self.rows_about(&provision);
        let paired = |t: &String| {
            rows.iter()
                .any(|r| r.provisions.iter().any(|p| &p.treaty == t))
        };
        if kept.is_empty() || kept.iter().any(paired) {
            return None;
        }
        let row = rows
            .iter()
            .find(|r| kept.iter().all(|t| r.absent.contains(t)))?;
        let mut ids: Vec<String> = Vec::new();
        for p in &row.provisions {
            let id = format!("{}:{}", p.treaty, p.article);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let names: Vec<String> = kept.iter().map(|t| self.treaty_name(t)).collect();
        Some(format!(
            "{} ({}): the concordance finds no counterpart in {}",
            row.subject,
            ids.join(", "),
            names.join(" or ")
        ))
    }

    /// Whether a casual query speaks of cooperation between States: one of its words, or a
    /// thesaurus wording of it, is held by at least [`COOPERATION_MIN_DOCS`] documents, most
    /// of them articles on international cooperation ("mutual legal assistance", "requesting
    /// Party", "another State").
    fn between_states(&self, words: &[QueryWord]) -> bool {
        words.iter().flat_map(|w| &w.wordings).any(|wording| {
            let Some(ids) = wording
                .iter()
                .map(|s| self.prepared.stems.get(s))
                .collect::<Option<Vec<StemId>>>()
            else {
                return false;
            };
            let holding = self.prepared.holding_all(&self.corpus, &ids);
            let having: u32 = holding.iter().map(|b| b.count_ones()).sum();
            let cooperating: u32 = holding
                .iter()
                .zip(&self.cooperation)
                .map(|(h, c)| (h & c).count_ones())
                .sum();
            having >= COOPERATION_MIN_DOCS && 2 * cooperating > having
        })
    }

    /// The document of the article a resolved provision is in, if it is in one.
    fn article_at(&self, r: &Resolved<'_>) -> Option<usize> {
        let a = r.article?;
        self.prepared
            .position(&format!("{}:{}", r.treaty.meta.id, a.number))
    }

    /// What a cited provision brings with it, as shares of the best match's score: its
    /// links, as if it were the best match; the articles its words cite; for a power, the
    /// articles on the scope and safeguards of every power of its section, whichever part of
    /// it is cited, as if its words cited them; and in full the counterparts the concordance
    /// gives for it, a provision within it or one it is within ("Malabo 29(1)(a)" brings
    /// illegal access in the other frameworks first, not every offence of Malabo 29); and
    /// the articles judged with its article by the questions it answers, each by the share of
    /// them that judged it so ([`Questions::judged_with`]).
    fn citation_neighbours(&self, cited: &Resolved<'_>) -> Vec<(usize, Score)> {
        let (Some(article), Some(here)) = (cited.article, self.article_at(cited)) else {
            return Vec::new();
        };
        let treaty = &cited.treaty.meta.id;
        let mut offers: Vec<(usize, Score)> = self.links[here].clone();
        // What the cited words refer to ("Articles 1, 12 … of the Convention shall apply").
        offers.extend(self.cited_references(cited, article, here));
        // Each article that governs it speaks of every power of the section in a sentence of
        // its own: a reference to one article, with a reference's whole share.
        let governing = self.governed_by[here].iter();
        offers.extend(governing.map(|&at| (at, CITED_REFERENCE_SHARE)));
        // What the questions it answers were judged to need with it ("Budapest 17" brings
        // preservation for another State, UN 42 and Budapest 29), a preamble or the
        // definitions weighed as they are among matches.
        let judged = self.judged[here].iter().filter(|(_, s)| *s >= JUDGED_JOIN);
        offers.extend(judged.map(|&(at, share)| {
            let weight = match self.roles[at] {
                Role::Preamble => PREAMBLE_WEIGHT,
                Role::Definitions => DEFINITIONS_WEIGHT,
                _ => 1.0,
            };
            (at, CITED_JUDGED_SHARE * share * weight)
        }));
        let id = cited.canonical();
        for row in &self.corpus.concordance.rows {
            let holds = row
                .provisions
                .iter()
                .any(|p| p.id == id || is_within(&p.id, &id) || is_within(&id, &p.id));
            if !holds {
                continue;
            }
            for p in row.provisions.iter().filter(|p| &p.treaty != treaty) {
                offers.extend(
                    self.prepared
                        .position(&format!("{}:{}", p.treaty, p.article))
                        .map(|at| (at, CITED_COUNTERPART_SHARE)),
                );
            }
        }
        offers
    }

    /// The other articles a cited provision's words cite (the cited paragraph's or point's,
    /// with its points, or the whole article's), each with its share of
    /// [`CITED_REFERENCE_SHARE`]: a reference to several articles ("Articles 2 through 11")
    /// divides it among them, so that one list does not fill the page.
    fn cited_references(
        &self,
        cited: &Resolved<'_>,
        article: &Article,
        here: usize,
    ) -> Vec<(usize, Score)> {
        fn subtree<'a>(blocks: &'a [Block], out: &mut Vec<&'a Block>) {
            for b in blocks {
                out.push(b);
                subtree(&b.children, out);
            }
        }
        let mut blocks = Vec::new();
        match cited.block {
            Some(b) => subtree(std::slice::from_ref(b), &mut blocks),
            None => subtree(&article.blocks, &mut blocks),
        }
        let treaty = &cited.treaty.meta.id;
        let mut out: Vec<(usize, Score)> = Vec::new();
        for reference in blocks
            .into_iter()
            .flat_map(|b| self.xrefs.in_block(treaty, article.number, &b.eid))
        {
            let mut named: Vec<usize> = reference
                .provisions()
                .filter_map(|p| {
                    self.prepared
                        .position(&format!("{}:{}", p.treaty, p.article))
                })
                .filter(|&at| at != here)
                .collect();
            named.sort_unstable();
            named.dedup();
            let share = CITED_REFERENCE_SHARE / (named.len().max(1) as Score).sqrt();
            for at in named {
                match out.iter_mut().find(|(a, _)| *a == at) {
                    Some((_, s)) => *s = s.max(share),
                    None => out.push((at, share)),
                }
            }
        }
        out
    }

    /// Weighs each of the best matches by how much of the query it covers, and how much of
    /// it one of its paragraphs says ([`Coverage`]): repeating the common words of a query
    /// ("personal data") many times no longer outweighs having the rare one
    /// ("rectification") as well. A subject-index keyword the query says in its own words
    /// lifts its document ([`KEYWORD_SAID_BOOST`]) where `keyword_counts` holds. Below the best
    /// [`COVERAGE_POOL`] every document keeps the least share, so none of them overtakes a
    /// better match.
    fn coordinate(
        &self,
        ranked: &mut [(usize, Score)],
        scores: &mut [Option<Score>],
        coverage: &Coverage,
        keyword_counts: impl Fn(usize, Score) -> bool,
    ) {
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (i, (at, score)) in ranked.iter_mut().enumerate() {
            *score *= if i < COVERAGE_POOL {
                let said = coverage.said_by_keyword(&self.prepared, &self.corpus, *at);
                let said = if keyword_counts(*at, said) { said } else { 0.0 };
                coverage.factor(&self.prepared, &self.corpus, *at)
                    * coverage.together(&self.prepared, &self.corpus, *at)
                    * (1.0 + KEYWORD_SAID_BOOST * said)
            } else {
                Coverage::LEAST * Coverage::LEAST_TOGETHER
            };
            scores[*at] = Some(*score);
        }
    }

    /// "critical national defence infrastructure": among the best matches, those whose text
    /// says the words as typed are likelier to be the one meant than those that say them
    /// apart, the more so the fewer say them. Only documents for which `counts` holds are
    /// lifted.
    fn literal_first(
        &self,
        ranked: &mut [(usize, Score)],
        scores: &mut [Option<Score>],
        (words, stems): (&str, &[StemId]),
        counts: impl Fn(usize) -> bool,
    ) {
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let pool = ranked.len().min(COVERAGE_POOL);
        let saying: Vec<usize> = (0..pool)
            .filter(|&i| {
                let at = ranked[i].0;
                counts(at)
                    && self.prepared.has_all(at, &self.corpus, stems)
                    && self.prepared.says(at, &self.corpus, words)
            })
            .collect();
        let factor = 1.0 + LITERAL_BOOST / saying.len().max(1) as Score;
        for i in saying {
            let (at, score) = &mut ranked[i];
            *score *= factor;
            scores[*at] = Some(*score);
        }
    }

    /// Puts the definitions a query asks for (`Plan::first`) above everything its words found.
    /// Returns the paragraph to show for each, and those that joined the ranking that the words
    /// did not find.
    fn definitions_first<'p>(
        &self,
        ranked: &mut Vec<(usize, Score)>,
        scores: &[Option<Score>],
        first: &'p [(usize, String)],
    ) -> (HashMap<usize, &'p str>, Vec<usize>) {
        let top = ranked.first().map_or(0.0, |(_, s)| *s);
        let mut defining: HashMap<usize, &str> = HashMap::new();
        let mut joined = Vec::new();
        for (at, eid) in first {
            defining.insert(*at, eid);
            match ranked.iter_mut().find(|(r, _)| r == at) {
                Some((_, score)) => *score += top,
                None => {
                    ranked.push((*at, scores[*at].unwrap_or(0.0) + top));
                    if scores[*at].is_none() {
                        joined.push(*at);
                    }
                }
            }
        }
        if !defining.is_empty() {
            // A definition the words did not find scores level with the best match: it
            // still goes first.
            let defines = |at: &usize| defining.contains_key(at);
            ranked.sort_by(|a, b| {
                defines(&b.0)
                    .cmp(&defines(&a.0))
                    .then(b.1.total_cmp(&a.1))
                    .then(a.0.cmp(&b.0))
            });
        }
        (defining, joined)
    }

    /// A citation that names a paragraph the article does not have still names the article;
    /// one that names no article is a warning, and the query is searched as words.
    fn resolve_citation(&self, id: ProvisionId, warnings: &mut Vec<String>) -> Option<ProvisionId> {
        match id.resolve(&self.corpus) {
            Ok(_) => Some(id),
            Err(e @ ProvisionIdError::UnknownProvision { .. }) => {
                warnings.push(format!("{e}; showing the whole article"));
                let Target::Article { number, .. } = id.target else {
                    return None;
                };
                Some(ProvisionId::article(&id.treaty, number))
            }
            Err(e) => {
                warnings.push(e.to_string());
                None
            }
        }
    }

    /// Of the treaties whose articles `referenced` are, the one the ranking puts them
    /// highest in: the sum of their places among the first [`MEANT_AMONG`] results, an
    /// article not among them (or that the treaty lacks) counting as the last place. None
    /// if no article is among them.
    fn meant_treaty<'r>(
        &self,
        referenced: &'r [ProvisionId],
        ranked: &[(usize, Score)],
    ) -> Option<&'r str> {
        let first = &ranked[..ranked.len().min(MEANT_AMONG)];
        let place = |treaty: &str, number: u32| {
            let id = referenced
                .iter()
                .find(|id| id.treaty == treaty && article_number(id) == Some(number))?;
            let at = self.article_at(&id.resolve(&self.corpus).ok()?)?;
            first.iter().position(|&(r, _)| r == at)
        };
        let mut numbers: Vec<u32> = referenced.iter().filter_map(article_number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let treaties: BTreeSet<&str> = referenced.iter().map(|id| id.treaty.as_str()).collect();
        treaties
            .into_iter()
            .filter_map(|treaty| {
                let places: Vec<Option<usize>> =
                    numbers.iter().map(|&n| place(treaty, n)).collect();
                let sum = places
                    .iter()
                    .map(|p| p.unwrap_or(MEANT_AMONG))
                    .sum::<usize>();
                places.iter().any(Option::is_some).then_some((sum, treaty))
            })
            .min()
            .map(|(_, treaty)| treaty)
    }

    /// Of the provisions a citation naming no treaty reads in each instrument searched
    /// ("7(1)", "art 99", "art 7(9) and 8"), those that exist. A provision none of them has
    /// is each article of its number that exists, with a note, or a note alone. `every` says
    /// whether every instrument is searched.
    fn keep_existing(&self, cited: &mut Vec<ProvisionId>, every: bool, warnings: &mut Vec<String>) {
        let instruments = if every {
            "no instrument"
        } else {
            "no instrument searched"
        };
        let exists = |id: &ProvisionId| id.resolve(&self.corpus).is_ok();
        let mut missing: Vec<Target> = Vec::new();
        for id in cited.iter() {
            let target = &id.target;
            if missing.contains(target) || cited.iter().any(|c| &c.target == target && exists(c)) {
                continue;
            }
            missing.push(target.clone());
            let Target::Article { number, .. } = target else {
                continue;
            };
            let some_article = cited
                .iter()
                .any(|c| &c.target == target && exists(&ProvisionId::article(&c.treaty, *number)));
            let typed = id.to_string();
            let typed = typed.split_once(':').map_or(typed.as_str(), |(_, p)| p);
            warnings.push(if some_article {
                format!("{instruments} has a provision {typed}; showing each article {number}")
            } else {
                format!("{instruments} has an article {number}")
            });
        }
        let kept = std::mem::take(cited).into_iter().filter_map(|id| {
            if !missing.contains(&id.target) {
                return exists(&id).then_some(id);
            }
            let number = article_number(&id)?;
            Some(ProvisionId::article(&id.treaty, number)).filter(exists)
        });
        for id in kept {
            if !cited.contains(&id) {
                cited.push(id);
            }
        }
    }

    fn treaty_id(&self, given: &str) -> Result<String, QueryError> {
        self.corpus
            .treaty(given)
            .map(|t| t.meta.id.clone())
            .ok_or_else(|| QueryError::UnknownTreaty {
                given: given.to_string(),
                known: self.corpus.ids().iter().map(|s| s.to_string()).collect(),
            })
    }

    /// Takes the filters `treaty:ID` (ids and aliases both work) and `chapter:WORD` out of
    /// the query text, lowercases field names, and turns colons after words that are not
    /// fields into spaces, so "re: access" is just words.
    fn take_filters(&self, raw: &str, warnings: &mut Vec<String>) -> Result<Filters, QueryError> {
        let mut filters = Filters::default();
        let mut words: Vec<String> = Vec::new();
        // How deep in brackets the words are, and from which depth a group left out with
        // "NOT (" or "-(" leaves out the filters in it too: "NOT (treaty:malabo OR
        // treaty:uncc)" leaves out both.
        let mut depth = 0;
        let mut negated_from: Option<usize> = None;
        // The group left out that the words are in, if any.
        let mut group = LeftOutGroup::default();
        // "(NOT treaty:malabo)": an operator glued to its brackets is a word of its own.
        let split = raw.split_whitespace().flat_map(|word| {
            let bare = word.trim_start_matches('(');
            match bare {
                "NOT" | "AND" | "OR" if bare.len() < word.len() => {
                    vec![&word[..word.len() - bare.len()], bare]
                }
                _ => vec![word],
            }
        });
        // A filter holds for the whole query: where OR makes alternatives of its parts, a
        // treaty's id left out stays a word, unless it is in a group left out ("NOT
        // (budapest OR malabo)" leaves out both).
        let alternatives = raw
            .split_whitespace()
            .any(|w| w.trim_matches(['(', ')']) == "OR");
        for word in split {
            // "-(" is "NOT (".
            let word = match word.strip_prefix("-(") {
                Some(rest) => {
                    words.push("NOT".to_string());
                    format!("({rest}")
                }
                None => word.to_string(),
            };
            // "(chapter:cooperation OR …)": the brackets stay with the query.
            let opened = word.trim_start_matches('(');
            let inner = opened.trim_end_matches(')');
            let (opening, closing) = (word.len() - opened.len(), opened.len() - inner.len());
            let opens_group =
                opening > 0 && negated_from.is_none() && words.last().is_some_and(|w| w == "NOT");
            if opens_group {
                negated_from = Some(depth + 1);
            }
            let in_negated_group = negated_from.is_some_and(|from| depth + opening >= from);
            // "NOT ((a AND b) OR c)", "NOT (a AND NOT b)": more than filters joined by AND.
            if in_negated_group
                && (opening > usize::from(opens_group)
                    || matches!(inner, "OR" | "NOT")
                    || inner.starts_with('-'))
            {
                group.mixed = true;
            }
            depth = (depth + opening).saturating_sub(closing);
            let group_closes = negated_from.is_some_and(|from| depth < from);
            if group_closes {
                negated_from = None;
            }
            // Inside a group left out, a filter waits for the group's end to know whether
            // it is left out alone or with the others.
            let in_group = in_negated_group && !inner.starts_with('-');
            let (negated, inner) = match inner.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (in_negated_group, inner),
            };
            // "NOT treaty:malabo": the NOT before a filter is the filter's.
            let after_not = opening == 0 && words.last().is_some_and(|w| w == "NOT");
            // "-Budapest", "NOT malabo": a treaty's id left out as a word leaves the treaty
            // out, as "-treaty:budapest" does.
            let as_filter;
            let inner = match self
                .corpus
                .ids()
                .into_iter()
                .find(|id| id.eq_ignore_ascii_case(inner))
            {
                Some(id) if in_group || ((negated || after_not) && !alternatives) => {
                    as_filter = format!("treaty:{id}");
                    as_filter.as_str()
                }
                _ => inner,
            };
            match inner.split_once(':') {
                // "-treaty:malabo" or "NOT treaty:malabo" leaves a treaty out.
                Some((field, value)) if field.eq_ignore_ascii_case("treaty") => {
                    let value = value.trim_matches(['"', '\'']);
                    if after_not {
                        words.pop();
                    }
                    if value.is_empty() {
                        warnings.push(format!(
                            "treaty: needs an id ({}); it was ignored",
                            self.corpus.ids().join(", ")
                        ));
                    } else if in_group {
                        group.filters.treaties.push(self.treaty_id(value)?);
                    } else if negated || after_not {
                        filters.not_treaties.push(self.treaty_id(value)?);
                    } else {
                        filters.treaties.push(self.treaty_id(value)?);
                    }
                    words.extend(brackets(opening, closing));
                }
                // "chapter:procedural preservation": a filter, as "treaty:" is, not one more
                // word to search; "-chapter:cooperation" or "NOT chapter:…" leaves it out.
                Some((field, value)) if field.eq_ignore_ascii_case("chapter") => {
                    let bare = value.trim_matches(['"', '\'']);
                    if after_not {
                        words.pop();
                    }
                    let excluded = negated || after_not;
                    match self.chapters_headed(bare) {
                        Some(divisions) if in_group => group.filters.chapters.push(divisions),
                        Some(divisions) if excluded => filters.not_chapters.extend(divisions),
                        Some(divisions) => {
                            filters
                                .chapters
                                .get_or_insert_with(Vec::new)
                                .extend(divisions);
                        }
                        None if bare.is_empty() => warnings.push(
                            "chapter: needs a word of a chapter heading; it was ignored"
                                .to_string(),
                        ),
                        None => warnings.push(format!(
                            "no chapter heading has the word {bare:?}; searched without it"
                        )),
                    }
                    words.extend(brackets(opening, closing));
                }
                Some((field, _)) if QUERY_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(field)) => {
                    group.words |= in_negated_group;
                    // The parser knows fields by their names in lowercase: "Title:extradition".
                    let at = word.find(':').unwrap_or(0);
                    words.push(format!("{}{}", word[..at].to_lowercase(), &word[at..]));
                }
                Some((field, value)) => {
                    // "budapest:16" is Concord's own way of naming a provision: a citation.
                    let provision = ProvisionId::parse(inner).is_ok();
                    if !field.is_empty()
                        && field.chars().all(char::is_alphabetic)
                        && !value.is_empty()
                        && !provision
                    {
                        warnings.push(format!(
                            "{field:?} is not a field to search in (the fields are {}); searched for the words instead",
                            QUERY_FIELDS.join(", ")
                        ));
                    }
                    group.words |= in_negated_group;
                    words.push(word.replace(':', " "));
                }
                None => {
                    match inner {
                        "AND" => group.and |= in_negated_group,
                        "OR" | "NOT" | "" => {}
                        _ => group.words |= in_negated_group,
                    }
                    words.push(word.to_string());
                }
            }
            if group_closes {
                std::mem::take(&mut group).close(&mut filters, warnings);
            }
        }
        // A group never closed ends with the query.
        group.close(&mut filters, warnings);
        filters.text = tidied(words).join(" ");
        Ok(filters)
    }

    /// The divisions whose headings hold a word or phrase, in any framework's spelling
    /// (Budapest's "co-operation" is the others' "cooperation"); `None` if there are none.
    fn chapters_headed(&self, words: &str) -> Option<Vec<usize>> {
        let typed = stems(words);
        if typed.is_empty() {
            return None;
        }
        let mut spellings = vec![typed.clone()];
        for e in self.thesaurus.expand(&typed) {
            if stems(&e.matched) == typed {
                spellings.extend(e.terms.iter().map(|t| stems(t)));
            }
        }
        let found: Vec<usize> = self
            .division_stems
            .iter()
            .enumerate()
            .filter(|(_, heading)| {
                spellings
                    .iter()
                    .any(|s| !s.is_empty() && heading.windows(s.len()).any(|w| w == s.as_slice()))
            })
            .map(|(d, _)| d)
            .collect();
        (!found.is_empty()).then_some(found)
    }

    /// Turns query text into a tantivy query plus what is needed to explain and highlight it.
    fn plan(&self, text: &str, warnings: &mut Vec<String>) -> Plan {
        let f = self.fields;
        if text.trim().is_empty() {
            return Plan::empty();
        }
        let unpinned = unpinned(text);
        let text = unpinned.as_ref();
        let mut casual = is_casual(text);
        // Operators or brackets the parser cannot read ("(hacking", "[child] {abuse}",
        // "NOT" alone) would leave a query that finds little or nothing: its words are
        // searched instead, as a casual query.
        let words_only;
        let text = if casual {
            text
        } else {
            match self.expert_parser.parse_query_lenient(text).1.first() {
                Some(e) => {
                    words_only = without_operators(text);
                    if words_only.trim().is_empty() {
                        warnings.push(format!(
                            "the query's operators could not be read ({e}), and no word is left to search for"
                        ));
                        return Plan::empty();
                    }
                    warnings.push(format!(
                        "the query's operators could not be read ({e}); its words were searched instead"
                    ));
                    casual = true;
                    words_only.as_str()
                }
                // "(hacking)", "\"computer hacking\"": nothing holds the words as written,
                // so they are searched as a casual query, with the thesaurus and typo
                // tolerance, rather than give an empty page.
                None if self.matches_nothing(text) => {
                    words_only = without_operators(text);
                    if words_only.trim().is_empty() {
                        text
                    } else {
                        warnings.push(format!(
                            "nothing holds the query as written; its words were searched instead: {}",
                            words_only.split_whitespace().collect::<Vec<_>>().join(" ")
                        ));
                        casual = true;
                        words_only.as_str()
                    }
                }
                None => text,
            }
        };
        // Casual queries lose their function words ("can police order a provider to keep
        // data?" searches "police order provider keep data"); expert queries stay as typed.
        let content = if casual {
            content_words(text)
        } else {
            text.to_string()
        };
        // The words searched on their own: not a bound prefix ("non" of "non-repudiation"),
        // which the phrases and the thesaurus still read with its word.
        let searched = if casual {
            let kept: Vec<&str> = content
                .split_whitespace()
                .filter(|w| !stems(w).iter().all(|s| is_bound_prefix(s)))
                .collect();
            if kept.is_empty() {
                content.clone()
            } else {
                kept.join(" ")
            }
        } else {
            content.clone()
        };
        let words = casual.then(|| self.words_query(&searched)).flatten();
        let (parsed, errors) = match words {
            Some(query) => (query, Vec::new()),
            None if casual => self.parser.parse_query_lenient(&searched),
            None => self.expert_parser.parse_query_lenient(&content),
        };
        for e in errors {
            let message = format!("part of the query was read loosely: {e}");
            if !warnings.contains(&message) {
                warnings.push(message);
            }
        }
        let searcher = self.reader.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, parsed)];
        let query_stems = stems(&content);
        let mut terms = Terms::default();
        let idf = |stem: &str| idf(&searcher, f.body, stem);
        for s in query_stems.iter().filter(|s| is_searched_alone(s)) {
            terms.words.insert(s.clone(), idf(s));
        }

        let mut expansions = Vec::new();
        let mut literal = None;
        let mut did_you_mean = None;
        let mut fixes = Vec::new();
        if casual {
            // Typo tolerance first, so the thesaurus and phrases see the corrected words: a
            // word neither the treaties, their keywords nor the thesaurus have is read as the
            // nearest word one of them has, unless it is a word of English (see below).
            let known = |stem: &String| self.knows(&searcher, stem);
            let words: Vec<&str> = content.split_whitespace().collect();
            // The stem of each word, if it is one the treaties know and not a stopword.
            let known_stem = |word: &str| -> Option<String> {
                let [stem] = stems(word).try_into().ok()?;
                (!is_stopword(&stem) && known(&stem)).then_some(stem)
            };
            // A neighbour that is itself misspelt goes with the correction it would have
            // ("ilegal interseption of emails": "illegal" is written beside "interception",
            // "legal" beside "emails").
            // Each word's reading is worked out once, however many words before it ask.
            let readings: Vec<std::cell::OnceCell<Option<String>>> =
                words.iter().map(|_| std::cell::OnceCell::new()).collect();
            let neighbour = |at: usize| -> Option<String> {
                let word = words[at];
                let read = || {
                    known_stem(word).or_else(|| {
                        if spelling::is_english(word) {
                            return None;
                        }
                        self.vocabulary
                            .nearest(word)
                            .and_then(|fixed| known_stem(&fixed))
                    })
                };
                readings[at].get_or_init(read).clone()
            };
            let mut corrected: Vec<String> = Vec::new();
            for (i, word) in words.iter().enumerate() {
                let known_word = stems(word).iter().all(known);
                // "CSPs" is no typo: no "did you mean".
                let singular = (!known_word)
                    .then(|| self.plural_of_thesaurus_word(word))
                    .flatten();
                let fix = if known_word {
                    None
                } else if let Some(singular) = singular {
                    Some(singular.to_string())
                } else {
                    // The known words beside it, which the correction should go with.
                    let before = corrected.iter().rev().find_map(|w| known_stem(w));
                    let after = (i + 1..words.len()).find_map(neighbour);
                    // A word of English is a typo only where the treaties or their keywords
                    // write a word one letter away beside its neighbour ("statue of
                    // limitations", "commuter virus"): "actually" is not "annually", and
                    // alone it is left as typed.
                    let english = spelling::is_english(word);
                    if english && before.is_none() && after.is_none() {
                        None
                    } else {
                        self.correction(&searcher, word, before, after, english)
                    }
                };
                match fix {
                    Some(fixed) => {
                        for s in stems(&fixed) {
                            terms.words.entry(s.clone()).or_insert_with(|| idf(&s));
                            // The nearest word is looked for as if it had been typed.
                            for (field, boost) in word_fields(&f) {
                                clauses.push(boosted(term_query(field, &s), boost));
                            }
                        }
                        if singular.is_none() {
                            fixes.push((word.to_string(), fixed.clone()));
                        }
                        corrected.push(fixed);
                    }
                    None => corrected.push(word.to_string()),
                }
            }
            let corrected = corrected.join(" ");
            if corrected != content {
                did_you_mean = Some(corrected.clone());
            }
            let corrected_stems = stems(&corrected);

            // Phrase and proximity: the words together count more than the words apart.
            if corrected_stems.len() >= 2 {
                clauses.push(boosted(phrase(f.title, &corrected_stems, 0), 2.0));
                clauses.push(boosted(phrase(f.body, &corrected_stems, 2), 1.5));
            }
            // With its meaningful stems: only a document that has them all can say it.
            literal = literal_words(&respelt(text, &fixes)).map(|words| {
                let meaningful = corrected_stems.iter().filter(|s| !is_stopword(s));
                (words, meaningful.cloned().collect())
            });

            // Thesaurus: the treaties' own wordings for what was typed. A wording found in
            // most articles ("States Parties") says nothing about which one is meant, so
            // only the rarer wordings of a concept are added.
            expansions = self.thesaurus.expand(&corrected_stems);
            let n = searcher.num_docs().max(1) as f32;
            for e in &expansions {
                for term in std::iter::once(&e.matched).chain(&e.terms) {
                    let w = self.wording(term, &searcher);
                    // The wording the query used adds something only as a phrase ("personal
                    // data" in "what rights do I have over my personal data?").
                    if *term == e.matched && w.stems.len() < 2 {
                        continue;
                    }
                    if w.stems.is_empty() || w.df(&searcher, f) as f32 > EXPANSION_MAX_DF * n {
                        continue;
                    }
                    terms.phrases.push((w.stems.clone(), w.weight));
                    clauses.push(boosted(phrase(f.title, &w.stems, 0), 1.0));
                    clauses.push(boosted(phrase(f.body, &w.stems, 1), 0.8));
                }
            }
        }
        // A query that names a defined term ("ICT", "computer data") is answered by the
        // definitions too.
        let mut defined = Vec::new();
        if casual {
            let meaningful = |text: &str| -> Vec<String> {
                stems(text)
                    .into_iter()
                    .filter(|s| !is_stopword(s))
                    .collect()
            };
            let fixed = did_you_mean.clone().unwrap_or_else(|| content.clone());
            let mut wordings = vec![Cow::Owned(meaningful(&fixed))];
            for e in &expansions {
                for text in std::iter::once(&e.matched).chain(&e.terms) {
                    wordings.push(match self.wordings.get(text) {
                        Some(w) => Cow::Borrowed(&w.meaningful),
                        None => Cow::Owned(meaningful(text)),
                    });
                }
            }
            for (term, article) in &self.definitions {
                if wordings.iter().any(|w| **w == *term) && !defined.contains(article) {
                    defined.push(article.clone());
                }
            }
        }
        // A query that names a defined concept and nothing else ("ISP", "\"personal data\"")
        // is first of all a question of what the term means.
        let named = if casual {
            did_you_mean.as_deref().unwrap_or(&content)
        } else {
            quoted_phrase(text).unwrap_or_default()
        };
        let mut first: Vec<(usize, String)> = Vec::new();
        for concept in self.thesaurus.named_exactly(&stems(named)) {
            for (at, eid) in self
                .concept_definitions
                .get(&concept.id)
                .into_iter()
                .flatten()
            {
                if !first.iter().any(|(a, _)| a == at) {
                    first.push((*at, eid.clone()));
                }
            }
        }
        let mut query_words: Vec<QueryWord> = Vec::new();
        let mut prefixes = Vec::new();
        if casual {
            let fixed = did_you_mean.as_deref().unwrap_or(&content);
            let matched: Vec<Cow<'_, Wording>> = expansions
                .iter()
                .map(|e| self.wording(&e.matched, &searcher))
                .collect();
            let mut seen = Vec::new();
            let typed = stems(fixed);
            prefixes = typed
                .iter()
                .filter(|s| is_bound_prefix(s))
                .cloned()
                .collect();
            for stem in typed.into_iter().filter(|s| is_searched_alone(s)) {
                if seen.contains(&stem) {
                    continue;
                }
                seen.push(stem.clone());
                let mut wordings = vec![vec![stem.clone()]];
                // The matched wording may hold the word or, if its words stand for their
                // groups, one used the same way.
                let same = self.thesaurus.same_words(&stem);
                for (e, m) in expansions.iter().zip(&matched) {
                    if m.stems.contains(&stem)
                        || (e.grouped && m.stems.iter().any(|s| same.contains(s)))
                    {
                        for term in &e.terms {
                            let w = self.wording(term, &searcher);
                            if !w.meaningful.is_empty() {
                                wordings.push(w.meaningful.clone());
                            }
                        }
                    }
                }
                // Rare in the text and the subject index both: "hacking" is in few texts
                // but in the keywords of many articles.
                let weight = idf_in_any(&searcher, &[f.body, f.keywords], &stem);
                query_words.push(QueryWord {
                    weight: weight.max(0.1),
                    wordings,
                });
            }
        }
        Plan {
            query: Box::new(BooleanQuery::new(clauses)),
            terms,
            expansions,
            fixes,
            defined,
            first,
            words: query_words,
            prefixes,
            literal,
            // A field in what the query leaves out ("-title:x") asks for nothing.
            fielded: !casual
                && units(text).iter().any(|(negated, unit)| {
                    !negated && QUERY_FIELDS.iter().any(|f| unit.contains(&format!("{f}:")))
                }),
        }
    }

    /// Plain words as the query parser reads them (each word in any of the default fields,
    /// with the fields' boosts), built directly: the parser costs about a tenth of a search.
    /// `None` when a word is not a single term, which the parser turns into a phrase.
    fn words_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let fields = word_fields(&self.fields);
        let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for word in text.split_whitespace() {
            let [stem] = stems(word).try_into().ok()?;
            // The parser reads a word typed twice once.
            if seen.contains(&word) {
                continue;
            }
            seen.push(word);
            let any_field = fields
                .iter()
                .map(|&(field, boost)| {
                    let term: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, &stem),
                        IndexRecordOption::WithFreqsAndPositions,
                    ));
                    let q: Box<dyn Query> = if boost == 1.0 {
                        term
                    } else {
                        Box::new(BoostQuery::new(term, boost))
                    };
                    (Occur::Should, q)
                })
                .collect();
            words.push((Occur::Should, Box::new(BooleanQuery::new(any_field))));
        }
        match text.split_whitespace().count() {
            0 => None,
            // The parser gives a single word's query as it is.
            1 => words.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(words))),
        }
    }

    /// A thesaurus wording, analysed when the engine opened or else now.
    fn wording(&self, text: &str, searcher: &Searcher) -> Cow<'_, Wording> {
        match self.wordings.get(text) {
            Some(w) => Cow::Borrowed(w),
            None => Cow::Owned(Wording::new(stems(text), searcher, self.fields)),
        }
    }

    /// The documents holding what an expert query leaves out ("-access", "NOT \"computer
    /// data\""): left out of the results whatever brought them (their own words, a link, a
    /// fallback to plain words).
    fn excluded_docs(&self, text: &str) -> Vec<bool> {
        let pieces = if is_casual(text) {
            Vec::new()
        } else {
            excluded_pieces(text)
        };
        if pieces.is_empty() {
            return Vec::new();
        }
        let searcher = self.reader.searcher();
        let mut out = vec![false; self.prepared.docs.len()];
        for piece in pieces {
            let (query, _) = self.expert_parser.parse_query_lenient(&piece);
            let found = searcher.search(&query, &AllMatches).unwrap_or_default();
            for at in found.into_iter().filter_map(|(a, _)| self.position_of(a)) {
                out[at] = true;
            }
        }
        out
    }

    /// The position among the prepared documents of an indexed document.
    fn position_of(&self, address: DocAddress) -> Option<usize> {
        let at = *self
            .positions
            .get(address.segment_ord as usize)?
            .get(address.doc_id as usize)?;
        (at != NO_DOC).then_some(at as usize)
    }

    /// Whether an expert query, read as written, matches no document.
    fn matches_nothing(&self, text: &str) -> bool {
        let (query, _) = self.expert_parser.parse_query_lenient(text);
        self.reader
            .searcher()
            .search(&query, &Count)
            .is_ok_and(|n| n == 0)
    }

    /// Which documents a treaty and chapter filter keeps.
    fn filter(
        &self,
        treaties: &[String],
        not_treaties: &[String],
        chapter: Option<&str>,
    ) -> Filter {
        let p = &self.prepared;
        let kept =
            |t: &String| (treaties.is_empty() || treaties.contains(t)) && !not_treaties.contains(t);
        Filter {
            treaties: (!treaties.is_empty() || !not_treaties.is_empty())
                .then(|| p.treaties.iter().map(kept).collect()),
            // A chapter the corpus does not have keeps nothing.
            chapter: chapter.map(|c| p.divisions.iter().position(|d| d == c)),
            chapters: None,
            not_chapters: Vec::new(),
            not_together: Vec::new(),
            not_docs: Vec::new(),
        }
    }

    /// Document `at` as a hit, showing paragraph `eid` or else its best paragraph.
    fn hit(&self, at: usize, score: Score, terms: &Compiled, eid: Option<&str>) -> Hit {
        let doc = &self.prepared.docs[at];
        let treaty = self.prepared.treaties[doc.treaty].as_str();
        let snippet = eid
            .and_then(|eid| self.prepared.paragraph(at, &self.corpus, eid, terms))
            .or_else(|| self.prepared.best_paragraph(at, &self.corpus, terms))
            .unwrap_or_else(|| Snippet {
                paragraph: String::new(),
                text: String::new(),
                highlights: Vec::new(),
            });
        match doc.article(&self.corpus) {
            Some(article) => make_hit(treaty, article, score, snippet),
            None => Hit {
                id: doc.id.clone(),
                treaty: treaty.to_string(),
                article: "preamble".into(),
                title: "Preamble".into(),
                score: (score * 1000.0).round() / 1000.0,
                url: format!("/{treaty}/preamble#{}", snippet.paragraph),
                paragraph: snippet.paragraph,
                snippet: snippet.text,
                highlights: snippet.highlights,
                subjects: Vec::new(),
                asked: None,
            },
        }
    }

    /// `text` with the brackets around a citation as spaces: "hacking (see uncc 41(3))",
    /// "illegal access (Budapest art. 2)" say where the words are in the treaties, as they
    /// would without the brackets, as do "hacking (art 7)" and "hacking(uncc 7)". A bracket
    /// glued to a number or bracket before it ("41(3)", "(1)(a)") is part of a reference.
    fn without_citation_brackets<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = Cow::Borrowed(text);
        let mut from = 0;
        while let Some(open) = out[from..].find('(').map(|at| from + at) {
            from = open + 1;
            if out[..open].ends_with(|c: char| !c.is_whitespace() && !c.is_alphabetic()) {
                continue;
            }
            // The bracket that closes it.
            let mut depth = 0;
            let close = out[open..].char_indices().find_map(|(i, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                (depth == 0).then_some(open + i)
            });
            let Some(close) = close else {
                break;
            };
            let inner = &out[open + 1..close];
            let cites = !self.citations.parse_all(inner, &self.corpus).is_empty()
                || Citations::cites_by_number(inner);
            if !cites {
                continue;
            }
            // "(see art 7)": the word that sends the reader there is no word to search.
            let start = open + 1 + (inner.len() - inner.trim_start().len());
            let first = out[start..close]
                .split_whitespace()
                .next()
                .unwrap_or_default();
            let first_len = first.len();
            let sends =
                citation::LEADING.contains(&first.trim_end_matches('.').to_lowercase().as_str());
            let owned = out.to_mut();
            owned.replace_range(close..close + 1, " ");
            if sends {
                owned.replace_range(start..start + first_len, &" ".repeat(first_len));
            }
            owned.replace_range(open..open + 1, " ");
        }
        out
    }

    /// The nearest word to a word no document or the thesaurus knows. Of words as near, one
    /// that the treaties (failing them, their keywords) write next to the known word before
    /// or after it goes first: "statue of limitations" is "statute", not the more frequent
    /// "state". `in_context` (the word is English): only such a word will do, one letter
    /// away.
    fn correction(
        &self,
        searcher: &Searcher,
        word: &str,
        before: Option<String>,
        after: Option<String>,
        in_context: bool,
    ) -> Option<String> {
        let candidates = self.vocabulary.nearest_all(word);
        if candidates.len() < 2 && !in_context {
            return candidates.into_iter().next();
        }
        let f = self.fields;
        // Within two words, as "statute of limitations" is, in `fields`.
        let written_beside = |candidate: &String, fields: &[Field]| {
            let Ok([stem]) = <[String; 1]>::try_from(stems(candidate)) else {
                return false;
            };
            let pairs = [
                before.as_ref().map(|b| [b.clone(), stem.clone()]),
                after.as_ref().map(|a| [stem.clone(), a.clone()]),
            ];
            pairs.into_iter().flatten().any(|pair| {
                fields.iter().any(|&field| {
                    let mut phrase = PhraseQuery::new(
                        pair.iter()
                            .map(|s| Term::from_field_text(field, s))
                            .collect(),
                    );
                    phrase.set_slop(PAIR_SLOP);
                    searcher.search(&phrase, &Count).unwrap_or(0) > 0
                })
            })
        };
        // A word of English is taken for a slip of one letter, no more.
        let typed = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let one_slip = |c: &String| strsim::damerau_levenshtein(&typed, c) == 1;
        // The treaties' own text first, then the keywords of the subject index.
        let beside = [[f.title, f.body].as_slice(), &[f.keywords]]
            .into_iter()
            .find_map(|fields| {
                candidates
                    .iter()
                    .find(|c| (!in_context || one_slip(c)) && written_beside(c, fields))
            });
        if in_context {
            beside.cloned()
        } else {
            beside.or(candidates.first()).cloned()
        }
    }

    /// "CSPs", "MoUs": a plural the stemmer cannot see (no vowel before the "s", or one right
    /// before it), of a word the thesaurus has, is that word. A capital "S" ("CMS", "SOS")
    /// is part of the abbreviation.
    fn plural_of_thesaurus_word<'w>(&self, word: &'w str) -> Option<&'w str> {
        let singular = word
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .strip_suffix('s')?
            .trim_end_matches('\'');
        let stems = stems(singular);
        let letters = singular.chars().filter(|c| c.is_alphanumeric()).count();
        (letters >= 2 && !stems.is_empty() && stems.iter().all(|s| self.thesaurus.knows(s)))
            .then_some(singular)
    }

    /// Whether the treaties, their keywords or the thesaurus have this stem.
    fn knows(&self, searcher: &Searcher, stem: &str) -> bool {
        let f = self.fields;
        self.thesaurus.knows(stem)
            || [f.body, f.title, f.keywords].iter().any(|field| {
                searcher
                    .doc_freq(&Term::from_field_text(*field, stem))
                    .is_ok_and(|n| n > 0)
            })
    }

    /// Whether `text` has a meaningful word the treaties, their keywords or the thesaurus
    /// have, or a typo of one ("hackng").
    fn knows_a_word(&self, text: &str) -> bool {
        let searcher = self.reader.searcher();
        text.split_whitespace().any(|word| {
            let meaningful: Vec<String> = stems(word)
                .into_iter()
                .filter(|s| is_searched_alone(s))
                .collect();
            !meaningful.is_empty()
                && (meaningful.iter().all(|s| self.knows(&searcher, s))
                    || (!spelling::is_english(word)
                        && !self.vocabulary.nearest_all(word).is_empty()))
        })
    }

    /// The keywords of document `id` with the most of the query's stems, at most
    /// [`MAX_SUBJECTS`], in the order the subject index lists them on ties.
    fn subjects(&self, id: &str, typed: &[StemId]) -> Vec<String> {
        let Some(at) = self.prepared.position(id) else {
            return Vec::new();
        };
        let keywords = self.corpus.keywords.of(id);
        self.prepared
            .keywords_with(at, &self.corpus, typed, MAX_SUBJECTS)
            .into_iter()
            .filter_map(|i| keywords.get(i).cloned())
            .collect()
    }

    fn cited(
        &self,
        resolved: &Resolved<'_>,
        score: Score,
        compiled: &Compiled,
        terms: &Terms,
    ) -> Hit {
        let id = resolved.treaty.meta.id.as_str();
        let at = self.article_at(resolved);
        match (resolved.article, resolved.block) {
            (Some(a), Some(b)) => {
                let snippet = at
                    .and_then(|at| self.prepared.paragraph(at, &self.corpus, &b.eid, compiled))
                    .unwrap_or_else(|| highlight(&b.eid, &b.source_line(), terms));
                make_hit(id, a, score, snippet)
            }
            (Some(a), None) => {
                let snippet = at
                    .and_then(|at| self.prepared.best_paragraph(at, &self.corpus, compiled))
                    .unwrap_or_else(|| snippet::best_paragraph(a, terms));
                make_hit(id, a, score, snippet)
            }
            (None, _) => Hit {
                id: id.to_string(),
                treaty: id.to_string(),
                article: String::new(),
                title: resolved.treaty.meta.short_title.clone(),
                score,
                paragraph: String::new(),
                snippet: resolved.treaty.meta.title.clone(),
                url: format!("/{id}"),
                highlights: Vec::new(),
                subjects: Vec::new(),
                asked: None,
            },
        }
    }
}

/// Whether provision id `inner` names a part of `outer`: "malabo:29(1)(a)" of "malabo:29(1)"
/// and of "malabo:29".
fn is_within(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.starts_with('('))
}

/// For each document, the documents lifted with it and their share of its score: its
/// counterparts in the concordance, the articles it cites and those that cite it (attempt and
/// aiding for an offence, reservations to a power are part of the answer too).
fn links(
    prepared: &Prepared,
    corpus: &Corpus,
    xrefs: &CrossReferences,
) -> Vec<Vec<(usize, Score)>> {
    let mut shares: Vec<BTreeMap<usize, Score>> = vec![BTreeMap::new(); prepared.docs.len()];
    let mut link = |from: String, to: String, share: Score| {
        if let (Some(from), Some(to)) = (prepared.position(&from), prepared.position(&to)) {
            let entry = shares[from].entry(to).or_insert(0.0);
            *entry = entry.max(share);
        }
    };
    for row in &corpus.concordance.rows {
        for p in &row.provisions {
            for q in row.provisions.iter().filter(|q| q.treaty != p.treaty) {
                let (from, to) = (
                    format!("{}:{}", p.treaty, p.article),
                    format!("{}:{}", q.treaty, q.article),
                );
                link(from, to, COUNTERPART_SHARE);
            }
        }
    }
    for r in xrefs.all() {
        let Some(article) = r.location.article else {
            continue;
        };
        let citing = format!("{}:{article}", r.location.treaty);
        for p in r.provisions() {
            let cited = format!("{}:{}", p.treaty, p.article);
            if r.location.within == Within::Block {
                link(citing.clone(), cited.clone(), CITATION_SHARE);
            }
            if cited != citing {
                link(cited, citing.clone(), CITATION_SHARE);
            }
        }
    }
    shares
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect()
}

/// For each document that is a power of a chapter or section, the articles whose words govern
/// every power of it: "the powers and procedures provided for in this section" (Budapest 14 on
/// their scope, 15 on their conditions and safeguards; UN 23 and 24 for its Chapter IV), each
/// read with the other too. A power is an article of the chapter or section that speaks of the
/// competent authorities (UN 25 to 31, Budapest 16 to 21), not one on witnesses or victims (UN
/// 33, 34).
fn governed_by(prepared: &Prepared, corpus: &Corpus) -> Vec<Vec<usize>> {
    const GOVERNING: [&str; 3] = [
        "powers and procedures provided for in this",
        "powers and procedures set forth in this",
        "powers and procedures in this",
    ];
    let articles: Vec<(usize, String, &Treaty, &Article)> = corpus
        .articles()
        .filter_map(|(treaty, article)| {
            let at = prepared.position(&format!("{}:{}", treaty.meta.id, article.number))?;
            Some((at, article.text().to_lowercase(), treaty, article))
        })
        .collect();
    // Each governing article, with the division it governs as a position in
    // `Prepared::divisions` (a document's divisions are listed as `divisions_of` gives them).
    let mut governors: Vec<(usize, usize)> = Vec::new();
    for (at, text, treaty, article) in &articles {
        for (kind, word) in [
            (DivisionKind::Chapter, "chapter"),
            (DivisionKind::Section, "section"),
        ] {
            if !GOVERNING
                .iter()
                .any(|g| text.contains(&format!("{g} {word}")))
            {
                continue;
            }
            let chain = treaty.divisions_of(article);
            if let Some(i) = chain.iter().rposition(|d| d.kind == kind) {
                governors.push((*at, prepared.docs[*at].divisions[i]));
            }
        }
    }
    let mut out = vec![Vec::new(); prepared.docs.len()];
    for (governor, division) in &governors {
        for (at, text, ..) in &articles {
            let within = prepared.docs[*at].divisions.contains(division);
            let governs = text.contains("competent authorit")
                || governors.iter().any(|(g, d)| g == at && d == division);
            if at != governor && within && governs && !out[*at].contains(governor) {
                out[*at].push(*governor);
            }
        }
    }
    out
}

/// Every term of these text fields of the index: the stems their documents are made of.
fn index_stems(searcher: &Searcher, fields: &[tantivy::schema::Field]) -> tantivy::Result<Stems> {
    let mut stems = Vec::new();
    for &field in fields {
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                if let Ok(stem) = std::str::from_utf8(terms.key()) {
                    stems.push(stem.to_string());
                }
            }
        }
    }
    Ok(Stems::new(stems))
}

/// A thesaurus wording as the engine searches for it.
#[derive(Debug, Clone)]
struct Wording {
    stems: Vec<String>,
    /// The stems without function words.
    meaningful: Vec<String>,
    /// How many documents contain it (its words in order, one other word allowed between),
    /// counted when first needed.
    df: OnceLock<usize>,
    /// What finding it in a paragraph is worth: its meaningful words' weights, discounted.
    weight: Score,
}

impl Wording {
    fn new(stems: Vec<String>, searcher: &Searcher, f: Fields) -> Self {
        let meaningful: Vec<String> = stems.iter().filter(|s| !is_stopword(s)).cloned().collect();
        let weight = meaningful
            .iter()
            .map(|s| 0.6 * idf(searcher, f.body, s))
            .sum();
        Wording {
            stems,
            meaningful,
            df: OnceLock::new(),
            weight,
        }
    }

    fn df(&self, searcher: &Searcher, f: Fields) -> usize {
        *self.df.get_or_init(|| {
            searcher
                .search(&phrase(f.body, &self.stems, 1), &Count)
                .unwrap_or(0)
        })
    }
}

/// The BM25 inverse document frequency of a stem in a field.
fn idf(searcher: &Searcher, field: tantivy::schema::Field, stem: &str) -> Score {
    idf_in_any(searcher, &[field], stem)
}

/// The idf of a word counted in the documents of whichever field has it most often.
fn idf_in_any(searcher: &Searcher, fields: &[tantivy::schema::Field], stem: &str) -> Score {
    let n = searcher.num_docs().max(1) as f32;
    let df = fields
        .iter()
        .map(|&field| {
            searcher
                .doc_freq(&Term::from_field_text(field, stem))
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0) as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Which documents a search keeps.
struct Filter {
    /// Per treaty, whether it is kept; `None` keeps all.
    treaties: Option<Vec<bool>>,
    /// The one division kept, if any (`Some(None)` for a division there is not).
    chapter: Option<Option<usize>>,
    /// Divisions named by `chapter:` in the query: a document in one of them is kept.
    chapters: Option<Vec<usize>>,
    /// Divisions left out by `-chapter:` or `NOT chapter:`.
    not_chapters: Vec<usize>,
    /// Filters left out together (see [`Together`]): treaties by position, and divisions.
    not_together: Vec<(Vec<usize>, Vec<Vec<usize>>)>,
    /// Documents holding words left out by `-word` or `NOT word`, by position; empty when
    /// nothing is left out.
    not_docs: Vec<bool>,
}

impl Filter {
    fn keeps_all(&self) -> bool {
        self.keeps_every_treaty_and_chapter() && self.not_docs.is_empty()
    }

    /// Whether no treaty or chapter is kept or left out (words left out may be).
    fn keeps_every_treaty_and_chapter(&self) -> bool {
        self.treaties.is_none()
            && self.chapter.is_none()
            && self.chapters.is_none()
            && self.not_chapters.is_empty()
            && self.not_together.is_empty()
    }

    /// Whether document `at` is kept.
    fn keeps(&self, at: usize, doc: &prepared::Document) -> bool {
        self.treaties.as_ref().is_none_or(|t| t[doc.treaty]) && self.keeps_in_any_treaty(at, doc)
    }

    /// Whether every filter but the treaties kept keeps document `at`.
    fn keeps_in_any_treaty(&self, at: usize, doc: &prepared::Document) -> bool {
        let within = |ds: &[usize]| doc.divisions.iter().any(|d| ds.contains(d));
        self.chapter
            .is_none_or(|c| c.is_some_and(|c| doc.divisions.contains(&c)))
            && self.chapters.as_deref().is_none_or(within)
            && !within(&self.not_chapters)
            && !self.not_together.iter().any(|(treaties, chapters)| {
                treaties.iter().all(|&t| t == doc.treaty) && chapters.iter().all(|ds| within(ds))
            })
            && !self.not_docs.get(at).is_some_and(|&out| out)
    }
}

/// What the filters of a query's text keep, and the text without them.
#[derive(Debug, Default)]
struct Filters {
    text: String,
    treaties: Vec<String>,
    not_treaties: Vec<String>,
    chapters: Option<Vec<usize>>,
    not_chapters: Vec<usize>,
    /// Filters left out together: "NOT (treaty:uncc AND chapter:cooperation)".
    not_together: Vec<Together>,
}

/// Filters that leave a document out only together: its treaty is each of `treaties` and it
/// is in one of the divisions of each of `chapters`.
#[derive(Debug, Default)]
struct Together {
    treaties: Vec<String>,
    chapters: Vec<Vec<usize>>,
}

/// A group of a query left out with "NOT (" or "-(", as it is read.
#[derive(Debug, Default)]
struct LeftOutGroup {
    filters: Together,
    /// Whether AND joins its parts.
    and: bool,
    /// Whether it has words besides its filters.
    words: bool,
    /// Whether it has OR, NOT, a '-' or a group of its own.
    mixed: bool,
}

impl LeftOutGroup {
    /// Leaves out its filters: together when AND alone joins filters alone and they can
    /// all hold at once, otherwise each of them, saying so when AND was written.
    fn close(self, filters: &mut Filters, warnings: &mut Vec<String>) {
        let together = self.filters;
        let mut treaties = together.treaties.clone();
        treaties.sort();
        treaties.dedup();
        let parts = together.treaties.len() + together.chapters.len() + usize::from(self.words);
        if self.and && parts > 1 {
            if !self.words && !self.mixed && treaties.len() <= 1 {
                filters.not_together.push(together);
                return;
            }
            warnings.push(
                "a group left out is read as leaving out each of its filters: AND joins them only when the group holds filters of at most one treaty and nothing else"
                    .to_string(),
            );
        }
        filters.not_treaties.extend(together.treaties);
        filters
            .not_chapters
            .extend(together.chapters.into_iter().flatten());
    }
}

/// The brackets a filter stood in, left for the query around it.
fn brackets(opening: usize, closing: usize) -> impl Iterator<Item = String> {
    std::iter::repeat_n("(".to_string(), opening)
        .chain(std::iter::repeat_n(")".to_string(), closing))
}

/// Query words without the operators and brackets that taking filters out left with nothing
/// to join: "( OR ) extradition" is "extradition".
fn tidied(mut words: Vec<String>) -> Vec<String> {
    let operator = |w: &str| matches!(w, "AND" | "OR" | "NOT");
    // "NOT x" may open a query or a bracket; "AND" and "OR" need something before them.
    let binary = |w: &str| matches!(w, "AND" | "OR");
    loop {
        let before = words.len();
        let mut out: Vec<String> = Vec::with_capacity(words.len());
        for w in words {
            let dangling = binary(&w) && out.last().is_none_or(|l| l == "(" || operator(l));
            if w == ")" && out.last().is_some_and(|l| l == "(") {
                out.pop();
                // "NOT (treaty:uncc)" emptied: its NOT goes too.
                if out.last().is_some_and(|l| l == "NOT") {
                    out.pop();
                }
            } else if w == ")" && out.last().is_some_and(|l| operator(l)) {
                out.pop();
                out.push(w);
            } else if !dangling {
                out.push(w);
            }
        }
        while out.last().is_some_and(|l| operator(l)) {
            out.pop();
        }
        words = out;
        if words.len() == before {
            return words;
        }
    }
}

/// Counts by name, leaving out the names counted none.
fn named_counts(names: &[String], counts: &[usize]) -> BTreeMap<String, usize> {
    names
        .iter()
        .zip(counts)
        .filter(|(_, n)| **n > 0)
        .map(|(name, n)| (name.clone(), *n))
        .collect()
}

/// Article `a` of `treaty` as a hit showing snippet `s` (with its lead-in, if it closes a
/// list).
fn make_hit(treaty: &str, a: &Article, score: Score, s: Snippet) -> Hit {
    let s = snippet::with_lead_in(a, s);
    let number = a.number;
    Hit {
        id: format!("{treaty}:{number}"),
        treaty: treaty.to_string(),
        article: number.to_string(),
        title: a.title.clone(),
        score: (score * 1000.0).round() / 1000.0,
        url: format!("/{treaty}/art/{number}#{}", s.paragraph),
        paragraph: s.paragraph,
        snippet: s.text,
        highlights: s.highlights,
        subjects: Vec::new(),
        asked: None,
    }
}

/// The interpretative note a query cites on the article it resolved to: the note of the
/// number given ("interpretative note 3" on UN article 17; "interpretative note 1 on art.
/// 2(e)"), or else the article's first ("interpretative note on article 35": notes 4 and 5).
/// A paragraph or point cited with no note number is cited as it is.
fn note_of<'a>(resolved: &Resolved<'a>, query: &str) -> Option<&'a Note> {
    let number = citation::note_named(query)?;
    let notes = &resolved.article?.notes;
    match number {
        Some(n) => notes.iter().find(|note| note.number.as_ref() == Some(&n)),
        None if resolved.block.is_none() => notes.first(),
        None => None,
    }
}

/// A note's place on the page of the article cited (the paragraph's anchor, if one was
/// cited, gives way to the note's).
fn note_url(resolved: &Resolved<'_>, note: &Note) -> String {
    let article = Resolved {
        block: None,
        ..*resolved
    };
    format!("{}#{}", article.url(), note.eid)
}

fn citation_hit(r: &Resolved<'_>) -> CitationHit {
    CitationHit {
        id: r.canonical(),
        url: r.url(),
        citation: r.citation(),
    }
}

struct Plan {
    query: Box<dyn Query>,
    /// What to look for in paragraphs, with weights.
    terms: Terms,
    expansions: Vec<Expansion>,
    /// Each word read as another (typed, read as).
    fixes: Vec<(String, String)>,
    /// Definition articles defining what the query names.
    defined: Vec<String>,
    /// The definitions of the concept that the query names and nothing else (document,
    /// paragraph): listed first.
    first: Vec<(usize, String)>,
    /// What the query asks about, word by word.
    words: Vec<QueryWord>,
    /// The bound prefixes typed ("non" in "non-disclosure order"), which are no words of their
    /// own but keep a subject-index keyword from saying less than it does.
    prefixes: Vec<String>,
    /// Whether the query searches named fields (`title:`, `keywords:`).
    fielded: bool,
    /// The query's words as typed (misspellings corrected), in [`prepared::plain_words`]
    /// form, when there are enough of them for a text that says them to be the one meant.
    literal: Option<(String, Vec<String>)>,
}

impl Plan {
    fn empty() -> Self {
        Plan {
            query: Box::new(BooleanQuery::new(Vec::new())),
            terms: Terms::default(),
            expansions: Vec::new(),
            fixes: Vec::new(),
            defined: Vec::new(),
            first: Vec::new(),
            words: Vec::new(),
            prefixes: Vec::new(),
            fielded: false,
            literal: None,
        }
    }
}

/// The words of a casual query as a text would say them, in [`prepared::plain_words`] form,
/// without the function words it starts or ends with ("what is the service of judicial
/// documents?" is " service of judicial documents ").
/// `None` for fewer than [`LITERAL_MIN_WORDS`] meaningful words as typed ("computer-related
/// fraud" is two).
fn literal_words(text: &str) -> Option<String> {
    let meaningful = |w: &&str| stems(w).iter().any(|s| !is_stopword(s));
    let typed = text.split_whitespace().filter(meaningful).count();
    if typed < LITERAL_MIN_WORDS {
        return None;
    }
    let plain = prepared::plain_words(text);
    let words: Vec<&str> = plain.split_whitespace().collect();
    let first = words.iter().position(meaningful)?;
    let last = words.iter().rposition(meaningful)?;
    Some(format!(" {} ", words[first..=last].join(" ")))
}

/// The treaty filters typed at a query's top level, and the query without them:
/// "illegal access treaty:uncc" is `("illegal access", ["uncc"])`. Links that choose a
/// treaty replace these rather than add to them, since filters typed together keep what
/// any of them keeps. A filter left out, or in brackets with other words, is part of what
/// the query says, and stays in it.
pub fn typed_treaty_filters(query: &str) -> (String, Vec<String>) {
    let mut kept: Vec<String> = Vec::new();
    let mut treaties = Vec::new();
    // An operator that joined a filter taken out goes with it: "access treaty:uncc OR
    // treaty:malabo" is "access", "a OR treaty:uncc OR b" is "a OR b".
    let joins = |unit: &str| matches!(unit, "OR" | "AND");
    let mut after_filter = false;
    for (negated, unit) in units(query) {
        if let Some(chosen) = treaty_choice(&unit).filter(|_| !negated) {
            treaties.extend(chosen);
            if kept.last().is_some_and(|u| joins(u)) {
                kept.pop();
            } else {
                after_filter = true;
            }
            continue;
        }
        if after_filter && joins(&unit) {
            continue;
        }
        after_filter = false;
        if negated && !unit.starts_with('-') {
            kept.push(format!("NOT {unit}"));
        } else {
            kept.push(unit);
        }
    }
    (kept.join(" "), treaties)
}

/// The treaties a part of a query chooses: a `treaty:ID` (quoted or not), or a bracketed
/// group of them joined by OR ("(treaty:uncc OR treaty:malabo)").
fn treaty_choice(unit: &str) -> Option<Vec<String>> {
    let Some(inside) = group_inside(unit) else {
        let (field, value) = unit.split_once(':')?;
        let value = value.trim_matches(['"', '\'']);
        let plain = field.eq_ignore_ascii_case("treaty")
            && !value.is_empty()
            && !value.contains(['(', ')', '"', '\'']);
        return plain.then(|| vec![value.to_ascii_lowercase()]);
    };
    // Treaties at the even places, OR between them.
    let parts = units(inside);
    let mut treaties = Vec::new();
    for (at, (negated, part)) in parts.iter().enumerate() {
        match at % 2 {
            _ if *negated => return None,
            0 => treaties.extend(treaty_choice(part)?),
            _ if part == "OR" => {}
            _ => return None,
        }
    }
    (parts.len() % 2 == 1).then_some(treaties)
}

/// The words of a query that is one quoted phrase of plain words.
fn quoted_phrase(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix('"')?.strip_suffix('"')?;
    is_casual(inner).then_some(inner)
}

/// A query of plain words, without the operators or quotes an expert uses. A hyphen inside a
/// word ("e-evidence") is not an operator, nor are the brackets of a paragraph or point
/// ("41(3)", "29(1)(a)").
fn is_casual(text: &str) -> bool {
    let text = unpinned(text);
    !text.contains(['"', '+', '(', ')', ':', '*', '^', '~', '[', ']', '{', '}'])
        && !text
            .split_whitespace()
            .any(|w| w.starts_with('-') || matches!(w, "AND" | "OR" | "NOT"))
}

/// The number of the article a provision id names, if it names one.
fn article_number(id: &ProvisionId) -> Option<u32> {
    match id.target {
        Target::Article { number, .. } => Some(number),
        _ => None,
    }
}

/// `text` with a paragraph's number in brackets joined to the article's number before it,
/// and a label after one in brackets, as references are usually written: "41 (3)" →
/// "41(3)", "29 (1) (a)" → "29(1)(a)". Brackets around words stay ("art 7 (hacking)"), and
/// so does a letter or numeral after a number alone ("covid 19 (i)").
fn joined_labels(text: &str) -> Cow<'_, str> {
    // The label in the brackets opening `rest`, if they close: "3", "a", "iv".
    let label = |rest: &str| {
        let (inner, _) = rest.strip_prefix('(')?.split_once(')')?;
        let roman = inner.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'));
        let digits = inner.bytes().all(|b| b.is_ascii_digit());
        let letter = inner.len() == 1 && inner.bytes().all(|b| b.is_ascii_lowercase());
        (!inner.is_empty() && inner.len() <= 4 && (roman || digits || letter)).then_some(digits)
    };
    let mut out = Cow::Borrowed(text);
    let mut from = 0;
    while let Some(space) = out[from..].find(" (").map(|at| from + at) {
        from = space + 1;
        let before = out[..space].trim_end_matches(' ');
        let after_number = before.ends_with(|c: char| c.is_ascii_digit());
        let after_label =
            before.ends_with(')') && label(&before[before.rfind('(').unwrap_or(0)..]).is_some();
        let joins = match label(&out[space + 1..]) {
            Some(digits) => after_label || (after_number && digits),
            None => false,
        };
        if joins {
            let start = before.len();
            out.to_mut().replace_range(start..space + 1, "");
            from = start;
        }
    }
    out
}

/// `text` with a range of references typed with spaces around its dash written as one
/// range: "16 - 17" → "16-17", "2(a) – (c)" → "2(a)-(c)"; so too "16 -17", "16- 17" and with a
/// double dash "16 -- 17", "16 --17", "16-- 17". A dash with spaces is no word left out, and
/// the citation reader reads a range only as one word. A number joins a number and a label a
/// label; quoted words and words left out ("-16") stay as typed.
fn joined_ranges(text: &str) -> Cow<'_, str> {
    if !text.contains(citation::DASHES) {
        return Cow::Borrowed(text);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let quoted = citation::in_quotes(&words);
    let number = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    // The part that word `i` joins to the word before it, and how many words that takes: the
    // word after a dash alone ("16 - 17"), the number after a dash ("16 -17"), or the word
    // itself after one that ends with a dash ("16- 17").
    let joined = |i: usize| -> Option<(&str, usize)> {
        let before = *words.get(i.checked_sub(1)?)?;
        if quoted[i - 1] || before.starts_with(citation::DASHES) {
            return None;
        }
        let word = *words.get(i)?;
        let open = before.trim_end_matches(citation::DASHES);
        let after = word.trim_start_matches(citation::DASHES);
        let (part, taken) = match (open.len() < before.len(), after.len() < word.len()) {
            (true, false) => (word, 1),
            (false, true) if after.is_empty() => (*words.get(i + 1)?, 2),
            (false, true) if number(after) => (after, 1),
            _ => return None,
        };
        let like = if part.starts_with('(') {
            open.ends_with(')')
        } else {
            part.starts_with(|c: char| c.is_ascii_digit())
                && open.ends_with(|c: char| c.is_ascii_digit())
        };
        (like && !quoted[i - 1 + taken]).then_some((part, taken))
    };
    if !(0..words.len()).any(|i| joined(i).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < words.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(words[i]);
        i += 1;
        while let Some((part, taken)) = joined(i) {
            // "16-- 17": the dashes typed become one.
            out.truncate(out.trim_end_matches(citation::DASHES).len());
            out.push('-');
            out.push_str(part);
            i += taken;
        }
    }
    Cow::Owned(out)
}

/// `text` with each paragraph or point reference ("41(3)", "36.1(b),", "29(1)(a)", "2(a)-(c)")
/// cut to its article's number: its brackets group nothing, and its labels alone ("3", "a")
/// would find every paragraph so numbered.
fn unpinned(text: &str) -> Cow<'_, str> {
    /// A reference's article number and what follows its points: the end of a clause or of
    /// brackets opened before it ("41(3)?" → ("41", "?"); "29(1)(a))" → ("29", ")")). A range
    /// of parts is read as its first part ("2(a)-(c)," → ("2", ",")).
    fn pinpoint(word: &str) -> Option<(&str, &str)> {
        if let Some(at) = word.find(")-(") {
            let (number, _) = pinpoint(&word[..=at])?;
            // The labels after the dash, each in its brackets: "(c)", "(b)(ii)".
            let range = &word[at + 2..];
            let mut end = 0;
            while range[end..].starts_with('(') {
                let close = end + range[end..].find(')')?;
                let label = &range[end + 1..close];
                if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return None;
                }
                end = close + 1;
            }
            return Some((number, &range[end..]));
        }
        let number = &word[..word.find('(')?];
        // "art.41(3)": the reference starts at its first digit.
        let from = number.find(|c: char| c.is_ascii_digit())?;
        if !number.chars().all(|c| c.is_alphanumeric() || c == '.') {
            return None;
        }
        let mut reference = word.trim_end_matches(['.', ',', ';', ':', '?', '!']);
        while parse_article_path(&reference[from..]).is_none() {
            reference = reference.strip_suffix(')')?;
        }
        Some((number, &word[reference.len()..]))
    }
    if !text.split_whitespace().any(|w| pinpoint(w).is_some()) {
        return Cow::Borrowed(text);
    }
    let words: Vec<String> = text
        .split(' ')
        .map(|w| match pinpoint(w) {
            Some((number, end)) => format!("{number}{end}"),
            None => w.to_string(),
        })
        .collect();
    Cow::Owned(words.join(" "))
}

/// `text` without its first reference to one of the articles `numbers` ("7", "art.16",
/// "41(3)", "32b"), as [`citation::reference_number`] reads one, the list or range going on
/// from it ("7 and 8", "7-9"), and a word for an article before it: "7 hacking" →
/// "hacking", "art. 16 order" → "order", "arts 7, 8 hacking" → "hacking".
fn without_references(text: &str, numbers: &[u32]) -> String {
    let is_article_word = |word: &str| {
        let word = word.trim_end_matches('.').to_lowercase();
        citation::ARTICLE_WORDS.contains(&word.as_str())
    };
    let listed =
        |word: &str| citation::reference_number(word).is_some_and(|n| numbers.contains(&n));
    let number = |word: &str| citation::reference_number(word).is_some();
    let joins = |word: &str| {
        let word = word.to_lowercase();
        citation::JOINS.iter().any(|(join, _)| *join == word)
    };
    let mut words: Vec<&str> = text.split_whitespace().collect();
    // "hacking within 7 days art 7": the number after a word for an article, if one is.
    let from = (1..words.len())
        .find(|&i| listed(words[i]) && is_article_word(words[i - 1]))
        .or_else(|| words.iter().position(|w| listed(w)));
    if let Some(from) = from {
        let mut to = from + 1;
        loop {
            // "7, 8": a comma glued to the number before.
            if words[to - 1].ends_with(',') && words.get(to).is_some_and(|w| listed(w)) {
                to += 1;
            // "uncc 65 to 70": a range goes on past the last article there is.
            } else if words.get(to).is_some_and(|w| joins(w))
                && words.get(to + 1).is_some_and(|w| number(w))
            {
                to += 2;
            } else {
                break;
            }
        }
        let from = if from > 0 && is_article_word(words[from - 1]) {
            from - 1
        } else {
            from
        };
        words.drain(from..to);
    }
    words.join(" ")
}

/// `text` with each typed word of `fixes` replaced, where it stands as a whole word, by the
/// word it was read as: "intercepton of comunications" → "interception of communications".
fn respelt(text: &str, fixes: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (typed, fixed) in fixes {
        let whole = |at: usize| {
            let before = out[..at].chars().next_back();
            let after = out[at + typed.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        };
        if let Some(at) = out
            .match_indices(typed.as_str())
            .map(|(at, _)| at)
            .find(|&at| whole(at))
        {
            // "Convension" → "Convention": a capital stays.
            let mut fixed = fixed.clone();
            if typed.chars().all(|c| !c.is_lowercase()) && typed.chars().any(char::is_uppercase) {
                fixed = fixed.to_uppercase();
            } else if typed.starts_with(char::is_uppercase) {
                if let Some(first) = fixed.get(..1) {
                    fixed = first.to_uppercase() + &fixed[1..];
                }
            }
            out.replace_range(at..at + typed.len(), &fixed);
        }
    }
    out
}

/// A query's parts as its operators group them: each word, quoted phrase or bracketed
/// group, and whether NOT or a leading '-' leaves it out.
fn units(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut unit = String::new();
    let (mut depth, mut quoted) = (0i32, false);
    let (mut negated, mut after_not) = (false, false);
    for word in text.split_whitespace() {
        if unit.is_empty() {
            if word == "NOT" {
                after_not = true;
                continue;
            }
            negated = std::mem::take(&mut after_not) || word.starts_with('-');
        } else {
            unit.push(' ');
        }
        unit.push_str(word);
        for c in word.chars() {
            match c {
                '"' => quoted = !quoted,
                '(' | '[' | '{' if !quoted => depth += 1,
                ')' | ']' | '}' if !quoted => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 && !quoted {
            out.push((negated, std::mem::take(&mut unit)));
            depth = 0;
        }
    }
    if !unit.is_empty() {
        if quoted {
            // A quote never closed ("illegal -\" access") quotes nothing: read again
            // without it.
            let mut again = units(&unit.replacen('"', " ", 1));
            if let Some((first, _)) = again.first_mut() {
                *first |= negated;
            }
            out.extend(again);
        } else {
            out.push((negated, unit));
        }
    }
    out
}

/// The inside of a bracketed group ("(a OR b)" → "a OR b"; an unclosed "(a b" → "a b").
fn group_inside(unit: &str) -> Option<&str> {
    let closer = match unit.chars().next()? {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        _ => return None,
    };
    let inside = &unit[1..];
    Some(inside.strip_suffix(closer).unwrap_or(inside))
}

/// Whether a query has words to search for, not only words it leaves out, also inside
/// brackets ("(NOT hacking)" has none).
pub fn has_words(text: &str) -> bool {
    units(text).iter().any(|(negated, unit)| {
        if *negated {
            return false;
        }
        match group_inside(unit) {
            Some(inside) => has_words(inside),
            None => {
                unit.chars().any(char::is_alphanumeric) && !matches!(unit.as_str(), "AND" | "OR")
            }
        }
    })
}

/// The query without what it leaves out: "Budapest art. 2 -access" is "Budapest art. 2".
fn kept_units(text: &str) -> String {
    let kept: Vec<String> = units(text)
        .into_iter()
        .filter(|(negated, _)| !negated)
        .map(|(_, unit)| unit)
        .collect();
    kept.join(" ")
}

/// What a query leaves out, as the parser reads each part: "-access", "NOT \"computer
/// data\"", "-(a OR b)", also inside brackets. Filters, taken out before, are not among them.
fn excluded_pieces(text: &str) -> Vec<String> {
    units(text)
        .into_iter()
        .flat_map(|(negated, unit)| {
            if negated {
                let piece = unit.strip_prefix('-').unwrap_or(&unit).trim().to_string();
                (!piece.is_empty()).then_some(piece).into_iter().collect()
            } else {
                group_inside(&unit).map(excluded_pieces).unwrap_or_default()
            }
        })
        .collect()
}

/// A query without its operators, brackets, quotes and field names: its words. What it
/// leaves out goes (see [`excluded_pieces`]).
fn without_operators(text: &str) -> String {
    let mut kept = Vec::new();
    for (negated, unit) in units(text) {
        if negated {
            continue;
        }
        if let Some(inside) = group_inside(&unit) {
            kept.push(without_operators(inside));
            continue;
        }
        for word in unit.split_whitespace() {
            let bare = word.trim_start_matches(['(', '[', '{', '"']);
            // "title:extradition" is the word "extradition".
            let word = match bare.split_once(':') {
                Some((field, value))
                    if QUERY_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(field)) =>
                {
                    value
                }
                _ => word,
            };
            if !matches!(word, "AND" | "OR") {
                kept.push(word.replace(
                    ['"', '+', '(', ')', ':', '*', '^', '~', '[', ']', '{', '}'],
                    " ",
                ));
            }
        }
    }
    kept.retain(|w| !w.trim().is_empty());
    kept.join(" ")
}

/// The words of a casual query that carry meaning, as plain words the query parser reads as
/// terms; the whole query if nothing else is left.
fn content_words(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| stems(w).iter().any(|s| !is_stopword(s)))
        .collect();
    if words.is_empty() {
        text.to_string()
    } else {
        words.join(" ")
    }
}

fn term_query(field: tantivy::schema::Field, stem: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, stem),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(query, boost)))
}

fn phrase(field: tantivy::schema::Field, stems: &[String], slop: u32) -> Box<dyn Query> {
    let terms: Vec<Term> = stems
        .iter()
        .map(|s| Term::from_field_text(field, s))
        .collect();
    match terms.len() {
        0 => Box::new(BooleanQuery::new(Vec::new())),
        1 => Box::new(TermQuery::new(
            terms.into_iter().next().expect("one term"),
            IndexRecordOption::WithFreqs,
        )),
        _ => {
            let mut q = PhraseQuery::new(terms);
            q.set_slop(slop);
            Box::new(q)
        }
    }
}

/// What sort of provision each document is: definitions are the articles that
/// [`definitions`] finds terms in; cooperation articles are in a division on international
/// cooperation or titled so.
fn roles(prepared: &Prepared, corpus: &Corpus, definitions: &[(Vec<String>, String)]) -> Vec<Role> {
    let cooperation = |title: &str| {
        let title = title.to_lowercase().replace('-', "");
        title.contains("international cooperation")
    };
    let mut roles = vec![Role::Rule; prepared.docs.len()];
    for (at, doc) in prepared.docs.iter().enumerate() {
        if matches!(doc.kind, Kind::Preamble) {
            roles[at] = Role::Preamble;
        }
    }
    for (treaty, article) in corpus.articles() {
        let id = format!("{}:{}", treaty.meta.id, article.number);
        let Some(at) = prepared.position(&id) else {
            continue;
        };
        if definitions.iter().any(|(_, defining)| *defining == id) {
            roles[at] = Role::Definitions;
        } else if cooperation(&article.title)
            || treaty
                .divisions_of(article)
                .iter()
                .any(|d| cooperation(&d.title))
        {
            roles[at] = Role::Cooperation;
        }
    }
    roles
}

/// The terms defined in the definition articles ("Definitions", "Use of terms"): quoted terms
/// (“computer data” means …) and Malabo's unquoted ones (Computer system means …).
fn definitions(corpus: &Corpus) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    for (treaty, article) in corpus.articles() {
        let title = article.title.to_lowercase();
        if !title.contains("definition") && !title.contains("use of terms") {
            continue;
        }
        let id = format!("{}:{}", treaty.meta.id, article.number);
        for (_, block) in article.walk() {
            let text = block.text.as_str();
            let mut terms: Vec<&str> = Vec::new();
            let head = &text[..text.char_indices().nth(160).map_or(text.len(), |(i, _)| i)];
            let mut rest = head;
            while let Some(open) = rest.find('“') {
                let after = &rest[open + '“'.len_utf8()..];
                let Some(close) = after.find('”') else {
                    break;
                };
                terms.push(&after[..close]);
                rest = &after[close..];
            }
            if terms.is_empty() {
                if let Some(at) = [" means ", " refers to "]
                    .iter()
                    .filter_map(|m| text.find(m))
                    .min()
                {
                    if text[..at].split_whitespace().count() <= 8 {
                        terms.push(&text[..at]);
                    }
                }
            }
            for term in terms {
                let stems: Vec<String> = stems(term)
                    .into_iter()
                    .filter(|s| !is_stopword(s))
                    .collect();
                if !stems.is_empty() {
                    out.push((stems, id.clone()));
                }
            }
        }
    }
    out
}

/// Every matching document with its score, in index order.
struct AllMatches;

struct SegmentMatches {
    segment: u32,
    matches: Vec<(DocAddress, Score)>,
}

impl Collector for AllMatches {
    type Fruit = Vec<(DocAddress, Score)>;
    type Child = SegmentMatches;

    fn for_segment(&self, segment: u32, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentMatches {
            segment,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<(DocAddress, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.matches
            .push((DocAddress::new(self.segment, doc), score));
    }

    fn harvest(self) -> Self::Fruit {
        self.matches
    }
}

#[cfg(test)]
mod tests {
    use crate::{Concord, Paths};

    #[test]
    fn a_reference_is_cut_to_its_article_number() {
        for (typed, read) in [
            ("uncc 41(3) hacking", "uncc 41 hacking"),
            ("art 29(1)(a), malabo", "art 29, malabo"),
            ("36.1(b)", "36.1"),
            ("under uncc 41(3)?", "under uncc 41?"),
            ("hacking (see uncc 41(3))", "hacking (see uncc 41)"),
            ("art.41(3)", "art.41"),
            ("uncc 2(a)-(c) hacking", "uncc 2 hacking"),
            ("(see uncc 41(3)-(4)), hacking", "(see uncc 41), hacking"),
            ("2(a)(i)-(b)(ii)", "2"),
            // Brackets that are not a reference's stay.
            ("(a) hacking", "(a) hacking"),
            ("x(1)", "x(1)"),
            ("2(", "2("),
            ("41()", "41()"),
            ("41(3", "41(3"),
            ("41(3)x", "41(3)x"),
            ("41(data OR access)", "41(data OR access)"),
            ("2(a)-(data OR access)", "2(a)-(data OR access)"),
            ("2(a)-(c", "2(a)-(c"),
        ] {
            assert_eq!(super::unpinned(typed), read, "{typed:?}");
        }
        assert!(super::is_casual("does hacking fall under uncc 41(3)?"));
        assert!(!super::is_casual("hacking (see uncc 41(3))"));
    }

    #[test]
    fn a_label_in_brackets_joins_its_reference() {
        for (typed, read) in [
            ("uncc 41 (3)", "uncc 41(3)"),
            ("hacking (see uncc 41 (3))", "hacking (see uncc 41(3))"),
            ("art 29 (1) (a) malabo", "art 29(1)(a) malabo"),
            ("art 29(1) (a)", "art 29(1)(a)"),
            ("art 36(1) (ii)", "art 36(1)(ii)"),
            // Brackets around words, or after a word, stay, and a letter or numeral after a
            // number alone.
            ("36 (ii)", "36 (ii)"),
            ("covid 19 (i)", "covid 19 (i)"),
            ("top 10 (a)", "top 10 (a)"),
            ("art 7 (hacking)", "art 7 (hacking)"),
            ("hacking (3)", "hacking (3)"),
            ("41 (3", "41 (3"),
            ("41 (12345)", "41 (12345)"),
            ("data (a) or (b)", "data (a) or (b)"),
        ] {
            assert_eq!(super::joined_labels(typed), read, "{typed:?}");
        }
    }

    #[test]
    fn a_range_typed_with_spaces_is_one_range() {
        for (typed, read) in [
            ("budapest 16 - 17", "budapest 16-17"),
            ("uncc 2(a) - (c)", "uncc 2(a)-(c)"),
            ("uncc 2(a) – (c) hacking", "uncc 2(a)-(c) hacking"),
            ("budapest 16 -17", "budapest 16-17"),
            ("budapest 16- 17", "budapest 16-17"),
            ("budapest 16 -- 17", "budapest 16-17"),
            ("uncc 2(a)- (c)", "uncc 2(a)-(c)"),
            ("budapest 16 --17", "budapest 16-17"),
            ("budapest 16-- 17", "budapest 16-17"),
            ("uncc 2(a)-- (c)", "uncc 2(a)-(c)"),
            ("budapest 16- 17 -- 18", "budapest 16-17-18"),
            // A dash before a word, or after one, is the query's own.
            ("e- evidence 7", "e- evidence 7"),
            ("art 7- hacking", "art 7- hacking"),
            ("art 7 - hacking", "art 7 - hacking"),
            ("hacking - 7", "hacking - 7"),
            ("hacking -fraud", "hacking -fraud"),
            ("16 -", "16 -"),
            ("-", "-"),
            // A number joins a number and a label a label.
            ("budapest 16 - (a)", "budapest 16 - (a)"),
            ("uncc 2(a) - 3", "uncc 2(a) - 3"),
            // Quoted words, and words left out, stay as typed.
            (
                "\"article 16 - 17\" preservation",
                "\"article 16 - 17\" preservation",
            ),
            ("budapest 2 -4g", "budapest 2 -4g"),
            ("budapest -16 - 17", "budapest -16 - 17"),
        ] {
            assert_eq!(super::joined_ranges(typed), read, "{typed:?}");
        }
    }

    #[test]
    fn a_reference_read_among_words_is_not_searched() {
        for (text, numbers, left) in [
            ("7 hacking", &[7][..], "hacking"),
            ("hacking art. 16, order", &[16], "hacking order"),
            ("hacking art.16 order", &[16], "hacking order"),
            ("§ 16 order", &[16], "order"),
            ("§16 order", &[16], "order"),
            ("07 hacking", &[7], "hacking"),
            ("41(3) hacking?", &[41], "hacking?"),
            ("32B misuse", &[32], "misuse"),
            ("24/7 network 7", &[7], "24/7 network"),
            ("article 70 data", &[7], "article 70 data"),
            // A list or range, in its words' order.
            ("uncc 7 and 8 hacking", &[7, 8], "uncc hacking"),
            ("arts 7, 8 hacking", &[7, 8], "hacking"),
            ("uncc 7 , 8 hacking", &[7, 8], "uncc hacking"),
            ("uncc 7-9 hacking", &[7, 8, 9], "uncc hacking"),
            ("uncc 7 to 9 hacking 10", &[7, 8, 9], "uncc hacking 10"),
            ("7 and data", &[7], "and data"),
            ("hacking within 7 days art 7", &[7], "hacking within 7 days"),
            ("uncc 65 to 70 hacking", &[65, 66, 67, 68], "uncc hacking"),
        ] {
            assert_eq!(super::without_references(text, numbers), left, "{text:?}");
        }
    }

    /// Plain words built into a query directly give exactly the query the parser gives.
    #[test]
    fn words_query_is_the_parsers() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let paths = Paths {
            corpus: crate::default_corpus_dir().to_path_buf(),
            index: dir.path().join("index"),
        };
        let concord = Concord::open(&paths).expect("Concord opens");
        let engine = &concord.engine;
        let judged = [
            include_str!("../../corpus/questions.toml"),
            include_str!("../../tests/relevance.toml"),
        ];
        let queries = judged
            .into_iter()
            .flat_map(str::lines)
            .filter_map(|l| l.strip_prefix("q = \""))
            .map(|q| q.trim_end_matches('"').to_string())
            .chain(
                [
                    "data data",
                    "Traffic traffic data",
                    "x",
                    "24 7",
                    "über Daten",
                ]
                .map(String::from),
            );
        let mut compared = 0;
        for q in queries {
            let content = super::content_words(&q);
            if let Some(mine) = engine.words_query(&content) {
                let (parsed, _) = engine.parser.parse_query_lenient(&content);
                assert_eq!(format!("{mine:?}"), format!("{parsed:?}"), "{content:?}");
                compared += 1;
            }
        }
        assert!(compared > 50, "only {compared} queries were plain words");
    }

    #[test]
    fn only_treaty_filters_typed_at_the_top_level_are_taken_out() {
        let split = |q: &str| super::typed_treaty_filters(q);
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            split("illegal access Treaty:UNCC treaty:malabo"),
            ("illegal access".into(), owned(&["uncc", "malabo"]))
        );
        assert_eq!(split("treaty:uncc"), (String::new(), owned(&["uncc"])));
        assert_eq!(split("a treaty:\"uncc\""), ("a".into(), owned(&["uncc"])));
        assert_eq!(
            split("access (treaty:uncc OR treaty:malabo) data"),
            ("access data".into(), owned(&["uncc", "malabo"]))
        );
        // An operator that joined a filter goes with it.
        for (q, kept, chosen) in [
            (
                "access treaty:uncc OR treaty:malabo",
                "access",
                &["uncc", "malabo"][..],
            ),
            (
                "hacking OR treaty:uncc OR fraud",
                "hacking OR fraud",
                &["uncc"],
            ),
            ("treaty:uncc OR fraud", "fraud", &["uncc"]),
            ("treaty:uncc OR OR fraud", "fraud", &["uncc"]),
            ("access AND treaty:uncc", "access", &["uncc"]),
        ] {
            assert_eq!(split(q), (kept.into(), owned(chosen)), "{q}");
        }
        assert_eq!(
            split("( ( treaty:uncc ) ) access"),
            ("access".into(), owned(&["uncc"]))
        );
        for kept in [
            "access -treaty:uncc",
            "access NOT treaty:uncc",
            "access (treaty:uncc AND chapter:cooperation)",
            "access (treaty:uncc OR hacking)",
            "access -(treaty:uncc OR treaty:malabo)",
            "access NOT (treaty:uncc OR treaty:malabo)",
            "access (treaty:uncc OR",
            "access NOT ( treaty:uncc AND chapter:cooperation )",
            "access treaty:",
            "access treaty:\"\"",
            "\"treaty:uncc access\" data",
        ] {
            assert_eq!(split(kept), (kept.to_string(), Vec::new()), "{kept}");
        }
    }
}
