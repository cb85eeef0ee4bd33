//! Text prepared for templates: spans of plain and highlighted words, so the templates escape
//! every piece and mark matches without building HTML in Rust.

use std::ops::Range;

use serde::Serialize;

use crate::search::snippet::Terms;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Span {
    pub text: String,
    pub mark: bool,
}

/// Splits `text` at the highlighted byte ranges.
pub fn spans(text: &str, highlights: &[Range<usize>]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in highlights {
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        if r.start > at {
            out.push(Span {
                text: text[at..r.start].to_string(),
                mark: false,
            });
        }
        out.push(Span {
            text: text[r.clone()].to_string(),
            mark: true,
        });
        at = r.end;
    }
    if at < text.len() || out.is_empty() {
        out.push(Span {
            text: text[at..].to_string(),
            mark: false,
        });
    }
    out
}

/// `text` as spans, marking what `terms` finds in it.
pub fn marked(text: &str, terms: &Terms) -> Vec<Span> {
    if terms.is_empty() {
        return spans(text, &[]);
    }
    spans(text, &terms.find(text).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_highlights() {
        let ranges = vec![4..6, 6..10];
        let s = spans("the access right", &ranges);
        assert_eq!(
            s.iter()
                .map(|s| (s.text.as_str(), s.mark))
                .collect::<Vec<_>>(),
            [
                ("the ", false),
                ("ac", true),
                ("cess", true),
                (" right", false)
            ]
        );
    }

    #[test]
    fn marks_every_form_of_the_words() {
        let words = crate::search::analysis::stems("interception")
            .into_iter()
            .map(|s| (s, 1.0))
            .collect();
        let s = marked(
            "Intercepted data and interception",
            &Terms {
                words,
                phrases: Vec::new(),
            },
        );
        assert_eq!(s.iter().filter(|s| s.mark).count(), 2);
    }
}
