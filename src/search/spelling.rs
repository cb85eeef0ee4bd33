//! Typo correction: a word neither the treaties, the subject index nor the thesaurus know is
//! read as the nearest word one of them has. The thesaurus's words count, so "phising" becomes
//! "phishing" even though no treaty says "phishing"; the subject index's keywords count as
//! text of the articles they describe. A word of English ([`is_english`]) is corrected only
//! where the context says it is a slip (see `Engine::correction`).

use std::collections::HashMap;

use super::thesaurus::Thesaurus;

/// The words typo correction may lead to.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: Vec<Word>,
}

#[derive(Debug)]
struct Word {
    text: String,
    /// Occurrences in the treaties and the keywords, or for a word only the thesaurus has, in
    /// its wordings.
    count: u32,
    letters: Letters,
    /// Whether a wording of the thesaurus has it: the words people type for a concept.
    in_thesaurus: bool,
}

/// Whether `word` is an English word (in any case, punctuation around it aside), in the
/// Wordnik list: such a word the treaties and the thesaurus lack is not taken for a typo
/// unless its context says so ("actually" is not "annually"; "statue of limitations" is).
pub fn is_english(word: &str) -> bool {
    let word = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    word.is_ascii() && wordnik_list::word_exists(&word)
}

impl Vocabulary {
    /// The words (lowercased, letters only, four letters or more) of `texts` (the treaty texts
    /// and keywords) and of the thesaurus (its wordings and its groups of same words).
    pub fn new<S: AsRef<str>>(texts: impl IntoIterator<Item = S>, thesaurus: &Thesaurus) -> Self {
        let mut counts: HashMap<String, (u32, bool)> = HashMap::new();
        for text in texts {
            for w in words(text.as_ref()) {
                counts.entry(w).or_default().0 += 1;
            }
        }
        let mut only_thesaurus: HashMap<String, u32> = HashMap::new();
        for wording in thesaurus.typed() {
            for w in words(wording) {
                match counts.get_mut(&w) {
                    Some((_, in_thesaurus)) => *in_thesaurus = true,
                    None => *only_thesaurus.entry(w).or_default() += 1,
                }
            }
        }
        let mut words: Vec<Word> = counts
            .into_iter()
            .map(|(text, (count, in_thesaurus))| (text, count, in_thesaurus))
            .chain(only_thesaurus.into_iter().map(|(w, n)| (w, n, true)))
            .map(|(text, count, in_thesaurus)| Word {
                letters: letters(&text),
                text,
                count,
                in_thesaurus,
            })
            .collect();
        words.sort_by(|a, b| a.text.cmp(&b.text));
        Vocabulary { words }
    }

    /// The word closest to `word` in edit distance (1 for short words, 2 for words of eight
    /// letters or more): on ties a word of the thesaurus, since people type its words, then
    /// one that is not the typed word without its first letter, since people seldom type a
    /// stray letter before a word ("ilegal" is "illegal", not "legal"), then the more
    /// frequent.
    pub fn nearest(&self, word: &str) -> Option<String> {
        self.nearest_all(word).into_iter().next()
    }

    /// The words closest to `word` in edit distance, in the order [`Vocabulary::nearest`]
    /// prefers them; empty when none is near enough.
    pub fn nearest_all(&self, word: &str) -> Vec<String> {
        let word = word.to_lowercase();
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let len = word.chars().count();
        if len < 4 || !word.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        let max = if len >= 8 { 2 } else { 1 };
        let letters = letters(word);
        // People seldom type a stray letter before a word: "ilegal" is not "legal".
        let rest = word.char_indices().nth(1).map_or("", |(i, _)| &word[i..]);
        let mut near: Vec<_> = self
            .words
            .iter()
            .filter(|w| {
                w.text.len().abs_diff(word.len()) <= max
                    && distance_bound(&w.letters, &letters) <= 2 * max
            })
            .map(|w| {
                (
                    strsim::damerau_levenshtein(word, &w.text),
                    !w.in_thesaurus,
                    w.text == rest,
                    std::cmp::Reverse(w.count),
                    &w.text,
                )
            })
            .filter(|(d, ..)| *d <= max && *d > 0)
            .collect();
        near.sort();
        let Some(&(nearest, ..)) = near.first() else {
            return Vec::new();
        };
        near.into_iter()
            .take_while(|(d, ..)| *d == nearest)
            .map(|(.., w)| w.clone())
            .collect()
    }
}

/// The words of four letters or more, lowercased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
}

/// How often each letter a–z occurs in a word, with one count for all other characters.
type Letters = [u8; 27];

fn letters(word: &str) -> Letters {
    let mut l = [0u8; 27];
    for c in word.chars() {
        let i = match c {
            'a'..='z' => c as usize - 'a' as usize,
            _ => 26,
        };
        l[i] = l[i].saturating_add(1);
    }
    l
}

/// A lower bound on twice the edit distance of two words: an insertion, deletion or
/// substitution changes the letter counts by at most two, a transposition not at all.
fn distance_bound(a: &Letters, b: &Letters) -> usize {
    a.iter().zip(b).map(|(x, y)| x.abs_diff(*y) as usize).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(treaty: &str, thesaurus: &str) -> Vocabulary {
        Vocabulary::new([treaty], &Thesaurus::parse(thesaurus).unwrap())
    }

    const FRAUD: &str = "[[concept]]\nid = \"fraud\"\nterms = [\"fraud\"]\nlay = [\"phishing\", \"ransomware\", \"extort\"]\n";

    #[test]
    fn a_misspelt_lay_word_becomes_the_thesaurus_word() {
        let v = vocabulary("Computer-related fraud.", FRAUD);
        assert_eq!(v.nearest("phising").as_deref(), Some("phishing"));
        assert_eq!(v.nearest("Ransomeware").as_deref(), Some("ransomware"));
    }

    #[test]
    fn a_thesaurus_word_wins_a_tie_with_a_more_frequent_treaty_word() {
        let v = vocabulary(
            "worn worn worn",
            "[[concept]]\nid = \"malware\"\nterms = [\"program\"]\nlay = [\"worm\"]\n",
        );
        assert_eq!(v.nearest("word").as_deref(), Some("worm"));
    }

    #[test]
    fn the_typed_word_without_its_first_letter_loses_a_tie() {
        // "ilegal" is one edit from "legal", the more frequent, and from "illegal".
        let v = vocabulary("legal legal legal illegal", FRAUD);
        assert_eq!(v.nearest("ilegal").as_deref(), Some("illegal"));
        assert_eq!(v.nearest_all("ilegal"), ["illegal", "legal"]);
        // Other slips of the first letter are as likely as any.
        let v = vocabulary("hacking hacking asking", FRAUD);
        assert_eq!(v.nearest("acking").as_deref(), Some("hacking"));
        let v = vocabulary("fraud fraud raid", FRAUD);
        assert_eq!(v.nearest("raud").as_deref(), Some("fraud"));
    }

    #[test]
    fn a_closer_treaty_word_wins_over_a_thesaurus_word() {
        let v = vocabulary("extortion of funds and blackmail", FRAUD);
        assert_eq!(v.nearest("extorsion").as_deref(), Some("extortion"));
    }

    #[test]
    fn only_long_words_may_be_two_edits_away() {
        let v = vocabulary("", FRAUD);
        assert_eq!(v.nearest("ransomwear").as_deref(), Some("ransomware"));
        let v = vocabulary(
            "",
            "[[concept]]\nid = \"m\"\nterms = [\"m\"]\nlay = [\"malware\"]\n",
        );
        assert_eq!(v.nearest("malwear"), None);
        assert_eq!(v.nearest("malwar").as_deref(), Some("malware"));
    }

    #[test]
    fn every_word_as_near_is_listed_in_order_of_preference() {
        let v = vocabulary(
            "state state state statute",
            "[[concept]]\nid = \"m\"\nterms = [\"m\"]\nlay = [\"stature\"]\n",
        );
        assert_eq!(v.nearest_all("statue"), ["stature", "state", "statute"]);
        assert_eq!(v.nearest("statue").as_deref(), Some("stature"));
    }

    #[test]
    fn known_short_and_numbered_words_are_left_alone() {
        let v = vocabulary("fraud data", FRAUD);
        assert_eq!(v.nearest("fraud"), None);
        assert_eq!(v.nearest("dta"), None);
        assert_eq!(v.nearest("fraud2"), None);
    }
}
