//! Cross-references: the places where a treaty's text cites its own articles, paragraphs and
//! chapters, its parent convention's, or another instrument's ("articles 7 to 10 of this
//! Convention", "paragraph 1 (a) (ii) of this article", "Article 9 of the Convention",
//! "Article 102 of the Charter of the United Nations"), each resolved to the provisions it
//! names.
//!
//! `scan` reads the words (see `scan.rs`); this module decides what they point to, given the
//! treaty, article and paragraph the words are in, and `CrossReferences` indexes the whole
//! corpus once so pages can link the words and list what an article cites and is cited by.
//!
//! Resolution rules:
//! - "this article", "above" and bare "paragraph 1": the article the words are in; a lettered
//!   point ("subparagraph (b)", "paragraphs a.i or ii above") is looked for in the paragraph
//!   the words are in first, then in the article.
//! - "of this paragraph": the paragraph the words are in.
//! - "of this Convention", "of the present Convention", "of this Protocol", bare "Article 12":
//!   the same instrument. "of the Convention": a protocol's parent (`meta.parent`), the
//!   instrument itself otherwise (the UN interpretative notes write "of the convention").
//! - "of the <name>": the treaty of that title if the corpus has it, else `Target::External`.
//! - In the interpretative notes, a bare "subparagraph (ii)" reads under the provision cited
//!   just before it ("article 2 (e) includes, in subparagraph (ii)").

mod scan;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;

use crate::corpus::{
    Article, Block, BlockKind, Corpus, DivisionKind, ProvisionId, Treaty, citation_path, label,
};

pub use scan::{Citation, Item, Level, Path, Scope, Step, scan};

/// What kind of text a reference stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Within {
    Preamble,
    /// A paragraph, point, sub-point, item or text block of an article.
    Block,
    /// An interpretative note on an article (UN annex).
    Note,
    Testimonium,
    /// A footnote of the instrument that belongs to no article.
    Footnote,
}

/// Where a reference is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub treaty: String,
    /// The article whose text (or note) holds the reference; none in the preamble,
    /// testimonium and footnotes. A note attached to several articles is located at the first.
    pub article: Option<u32>,
    pub within: Within,
    /// The element id of the block, note, recital or footnote.
    pub eid: String,
    /// Byte range of the reference within that element's `text` (on char boundaries).
    pub range: Range<usize>,
}

/// A provision of the corpus: an article, or a paragraph or point of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provision {
    /// The canonical id: `uncc:7`, `malabo:29(1)(a)`.
    pub id: String,
    /// The page: `/uncc/art/7`, `/malabo/art/29#art_29__para_1__point_a`.
    pub url: String,
    pub treaty: String,
    pub article: u32,
    /// The block's element id; none when the whole article is cited.
    pub eid: Option<String>,
}

/// One thing a reference points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Provision(Provision),
    /// A chapter: "Chapter II of this Convention".
    Division {
        treaty: String,
        eid: String,
        heading: String,
        /// The chapter's first article, where the link goes.
        first_article: Option<u32>,
        url: String,
    },
    /// A provision of an instrument that is not in the corpus.
    External {
        /// The instrument as the text names it: "Charter of the United Nations".
        name: String,
        /// What of it is cited: "article 102".
        cited: String,
    },
    /// Recognised as a reference, but naming nothing in the corpus.
    Unresolved {
        cited: String,
        reason: String,
    },
}

impl Target {
    pub fn provision(&self) -> Option<&Provision> {
        match self {
            Target::Provision(p) => Some(p),
            _ => None,
        }
    }

    /// Identifies the target for de-duplication.
    fn key(&self) -> String {
        match self {
            Target::Provision(p) => p.id.clone(),
            Target::Division { treaty, eid, .. } => format!("{treaty}#{eid}"),
            Target::External { name, cited } => format!("{name}|{cited}"),
            Target::Unresolved { cited, reason } => format!("?{cited}|{reason}"),
        }
    }
}

/// One reference: where it is, the words, and what they point to (several provisions for a
/// list or range: "articles 7 to 10" is one reference with four targets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub location: Location,
    /// The words exactly as matched: "paragraph 1 (a) (ii) of this article".
    pub text: String,
    pub targets: Vec<Target>,
}

impl Reference {
    pub fn provisions(&self) -> impl Iterator<Item = &Provision> {
        self.targets.iter().filter_map(Target::provision)
    }

    pub fn is_unresolved(&self) -> bool {
        self.targets
            .iter()
            .any(|t| matches!(t, Target::Unresolved { .. }))
    }

    pub fn is_external(&self) -> bool {
        self.targets
            .iter()
            .any(|t| matches!(t, Target::External { .. }))
    }
}

/// Where a text being scanned sits: what relative references are relative to.
#[derive(Debug, Clone, Copy)]
pub struct Context<'c> {
    pub treaty: &'c Treaty,
    pub article: Option<&'c Article>,
    /// The paragraph the text is in: the nearest enclosing block of kind `Paragraph`, itself
    /// included.
    pub paragraph: Option<&'c Block>,
    pub within: Within,
}

/// The references in `text`, the text of element `eid` in `ctx`, resolved against `corpus`.
/// This is what `CrossReferences::build` runs on every block, note, recital and footnote.
pub fn references_in(corpus: &Corpus, ctx: &Context, eid: &str, text: &str) -> Vec<Reference> {
    let mut last: Option<Anchor> = None;
    scan(text)
        .into_iter()
        .map(|citation| {
            let targets = resolve(corpus, ctx, &citation, &mut last);
            Reference {
                location: Location {
                    treaty: ctx.treaty.meta.id.clone(),
                    article: ctx.article.map(|a| a.number),
                    within: ctx.within,
                    eid: eid.to_string(),
                    range: citation.range.clone(),
                },
                text: text
                    .get(citation.range.clone())
                    .unwrap_or_default()
                    .to_string(),
                targets,
            }
        })
        .collect()
}

/// Who cites an article: the reference, and which provision of the article it names.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CitedBy<'a> {
    pub reference: &'a Reference,
    pub provision: &'a Provision,
}

/// Every reference of the corpus, built once, with lookups by element and by article.
#[derive(Debug, Clone, Default)]
pub struct CrossReferences {
    references: Vec<Reference>,
    /// (treaty, article, eid) → the references of that element, a run of `references`. A note
    /// shared by several articles is listed under each.
    by_block: HashMap<(String, Option<u32>, String), Range<usize>>,
    /// (treaty, eid) → the same runs, for elements outside articles.
    by_eid: HashMap<(String, String), Range<usize>>,
    /// Treaty ids and aliases (lowercase) → id.
    names: HashMap<String, String>,
}

impl CrossReferences {
    pub fn build(corpus: &Corpus) -> Self {
        let mut x = CrossReferences::default();
        for t in &corpus.treaties {
            x.names.insert(t.meta.id.to_lowercase(), t.meta.id.clone());
            for alias in &t.meta.aliases {
                x.names.insert(alias.to_lowercase(), t.meta.id.clone());
            }
        }
        for t in &corpus.treaties {
            let outside = |within| Context {
                treaty: t,
                article: None,
                paragraph: None,
                within,
            };
            for (_, b) in walk(&t.preamble, None) {
                x.add(corpus, &outside(Within::Preamble), &b.eid, &b.text);
            }
            for a in &t.articles {
                for (paragraph, b) in walk(&a.blocks, None) {
                    let ctx = Context {
                        treaty: t,
                        article: Some(a),
                        paragraph,
                        within: Within::Block,
                    };
                    x.add(corpus, &ctx, &b.eid, &b.text);
                }
                for n in &a.notes {
                    let key = (t.meta.id.clone(), n.eid.clone());
                    match x.by_eid.get(&key).cloned() {
                        // A note on several articles ("Articles 23 and 35") is read once.
                        Some(run) => {
                            x.by_block
                                .insert((t.meta.id.clone(), Some(a.number), n.eid.clone()), run);
                        }
                        None => {
                            let ctx = Context {
                                treaty: t,
                                article: Some(a),
                                paragraph: None,
                                within: Within::Note,
                            };
                            x.add(corpus, &ctx, &n.eid, &n.text);
                        }
                    }
                }
            }
            for (_, b) in walk(&t.testimonium, None) {
                x.add(corpus, &outside(Within::Testimonium), &b.eid, &b.text);
            }
            for n in &t.footnotes {
                x.add(corpus, &outside(Within::Footnote), &n.eid, &n.text);
            }
        }
        x
    }

    fn add(&mut self, corpus: &Corpus, ctx: &Context, eid: &str, text: &str) {
        let start = self.references.len();
        self.references
            .extend(references_in(corpus, ctx, eid, text));
        let run = start..self.references.len();
        let treaty = ctx.treaty.meta.id.clone();
        self.by_block.insert(
            (
                treaty.clone(),
                ctx.article.map(|a| a.number),
                eid.to_string(),
            ),
            run.clone(),
        );
        self.by_eid.insert((treaty, eid.to_string()), run);
    }

    /// The treaty id for an id or alias, ignoring case.
    fn id(&self, treaty: &str) -> Option<&str> {
        self.names
            .get(&treaty.trim().to_lowercase())
            .map(String::as_str)
    }

    /// Every reference, in corpus order.
    pub fn all(&self) -> &[Reference] {
        &self.references
    }

    /// The references in one block (or note) of an article, in text order: for turning the
    /// words of a paragraph into links.
    pub fn in_block(&self, treaty: &str, article: u32, eid: &str) -> &[Reference] {
        let Some(id) = self.id(treaty) else {
            return &[];
        };
        self.by_block
            .get(&(id.to_string(), Some(article), eid.to_string()))
            .and_then(|run| self.references.get(run.clone()))
            .unwrap_or_default()
    }

    /// The references in any element of a treaty by its id: a block, a note, a preamble
    /// recital (`preamble__recital_3`), a line of the testimonium, a footnote.
    pub fn in_element(&self, treaty: &str, eid: &str) -> &[Reference] {
        let Some(id) = self.id(treaty) else {
            return &[];
        };
        self.by_eid
            .get(&(id.to_string(), eid.to_string()))
            .and_then(|run| self.references.get(run.clone()))
            .unwrap_or_default()
    }

    /// What an article's text cites (its own paragraphs included; not its interpretative
    /// notes), each provision, chapter or outside instrument once, in order of first mention.
    /// Unresolved references are left out.
    pub fn cites(&self, treaty: &str, article: u32) -> Vec<&Target> {
        let Some(id) = self.id(treaty) else {
            return Vec::new();
        };
        let mut seen = HashSet::new();
        self.references
            .iter()
            .filter(|r| {
                r.location.treaty == id
                    && r.location.article == Some(article)
                    && r.location.within == Within::Block
            })
            .flat_map(|r| &r.targets)
            .filter(|t| !matches!(t, Target::Unresolved { .. }))
            .filter(|t| seen.insert(t.key()))
            .collect()
    }

    /// The places outside an article that cite it or one of its paragraphs: other articles'
    /// blocks, interpretative notes, the preamble, footnotes — each with the citing element's
    /// id in `reference.location`. One entry per citing element and provision, in corpus order.
    pub fn cited_by(&self, treaty: &str, article: u32) -> Vec<CitedBy<'_>> {
        let Some(id) = self.id(treaty) else {
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for r in &self.references {
            if r.location.treaty == id && r.location.article == Some(article) {
                continue;
            }
            for p in r.provisions() {
                if p.treaty == id
                    && p.article == article
                    && seen.insert((&r.location.treaty, &r.location.eid, &p.id))
                {
                    out.push(CitedBy {
                        reference: r,
                        provision: p,
                    });
                }
            }
        }
        out
    }

    /// The references naming something the corpus does not have.
    pub fn unresolved(&self) -> Vec<&Reference> {
        self.references
            .iter()
            .filter(|r| r.is_unresolved())
            .collect()
    }
}

/// Blocks in document order, each with the paragraph it is in (itself, for a paragraph).
fn walk<'a>(
    blocks: &'a [Block],
    paragraph: Option<&'a Block>,
) -> Vec<(Option<&'a Block>, &'a Block)> {
    let mut out = Vec::new();
    for b in blocks {
        let here = if b.kind == BlockKind::Paragraph {
            Some(b)
        } else {
            paragraph
        };
        out.push((here, b));
        out.extend(walk(&b.children, here));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Resolution

/// The provision last cited in a text, for "subparagraph (ii)" read under it (notes).
#[derive(Debug, Clone)]
struct Anchor {
    treaty: String,
    article: u32,
    labels: Vec<String>,
}

/// Largest range expanded ("articles 1 to 68").
const MAX_RANGE: u32 = 200;

fn resolve(
    corpus: &Corpus,
    ctx: &Context,
    citation: &Citation,
    last: &mut Option<Anchor>,
) -> Vec<Target> {
    if let Some(problem) = &citation.problem {
        return vec![Target::Unresolved {
            cited: String::new(),
            reason: problem.clone(),
        }];
    }
    let mut targets = Vec::new();
    let mut anchor = None;
    for item in &citation.items {
        let paths = match item {
            Item::One(p) => vec![p.clone()],
            Item::Range(a, b) => match expand(a, b) {
                Ok(paths) => paths,
                Err(reason) => {
                    targets.push(Target::Unresolved {
                        cited: format!("{}–{}", show(a), show(b)),
                        reason,
                    });
                    continue;
                }
            },
        };
        for path in &paths {
            let (target, found) = resolve_path(corpus, ctx, &citation.scope, path, last.as_ref());
            if found.is_some() {
                anchor = found;
            }
            targets.push(target);
        }
    }
    if anchor.is_some() {
        *last = anchor;
    }
    targets
}

/// How a path is written in messages: "article 17(1)(b)", "paragraph 1(a)", "chapter II".
fn show(path: &Path) -> String {
    let mut s = String::new();
    for (i, step) in path.iter().enumerate() {
        if i == 0 {
            let word = match step.level {
                Level::Chapter => "chapter",
                Level::Article => "article",
                Level::Paragraph => "paragraph",
                Level::Point | Level::Subpoint => "subparagraph",
            };
            if matches!(step.level, Level::Point | Level::Subpoint) {
                s.push_str(&format!("{word} ({})", step.label));
            } else {
                s.push_str(&format!("{word} {}", step.label));
            }
        } else {
            s.push_str(&format!("({})", step.label));
        }
    }
    s
}

/// "articles 7 to 10" → articles 7, 8, 9, 10; "(a) to (c)" → (a), (b), (c); "(i) to (iii)".
fn expand(from: &Path, to: &Path) -> Result<Vec<Path>, String> {
    let bad = || format!("cannot count from {} to {}", show(from), show(to));
    let (Some((a, prefix)), Some((b, prefix_b))) = (from.split_last(), to.split_last()) else {
        return Err(bad());
    };
    if prefix != prefix_b || a.level != b.level {
        return Err(bad());
    }
    // A sub-point's "i" is a numeral, a point's a letter.
    let roman = a.level == Level::Subpoint;
    let labels = label::range(&a.label, &b.label, roman, MAX_RANGE).ok_or_else(bad)?;
    Ok(labels
        .into_iter()
        .map(|label| {
            let mut p = prefix.to_vec();
            p.push(Step {
                level: a.level,
                label,
            });
            p
        })
        .collect())
}

/// The treaty of the corpus an instrument's name names ("Convention on Cybercrime").
fn treaty_named<'c>(corpus: &'c Corpus, name: &str) -> Option<&'c Treaty> {
    let norm = |s: &str| {
        let s = s
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
    };
    let wanted = norm(name);
    corpus.treaties.iter().find(|t| {
        let title = &t.meta.title;
        let stem = title.split(';').next().unwrap_or(title);
        [title.as_str(), stem, &t.meta.short_title, &t.heading]
            .iter()
            .any(|n| norm(n) == wanted)
    })
}

fn resolve_path(
    corpus: &Corpus,
    ctx: &Context,
    scope: &Scope,
    path: &Path,
    last: Option<&Anchor>,
) -> (Target, Option<Anchor>) {
    let cited = show(path);
    let unresolved = |reason: String| {
        (
            Target::Unresolved {
                cited: cited.clone(),
                reason,
            },
            None,
        )
    };
    let treaty = match scope {
        Scope::Named(name) => match treaty_named(corpus, name) {
            Some(t) => t,
            None => {
                return (
                    Target::External {
                        name: name.clone(),
                        cited: cited.clone(),
                    },
                    None,
                );
            }
        },
        Scope::TheConvention => match &ctx.treaty.meta.parent {
            None => ctx.treaty,
            Some(parent) => match corpus.treaty(parent) {
                Some(t) => t,
                None => {
                    return unresolved(format!(
                        "the parent convention {parent:?} is not in the corpus"
                    ));
                }
            },
        },
        _ => ctx.treaty,
    };
    let Some(first) = path.first() else {
        return unresolved("nothing cited".into());
    };
    let labels: Vec<String> = path.iter().map(|s| s.label.to_lowercase()).collect();
    match first.level {
        Level::Chapter => {
            if path.len() > 1 {
                return unresolved("a chapter has no numbered paragraphs".into());
            }
            match division(treaty, &first.label) {
                Some(target) => (target, None),
                None => unresolved(format!("{} has no chapter {}", treaty.meta.id, first.label)),
            }
        }
        Level::Article => {
            let Ok(number) = first.label.parse::<u32>() else {
                return unresolved(format!("{:?} is not an article number", first.label));
            };
            match lookup(corpus, treaty, number, &labels[1..]) {
                Ok(found) => found,
                Err(e) => unresolved(e),
            }
        }
        Level::Paragraph | Level::Point | Level::Subpoint => {
            if !std::ptr::eq(treaty, ctx.treaty)
                || matches!(scope, Scope::ThisInstrument | Scope::Named(_))
            {
                return unresolved("a paragraph cited without its article".into());
            }
            // Where to look, most specific first: (article, labels above the cited ones).
            let mut bases: Vec<(u32, Vec<String>)> = Vec::new();
            let point = first.level >= Level::Point;
            if point
                && matches!(ctx.within, Within::Note | Within::Footnote)
                && let Some(a) = last.filter(|a| a.treaty == treaty.meta.id)
            {
                // Under the provision cited last, then under each of its ancestors:
                // "(e) … subparagraph (ii) … subparagraph (i)" is (e)(i), not (e)(ii)(i).
                for n in (0..=a.labels.len()).rev() {
                    bases.push((a.article, a.labels[..n].to_vec()));
                }
            }
            let Some(article) = ctx.article else {
                if bases.is_empty() {
                    return unresolved("a paragraph cited outside any article".into());
                }
                return try_bases(corpus, treaty, &bases, &labels).unwrap_or_else(unresolved);
            };
            let paragraph = ctx
                .paragraph
                .map(|p| (article.number, citation_path(article, p)));
            match scope {
                Scope::ThisParagraph => match paragraph {
                    Some(p) => bases.push(p),
                    None => return unresolved("\"this paragraph\" outside a paragraph".into()),
                },
                _ if point => {
                    bases.extend(paragraph);
                    bases.push((article.number, Vec::new()));
                }
                _ => bases.push((article.number, Vec::new())),
            }
            try_bases(corpus, treaty, &bases, &labels).unwrap_or_else(unresolved)
        }
    }
}

fn try_bases(
    corpus: &Corpus,
    treaty: &Treaty,
    bases: &[(u32, Vec<String>)],
    labels: &[String],
) -> Result<(Target, Option<Anchor>), String> {
    let mut first_error = None;
    for (article, above) in bases {
        let full: Vec<String> = above.iter().chain(labels).cloned().collect();
        match lookup(corpus, treaty, *article, &full) {
            Ok(found) => return Ok(found),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| "nowhere to look".into()))
}

/// Article `number` of `treaty`, down the labels.
fn lookup(
    corpus: &Corpus,
    treaty: &Treaty,
    number: u32,
    labels: &[String],
) -> Result<(Target, Option<Anchor>), String> {
    let id = ProvisionId {
        treaty: treaty.meta.id.clone(),
        target: crate::corpus::Target::Article {
            number,
            path: labels.to_vec(),
        },
    };
    let resolved = id.resolve(corpus).map_err(|e| e.to_string())?;
    let article = resolved.article.map_or(number, |a| a.number);
    let anchor = Anchor {
        treaty: treaty.meta.id.clone(),
        article,
        labels: match (resolved.article, resolved.block) {
            (Some(a), Some(b)) => citation_path(a, b),
            _ => Vec::new(),
        },
    };
    Ok((
        Target::Provision(Provision {
            id: resolved.canonical(),
            url: resolved.url(),
            treaty: treaty.meta.id.clone(),
            article,
            eid: resolved.block.map(|b| b.eid.clone()),
        }),
        Some(anchor),
    ))
}

fn division(treaty: &Treaty, number: &str) -> Option<Target> {
    let (index, d) =
        treaty.divisions.iter().enumerate().find(|(_, d)| {
            d.kind == DivisionKind::Chapter && d.number.eq_ignore_ascii_case(number)
        })?;
    let first_article = treaty.articles.iter().find(|a| {
        let mut next = a.division;
        let mut steps = 0;
        while let Some(i) = next {
            if i == index {
                return true;
            }
            next = treaty.divisions.get(i).and_then(|d| d.parent);
            steps += 1;
            if steps > treaty.divisions.len() {
                break;
            }
        }
        false
    });
    let id = &treaty.meta.id;
    Some(Target::Division {
        treaty: id.clone(),
        eid: d.eid.clone(),
        heading: d.heading.clone(),
        first_article: first_article.map(|a| a.number),
        url: match first_article {
            Some(a) => format!("/{id}/art/{}", a.number),
            None => format!("/{id}"),
        },
    })
}

#[cfg(test)]
mod tests;
