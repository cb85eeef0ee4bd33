//! The legal thesaurus (`corpus/thesaurus.toml`): lay and technical words mapped to the
//! treaties' own terms, and the terminology crosswalk between the frameworks. Used at query
//! time, so a search in one vocabulary finds all three.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::analysis::{is_stopword, stems};
use super::data_file::{self, DataFileError};
use crate::corpus::{Block, Corpus, LineIndex, ProvisionId};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    pub id: String,
    /// Wordings the treaties use.
    pub terms: Vec<String>,
    /// Words people type that mean the same.
    #[serde(default)]
    pub lay: Vec<String>,
    /// Where the treaties define the concept as a term of art (`uncc:2(b)`, or `malabo:1`
    /// for the paragraph of that article that begins with one of the concept's terms). A
    /// query that names the concept and nothing else is answered by these first.
    #[serde(default)]
    pub defined: Vec<String>,
}

impl Concept {
    /// The paragraphs or points that define the concept (its `defined` list), each with the
    /// id of its article (`malabo:1`). An entry that names no such paragraph is an error that
    /// says which.
    pub fn definitions<'a>(&self, corpus: &'a Corpus) -> Result<Vec<(String, &'a Block)>, String> {
        let mut out = Vec::new();
        for given in &self.defined {
            let wrong = |why: String| format!("concept {}: defined {given:?}: {why}", self.id);
            let id = ProvisionId::parse(given).map_err(|e| wrong(e.to_string()))?;
            let resolved = id.resolve(corpus).map_err(|e| wrong(e.to_string()))?;
            let Some(article) = resolved.article else {
                return Err(wrong("name an article or a paragraph of one".into()));
            };
            let block = match resolved.block {
                Some(block) => block,
                None => article
                    .walk()
                    .into_iter()
                    .map(|(_, b)| b)
                    .find(|b| self.terms.iter().any(|t| begins_with_wording(&b.text, t)))
                    .ok_or_else(|| {
                        wrong(format!(
                            "no paragraph of it defines one of the concept's terms (begins \"{} means\")",
                            self.terms.first().map_or("…", String::as_str)
                        ))
                    })?,
            };
            let article_id = format!("{}:{}", resolved.treaty.meta.id, article.number);
            out.push((article_id, block));
        }
        Ok(out)
    }
}

/// Whether a paragraph defines a wording: "Computer system means …", "“computer data” means
/// …", "Electronic Commerce (e-commerce): means …" (but not "Cryptology activity means").
fn begins_with_wording(text: &str, wording: &str) -> bool {
    let text = text.trim_start_matches(['“', '"']).to_lowercase();
    let Some(rest) = text.strip_prefix(wording) else {
        return false;
    };
    let mut rest = rest.trim_start_matches(['”', '"']).trim_start();
    if let Some(aside) = rest.strip_prefix('(') {
        rest = aside.split_once(')').map_or("", |(_, r)| r);
    }
    let rest = rest.trim_start_matches(':').trim_start();
    ["means", "shall mean", "refers to"]
        .iter()
        .any(|verb| rest.starts_with(verb))
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    concept: Vec<Concept>,
    #[serde(default)]
    words: Vec<SameWords>,
}

/// Single words people use interchangeably ("reveal", "disclose"): when wordings are looked
/// for in a query, each stands for the first, so "forced to reveal a password" finds the
/// wording "compelled password disclosure". Only in wordings of two different meaningful
/// words or more, once grouped: "felony" and "police-to-police" are only themselves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameWords {
    pub same: toml::Spanned<Vec<String>>,
}

/// A concept recognised in a query, and the treaty wordings to search for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expansion {
    pub concept: String,
    /// What the query said, as typed in the thesaurus.
    pub matched: String,
    /// The treaty wordings to add (the matched wording itself excluded).
    pub terms: Vec<String>,
    /// Whether the matched wording's words stood for their groups of same words.
    #[serde(skip)]
    pub grouped: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Thesaurus {
    concepts: Vec<Concept>,
    /// Per concept, every wording (terms then lay), analysed.
    stemmed: Vec<Vec<Wording>>,
    /// Every stem of every wording and of every group of same words.
    known: HashSet<String>,
    /// The wordings (concept, position in `stemmed`) whose first meaningful word, as
    /// compared (`Wording::generic`), is this stem, or that have none (under ""): the only
    /// wordings a query can contain.
    by_first_word: HashMap<String, Vec<(usize, usize)>>,
    /// The treaty wordings by their first stem: (stems, concept index), longest first.
    by_first_stem: HashMap<String, Vec<(Vec<String>, usize)>>,
    /// Per concept, the line of the file where it starts.
    lines: Vec<usize>,
    /// A word's stem to the stem of the first word of its [`SameWords`] group.
    same: HashMap<String, String>,
    /// The stems of each word's group, by stem.
    groups: HashMap<String, Vec<String>>,
    /// The words of the groups, as written.
    same_texts: Vec<String>,
}

impl Thesaurus {
    /// Reads the thesaurus; a missing file is an empty thesaurus.
    pub fn load(path: &Path) -> Result<Self, DataFileError> {
        data_file::load(path, Self::parse)
    }

    pub fn parse(text: &str) -> Result<Self, (usize, String)> {
        let lines = LineIndex::new(text);
        let file: File = toml::from_str(text).map_err(|e| data_file::toml_error(&lines, &e))?;
        let line_of = |at: usize| lines.line_of(at);
        let mut groups: Vec<Vec<String>> = Vec::new();
        for group in &file.words {
            let line = line_of(group.same.span().start);
            if group.same.get_ref().len() < 2 {
                return Err((line, "a group of same words needs two words or more".into()));
            }
            let mut stemmed = Vec::new();
            for word in group.same.get_ref() {
                let [stem] = stems(word)
                    .try_into()
                    .map_err(|_| (line, format!("\"{word}\" is not a single word")))?;
                if *word != word.to_lowercase() {
                    return Err((line, format!("\"{word}\" is not lowercase")));
                }
                if groups.iter().flatten().any(|s| *s == stem) {
                    return Err((line, format!("\"{word}\" is in another group already")));
                }
                if !stemmed.contains(&stem) {
                    stemmed.push(stem);
                }
            }
            groups.push(stemmed);
        }
        let mut thesaurus = Self::new(file.concept, groups);
        thesaurus.same_texts = file
            .words
            .into_iter()
            .flat_map(|g| g.same.into_inner())
            .collect();
        thesaurus.lines = thesaurus
            .concepts
            .iter()
            .map(|c| {
                text.find(&format!("id = \"{}\"", c.id))
                    .map_or(1, |at| text[..at].matches('\n').count() + 1)
            })
            .collect();
        Ok(thesaurus)
    }

    /// Checks that every concept's `defined` entries name definitions in the corpus.
    pub fn check(&self, corpus: &Corpus, path: &Path) -> Result<(), DataFileError> {
        for (i, c) in self.concepts.iter().enumerate() {
            c.definitions(corpus).map_err(|message| {
                DataFileError::invalid(path, self.lines.get(i).copied().unwrap_or(1), message)
            })?;
        }
        Ok(())
    }

    pub fn new(concepts: Vec<Concept>, groups: Vec<Vec<String>>) -> Self {
        let mut same = HashMap::new();
        let mut by_stem = HashMap::new();
        for group in &groups {
            for stem in group {
                same.insert(stem.clone(), group[0].clone());
                by_stem.insert(stem.clone(), group.clone());
            }
        }
        let mut by_first_stem: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (i, c) in concepts.iter().enumerate() {
            for term in &c.terms {
                let s = stems(term);
                if let Some(first) = s.first() {
                    by_first_stem.entry(first.clone()).or_default().push((s, i));
                }
            }
        }
        for runs in by_first_stem.values_mut() {
            runs.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        }
        let stemmed: Vec<Vec<Wording>> = concepts
            .iter()
            .map(|c| {
                c.terms
                    .iter()
                    .chain(&c.lay)
                    .map(|w| Wording::new(w, &same))
                    .filter(|w| !w.stems.is_empty())
                    .collect()
            })
            .collect();
        let known = stemmed
            .iter()
            .flatten()
            .flat_map(|w| w.stems.iter().cloned())
            .chain(same.keys().cloned())
            .collect();
        let mut by_first_word: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (i, wordings) in stemmed.iter().enumerate() {
            for (j, w) in wordings.iter().enumerate() {
                let first = w.meaningful.first().cloned().unwrap_or_default();
                by_first_word.entry(first).or_default().push((i, j));
            }
        }
        Thesaurus {
            concepts,
            stemmed,
            known,
            by_first_word,
            by_first_stem,
            lines: Vec::new(),
            same,
            groups: by_stem,
            same_texts: Vec::new(),
        }
    }

    /// Replaces every treaty wording of a concept in a stem sequence by one token naming the
    /// concept (`§computer-system`), longest wording first, so that texts written in
    /// different frameworks' vocabularies share their terms.
    pub fn fold(&self, stems: &[String]) -> Vec<String> {
        let spans: Vec<(String, Range<usize>)> = stems
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i..i + 1))
            .collect();
        self.fold_spans(&spans)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    /// `fold` for tokens that carry where they come from: a folded run spans from its first
    /// token's start to its last token's end.
    pub fn fold_spans(&self, tokens: &[(String, Range<usize>)]) -> Vec<(String, Range<usize>)> {
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            let run = self.by_first_stem.get(&tokens[i].0).and_then(|runs| {
                runs.iter().find(|(s, _)| {
                    s.len() <= tokens.len() - i
                        && s.iter().zip(&tokens[i..]).all(|(a, (b, _))| a == b)
                })
            });
            match run {
                Some((s, concept)) => {
                    let span = tokens[i].1.start..tokens[i + s.len() - 1].1.end;
                    out.push((format!("§{}", self.concepts[*concept].id), span));
                    i += s.len();
                }
                None => {
                    out.push(tokens[i].clone());
                    i += 1;
                }
            }
        }
        out
    }

    /// Whether any wording of the thesaurus contains this stem (so the word is no typo).
    pub fn knows(&self, stem: &str) -> bool {
        self.known.contains(stem)
    }

    /// Every wording of every concept (terms, then lay words), with its stems.
    pub fn wordings(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.stemmed
            .iter()
            .flatten()
            .map(|w| (w.text.as_str(), w.stems.as_slice()))
    }

    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// Every wording and every word of a group of same words, as written: what people type.
    pub fn typed(&self) -> impl Iterator<Item = &str> {
        self.concepts
            .iter()
            .flat_map(|c| c.terms.iter().chain(&c.lay))
            .chain(&self.same_texts)
            .map(String::as_str)
    }

    /// The stems of the words used interchangeably with this one, itself included; empty
    /// for a word in no group.
    pub fn same_words(&self, stem: &str) -> &[String] {
        self.groups.get(stem).map_or(&[], Vec::as_slice)
    }

    /// The concepts the query names and does nothing else: one of their wordings has the same
    /// meaningful words as the query ("ISP", "personal data", "data, personal").
    pub fn named_exactly(&self, query_stems: &[String]) -> Vec<&Concept> {
        let forms = QueryForms::new(query_stems, &self.same);
        let sorted = |words: &[String]| -> Vec<String> {
            let mut words: Vec<String> =
                words.iter().filter(|s| !is_stopword(s)).cloned().collect();
            words.sort_unstable();
            words.dedup();
            words
        };
        let (plain, grouped) = (sorted(&forms.plain), sorted(&forms.grouped));
        let mut named: Vec<usize> = plain
            .iter()
            .chain(&grouped)
            .filter_map(|w| self.by_first_word.get(w))
            .flatten()
            .filter(|&&(i, j)| {
                let w = &self.stemmed[i][j];
                sorted(&w.meaningful) == if w.grouped { &grouped } else { &plain }[..]
            })
            .map(|&(i, _)| i)
            .collect();
        named.sort_unstable();
        named.dedup();
        named.into_iter().map(|i| &self.concepts[i]).collect()
    }

    /// The concepts whose wordings occur in the query (compared stem by stem), longest
    /// wording first, each concept once.
    pub fn expand(&self, query_stems: &[String]) -> Vec<Expansion> {
        let forms = QueryForms::new(query_stems, &self.same);
        let words = |form: &'_ [String]| -> HashSet<String> {
            form.iter().filter(|s| !is_stopword(s)).cloned().collect()
        };
        let (plain_words, grouped_words) = (words(&forms.plain), words(&forms.grouped));
        // The query as a wording sees it: with its words' groups or as typed.
        let view = |w: &Wording| -> (&[String], &HashSet<String>) {
            if w.grouped {
                (&forms.grouped, &grouped_words)
            } else {
                (&forms.plain, &plain_words)
            }
        };
        // The wordings that occur, in thesaurus order.
        let mut found: Vec<(usize, usize)> = plain_words
            .iter()
            .chain(&grouped_words)
            .map(String::as_str)
            .chain([""])
            .filter_map(|w| self.by_first_word.get(w))
            .flatten()
            .copied()
            .filter(|&(i, j)| {
                let w = &self.stemmed[i][j];
                let (query, query_words) = view(w);
                w.occurs_in(query, query_words)
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        // A wording found only as scattered words gives way to a longer wording of another
        // concept that holds them all as a run: in "keep my personal data" the query speaks
        // of keeping personal data, not of keeping data.
        let runs: Vec<(usize, Range<usize>)> = found
            .iter()
            .filter_map(|&(i, j)| {
                let w = &self.stemmed[i][j];
                Some((i, w.run_in(view(w).0)?))
            })
            .collect();
        found.retain(|&(i, j)| {
            let w = &self.stemmed[i][j];
            let query = view(w).0;
            w.run_in(query).is_some()
                || !runs.iter().any(|(concept, run)| {
                    *concept != i
                        && run.len() > w.meaningful.len()
                        && w.meaningful.iter().all(|m| query[run.clone()].contains(m))
                })
        });
        let mut out = Vec::new();
        for of_concept in found.chunk_by(|a, b| a.0 == b.0) {
            let i = of_concept[0].0;
            let (concept, wordings) = (&self.concepts[i], &self.stemmed[i]);
            let best = of_concept
                .iter()
                .map(|&(_, j)| &wordings[j])
                .max_by_key(|w| w.stems.len());
            if let Some(Wording {
                text: matched,
                stems: matched_stems,
                grouped,
                ..
            }) = best
            {
                let terms = concept
                    .terms
                    .iter()
                    .filter(|t| {
                        wordings
                            .iter()
                            .find(|w| w.text == **t)
                            .is_none_or(|w| w.stems != *matched_stems)
                    })
                    .cloned()
                    .collect();
                out.push(Expansion {
                    concept: concept.id.clone(),
                    matched: matched.clone(),
                    terms,
                    grouped: *grouped,
                });
            }
        }
        out
    }
}

/// A wording of the thesaurus, analysed once.
#[derive(Debug, Clone)]
struct Wording {
    text: String,
    stems: Vec<String>,
    /// The stems as they are compared with a query: "treaty", "convention" and "protocol"
    /// made one, and if `grouped`, each word of a group of same words as the group's first.
    generic: Vec<String>,
    /// `generic` without function words.
    meaningful: Vec<String>,
    /// Whether its words stand for their groups of same words: only a wording of two
    /// different meaningful words or more once grouped ([`groups_apply`]).
    grouped: bool,
}

/// A query's stems as wordings are compared with them: `plain` with the instruments made
/// one, `grouped` with each word of a group of same words as the group's first word too.
struct QueryForms {
    plain: Vec<String>,
    grouped: Vec<String>,
}

impl QueryForms {
    fn new(query_stems: &[String], same: &HashMap<String, String>) -> Self {
        let none = HashMap::new();
        let form = |same: &HashMap<String, String>| -> Vec<String> {
            query_stems
                .iter()
                .map(|s| generic(s, same).to_string())
                .collect()
        };
        QueryForms {
            plain: form(&none),
            grouped: form(same),
        }
    }
}

impl Wording {
    fn new(text: &str, same: &HashMap<String, String>) -> Self {
        let stems = stems(text);
        let meaningful = |generic: &[String]| -> Vec<String> {
            generic
                .iter()
                .filter(|s| !is_stopword(s))
                .cloned()
                .collect()
        };
        let compared = |same: &HashMap<String, String>| -> Vec<String> {
            stems.iter().map(|s| generic(s, same).to_string()).collect()
        };
        // A wording of one word is that word: "felony" is not any offence, though the
        // word belongs to a group.
        let mut as_compared = compared(same);
        let grouped = groups_apply(&meaningful(&as_compared));
        if !grouped {
            as_compared = compared(&HashMap::new());
        }
        Wording {
            text: text.to_string(),
            meaningful: meaningful(&as_compared),
            stems,
            generic: as_compared,
            grouped,
        }
    }

    /// Where the wording occurs in the query as a run of stems.
    fn run_in(&self, query: &[String]) -> Option<Range<usize>> {
        let n = self.generic.len();
        if n == 0 {
            return None;
        }
        let start = query
            .windows(n)
            .position(|w| w == self.generic.as_slice())?;
        Some(start..start + n)
    }

    /// Whether the wording occurs in the query: as a run of stems, or, for a wording of two
    /// or more meaningful words, with all of them anywhere in the query, each as often as
    /// the wording says it ("companies' liability" finds "liability of companies"; "police
    /// asked another police force" is "police-to-police", "police" once is not).
    fn occurs_in(&self, query: &[String], query_words: &HashSet<String>) -> bool {
        // Either way, its first meaningful word is in the query.
        if let Some(first) = self.meaningful.first() {
            if !query_words.contains(first.as_str()) {
                return false;
            }
        }
        if self.run_in(query).is_some() {
            return true;
        }
        let times = |stem: &String, within: &[String]| within.iter().filter(|s| *s == stem).count();
        self.meaningful.len() >= 2
            && self.meaningful.iter().all(|s| {
                query_words.contains(s.as_str()) && times(s, query) >= times(s, &self.meaningful)
            })
    }
}

/// Whether a wording's words stand for their groups, given its meaningful stems as grouped:
/// only if two different ones are left. A wording of one word ("felony"), or of words of one
/// group ("police-to-police"), is only itself.
fn groups_apply(grouped_meaningful: &[String]) -> bool {
    grouped_meaningful
        .iter()
        .any(|s| *s != grouped_meaningful[0])
}

/// The stem a wording's stem is compared as: one for any instrument, the first of its
/// group of same words, or itself.
fn generic<'a>(stem: &'a str, same: &'a HashMap<String, String>) -> &'a str {
    match stem {
        "treati" | "convent" | "protocol" => "§instrument",
        other => same.get(other).map_or(other, String::as_str),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thesaurus() -> Thesaurus {
        Thesaurus::parse(
            r#"
[[concept]]
id = "illegal-access"
terms = ["illegal access", "unauthorized access"]
lay = ["hacking", "hacker"]

[[concept]]
id = "computer-system"
terms = ["computer system", "information and communications technology system"]
"#,
        )
        .unwrap()
    }

    /// The concepts a query expands to.
    fn concepts(t: &Thesaurus, q: &str) -> Vec<String> {
        t.expand(&stems(q)).into_iter().map(|e| e.concept).collect()
    }

    #[test]
    fn lay_words_bring_the_treaty_terms() {
        let e = thesaurus().expand(&stems("hackers and their tools"));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].terms, ["illegal access", "unauthorized access"]);
    }

    #[test]
    fn scattered_words_give_way_to_a_longer_run_of_another_concept() {
        let t = Thesaurus::parse(
            "[[concept]]\nid = \"preservation\"\nterms = [\"preservation\"]\nlay = [\"keep data\"]\n\n[[concept]]\nid = \"storage\"\nterms = [\"storage obligations\"]\nlay = [\"keep personal data\"]\n",
        )
        .unwrap();
        assert_eq!(
            concepts(&t, "how long can a company keep personal data"),
            ["storage"]
        );
        // Apart, the words still find the shorter wording.
        assert_eq!(
            concepts(&t, "keep the data of the suspect"),
            ["preservation"]
        );
        assert_eq!(concepts(&t, "keep data"), ["preservation"]);
    }

    #[test]
    fn one_framework_wording_brings_the_others() {
        let e = thesaurus().expand(&stems("interference with a computer system"));
        assert_eq!(e[0].concept, "computer-system");
        assert_eq!(
            e[0].terms,
            ["information and communications technology system"]
        );
    }

    #[test]
    fn folding_makes_the_frameworks_vocabularies_meet() {
        let t = thesaurus();
        assert_eq!(
            t.fold(&stems(
                "an information and communications technology system"
            )),
            t.fold(&stems("an computer system"))
        );
    }

    #[test]
    fn the_convention_is_not_an_instrumentality() {
        // Regression: "instrumentalities" stems to "instrument", which once counted as a word
        // for a treaty, so every question about "the convention" meant confiscation.
        let t = Thesaurus::parse(
            "[[concept]]\nid = \"confiscation\"\nterms = [\"confiscation\"]\nlay = [\"instrumentalities\"]\n\n[[concept]]\nid = \"denunciation\"\nterms = [\"denunciation\"]\nlay = [\"leave the treaty\"]\n",
        )
        .unwrap();
        assert_eq!(
            concepts(&t, "how can a state leave the convention"),
            ["denunciation"]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = Thesaurus::parse("[[concept]]\nid = \"x\"\nterms = 3\n").unwrap_err();
        assert_eq!(err.0, 3);
    }

    #[test]
    fn same_words_find_a_wording_in_a_paraphrase() {
        let t = Thesaurus::parse(
            "[[concept]]\nid = \"search\"\nterms = [\"search\"]\nlay = [\"compelled password disclosure\"]\n\n[[words]]\nsame = [\"compel\", \"force\", \"forced\"]\n\n[[words]]\nsame = [\"disclose\", \"disclosure\", \"reveal\"]\n",
        )
        .unwrap();
        assert_eq!(
            concepts(&t, "can a suspect be forced to reveal passwords"),
            ["search"]
        );
        assert_eq!(concepts(&t, "password disclosure"), Vec::<String>::new());
        assert_eq!(t.same_words(&stems("forced")[0]), ["compel", "forc"]);
        assert!(t.same_words("password").is_empty());
    }

    #[test]
    fn a_wording_of_one_word_is_only_that_word() {
        let t = Thesaurus::parse(
            "[[concept]]\nid = \"serious-crime\"\nterms = [\"serious crime\"]\nlay = [\"felony\"]\n\n[[words]]\nsame = [\"offence\", \"crime\", \"felony\"]\n",
        )
        .unwrap();
        assert_eq!(concepts(&t, "felony"), ["serious-crime"]);
        // Nor is a wording whose words are of one group.
        let t2 = Thesaurus::parse(
            "[[concept]]\nid = \"police-cooperation\"\nterms = [\"law enforcement cooperation\"]\nlay = [\"police-to-police\"]\n\n[[words]]\nsame = [\"police\", \"cop\"]\n",
        )
        .unwrap();
        assert!(t2.expand(&stems("cop")).is_empty());
        assert!(t2.named_exactly(&stems("cop")).is_empty());
        assert_eq!(t2.expand(&stems("police-to-police")).len(), 1);
        // "police" once is not "police-to-police"; said twice, or as typed, it is.
        assert!(concepts(&t2, "police digging into our group chat").is_empty());
        assert_eq!(
            concepts(&t2, "police asked another police force"),
            ["police-cooperation"]
        );
        assert_eq!(concepts(&t2, "police to police"), ["police-cooperation"]);
        assert!(concepts(&t, "offence of illegal access").is_empty());
        // Two words or more still stand for their groups.
        assert_eq!(concepts(&t, "a serious offence"), ["serious-crime"]);
        assert_eq!(t.named_exactly(&stems("felony")).len(), 1);
        assert!(t.named_exactly(&stems("offence")).is_empty());
    }

    #[test]
    fn same_words_are_single_lowercase_words_in_one_group() {
        let line = |text: &str| Thesaurus::parse(text).unwrap_err();
        let (at, message) = line("\n[[words]]\nsame = [\"hand over\", \"surrender\"]\n");
        assert_eq!(
            (at, message.as_str()),
            (3, "\"hand over\" is not a single word")
        );
        let (at, message) = line("[[words]]\nsame = [\"Police\", \"cops\"]\n");
        assert_eq!((at, message.as_str()), (2, "\"Police\" is not lowercase"));
        let (at, message) = line(
            "[[words]]\nsame = [\"police\", \"cops\"]\n[[words]]\nsame = [\"cop\", \"officer\"]\n",
        );
        assert_eq!(
            (at, message.as_str()),
            (4, "\"cop\" is in another group already")
        );
        let (_, message) = line("[[words]]\nsame = [\"police\"]\n");
        assert_eq!(message, "a group of same words needs two words or more");
    }
}
