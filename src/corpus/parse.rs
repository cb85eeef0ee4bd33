//! Markdown → `Treaty`. pulldown-cmark gives headings and paragraphs with their byte offsets;
//! this module turns them into divisions, articles and the paragraph tree, and reports every
//! problem of a file with its line, not just the first.

use std::collections::HashSet;

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::CorpusError;
use super::label::{self, LabelKind};
use super::model::{Article, Block, BlockKind, Division, DivisionKind, Note, Treaty, TreatyMeta};

/// A block-level element of the Markdown file, reduced to what the corpus format uses.
#[derive(Debug)]
enum Element {
    FrontMatter(String),
    Heading(u8, String),
    Paragraph(String),
    /// Anything the corpus format does not use (lists, quotes, code, tables …), named.
    Unsupported(&'static str),
}

/// Where in the file the parser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Start,
    Preamble,
    Body,
    Testimonium,
    Annex,
    /// Under an article heading that could not be read.
    Skipping,
}

/// Parses one corpus file. `file` is the name used in error messages.
pub fn parse_treaty(file: &str, text: &str) -> Result<Treaty, Vec<CorpusError>> {
    let lines = LineIndex::new(text);
    let mut p = TreatyParser {
        file,
        errors: Vec::new(),
        meta: None,
        heading: None,
        part: Part::Start,
        preamble: Vec::new(),
        divisions: Vec::new(),
        open_divisions: Vec::new(),
        articles: Vec::new(),
        builder: None,
        testimonium: Vec::new(),
        footnotes: Vec::new(),
        note_target: None,
        pending_notes: Vec::new(),
    };
    let mut first = true;
    for (element, offset) in elements(text) {
        let line = lines.line_of(offset);
        if first && !matches!(element, Element::FrontMatter(_)) {
            p.error(
                1,
                "missing front matter: the file must start with a `+++` TOML block (see corpus/README.md)",
            );
        }
        first = false;
        p.element(element, line);
    }
    if first {
        p.error(1, "the file is empty");
    }
    p.finish()
}

fn elements(text: &str) -> Vec<(Element, usize)> {
    let options = Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = Vec::new();
    let mut current: Option<(Element, usize)> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                depth += 1;
                if depth > 1 {
                    // Inline markup inside a heading or paragraph; unsupported blocks are
                    // reported once, not again for what they contain.
                    if current
                        .as_ref()
                        .is_some_and(|(e, _)| !matches!(e, Element::Unsupported(_)))
                    {
                        let what = match tag {
                            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => "emphasis",
                            Tag::Link { .. } => "a link",
                            Tag::Image { .. } => "an image",
                            _ => "nested markup",
                        };
                        out.push((unsupported_inline(what), range.start));
                    }
                    continue;
                }
                current = Some(match tag {
                    Tag::MetadataBlock(MetadataBlockKind::PlusesStyle) => {
                        (Element::FrontMatter(String::new()), range.start)
                    }
                    Tag::Heading { level, .. } => (
                        Element::Heading(heading_level(level), String::new()),
                        range.start,
                    ),
                    Tag::Paragraph => (Element::Paragraph(String::new()), range.start),
                    Tag::List(_) | Tag::Item => (Element::Unsupported("a list"), range.start),
                    Tag::BlockQuote(_) => (Element::Unsupported("a block quote"), range.start),
                    Tag::CodeBlock(_) => (Element::Unsupported("a code block"), range.start),
                    Tag::HtmlBlock => (Element::Unsupported("HTML"), range.start),
                    Tag::Table(_) => (Element::Unsupported("a table"), range.start),
                    _ => (Element::Unsupported("unsupported Markdown"), range.start),
                });
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(done) = current.take() {
                        out.push(done);
                    }
                } else if matches!(tag, TagEnd::Item) {
                    continue;
                }
            }
            Event::Text(t) => match &mut current {
                Some((Element::FrontMatter(s), _))
                | Some((Element::Heading(_, s), _))
                | Some((Element::Paragraph(s), _)) => s.push_str(&t),
                _ => {}
            },
            Event::SoftBreak => {
                if let Some((Element::Paragraph(s) | Element::Heading(_, s), _)) = &mut current {
                    s.push(' ');
                }
            }
            Event::Rule => out.push((Element::Unsupported("a horizontal rule"), range.start)),
            Event::Code(_) => out.push((unsupported_inline("inline code"), range.start)),
            Event::Html(_) | Event::InlineHtml(_) => {
                out.push((unsupported_inline("HTML"), range.start))
            }
            Event::HardBreak => out.push((unsupported_inline("a hard line break"), range.start)),
            _ => {}
        }
    }
    out
}

fn unsupported_inline(what: &'static str) -> Element {
    Element::Unsupported(match what {
        "emphasis" => "emphasis (treaty text is plain)",
        "a link" => "a link (treaty text is plain)",
        "inline code" => "inline code (treaty text is plain)",
        "a hard line break" => "a hard line break (one paragraph per line)",
        other => other,
    })
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Byte offset → 1-based line number.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

struct TreatyParser<'a> {
    file: &'a str,
    errors: Vec<CorpusError>,
    meta: Option<TreatyMeta>,
    heading: Option<String>,
    part: Part,
    preamble: Vec<Block>,
    divisions: Vec<Division>,
    /// Open divisions: heading level and index into `divisions`.
    open_divisions: Vec<(u8, usize)>,
    articles: Vec<Article>,
    builder: Option<ArticleBuilder>,
    testimonium: Vec<Block>,
    footnotes: Vec<Note>,
    /// In the annex: the articles the notes now being read belong to, or None for a footnote.
    note_target: Option<(String, Vec<u32>)>,
    /// Notes read in the annex: target articles, note, line.
    pending_notes: Vec<(Vec<u32>, Note, usize)>,
}

impl TreatyParser<'_> {
    fn error(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(CorpusError {
            file: self.file.to_string(),
            line,
            message: message.into(),
        });
    }

    fn element(&mut self, element: Element, line: usize) {
        match element {
            Element::FrontMatter(toml_text) => self.front_matter(&toml_text, line),
            Element::Heading(level, text) => self.heading(level, text.trim(), line),
            Element::Paragraph(text) => self.paragraph(text.trim(), line),
            Element::Unsupported(what) => self.error(
                line,
                format!("{what} is not part of the corpus format: use headings and plain paragraphs (see corpus/README.md)"),
            ),
        }
    }

    fn front_matter(&mut self, toml_text: &str, line: usize) {
        match toml::from_str::<TreatyMeta>(toml_text) {
            Ok(mut meta) => {
                for alias in &mut meta.aliases {
                    *alias = alias.to_lowercase();
                }
                if meta.id.is_empty()
                    || !meta
                        .id
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                {
                    self.error(
                        line,
                        format!(
                            "front matter: id {:?} must be lowercase letters, digits and '-'",
                            meta.id
                        ),
                    );
                }
                self.meta = Some(meta);
            }
            Err(e) => {
                // The TOML block starts on the line after the opening `+++`.
                let at = e
                    .span()
                    .map(|s| line + 1 + toml_text[..s.start].matches('\n').count())
                    .unwrap_or(line);
                self.error(at, format!("front matter: {}", e.message()));
            }
        }
    }

    fn heading(&mut self, level: u8, text: &str, line: usize) {
        if level == 1 {
            if self.heading.is_some() {
                self.error(
                    line,
                    "a second `#` title: only the instrument's title is a level-1 heading",
                );
            } else {
                self.heading = Some(text.to_string());
            }
            return;
        }
        if self.heading.is_none() {
            self.error(
                line,
                "the instrument's `#` title must come before any other heading",
            );
        }
        if self.part == Part::Annex && level >= 3 {
            return self.note_heading(level, text, line);
        }
        let reserved = |name: &str| text.eq_ignore_ascii_case(name);
        if reserved("preamble") || reserved("testimonium") || starts_with_word(text, "annex") {
            self.close_article();
            self.open_divisions.clear();
            if level != 2 {
                self.error(
                    line,
                    format!("`{text}` must be a level-2 heading (`## {text}`)"),
                );
            }
            self.part = if reserved("preamble") {
                if self.part != Part::Start {
                    self.error(line, "the preamble must come before the first article");
                }
                Part::Preamble
            } else if reserved("testimonium") {
                Part::Testimonium
            } else {
                Part::Annex
            };
            return;
        }
        if let Some(division) = parse_division(text) {
            return self.division(level, division, text, line);
        }
        if starts_with_word(text, "article") {
            return self.article(level, text, line);
        }
        self.error(
            line,
            format!("heading {text:?} is not an article (`Article N – Title`), a division (Chapter/Section/Title/Part N – Title), `Preamble`, `Testimonium` or `Annex …`"),
        );
    }

    fn division(
        &mut self,
        level: u8,
        (kind, number, title): (DivisionKind, String, String),
        heading: &str,
        line: usize,
    ) {
        self.close_article();
        if matches!(self.part, Part::Testimonium | Part::Annex) {
            self.error(line, "a division after the testimonium or annex");
        }
        self.part = Part::Body;
        while self.open_divisions.last().is_some_and(|&(l, _)| l >= level) {
            self.open_divisions.pop();
        }
        let expected = self.open_divisions.last().map_or(2, |&(l, _)| l + 1);
        if level != expected {
            self.error(
                line,
                format!(
                    "heading level {level} for {heading:?}: {} it must be level {expected} (`{} …`)",
                    match self.open_divisions.last() {
                        Some(&(_, i)) => format!("under {:?}", self.divisions[i].heading),
                        None => "at the top of the body".to_string(),
                    },
                    "#".repeat(expected.into())
                ),
            );
        }
        let parent = self.open_divisions.last().map(|&(_, i)| i);
        let segment = format!(
            "{}_{}",
            match kind {
                DivisionKind::Part => "part",
                DivisionKind::Chapter => "chp",
                DivisionKind::Section => "sec",
                DivisionKind::Title => "title",
            },
            number.to_lowercase()
        );
        let eid = match parent {
            Some(i) => format!("{}__{segment}", self.divisions[i].eid),
            None => segment,
        };
        self.divisions.push(Division {
            kind,
            number,
            title,
            heading: heading.to_string(),
            eid,
            parent,
        });
        self.open_divisions.push((level, self.divisions.len() - 1));
    }

    fn article(&mut self, level: u8, text: &str, line: usize) {
        self.close_article();
        if matches!(self.part, Part::Testimonium | Part::Annex) {
            self.error(line, "an article after the testimonium or annex");
        }
        self.part = Part::Body;
        let expected = self.open_divisions.last().map_or(2, |&(l, _)| l + 1);
        if level != expected {
            self.error(
                line,
                format!(
                    "heading level {level} for {text:?}: articles {} are level {expected} (`{} Article …`)",
                    match self.open_divisions.last() {
                        Some(&(_, i)) => format!("under {:?}", self.divisions[i].heading),
                        None => "outside any division".to_string(),
                    },
                    "#".repeat(expected.into())
                ),
            );
        }
        let Some((number, title)) = parse_article_heading(text) else {
            let number_only = text.get("article ".len()..).is_some_and(|rest| {
                !rest.trim().is_empty() && rest.trim().bytes().all(|b| b.is_ascii_digit())
            });
            let message = if number_only {
                format!("{text:?} has no title: write `Article N – Title`")
            } else {
                format!(
                    "{text:?} is not an article heading: write `Article N – Title` with N a number"
                )
            };
            self.error(line, message);
            // Its paragraphs are not reported again as "outside any article".
            self.part = Part::Skipping;
            return;
        };
        let last = self.articles.last().map_or(0, |a| a.number);
        if number == last {
            self.error(line, format!("duplicate article {number}"));
        } else if number != last + 1 {
            self.error(
                line,
                format!(
                    "article {number} is out of order: expected article {}",
                    last + 1
                ),
            );
        }
        self.builder = Some(ArticleBuilder::new(Article {
            number,
            title,
            heading: text.to_string(),
            eid: format!("art_{number}"),
            division: self.open_divisions.last().map(|&(_, i)| i),
            blocks: Vec::new(),
            notes: Vec::new(),
            line,
        }));
    }

    fn close_article(&mut self) {
        if let Some(builder) = self.builder.take() {
            let article = builder.finish();
            if article.blocks.is_empty() {
                self.error(
                    article.line,
                    format!("article {} has no text", article.number),
                );
            }
            let mut seen = HashSet::new();
            let dups: Vec<_> = article
                .walk()
                .into_iter()
                .filter(|(_, b)| !seen.insert(b.eid.clone()))
                .map(|(_, b)| (b.line, b.eid.clone()))
                .collect();
            for (line, eid) in dups {
                self.error(
                    line,
                    format!("article {}: a second provision with element id {eid} (a number or letter repeats)", article.number),
                );
            }
            self.articles.push(article);
        }
    }

    fn note_heading(&mut self, level: u8, text: &str, line: usize) {
        if level != 3 {
            self.error(
                line,
                "in an annex, notes are grouped under level-3 headings (`### Article 2`)",
            );
        }
        if let Some(n) = text.strip_prefix("Footnote ") {
            self.note_target = Some((format!("Footnote {}", n.trim()), Vec::new()));
            return;
        }
        let numbers = article_numbers(text);
        if !starts_with_word(text, "article") && !starts_with_word(text, "articles")
            || numbers.is_empty()
        {
            self.error(
                line,
                format!(
                    "annex heading {text:?} names no article (`### Article 2` or `### Footnote 1`)"
                ),
            );
        }
        self.note_target = Some((text.to_string(), numbers));
    }

    fn paragraph(&mut self, text: &str, line: usize) {
        match self.part {
            Part::Start => self.error(line, "text before the preamble or the first article"),
            Part::Preamble => {
                let eid = format!("preamble__recital_{}", self.preamble.len() + 1);
                self.preamble.push(plain_block(text, eid, line));
            }
            Part::Testimonium => {
                let eid = format!("testimonium__p_{}", self.testimonium.len() + 1);
                self.testimonium.push(plain_block(text, eid, line));
            }
            Part::Skipping => {}
            Part::Body => match &mut self.builder {
                Some(builder) => builder.push(text, line),
                None => self.error(line, "text outside any article: every paragraph belongs under an `Article N – Title` heading"),
            },
            Part::Annex => match &self.note_target {
                None => self.error(line, "a note before any `### Article N` heading in the annex"),
                Some((heading, numbers)) => {
                    let number = label::parse(text).and_then(|l| match l.kind {
                        LabelKind::Number(n) => Some(n.to_string()),
                        _ => None,
                    });
                    let eid = match &number {
                        Some(n) => format!("note_{n}"),
                        None => format!("footnote_{}", self.footnotes.len() + 1),
                    };
                    let note = Note {
                        heading: heading.clone(),
                        number,
                        text: text.to_string(),
                        eid,
                    };
                    if numbers.is_empty() {
                        self.footnotes.push(note);
                    } else {
                        self.pending_notes.push((numbers.clone(), note, line));
                    }
                }
            },
        }
    }

    fn finish(mut self) -> Result<Treaty, Vec<CorpusError>> {
        self.close_article();
        for (numbers, note, line) in std::mem::take(&mut self.pending_notes) {
            for n in numbers {
                match self.articles.iter_mut().find(|a| a.number == n) {
                    Some(article) => article.notes.push(note.clone()),
                    None => self.error(line, format!("note for article {n}, which does not exist")),
                }
            }
        }
        if self.heading.is_none() {
            self.error(1, "missing the instrument's `#` title");
        }
        if self.articles.is_empty() && self.errors.is_empty() {
            self.error(
                1,
                "no articles: an instrument needs at least one `Article N – Title` heading",
            );
        }
        match (self.meta, self.heading) {
            (Some(meta), Some(heading)) if self.errors.is_empty() => Ok(Treaty {
                meta,
                heading,
                preamble: self.preamble,
                divisions: self.divisions,
                articles: self.articles,
                testimonium: self.testimonium,
                footnotes: self.footnotes,
                file: self.file.to_string(),
            }),
            _ => Err(self.errors),
        }
    }
}

fn plain_block(text: &str, eid: String, line: usize) -> Block {
    Block {
        kind: BlockKind::Text,
        num: None,
        label: None,
        eid,
        text: text.to_string(),
        line,
        children: Vec::new(),
        first_child_inline: false,
    }
}

fn starts_with_word(text: &str, word: &str) -> bool {
    match (text.get(..word.len()), text.get(word.len()..)) {
        (Some(head), Some(rest)) => {
            head.eq_ignore_ascii_case(word)
                && rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        }
        _ => false,
    }
}

/// Splits "N – Title", "N: Title", "N - Title" or "N. Title" after a keyword.
fn split_number_title(rest: &str) -> Option<(&str, &str)> {
    let end = rest.find([' ', ':', '.']).unwrap_or(rest.len());
    let (number, tail) = rest.split_at(end);
    let title = ["–", ":", "-", "."]
        .iter()
        .find_map(|sep| tail.trim_start().strip_prefix(sep))?
        .trim();
    (!number.is_empty() && !title.is_empty()).then_some((number, title))
}

fn parse_article_heading(text: &str) -> Option<(u32, String)> {
    let rest = text.get("article ".len()..)?.trim_start();
    let (number, title) = split_number_title(rest)?;
    Some((number.parse().ok()?, title.to_string()))
}

fn parse_division(text: &str) -> Option<(DivisionKind, String, String)> {
    let (word, rest) = text.split_once(' ')?;
    let kind = match word.to_lowercase().as_str() {
        "part" => DivisionKind::Part,
        "chapter" => DivisionKind::Chapter,
        "section" => DivisionKind::Section,
        "title" => DivisionKind::Title,
        _ => return None,
    };
    let (number, title) = split_number_title(rest.trim_start())?;
    let valid = number.bytes().all(|b| b.is_ascii_digit())
        || number.bytes().all(|b| b"IVXLivxl".contains(&b));
    valid.then(|| (kind, number.to_string(), title.to_string()))
}

/// "Articles 23 and 35, with regard to …" → [23, 35].
fn article_numbers(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// Builds the tree of one article from its lines, deciding for each label which level it
/// opens: "1." a paragraph (or a nested one, Malabo 29(3)), letters points, roman numbers
/// sub-points ("(i)" after "(h)" is a letter), unnumbered lines the text of what they follow.
struct ArticleBuilder {
    article: Article,
    /// Indices from `article.blocks` down to the most recent block.
    path: Vec<usize>,
    last_number: u32,
}

impl ArticleBuilder {
    fn new(article: Article) -> Self {
        ArticleBuilder {
            article,
            path: Vec::new(),
            last_number: 0,
        }
    }

    /// The open chain, outermost first.
    fn chain(&self) -> Vec<&Block> {
        let mut out = Vec::new();
        let mut blocks = &self.article.blocks;
        for &i in &self.path {
            out.push(&blocks[i]);
            blocks = &blocks[i].children;
        }
        out
    }

    /// Adds `block` as a child of the chain element at `parent` (None: the article itself).
    fn insert(&mut self, parent: Option<usize>, block: Block) {
        let keep = parent.map_or(0, |d| d + 1);
        self.path.truncate(keep);
        let mut blocks = &mut self.article.blocks;
        for &i in &self.path {
            blocks = &mut blocks[i].children;
        }
        blocks.push(block);
        self.path.push(blocks.len() - 1);
    }

    fn deepest(&self, pred: impl Fn(&Block) -> bool) -> Option<usize> {
        self.chain().iter().rposition(|b| pred(b))
    }

    fn push(&mut self, text: &str, line: usize) {
        let Some(label) = label::parse(text) else {
            return self.push_unlabelled(text, line);
        };
        let words = &text[label.rest..];
        // A first point or sub-point printed on its parent's line ("6. a. Any natural …",
        // "1. (a) A State Party …", "(a) (i) The conversion …") is a child of its own, and
        // the parent keeps no words.
        let inline = label::parse(words).is_some_and(|inner| opens_list(&label.kind, &inner.kind));
        let own = if inline { "" } else { words };
        let block = |kind, num: &str, norm: String, words: &str| Block {
            kind,
            num: Some(num.to_string()),
            label: Some(norm),
            eid: String::new(),
            text: words.to_string(),
            line,
            children: Vec::new(),
            first_child_inline: false,
        };
        match label.kind {
            LabelKind::Number(n) => {
                let parent = self.number_parent(n);
                self.insert(
                    parent,
                    block(BlockKind::Paragraph, &label.printed, n.to_string(), own),
                );
            }
            LabelKind::Principle(n) => {
                self.insert(
                    None,
                    block(BlockKind::Paragraph, &label.printed, n.to_string(), own),
                );
            }
            LabelKind::Alpha(s) | LabelKind::LetterDot(s) => {
                let chain = self.chain();
                let point = chain.iter().rposition(|b| b.kind == BlockKind::Point);
                let continues_letters = point.is_some_and(|d| {
                    chain[d]
                        .label
                        .as_deref()
                        .and_then(label::next_letter)
                        .as_deref()
                        == Some(s.as_str())
                });
                let paragraph = self.deepest(|b| b.kind == BlockKind::Paragraph);
                if label::is_roman(&s) && point.is_some() && !continues_letters {
                    self.insert(point, block(BlockKind::Subpoint, &label.printed, s, own));
                } else if s.len() == 1 {
                    self.insert(paragraph, block(BlockKind::Point, &label.printed, s, own));
                } else {
                    self.insert(
                        paragraph,
                        block(BlockKind::Subpoint, &label.printed, s, own),
                    );
                }
            }
            LabelKind::Bullet => {
                let parent = self.deepest(|b| !matches!(b.kind, BlockKind::Item | BlockKind::Text));
                let mut item = block(BlockKind::Item, &label.printed, String::new(), own);
                item.label = None;
                self.insert(parent, item);
            }
        }
        if inline {
            self.current().first_child_inline = true;
            self.push(words, line);
        }
    }

    /// The block added last.
    fn current(&mut self) -> &mut Block {
        let (last, upper) = self.path.split_last().expect("a block was just added");
        let mut blocks = &mut self.article.blocks;
        for &i in upper {
            blocks = &mut blocks[i].children;
        }
        &mut blocks[*last]
    }

    /// Where paragraph number `n` goes: the next number of the article, or a paragraph
    /// numbered inside the open one (Malabo 29(3) numbers its sub-paragraphs 1, 2, 3).
    fn number_parent(&mut self, n: u32) -> Option<usize> {
        let chain = self.chain();
        let top_is_numbered = chain.first().is_some_and(|b| {
            b.kind == BlockKind::Paragraph
                && b.num
                    .as_deref()
                    .is_some_and(|s| !s.starts_with("Principle"))
        });
        let nested_last = chain
            .get(1)
            .filter(|b| b.kind == BlockKind::Paragraph)
            .and_then(|b| b.label.as_deref()?.parse::<u32>().ok());
        if n != self.last_number + 1
            && top_is_numbered
            && (n == 1 || (n > 1 && nested_last == Some(n - 1)))
        {
            return Some(0);
        }
        self.last_number = n;
        None
    }

    fn push_unlabelled(&mut self, text: &str, line: usize) {
        let text_block = |kind| Block {
            kind,
            num: None,
            label: None,
            eid: String::new(),
            text: text.to_string(),
            line,
            children: Vec::new(),
            first_child_inline: false,
        };
        let chain = self.chain();
        let Some(last) = chain.last() else {
            return self.insert(None, text_block(BlockKind::Paragraph));
        };
        let depth = chain.len() - 1;
        let top_unnumbered =
            |d: usize| d == 0 && chain[0].kind == BlockKind::Paragraph && chain[0].num.is_none();
        match last.kind {
            BlockKind::Text => self.insert(depth.checked_sub(1), text_block(BlockKind::Text)),
            BlockKind::Paragraph if last.num.is_none() => {
                self.insert(None, text_block(BlockKind::Paragraph))
            }
            BlockKind::Paragraph => self.insert(Some(depth), text_block(BlockKind::Text)),
            BlockKind::Point | BlockKind::Subpoint | BlockKind::Item => {
                // Words closing a list belong to what holds the list.
                match depth.checked_sub(1) {
                    Some(parent) if !top_unnumbered(parent) => {
                        self.insert(Some(parent), text_block(BlockKind::Text))
                    }
                    _ => self.insert(None, text_block(BlockKind::Paragraph)),
                }
            }
        }
    }

    fn finish(mut self) -> Article {
        let numbered = self.article.blocks.iter().any(|b| b.num.is_some());
        assign_eids(&mut self.article.blocks, &self.article.eid, numbered);
        self.article
    }
}

/// Whether `inner`, printed right after `outer` on one line, opens a list inside it: the first
/// point of a paragraph, or the first sub-point of a point.
fn opens_list(outer: &LabelKind, inner: &LabelKind) -> bool {
    match (outer, inner) {
        (LabelKind::Number(_), LabelKind::LetterDot(s) | LabelKind::Alpha(s)) => s == "a",
        (LabelKind::Alpha(p) | LabelKind::LetterDot(p), LabelKind::Alpha(s)) => {
            p.len() == 1 && s == "i"
        }
        _ => false,
    }
}

/// Gives every block its element id: `para_N` for numbered paragraphs (and, in articles without
/// numbers, for unnumbered ones by position), `point_a`, `subpoint_i`, `item_N`, `text_N`.
fn assign_eids(blocks: &mut [Block], prefix: &str, numbered_siblings: bool) {
    let (mut paras, mut texts, mut items) = (0, 0, 0);
    for block in blocks.iter_mut() {
        let label = block.label.clone().unwrap_or_default();
        let segment = match block.kind {
            BlockKind::Paragraph
                if block
                    .num
                    .as_deref()
                    .is_some_and(|n| n.starts_with("Principle")) =>
            {
                format!("principle_{label}")
            }
            BlockKind::Paragraph if block.num.is_some() => format!("para_{label}"),
            BlockKind::Paragraph => {
                paras += 1;
                if numbered_siblings {
                    format!("text_{paras}")
                } else {
                    format!("para_{paras}")
                }
            }
            BlockKind::Point => format!("point_{label}"),
            BlockKind::Subpoint => format!("subpoint_{label}"),
            BlockKind::Item => {
                items += 1;
                format!("item_{items}")
            }
            BlockKind::Text => {
                texts += 1;
                format!("text_{texts}")
            }
        };
        block.eid = format!("{prefix}__{segment}");
        let eid = block.eid.clone();
        assign_eids(&mut block.children, &eid, false);
    }
}
