//! Citations typed in the search box — "Budapest art. 2(1)", "UNCC 16", "art 29(1)(a) malabo",
//! "article 7 of the UN convention", "ETS 185 article 9" — read into a `ProvisionId`, so the
//! search can go straight to the provision.

use crate::corpus::{Corpus, ProvisionId, Target, parse_article_path};

/// Words that may stand around a citation without changing what it names.
const FILLERS: &[&str] = &[
    "a",
    "against",
    "art",
    "article",
    "articles",
    "arts",
    "convention",
    "cybercrime",
    "in",
    "no",
    "of",
    "on",
    "see",
    "the",
    "to",
    "treaty",
];

const PARAGRAPH_WORDS: &[&str] = &["para", "paragraph", "paras", "paragraphs", "par", "§"];

fn normalise(text: &str) -> Vec<String> {
    let lower = text
        .to_lowercase()
        .replace(['.', ','], " ")
        .replace(['“', '”', '"'], " ");
    // "29 (1) (a)" → "29(1)(a)"
    let mut joined = String::with_capacity(lower.len());
    for (i, c) in lower.char_indices() {
        if c == ' ' && lower[i..].trim_start().starts_with('(') {
            continue;
        }
        joined.push(c);
    }
    joined
        .split_whitespace()
        .filter(|w| !FILLERS.contains(w))
        .map(str::to_string)
        .collect()
}

/// The names the treaties of a corpus are cited by, read once for many queries.
#[derive(Debug, Clone)]
pub struct Citations {
    /// Each name as its words without fillers, the treaty's id, and whether the name is an
    /// alias (aliases such as "protocol" or "un" are also ordinary words, so they name a
    /// treaty only beside an article number or other words, never alone). Longest first.
    names: Vec<(Vec<String>, String, bool)>,
}

/// Reads a query as a citation; see [`Citations::parse`].
pub fn parse(query: &str, corpus: &Corpus) -> Option<ProvisionId> {
    Citations::new(corpus).parse(query)
}

/// Treaty names standing as words in a query; see [`Citations::treaty_names`].
pub fn treaty_names(query: &str, corpus: &Corpus) -> (String, Vec<String>) {
    Citations::new(corpus).treaty_names(query)
}

impl Citations {
    pub fn new(corpus: &Corpus) -> Self {
        Citations {
            names: names(corpus),
        }
    }
}

fn names(corpus: &Corpus) -> Vec<(Vec<String>, String, bool)> {
    let mut out = Vec::new();
    for t in &corpus.treaties {
        let m = &t.meta;
        let proper = [&m.id, &m.abbreviation, &m.short_title]
            .into_iter()
            .map(|n| (n, false));
        for (name, alias) in proper.chain(m.aliases.iter().map(|n| (n, true))) {
            for variant in [name.clone(), name.replace('-', " ")] {
                let words = normalise(&variant);
                if !words.is_empty() {
                    out.push((words, m.id.clone(), alias));
                }
            }
        }
    }
    // Longest names first, so "ets 185" wins over a bare number.
    out.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
    out
}

/// Words after which a name is used in general ("a protocol", "other conventions").
const GENERAL: &[&str] = &[
    "a", "an", "any", "other", "such", "these", "those", "each", "every",
];

impl Citations {
    /// Treaty names standing as words in a query ("extradition uncc", "illegal access malabo"):
    /// the ids they name, and the query without them. Quoted or operator words are left alone,
    /// and a query that is only a name keeps it.
    pub fn treaty_names(&self, query: &str) -> (String, Vec<String>) {
        let mut words: Vec<String> = query.split_whitespace().map(str::to_string).collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut ids = Vec::new();
        // Words inside quotes are part of a phrase, not names.
        let mut open = false;
        let quoted: Vec<bool> = words
            .iter()
            .map(|w| {
                let quotes = w.matches('"').count();
                let inside = open || quotes > 0;
                open ^= quotes % 2 == 1;
                inside
            })
            .collect();
        let mut remove = vec![false; words.len()];
        for (name, id, _) in &self.names {
            let mut i = 0;
            while i + name.len() <= lower.len() {
                let window = &lower[i..i + name.len()];
                let general = i > 0 && GENERAL.contains(&lower[i - 1].as_str());
                if window == name.as_slice()
                    && !general
                    && !remove[i..i + name.len()].iter().any(|r| *r)
                    && !quoted[i..i + name.len()].iter().any(|q| *q)
                {
                    remove[i..i + name.len()].iter_mut().for_each(|r| *r = true);
                    if !ids.iter().any(|x: &String| x == id) {
                        ids.push(id.to_string());
                    }
                    i += name.len();
                } else {
                    i += 1;
                }
            }
        }
        // Filler words go ("extradition in the UN convention"), except inside a phrase.
        let kept: Vec<String> = words
            .drain(..)
            .zip(remove.iter().zip(&quoted))
            .filter(|(w, (removed, quoted))| {
                !**removed && (**quoted || !FILLERS.contains(&w.to_lowercase().as_str()))
            })
            .map(|(w, _)| w)
            .collect();
        if ids.is_empty() || kept.is_empty() {
            return (query.to_string(), Vec::new());
        }
        (kept.join(" "), ids)
    }

    /// Reads a query as a citation. `Some` only when the whole query is a treaty name, or a
    /// treaty name and one article reference; anything more is a search.
    pub fn parse(&self, query: &str) -> Option<ProvisionId> {
        if query.len() > 120 {
            return None;
        }
        let mut words = normalise(query);
        let (treaty, at, alias) = self.names.iter().find_map(|(name, id, alias)| {
            let at = words
                .windows(name.len())
                .position(|w| w == name.as_slice())?;
            Some((id.clone(), (at, name.len()), *alias))
        })?;
        words.drain(at.0..at.0 + at.1);
        let Some((first, rest)) = words.split_first() else {
            if alias {
                return None;
            }
            return Some(ProvisionId {
                treaty,
                target: Target::Treaty,
            });
        };
        let (number, mut path) = parse_article_path(first)?;
        let mut rest = rest.iter().peekable();
        if rest
            .next_if(|w| PARAGRAPH_WORDS.contains(&w.as_str()))
            .is_some()
        {
            // "article 29, paragraph 1 (a)": the paragraph reference after the word.
            let (para, more) = parse_article_path(rest.next()?)?;
            path.push(para.to_string());
            path.extend(more);
        }
        if rest.next().is_some() || path.len() > 4 {
            return None;
        }
        Some(ProvisionId {
            treaty,
            target: Target::Article { number, path },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        crate::corpus::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .unwrap()
    }

    #[test]
    fn reads_the_ways_people_cite() {
        let corpus = corpus();
        let cite = |q: &str| parse(q, &corpus).map(|id| id.to_string());
        assert_eq!(cite("budapest 2").as_deref(), Some("budapest:2"));
        assert_eq!(cite("Budapest art. 2(1)").as_deref(), Some("budapest:2(1)"));
        assert_eq!(cite("ETS 185 article 9").as_deref(), Some("budapest:9"));
        assert_eq!(cite("UNCC 16").as_deref(), Some("uncc:16"));
        assert_eq!(cite("UNCC article 16").as_deref(), Some("uncc:16"));
        assert_eq!(
            cite("art 29(1)(a) malabo").as_deref(),
            Some("malabo:29(1)(a)")
        );
        assert_eq!(
            cite("malabo 29 (1) (a)").as_deref(),
            Some("malabo:29(1)(a)")
        );
        assert_eq!(
            cite("article 7 of the UN convention").as_deref(),
            Some("uncc:7")
        );
        assert_eq!(
            cite("Malabo Convention, article 29, paragraph 1 (a)").as_deref(),
            Some("malabo:29(1)(a)")
        );
        assert_eq!(cite("protocol article 3").as_deref(), Some("budapest-p1:3"));
        assert_eq!(cite("ETS 189 art 6").as_deref(), Some("budapest-p1:6"));
        assert_eq!(cite("Malabo").as_deref(), Some("malabo"));
        // An alias that is also a word names a treaty only beside an article.
        assert_eq!(cite("protocol"), None);
        assert_eq!(cite("protocol article 3").as_deref(), Some("budapest-p1:3"));
    }

    #[test]
    fn treaty_names_in_a_query_become_filters() {
        let corpus = corpus();
        let (rest, ids) = treaty_names("illegal access malabo", &corpus);
        assert_eq!(
            (rest.as_str(), ids),
            ("illegal access", vec!["malabo".to_string()])
        );
        let (rest, ids) = treaty_names("extradition in the UN convention", &corpus);
        assert_eq!(
            (rest.as_str(), ids),
            ("extradition", vec!["uncc".to_string()])
        );
        let (rest, ids) = treaty_names("malabo", &corpus);
        assert_eq!((rest.as_str(), ids.len()), ("malabo", 0));
        let (_, ids) = treaty_names("international cooperation", &corpus);
        assert!(ids.is_empty());
        // Regression: "a protocol" is any protocol, not the First Additional Protocol.
        let (_, ids) = treaty_names("amendment of a protocol", &corpus);
        assert!(ids.is_empty());
        // Beside a quoted phrase a name narrows too; inside one it is part of the phrase.
        let (rest, ids) = treaty_names("\"computer data\" budapest", &corpus);
        assert_eq!(
            (rest.as_str(), ids),
            ("\"computer data\"", vec!["budapest".to_string()])
        );
        let (_, ids) = treaty_names("\"data budapest\" access", &corpus);
        assert!(ids.is_empty());
        // A phrase keeps its function words.
        let (rest, ids) = treaty_names("\"misuse of the devices\" in budapest", &corpus);
        assert_eq!(
            (rest.as_str(), ids),
            ("\"misuse of the devices\"", vec!["budapest".to_string()])
        );
    }

    #[test]
    fn searches_are_not_citations() {
        let corpus = corpus();
        for q in [
            "illegal access",
            "budapest illegal access",
            "article 7",
            "24/7 network",
            "preservation of data budapest",
            "budapest 2 and 3",
        ] {
            assert_eq!(parse(q, &corpus), None, "{q:?}");
        }
    }
}
