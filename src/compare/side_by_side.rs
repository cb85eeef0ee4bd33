//! Two or three provisions side by side: their paragraphs aligned by content, and each word
//! marked as shared with another column or found only in its own. The frameworks' different
//! vocabularies are folded by the thesaurus first, so "computer system" and "information and
//! communications technology system" count as the same wording.

use std::ops::Range;

use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::corpus::{Block, Corpus, ProvisionId, ProvisionIdError, Resolved};
use crate::search::Thesaurus;
use crate::search::analysis::{is_stopword, tokens};

/// Most provisions shown side by side.
pub const MAX_COLUMNS: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("choose two or three provisions to compare (p=budapest:2&p=uncc:7); {0} given")]
    Count(usize),
    #[error(transparent)]
    Provision(#[from] ProvisionIdError),
    #[error(
        "{0} is a whole instrument or a preamble: compare articles, paragraphs or points (budapest:2, malabo:29(1)(a))"
    )]
    NotAProvision(String),
}

#[derive(Debug, Serialize)]
pub struct Comparison {
    pub columns: Vec<Column>,
    /// Aligned rows: for each column, the index of its paragraph in this row, if any.
    pub rows: Vec<Vec<Option<usize>>>,
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub id: String,
    pub treaty: String,
    pub treaty_name: String,
    pub title: String,
    pub citation: String,
    pub url: String,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Serialize)]
pub struct Paragraph {
    pub eid: String,
    /// The line as printed, number included.
    pub text: String,
    pub words: Vec<Word>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Word {
    pub text: String,
    /// "shared" (another column has it in the same order), "moved" (another column has it,
    /// elsewhere), "only" (this column alone), or "" (function words and spacing, not
    /// compared).
    pub mark: &'static str,
}

/// A paragraph reduced to the tokens compared, each with where it stands in the text.
struct Tokens {
    text: String,
    list: Vec<(String, Range<usize>)>,
}

/// Builds the comparison of the given provision ids, in order.
pub fn compare(
    corpus: &Corpus,
    thesaurus: &Thesaurus,
    ids: &[String],
) -> Result<Comparison, CompareError> {
    if !(2..=MAX_COLUMNS).contains(&ids.len()) {
        return Err(CompareError::Count(ids.len()));
    }
    let mut resolved = Vec::new();
    for id in ids {
        let r = ProvisionId::parse(id)?.resolve(corpus)?;
        if r.article.is_none() {
            return Err(CompareError::NotAProvision(id.clone()));
        }
        resolved.push(r);
    }
    let blocks: Vec<Vec<&Block>> = resolved.iter().map(paragraphs).collect();
    let tokens: Vec<Vec<Tokens>> = blocks
        .iter()
        .map(|bs| bs.iter().map(|b| tokenise(b, thesaurus)).collect())
        .collect();
    let rows = align(&tokens);

    let mut columns = Vec::new();
    for (c, r) in resolved.iter().enumerate() {
        let mut paragraphs = Vec::new();
        // Each paragraph's wording is compared with the whole of every other provision, so
        // a sentence that one framework puts in another paragraph still counts as shared.
        let others: Vec<Tokens> = tokens
            .iter()
            .enumerate()
            .filter(|(o, _)| *o != c)
            .map(|(_, col)| Tokens {
                text: String::new(),
                list: col.iter().flat_map(|t| t.list.clone()).collect(),
            })
            .collect();
        let others: Vec<&Tokens> = others.iter().collect();
        for (k, block) in blocks[c].iter().enumerate() {
            paragraphs.push(Paragraph {
                eid: block.eid.clone(),
                text: tokens[c][k].text.clone(),
                words: mark(&tokens[c][k], &others),
            });
        }
        columns.push(Column {
            id: r.canonical(),
            treaty: r.treaty.meta.id.clone(),
            treaty_name: r.treaty.meta.short_title.clone(),
            title: r
                .article
                .map(|a| format!("Article {} – {}", a.number, a.title))
                .unwrap_or_else(|| r.treaty.meta.short_title.clone()),
            citation: r.citation(),
            url: r.url(),
            paragraphs,
        });
    }
    Ok(Comparison { columns, rows })
}

/// The lines of a provision: every block of the article, or of the paragraph or point named.
fn paragraphs<'a>(r: &Resolved<'a>) -> Vec<&'a Block> {
    fn walk<'a>(b: &'a Block, out: &mut Vec<&'a Block>) {
        out.push(b);
        b.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = Vec::new();
    match (r.article, r.block) {
        (_, Some(b)) => walk(b, &mut out),
        (Some(a), None) => a.blocks.iter().for_each(|b| walk(b, &mut out)),
        (None, None) => {}
    }
    out
}

/// A block's line as printed, with the words after its number as the tokens compared (the
/// number itself is not wording).
fn tokenise(block: &Block, thesaurus: &Thesaurus) -> Tokens {
    let text = block.source_line();
    let start = text.len() - block.text.len();
    let list: Vec<(String, Range<usize>)> = tokens(&block.text)
        .into_iter()
        .map(|(s, r)| (s, r.start + start..r.end + start))
        .collect();
    // Fold before dropping function words: wordings such as "information and
    // communications technology system" contain them.
    let list = thesaurus
        .fold_spans(&list)
        .into_iter()
        .filter(|(s, _)| !is_stopword(s))
        .collect();
    Tokens { text, list }
}

/// Share of `a`'s distinct tokens found in `b`, and the reverse, averaged.
fn overlap(a: &Tokens, b: &Tokens) -> f32 {
    use std::collections::HashSet;
    let sa: HashSet<&str> = a.list.iter().map(|(t, _)| t.as_str()).collect();
    let sb: HashSet<&str> = b.list.iter().map(|(t, _)| t.as_str()).collect();
    if sa.is_empty() || sb.is_empty() {
        return 0.0;
    }
    let common = sa.intersection(&sb).count() as f32;
    (common / sa.len() as f32 + common / sb.len() as f32) / 2.0
}

/// Aligns every column's paragraphs with the first column's, keeping each column's order
/// (a longest-path alignment maximising overlap), then lists unmatched paragraphs in rows of
/// their own after the row they follow.
fn align(columns: &[Vec<Tokens>]) -> Vec<Vec<Option<usize>>> {
    const MIN_OVERLAP: f32 = 0.1;
    let first = &columns[0];
    let n = columns.len();
    let mut matches: Vec<Vec<Option<usize>>> = vec![vec![None; first.len()]; n];
    for (c, col) in columns.iter().enumerate().skip(1) {
        let (rows, cols) = (first.len(), col.len());
        // best[i][j]: best total overlap aligning first[..i] with col[..j].
        let mut best = vec![vec![0.0f32; cols + 1]; rows + 1];
        for i in 1..=rows {
            for j in 1..=cols {
                let o = overlap(&first[i - 1], &col[j - 1]);
                let pair = if o >= MIN_OVERLAP {
                    best[i - 1][j - 1] + o
                } else {
                    f32::MIN
                };
                best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(pair);
            }
        }
        let (mut i, mut j) = (rows, cols);
        while i > 0 && j > 0 {
            let o = overlap(&first[i - 1], &col[j - 1]);
            if o >= MIN_OVERLAP && (best[i][j] - (best[i - 1][j - 1] + o)).abs() < 1e-6 {
                matches[c][i - 1] = Some(j - 1);
                i -= 1;
                j -= 1;
            } else if best[i - 1][j] >= best[i][j - 1] {
                i -= 1;
            } else {
                j -= 1;
            }
        }
    }
    let mut rows: Vec<Vec<Option<usize>>> = Vec::new();
    let mut next: Vec<usize> = vec![0; n];
    let flush =
        |rows: &mut Vec<Vec<Option<usize>>>, next: &mut Vec<usize>, upto: &[Option<usize>]| {
            for c in 1..n {
                let stop = upto[c].unwrap_or(next[c]);
                while next[c] < stop {
                    let mut row = vec![None; n];
                    row[c] = Some(next[c]);
                    rows.push(row);
                    next[c] += 1;
                }
            }
        };
    for (i, _) in first.iter().enumerate() {
        let row: Vec<Option<usize>> = (0..n)
            .map(|c| if c == 0 { Some(i) } else { matches[c][i] })
            .collect();
        flush(&mut rows, &mut next, &row);
        for (c, cell) in row.iter().enumerate().skip(1) {
            if let Some(j) = cell {
                next[c] = j + 1;
            }
        }
        rows.push(row);
    }
    let end: Vec<Option<usize>> = (0..n).map(|c| Some(columns[c].len())).collect();
    flush(&mut rows, &mut next, &end);
    rows
}

/// Marks each compared token of `mine` as shared (in the diff's common runs with any of the
/// other paragraphs) or only here, and returns the text cut into words and spacing.
fn mark(mine: &Tokens, others: &[&Tokens]) -> Vec<Word> {
    let mut shared = vec![false; mine.list.len()];
    let a: Vec<&str> = mine.list.iter().map(|(t, _)| t.as_str()).collect();
    let mut elsewhere: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for other in others {
        let b: Vec<&str> = other.list.iter().map(|(t, _)| t.as_str()).collect();
        for op in capture_diff_slices(Algorithm::Patience, &a, &b) {
            if let DiffOp::Equal { old_index, len, .. } = op {
                shared[old_index..old_index + len]
                    .iter_mut()
                    .for_each(|s| *s = true);
            }
        }
        elsewhere.extend(b);
    }
    let mut words = Vec::new();
    let mut at = 0;
    for ((token, range), is_shared) in mine.list.iter().zip(shared) {
        if range.start > at {
            words.push(Word {
                text: mine.text[at..range.start].to_string(),
                mark: "",
            });
        }
        let mark = if others.is_empty() {
            ""
        } else if is_shared {
            "shared"
        } else if elsewhere.contains(token.as_str()) {
            "moved"
        } else {
            "only"
        };
        words.push(Word {
            text: mine.text[range.clone()].to_string(),
            mark,
        });
        at = range.end;
    }
    if at < mine.text.len() {
        words.push(Word {
            text: mine.text[at..].to_string(),
            mark: "",
        });
    }
    words
}

impl Comparison {
    /// The comparison as CSV: one row per aligned row, one column per provision.
    pub fn to_csv(&self) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut out = String::new();
        let header: Vec<String> = self.columns.iter().map(|c| quote(&c.citation)).collect();
        out.push_str(&header.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, i)| quote(i.map_or("", |i| self.columns[c].paragraphs[i].text.as_str())))
                .collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Corpus, Thesaurus) {
        let corpus = crate::corpus::load(crate::default_corpus_dir()).unwrap();
        let thesaurus =
            Thesaurus::load(&crate::default_corpus_dir().join("thesaurus.toml")).unwrap();
        (corpus, thesaurus)
    }

    #[test]
    fn aligns_paragraphs_and_marks_shared_wording() {
        let (corpus, thesaurus) = setup();
        let c = compare(&corpus, &thesaurus, &["budapest:4".into(), "uncc:9".into()]).unwrap();
        // Both have two paragraphs, on the same subjects, in the same order.
        assert_eq!(c.rows, vec![vec![Some(0), Some(0)], vec![Some(1), Some(1)]]);
        let uncc = &c.columns[1].paragraphs[0].words;
        let marked = |w: &str| uncc.iter().find(|x| x.text == w).map(|x| x.mark);
        assert_eq!(marked("committed intentionally"), Some("shared"));
        // "electronic data" and "computer data" are one wording across the frameworks; the
        // UN text puts "without right" before it, Budapest after: one of the two has moved.
        let mut moved = [marked("electronic data"), marked("without right")];
        moved.sort();
        assert_eq!(moved, [Some("moved"), Some("shared")]);
        assert_eq!(marked("State Party"), Some("shared"), "State Party ~ Party");
    }

    #[test]
    fn words_only_one_provision_has_are_marked() {
        let (corpus, thesaurus) = setup();
        let c = compare(
            &corpus,
            &thesaurus,
            &[
                "budapest:2".into(),
                "uncc:7".into(),
                "malabo:29(1)(a)".into(),
            ],
        )
        .unwrap();
        assert_eq!(c.columns.len(), 3);
        let malabo: Vec<&str> = c.columns[2].paragraphs[0]
            .words
            .iter()
            .filter(|w| w.mark == "only")
            .map(|w| w.text.as_str())
            .collect();
        assert!(malabo.contains(&"attempt"), "{malabo:?}");
        // Text is kept exactly: the words put back together are the paragraph.
        for col in &c.columns {
            for p in &col.paragraphs {
                assert_eq!(
                    p.words.iter().map(|w| w.text.as_str()).collect::<String>(),
                    p.text
                );
            }
        }
    }

    #[test]
    fn counts_and_unknown_provisions_are_errors() {
        let (corpus, thesaurus) = setup();
        assert!(matches!(
            compare(&corpus, &thesaurus, &["budapest:2".into()]),
            Err(CompareError::Count(1))
        ));
        assert!(
            compare(
                &corpus,
                &thesaurus,
                &["budapest:2".into(), "uncc:99".into()]
            )
            .is_err()
        );
    }

    #[test]
    fn csv_quotes_every_cell() {
        let (corpus, thesaurus) = setup();
        let csv = compare(&corpus, &thesaurus, &["budapest:2".into(), "uncc:7".into()])
            .unwrap()
            .to_csv();
        assert!(csv.starts_with("\"Budapest Convention (ETS No. 185), art. 2\",\"UN Convention against Cybercrime (A/RES/79/243, annex), art. 7\"\r\n"));
        assert_eq!(csv.lines().count(), 1 + 2);
    }
}
