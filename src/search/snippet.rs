//! The best paragraph of an article for a query, and its text with the matched words marked.
//! Works on the corpus model with the index's analyzer, so what is highlighted is what matched.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::analysis::tokens;
use crate::corpus::{Article, Block, BlockKind};

/// Longest snippet shown, in characters; longer paragraphs are cut around the first match.
const MAX_CHARS: usize = 320;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Snippet {
    /// Element id of the paragraph or point shown.
    pub paragraph: String,
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    pub highlights: Vec<Range<usize>>,
}

/// What to look for in paragraphs: single stems (query words) and runs of stems (thesaurus
/// wordings, which only count where the whole wording occurs), each with a weight.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub words: HashMap<String, f32>,
    pub phrases: Vec<(Vec<String>, f32)>,
}

impl Terms {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// The score of a text and the byte ranges of what matched in it.
    pub fn find(&self, text: &str) -> (f32, Vec<Range<usize>>) {
        let toks = tokens(text);
        // Words in a fixed order, so that the score is the same sum every time.
        let mut words: Vec<(String, f32)> =
            self.words.iter().map(|(w, s)| (w.clone(), *s)).collect();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        let matcher = Matcher {
            words: &words,
            phrases: &self.phrases,
        };
        let mut marked = Vec::new();
        let score = matcher.score(&toks, |_| true, Some(&mut marked));
        (score, ranges(text, &toks, &marked))
    }
}

/// Scores analysed text against query terms, whatever stands for a stem: the stem itself for
/// text analysed on the spot, its number for text analysed in advance.
pub(crate) struct Matcher<'a, T> {
    pub words: &'a [(T, f32)],
    pub phrases: &'a [(Vec<T>, f32)],
}

impl<T: PartialEq> Matcher<'_, T> {
    /// A word counts in full once and a little on each repetition; a wording counts once,
    /// where all of it occurs. `candidate` may rule tokens out quickly: it must be true of
    /// every word and of the first stem of every wording. `marked`, if given, is set to which
    /// tokens matched.
    pub fn score<R>(
        &self,
        toks: &[(T, R)],
        candidate: impl Fn(&T) -> bool,
        mut marked: Option<&mut Vec<bool>>,
    ) -> f32 {
        if let Some(m) = marked.as_deref_mut() {
            m.clear();
            m.resize(toks.len(), false);
        }
        let mut score = 0.0;
        let mut counted = vec![false; self.words.len()];
        let mut found = vec![false; self.phrases.len()];
        for (i, (stem, _)) in toks.iter().enumerate() {
            if !candidate(stem) {
                continue;
            }
            if let Some(w) = self.words.iter().position(|(word, _)| word == stem) {
                let weight = self.words[w].1;
                score += if counted[w] { 0.05 * weight } else { weight };
                counted[w] = true;
                if let Some(m) = marked.as_deref_mut() {
                    m[i] = true;
                }
            }
            for (p, (phrase, _)) in self.phrases.iter().enumerate() {
                if (found[p] && marked.is_none()) || phrase.first() != Some(stem) {
                    continue;
                }
                let Some(run) = toks.get(i..i + phrase.len()) else {
                    continue;
                };
                if run.iter().zip(phrase).all(|((t, _), p)| t == p) {
                    found[p] = true;
                    if let Some(m) = marked.as_deref_mut() {
                        m[i..i + phrase.len()].fill(true);
                    }
                }
            }
        }
        for ((_, w), found) in self.phrases.iter().zip(found) {
            if found {
                score += w;
            }
        }
        score
    }
}

/// The byte ranges of the marked tokens; neighbouring marked words separated only by spaces
/// become one range.
fn ranges<T>(text: &str, toks: &[(T, Range<usize>)], marked: &[bool]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for ((_, r), m) in toks.iter().zip(marked) {
        if !m {
            continue;
        }
        match out.last_mut() {
            Some(last) if text[last.end..r.start].chars().all(char::is_whitespace) => {
                last.end = r.end
            }
            _ => out.push(r.clone()),
        }
    }
    out
}

/// Words counted at most: enough for a sentence, more than most headings have.
const SENTENCE: usize = 5;

/// How much a paragraph says, up to a sentence: nothing when its points carry its text
/// ("1.", "(a)"), little for a short heading over its points ("1. Criminal Sanctions"). A
/// word has two letters or more and is no label ("a)", "(ii)").
pub fn sentence_words(text: &str) -> usize {
    let word = |w: &&str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.ends_with(')');
    text.split_whitespace().filter(word).take(SENTENCE).count()
}

/// Scores each block of the article by the words typed it contains, then by all the terms,
/// and returns the best one; of blocks scored alike, the first that says most, up to a
/// sentence (so a heading over points is not shown when none matches). Blocks are scored
/// by their own line only, so the point that matches is named rather than the paragraph
/// that contains it.
pub fn best_paragraph(article: &Article, terms: &Terms) -> Snippet {
    // Most of the words typed first, then most of the thesaurus's wordings for them.
    let words_only = Terms {
        words: terms.words.clone(),
        phrases: Vec::new(),
    };
    // The paragraphs and points, then the interpretative notes.
    let walked = article.walk();
    let lines: Vec<(&str, String)> = walked
        .iter()
        .map(|(_, b)| (b.eid.as_str(), b.source_line()))
        .chain(
            article
                .notes
                .iter()
                .map(|n| (n.eid.as_str(), n.text.clone())),
        )
        .collect();
    let mut best: Option<((f32, f32), usize)> = None;
    for (i, (_, text)) in lines.iter().enumerate() {
        let score = (words_only.find(text).0, terms.find(text).0);
        // On a tie, a sentence rather than a bare number or a heading ("1." or "1. Criminal
        // Sanctions" over their points).
        let better = best.is_none_or(|(s, b)| {
            score > s || (score == s && sentence_words(text) > sentence_words(&lines[b].1))
        });
        if better {
            best = Some((score, i));
        }
    }
    match best.map(|(_, i)| &lines[i]) {
        Some((eid, text)) => highlight(eid, text, terms),
        None => Snippet {
            paragraph: article.eid.clone(),
            text: String::new(),
            highlights: Vec::new(),
        },
    }
}

/// At most this many characters of the item before a list's closing words are shown with
/// them, so that "traffic data, in real time, …" reads on from "… in the collection or
/// recording of,".
const LEAD_IN_CHARS: usize = 70;

/// A snippet of the words that close a list (the unnumbered text after its last point) opens
/// with the end of that last point, after "…": alone, such words begin mid-sentence.
pub fn with_lead_in(article: &Article, snippet: Snippet) -> Snippet {
    // Unnumbered text has "text_" in its element id: anything else is left as it is
    // without walking the article.
    if snippet.text.starts_with('…') || !snippet.paragraph.contains("text_") {
        return snippet;
    }
    let walked = article.walk();
    let Some(at) = walked.iter().position(|(_, b)| b.eid == snippet.paragraph) else {
        return snippet;
    };
    let (depth, block) = walked[at];
    // An introduction follows its parent in document order; closing words follow the last
    // point of their list, or that point's last sub-point.
    let closes_list = |(d, b): &(usize, &Block)| {
        *d >= depth
            && matches!(
                b.kind,
                BlockKind::Point | BlockKind::Subpoint | BlockKind::Item
            )
    };
    // Words that go on with the sentence begin in lower case; "State Parties further
    // undertake to:" after a list is a sentence of its own.
    let goes_on =
        block.kind == BlockKind::Text && block.text.chars().next().is_some_and(char::is_lowercase);
    let before = at.checked_sub(1).map(|i| walked[i]);
    let Some((_, last_item)) = before.filter(|b| goes_on && closes_list(b)) else {
        return snippet;
    };
    let line = last_item.source_line();
    let from = if line.chars().count() <= LEAD_IN_CHARS {
        0
    } else {
        let cut = line
            .char_indices()
            .rev()
            .nth(LEAD_IN_CHARS - 1)
            .map_or(0, |(i, _)| i);
        line[cut..].find(' ').map_or(cut, |s| cut + s + 1)
    };
    let lead = format!("…{} ", &line[from..]);
    let shift = lead.len();
    // The whole stays within the length of any snippet: the closing words give way, unless
    // what matched would go with them.
    let short = shortened(
        snippet.clone(),
        MAX_CHARS.saturating_sub(lead.chars().count()),
    );
    if short.highlights.is_empty() && !snippet.highlights.is_empty() {
        return snippet;
    }
    let snippet = short;
    Snippet {
        paragraph: snippet.paragraph,
        text: lead + &snippet.text,
        highlights: snippet
            .highlights
            .into_iter()
            .map(|r| r.start + shift..r.end + shift)
            .collect(),
    }
}

/// The snippet cut after at most `max` characters, at a word's end, with "…" after the cut
/// and only the highlights before it.
fn shortened(snippet: Snippet, max: usize) -> Snippet {
    let text = snippet.text.trim_end_matches('…');
    let Some((at, _)) = text.char_indices().nth(max) else {
        return snippet;
    };
    let end = text[..at].rfind(' ').filter(|&e| e > 0).unwrap_or(at);
    Snippet {
        paragraph: snippet.paragraph,
        text: format!("{}…", text[..end].trim_end_matches([',', ';', ':'])),
        highlights: snippet
            .highlights
            .into_iter()
            .filter(|r| r.end <= end)
            .collect(),
    }
}

/// Marks what matched in `text`, and cuts long text around the first match.
pub fn highlight(eid: &str, text: &str, terms: &Terms) -> Snippet {
    let (_, matches) = terms.find(text);
    cut_ranges(eid, text, matches)
}

/// The snippet of analysed text whose matching tokens are `marked`.
pub(crate) fn cut<T>(
    eid: &str,
    text: &str,
    toks: &[(T, Range<usize>)],
    marked: &[bool],
) -> Snippet {
    cut_ranges(eid, text, ranges(text, toks, marked))
}

/// Cuts long text around the first of `matches` and shifts the matches to the cut text.
fn cut_ranges(eid: &str, text: &str, matches: Vec<Range<usize>>) -> Snippet {
    let (start, end) = window(text, matches.first().map_or(0, |r| r.start));
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    let shift = shown.len();
    shown.push_str(&text[start..end]);
    if end < text.len() {
        shown.push('…');
    }
    let highlights = matches
        .into_iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start + shift..r.end - start + shift)
        .collect();
    Snippet {
        paragraph: eid.to_string(),
        text: shown,
        highlights,
    }
}

/// A window of at most MAX_CHARS characters containing `focus`, on word boundaries.
fn window(text: &str, focus: usize) -> (usize, usize) {
    if text.chars().count() <= MAX_CHARS {
        return (0, text.len());
    }
    let boundary = |i: usize| text[..i].rfind(' ').map_or(0, |s| s + 1);
    let mut start = if focus < 80 {
        0
    } else {
        boundary(floor_char(text, focus - 80))
    };
    let mut end = start;
    for (count, (i, c)) in text[start..].char_indices().enumerate() {
        if count == MAX_CHARS {
            break;
        }
        end = start + i + c.len_utf8();
    }
    if end < text.len() {
        end = text[..end].rfind(' ').filter(|&e| e > start).unwrap_or(end);
    }
    if start > 0 && start >= end {
        start = 0;
    }
    (start, end)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Wraps the highlighted ranges with `open` and `close` (after escaping with `escape`).
pub fn render(
    snippet: &Snippet,
    open: &str,
    close: &str,
    escape: impl Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in &snippet.highlights {
        out.push_str(&escape(&snippet.text[at..r.start]));
        out.push_str(open);
        out.push_str(&escape(&snippet.text[r.clone()]));
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&escape(&snippet.text[at..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(words: &[&str]) -> Terms {
        let words = words
            .iter()
            .map(|w| (super::super::analysis::stems(w)[0].clone(), 1.0))
            .collect();
        Terms {
            words,
            phrases: Vec::new(),
        }
    }

    #[test]
    fn shortened_snippets_end_at_a_word_with_their_highlights() {
        let s = highlight(
            "p",
            "traffic data, in real time, associated with",
            &weights(&["real", "associated"]),
        );
        let cut = shortened(s.clone(), 22);
        assert_eq!(
            render(&cut, "[", "]", str::to_string),
            "traffic data, in [real]…"
        );
        assert_eq!(shortened(s.clone(), 200), s);
    }

    #[test]
    fn phrases_count_only_whole() {
        let phrase = super::super::analysis::stems("computer system");
        let terms = Terms {
            words: HashMap::new(),
            phrases: vec![(phrase, 1.0)],
        };
        let s = highlight("p", "a computer and a system; the computer system", &terms);
        assert_eq!(
            render(&s, "[", "]", str::to_string),
            "a computer and a system; the [computer system]"
        );
    }

    #[test]
    fn marks_every_form_of_the_word() {
        let s = highlight(
            "p",
            "Interception and intercepted data",
            &weights(&["intercept"]),
        );
        assert_eq!(
            render(&s, "[", "]", str::to_string),
            "[Interception] and [intercepted] data"
        );
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text = format!("{} access {}", "word ".repeat(200), "tail ".repeat(200));
        let s = highlight("p", &text, &weights(&["access"]));
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(s.text.chars().count() <= MAX_CHARS + 2);
        assert_eq!(&s.text[s.highlights[0].clone()], "access");
    }
}
