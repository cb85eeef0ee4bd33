//! Concord: a knowledge base of the international cybercrime conventions.
//!
//! Data flows one way: `corpus` reads the Markdown treaties into a typed model, `xref` finds
//! the citations in their text, `index` writes them into a tantivy index, `search` answers
//! queries from it, `compare` sets provisions side by side, `views` shapes what is shown, and
//! `web` and `cli` serve all of it.

pub mod cli;
pub mod compare;
pub mod corpus;
pub mod index;
pub mod search;
pub mod views;
pub mod web;
pub mod xref;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use corpus::Corpus;
use search::{Engine, Questions, Thesaurus};

/// Where Concord finds its corpus and keeps its index.
#[derive(Debug, Clone)]
pub struct Paths {
    pub corpus: PathBuf,
    pub index: PathBuf,
}

impl Paths {
    pub fn thesaurus(&self) -> PathBuf {
        self.corpus.join("thesaurus.toml")
    }

    pub fn questions(&self) -> PathBuf {
        self.corpus.join("questions.toml")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Corpus(#[from] corpus::LoadError),
    #[error(transparent)]
    DataFile(#[from] search::DataFileError),
    #[error(transparent)]
    Index(#[from] index::IndexError),
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Everything a running Concord reads: the corpus and a search engine over a fresh index.
pub struct Concord {
    pub corpus: Arc<Corpus>,
    /// What every article cites and what cites it.
    pub xrefs: Arc<xref::CrossReferences>,
    pub engine: Engine,
    /// Set when opening had to (re)build the index: what was built, and why.
    pub built: Option<(index::BuildReport, String)>,
    index: tantivy::Index,
}

impl Concord {
    /// Loads the corpus, thesaurus and questions, builds the index if it is missing or stale,
    /// and opens it.
    pub fn open(paths: &Paths) -> Result<Self, OpenError> {
        let corpus = Arc::new(corpus::load(&paths.corpus)?);
        let xrefs = Arc::new(xref::CrossReferences::build(&corpus));
        let thesaurus = Thesaurus::load(&paths.thesaurus())?;
        thesaurus.check(&corpus, &paths.thesaurus())?;
        let questions = Questions::load(&paths.questions())?;
        questions.check(&corpus, &paths.questions())?;
        let (index, built) = index::ensure(&corpus, &paths.index)?;
        let engine = Engine::new(corpus.clone(), xrefs.clone(), &index, thesaurus, questions)?;
        Ok(Concord {
            corpus,
            xrefs,
            engine,
            built,
            index,
        })
    }

    /// Another engine over the same corpus, index and thesaurus, with other questions (the
    /// relevance test scores each question by an engine that does not know it).
    pub fn engine_with(&self, questions: Questions) -> tantivy::Result<Engine> {
        let thesaurus = self.engine.thesaurus().clone();
        Engine::new(
            self.corpus.clone(),
            self.xrefs.clone(),
            &self.index,
            thesaurus,
            questions,
        )
    }
}

/// The repository's own corpus folder (for tests and benchmarks).
pub fn default_corpus_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}
