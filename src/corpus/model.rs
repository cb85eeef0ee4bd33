//! The domain model: treaties, their divisions, articles and the tree of paragraphs, points and
//! sub-points inside each article. Plain data, built once by the parser and shared read-only.

use serde::{Deserialize, Serialize};

/// All instruments Concord serves, in the order they are listed to people.
#[derive(Debug, Clone, Serialize)]
pub struct Corpus {
    pub treaties: Vec<Treaty>,
    /// A hash of the names and bytes of the files the index is built from (the instruments and
    /// the subject index): the index records it to know when it is stale.
    pub fingerprint: String,
    /// Corresponding provisions across the instruments.
    pub concordance: super::Concordance,
    /// What people call each article when its text uses other words.
    pub keywords: super::Keywords,
    /// Frameworks shown beside the treaties that have no text here.
    pub other_frameworks: Vec<super::OtherFramework>,
}

impl Corpus {
    /// Finds a treaty by its id or one of its aliases, ignoring case.
    pub fn treaty(&self, id_or_alias: &str) -> Option<&Treaty> {
        let wanted = id_or_alias.trim().to_lowercase();
        self.treaties
            .iter()
            .find(|t| t.meta.id == wanted || t.meta.aliases.contains(&wanted))
    }

    /// All articles of all treaties, in corpus order.
    pub fn articles(&self) -> impl Iterator<Item = (&Treaty, &Article)> {
        self.treaties
            .iter()
            .flat_map(|t| t.articles.iter().map(move |a| (t, a)))
    }

    pub fn ids(&self) -> Vec<&str> {
        self.treaties.iter().map(|t| t.meta.id.as_str()).collect()
    }
}

/// Front matter of a corpus file: who made the instrument, when, and where its text comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatyMeta {
    pub id: String,
    /// Where the instrument is listed among the others (1 first).
    pub position: u32,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Longer names the instrument is cited by, read only as whole phrases ("AU Convention on
    /// Cyber Security"): unlike aliases, their words are not names on their own.
    #[serde(default)]
    pub names: Vec<String>,
    pub title: String,
    pub short_title: String,
    pub abbreviation: String,
    /// The citation stem, e.g. "Budapest Convention (ETS No. 185)"; provisions append ", art. 2".
    pub citation: String,
    pub document: String,
    pub organisation: String,
    pub binding: bool,
    pub depositary: String,
    #[serde(default)]
    pub secretariat: Option<String>,
    /// The instrument this one supplements (a protocol's convention).
    #[serde(default)]
    pub parent: Option<String>,
    pub adoption: Event,
    #[serde(default)]
    pub signature: Option<Event>,
    pub entry_into_force: EntryIntoForce,
    #[serde(default)]
    pub status: Vec<StatusFact>,
    pub source: Source,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: Date,
    pub place: String,
    #[serde(default)]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryIntoForce {
    pub rule: String,
    #[serde(default)]
    pub date: Option<Date>,
}

/// A fact about the instrument's status that is true on a given date (signatures, parties).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusFact {
    pub fact: String,
    pub as_of: Date,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The official document the text is taken from.
    pub official: String,
    /// The copy the corpus was transcribed from and checked against.
    pub copy: String,
    /// The file in `../shared/treaties` the fidelity test compares this treaty with.
    pub reference: String,
}

/// A calendar date written `YYYY-MM-DD`, checked when the front matter is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let bad = || format!("invalid date {s:?}: expected YYYY-MM-DD");
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let date = Date {
            year: y.parse().map_err(|_| bad())?,
            month: m.parse().map_err(|_| bad())?,
            day: d.parse().map_err(|_| bad())?,
        };
        if !(1..=12).contains(&date.month) || !(1..=31).contains(&date.day) {
            return Err(bad());
        }
        Ok(date)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// "24 December 2024", the way the treaties themselves write dates.
    pub fn long(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }
}

/// One instrument: metadata, preamble, divisions, articles, closing formula and annexed notes.
#[derive(Debug, Clone, Serialize)]
pub struct Treaty {
    pub meta: TreatyMeta,
    /// The title as the text itself gives it (the `#` heading).
    pub heading: String,
    pub preamble: Vec<Block>,
    pub divisions: Vec<Division>,
    pub articles: Vec<Article>,
    /// "IN WITNESS WHEREOF …" and "DONE at …".
    pub testimonium: Vec<Block>,
    /// Footnotes of the instrument that belong to no article (the UN testimonium's footnote).
    pub footnotes: Vec<Note>,
    /// The corpus file this treaty was read from, relative to the corpus folder.
    pub file: String,
}

impl Treaty {
    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == number)
    }

    /// The chain of divisions (outermost first) an article sits in.
    pub fn divisions_of(&self, article: &Article) -> Vec<&Division> {
        let mut chain = Vec::new();
        let mut next = article.division;
        while let Some(i) = next {
            chain.push(&self.divisions[i]);
            next = self.divisions[i].parent;
        }
        chain.reverse();
        chain
    }

    /// The table of contents: each division where it opens, then its articles, with the
    /// depth of each entry (0 for a chapter, 1 for a section in it …).
    pub fn contents(&self) -> Vec<(usize, Entry<'_>)> {
        let mut out = Vec::new();
        let mut open: Vec<&str> = Vec::new();
        for a in &self.articles {
            let chain = self.divisions_of(a);
            let shared = open
                .iter()
                .zip(&chain)
                .take_while(|(o, d)| **o == d.eid)
                .count();
            open.truncate(shared);
            for (depth, d) in chain.iter().enumerate().skip(shared) {
                out.push((depth, Entry::Division(d)));
                open.push(&d.eid);
            }
            out.push((chain.len(), Entry::Article(a)));
        }
        out
    }

    /// "Budapest has articles 1–48": used by error messages.
    pub fn article_range(&self) -> String {
        match (self.articles.first(), self.articles.last()) {
            (Some(first), Some(last)) => format!("articles {}–{}", first.number, last.number),
            _ => "no articles".to_string(),
        }
    }
}

/// An entry of a table of contents.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Division(&'a Division),
    Article(&'a Article),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DivisionKind {
    Part,
    Chapter,
    Section,
    Title,
}

/// A chapter, section or title grouping articles.
#[derive(Debug, Clone, Serialize)]
pub struct Division {
    pub kind: DivisionKind,
    /// The number as written: "II", "1".
    pub number: String,
    pub title: String,
    /// The heading exactly as the text gives it: "CHAPTER II – MEASURES TO BE TAKEN AT THE NATIONAL LEVEL".
    pub heading: String,
    pub eid: String,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub number: u32,
    pub title: String,
    /// The heading exactly as the text gives it.
    pub heading: String,
    pub eid: String,
    /// Innermost division, an index into `Treaty::divisions`.
    pub division: Option<usize>,
    pub blocks: Vec<Block>,
    /// Interpretative notes on this article (shown with it, not part of its text).
    pub notes: Vec<Note>,
    /// Line of the article heading in the corpus file.
    #[serde(skip)]
    pub line: usize,
}

impl Article {
    /// The article's text as in the source: one line per paragraph, point or closing text,
    /// numbers and letters included, separated by blank lines.
    pub fn text(&self) -> String {
        self.source_lines().join("\n\n")
    }

    /// Every block of the article as the source prints it, one entry per source line.
    pub fn source_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for block in &self.blocks {
            block.source_lines_into(&mut lines);
        }
        lines
    }

    /// Every block in document order, with its depth (0 for top-level paragraphs).
    pub fn walk(&self) -> Vec<(usize, &Block)> {
        let mut out = Vec::new();
        fn go<'a>(blocks: &'a [Block], depth: usize, out: &mut Vec<(usize, &'a Block)>) {
            for b in blocks {
                out.push((depth, b));
                go(&b.children, depth + 1, out);
            }
        }
        go(&self.blocks, 0, &mut out);
        out
    }

    pub fn block(&self, eid: &str) -> Option<&Block> {
        self.walk()
            .into_iter()
            .map(|(_, b)| b)
            .find(|b| b.eid == eid)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A numbered paragraph ("1."), a Malabo principle ("Principle 1:"), or an unnumbered
    /// paragraph standing directly in the article.
    Paragraph,
    /// A lettered point: "(a)", "a)", "a.".
    Point,
    /// A roman-numbered point inside a point: "(i)", "ii)".
    Subpoint,
    /// A bulleted or dashed item: "•", "–".
    Item,
    /// Unnumbered text inside a paragraph or point: an introduction or the words closing a list.
    Text,
}

/// A paragraph, point, sub-point, item or text: one line of the source, plus what it contains.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The number or letter as printed: "1.", "(a)", "a)", "ii)", "Principle 1:", "•".
    pub num: Option<String>,
    /// The same, normalised for citations and ids: "1", "a", "ii".
    pub label: Option<String>,
    /// Akoma Ntoso-style element id: `art_29__para_1__point_a`.
    pub eid: String,
    /// The words after the number; empty where the number stands alone ("3.") or shares its
    /// line with the first child.
    pub text: String,
    /// The first child is printed on this block's line: "6. a. Any natural …" is paragraph 6
    /// whose point a carries the words.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub first_child_inline: bool,
    pub line: usize,
    pub children: Vec<Block>,
}

impl Block {
    /// The block's line as printed in the source: number, then words.
    pub fn source_line(&self) -> String {
        match &self.num {
            Some(num) if self.text.is_empty() => num.clone(),
            Some(num) => format!("{num} {}", self.text),
            None => self.text.clone(),
        }
    }

    fn source_lines_into(&self, lines: &mut Vec<String>) {
        let start = lines.len();
        for child in &self.children {
            child.source_lines_into(lines);
        }
        if self.first_child_inline && lines.len() > start {
            // The number stands on the line of the first child.
            lines[start] = format!("{} {}", self.source_line(), lines[start]);
        } else {
            lines.insert(start, self.source_line());
        }
    }

    /// The block's own line and everything inside it, as plain text.
    pub fn full_text(&self) -> String {
        let mut lines = Vec::new();
        self.source_lines_into(&mut lines);
        lines.join("\n\n")
    }
}

/// An interpretative note or footnote: shown with the provision, never part of its text.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// The heading the note stands under in the annex ("Articles 23 and 35, with regard to …").
    pub heading: String,
    pub number: Option<String>,
    /// The note's text as printed, number included.
    pub text: String,
    pub eid: String,
}
