//! The tantivy index: one document per article (and one per preamble), written to a fresh
//! generation folder under `index/` and switched to atomically, so a crash mid-build never
//! leaves a broken index. The corpus fingerprint recorded with each generation tells when the
//! index is stale.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, TantivyDocument, doc};

use crate::corpus::Corpus;

mod analyzer;
pub use analyzer::analyzer;

/// Bumped whenever the schema or the analysis changes, so old indexes count as stale.
pub const SCHEMA_VERSION: u32 = 7;

/// The analyzer for treaty text: words, lowercased, accents folded, English stems.
pub const ANALYZER: &str = "legal_en";

const CURRENT: &str = "CURRENT";
const META: &str = "concord.json";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("no index in {0}: run `concord index`")]
    Missing(PathBuf),
    #[error("the index in {path} is unusable ({reason}): run `concord index`")]
    Corrupt { path: PathBuf, reason: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The fields of an article document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `budapest:2`, or `budapest:preamble`.
    pub id: Field,
    pub treaty: Field,
    /// The article number; 0 for a preamble.
    pub number: Field,
    pub title: Field,
    /// The article's full text, numbers and all.
    pub body: Field,
    /// The titles of the chapter, section and title the article sits in.
    pub chapter: Field,
    /// Interpretative notes on the article.
    pub notes: Field,
    /// The subject index's keywords for the article (`corpus/keywords.toml`).
    pub keywords: Field,
    /// The divisions the article sits in, as `treaty:eid` (`budapest:chp_ii`), for filters
    /// and counts.
    pub division: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        treaty: builder.add_text_field("treaty", STRING | STORED | FAST),
        number: builder.add_u64_field("number", INDEXED | STORED | FAST),
        title: builder.add_text_field("title", text(true)),
        body: builder.add_text_field("body", text(false)),
        chapter: builder.add_text_field("chapter", text(false)),
        notes: builder.add_text_field("notes", text(false)),
        keywords: builder.add_text_field("keywords", text(false)),
        division: builder.add_text_field("division", STRING | FAST),
    };
    (builder.build(), fields)
}

fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

/// What a generation records about itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexMeta {
    pub schema_version: u32,
    pub fingerprint: String,
    pub documents: u64,
    pub built_at_unix: u64,
}

#[derive(Debug)]
pub struct BuildReport {
    pub documents: u64,
    pub elapsed: Duration,
    pub path: PathBuf,
}

/// Whether the index in a folder can serve the corpus as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    Missing,
    Stale(String),
}

/// Builds a new generation from the corpus and makes it current.
pub fn build(corpus: &Corpus, dir: &Path) -> Result<BuildReport, IndexError> {
    let start = Instant::now();
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let name = format!("gen-{}-{}", now.as_micros(), std::process::id());
    let path = dir.join(&name);
    std::fs::create_dir(&path).map_err(io(&path))?;

    let (schema, f) = schema();
    let index = Index::create_in_dir(&path, schema)?;
    register(&index);
    // One thread and a small arena: the corpus is small, and the build must not starve a
    // server answering requests on the same two cores.
    let mut writer = index.writer_with_num_threads(1, 32 * 1024 * 1024)?;
    let mut documents = 0u64;
    for treaty in &corpus.treaties {
        let id = &treaty.meta.id;
        if !treaty.preamble.is_empty() {
            let text: Vec<&str> = treaty.preamble.iter().map(|b| b.text.as_str()).collect();
            let doc_id = format!("{id}:preamble");
            let mut document = doc!(
                f.id => doc_id.as_str(),
                f.treaty => id.as_str(),
                f.number => 0u64,
                f.title => "Preamble",
                f.body => text.join("\n\n"),
            );
            for keyword in corpus.keywords.of(&doc_id) {
                document.add_text(f.keywords, keyword);
            }
            writer.add_document(document)?;
            documents += 1;
        }
        for article in &treaty.articles {
            let mut document = TantivyDocument::default();
            let doc_id = format!("{id}:{}", article.number);
            for keyword in corpus.keywords.of(&doc_id) {
                document.add_text(f.keywords, keyword);
            }
            document.add_text(f.id, doc_id);
            document.add_text(f.treaty, id);
            document.add_u64(f.number, article.number.into());
            document.add_text(f.title, &article.title);
            document.add_text(f.body, article.text());
            for division in treaty.divisions_of(article) {
                document.add_text(f.chapter, &division.heading);
                document.add_text(f.division, format!("{id}:{}", division.eid));
            }
            // An interpretative note is part of what the article says: its words count as
            // the text's do. (Alone, the notes field is empty for all but a few articles,
            // and its length norm leaves a note's words almost nothing.)
            for note in &article.notes {
                document.add_text(f.body, &note.text);
                document.add_text(f.notes, &note.text);
            }
            writer.add_document(document)?;
            documents += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;

    let meta = IndexMeta {
        schema_version: SCHEMA_VERSION,
        fingerprint: corpus.fingerprint.clone(),
        documents,
        built_at_unix: now.as_secs(),
    };
    let meta_path = path.join(META);
    let json = serde_json::to_vec_pretty(&meta).expect("index metadata serialises");
    std::fs::write(&meta_path, json).map_err(io(&meta_path))?;
    switch_current(dir, &name)?;
    remove_old_generations(dir, &name);
    Ok(BuildReport {
        documents,
        elapsed: start.elapsed(),
        path,
    })
}

/// Points `CURRENT` at a generation: write a temporary file, then rename it over the old one,
/// which readers see either before or after, never half-written.
fn switch_current(dir: &Path, name: &str) -> Result<(), IndexError> {
    let tmp = dir.join(format!("{CURRENT}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, name).map_err(io(&tmp))?;
    if let Ok(file) = std::fs::File::open(&tmp) {
        let _ = file.sync_all();
    }
    std::fs::rename(&tmp, dir.join(CURRENT)).map_err(io(dir))
}

/// Deletes generations other than the current one and the one before it (which a running
/// server may still be reading).
fn remove_old_generations(dir: &Path, current: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut generations: Vec<(SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .filter(|e| e.file_name() != current)
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    generations.sort();
    generations.pop();
    for (_, path) in generations {
        let _ = std::fs::remove_dir_all(path);
    }
}

fn current_generation(dir: &Path) -> Result<PathBuf, IndexError> {
    let pointer = dir.join(CURRENT);
    let name = match std::fs::read_to_string(&pointer) {
        Ok(name) => name,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IndexError::Missing(dir.to_path_buf()));
        }
        Err(e) => return Err(io(&pointer)(e)),
    };
    let name = name.trim();
    if !name.starts_with("gen-") || name.contains(['/', '\\']) || name.contains("..") {
        return Err(IndexError::Corrupt {
            path: dir.to_path_buf(),
            reason: format!("{CURRENT} names {name:?}"),
        });
    }
    Ok(dir.join(name))
}

fn read_meta(generation: &Path) -> Result<IndexMeta, IndexError> {
    let path = generation.join(META);
    let bytes = std::fs::read(&path).map_err(|e| IndexError::Corrupt {
        path: generation.to_path_buf(),
        reason: format!("{META}: {e}"),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| IndexError::Corrupt {
        path: generation.to_path_buf(),
        reason: format!("{META}: {e}"),
    })
}

pub fn freshness(dir: &Path, fingerprint: &str) -> Freshness {
    let generation = match current_generation(dir) {
        Ok(g) => g,
        Err(IndexError::Missing(_)) => return Freshness::Missing,
        Err(e) => return Freshness::Stale(e.to_string()),
    };
    match read_meta(&generation) {
        Ok(meta) if meta.schema_version != SCHEMA_VERSION => Freshness::Stale(format!(
            "built with schema version {}, this Concord uses {SCHEMA_VERSION}",
            meta.schema_version
        )),
        Ok(meta) if meta.fingerprint != fingerprint => {
            Freshness::Stale("the corpus changed since it was built".to_string())
        }
        Ok(_) => Freshness::Fresh,
        Err(e) => Freshness::Stale(e.to_string()),
    }
}

/// Opens the current generation and checks that it can be searched.
pub fn open(dir: &Path) -> Result<(Index, IndexMeta), IndexError> {
    let generation = current_generation(dir)?;
    let meta = read_meta(&generation)?;
    let corrupt = |reason: String| IndexError::Corrupt {
        path: generation.clone(),
        reason,
    };
    // Reading every stored document and running a query on every field catches truncated or
    // garbled files now rather than on some later request; a panic deep in the index code
    // on garbage counts as corruption too.
    let checked = std::panic::catch_unwind(|| -> Result<Index, String> {
        let index = Index::open_in_dir(&generation).map_err(|e| e.to_string())?;
        register(&index);
        let reader = index.reader().map_err(|e| e.to_string())?;
        let searcher = reader.searcher();
        if searcher.num_docs() != meta.documents {
            return Err(format!(
                "{} documents where {} were written",
                searcher.num_docs(),
                meta.documents
            ));
        }
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(1).map_err(|e| e.to_string())?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                doc.map_err(|e| e.to_string())?;
            }
        }
        let (_, f) = schema();
        for field in [f.title, f.body, f.chapter, f.notes, f.keywords] {
            let query = tantivy::query::TermQuery::new(
                tantivy::Term::from_field_text(field, "parti"),
                IndexRecordOption::WithFreqsAndPositions,
            );
            searcher
                .search(&query, &tantivy::collector::Count)
                .map_err(|e| e.to_string())?;
        }
        Ok(index)
    });
    let index = match checked {
        Ok(Ok(index)) => index,
        Ok(Err(reason)) => return Err(corrupt(reason)),
        Err(_) => return Err(corrupt("reading it failed".to_string())),
    };
    Ok((index, meta))
}

/// The index for this corpus: opened if fresh, otherwise (re)built first. Returns the build
/// report when it had to build, and why.
pub fn ensure(
    corpus: &Corpus,
    dir: &Path,
) -> Result<(Index, Option<(BuildReport, String)>), IndexError> {
    let why = match freshness(dir, &corpus.fingerprint) {
        Freshness::Fresh => match open(dir) {
            Ok((index, _)) => return Ok((index, None)),
            Err(e) => e.to_string(),
        },
        Freshness::Missing => "no index yet".to_string(),
        Freshness::Stale(reason) => reason,
    };
    let report = build(corpus, dir)?;
    let (index, _) = open(dir)?;
    Ok((index, Some((report, why))))
}
