//! The corpus: one Markdown file per instrument in `corpus/`, read into the typed model
//! (`Treaty` → `Division` → `Article` → `Block`). See `corpus/README.md` for the format.

mod concordance;
mod keywords;
pub(crate) mod label;
mod model;
mod parse;
mod provision;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use concordance::{Concordance, Correspondence, Kind, OtherFramework, Row, Topic};
pub use keywords::Keywords;
pub use model::*;
pub(crate) use parse::LineIndex;
pub use parse::parse_treaty;
pub(crate) use provision::parse_article_path;
pub use provision::{ProvisionId, ProvisionIdError, Resolved, Target, citation_path};

/// A problem in a corpus file, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CorpusError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the corpus at {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no corpus files (*.md other than README.md) in {0}")]
    Empty(PathBuf),
    #[error("{} error(s) in the corpus:\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<CorpusError>),
}

/// The concordance file in a corpus folder (optional).
pub const CONCORDANCE: &str = "concordance.toml";
/// Frameworks without treaty text, for overviews (optional).
pub const FRAMEWORKS: &str = "frameworks.toml";
/// The subject index, indexed with the articles (optional).
pub const KEYWORDS: &str = "keywords.toml";

/// The Markdown files of a corpus folder, in a stable order. `README.md` documents the
/// format and is not an instrument.
pub fn corpus_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| LoadError::Io {
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("loop in the folder")),
        })?;
        let path = entry.path();
        let is_md = path.extension().is_some_and(|e| e == "md");
        let is_readme = path
            .file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("README.md"));
        if entry.file_type().is_file() && is_md && !is_readme {
            files.push(path.to_path_buf());
        }
    }
    Ok(files)
}

/// Hash of the names and contents of the files the index is built from (the instruments and
/// the subject index), cheap enough to compute at every start.
pub fn fingerprint(dir: &Path) -> Result<String, LoadError> {
    let mut files = corpus_files(dir)?;
    let keywords = dir.join(KEYWORDS);
    if keywords.is_file() {
        files.push(keywords);
    }
    let mut hash = Fingerprint::default();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        hash.add(&file_name(dir, &path), &bytes);
    }
    Ok(hash.finish())
}

/// The fingerprint of files added one by one, in the order [`fingerprint`] reads them.
#[derive(Default)]
struct Fingerprint(Sha256);

impl Fingerprint {
    fn add(&mut self, name: &str, bytes: &[u8]) {
        self.0.update((name.len() as u64).to_le_bytes());
        self.0.update(name.as_bytes());
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn finish(self) -> String {
        format!("{:x}", self.0.finalize())
    }
}

/// A file's name within the corpus folder, as errors and the fingerprint give it.
fn file_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Hash of every file in the corpus folder, data files (thesaurus, concordance) included: what
/// a running server watches to know when to reload.
pub fn watch_fingerprint(dir: &Path) -> String {
    let mut hasher = Sha256::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            hasher.update(entry.path().to_string_lossy().as_bytes());
            hasher.update(std::fs::read(entry.path()).unwrap_or_default());
        }
    }
    format!("{:x}", hasher.finalize())
}

/// Reads and parses every instrument in `dir`, reporting all errors of all files together.
pub fn load(dir: &Path) -> Result<Corpus, LoadError> {
    let files = corpus_files(dir)?;
    if files.is_empty() {
        return Err(LoadError::Empty(dir.to_path_buf()));
    }
    let mut treaties = Vec::new();
    let mut errors = Vec::new();
    // The fingerprint is of the bytes parsed, not of the files read again later: a file
    // edited during the load is then rebuilt from at the next start.
    let mut hash = Fingerprint::default();
    for path in &files {
        let name = file_name(dir, path);
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        hash.add(&name, &bytes);
        let Ok(text) = String::from_utf8(bytes) else {
            errors.push(CorpusError {
                file: name,
                line: 1,
                message: "not valid UTF-8".into(),
            });
            continue;
        };
        match parse_treaty(&name, &text) {
            Ok(treaty) => treaties.push(treaty),
            Err(mut e) => errors.append(&mut e),
        }
    }
    check_ids(&treaties, &mut errors);
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    treaties.sort_by_key(|t| (t.meta.position, t.meta.id.clone()));
    let mut corpus = Corpus {
        treaties,
        fingerprint: String::new(),
        concordance: Concordance::default(),
        keywords: Keywords::default(),
        other_frameworks: Vec::new(),
    };
    // The data files: each optional, all checked, every error reported together.
    let read = |name: &str| -> Result<Option<String>, LoadError> {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(LoadError::Io { path, source }),
        }
    };
    let mut errors = Vec::new();
    if let Some(text) = read(FRAMEWORKS)? {
        match concordance::parse_frameworks(FRAMEWORKS, &text) {
            Ok(frameworks) => corpus.other_frameworks = frameworks,
            Err(mut e) => errors.append(&mut e),
        }
    }
    if let Some(text) = read(CONCORDANCE)? {
        match Concordance::parse(CONCORDANCE, &text, &corpus) {
            Ok(concordance) => corpus.concordance = concordance,
            Err(mut e) => errors.append(&mut e),
        }
    }
    if let Some(text) = read(KEYWORDS)? {
        hash.add(KEYWORDS, text.as_bytes());
        match Keywords::parse(KEYWORDS, &text, &corpus) {
            Ok(keywords) => corpus.keywords = keywords,
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    corpus.fingerprint = hash.finish();
    Ok(corpus)
}

/// An error at byte `offset` of a data file (`file`, whose text is `text`).
pub(crate) fn error_at(file: &str, text: &str, offset: usize, message: String) -> CorpusError {
    CorpusError {
        file: file.to_string(),
        line: text[..offset.min(text.len())].matches('\n').count() + 1,
        message,
    }
}

/// Reads a TOML data file; a syntax or shape error names its line.
pub(crate) fn read_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, Vec<CorpusError>> {
    toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        vec![error_at(file, text, at, e.message().to_string())]
    })
}

/// Ids, aliases and names must name one treaty each, or links and citations become
/// ambiguous.
fn check_ids(treaties: &[Treaty], errors: &mut Vec<CorpusError>) {
    let mut seen: Vec<(String, &str)> = Vec::new();
    for t in treaties {
        let m = &t.meta;
        for name in std::iter::once(&m.id).chain(&m.aliases).chain(&m.names) {
            let name = name.to_lowercase();
            if let Some((_, other)) = seen.iter().find(|(n, _)| *n == name) {
                errors.push(CorpusError {
                    file: t.file.clone(),
                    line: 2,
                    message: format!("id, alias or name {name:?} is already used by {other}"),
                });
            } else {
                seen.push((name, &t.file));
            }
        }
    }
}
