//! Text prepared for templates: spans of plain, highlighted and linked words, turned into
//! HTML here (every piece escaped the way the templates escape) because the search page and
//! long articles hold many of them and a template macro per span is slow.

use std::ops::Range;

use minijinja::HtmlEscape;
use serde::Serialize;

use crate::search::snippet::Terms;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Span {
    pub text: String,
    pub mark: bool,
    /// A cross-reference: where the words link to, and what they cite.
    pub href: Option<String>,
    pub title: Option<String>,
}

/// The spans as HTML: highlighted words in `<mark>`, cross-references as links, every text
/// and attribute escaped.
pub fn html(spans: &[Span]) -> minijinja::Value {
    use std::fmt::Write;
    let mut out = String::new();
    for s in spans {
        if let Some(href) = &s.href {
            let title = s.title.as_deref().unwrap_or_default();
            let _ = write!(
                out,
                r#"<a class="xref" href="{}" title="{}">"#,
                HtmlEscape(href),
                HtmlEscape(title)
            );
        }
        if s.mark {
            let _ = write!(out, "<mark>{}</mark>", HtmlEscape(&s.text));
        } else {
            let _ = write!(out, "{}", HtmlEscape(&s.text));
        }
        if s.href.is_some() {
            out.push_str("</a>");
        }
    }
    minijinja::Value::from_safe_string(out)
}

/// A link over a byte range of a text.
pub struct Link {
    pub range: Range<usize>,
    pub href: String,
    pub title: String,
}

/// `text` as spans, marking what `terms` finds and linking the cross-references: the text is
/// cut at every boundary of either, and neighbouring pieces alike are joined again.
pub fn linked(text: &str, terms: &Terms, links: &[Link]) -> Vec<Span> {
    let marks = if terms.is_empty() {
        Vec::new()
    } else {
        terms.find(text).1
    };
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for r in marks.iter().chain(links.iter().map(|l| &l.range)) {
        if r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
        {
            cuts.push(r.start);
            cuts.push(r.end);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Span> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a == b {
            continue;
        }
        let mark = marks.iter().any(|r| r.start <= a && b <= r.end);
        let link = links
            .iter()
            .find(|l| l.range.start <= a && b <= l.range.end);
        let href = link.map(|l| l.href.clone());
        let title = link.map(|l| l.title.clone());
        match out.last_mut() {
            Some(last) if last.mark == mark && last.href == href => last.text.push_str(&text[a..b]),
            _ => out.push(Span {
                text: text[a..b].to_string(),
                mark,
                href,
                title,
            }),
        }
    }
    if out.is_empty() {
        out.push(Span {
            text: String::new(),
            mark: false,
            href: None,
            title: None,
        });
    }
    out
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
            out.push(plain(&text[at..r.start], false));
        }
        out.push(plain(&text[r.clone()], true));
        at = r.end;
    }
    if at < text.len() || out.is_empty() {
        out.push(plain(&text[at..], false));
    }
    out
}

fn plain(text: &str, mark: bool) -> Span {
    Span {
        text: text.to_string(),
        mark,
        href: None,
        title: None,
    }
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
    fn links_and_marks_combine() {
        let text = "as provided in article 7 of this Convention";
        let links = [Link {
            range: 15..24,
            href: "/uncc/art/7".into(),
            title: "uncc:7".into(),
        }];
        let words = crate::search::analysis::stems("article")
            .into_iter()
            .map(|s| (s, 1.0))
            .collect();
        let s = linked(
            text,
            &Terms {
                words,
                phrases: Vec::new(),
            },
            &links,
        );
        let shown: Vec<(&str, bool, Option<&str>)> = s
            .iter()
            .map(|s| (s.text.as_str(), s.mark, s.href.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("as provided in ", false, None),
                ("article", true, Some("/uncc/art/7")),
                (" 7", false, Some("/uncc/art/7")),
                (" of this Convention", false, None)
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

    #[test]
    fn html_escapes_every_piece() {
        let s = vec![
            Span {
                text: "<b>&".into(),
                mark: true,
                href: None,
                title: None,
            },
            Span {
                text: " see \"x\"".into(),
                mark: false,
                href: Some("/a?b=1&c=\"2\"".into()),
                title: Some("<t>".into()),
            },
        ];
        assert_eq!(
            html(&s).to_string(),
            "<mark>&lt;b&gt;&amp;</mark><a class=\"xref\" href=\"&#x2f;a?b=1&amp;c=&quot;2&quot;\" title=\"&lt;t&gt;\"> see &quot;x&quot;</a>"
        );
    }
}
