//! `ProvisionId`: the canonical name of a treaty, article, paragraph or point —
//! `budapest`, `budapest:2`, `malabo:29(1)(a)`, `uncc:preamble` — parsed once, resolved
//! against the corpus.

use std::fmt;

use super::label;
use super::model::{Article, Block, Corpus, Treaty};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProvisionId {
    /// A treaty id or alias as given; `resolve` finds the treaty.
    pub treaty: String,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Treaty,
    Preamble,
    /// An article, and the labels down to a paragraph or point: 29, ["1", "a"].
    Article {
        number: u32,
        path: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProvisionIdError {
    #[error(
        "{0:?} is not a provision id: write treaty:article, e.g. budapest:2 or malabo:29(1)(a)"
    )]
    Syntax(String),
    #[error("there is no treaty {given:?}; the treaties are {}", .known.join(", "))]
    UnknownTreaty { given: String, known: Vec<String> },
    #[error("{treaty} has no article {number}; it has {range}")]
    UnknownArticle {
        treaty: String,
        number: u32,
        range: String,
    },
    #[error("article {number} of the {treaty} has no provision {path}")]
    UnknownProvision {
        treaty: String,
        number: u32,
        path: String,
    },
}

impl ProvisionId {
    pub fn article(treaty: &str, number: u32) -> Self {
        ProvisionId {
            treaty: treaty.to_string(),
            target: Target::Article {
                number,
                path: Vec::new(),
            },
        }
    }

    pub fn parse(s: &str) -> Result<Self, ProvisionIdError> {
        let syntax = || ProvisionIdError::Syntax(s.to_string());
        let s = s.trim();
        let (treaty, rest) = match s.split_once(':') {
            Some((t, r)) => (t.trim(), Some(r.trim())),
            None => (s, None),
        };
        if treaty.is_empty()
            || treaty.len() > 40
            || treaty.chars().any(|c| c.is_whitespace() && c != ' ')
        {
            return Err(syntax());
        }
        let target = match rest {
            None => Target::Treaty,
            Some(r) if r.eq_ignore_ascii_case("preamble") => Target::Preamble,
            Some(r) => {
                let (number, path) = parse_article_path(r).ok_or_else(syntax)?;
                Target::Article { number, path }
            }
        };
        Ok(ProvisionId {
            treaty: treaty.to_lowercase(),
            target,
        })
    }

    /// Finds what the id names. Errors say what exists instead.
    pub fn resolve<'a>(&self, corpus: &'a Corpus) -> Result<Resolved<'a>, ProvisionIdError> {
        let treaty =
            corpus
                .treaty(&self.treaty)
                .ok_or_else(|| ProvisionIdError::UnknownTreaty {
                    given: self.treaty.clone(),
                    known: corpus.ids().iter().map(|s| s.to_string()).collect(),
                })?;
        let Target::Article { number, path } = &self.target else {
            return Ok(Resolved {
                treaty,
                article: None,
                block: None,
                preamble: self.target == Target::Preamble,
            });
        };
        let article = treaty
            .article(*number)
            .ok_or_else(|| ProvisionIdError::UnknownArticle {
                treaty: treaty.meta.short_title.clone(),
                number: *number,
                range: treaty.article_range(),
            })?;
        let block = if path.is_empty() {
            None
        } else {
            Some(
                find_path(&article.blocks, path)
                    .or_else(|| by_position(article, path))
                    .ok_or_else(|| ProvisionIdError::UnknownProvision {
                        treaty: treaty.meta.short_title.clone(),
                        number: *number,
                        path: path.iter().map(|p| format!("({p})")).collect(),
                    })?,
            )
        };
        Ok(Resolved {
            treaty,
            article: Some(article),
            block,
            preamble: false,
        })
    }
}

/// "Budapest art. 2(1)": in an article whose paragraphs are not numbered, a paragraph number
/// counts its paragraphs (`art_2__para_1`, as the anchors do).
fn by_position<'a>(article: &'a Article, path: &[String]) -> Option<&'a Block> {
    let (first, rest) = path.split_first()?;
    if article.blocks.iter().any(|b| b.label.is_some()) {
        return None;
    }
    let n: usize = first.parse().ok()?;
    let block = article.blocks.get(n.checked_sub(1)?)?;
    if rest.is_empty() {
        Some(block)
    } else {
        find_below(&block.children, rest, true)
    }
}

/// "29(1)(a)", "29.1.a", "2" → (29, ["1", "a"]).
pub(crate) fn parse_article_path(s: &str) -> Option<(u32, Vec<String>)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let number: u32 = s.get(..digits)?.parse().ok().filter(|&n| n > 0)?;
    let mut path = Vec::new();
    let mut rest = s[digits..].trim_start();
    while !rest.is_empty() {
        let (part, tail) = if let Some(r) = rest.strip_prefix('(') {
            r.split_once(')')?
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '(']).unwrap_or(r.len());
            (&r[..end], &r[end..])
        } else {
            return None;
        };
        let part = part.trim().to_lowercase();
        if part.is_empty() || part.len() > 6 || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        path.push(part);
        rest = tail.trim_start();
    }
    (path.len() <= 4).then_some((number, path))
}

/// Follows labels down the tree; a label not found among the blocks is looked for inside
/// unnumbered paragraphs ("uncc:2(e)": the points of article 2 follow its opening words),
/// then, below an article's paragraphs, inside the one numbered sub-paragraph that has it
/// ("malabo:29(3)(h)": the points of paragraph 3 are in its sub-paragraph 1, 29(3)(1)(h)).
fn find_path<'a>(blocks: &'a [Block], path: &[String]) -> Option<&'a Block> {
    find_below(blocks, path, false)
}

fn find_below<'a>(blocks: &'a [Block], path: &[String], nested: bool) -> Option<&'a Block> {
    let (first, rest) = path.split_first()?;
    let labelled = |b: &&Block| b.label.as_deref() == Some(first.as_str());
    let numbered = |b: &&Block| b.label.as_deref().is_some_and(label::is_number);
    let found = blocks.iter().find(labelled).or_else(|| {
        let unnumbered = blocks.iter().filter(|b| b.label.is_none());
        unnumbered
            .flat_map(|b| &b.children)
            .find(labelled)
            .or_else(|| {
                if !nested || label::is_number(first) {
                    return None;
                }
                let sub = blocks.iter().filter(numbered).flat_map(|b| &b.children);
                let mut inside = sub.filter(labelled);
                inside.next().filter(|_| inside.next().is_none())
            })
    })?;
    if rest.is_empty() {
        Some(found)
    } else {
        find_below(&found.children, rest, true)
    }
}

impl fmt::Display for ProvisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.treaty)?;
        match &self.target {
            Target::Treaty => Ok(()),
            Target::Preamble => write!(f, ":preamble"),
            Target::Article { number, path } => {
                write!(f, ":{number}")?;
                path.iter().try_for_each(|p| write!(f, "({p})"))
            }
        }
    }
}

/// What a `ProvisionId` names in the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    pub treaty: &'a Treaty,
    pub article: Option<&'a Article>,
    pub block: Option<&'a Block>,
    /// The treaty's preamble rather than the treaty (`uncc:preamble`).
    pub preamble: bool,
}

impl Resolved<'_> {
    /// The page path: `/budapest`, `/budapest/art/2`, `/malabo/art/29#art_29__para_1__point_a`.
    pub fn url(&self) -> String {
        let id = &self.treaty.meta.id;
        match (self.article, self.block) {
            (None, _) if self.preamble => format!("/{id}/preamble"),
            (None, _) => format!("/{id}"),
            (Some(a), None) => format!("/{id}/art/{}", a.number),
            (Some(a), Some(b)) => format!("/{id}/art/{}#{}", a.number, b.eid),
        }
    }

    /// The canonical id: `malabo:29(1)(a)`.
    pub fn canonical(&self) -> String {
        let mut s = self.treaty.meta.id.clone();
        if self.preamble {
            s.push_str(":preamble");
        }
        if let Some(a) = self.article {
            s.push_str(&format!(":{}", a.number));
            if let Some(b) = self.block {
                for label in citation_path(a, b) {
                    s.push_str(&format!("({label})"));
                }
            }
        }
        s
    }

    /// The formal citation: "Budapest Convention (ETS No. 185), art. 2"; "Malabo Convention, art. 29(1)(a)".
    pub fn citation(&self) -> String {
        let stem = &self.treaty.meta.citation;
        match self.article {
            None if self.preamble => format!("{stem}, preamble"),
            None => stem.clone(),
            Some(a) => {
                let path: String = self
                    .block
                    .map(|b| {
                        citation_path(a, b)
                            .iter()
                            .map(|l| format!("({l})"))
                            .collect()
                    })
                    .unwrap_or_default();
                format!("{stem}, art. {}{path}", a.number)
            }
        }
    }
}

/// The labels from the article down to `target`, skipping unnumbered blocks.
pub fn citation_path(article: &Article, target: &Block) -> Vec<String> {
    fn go<'a>(blocks: &'a [Block], target: &Block, trail: &mut Vec<&'a Block>) -> bool {
        for b in blocks {
            trail.push(b);
            if std::ptr::eq(b, target) || go(&b.children, target, trail) {
                return true;
            }
            trail.pop();
        }
        false
    }
    let mut trail = Vec::new();
    go(&article.blocks, target, &mut trail);
    // An unnumbered paragraph of an article without numbers is cited by its position, the
    // way `by_position` reads it ("budapest:2(1)").
    if let [paragraph] = trail.as_slice() {
        if paragraph.label.is_none() && article.blocks.iter().all(|b| b.label.is_none()) {
            if let Some(i) = article
                .blocks
                .iter()
                .position(|b| std::ptr::eq(b, *paragraph))
            {
                return vec![(i + 1).to_string()];
            }
        }
    }
    trail.iter().filter_map(|b| b.label.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        let id = ProvisionId::parse("malabo:29(1)(a)").unwrap();
        assert_eq!(id.treaty, "malabo");
        assert_eq!(
            id.target,
            Target::Article {
                number: 29,
                path: vec!["1".into(), "a".into()]
            }
        );
        assert_eq!(id.to_string(), "malabo:29(1)(a)");
        assert_eq!(
            ProvisionId::parse("Budapest").unwrap().target,
            Target::Treaty
        );
        assert_eq!(
            ProvisionId::parse("uncc:preamble").unwrap().target,
            Target::Preamble
        );
        assert_eq!(
            ProvisionId::parse("uncc:2.1.a").unwrap().to_string(),
            "uncc:2(1)(a)"
        );
    }

    #[test]
    fn rejects_what_is_not_an_id() {
        for bad in [
            "",
            ":2",
            "budapest:",
            "budapest:x",
            "budapest:0",
            "budapest:2(",
            "budapest:2(a))",
            "budapest:2 (a) junk",
        ] {
            assert!(ProvisionId::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
