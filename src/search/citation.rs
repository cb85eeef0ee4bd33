//! Citations typed in the search box — "Budapest art. 2(1)", "UNCC 16", "art 29(1)(a) malabo",
//! "article 7 of the UN convention", "ETS 185 article 9", "Budapest arts. 16-17", "Budapest
//! Article 29, paragraph 2, sub-paragraph a", "UNCC art. 19(3) (preparation)" — read into
//! `ProvisionId`s, so the search can go straight to the provisions.

use std::collections::{HashMap, HashSet};

use crate::corpus::{Corpus, ProvisionId, Target, label, parse_article_path};

/// Words that may stand around a citation without changing what it names.
const FILLERS: &[&str] = &[
    "a",
    "against",
    "art",
    "article",
    "articles",
    "arts",
    "conv",
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

/// Words that ask, beside a treaty's name and nothing else, for the treaty as a whole: "what
/// is the Budapest Convention", "Malabo Convention full text", "UNCC overview". Its page
/// gives its facts and contents.
const WHOLE_TREATY: &[&str] = &[
    "about", "contents", "full", "is", "overview", "summary", "text", "what",
];

/// Words before a paragraph's number; Malabo article 13's paragraphs are its principles
/// ("art. 13 principle 3").
const PARAGRAPH_WORDS: &[&str] = &[
    // German "Abs." (Absatz) and French "al." (alinéa), as continental lawyers cite.
    "abs",
    "al",
    "alinéa",
    "alinea",
    "para",
    "paragraph",
    "paras",
    "paragraphs",
    "par",
    "§",
    "§§",
    "principle",
    "principles",
];

/// Words after a reference for the articles after it ("art. 16 ff.", "art. 16 et seq."):
/// the citation is of the article named.
const FOLLOWING: &[&str] = &["ff", "seq", "seqq", "sqq"];

/// Whether a paragraph word starts a list of paragraphs ("paragraphs 3 and 4", "Abs. 2
/// und 3", "§§ 1 and 2"); "§" is as often the article's.
fn opens_paragraphs(word: &str) -> bool {
    word != "§" && PARAGRAPH_WORDS.contains(&word)
}

/// Words before a point of a paragraph: "paragraph 1, sub-paragraph a", "para 1 point (b)".
const POINT_WORDS: &[&str] = &[
    "sub-paragraph",
    "subparagraph",
    "sub-para",
    "subpara",
    "point",
    "letter",
    "lit",
    "litt",
    "item",
];

/// Words before a list of points: "points (a) and (b)". Among other words they are words
/// ("uncc 41 points of contact", "budapest 27 letters rogatory") unless a label follows.
const POINTS_WORDS: &[&str] = &[
    "sub-paragraphs",
    "subparagraphs",
    "sub-paras",
    "subparas",
    "points",
    "letters",
    "items",
];

fn is_point_word(word: &str) -> bool {
    POINT_WORDS.contains(&word) || POINTS_WORDS.contains(&word)
}

/// What the labels joined on after a paragraph or point word are: "paragraphs 1 and 2",
/// "lit. a and b".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    Paragraphs,
    Points,
}

/// At most this many words after a reference may describe the article cited ("UNCC art.
/// 19(3) (preparation)") when they are not its whole heading.
const MAX_DESCRIBING: usize = 4;

/// Words that join the references of a citation of several articles ("arts. 16 and 17",
/// "2 to 6", "16-17"); those marked `true` make a range.
pub(crate) const JOINS: &[(&str, bool)] = &[
    (",", false),
    ("and", false),
    ("&", false),
    ("et", false),
    ("und", false),
    ("-", true),
    ("to", true),
    ("through", true),
];

/// Words that open a comparison of cited provisions: "compare uncc 7 with budapest 2".
const COMPARING: &[&str] = &[
    "compare ",
    "comparing ",
    "comparison of ",
    "comparison between ",
    "difference between ",
    "differences between ",
];

/// Words that may open a reference in brackets: "(see art. 7)", "(cf. article 2)".
pub(crate) const LEADING: &[&str] = &["see", "cf", "also", "e.g", "eg", "i.e", "ie", "under"];

/// Words for an article before its number.
pub(crate) const ARTICLE_WORDS: &[&str] = &["art", "arts", "article", "articles", "§", "§§"];

/// Words after a number that say it counts something, so it is no article's: "uncc 40
/// states", "4 years".
const COUNTED: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "percent",
    "%",
    "per",
    "million",
    "billion",
    "thousand",
    "euro",
    "euros",
    "dollar",
    "dollars",
    "eur",
    "usd",
    "state",
    "states",
    "party",
    "parties",
    "country",
    "countries",
    "signature",
    "signatures",
    "signatories",
    "ratification",
    "ratifications",
    "instrument",
    "instruments",
    "member",
    "members",
    "article",
    "articles",
    "people",
    "person",
    "persons",
    "digits",
    "characters",
    "factor",
    "times",
];

/// Words after a treaty's name that make it another instrument's name: "UN Charter", "UN
/// Covenant" (see `names_another`).
const OTHER_NAMES: &[&str] = &["charter", "covenant", "declaration", "resolution"];

/// Besides [`OTHER_NAMES`], words after an article's number that make it another law's:
/// "article 8 ECHR", "article 6 GDPR", "section 3 of the Act".
const OTHER_LAWS: &[&str] = &[
    "echr",
    "iccpr",
    "gdpr",
    "act",
    "code",
    "directive",
    "regulation",
    "constitution",
];

/// A range of articles names at most this many ("arts. 2-13").
const MAX_RANGE: u32 = 12;

/// The hyphen and the other dashes a range may be written with: "16-17", "16–17".
pub const DASHES: [char; 6] = ['-', '–', '—', '−', '‐', '‑'];

/// A range of the labels of one article's parts names at most this many ("2(a) to (o)").
const MAX_LABELS: u32 = 26;

/// A citation naming no treaty cites at most this many provisions of each ("art 7 and 8",
/// "articles 2 to 4"); more is a search.
const MAX_UNNAMED: usize = 3;

/// The query's words, lowercased, with a comma as a word of its own, full stops and question
/// marks gone (except a full stop between the parts of a reference, "29.1.a"), "29 (1) (a)"
/// joined to "29(1)(a)", and a possessive "'s" dropped ("Malabo's").
fn words(text: &str) -> Vec<String> {
    // Dashes of every kind are hyphens: "16–17", "16—17".
    let lower = text.to_lowercase().replace(&DASHES[1..], "-");
    let chars = unbracketed_names(lower.chars().collect());
    let mut cleaned = String::with_capacity(lower.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            // "29.1.a" keeps its dots; "art." and "No." lose theirs.
            '.' if i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_alphanumeric) =>
            {
                cleaned.push('.')
            }
            // "what is the Budapest Convention?": a question mark ends the question.
            '.' | '“' | '”' | '"' | '?' | '!' => cleaned.push(' '),
            ',' => cleaned.push_str(" , "),
            // "16-17" and "(a)-(c)" are ranges; "ets-185" and "a/res/79/243" stay one word.
            '-' if i > 0
                && (chars[i - 1].is_ascii_digit() || chars[i - 1] == ')')
                && chars
                    .get(i + 1)
                    .is_some_and(|&c| c.is_ascii_digit() || c == '(') =>
            {
                cleaned.push_str(" - ")
            }
            _ => cleaned.push(c),
        }
    }
    let mut joined = String::with_capacity(cleaned.len());
    for (i, c) in cleaned.char_indices() {
        // "29 (1)" is one reference; "paragraph (1)" stays two words.
        let after_part = joined.ends_with(|c: char| c.is_ascii_digit() || c == ')');
        if c == ' ' && after_part && cleaned[i..].trim_start().starts_with('(') {
            continue;
        }
        joined.push(c);
    }
    joined
        .split_whitespace()
        .map(without_possessive)
        .flat_map(unglued)
        .collect()
}

/// A word without the possessive "'s" it ends with: "the Malabo Convention's article 29" cites
/// as "the Malabo Convention article 29" does.
fn without_possessive(word: &str) -> &str {
    ["'s", "’s"]
        .iter()
        .find_map(|end| word.strip_suffix(end))
        .filter(|stem| !stem.is_empty())
        .unwrap_or(word)
}

/// "art16", "art.16", "§16" and "§§16" as two words: the word for an article and the reference.
fn unglued(word: &str) -> Vec<String> {
    for prefix in ["articles", "article", "arts", "art", "§§", "§"] {
        if let Some(rest) = word.strip_prefix(prefix) {
            let rest = rest.trim_start_matches('.');
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return vec![prefix.to_string(), rest.to_string()];
            }
        }
    }
    vec![word.to_string()]
}

/// The brackets around anything but a part of a reference ("(1)", "(a)", "(iv)") become
/// spaces: "Additional Protocol (CETS 189), Article 14" names the treaty twice.
fn unbracketed_names(mut chars: Vec<char>) -> Vec<char> {
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '(' {
            if let Some(len) = chars[i + 1..].iter().position(|&c| c == ')' || c == '(') {
                let close = i + 1 + len;
                let inner = &chars[i + 1..close];
                // "(2001)" after a name is its year, not a paragraph.
                let year = inner.len() == 4
                    && inner.iter().all(char::is_ascii_digit)
                    && matches!(inner[..2], ['1', '9'] | ['2', '0']);
                let part = inner.iter().all(char::is_ascii_digit)
                    || matches!(inner, [c] if c.is_alphabetic())
                    || inner.iter().all(|c| matches!(c, 'i' | 'v' | 'x'));
                if chars[close] == ')' && year {
                    chars[i..=close].fill(' ');
                } else if chars[close] == ')' && !inner.is_empty() && !part {
                    chars[i] = ' ';
                    chars[close] = ' ';
                }
                i = close;
                continue;
            }
        }
        i += 1;
    }
    chars
}

/// The words without fillers, but "to" between two numbers or labels stays ("articles 2 to
/// 6", "(a) to (c)", "points a to c"), and so does "a" after a number or a word for a point,
/// where it is a point ("art. 32 a", "point a").
fn without_fillers(words: Vec<String>) -> Vec<String> {
    let number =
        |w: Option<&String>| w.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
    let part = |w: Option<&String>| number(w) || w.is_some_and(|w| w.starts_with('('));
    let point = |w: Option<&String>| w.is_some_and(|w| label::is_letter_label(w));
    let following = |w: Option<&String>| w.is_some_and(|w| FOLLOWING.contains(&w.as_str()));
    let list_at = words
        .iter()
        .position(|w| opens_paragraphs(w) || POINTS_WORDS.contains(&w.as_str()));
    (0..words.len())
        .filter(|&i| {
            let w = words[i].as_str();
            let after_number = i > 0 && number(words.get(i - 1));
            let after_point_word = i > 0 && is_point_word(&words[i - 1]);
            // "16 ff.", "16 et seq.": the article cited; "et" is no join there.
            let after_et = i > 0 && words[i - 1] == "et";
            if (following(words.get(i)) && (after_number || after_et))
                || (w == "et" && following(words.get(i + 1)))
            {
                return false;
            }
            // The UN Convention is the annex of its resolution, and its interpretative notes
            // are annexed to it: "A/RES/79/243, annex, art. 24". An annex with a number is
            // another text ("annex 2").
            if w.starts_with("annex") && !number(words.get(i + 1)) {
                return false;
            }
            // After "paragraphs 1 and 2" or "points a and b", a word for an article ends the
            // list ("..., and article 17"), so it stays for the reader of references to see.
            let in_list = list_at.is_some_and(|at| i > at);
            let ends_list = in_list && ARTICLE_WORDS.contains(&w);
            !FILLERS.contains(&w)
                || ends_list
                || (w == "to" && i > 0 && part(words.get(i - 1)) && part(words.get(i + 1)))
                || (w == "to" && in_list && point(words.get(i - 1)) && point(words.get(i + 1)))
                || (w == "a" && (after_number || after_point_word))
        })
        .map(|i| words[i].clone())
        .collect()
}

/// The names the treaties of a corpus are cited by, read once for many queries.
#[derive(Debug, Clone)]
pub struct Citations {
    /// Each name as its words without fillers (so "budapest-convention" is "budapest"), the
    /// treaty's id, and whether the name is an alias (aliases such as "protocol" or "un" are
    /// also ordinary words, so they name a treaty only beside an article number or other
    /// words, never alone). Longest first.
    names: Vec<(Vec<String>, String, bool)>,
    /// Names made of filler words only ("Convention on Cybercrime"), matched word for word
    /// before fillers are dropped. Two filler words ("cybercrime convention") name no treaty
    /// in particular.
    phrases: Vec<(Vec<String>, String)>,
    /// Titles and the longer names of the front matter (`names`), as their plain words
    /// (see [`plain`]), matched only as whole phrases and before any other name. Longest
    /// first.
    titles: Vec<(Vec<String>, String)>,
    /// Longer than this, a query is a search: room for the longest title and references.
    max_len: usize,
    /// Each article's heading as words without fillers, by treaty and number: "Article 2
    /// (Illegal access)" cites article 2.
    headings: HashMap<(String, u32), Vec<String>>,
    /// The words of each article's heading and text, lowercased, without a plural "s" (see
    /// [`singular`]), by treaty and number.
    vocabulary: HashMap<(String, u32), HashSet<String>>,
    /// The words of each treaty's titles and names, by id: what may follow a short name
    /// ("UN convention on cybercrime") where another instrument's name would go on
    /// differently ("UN Convention on the Rights of the Child").
    own_words: HashMap<String, HashSet<String>>,
    /// Each treaty's id and abbreviation as name words ("uncc", "ets 185"): names that are
    /// no ordinary words.
    proper: HashSet<Vec<String>>,
    /// Each protocol's parent convention, by id: "Budapest protocol" is the Additional
    /// Protocol, "UN convention protocol" is none of the corpus.
    parents: HashMap<String, String>,
    /// The numbered interpretative notes: treaty id, note number, the article it is on, in
    /// the corpus's order (a note on two articles is listed under each).
    notes: Vec<(String, String, u32)>,
}

/// Whether a query names an interpretative note by its number ("Budapest interpretative note
/// 1"): treaty names in it are part of the citation, not a narrowing of the search.
pub fn names_a_note(query: &str) -> bool {
    note_named(query).is_some_and(|number| number.is_some())
}

/// Whether a query names an interpretative note, and its number if it gives one
/// ("interpretative note 3" → `Some(Some("3"))`, "interpretative note on article 35" →
/// `Some(None)`).
pub fn note_named(query: &str) -> Option<Option<String>> {
    interpretative_note(query).map(|(_, number)| number)
}

/// Reads a query as a citation; see [`Citations::parse`].
pub fn parse(query: &str, corpus: &Corpus) -> Option<ProvisionId> {
    Citations::new(corpus).parse(query, corpus)
}

/// Treaty names standing as words in a query; see [`Citations::treaty_names`].
pub fn treaty_names(query: &str, corpus: &Corpus) -> (String, Vec<String>) {
    Citations::new(corpus).treaty_names(query)
}

impl Citations {
    pub fn new(corpus: &Corpus) -> Self {
        let (names, phrases) = names(corpus);
        let long: Vec<(&String, &String)> = corpus
            .treaties
            .iter()
            .flat_map(|t| {
                std::iter::once(&t.meta.title)
                    .chain(&t.meta.names)
                    // The stem of Concord's own citations: "UN Convention against Cybercrime
                    // (A/RES/79/243, annex)".
                    .chain(std::iter::once(&t.meta.citation))
                    .map(|name| (name, &t.meta.id))
            })
            .collect();
        let longest = long.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
        let mut titles: Vec<(Vec<String>, String)> = long
            .into_iter()
            .map(|(name, id)| (plain(&words(name)), id.clone()))
            // A title of filler words only ("Convention on Cybercrime") is a phrase name, used
            // only when no other name is given.
            .filter(|(words, _)| !without_fillers(words.clone()).is_empty())
            .collect();
        titles.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let headings = corpus
            .articles()
            .map(|(t, a)| {
                let heading = without_fillers(plain(&words(&a.title)));
                ((t.meta.id.clone(), a.number), heading)
            })
            .collect();
        let vocabulary = corpus
            .articles()
            .map(|(t, a)| {
                let words = vocabulary_of(&format!("{}\n{}", a.title, a.text()));
                ((t.meta.id.clone(), a.number), words)
            })
            .collect();
        let mut own_words: HashMap<String, HashSet<String>> = HashMap::new();
        for t in &corpus.treaties {
            let m = &t.meta;
            let all = [&m.title, &m.short_title, &m.citation]
                .into_iter()
                .chain(&m.names)
                .chain(&m.aliases);
            own_words
                .entry(m.id.clone())
                .or_default()
                .extend(all.flat_map(|n| plain(&words(&n.replace('-', " ")))));
        }
        let proper = corpus
            .treaties
            .iter()
            .flat_map(|t| [&t.meta.id, &t.meta.abbreviation])
            .map(|n| without_fillers(words(&n.replace('-', " "))))
            .collect();
        let parents = corpus
            .treaties
            .iter()
            .filter_map(|t| Some((t.meta.id.clone(), t.meta.parent.clone()?)))
            .collect();
        let notes = corpus
            .articles()
            .flat_map(|(t, a)| {
                a.notes.iter().filter_map(|n| {
                    let number = n.number.clone()?;
                    Some((t.meta.id.clone(), number, a.number))
                })
            })
            .collect();
        Citations {
            names,
            phrases,
            titles,
            max_len: longest + 120,
            headings,
            vocabulary,
            own_words,
            proper,
            parents,
            notes,
        }
    }
}

type Names = (Vec<(Vec<String>, String, bool)>, Vec<(Vec<String>, String)>);

fn names(corpus: &Corpus) -> Names {
    let mut out = Vec::new();
    let mut phrases = Vec::new();
    for t in &corpus.treaties {
        let m = &t.meta;
        let proper = [&m.id, &m.abbreviation, &m.short_title]
            .into_iter()
            .map(|n| (n, false));
        for (name, alias) in proper.chain(m.aliases.iter().map(|n| (n, true))) {
            for variant in [name.clone(), name.replace('-', " ")] {
                let all = words(&variant);
                let words = without_fillers(all.clone());
                if !words.is_empty() {
                    out.push((words, m.id.clone(), alias));
                } else if all.len() >= 3 {
                    phrases.push((all, m.id.clone()));
                }
            }
        }
    }
    // Longest names first, so "ets 185" wins over a bare number.
    out.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
    (out, phrases)
}

/// Whether each of a query's words is in quotes, or opens or closes them: `"computer data"
/// budapest` → [true, true, false].
pub fn in_quotes<W: AsRef<str>>(words: &[W]) -> Vec<bool> {
    let mut open = false;
    words
        .iter()
        .map(|w| {
            let quotes = w.as_ref().matches('"').count();
            let inside = open || quotes > 0;
            open ^= quotes % 2 == 1;
            inside
        })
        .collect()
}

/// Marks that end a clause or an item of a list, trimmed from a name's last word: "uncc,
/// protocol" is a list of two.
const CLAUSE_ENDS: [char; 6] = [',', ';', ':', '.', '?', '!'];

/// Words after which a name is used in general ("a protocol", "other conventions") or names
/// another instrument of its kind ("the second additional protocol").
const GENERAL: &[&str] = &[
    "a", "an", "any", "other", "such", "these", "those", "each", "every", "second", "2nd", "third",
    "3rd",
];

/// Words after which "protocol" is one still to be made, not the Additional Protocol: "how is
/// a new protocol adopted", "a future protocol".
const TO_COME: &[&str] = &["new", "future", "further"];

/// Words after which "protocol" is a technical term or a set of rules, not the Additional
/// Protocol: "internet protocol address", "a network protocol", "data protection protocol".
const TECHNICAL: &[&str] = &[
    "protection",
    "security",
    "safety",
    "incident",
    "response",
    "forensic",
    "handling",
    "authentication",
    "internet",
    "ip",
    "tcp/ip",
    "network",
    "networking",
    "communication",
    "communications",
    "transfer",
    "transmission",
    "messaging",
    "routing",
    "encryption",
    "cryptographic",
    "voip",
];

/// Whether a name right after `before` is used in general or names something else.
fn general_after(before: &str, name: &[String]) -> bool {
    GENERAL.contains(&before)
        || (name == ["protocol"] && (TECHNICAL.contains(&before) || TO_COME.contains(&before)))
}

impl Citations {
    /// Treaty names standing as words in a query ("extradition uncc", "illegal access malabo"):
    /// the ids they name, and the query without them. Quoted or operator words are left alone,
    /// and a query that is only a name keeps it.
    pub fn treaty_names(&self, query: &str) -> (String, Vec<String>) {
        let mut words: Vec<String> = query.split_whitespace().map(str::to_string).collect();
        let lower: Vec<String> = words
            .iter()
            .map(|w| without_possessive(w.to_lowercase().trim_end_matches(CLAUSE_ENDS)).to_string())
            .collect();
        let mut ids = Vec::new();
        // Words inside quotes are part of a phrase, not names.
        let quoted = in_quotes(&words);
        let mut remove = vec![false; words.len()];
        let mut in_general = vec![false; words.len()];
        // Titles and longer names first, as whole phrases, punctuation aside.
        let bare_lower: Vec<String> = lower.iter().map(|w| bare(w).to_string()).collect();
        let titles = self
            .titles
            .iter()
            .map(|(name, id)| (name, id, false, &bare_lower));
        let names = self
            .names
            .iter()
            .map(|(name, id, alias)| (name, id, *alias, &lower));
        let phrases = self
            .phrases
            .iter()
            .map(|(name, id)| (name, id, false, &lower));
        let phrases_from = self.titles.len() + self.names.len();
        for (n, (name, id, alias, lower)) in titles.chain(names).chain(phrases).enumerate() {
            let phrase = n >= phrases_from;
            // A name that is also a word ("UN", "AU", "protocol"), not the treaty's id or
            // abbreviation, may be part of another instrument's: "UNCC on extradition" is
            // the UNCC's, "UN Convention on the Rights of the Child" is not.
            let generic = (self.titles.len()..phrases_from).contains(&n)
                && (alias || !self.proper.contains(name));
            // A name of filler words only counts when no other name is given: in "UN
            // convention on cybercrime" the name is "UN".
            if phrase && !ids.is_empty() {
                break;
            }
            let mut i = 0;
            while i + name.len() <= lower.len() {
                let window = &lower[i..i + name.len()];
                let general = i > 0 && general_after(bare(&lower[i - 1]), name);
                // "the second additional protocol": no shorter name within it counts either.
                if window == name.as_slice() && general {
                    in_general[i..i + name.len()].fill(true);
                    i += name.len();
                    continue;
                }
                if window == name.as_slice()
                    && generic
                    && (self.names_another(id, &lower[i + name.len()..])
                        || self.belongs_to_another(id, &words[..i], &bare_lower[..i]))
                {
                    in_general[i..i + name.len()].fill(true);
                    i += name.len();
                    continue;
                }
                if window == name.as_slice()
                    && !remove[i..i + name.len()].iter().any(|r| *r)
                    && !in_general[i..i + name.len()].iter().any(|g| *g)
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

    /// Reads a query as a citation of one provision. `Some` only when the whole query is a
    /// treaty name (with words asking for the treaty as a whole, [`WHOLE_TREATY`]), or a
    /// treaty name and one article reference; anything more is a search.
    pub fn parse(&self, query: &str, corpus: &Corpus) -> Option<ProvisionId> {
        let mut cited = self.parse_all(query, corpus);
        (cited.len() == 1).then(|| cited.remove(0))
    }

    /// Reads a query as a citation of one treaty or of provisions of one treaty: "Budapest
    /// art. 2(1)", "arts. 16 and 17 ETS 185", "articles 2-6 of the Budapest Convention".
    /// Empty unless the whole query is a treaty name (see [`WHOLE_TREATY`]) and its references.
    pub fn parse_all(&self, query: &str, corpus: &Corpus) -> Vec<ProvisionId> {
        if query.len() > self.max_len {
            return Vec::new();
        }
        if let Some((rest, number)) = interpretative_note(query) {
            return self.read_note(&rest, number.as_deref(), corpus);
        }
        self.read(query, corpus)
            .or_else(|| self.read_each(query, corpus))
            .unwrap_or_default()
    }

    /// A citation of an interpretative note, read without the words that name it: the
    /// article it is cited on ("interpretative note on article 35 UNCC", "A/RES/79/243,
    /// annex, interpretative note 1 on art. 2(e)"), or, when nothing but a treaty name is
    /// left, the articles note `number` is on ("UNCC interpretative note 4": articles 23 and
    /// 35). A note is printed with the article it is on, so the article is where it is read.
    /// Only treaties with notes are meant when none is named; a treaty without notes, an
    /// article the numbered note is not on, or other words make no citation.
    fn read_note(&self, rest: &str, number: Option<&str>, corpus: &Corpus) -> Vec<ProvisionId> {
        let mut with_notes: Vec<&str> = self.notes.iter().map(|(t, _, _)| t.as_str()).collect();
        with_notes.dedup();
        let named = self.read(rest, corpus).unwrap_or_default();
        if named
            .iter()
            .any(|id| !with_notes.contains(&id.treaty.as_str()))
        {
            return Vec::new();
        }
        // The treaty named, or else every treaty with notes.
        let treaties: Vec<&str> = match named.first() {
            Some(id) => vec![id.treaty.as_str()],
            None => with_notes,
        };
        let only_treaty = |ids: &[ProvisionId]| ids.iter().all(|id| id.target == Target::Treaty);
        let said = words(rest);
        // "on article 35", not "on 4 articles": a word for an article before any number.
        let article_word = said
            .iter()
            .position(|w| ARTICLE_WORDS.contains(&w.as_str()));
        let number_word = said
            .iter()
            .position(|w| w.starts_with(|c: char| c.is_ascii_digit()));
        let cites_an_article = article_word.is_some_and(|a| number_word.is_none_or(|n| a < n));
        let cited: Vec<ProvisionId> = if !only_treaty(&named) {
            named.clone()
        } else if cites_an_article {
            treaties
                .iter()
                .map(|t| {
                    self.read(&format!("{t} {rest}"), corpus)
                        .unwrap_or_default()
                })
                .find(|ids| !ids.is_empty() && !only_treaty(ids))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        match number {
            None => cited,
            // "interpretative note 1 on art. 2(e)": the article must be the note's.
            Some(n) if !cited.is_empty() => {
                let its = |id: &ProvisionId| match id.target {
                    Target::Article { number, .. } => self
                        .notes
                        .iter()
                        .any(|(t, m, a)| *t == id.treaty && m == n && *a == number),
                    _ => false,
                };
                if cited.iter().all(its) {
                    cited
                } else {
                    Vec::new()
                }
            }
            // "interpretative note 4", "UNCC interpretative note 4": nothing else said.
            Some(n) => {
                let nothing_else = !named.is_empty() || without_fillers(said).is_empty();
                if !nothing_else {
                    return Vec::new();
                }
                self.notes
                    .iter()
                    .filter(|(t, m, _)| m == n && treaties.contains(&t.as_str()))
                    .map(|(treaty, _, article)| ProvisionId {
                        treaty: treaty.clone(),
                        target: Target::Article {
                            number: *article,
                            path: Vec::new(),
                        },
                    })
                    .collect()
            }
        }
    }

    /// A citation that names no treaty ("article 16", "art. 2(1)", "art 7 and 8"), read as
    /// the same provisions, at most [`MAX_UNNAMED`], of each of `treaties` in the order
    /// given, or of every treaty of the corpus when none is given; with several treaties,
    /// whether each provision exists is the caller's to check.
    /// Empty unless the query starts with a word for an article and goes on with a reference
    /// ("art" alone cites nothing), or starts with a reference to a paragraph or point in
    /// brackets ("41(3)"; "41" alone is a number).
    pub fn parse_unnamed(
        &self,
        query: &str,
        treaties: &[String],
        corpus: &Corpus,
    ) -> Vec<ProvisionId> {
        let first = words(query).into_iter().next().unwrap_or_default();
        // "41(3)", "29(1)(a)": a paragraph or point in brackets is a reference without
        // "article" before it.
        let pinpoint = first.contains('(')
            && parse_article_path(&first).is_some_and(|(_, path)| !path.is_empty());
        if !pinpoint && !ARTICLE_WORDS.contains(&first.as_str()) {
            return Vec::new();
        }
        let all: Vec<&str>;
        let treaties: Vec<&str> = if treaties.is_empty() {
            all = corpus.ids();
            all
        } else {
            treaties.iter().map(String::as_str).collect()
        };
        let mut cited = Vec::new();
        for &treaty in &treaties {
            let found = self.parse_all(&format!("{treaty} {query}"), corpus);
            // A few provisions of each ("art 7 and 8", "41(3) and (4)"), not a range of
            // each ("articles 1 to 12"), and none of another treaty named in the query.
            let of_this = found
                .iter()
                .all(|id| id.treaty == treaty && matches!(id.target, Target::Article { .. }));
            if found.len() > MAX_UNNAMED || !of_this {
                return Vec::new();
            }
            cited.extend(found);
        }
        cited
    }

    /// References among a search's words to provisions of `treaty`: a number beside the
    /// treaty's name, with only fillers and words for an article between ("uncc 7 hacking",
    /// "budapest art. 16 preservation order", "article 7 of the uncc, hacking"), or after a
    /// word for an article in a query naming no treaty ("art 7 hacking", "hacking (article
    /// 7)"); a list or range goes on from it ("uncc 7 and 8 hacking", "uncc 7-9"). Not a
    /// number of things ("uncc 40 ratifying states", "10 euros"), an article of another
    /// instrument ("budapest article 8 ECHR", "article 2 of the UN Charter", "gdpr article
    /// 6"), a reference going on in words ("41 para 3") or a glued letter that is no point
    /// ("3d", "5g"). Each provision if it exists, else its article; the first reference
    /// found, with its list.
    pub fn reference_among(&self, query: &str, treaty: &str, corpus: &Corpus) -> Vec<ProvisionId> {
        // Every reference has a digit; most searches have none, and are asked once a treaty.
        if !query.bytes().any(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        let words = words(query);
        // A year goes with the name before it: "uncc 2024 art 7".
        let year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && w > "1900";
        let filler = |w: &str| FILLERS.contains(&w) || ARTICLE_WORDS.contains(&w) || year(w);
        let another = |w: &str| OTHER_NAMES.contains(&bare(w)) || OTHER_LAWS.contains(&bare(w));
        // The words that are not fillers, by their place among `words`.
        let said: Vec<usize> = (0..words.len()).filter(|&i| !filler(&words[i])).collect();
        // Each treaty name among them: where it starts and ends, and its treaty.
        let mut names: Vec<(usize, usize, &str)> = Vec::new();
        for (name, id, _) in &self.names {
            for at in 0..said.len().saturating_sub(name.len() - 1) {
                if (0..name.len()).all(|k| words[said[at + k]] == name[k]) {
                    names.push((at, at + name.len(), id));
                }
            }
        }
        let is_reference = |w: &str| parse_article_path(w).or_else(|| split_letter(w)).is_some();
        for (at, &i) in said.iter().enumerate() {
            let word = &words[i];
            let (number, path, glued) = match parse_article_path(word) {
                Some((number, path)) => (number, path, false),
                None => match split_letter(word) {
                    Some((number, path)) => (number, path, true),
                    None => continue,
                },
            };
            // "7 and 8", "7, 8", "7-9": the list or range it starts, up to `end`.
            let mut end = i + 1;
            while words
                .get(end)
                .is_some_and(|w| JOINS.iter().any(|(j, _)| j == w))
                && words.get(end + 1).is_some_and(|w| is_reference(w))
            {
                end += 2;
            }
            let next = |k: usize| words.get(end + k).map(String::as_str).unwrap_or_default();
            // "40 ratifying states"; "7 or 8", "3 or more persons".
            let counting = ["more", "ratifying", "signing", "contracting", "other"];
            let goes_on = COUNTED.contains(&next(0))
                || (counting.contains(&next(0)) && COUNTED.contains(&next(1)))
                || (PARAGRAPH_WORDS.contains(&next(0)) && is_reference(next(1)))
                || POINT_WORDS.contains(&next(0))
                || (POINTS_WORDS.contains(&next(0))
                    && label::is_letter_label(unbracketed(next(1)).as_str()))
                || next(0) == "or";
            let after_at = said.iter().position(|&n| n >= end);
            let after = after_at.map(|a| words[said[a]].as_str());
            // "article 8 of the EU charter", "art 3 of the criminal code": "of" brings in
            // the instrument, and it is not one of the treaties.
            let of_another = words.get(end).is_some_and(|w| w == "of")
                && after_at.is_some_and(|a| !names.iter().any(|&(from, _, _)| from == a));
            if goes_on || after.is_some_and(another) || of_another {
                continue;
            }
            // A name right before it, or right after it (or its list) and naming the treaty
            // itself, not another instrument ("UN Charter").
            let last = said.iter().position(|&n| n == end - 1).unwrap_or(at);
            let beside = names.iter().find(|&&(from, to, id)| {
                to == at
                    || (from == last + 1 && !self.names_another(id, &words[said[to - 1] + 1..]))
            });
            let opens = (0..i).all(|k| filler(&words[k]))
                && (0..i).any(|k| ARTICLE_WORDS.contains(&words[k].as_str()));
            // "hacking art 7", not "gdpr article 6", "GDPR, article 8", "Convention 108
            // article 8" or "directive 2013/40 article 3".
            let before_article_word = words[..i.saturating_sub(1)]
                .iter()
                .rev()
                .find(|w| *w != ",");
            let after_article_word = i > 0
                && ARTICLE_WORDS.contains(&words[i - 1].as_str())
                && !before_article_word
                    .is_some_and(|w| another(w) || w.contains(|c: char| c.is_ascii_digit()));
            let ok = match beside {
                Some(&(_, _, id)) => id == treaty,
                None => (opens || after_article_word) && names.is_empty(),
            };
            if !ok {
                continue;
            }
            let provision = |number: u32, path: Vec<String>| ProvisionId {
                treaty: treaty.to_string(),
                target: Target::Article { number, path },
            };
            let exists = |id: &ProvisionId| id.resolve(corpus).is_ok();
            let listed = match end - i {
                1 => vec![(number, path)],
                _ => references(&words[i..end]).unwrap_or_default(),
            };
            let found: Vec<ProvisionId> = listed
                .into_iter()
                .filter_map(|(number, path)| {
                    let found = Some(provision(number, path)).filter(exists);
                    if glued {
                        found
                    } else {
                        found.or_else(|| Some(provision(number, Vec::new())).filter(exists))
                    }
                })
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// Whether `text` cites articles by number without naming a treaty: "art 7", "see
    /// arts. 7-9", "articles 7 and 8(1)".
    pub fn cites_by_number(text: &str) -> bool {
        let words = words(text);
        let words: Vec<String> = words
            .into_iter()
            .filter(|w| !LEADING.contains(&w.as_str()))
            .collect();
        match words.split_first() {
            Some((first, rest)) => {
                ARTICLE_WORDS.contains(&first.as_str()) && references(rest).is_some()
            }
            None => false,
        }
    }

    /// Citations of articles of several treaties, one after another: "Budapest art. 2 and
    /// UNCC 7", "art. 16 Budapest; art. 25 UNCC", or set against each other: "compare uncc 7
    /// with budapest 2", "uncc 7 vs budapest 2".
    fn read_each(&self, query: &str, corpus: &Corpus) -> Option<Vec<ProvisionId>> {
        let lower = query.to_lowercase();
        let mut lower = lower.trim();
        for opening in COMPARING {
            if let Some(rest) = lower.strip_prefix(opening) {
                lower = rest.trim_start();
                break;
            }
        }
        // Every citation of an article has a number.
        if !lower.contains(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let pieces = pieces(lower);
        if pieces.len() < 2 {
            return None;
        }
        let read: Vec<Option<Vec<ProvisionId>>> = pieces
            .iter()
            .map(|r| self.read(&lower[r.clone()], corpus))
            .collect();
        // A piece that is no citation of its own is part of the citation beside it: of the
        // one before when names come first ("uncc 7(1) and (2) and budapest 2"), of the one
        // after when they follow the numbers ("art. 7 uncc and arts. 2 and 3 budapest").
        let first_word = words(&lower[pieces[0].clone()]).into_iter().next();
        let names_last = first_word.is_some_and(|w| {
            ARTICLE_WORDS.contains(&w.as_str()) || w.starts_with(|c: char| c.is_ascii_digit())
        });
        let anchor = |i: usize| -> Option<usize> {
            if names_last {
                (i..pieces.len()).find(|&k| read[k].is_some())
            } else {
                (0..=i).rev().find(|&k| read[k].is_some())
            }
        };
        let anchors: Vec<usize> = (0..pieces.len()).map(anchor).collect::<Option<_>>()?;
        let mut cited = Vec::new();
        let mut groups = 0;
        let mut i = 0;
        while i < pieces.len() {
            let end = (i..pieces.len())
                .take_while(|&k| anchors[k] == anchors[i])
                .last()
                .unwrap_or(i);
            let ids = if i == end {
                read[i].clone()
            } else {
                self.read(&lower[pieces[i].start..pieces[end].end], corpus)
            }?;
            if ids.iter().any(|id| matches!(id.target, Target::Treaty)) {
                return None;
            }
            cited.extend(ids);
            groups += 1;
            i = end + 1;
        }
        if groups < 2 {
            return None;
        }
        let first = &cited.first()?.treaty;
        cited.iter().any(|id| &id.treaty != first).then_some(cited)
    }

    fn read(&self, query: &str, corpus: &Corpus) -> Option<Vec<ProvisionId>> {
        let bracketed = bracketed_words(query);
        let mut all = words(query);
        // A title or longer name, as a whole phrase: "article 7 of the United Nations
        // Convention against Cybercrime".
        let titled = self
            .titles
            .iter()
            .find_map(|(name, id)| Some((id.clone(), find_plain(&all, name)?)));
        if let Some((_, at)) = &titled {
            all.drain(at.clone());
        }
        let mut words = without_fillers(all.clone());
        let named = match titled {
            Some((id, _)) => Some((id, 0, 0, false)),
            None => self.name_in(&words),
        };
        let (treaty, alias) = match named {
            Some((id, at, len, alias)) => {
                words.drain(at..at + len);
                // "Budapest Convention (ETS 185)": the same treaty by another name.
                for (name, _, _) in self.names.iter().filter(|(_, other, _)| *other == id) {
                    if let Some(at) = find(&words, name) {
                        words.drain(at..at + name.len());
                    }
                }
                (id, alias)
            }
            // A name of filler words only ("Convention on Cybercrime"), when no other is given.
            None => {
                let (id, at, len) = self
                    .phrases
                    .iter()
                    .find_map(|(name, id)| Some((id.clone(), find(&all, name)?, name.len())))?;
                let mut rest = all;
                rest.drain(at..at + len);
                words = without_fillers(rest);
                (id, false)
            }
        };
        if words.iter().all(|w| WHOLE_TREATY.contains(&w.as_str())) {
            return (!alias).then(|| {
                vec![ProvisionId {
                    treaty,
                    target: Target::Treaty,
                }]
            });
        }
        // "Budapest Convention, Article 16": what joins the name to the first reference goes.
        let first = words
            .iter()
            .position(|w| !JOINS.iter().any(|(j, _)| j == w))?;
        let words = &words[first..];
        let references = references(words).or_else(|| {
            // "Article 2 (Illegal access)", "art. 19(3) (preparation)": words after the
            // reference that describe the article cited go.
            (1..words.len()).find_map(|end| {
                let found = references(&words[..end])?;
                // One article, or parts of one ("paragraph 1 and paragraph 2 (expedited
                // preservation)").
                let (number, path) = found.first()?;
                if found.iter().any(|(n, _)| n != number) {
                    return None;
                }
                let pinpoint = pinpoint_words(corpus, &treaty, *number, path);
                let pinpoint = pinpoint.as_ref();
                self.describes(&treaty, *number, pinpoint, &words[end..], &bracketed)
                    .then_some(found)
            })
        })?;
        Some(
            references
                .into_iter()
                .map(|(number, path)| ProvisionId {
                    treaty: treaty.clone(),
                    target: Target::Article { number, path },
                })
                .collect(),
        )
    }

    /// Whether a name that is also a word follows another treaty's name, fillers aside, as a
    /// part of that treaty: "UN convention protocol" is a protocol of the UN Convention, not
    /// the Additional Protocol, which "Budapest protocol" is. A comma between them makes a
    /// list ("uncc, protocol"). `bare_before` are the same words in lower case without
    /// punctuation.
    fn belongs_to_another(&self, id: &str, before: &[String], bare_before: &[String]) -> bool {
        let Some(last) = bare_before
            .iter()
            .rposition(|w| !FILLERS.contains(&w.as_str()))
        else {
            return false;
        };
        if before[last].ends_with(CLAUSE_ENDS) {
            return false;
        }
        let kept = &bare_before[..=last];
        let named = |name: &[String]| {
            let mut name = name;
            while let [rest @ .., last] = name
                && FILLERS.contains(&last.as_str())
            {
                name = rest;
            }
            !name.is_empty() && kept.ends_with(name)
        };
        let parent = self.parents.get(id);
        self.names
            .iter()
            .map(|(name, other, _)| (name, other))
            .chain(self.titles.iter().map(|(name, other)| (name, other)))
            .any(|(name, other)| other != id && parent != Some(other) && named(name))
    }

    /// Whether the words after a name of treaty `id` make it part of another instrument's
    /// name, or of the organisation's: "UN Charter", "UN Convention on the Rights of the
    /// Child", "UN Convention against Corruption", "UN Secretary-General", but not "UN
    /// convention on cybercrime".
    fn names_another(&self, id: &str, after: &[String]) -> bool {
        // The organisation's organs and officers: "UN Secretary-General", "UN General
        // Assembly" are the organisation's, which the treaty is not.
        const ORGANS: &[&[&str]] = &[
            &["secretary-general"],
            &["secretary", "general"],
            &["general", "assembly"],
            &["security", "council"],
            &["office", "on"],
            &["member", "states"],
        ];
        // Not "to" nor "for", which a sentence puts there ("for the UN convention to enter
        // into force").
        const JOINING: &[&str] = &["on", "against"];
        let next: Vec<&str> = after.iter().take(2).map(|w| bare(w)).collect();
        if ORGANS.iter().any(|organ| next.starts_with(organ)) {
            return true;
        }
        // "UN [convention] on …": the words a name leaves out come first.
        let after: Vec<&str> = after
            .iter()
            .map(|w| bare(w))
            .filter(|w| !w.is_empty())
            .skip_while(|w| FILLERS.contains(w) && !JOINING.contains(w))
            .collect();
        match after.as_slice() {
            [next, ..] if OTHER_NAMES.contains(next) => true,
            [join, rest @ ..] if JOINING.contains(join) => {
                let own = self.own_words.get(id);
                rest.iter()
                    .find(|w| !matches!(**w, "the" | "a" | "an"))
                    .is_some_and(|w| !own.is_some_and(|own| own.contains(*w)))
            }
            _ => false,
        }
    }

    /// The first treaty name in `words`, longest names first: the treaty's id, where the
    /// name starts, its length and whether it is an alias. A name used in general ("other
    /// conventions", "the second additional protocol") names no treaty, nor does a shorter
    /// name within it.
    fn name_in(&self, words: &[String]) -> Option<(String, usize, usize, bool)> {
        let mut in_general = vec![false; words.len()];
        for (name, id, alias) in &self.names {
            for at in (0..words.len().saturating_sub(name.len() - 1))
                .filter(|&at| words[at..at + name.len()] == name[..])
            {
                if at > 0 && general_after(bare(&words[at - 1]), name) {
                    in_general[at..at + name.len()].fill(true);
                } else if !in_general[at..at + name.len()].iter().any(|g| *g) {
                    return Some((id.clone(), at, name.len(), *alias));
                }
            }
        }
        None
    }

    /// Whether `words`, after a reference to article `number`, describe it: they are its
    /// heading, some of the heading's words ("Article 19 (attempt)"), or a few words that its
    /// text uses, in brackets ("art. 19(3) (preparation)"), or that the paragraph or point
    /// cited or the heading uses (`pinpoint`, their words: "art. 41(3)(e) emergency data",
    /// "UNCC art. 15(2) grooming").
    fn describes(
        &self,
        treaty: &str,
        number: u32,
        pinpoint: Option<&HashSet<String>>,
        words: &[String],
        bracketed: &[String],
    ) -> bool {
        let key = (treaty.to_string(), number);
        let (Some(heading), Some(vocabulary)) =
            (self.headings.get(&key), self.vocabulary.get(&key))
        else {
            return false;
        };
        let plain = plain(words);
        if plain.is_empty() || plain.len() != words.len() {
            return false;
        }
        if plain == *heading {
            return true;
        }
        // The heading of another article of the treaty names that article, not this one
        // ("Budapest art. 5 (data interference)").
        let another = self
            .headings
            .iter()
            .any(|((t, n), h)| t == treaty && *n != number && *h == plain);
        let short = plain.len() <= MAX_DESCRIBING;
        let all_bracketed = plain.iter().all(|w| bracketed.contains(w));
        // Unbracketed, one word of the heading is a search within the treaty ("malabo 29
        // offences"); two or more, or bracketed, describe the article.
        let in_heading =
            plain.iter().all(|w| heading.contains(w)) && (plain.len() >= 2 || all_bracketed);
        let says_all = |words: &HashSet<String>| plain.iter().all(|w| words.contains(singular(w)));
        // A paragraph or point cited is a citation, not a search: words it or the heading
        // uses describe it, bracketed or not ("art. 41(3)(e) emergency data").
        let in_text = (all_bracketed && says_all(vocabulary)) || pinpoint.is_some_and(says_all);
        short && !another && (in_heading || in_text)
    }
}

/// What separates the citations of several treaties in one query.
const SEPARATORS: &[&str] = &[
    ",", ";", "&", " and ", " und ", " et ", " with ", " vs. ", " vs ", " versus ",
];

/// The byte ranges of `text` between [`SEPARATORS`], trimmed, empty ones left out.
fn pieces(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |from: usize, to: usize| {
        let piece = &text[from..to];
        let trimmed = piece.trim_start();
        let from = from + piece.len() - trimmed.len();
        let to = from + trimmed.trim_end().len();
        if from < to {
            out.push(from..to);
        }
    };
    while let Some((at, len)) = SEPARATORS
        .iter()
        .filter_map(|sep| Some((text[start..].find(sep)? + start, sep.len())))
        .min_by_key(|&(at, len)| (at, std::cmp::Reverse(len)))
    {
        push(start, at);
        start = at + len;
    }
    push(start, text.len());
    out
}

/// The words that name an interpretative note ("interpretative note", "interpretive notes",
/// with its number if one follows: "note 1", "note no. 4") taken out of a query: what is left
/// and the number. `None` when the query names none.
fn interpretative_note(query: &str) -> Option<(String, Option<String>)> {
    let words: Vec<&str> = query.split_whitespace().collect();
    let lower = |w: &str| bare(w).to_lowercase();
    let at = words.windows(2).position(|pair| {
        ["interpretative", "interpretive"].contains(&lower(pair[0]).as_str())
            && ["note", "notes"].contains(&lower(pair[1]).as_str())
    })?;
    let mut end = at + 2;
    if words
        .get(end)
        .is_some_and(|w| ["no", "number"].contains(&lower(w).as_str()))
    {
        end += 1;
    }
    let number = words
        .get(end)
        .map(|w| lower(w))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if number.is_some() {
        end += 1;
    } else if end == at + 3 {
        end -= 1;
    }
    let rest = words[..at]
        .iter()
        .chain(&words[end..])
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    Some((rest, number))
}

/// The words a query writes inside brackets that are not parts of a reference: "(Illegal
/// access)", not "(1)".
fn bracketed_words(query: &str) -> Vec<String> {
    let lower = query.to_lowercase();
    let mut out = Vec::new();
    for group in lower.split('(').skip(1) {
        let Some((inner, _)) = group.split_once(')') else {
            continue;
        };
        out.extend(
            inner
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| w.chars().any(char::is_alphabetic) && w.chars().count() > 1)
                .map(str::to_string),
        );
    }
    out
}

/// The words of a text as `Citations::vocabulary` holds them.
fn vocabulary_of(text: &str) -> HashSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| singular(w).to_string())
        .collect()
}

/// The words of the paragraph or point that `path` cites in article `number` of `treaty`,
/// with those of the points within it and of the article's heading, as `vocabulary_of`
/// writes them; `None` when no such paragraph or point exists ("2 a": article 2 has no
/// point (a)) or no paragraph is cited.
fn pinpoint_words(
    corpus: &Corpus,
    treaty: &str,
    number: u32,
    path: &[String],
) -> Option<HashSet<String>> {
    if path.is_empty() {
        return None;
    }
    let id = ProvisionId {
        treaty: treaty.to_string(),
        target: Target::Article {
            number,
            path: path.to_vec(),
        },
    };
    let resolved = id.resolve(corpus).ok()?;
    let (article, block) = (resolved.article?, resolved.block?);
    Some(vocabulary_of(&format!(
        "{}\n{}",
        article.title,
        block.full_text()
    )))
}

/// A word without a plural "s": "offences" → "offence". Good enough to check that a text
/// uses a word, not to stem it.
fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem,
        _ => word,
    }
}

/// Where a name stands in `words`, as a run of whole words.
fn find(words: &[String], name: &[String]) -> Option<usize> {
    words.windows(name.len()).position(|w| w == name)
}

/// A word without the punctuation around it: "cybercrime;" is "cybercrime", "," is "".
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Words without the punctuation around them, and without those that are only punctuation.
fn plain(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| bare(w))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Where the plain words of a name stand in `words`, punctuation aside: the range of
/// `words` they take.
fn find_plain(words: &[String], name: &[String]) -> Option<std::ops::Range<usize>> {
    if name.is_empty() {
        return None;
    }
    let at: Vec<usize> = (0..words.len())
        .filter(|&i| !bare(&words[i]).is_empty())
        .collect();
    let start = at
        .windows(name.len())
        .position(|w| w.iter().zip(name).all(|(&i, n)| bare(&words[i]) == n))?;
    Some(at[start]..at[start + name.len() - 1] + 1)
}

/// Article references joined by commas, "and" or ranges: "16", "29(1)(a)", "29.1.a",
/// "29, paragraph 1 (a)", "32 b", "16 and 17", "2-6"; parts of one article listed after it:
/// "41(3) and (4)", "paragraphs 1 and 2", "points a to c", "(a)-(c)". `None` if any word is
/// something else.
fn references(words: &[String]) -> Option<Vec<(u32, Vec<String>)>> {
    let mut out: Vec<(u32, Vec<String>)> = Vec::new();
    let mut range = false;
    let mut words = words.iter().map(String::as_str).peekable();
    // A reference after another needs a word joining them: "16 2" is not a citation.
    let mut joined = true;
    // The joining word right before this one, if any.
    let mut join_before: Option<&str> = None;
    // After "paragraphs" (or "para") the numbers joined on are paragraphs of the same
    // article, after "points" (or "lit.") the letters are points, until a word for an
    // article or a number with a paragraph of its own ("para 1 and 2 and 17 para 1").
    let mut listing: Option<Listing> = None;
    while let Some(word) = words.next() {
        if let Some((_, makes_range)) = JOINS.iter().find(|(j, _)| *j == word) {
            range |= *makes_range;
            joined = true;
            join_before = Some(word);
            continue;
        }
        let join = join_before.take();
        // "§ 16 Budapest", "§§ 2 and 3", "§ 2 und § 3": before any reference, or after "and",
        // "§" stands for the article.
        let section = matches!(word, "§" | "§§");
        if section && (out.is_empty() || (word == "§" && join.is_some_and(|j| j != ","))) {
            continue;
        }
        // "paragraphs 1 and 2, and article 17": the list of paragraphs has ended.
        if !section && ARTICLE_WORDS.contains(&word) {
            listing = None;
            continue;
        }
        let paragraph_word = PARAGRAPH_WORDS.contains(&word);
        if paragraph_word || is_point_word(word) {
            // "article 29, paragraph 1 (a)", "paragraph 1, sub-paragraph a": a part of the
            // reference before; "paragraph 1 and paragraph 2", "point a, point b": a part
            // beside the last one.
            let (number, path) = out.last_mut().filter(|_| !range)?;
            let number = *number;
            joined = false;
            let next = unbracketed(words.next()?);
            let labels: Vec<String> = if paragraph_word {
                listing = opens_paragraphs(word).then_some(Listing::Paragraphs);
                let (para, more) = parse_article_path(&next)?;
                std::iter::once(para.to_string()).chain(more).collect()
            } else {
                listing = Some(Listing::Points);
                label::is_letter_label(&next).then(|| vec![next])?
            };
            let last = path.len().checked_sub(1);
            match beside_at(path, &labels) {
                Some(at) if join.is_some_and(|j| j != ",") || Some(at) == last => {
                    let path = path[..at].iter().chain(&labels).cloned().collect();
                    out.push((number, path));
                }
                _ => path.extend(labels),
            }
            continue;
        }
        if !std::mem::take(&mut joined) {
            return None;
        }
        // "41(3) and (4)", "29(1)(a) to (c)", "paragraphs 3 and 4", "lit. a and b": a label
        // on its own is another part of the article before, beside the part of its kind.
        let listed =
            listing.is_some() && !words.peek().is_some_and(|w| PARAGRAPH_WORDS.contains(w));
        if word.starts_with('(') || listed {
            let (number, path) = out.last()?;
            let number = *number;
            let labels = if word.starts_with('(') {
                parse_article_path(&format!("{number}{word}"))?.1
            } else if listing == Some(Listing::Points) {
                label::is_letter_label(word).then(|| vec![word.to_string()])?
            } else {
                let (paragraph, more) = parse_article_path(word)?;
                std::iter::once(paragraph.to_string()).chain(more).collect()
            };
            let to = beside(path, &labels)?;
            if std::mem::take(&mut range) {
                let parts = labels_between(path, &to)?;
                out.extend(parts.into_iter().map(|p| (number, p)));
            } else {
                out.push((number, to));
            }
            continue;
        }
        listing = None;
        let (number, mut path) = parse_article_path(word).or_else(|| split_letter(word))?;
        // "32 b": a point letter standing apart.
        if let Some(letter) = words.next_if(|w| is_point_letter(w)) {
            path.push(letter.to_string());
        }
        if std::mem::take(&mut range) {
            let (from, from_path) = out.last()?;
            let from = *from;
            if !from_path.is_empty() || !path.is_empty() || number <= from {
                return None;
            }
            if number - from >= MAX_RANGE {
                return None;
            }
            out.extend((from + 1..=number).map(|n| (n, Vec::new())));
        } else {
            out.push((number, path));
        }
    }
    let well_formed = !range && !out.is_empty() && out.iter().all(|(_, path)| path.len() <= 4);
    well_formed.then_some(out)
}

/// The parts after `from` up to `to` when they differ in their last label only: from 41(3)(a)
/// to 41(3)(c), 41(3)(b) and 41(3)(c).
fn labels_between(from: &[String], to: &[String]) -> Option<Vec<Vec<String>>> {
    let ((first, prefix), (last, prefix_to)) = (from.split_last()?, to.split_last()?);
    if prefix != prefix_to {
        return None;
    }
    let numerals = label::is_numeral(first, prefix.last().map(String::as_str));
    let labels = label::range(first, last, numerals, MAX_LABELS - 1)?;
    Some(
        labels
            .into_iter()
            .skip(1)
            .map(|l| prefix.iter().cloned().chain([l]).collect())
            .collect(),
    )
}

/// The path of `labels` written after a reference whose path is `path`, each label in the
/// place of the last part of the same kind: after 41(3), "(4)" is 41(4); after 29(1)(a),
/// "(b)" is 29(1)(b) and "(2)" 29(2); after 29(1)(a)(i), "(ii)" is 29(1)(a)(ii).
fn beside(path: &[String], labels: &[String]) -> Option<Vec<String>> {
    let at = beside_at(path, labels)?;
    Some(path[..at].iter().chain(labels).cloned().collect())
}

/// Where in `path` the last part of the same kind as the first of `labels` is.
fn beside_at(path: &[String], labels: &[String]) -> Option<usize> {
    let numeric = label::is_number;
    let first = labels.first()?;
    (0..path.len()).rev().find(|&i| {
        let part = path[i].as_str();
        if numeric(part) || numeric(first) {
            return numeric(part) && numeric(first);
        }
        // "i", "v" and "x" are letters too: a numeral below a letter, or longer than one.
        let within = i.checked_sub(1).map(|k| path[k].as_str());
        let part_roman = label::is_numeral(part, within);
        part_roman == (label::is_roman(first) && (first.len() > 1 || part_roman))
    })
}

/// The article number of a word that is a reference, as [`Citations::reference_among`]
/// reads one: "7", "art.16", "§16", "41(3)?", "32B".
pub fn reference_number(word: &str) -> Option<u32> {
    let words = words(word.trim_end_matches(['.', ',', ';', ':', '?', '!']));
    let [.., last] = words.as_slice() else {
        return None;
    };
    let (number, _) = parse_article_path(last).or_else(|| split_letter(last))?;
    Some(number)
}

/// "(1)" → "1", "(1)(a)" → "1(a)", "(ii)" → "ii": a part of a reference written in
/// brackets of its own.
fn unbracketed(word: &str) -> String {
    match word.strip_prefix('(').and_then(|w| w.split_once(')')) {
        Some((inner, rest)) => format!("{inner}{rest}"),
        None => word.to_string(),
    }
}

/// "32b" → article 32, point b.
fn split_letter(word: &str) -> Option<(u32, Vec<String>)> {
    let mut chars = word.chars();
    let letter = chars.next_back().filter(char::is_ascii_lowercase)?;
    let digits = chars.as_str();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = digits.parse().ok().filter(|&n| n > 0)?;
    Some((number, vec![letter.to_string()]))
}

fn is_point_letter(word: &str) -> bool {
    word.len() == 1 && word.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        crate::corpus::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .unwrap()
    }

    /// Every provision a query cites, as ids.
    fn cited(citations: &Citations, query: &str, corpus: &Corpus) -> Vec<String> {
        citations
            .parse_all(query, corpus)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_citations_of_several_treaties() {
        let corpus = corpus();
        let citations = Citations::new(&corpus);
        let all = |q: &str| cited(&citations, q, &corpus);
        assert_eq!(
            all("Budapest article 2 and UNCC 7"),
            ["budapest:2", "uncc:7"]
        );
        assert_eq!(
            all("art. 16 Budapest; art. 25(1) UNCC, Malabo 31"),
            ["budapest:16", "uncc:25(1)", "malabo:31"]
        );
        // One treaty is the ordinary reading; a part that is no citation makes none.
        assert_eq!(
            all("Budapest arts. 16 and 17"),
            ["budapest:16", "budapest:17"]
        );
        assert!(all("Budapest article 2 and hacking").is_empty());
        assert!(all("Budapest article 2 and UNCC").is_empty());
    }

    #[test]
    fn reads_citations_of_interpretative_notes() {
        let corpus = corpus();
        let citations = Citations::new(&corpus);
        let all = |q: &str| cited(&citations, q, &corpus);
        assert_eq!(all("interpretative note on article 35 UNCC"), ["uncc:35"]);
        assert_eq!(all("UNCC art. 17, interpretative note"), ["uncc:17"]);
        assert_eq!(
            all("A/RES/79/243 annex, interpretative note 1 on art. 2(e)"),
            ["uncc:2(e)"]
        );
        // Only the UN Convention has notes: a note number alone is one of its notes.
        assert_eq!(all("interpretative note 3"), ["uncc:17"]);
        assert_eq!(
            all("UN convention interpretive note no. 4"),
            ["uncc:23", "uncc:35"]
        );
        for search in [
            "interpretative note 9",
            "interpretative notes",
            "Budapest interpretative note 1",
            "interpretative note on article 35 Budapest",
            "child abuse interpretative note 1",
            "is interpretative note 4 binding",
            "the 5 interpretative notes",
            "interpretative notes on 4 articles",
            "interpretative notes 1 and 3",
            "interpretative note 1(a)",
            // Note 3 is on article 17, not 35; there is no note 9.
            "interpretative note 3 on article 35",
            "interpretative note 9 on article 2",
        ] {
            assert!(all(search).is_empty(), "{search}");
        }
        // The Convention is the annex of its resolution: "annex" names nothing more.
        assert_eq!(all("uncc annex"), all("uncc"));
        assert_eq!(
            all("A/RES/79/243, annexed interpretative note 1 on art. 2(e)"),
            ["uncc:2(e)"]
        );
        assert_eq!(
            all("interpretative notes annexed to the uncc on article 35"),
            ["uncc:35"]
        );
    }

    /// Every article, paragraph and point read back from the citation Concord writes for it.
    #[test]
    fn reads_back_its_own_citations() {
        let corpus = corpus();
        let citations = Citations::new(&corpus);
        let mut read = 0;
        for treaty in &corpus.treaties {
            for article in &treaty.articles {
                let mut targets = vec![format!("{}:{}", treaty.meta.id, article.number)];
                for (_, block) in article.walk() {
                    let path = crate::corpus::citation_path(article, block);
                    if !path.is_empty() {
                        targets.push(format!(
                            "{}:{}({})",
                            treaty.meta.id,
                            article.number,
                            path.join(")(")
                        ));
                    }
                }
                for target in targets {
                    let id = ProvisionId::parse(&target).expect("a well-formed id");
                    let resolved = id.resolve(&corpus).expect("a provision of the corpus");
                    let written = resolved.citation();
                    let back = citations.parse(&written, &corpus).map(|id| id.to_string());
                    assert_eq!(back.as_deref(), Some(target.as_str()), "{written}");
                    read += 1;
                }
            }
        }
        assert!(read > 1000, "only {read} provisions");
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
        assert_eq!(cite("Budapest Conv. art. 3").as_deref(), Some("budapest:3"));
        for (q, id) in [
            // A treaty asked for as a whole is its page.
            ("what is the Budapest Convention", "budapest"),
            ("what's in the malabo convention", "malabo"),
            ("UNCC full text", "uncc"),
            ("budapest convention overview", "budapest"),
            ("What is the Budapest Convention on Cybercrime?", "budapest"),
            // A name in the possessive.
            ("the Malabo Convention's article 29", "malabo:29"),
            ("Budapest's art. 2", "budapest:2"),
            ("the UN convention’s article 7(1)", "uncc:7(1)"),
            // The resolution's annex is the Convention.
            ("A/RES/79/243 annex, art 24(2)", "uncc:24(2)"),
            ("A/RES/79/243, annex, article 24(2)", "uncc:24(2)"),
            // "and following", and the paragraph words of German and French citations.
            ("Budapest Art. 2 ff.", "budapest:2"),
            ("Art. 16 et seq. Budapest", "budapest:16"),
            ("Art. 16 Abs. 2 Budapest", "budapest:16(2)"),
            ("art. 16 al. 2 Budapest", "budapest:16(2)"),
        ] {
            assert_eq!(cite(q).as_deref(), Some(id), "{q:?}");
        }
        for q in [
            "what is the purpose of the malabo convention",
            "what is protocol",
            // An annex with a number is another text.
            "budapest annex 2",
            "annex 2 of the budapest convention",
        ] {
            assert_eq!(cite(q), None, "{q:?}");
        }
        assert_eq!(
            cite("Malabo Conv. art. 27(1)(b)").as_deref(),
            Some("malabo:27(1)(b)")
        );
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
        assert_eq!(
            cite("Additional Protocol art. 7").as_deref(),
            Some("budapest-p1:7")
        );
        assert_eq!(
            cite("CETS No. 185, Article 16").as_deref(),
            Some("budapest:16")
        );
        assert_eq!(cite("art. 16(2) CCC").as_deref(), Some("budapest:16(2)"));
        // A treaty named twice, the second time in brackets.
        assert_eq!(
            cite("Additional Protocol (CETS 189), Article 14").as_deref(),
            Some("budapest-p1:14")
        );
        assert_eq!(
            cite("Budapest Convention (ETS No. 185), art. 29 (1) (a)").as_deref(),
            Some("budapest:29(1)(a)")
        );
        // Brackets around a part of a reference stay.
        assert_eq!(
            cite("ETS 185 (Budapest) article 27 (9) (iv)").as_deref(),
            Some("budapest:27(9)(iv)")
        );
        assert_eq!(
            cite("ETS 185 (Budapest) article 16").as_deref(),
            Some("budapest:16")
        );
        assert_eq!(
            cite("Budapest Convention (2001), art. 2").as_deref(),
            Some("budapest:2")
        );
        assert_eq!(
            cite("Convention on Cybercrime (2001) art. 2").as_deref(),
            Some("budapest:2")
        );
        // Two different treaties are not one citation.
        assert_eq!(cite("Budapest (UNCC) article 16"), None);
        // An article cited with its heading.
        assert_eq!(
            cite("Budapest Convention, Article 2 (Illegal access)").as_deref(),
            Some("budapest:2")
        );
        assert_eq!(
            cite("UNCC art. 14 (Offences related to online child sexual abuse or child sexual exploitation material)").as_deref(),
            Some("uncc:14")
        );
        assert_eq!(
            cite("Budapest Convention, Article 2 (Data interference)"),
            None
        );
        // Words naming the parts, brackets or none.
        assert_eq!(
            cite("Budapest Article 29, paragraph 2, sub-paragraph a").as_deref(),
            Some("budapest:29(2)(a)")
        );
        assert_eq!(
            cite("Malabo art 29 para 1 point a").as_deref(),
            Some("malabo:29(1)(a)")
        );
        assert_eq!(
            cite("Budapest art. 29, paragraph (2), letter (f)").as_deref(),
            Some("budapest:29(2)(f)")
        );
        assert_eq!(
            cite("Budapest Article 32 point b").as_deref(),
            Some("budapest:32(b)")
        );
        assert_eq!(cite("budapest 29 para 2 point"), None);
        assert_eq!(cite("budapest 29 para 2 point zz"), None);
        // Words after the reference that describe the article: its heading, some of the
        // heading's words, or a few bracketed words of its text.
        assert_eq!(
            cite("UNCC Article 19 (attempt)").as_deref(),
            Some("uncc:19")
        );
        assert_eq!(
            cite("UNCC Article 19 paragraph 3 (preparation)").as_deref(),
            Some("uncc:19(3)")
        );
        assert_eq!(
            cite("article 19(3) UNCC (preparation)").as_deref(),
            Some("uncc:19(3)")
        );
        assert_eq!(
            cite("Budapest art. 16 (expedited preservation orders)").as_deref(),
            Some("budapest:16")
        );
        // After a paragraph or point, words of the text need no brackets: no one searches
        // by a paragraph's number.
        assert_eq!(
            cite("UN cybercrime convention art. 41(3)(e) emergency data").as_deref(),
            Some("uncc:41(3)(e)")
        );
        assert_eq!(cite("uncc 41(3) hacking"), None);
        // The words must be the paragraph's or point's own, and it must exist: "a" after a
        // number is no point of article 2.
        assert_eq!(cite("uncc 40(1) bank secrecy"), None);
        assert_eq!(
            cite("uncc 40(24) bank secrecy").as_deref(),
            Some("uncc:40(24)")
        );
        assert_eq!(cite("budapest 2 a computer"), None);
        assert_eq!(
            cite("UNCC Art. 15(2) grooming").as_deref(),
            Some("uncc:15(2)")
        );
        // Words the text does not use, or not in brackets, make a search; so does another
        // article's heading, and one word of the heading unbracketed.
        assert_eq!(cite("UNCC art. 19 (preparation of a bomb)"), None);
        assert_eq!(cite("malabo 29 child pornography"), None);
        assert_eq!(cite("Budapest art. 5 (data interference)"), None);
        assert_eq!(cite("malabo 29 offences"), None);
        assert_eq!(
            cite("budapest 2 illegal access").as_deref(),
            Some("budapest:2")
        );
        // A name of filler words only, matched as a whole.
        assert_eq!(
            cite("Convention on Cybercrime, art. 2").as_deref(),
            Some("budapest:2")
        );
        // Points written with dots, or apart.
        assert_eq!(cite("malabo 29.1.a").as_deref(), Some("malabo:29(1)(a)"));
        assert_eq!(
            cite("Budapest Art. 32 b").as_deref(),
            Some("budapest:32(b)")
        );
        assert_eq!(cite("budapest 32b").as_deref(), Some("budapest:32(b)"));
        // Malabo article 13's paragraphs are its principles.
        assert_eq!(
            cite("malabo art. 13 principle 3").as_deref(),
            Some("malabo:13(3)")
        );
        assert_eq!(
            cite("budapest art. 32 a").as_deref(),
            Some("budapest:32(a)")
        );
        // Another name wins over one of filler words only.
        assert_eq!(
            cite("UN convention on cybercrime article 16").as_deref(),
            Some("uncc:16")
        );
        assert_eq!(
            cite("Additional Protocol to the Convention on Cybercrime, article 3").as_deref(),
            Some("budapest-p1:3")
        );
        // A name used in general, or of another instrument of its kind, cites nothing.
        assert_eq!(cite("Second Additional Protocol article 6"), None);
        assert_eq!(cite("other protocol article 3"), None);
        // A name and a word that only joins is not a citation of the treaty.
        assert_eq!(cite("budapest and"), None);
        assert_eq!(cite("budapest ,,, and"), None);
        // Odd characters where a point letter could be are not points, and do not panic.
        for q in ["budapest é", "budapest 5–", "uncc 5ß", "İ budapest 2"] {
            assert_eq!(cite(q), None, "{q:?}");
        }
    }

    #[test]
    fn reads_treaties_cited_by_their_titles() {
        let corpus = corpus();
        let cite = |q: &str| parse(q, &corpus).map(|id| id.to_string());
        assert_eq!(
            cite("African Union Convention on Cyber Security and Personal Data Protection art. 9")
                .as_deref(),
            Some("malabo:9")
        );
        assert_eq!(
            cite("AU Convention on Cyber Security art. 30(1)(c)").as_deref(),
            Some("malabo:30(1)(c)")
        );
        assert_eq!(
            cite("article 7 of the United Nations Convention against Cybercrime").as_deref(),
            Some("uncc:7")
        );
        // The names the press and practitioners use.
        for (typed, read) in [
            ("Hanoi Convention article 7", "uncc:7"),
            (
                "Council of Europe Cybercrime Convention art 2",
                "budapest:2",
            ),
            ("AU Cyber Security Convention art. 36", "malabo:36"),
        ] {
            assert_eq!(cite(typed).as_deref(), Some(read), "{typed:?}");
        }
        assert_eq!(
            cite(
                "Additional Protocol to the Convention on Cybercrime, concerning the \
                  criminalisation of acts of a racist and xenophobic nature committed through \
                  computer systems, article 3"
            )
            .as_deref(),
            Some("budapest-p1:3")
        );
        // Punctuation inside a title is not part of it.
        assert_eq!(
            cite(
                "United Nations Convention against Cybercrime: Strengthening International \
                 Cooperation for Combating Certain Crimes Committed by Means of Information \
                 and Communications Technology Systems and for the Sharing of Evidence in \
                 Electronic Form of Serious Crimes, art. 5"
            )
            .as_deref(),
            Some("uncc:5")
        );
        // A longer name counts only whole: its words are not names of their own.
        assert_eq!(cite("au cyber security 2").as_deref(), None);
        let (rest, ids) = treaty_names("charter of the united nations", &corpus);
        assert_eq!(
            (rest.as_str(), ids.len()),
            ("charter of the united nations", 0)
        );
        let (rest, ids) = treaty_names(
            "extradition under the African Union Convention on Cyber Security",
            &corpus,
        );
        assert_eq!(
            (rest.as_str(), ids),
            ("extradition under", vec!["malabo".to_string()])
        );
    }

    #[test]
    fn reads_citations_of_several_articles() {
        let corpus = corpus();
        let cite = |q: &str| {
            Citations::new(&corpus)
                .parse_all(q, &corpus)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(cite("budapest arts. 16-17"), ["budapest:16", "budapest:17"]);
        assert_eq!(cite("budapest arts. 16—17"), ["budapest:16", "budapest:17"]);
        assert_eq!(
            cite("articles 16 and 17 ETS 185"),
            ["budapest:16", "budapest:17"]
        );
        assert_eq!(
            cite("articles 2 to 5 of the Budapest Convention"),
            ["budapest:2", "budapest:3", "budapest:4", "budapest:5"]
        );
        assert_eq!(
            cite("UNCC 7, 8(1) and 11"),
            ["uncc:7", "uncc:8(1)", "uncc:11"]
        );
        // A label on its own after a reference is another part of the same article.
        for (q, cited) in [
            ("uncc 41(3) and (4)", ["uncc:41(3)", "uncc:41(4)"]),
            ("uncc 41 (3) and (4)", ["uncc:41(3)", "uncc:41(4)"]),
            (
                "uncc article 41, paragraphs 3 and 4",
                ["uncc:41(3)", "uncc:41(4)"],
            ),
            (
                "budapest 29(2)(a) and (b)",
                ["budapest:29(2)(a)", "budapest:29(2)(b)"],
            ),
            (
                "budapest 29(2)(a) and (3)",
                ["budapest:29(2)(a)", "budapest:29(3)"],
            ),
            ("uncc 2(e)(i) and (ii)", ["uncc:2(e)(i)", "uncc:2(e)(ii)"]),
            (
                "malabo 29.3(g) and (h)",
                ["malabo:29(3)(g)", "malabo:29(3)(h)"],
            ),
            (
                "uncc article 29, paragraph 1 and 2",
                ["uncc:29(1)", "uncc:29(2)"],
            ),
            (
                "art. 16 al. 2 et 3 Budapest",
                ["budapest:16(2)", "budapest:16(3)"],
            ),
        ] {
            assert_eq!(cite(q), cited, "{q:?}");
        }
        // Ranges of labels, lists after a word for points, a paragraph word after "and".
        for (q, cited) in [
            (
                "uncc 41(3)(a) to (c)",
                &["uncc:41(3)(a)", "uncc:41(3)(b)", "uncc:41(3)(c)"][..],
            ),
            ("uncc 2(a)-(c)", &["uncc:2(a)", "uncc:2(b)", "uncc:2(c)"]),
            (
                "uncc 2(f)(i) to (iii)",
                &["uncc:2(f)(i)", "uncc:2(f)(ii)", "uncc:2(f)(iii)"],
            ),
            (
                "uncc 2(a) to (o)",
                &[
                    "uncc:2(a)",
                    "uncc:2(b)",
                    "uncc:2(c)",
                    "uncc:2(d)",
                    "uncc:2(e)",
                    "uncc:2(f)",
                    "uncc:2(g)",
                    "uncc:2(h)",
                    "uncc:2(i)",
                    "uncc:2(j)",
                    "uncc:2(k)",
                    "uncc:2(l)",
                    "uncc:2(m)",
                    "uncc:2(n)",
                    "uncc:2(o)",
                ],
            ),
            (
                "budapest 29(1)-(3)",
                &["budapest:29(1)", "budapest:29(2)", "budapest:29(3)"],
            ),
            ("uncc art 41 paras 1-2", &["uncc:41(1)", "uncc:41(2)"]),
            (
                "uncc 41 paragraphs 1 to 3",
                &["uncc:41(1)", "uncc:41(2)", "uncc:41(3)"],
            ),
            (
                "budapest 29(2) points (a) and (b)",
                &["budapest:29(2)(a)", "budapest:29(2)(b)"],
            ),
            (
                "budapest 29(2) lit. a and b",
                &["budapest:29(2)(a)", "budapest:29(2)(b)"],
            ),
            (
                "budapest article 29, paragraph 2, sub-paragraphs a to c",
                &[
                    "budapest:29(2)(a)",
                    "budapest:29(2)(b)",
                    "budapest:29(2)(c)",
                ],
            ),
            (
                "uncc article 16 paragraph 1 and paragraph 2",
                &["uncc:16(1)", "uncc:16(2)"],
            ),
            (
                "budapest 29, paragraph 2, point a and point b",
                &["budapest:29(2)(a)", "budapest:29(2)(b)"],
            ),
            (
                "budapest 29 paragraph 2 point a, point b",
                &["budapest:29(2)(a)", "budapest:29(2)(b)"],
            ),
            (
                "budapest 16 para 1 and para 2 and 17 para 1",
                &["budapest:16(1)", "budapest:16(2)", "budapest:17(1)"],
            ),
            // "§§" before the numbers is for articles, after an article for its paragraphs;
            // "§" after "and" is another article's.
            ("budapest §§ 2-3", &["budapest:2", "budapest:3"]),
            ("§§ 2 und 3 budapest", &["budapest:2", "budapest:3"]),
            (
                "budapest art. 16 §§ 1 and 2",
                &["budapest:16(1)", "budapest:16(2)"],
            ),
            (
                "budapest art 16 §§ 1-2",
                &["budapest:16(1)", "budapest:16(2)"],
            ),
            ("budapest §2 und §3", &["budapest:2", "budapest:3"]),
        ] {
            assert_eq!(cite(q), cited, "{q:?}");
        }
        // Citations of several treaties, a list after each name.
        for (q, cited) in [
            (
                "uncc 7(1) and (2) and budapest 2",
                &["uncc:7(1)", "uncc:7(2)", "budapest:2"][..],
            ),
            (
                "budapest 2 and 3 and uncc 7",
                &["budapest:2", "budapest:3", "uncc:7"],
            ),
            (
                "compare uncc 7 with budapest 2 and 3",
                &["uncc:7", "budapest:2", "budapest:3"],
            ),
            // Names after the numbers: a list belongs to the name after it.
            (
                "article 7 uncc and articles 2 and 3 budapest",
                &["uncc:7", "budapest:2", "budapest:3"],
            ),
            (
                "art. 16 budapest and art. 17 and 18 uncc",
                &["budapest:16", "uncc:17", "uncc:18"],
            ),
            ("uncc 7 und budapest 2", &["uncc:7", "budapest:2"]),
            ("budapest 2 et uncc 7", &["budapest:2", "uncc:7"]),
        ] {
            assert_eq!(cite(q), cited, "{q:?}");
        }
        // Words describing the article after parts of it.
        assert_eq!(
            cite("budapest article 29 paragraph 1 and paragraph 2 (expedited preservation)"),
            ["budapest:29(1)", "budapest:29(2)"]
        );
        // A word for an article ends a list of paragraphs.
        assert_eq!(
            cite("budapest article 16, paragraphs 1 and 2, and article 17"),
            ["budapest:16(1)", "budapest:16(2)", "budapest:17"]
        );
        assert_eq!(cite("budapest art 7 et 8"), ["budapest:7", "budapest:8"]);
        // One citation is read by `parse` too; several only by `parse_all`.
        assert_eq!(parse("budapest 2 and 3", &corpus), None);
        for q in [
            "budapest 16 2",
            "budapest 2 and data",
            "budapest 2-40",
            "budapest 5-3",
            "budapest 2(1)-4",
            "budapest 2 -",
            "budapest (2) and 3",
            "budapest 29(1) and (b)",
            "budapest 29(3)-(1)",
            "budapest 29(2)(a) to (3)",
            "budapest 29(2) lit. a and 3",
            "uncc 2(a)-(c)(i)",
            "budapest article 7 et al",
        ] {
            assert_eq!(cite(q), Vec::<String>::new(), "{q:?}");
        }
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
        let (rest, ids) = treaty_names("extradition UN convention on cybercrime", &corpus);
        assert_eq!(
            (rest.as_str(), ids),
            ("extradition", vec!["uncc".to_string()])
        );
        let (rest, ids) = treaty_names("extradition, Convention on Cybercrime,", &corpus);
        assert_eq!(
            (rest.as_str(), ids),
            ("extradition,", vec!["budapest".to_string()])
        );
        let (_, ids) = treaty_names("international cooperation", &corpus);
        assert!(ids.is_empty());
        // Regression: "a protocol" is any protocol, not the First Additional Protocol.
        let (_, ids) = treaty_names("amendment of a protocol", &corpus);
        assert!(ids.is_empty());
        // Nor is the Second Additional Protocol, nor a shorter name within its name.
        for q in [
            "second additional protocol electronic evidence",
            "2nd additional protocol",
            "how is a new protocol adopted",
            "future protocol on data",
        ] {
            let (rest, ids) = treaty_names(q, &corpus);
            assert_eq!((rest.as_str(), ids.len()), (q, 0), "{q:?}");
        }
        // Nor is a technical protocol, or a set of rules.
        for q in [
            "data protection protocol",
            "incident response protocol for banks",
            "internet protocol address",
            "IP protocol logs",
            "network protocol interception",
            "data sent by (internet protocol)",
        ] {
            let (rest, ids) = treaty_names(q, &corpus);
            assert_eq!((rest.as_str(), ids.len()), (q, 0), "{q:?}");
        }
        let (_, ids) = treaty_names("reservations protocol", &corpus);
        assert_eq!(ids, ["budapest-p1"]);
        let (_, ids) = treaty_names("first additional protocol reservations", &corpus);
        assert_eq!(ids, ["budapest-p1"]);
        // A protocol after a treaty's name is that treaty's: the Additional Protocol only
        // after its parent's.
        let (rest, ids) = treaty_names("join the UN cybercrime convention protocol", &corpus);
        assert_eq!(
            (rest.as_str(), ids),
            ("join protocol", vec!["uncc".to_string()])
        );
        let (_, ids) = treaty_names("join a UN cybercrime convention protocol", &corpus);
        assert!(ids.is_empty());
        for q in [
            "budapest protocol racism",
            "budapest convention protocol racism",
        ] {
            let (_, ids) = treaty_names(q, &corpus);
            assert_eq!(ids, ["budapest", "budapest-p1"], "{q:?}");
        }
        for (q, named) in [
            ("malabo protocol court", "malabo"),
            ("au protocol racism", "malabo"),
            ("uncc additional protocol racism", "uncc"),
            ("UN additional protocol racism", "uncc"),
        ] {
            let (_, ids) = treaty_names(q, &corpus);
            assert_eq!(ids, [named], "{q:?}");
        }
        let (_, mut ids) = treaty_names("uncc, protocol racism", &corpus);
        ids.sort();
        assert_eq!(ids, ["budapest-p1", "uncc"]);
        // A name that goes on as another instrument's name is that instrument's.
        for q in [
            "UN Convention on the Rights of the Child",
            "UN convention against corruption",
            "UN Charter article 102",
            "registration with the UN Secretary-General",
            "UN General Assembly resolution",
            "UN Secretary General depositary",
        ] {
            let (rest, ids) = treaty_names(q, &corpus);
            assert_eq!((rest.as_str(), ids.len()), (q, 0), "{q:?}");
        }
        for q in [
            "extradition UN convention on cybercrime",
            "UN treaty on cybercrime extradition",
            "UNCC on extradition",
            "UN security measures",
            "UN general principles",
        ] {
            let (_, ids) = treaty_names(q, &corpus);
            assert_eq!(ids, ["uncc"], "{q:?}");
        }
        let (rest, ids) = treaty_names("malabo's data protection rules", &corpus);
        assert_eq!(
            (rest.as_str(), ids),
            ("data protection rules", vec!["malabo".to_string()])
        );
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
    fn reads_a_reference_among_other_words() {
        let corpus = corpus();
        let citations = Citations::new(&corpus);
        let among = |query: &str, treaty: &str| {
            let ids = citations.reference_among(query, treaty, &corpus);
            ids.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        };
        for (query, treaty, read) in [
            ("uncc 7 hacking", "uncc", "uncc:7"),
            ("hacking uncc art. 7", "uncc", "uncc:7"),
            ("article 7 of the uncc, hacking", "uncc", "uncc:7"),
            ("uncc §7 hacking", "uncc", "uncc:7"),
            ("uncc 2024 art 7 hacking", "uncc", "uncc:7"),
            ("uncc 41(3) hacking", "uncc", "uncc:41(3)"),
            ("uncc 41(3)(z) hacking", "uncc", "uncc:41"),
            // A query that names no treaty: after a word for an article.
            ("art 7 hacking", "uncc", "uncc:7"),
            ("hacking art 7", "budapest", "budapest:7"),
            ("hacking article 7(1)", "uncc", "uncc:7(1)"),
            // A list or a range.
            ("uncc 7 and 8 hacking", "uncc", "uncc:7 uncc:8"),
            ("uncc 7, 8 hacking", "uncc", "uncc:7 uncc:8"),
            ("uncc 7-9 hacking", "uncc", "uncc:7 uncc:8 uncc:9"),
            (
                "hacking articles 2 to 4 budapest",
                "budapest",
                "budapest:2 budapest:3 budapest:4",
            ),
            ("uncc 7 and 8b hacking", "uncc", "uncc:7 uncc:8"),
            ("article 7 of the uncc, hacking", "uncc", "uncc:7"),
            // A word for points among words is a word unless a label follows it.
            ("budapest 27 letters rogatory", "budapest", "budapest:27"),
            ("uncc 41 points of contact", "uncc", "uncc:41"),
            ("uncc 16 items seized", "uncc", "uncc:16"),
        ] {
            assert_eq!(among(query, treaty), read, "{query:?}");
        }
        for (query, treaty) in [
            // A number of things.
            ("uncc 40 states needed", "uncc"),
            ("uncc 40 ratifying states", "uncc"),
            ("budapest 10 euros fraud", "budapest"),
            ("budapest 5 signatures", "budapest"),
            ("uncc 3 or more persons", "uncc"),
            // Another instrument's article.
            ("budapest article 8 ECHR privacy", "budapest"),
            ("uncc sovereignty article 2 of the UN charter", "uncc"),
            ("art 2 of the Charter sovereignty", "uncc"),
            ("gdpr article 6(1) consent malabo", "malabo"),
            ("budapest hacking section 3(1)", "budapest"),
            // Another treaty's name beside it.
            ("art 7 uncc hacking", "budapest"),
            ("gdpr art 6 consent", "malabo"),
            ("personal data GDPR, article 8", "malabo"),
            ("personal data article 8 of the EU charter", "malabo"),
            (
                "privacy article 8 of the european convention on human rights",
                "malabo",
            ),
            ("personal data Convention 108 article 8", "malabo"),
            ("illegal access directive 2013/40 article 3", "budapest"),
            ("fraud article 8 of the criminal code", "budapest"),
            // A paragraph in words: the citation reader's.
            ("uncc 41 para 3 hacking", "uncc"),
            // A glued letter that is no point, a number that is no article, a number
            // away from the name.
            ("budapest 3d printed weapons", "budapest"),
            ("uncc 5g networks", "uncc"),
            ("uncc 99 hacking", "uncc"),
            ("uncc hacking 7", "uncc"),
        ] {
            assert_eq!(among(query, treaty), "", "{query:?}");
        }
    }

    #[test]
    fn articles_cited_by_number_alone() {
        for text in [
            "art 7",
            "see arts. 7-9",
            "articles 7 and 8(1)",
            "cf. article 2",
        ] {
            assert!(Citations::cites_by_number(text), "{text:?}");
        }
        for text in ["7", "art", "art hacking", "hacking art 7", "see 7"] {
            assert!(!Citations::cites_by_number(text), "{text:?}");
        }
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
