//! Reading references out of a provision's words: a tokenizer and a small hand-written parser,
//! no regular expressions. Only the syntax is decided here ("articles 7 to 10 of this
//! Convention" names articles 7 and 10 as a range, of this instrument); what the words point to
//! in the corpus is decided by the resolver in `super`.
//!
//! A reference is a *phrase*: a keyword ("article", "paragraphs", "sub-paragraph", "chapters"),
//! a list of labels joined by commas, "and", "or", "to" and "through", where a label may be
//! followed by deeper labels ("paragraph 1 (a) (ii)", "9.1.a", "Article 22, paragraph 2"), and
//! at most one scope closing the whole list ("of this article", "above", "of the Convention",
//! "of the Charter of the United Nations", "of paragraph 1").

use std::ops::Range;

use serde::Serialize;

use crate::corpus::label::{is_letter_label, is_roman};

/// How deep in a treaty a label sits. Ordered from the outside in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Chapter,
    Article,
    Paragraph,
    /// A lettered point ("subparagraph (a)", "sub-paragraph d.").
    Point,
    /// A roman-numbered point inside a point ("(ii)").
    Subpoint,
}

/// One label of a cited path: `Level::Paragraph, "1"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Step {
    pub level: Level,
    /// Normalised: digits, lowercase letters or roman numbers; chapters in capitals ("II").
    pub label: String,
}

/// Labels from the outermost cited level down: "article 17, paragraph 1 (b)" is
/// `[Article 17, Paragraph 1, Point b]`; "paragraph 1" alone is `[Paragraph 1]` (relative).
pub type Path = Vec<Step>;

/// One provision, or a range of them ("articles 7 to 10", "subparagraphs (a) to (c)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "path", rename_all = "lowercase")]
pub enum Item {
    One(Path),
    /// Both ends inclusive; they differ only in their last label.
    Range(Path, Path),
}

/// Where a phrase says its labels are to be looked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Scope {
    /// Nothing said: "paragraph 1", "Article 12".
    Unqualified,
    /// "paragraph 1 above", "Article 4.2. above".
    Above,
    /// "of this article".
    ThisArticle,
    /// "of this paragraph".
    ThisParagraph,
    /// "of this Convention", "of the present Convention", "of this Protocol".
    ThisInstrument,
    /// "of the Convention": a protocol's parent convention; the instrument itself otherwise.
    TheConvention,
    /// "of the Charter of the United Nations": the name as written, without "the".
    Named(String),
}

/// A reference as written: where it is in the text and what it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Byte range of the whole phrase in the scanned text (always on char boundaries).
    pub range: Range<usize>,
    pub items: Vec<Item>,
    pub scope: Scope,
    /// Set when the words are a reference but cannot be read as one provision list
    /// ("paragraph 2 of articles 5 and 6").
    pub problem: Option<String>,
}

/// Every reference in `text`, in order, never overlapping.
pub fn scan(text: &str) -> Vec<Citation> {
    let toks = tokenize(text);
    let parser = Parser { toks: &toks, text };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parser.phrase(i, 0) {
            Some(p) => {
                let start = toks[i].start;
                let end = p.end_byte.max(start);
                i = p.next.max(i + 1);
                out.push(Citation {
                    range: start..end,
                    items: p.items,
                    scope: p.scope,
                    problem: p.problem,
                });
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of letters and digits, joined by inner '.', '-' or apostrophes: "9.1.a",
    /// "sub-paragraphs", "Party's".
    Word,
    /// "(a)", "(ii)", "(1)": `text` is what stands between the brackets.
    Paren,
    /// Any other character that is not white space.
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
}

impl Tok<'_> {
    fn is_word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(w)
    }
    fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |j: usize| chars.get(j).map_or(text.len(), |&(p, _)| p);
    let ch = |j: usize| chars.get(j).map(|&(_, c)| c);
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(c) = ch(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() {
            let mut j = i + 1;
            while let Some(d) = ch(j) {
                let joins = matches!(d, '.' | '-' | '\'' | '’')
                    && ch(j + 1).is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() {
                    j += 1;
                } else if joins {
                    j += 2;
                } else {
                    break;
                }
            }
            toks.push(Tok {
                kind: Kind::Word,
                text: &text[at(i)..at(j)],
                start: at(i),
                end: at(j),
            });
            i = j;
        } else {
            if c == '(' {
                let mut j = i + 1;
                while ch(j).is_some_and(|d| d.is_ascii_alphanumeric()) && j - i <= 6 {
                    j += 1;
                }
                if j > i + 1 && ch(j) == Some(')') {
                    toks.push(Tok {
                        kind: Kind::Paren,
                        text: &text[at(i + 1)..at(j)],
                        start: at(i),
                        end: at(j + 1),
                    });
                    i = j + 1;
                    continue;
                }
            }
            toks.push(Tok {
                kind: Kind::Punct,
                text: &text[at(i)..at(i + 1)],
                start: at(i),
                end: at(i + 1),
            });
            i += 1;
        }
    }
    toks
}

// ---------------------------------------------------------------------------------------------
// Labels

fn keyword(tok: &Tok) -> Option<Level> {
    if tok.kind != Kind::Word {
        return None;
    }
    match tok.text.to_ascii_lowercase().as_str() {
        "article" | "articles" => Some(Level::Article),
        "paragraph" | "paragraphs" => Some(Level::Paragraph),
        "subparagraph" | "subparagraphs" | "sub-paragraph" | "sub-paragraphs" => Some(Level::Point),
        "chapter" | "chapters" => Some(Level::Chapter),
        _ => None,
    }
}

fn is_number(s: &str) -> bool {
    (1..=4).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b != b'0')
}

/// A chapter number: roman (any case) or arabic.
fn chapter_label(s: &str) -> Option<String> {
    let roman = s.len() <= 8
        && s.bytes()
            .all(|b| matches!(b.to_ascii_uppercase(), b'I' | b'V' | b'X' | b'L' | b'C'));
    (roman || is_number(s)).then(|| s.to_ascii_uppercase())
}

/// The level of a label standing directly under one of `parent` level: "1 (a)", "(a) (i)".
fn deeper(parent: Level, label: &str) -> Option<Level> {
    let digits = is_number(label);
    match parent {
        Level::Article if digits => Some(Level::Paragraph),
        Level::Article | Level::Paragraph => Some(Level::Point),
        Level::Point if !digits => Some(Level::Subpoint),
        _ => None,
    }
}

/// The level of a letter coming after `and`/`or`/`,` following a path whose deepest label is
/// at `deepest`: "(a) (i) or (ii)" stays with the roman numbers, "(ii) or (b)" goes back up.
fn sibling_letter(deepest: Level, label: &str) -> Level {
    if deepest == Level::Subpoint && is_roman(label) {
        Level::Subpoint
    } else {
        Level::Point
    }
}

// ---------------------------------------------------------------------------------------------
// Phrases

struct Parser<'t, 'a> {
    toks: &'t [Tok<'a>],
    text: &'a str,
}

struct Phrase {
    items: Vec<Item>,
    scope: Scope,
    problem: Option<String>,
    /// Index of the first token after the phrase.
    next: usize,
    end_byte: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    None,
    /// ","
    Comma,
    /// "and", "or", ", and", ", or"
    And,
    /// "to", "through"
    Range,
}

struct Pending {
    path: Path,
    from: Option<Path>,
}

impl Pending {
    fn deepest(&self) -> Level {
        self.path.last().map_or(Level::Chapter, |s| s.level)
    }
    fn into_item(self) -> Item {
        match self.from {
            Some(from) => Item::Range(from, self.path),
            None => Item::One(self.path),
        }
    }
}

/// `path` cut to the levels above `level`, then `steps`.
fn graft(path: &Path, steps: Vec<Step>) -> Path {
    let level = steps.first().map_or(Level::Chapter, |s| s.level);
    let mut out: Path = path.iter().filter(|s| s.level < level).cloned().collect();
    out.extend(steps);
    out
}

const MAX_NESTING: usize = 4;

/// Words that make a name after "of the" the name of an instrument.
const INSTRUMENTS: [&str; 16] = [
    "convention",
    "charter",
    "statute",
    "treaty",
    "covenant",
    "protocol",
    "agreement",
    "declaration",
    "constitution",
    "pact",
    "act",
    "code",
    "rules",
    "resolution",
    "directive",
    "regulation",
];

impl<'a> Parser<'_, 'a> {
    fn tok(&self, i: usize) -> Option<&Tok<'a>> {
        self.toks.get(i)
    }

    fn word_at(&self, i: usize, w: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is_word(w))
    }

    /// The phrase starting with the keyword at `i`, if a label follows it.
    fn phrase(&self, i0: usize, depth: usize) -> Option<Phrase> {
        let head = keyword(self.tok(i0)?)?;
        let mut items: Vec<Item> = Vec::new();
        let mut pending: Option<Pending> = None;
        let mut scope = Scope::Unqualified;
        let mut problem = None;
        // After the last label or scope read: the next token and the end of the phrase so far.
        let mut commit: Option<(usize, usize)> = None;
        let mut i = i0 + 1;
        let mut kw = Some(head);
        let mut sep = Sep::None;
        // Each round reads a label (with the labels directly below it).
        while let Some((steps, next)) = self.label(i, head, kw, sep, pending.as_ref()) {
            let first = steps.first().map_or(head, |s| s.level);
            match pending.take() {
                None => {
                    pending = Some(Pending {
                        path: steps,
                        from: None,
                    })
                }
                Some(mut p) => {
                    let extends = first > p.deepest() && p.from.is_none();
                    if sep == Sep::Range {
                        if p.from.is_some() {
                            pending = Some(p);
                            break;
                        }
                        let path = graft(&p.path, steps);
                        pending = Some(Pending {
                            path,
                            from: Some(p.path),
                        });
                    } else if extends && matches!(sep, Sep::None | Sep::Comma) {
                        p.path.extend(steps);
                        pending = Some(p);
                    } else if sep == Sep::None || (p.from.is_some() && first > p.deepest()) {
                        // Two labels side by side at one level, or a range given sub-labels.
                        pending = Some(p);
                        break;
                    } else {
                        let path = graft(&p.path, steps);
                        items.push(p.into_item());
                        pending = Some(Pending { path, from: None });
                    }
                }
            }
            i = next;
            commit = Some((i, self.toks[i - 1].end));
            kw = None;

            // A scope closes the phrase.
            if let Some((s, next, end, nested)) = self.scope(i, depth) {
                match nested {
                    None => scope = s,
                    Some(parent) => {
                        if let Some(p) = pending.take() {
                            items.push(p.into_item());
                        }
                        match attach(parent, items) {
                            Ok((attached, s)) => {
                                items = attached;
                                scope = s;
                            }
                            Err(why) => {
                                items = Vec::new();
                                problem = Some(why);
                            }
                        }
                    }
                }
                commit = Some((next, end));
                break;
            }

            // What joins this label to the next one.
            let (s, j) = self.separator(i);
            sep = s;
            i = j;
            if let Some(level) = self.tok(i).and_then(keyword) {
                kw = Some(level);
                i += 1;
            } else if sep == Sep::None {
                break;
            }
        }
        let (next, end_byte) = commit?;
        if let Some(p) = pending {
            items.push(p.into_item());
        }
        // "Article K.3" is only a reference when it names another instrument's article.
        let foreign = items.iter().any(|item| {
            let path = match item {
                Item::One(p) | Item::Range(_, p) => p,
            };
            path.iter()
                .any(|s| s.level == Level::Article && !is_number(&s.label))
        });
        if foreign && !matches!(scope, Scope::Named(_)) {
            return None;
        }
        if items.is_empty() && problem.is_none() {
            return None;
        }
        Some(Phrase {
            items,
            scope,
            problem,
            next,
            end_byte,
        })
    }

    /// A label at `i`, and any labels written directly below it ("1 (a) (ii)", "9.1.a",
    /// "1 a.ii"). `kw` is the keyword just read, if any; `sep` what came since the last label.
    fn label(
        &self,
        i: usize,
        head: Level,
        kw: Option<Level>,
        sep: Sep,
        pending: Option<&Pending>,
    ) -> Option<(Vec<Step>, usize)> {
        let tok = self.tok(i)?;
        let deepest = pending.map(Pending::deepest);
        let step = |level, label: &str| Step {
            level,
            label: label.to_string(),
        };
        let mut steps: Vec<Step> = Vec::new();
        // The level a number takes: the keyword's, or the head keyword's after a separator.
        let number_level = match (kw, sep) {
            (Some(l), _) => Some(l),
            (None, Sep::None) => {
                deepest.and_then(|d| (d == Level::Article).then_some(Level::Paragraph))
            }
            (None, _) => Some(head),
        };
        let letter_level = |label: &str| match (kw, deepest) {
            (Some(Level::Article | Level::Chapter), _) => None,
            (Some(_), _) => Some(Level::Point),
            (None, Some(d)) if sep == Sep::None => deeper(d, label),
            (None, Some(d)) if d >= Level::Point => Some(sibling_letter(d, label)),
            _ => None,
        };
        if number_level == Some(Level::Chapter) {
            // Chapters: "Chapter II", "chapters II and III".
            if tok.kind != Kind::Word {
                return None;
            }
            let label = chapter_label(tok.text)?;
            return Some((vec![step(Level::Chapter, &label)], i + 1));
        }
        match tok.kind {
            Kind::Word => {
                let parts: Vec<&str> = tok.text.split('.').collect();
                if is_number(parts[0]) {
                    // "29", "5.3", "9.1.a", "1.b"
                    let mut level = number_level?;
                    if level >= Level::Point {
                        return None;
                    }
                    steps.push(step(level, parts[0]));
                    for part in &parts[1..] {
                        let ok = is_number(part) || is_letter_label(part);
                        level = deeper(level, part).filter(|_| ok)?;
                        steps.push(step(level, part));
                    }
                } else if kw == Some(Level::Article)
                    && tok.text.chars().any(|c| c.is_ascii_digit())
                    && tok.text.len() <= 12
                {
                    // "Article K.3" of another instrument; kept only if a name follows.
                    steps.push(step(Level::Article, tok.text));
                } else if parts.len() > 1 {
                    // "a.i", "a.ii" (Budapest)
                    if parts[0].len() != 1 || !is_letter_label(parts[0]) {
                        return None;
                    }
                    if !parts[1..].iter().all(|p| is_roman(p)) || parts.len() > 2 {
                        return None;
                    }
                    let first = letter_level(parts[0])?;
                    steps.push(step(first, parts[0]));
                    steps.push(step(deeper(first, parts[1])?, parts[1]));
                } else {
                    // A bare letter: "sub-paragraph a.", "d. and e", "a.i or ii above".
                    if !is_letter_label(tok.text) || !self.ends_label(i + 1) {
                        return None;
                    }
                    steps.push(step(letter_level(tok.text)?, tok.text));
                }
            }
            Kind::Paren => {
                let label = tok.text;
                if is_number(label) {
                    let level = match (kw, deepest) {
                        (Some(Level::Paragraph), _) => Level::Paragraph,
                        (None, Some(Level::Article)) if sep == Sep::None => Level::Paragraph,
                        _ => return None,
                    };
                    steps.push(step(level, label));
                } else if label.bytes().all(|b| b.is_ascii_lowercase()) && is_letter_label(label) {
                    steps.push(step(letter_level(label)?, label));
                } else {
                    return None;
                }
            }
            Kind::Punct => return None,
        }
        // Labels in brackets written directly after: "1 (a) (ii)", "2 (e)"; "1 a.ii".
        let mut j = i + 1;
        while let Some(t) = self.tok(j) {
            let last = steps.last().map_or(head, |s| s.level);
            let label = t.text;
            let fits = match t.kind {
                Kind::Paren => {
                    (is_number(label) && last == Level::Article)
                        || (label.bytes().all(|b| b.is_ascii_lowercase()) && is_letter_label(label))
                }
                Kind::Word => {
                    let parts: Vec<&str> = label.split('.').collect();
                    parts.len() == 2
                        && parts[0].len() == 1
                        && is_letter_label(parts[0])
                        && is_roman(parts[1])
                        && last <= Level::Paragraph
                }
                Kind::Punct => false,
            };
            if !fits {
                break;
            }
            if t.kind == Kind::Word {
                let (a, b) = label.split_once('.')?;
                let la = deeper(last, a)?;
                steps.push(step(la, a));
                steps.push(step(deeper(la, b)?, b));
            } else {
                let Some(level) = deeper(last, label) else {
                    break;
                };
                steps.push(step(level, label));
            }
            j += 1;
        }
        Some((steps, j))
    }

    /// After a bare letter label: only punctuation or a joining word may follow, so that
    /// "and a person" is not read as point a.
    fn ends_label(&self, i: usize) -> bool {
        match self.tok(i) {
            None => true,
            Some(t) => match t.kind {
                Kind::Punct => matches!(t.text, "," | "." | ";" | ":" | ")"),
                Kind::Word => ["and", "or", "of", "above", "to", "through"]
                    .iter()
                    .any(|w| t.is_word(w)),
                Kind::Paren => false,
            },
        }
    }

    /// What joins two labels at `i`: ",", "and", "or", ", and", "to", "through" (a full stop
    /// written after a letter, "d. and e", is passed over). Returns the index after it.
    fn separator(&self, i: usize) -> (Sep, usize) {
        let mut i = i;
        if self.attached_stop(i) {
            i += 1;
        }
        let comma = self.tok(i).is_some_and(|t| t.is_punct(','));
        let j = if comma { i + 1 } else { i };
        if self.word_at(j, "and") || self.word_at(j, "or") {
            return (Sep::And, j + 1);
        }
        if !comma && (self.word_at(i, "to") || self.word_at(i, "through")) {
            return (Sep::Range, i + 1);
        }
        if comma {
            return (Sep::Comma, i + 1);
        }
        (Sep::None, i)
    }

    /// A full stop written right after a label ("d.", "4.2.", "9.e."), not ending a sentence
    /// because a joining word or scope follows.
    fn attached_stop(&self, i: usize) -> bool {
        let (Some(dot), Some(prev)) = (self.tok(i), i.checked_sub(1).and_then(|p| self.tok(p)))
        else {
            return false;
        };
        dot.is_punct('.')
            && dot.start == prev.end
            && self.tok(i + 1).is_some_and(|t| {
                ["and", "or", "of", "above"].iter().any(|w| t.is_word(w)) || t.is_punct(',')
            })
    }

    /// A scope at `i` closing the phrase: (scope, next token, end byte, the phrase after
    /// "of" when it names a provision: "of paragraph 1", "of article 13").
    fn scope(&self, i: usize, depth: usize) -> Option<(Scope, usize, usize, Option<Phrase>)> {
        let mut i = i;
        if self.attached_stop(i) || self.tok(i).is_some_and(|t| t.is_punct(',')) {
            i += 1;
        }
        let t = self.tok(i)?;
        let end = |j: usize| self.toks[j].end;
        if t.is_word("above") {
            return Some((Scope::Above, i + 1, end(i), None));
        }
        if !t.is_word("of") {
            return None;
        }
        let w1 = self.tok(i + 1)?;
        if keyword(w1).is_some() && depth < MAX_NESTING {
            let parent = self.phrase(i + 1, depth + 1)?;
            let (next, end_byte) = (parent.next, parent.end_byte);
            return Some((Scope::Unqualified, next, end_byte, Some(parent)));
        }
        let w2 = self.tok(i + 2)?;
        if w1.is_word("this") {
            let s = match w2.text.to_ascii_lowercase().as_str() {
                "article" => Scope::ThisArticle,
                "paragraph" => Scope::ThisParagraph,
                "convention" | "protocol" | "chapter" => Scope::ThisInstrument,
                _ => return None,
            };
            return Some((s, i + 3, end(i + 2), None));
        }
        if !w1.is_word("the") {
            return None;
        }
        if w2.is_word("present") {
            let w3 = self.tok(i + 3)?;
            return (w3.is_word("convention") || w3.is_word("protocol"))
                .then(|| (Scope::ThisInstrument, i + 4, end(i + 3), None));
        }
        let (a, b) = self.name(i + 2)?;
        let words = &self.toks[a..=b];
        if !words
            .iter()
            .any(|t| INSTRUMENTS.iter().any(|w| t.is_word(w)))
        {
            // "of the States Parties": not an instrument.
            return None;
        }
        if a == b {
            if w2.is_word("convention") {
                return Some((Scope::TheConvention, a + 1, end(a), None));
            }
            if w2.is_word("protocol") {
                return Some((Scope::ThisInstrument, a + 1, end(a), None));
            }
        }
        let name = &self.text[self.toks[a].start..self.toks[b].end];
        Some((Scope::Named(name.to_string()), b + 1, end(b), None))
    }

    /// The name of an instrument starting at `i`: capitalised words, years and the small
    /// words between them ("Charter of the United Nations", "1950 Council of Europe
    /// Convention for the Protection of Human Rights"). Token indexes of its first and last
    /// word. A lone "convention" in lowercase (the UN notes) counts as a name.
    fn name(&self, i: usize) -> Option<(usize, usize)> {
        const SMALL: [&str; 9] = ["of", "the", "on", "for", "against", "and", "in", "to", "de"];
        let capital = |t: &Tok| {
            t.kind == Kind::Word
                && t.text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        };
        let first = self.tok(i)?;
        if !capital(first) && !first.is_word("convention") && !first.is_word("protocol") {
            return None;
        }
        let mut last = i;
        let mut j = i + 1;
        while let Some(t) = self.tok(j) {
            if capital(t) {
                last = j;
            } else if !(t.kind == Kind::Word && SMALL.iter().any(|w| t.is_word(w))) {
                break;
            }
            j += 1;
        }
        Some((i, last))
    }
}

/// "subparagraph (b)" + "of paragraph 1": the child's labels under the parent's one path.
fn attach(parent: Phrase, children: Vec<Item>) -> Result<(Vec<Item>, Scope), String> {
    if let Some(why) = parent.problem {
        return Err(why);
    }
    let [Item::One(base)] = parent.items.as_slice() else {
        return Err("\"of\" names more than one provision to look in".to_string());
    };
    let deepest = base.last().map_or(Level::Chapter, |s| s.level);
    let under = |p: &Path| -> Result<Path, String> {
        match p.first() {
            Some(s) if s.level > deepest => Ok(base.iter().chain(p).cloned().collect()),
            _ => Err("the provision cited is not below the one it is said to be \"of\"".into()),
        }
    };
    let items = children
        .iter()
        .map(|item| match item {
            Item::One(p) => Ok(Item::One(under(p)?)),
            Item::Range(a, b) => Ok(Item::Range(under(a)?, under(b)?)),
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((items, parent.scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scanned references as compact strings: "art 7..art 10 @this-instrument".
    fn show(text: &str) -> Vec<String> {
        scan(text)
            .iter()
            .map(|c| {
                let path = |p: &Path| {
                    p.iter()
                        .map(|s| match s.level {
                            Level::Chapter => format!("ch {}", s.label),
                            Level::Article => format!("art {}", s.label),
                            Level::Paragraph => format!("({})", s.label),
                            Level::Point => format!("[{}]", s.label),
                            Level::Subpoint => format!("<{}>", s.label),
                        })
                        .collect::<Vec<_>>()
                        .join("")
                };
                let items: Vec<String> = c
                    .items
                    .iter()
                    .map(|i| match i {
                        Item::One(p) => path(p),
                        Item::Range(a, b) => format!("{}..{}", path(a), path(b)),
                    })
                    .collect();
                let scope = match &c.scope {
                    Scope::Unqualified => String::new(),
                    Scope::Above => " @above".into(),
                    Scope::ThisArticle => " @article".into(),
                    Scope::ThisParagraph => " @paragraph".into(),
                    Scope::ThisInstrument => " @this".into(),
                    Scope::TheConvention => " @the-convention".into(),
                    Scope::Named(n) => format!(" @{{{n}}}"),
                };
                let problem = c
                    .problem
                    .as_ref()
                    .map(|p| format!(" !{p}"))
                    .unwrap_or_default();
                format!(
                    "{}{scope}{problem} = {:?}",
                    items.join(", "),
                    &text[c.range.clone()]
                )
            })
            .collect()
    }

    #[test]
    fn one_article() {
        assert_eq!(
            show("in accordance with article 23."),
            ["art 23 = \"article 23\""]
        );
        assert_eq!(
            show("Article 29 of this Convention applies"),
            ["art 29 @this = \"Article 29 of this Convention\""]
        );
    }

    #[test]
    fn article_ranges() {
        assert_eq!(
            show("offences established in accordance with articles 7 to 16 of this Convention;"),
            ["art 7..art 16 @this = \"articles 7 to 16 of this Convention\""]
        );
        assert_eq!(
            show("established in Articles 2 through 5. A Party"),
            ["art 2..art 5 = \"Articles 2 through 5\""]
        );
        assert_eq!(
            show("with Articles 2 through 11 of this Convention;"),
            ["art 2..art 11 @this = \"Articles 2 through 11 of this Convention\""]
        );
    }

    #[test]
    fn article_lists() {
        assert_eq!(
            show("notes on articles 2, 17, 23 and 35 of this Convention were"),
            [
                "art 2, art 17, art 23, art 35 @this = \"articles 2, 17, 23 and 35 of this Convention\""
            ]
        );
        assert_eq!(
            show("referred to in Articles 20 and 21 to communications"),
            ["art 20, art 21 = \"Articles 20 and 21\""]
        );
        assert_eq!(
            show("pursuant to article 31 or 50 of this Convention shall"),
            ["art 31, art 50 @this = \"article 31 or 50 of this Convention\""]
        );
    }

    #[test]
    fn paragraph_of_this_article() {
        assert_eq!(
            show("the conduct described in paragraph 1 of this article result"),
            ["(1) @article = \"paragraph 1 of this article\""]
        );
        assert_eq!(
            show("For the purpose of paragraph 1 above, the term"),
            ["(1) @above = \"paragraph 1 above\""]
        );
        assert_eq!(
            show("covered in paragraphs 1 and 2 of this article."),
            ["(1), (2) @article = \"paragraphs 1 and 2 of this article\""]
        );
        assert_eq!(
            show("Paragraphs 8 to 31 of this article shall apply"),
            ["(8)..(31) @article = \"Paragraphs 8 to 31 of this article\""]
        );
    }

    #[test]
    fn paragraph_with_points() {
        assert_eq!(
            show("referred to in paragraph 1 (a) (ii) of this article."),
            ["(1)[a]<ii> @article = \"paragraph 1 (a) (ii) of this article\""]
        );
        assert_eq!(
            show("an item referred to in paragraph 1 (a) (i) or (ii) of this article, with"),
            ["(1)[a]<i>, (1)[a]<ii> @article = \"paragraph 1 (a) (i) or (ii) of this article\""]
        );
        assert_eq!(
            show("described in paragraph 2 (a) to (c) of this article, where"),
            ["(2)[a]..(2)[c] @article = \"paragraph 2 (a) to (c) of this article\""]
        );
    }

    #[test]
    fn article_then_paragraph() {
        assert_eq!(
            show("article 29, paragraph 1 (a), of this Convention"),
            ["art 29(1)[a] @this = \"article 29, paragraph 1 (a), of this Convention\""]
        );
        assert_eq!(
            show(
                "in accordance with article 17, paragraph 1 (a) (i) or (ii) or (b) (i), of this Convention within"
            ),
            [
                "art 17(1)[a]<i>, art 17(1)[a]<ii>, art 17(1)[b]<i> @this = \"article 17, paragraph 1 (a) (i) or (ii) or (b) (i), of this Convention\""
            ]
        );
        assert_eq!(
            show(
                "grounds contained in article 40, paragraph 21 (b) and (c) and paragraph 22, of this Convention."
            ),
            [
                "art 40(21)[b], art 40(21)[c], art 40(22) @this = \"article 40, paragraph 21 (b) and (c) and paragraph 22, of this Convention\""
            ]
        );
        assert_eq!(
            show("as defined in Article 2, paragraph 1, advocates"),
            ["art 2(1) = \"Article 2, paragraph 1\""]
        );
    }

    #[test]
    fn subparagraph_of_paragraph() {
        assert_eq!(
            show("For the purposes of subparagraph (b) of paragraph 1, predicate"),
            ["(1)[b] = \"subparagraph (b) of paragraph 1\""]
        );
        assert_eq!(
            show("subparagraph (b) of paragraph 1 of this article"),
            ["(1)[b] @article = \"subparagraph (b) of paragraph 1 of this article\""]
        );
    }

    #[test]
    fn subparagraph_of_this_paragraph() {
        assert_eq!(
            show("For the purposes of subparagraph (a) of this paragraph, predicate"),
            ["[a] @paragraph = \"subparagraph (a) of this paragraph\""]
        );
        assert_eq!(
            show("in accordance with subparagraphs (a) to (c) of this paragraph, which"),
            ["[a]..[c] @paragraph = \"subparagraphs (a) to (c) of this paragraph\""]
        );
    }

    #[test]
    fn paragraph_of_article() {
        assert_eq!(
            show("as set out in paragraph 2 of article 13 of this Convention"),
            ["art 13(2) @this = \"paragraph 2 of article 13 of this Convention\""]
        );
        assert_eq!(
            show("paragraph 2 of article 13"),
            ["art 13(2) = \"paragraph 2 of article 13\""]
        );
    }

    #[test]
    fn article_with_point() {
        assert_eq!(
            show(
                "the term “service provider” in article 2 (e) includes, in subparagraph (ii), those"
            ),
            [
                "art 2[e] = \"article 2 (e)\"",
                "[ii] = \"subparagraph (ii)\""
            ]
        );
    }

    #[test]
    fn chapters() {
        assert_eq!(
            show("obligations under Chapter II of this Convention consistent"),
            ["ch II @this = \"Chapter II of this Convention\""]
        );
        assert_eq!(
            show("under chapters II and III."),
            ["ch II, ch III = \"chapters II and III\""]
        );
        assert_eq!(
            show("procedures provided for in this chapter"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn malabo_dotted_numbers() {
        assert_eq!(
            show("the provisions of Articles 5.3 and 5.4 of this Convention for"),
            ["art 5(3), art 5(4) @this = \"Articles 5.3 and 5.4 of this Convention\""]
        );
        assert_eq!(
            show("The provisions of Article 4.2. above notwithstanding"),
            ["art 4(2) @above = \"Article 4.2. above\""]
        );
        assert_eq!(
            show("Without prejudice to Article 11.6, each"),
            ["art 11(6) = \"Article 11.6\""]
        );
        assert_eq!(
            show(
                "cases defined in Article 10.1 above and in Article 10.4 and 10.5 of this Convention,"
            ),
            [
                "art 10(1) @above = \"Article 10.1 above\"",
                "art 10(4), art 10(5) @this = \"Article 10.4 and 10.5 of this Convention\""
            ]
        );
    }

    #[test]
    fn protocol_references_to_the_convention() {
        assert_eq!(
            show("Articles 1, 12, 13, 22, 41, 44, 45 and 46 of the Convention shall apply"),
            [
                "art 1, art 12, art 13, art 22, art 41, art 44, art 45, art 46 @the-convention = \"Articles 1, 12, 13, 22, 41, 44, 45 and 46 of the Convention\""
            ]
        );
        assert_eq!(
            show("Article 9 of the Convention"),
            ["art 9 @the-convention = \"Article 9 of the Convention\""]
        );
        assert_eq!(
            show(
                "provided for in Article 22, paragraph 2, and Article 41, paragraph 1, of the Convention, irrespective"
            ),
            [
                "art 22(2), art 41(1) @the-convention = \"Article 22, paragraph 2, and Article 41, paragraph 1, of the Convention\""
            ]
        );
        assert_eq!(
            show(
                "defined in Articles 14 to 21 and Articles 23 to 35 of the Convention, to Articles 2 to 7 of this Protocol."
            ),
            [
                "art 14..art 21, art 23..art 35 @the-convention = \"Articles 14 to 21 and Articles 23 to 35 of the Convention\"",
                "art 2..art 7 @this = \"Articles 2 to 7 of this Protocol\""
            ]
        );
    }

    #[test]
    fn other_instruments() {
        assert_eq!(
            show("in accordance with Article 102 of the Charter of the United Nations."),
            [
                "art 102 @{Charter of the United Nations} = \"Article 102 of the Charter of the United Nations\""
            ]
        );
        assert_eq!(
            show(
                "within the meaning of article 15 of the United Nations Convention against Transnational Organized Crime, and"
            ),
            [
                "art 15 @{United Nations Convention against Transnational Organized Crime} = \"article 15 of the United Nations Convention against Transnational Organized Crime\""
            ]
        );
        assert_eq!(
            show("Article 20.d. of the Statute of the Council of Europe and by the unanimous vote"),
            [
                "art 20[d] @{Statute of the Council of Europe} = \"Article 20.d. of the Statute of the Council of Europe\""
            ]
        );
        assert_eq!(
            show("on the basis of Article K.3 of the Treaty on European Union, concerning"),
            [
                "art K.3 @{Treaty on European Union} = \"Article K.3 of the Treaty on European Union\""
            ]
        );
        assert_eq!(
            show(
                "article 8 of the 1950 Council of Europe Convention for the Protection of Human Rights and Fundamental Freedoms, the"
            ),
            [
                "art 8 @{1950 Council of Europe Convention for the Protection of Human Rights and Fundamental Freedoms} = \"article 8 of the 1950 Council of Europe Convention for the Protection of Human Rights and Fundamental Freedoms\""
            ]
        );
        // Without a number nothing is cited.
        assert!(
            show("under the 1950 Council of Europe Convention for the Protection of Human Rights")
                .is_empty()
        );
        assert!(show("Article K.3 applies").is_empty());
    }

    #[test]
    fn budapest_lists() {
        assert_eq!(
            show(
                "not to apply, in whole or in part, paragraphs 1, sub-paragraphs d. and e, and 2, sub-paragraphs b. and c."
            ),
            [
                "(1)[d], (1)[e], (2)[b], (2)[c] = \"paragraphs 1, sub-paragraphs d. and e, and 2, sub-paragraphs b. and c\""
            ]
        );
        assert_eq!(
            show(
                "in accordance with Articles 3 through 5, 7, 8, and 9.1.a and c. of this Convention."
            ),
            [
                "art 3..art 5, art 7, art 8, art 9(1)[a], art 9(1)[c] @this = \"Articles 3 through 5, 7, 8, and 9.1.a and c. of this Convention\""
            ]
        );
        assert_eq!(
            show(
                "as provided for under Articles 2, 3, 6, paragraph 1.b, 7, 9 paragraph 3, and 27, paragraph 9.e."
            ),
            [
                "art 2, art 3, art 6(1)[b], art 7, art 9(3), art 27(9)[e] = \"Articles 2, 3, 6, paragraph 1.b, 7, 9 paragraph 3, and 27, paragraph 9.e\""
            ]
        );
        assert_eq!(
            show("an item referred to in paragraphs a.i or ii above, with intent"),
            ["[a]<i>, [a]<ii> @above = \"paragraphs a.i or ii above\""]
        );
        assert_eq!(
            show("the items referred to in paragraph 1 a.ii of this article."),
            ["(1)[a]<ii> @article = \"paragraph 1 a.ii of this article\""]
        );
        assert_eq!(
            show(
                "the jurisdiction rules laid down in paragraphs 1.b through 1.d of this article or"
            ),
            ["(1)[b]..(1)[d] @article = \"paragraphs 1.b through 1.d of this article\""]
        );
        assert_eq!(
            show("made pursuant to sub-paragraph a. of this article and"),
            ["[a] @article = \"sub-paragraph a. of this article\""]
        );
    }

    #[test]
    fn uncc_notes_say_the_convention_in_lowercase() {
        assert_eq!(
            show("established in accordance with articles 7 to 16 of the convention."),
            ["art 7..art 16 @the-convention = \"articles 7 to 16 of the convention\""]
        );
    }

    #[test]
    fn words_that_are_not_references() {
        for text in [
            "This article shall not be interpreted as",
            "the relevant paragraphs of article",
            "Any declaration made under the two preceding paragraphs may",
            "the first paragraph of",
            "a Party may reserve the right not to apply paragraph",
            "7 days a week, article",
            "articles in this chapter",
            "Article 0",
            "Article 12345",
        ] {
            assert!(scan(text).is_empty(), "{text:?}: {:?}", show(text));
        }
    }

    #[test]
    fn a_reference_stops_where_the_sentence_goes_on() {
        assert_eq!(
            show("not to apply paragraph 1 to those cases of discrimination"),
            ["(1) = \"paragraph 1\""]
        );
        assert_eq!(
            show(
                "any declaration made under Article 40 or reservation made in accordance with Article 42;"
            ),
            ["art 40 = \"Article 40\"", "art 42 = \"Article 42\""]
        );
        assert_eq!(
            show("the person or group of persons referred to in paragraph 1 is exposed"),
            ["(1) = \"paragraph 1\""]
        );
        assert_eq!(
            show(
                "paragraph 1 (b) and (c) of this article, the relevant paragraphs of article 40, and articles 41 to 46 of this Convention shall apply."
            ),
            [
                "(1)[b], (1)[c] @article = \"paragraph 1 (b) and (c) of this article\"",
                "art 40, art 41..art 46 @this = \"article 40, and articles 41 to 46 of this Convention\""
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_text() {
        let long_list = "article 1, ".repeat(500);
        let odd = [
            "",
            "article",
            "Article (",
            "article 5.",
            "paragraph 1 (",
            "article 2 (é) and (ü) of the «Convention»",
            "articles 1 to 99999 of this Convention",
            "Article 1.2.3.4.5.6.7.a.b.c",
            "sub-paragraph",
            "of the",
            "paragraph 1 of paragraph 2 of paragraph 3 of paragraph 4 of paragraph 5 of paragraph 6",
            "article 7 of article 8 of article 9",
            "paragraphs 1.b through 2 of",
            "Chapter Ⅻ",
            "article 3 to to 5",
            "article 3 to (a)",
            "αrticle 5 — article ५",
            "article 3\u{0301} paragraph 2\u{200d}",
            long_list.as_str(),
        ];
        for text in odd {
            for c in scan(text) {
                assert!(text.get(c.range.clone()).is_some(), "{text:?}");
            }
            // every prefix and suffix on a char boundary, too
            for (i, _) in text.char_indices().take(60) {
                let _ = scan(&text[i..]);
                let _ = scan(&text[..i]);
            }
        }
    }
}
