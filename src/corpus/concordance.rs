//! The concordance (`corpus/concordance.toml`): rows of corresponding provisions across the
//! frameworks, each with a topic and the kind of correspondence, written by reading the texts.
//! Every provision named is checked against the corpus when it is loaded.

use serde::{Deserialize, Serialize};

use super::CorpusError;
use super::model::Corpus;
use super::provision::{ProvisionId, Target};

/// A framework with no treaty text in the corpus, shown in overviews (`corpus/frameworks.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherFramework {
    pub name: String,
    pub organisation: String,
    pub established: String,
    pub binding: bool,
    pub kind: String,
    pub note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameworksFile {
    #[serde(default)]
    framework: Vec<OtherFramework>,
}

/// Reads `frameworks.toml`; `file` names it in errors.
pub fn parse_frameworks(file: &str, text: &str) -> Result<Vec<OtherFramework>, Vec<CorpusError>> {
    super::read_toml::<FrameworksFile>(file, text).map(|f| f.framework)
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Concordance {
    pub topics: Vec<Topic>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub topic: String,
    pub subject: String,
    pub provisions: Vec<Correspondence>,
    /// Treaties with no counterpart.
    pub absent: Vec<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Correspondence {
    /// Canonical provision id: `malabo:29(1)(a)`.
    pub id: String,
    pub treaty: String,
    pub article: u32,
    pub kind: Kind,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Equivalent,
    Partial,
    Broader,
    Narrower,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Equivalent => "equivalent",
            Kind::Partial => "partial",
            Kind::Broader => "broader",
            Kind::Narrower => "narrower",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    topic: Vec<Topic>,
    #[serde(default)]
    row: Vec<RawRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    topic: toml::Spanned<String>,
    subject: String,
    provisions: Vec<RawProvision>,
    #[serde(default)]
    absent: Vec<toml::Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvision {
    id: toml::Spanned<String>,
    kind: Kind,
    #[serde(default)]
    note: Option<String>,
}

impl Concordance {
    /// Parses the file and checks every provision and topic against the corpus. `file` names
    /// it in errors.
    pub fn parse(file: &str, text: &str, corpus: &Corpus) -> Result<Self, Vec<CorpusError>> {
        let error = |offset: usize, message: String| super::error_at(file, text, offset, message);
        let raw: File = super::read_toml(file, text)?;
        let mut errors = Vec::new();
        let mut rows = Vec::new();
        for r in raw.row {
            if !raw.topic.iter().any(|t| t.id == *r.topic.get_ref()) {
                errors.push(error(
                    r.topic.span().start,
                    format!("unknown topic {:?}", r.topic.get_ref()),
                ));
            }
            for a in &r.absent {
                if corpus.treaty(a.get_ref()).is_none() {
                    errors.push(error(
                        a.span().start,
                        format!("unknown treaty {:?} in absent", a.get_ref()),
                    ));
                }
            }
            let mut provisions = Vec::new();
            for p in r.provisions {
                let at = p.id.span().start;
                let resolved = ProvisionId::parse(p.id.get_ref()).and_then(|id| {
                    if !matches!(id.target, Target::Article { .. }) {
                        return Err(super::ProvisionIdError::Syntax(id.to_string()));
                    }
                    id.resolve(corpus)
                });
                match resolved {
                    Ok(res) => provisions.push(Correspondence {
                        id: res.canonical(),
                        treaty: res.treaty.meta.id.clone(),
                        article: res.article.expect("an article target").number,
                        kind: p.kind,
                        note: p.note,
                    }),
                    Err(e) => errors.push(error(at, e.to_string())),
                }
            }
            rows.push(Row {
                topic: r.topic.into_inner(),
                subject: r.subject,
                provisions,
                absent: r.absent.into_iter().map(|a| a.into_inner()).collect(),
                note: r.note,
            });
        }
        if errors.is_empty() {
            Ok(Concordance {
                topics: raw.topic,
                rows,
            })
        } else {
            Err(errors)
        }
    }

    /// The rows naming any provision of this article.
    pub fn rows_for(&self, treaty: &str, article: u32) -> impl Iterator<Item = &Row> {
        let treaty = treaty.to_string();
        self.rows.iter().filter(move |r| {
            r.provisions
                .iter()
                .any(|p| p.treaty == treaty && p.article == article)
        })
    }

    /// The articles of other instruments that correspond to this one, each once, in row order.
    pub fn counterparts(&self, treaty: &str, article: u32) -> Vec<(String, u32)> {
        let mut out: Vec<(String, u32)> = Vec::new();
        for row in self.rows_for(treaty, article) {
            for p in &row.provisions {
                let key = (p.treaty.clone(), p.article);
                if p.treaty != treaty && !out.contains(&key) {
                    out.push(key);
                }
            }
        }
        out
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}
