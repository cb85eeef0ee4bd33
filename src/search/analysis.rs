//! Text analysis shared by indexing and querying: the same analyzer turns query words,
//! thesaurus wordings and paragraph text into comparable stems.

use std::cell::RefCell;
use std::ops::Range;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::index::analyzer;

/// The stems of a text, in order.
pub fn stems(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|(stem, _)| stem).collect()
}

/// The stems of a text with the byte range of the word each comes from.
pub fn tokens(text: &str) -> Vec<(String, Range<usize>)> {
    thread_local! {
        // Building the analyzer allocates its chain of filters; each thread keeps one.
        static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(analyzer());
    }
    ANALYZER.with_borrow_mut(|analyzer| {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from..t.offset_to));
        }
        out
    })
}

/// Function words that carry no meaning on their own: never highlighted, never used to pick
/// a paragraph (they still count inside phrases).
pub fn is_stopword(stem: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "an", "and", "ani", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
        "into", "is", "it", "it", "its", "of", "on", "or", "such", "that", "the", "their", "there",
        "these", "this", "those", "to", "was", "which", "with", "can", "i", "what", "how", "do",
        "doe", "my", "our", "we", "you", "who", "about",
        // Said in conversation, never in the treaties: alone they matched a keyword or were
        // read as a misspelling ("really" as "real"). Not "just": "just-in-time notice".
        "realli", "actual", "stuff", "guy", "ok", "okay", "pleas", "anyth", "someth",
    ];
    WORDS.contains(&stem)
}

/// Prefixes written with a hyphen that mean nothing as a word of their own: "non-repudiation"
/// is not about every "Non-consensual" title. They are not searched alone, but stay in
/// wordings and phrases, where "non-content data" is not "content data".
pub fn is_bound_prefix(stem: &str) -> bool {
    stem == "non"
}

/// Whether a stem is searched as a word of its own: neither a stopword nor a bound prefix.
pub fn is_searched_alone(stem: &str) -> bool {
    !is_stopword(stem) && !is_bound_prefix(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_fold_case_accents_and_endings() {
        assert_eq!(
            stems("Interceptions of Données"),
            ["intercept", "of", "donne"]
        );
    }

    #[test]
    fn offsets_point_at_the_words() {
        let text = "the “Traffic data”";
        let t = tokens(text);
        assert_eq!(&text[t[1].1.clone()], "Traffic");
    }
}
