//! The subject index (`corpus/keywords.toml`): per article, the words people use for what it
//! is about when the text uses others ("sextortion", "mlat", "pull out of the treaty"). Written
//! by reading the texts; indexed with the article so that a search in those words finds it.
//! Every entry is checked against the corpus when it is loaded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::CorpusError;
use super::model::Corpus;
use super::provision::ProvisionId;

/// Longest keyword accepted, in words: a keyword is what one types, not a sentence.
const MAX_WORDS: usize = 8;

/// Keywords by document id (`uncc:14`, `budapest:preamble`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Keywords(BTreeMap<String, Vec<String>>);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    article: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: toml::Spanned<String>,
    keywords: Vec<toml::Spanned<String>>,
}

impl Keywords {
    /// Parses the file and checks it against the corpus. `file` names it in errors.
    pub fn parse(file: &str, text: &str, corpus: &Corpus) -> Result<Self, Vec<CorpusError>> {
        let error = |offset: usize, message: String| super::error_at(file, text, offset, message);
        let raw: File = super::read_toml(file, text)?;
        let mut errors = Vec::new();
        let mut by_id = BTreeMap::new();
        for entry in raw.article {
            let at = entry.id.span().start;
            let id = entry.id.get_ref();
            // The keywords are checked even when the id is wrong, so one load reports all.
            let known = match document(id, corpus) {
                Ok(()) if by_id.contains_key(id) => {
                    errors.push(error(at, format!("{id} has a second entry")));
                    false
                }
                Ok(()) => true,
                Err(message) => {
                    errors.push(error(at, message));
                    false
                }
            };
            if entry.keywords.is_empty() {
                errors.push(error(at, format!("{id} has no keywords")));
            }
            let mut keywords: Vec<String> = Vec::new();
            for k in entry.keywords {
                let at = k.span().start;
                let k = k.into_inner();
                let words = k.split_whitespace().count();
                let problem = if !k.chars().any(char::is_alphanumeric) {
                    Some(format!("{k:?} has no word to search for"))
                } else if k != k.trim()
                    || k.contains("  ")
                    || k.chars().any(|c| c.is_whitespace() && c != ' ')
                {
                    Some(format!("{k:?} has stray spaces"))
                } else if k != k.to_lowercase() {
                    Some(format!("{k:?} is not lowercase"))
                } else if words > MAX_WORDS {
                    Some(format!("{k:?} is longer than {MAX_WORDS} words"))
                } else if keywords.contains(&k) {
                    Some(format!("{k:?} is listed twice for {id}"))
                } else {
                    None
                };
                match problem {
                    Some(message) => errors.push(error(at, message)),
                    None => keywords.push(k),
                }
            }
            if known {
                by_id.insert(id.clone(), keywords);
            }
        }
        if errors.is_empty() {
            Ok(Keywords(by_id))
        } else {
            Err(errors)
        }
    }

    /// The keywords of a document, by its id (`uncc:14`, `uncc:preamble`).
    pub fn of(&self, id: &str) -> &[String] {
        self.0.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every keyword of every document.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.values().flatten().map(String::as_str)
    }

    /// How many documents have keywords, and how many keywords they have in all.
    pub fn counts(&self) -> (usize, usize) {
        (self.0.len(), self.0.values().map(Vec::len).sum())
    }
}

/// Checks that `id` names an article or a preamble of the corpus, written as the index writes
/// document ids.
fn document(id: &str, corpus: &Corpus) -> Result<(), String> {
    let resolved = ProvisionId::parse(id)
        .and_then(|p| p.resolve(corpus))
        .map_err(|e| e.to_string())?;
    if resolved.preamble && resolved.treaty.preamble.is_empty() {
        return Err(format!("{id}: that treaty has no preamble"));
    }
    let whole = resolved.block.is_none() && (resolved.article.is_some() || resolved.preamble);
    if !whole {
        return Err(format!(
            "{id} is not an article or a preamble: keywords belong to a whole article"
        ));
    }
    let canonical = resolved.canonical();
    if canonical != id {
        return Err(format!("write {id} as {canonical}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        crate::corpus::load(crate::default_corpus_dir()).expect("the corpus loads")
    }

    fn errors(text: &str) -> Vec<String> {
        match Keywords::parse("keywords.toml", text, &corpus()) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn reads_keywords_by_document() {
        let text = "[[article]]\nid = \"uncc:7\"\nkeywords = [\"hacking\", \"break in\"]\n\n\
            [[article]]\nid = \"uncc:preamble\"\nkeywords = [\"aims\"]\n";
        let keywords = Keywords::parse("keywords.toml", text, &corpus()).unwrap();
        assert_eq!(keywords.of("uncc:7"), ["hacking", "break in"]);
        assert_eq!(keywords.of("uncc:preamble"), ["aims"]);
        assert!(keywords.of("uncc:8").is_empty());
    }

    #[test]
    fn names_the_line_of_each_problem() {
        let text = "[[article]]\nid = \"uncc:300\"\nkeywords = [\"x\"]\n\n\
            [[article]]\nid = \"uncc:7(1)\"\nkeywords = [\"x\"]\n\n\
            [[article]]\nid = \"uncc:7\"\nkeywords = [\n  \"Upper\",\n  \"fine\",\n  \"fine\",\n  \" spaced\",\n]\n\n\
            [[article]]\nid = \"uncc:7\"\nkeywords = [\"again\"]\n\n\
            [[article]]\nid = \"ets185:2\"\nkeywords = [\"x\"]\n\n\
            [[article]]\nid = \"uncc:8\"\nkeywords = []\n\n\
            [[article]]\nid = \"uncc:9\"\nkeywords = [\"?\", \"a\\tb\"]\n";
        let found = errors(text);
        let expect = [
            "keywords.toml:2: UN Convention against Cybercrime has no article 300",
            "keywords.toml:6: uncc:7(1) is not an article",
            "keywords.toml:12: \"Upper\" is not lowercase",
            "keywords.toml:14: \"fine\" is listed twice",
            "keywords.toml:15: \" spaced\" has stray spaces",
            "keywords.toml:19: uncc:7 has a second entry",
            "keywords.toml:23: write ets185:2 as budapest:2",
            "keywords.toml:27: uncc:8 has no keywords",
            "keywords.toml:32: \"?\" has no word to search for",
            "keywords.toml:32: \"a\\tb\" has stray spaces",
        ];
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        for (error, start) in found.iter().zip(expect) {
            assert!(
                error.starts_with(start),
                "{error} should start with {start}"
            );
        }
    }

    #[test]
    fn a_preamble_must_exist() {
        let mut corpus = corpus();
        let treaty = corpus
            .treaties
            .iter_mut()
            .find(|t| t.meta.id == "budapest-p1")
            .unwrap();
        treaty.preamble.clear();
        let text = "[[article]]\nid = \"budapest-p1:preamble\"\nkeywords = [\"x\"]\n";
        let errors = Keywords::parse("keywords.toml", text, &corpus).unwrap_err();
        assert!(errors[0].message.contains("no preamble"), "{errors:?}");
    }

    #[test]
    fn rejects_unknown_fields() {
        let found = errors("[[article]]\nid = \"uncc:7\"\nwords = [\"x\"]\n");
        assert!(found[0].contains("unknown field"), "{found:?}");
    }
}
