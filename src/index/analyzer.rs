//! The analyzer for treaty text and queries: words, lowercased, accents folded, British and
//! American spellings made one, a few words kept apart that the English stemmer would merge
//! with unrelated ones, then English stems.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Spelling)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Words the stemmer would reduce to the stem of an unrelated word, with a word of their own
/// meaning that it stems apart: "accession" is not "access". A replacement ending in "_" is
/// a stem of its own: the stemmer leaves it as it is, and no word typed can match it
/// otherwise (the tokenizer splits words at "_").
const KEEP_APART: &[(&str, &str)] = &[
    ("accession", "accede"),
    ("accessions", "accede"),
    ("acceding", "accede"),
    ("accedes", "accede"),
    // "Personal data" is not about persons: "legal persons" should not find every article
    // on data protection.
    ("personal", "personal_"),
    ("personally", "personal_"),
    // The proceeds of crime are not criminal proceedings.
    ("proceeds", "proceeds_"),
    // The right to object is not the Convention's objectives.
    ("objective", "objective_"),
    ("objectives", "objective_"),
    ("objectively", "objective_"),
    // The United Nations are not nationality (jurisdiction); "national" and "nationals"
    // stay together.
    ("nation", "nations_"),
    ("nations", "nations_"),
    ("nationality", "nationality_"),
    ("nationalities", "nationality_"),
    // Raising awareness is not sensitive data.
    ("sensitize", "sensitize_"),
    ("sensitizes", "sensitize_"),
    ("sensitizing", "sensitize_"),
    ("sensitized", "sensitize_"),
    ("sensitised", "sensitize_"),
    ("sensitization", "sensitize_"),
    ("sensitise", "sensitize_"),
    ("sensitises", "sensitize_"),
    ("sensitising", "sensitize_"),
    ("sensitisation", "sensitize_"),
    // A constitution is not what "constitutes" an offence.
    ("constitution", "constitution_"),
    ("constitutions", "constitution_"),
    ("constitutional", "constitution_"),
    ("constitutionally", "constitution_"),
    // Authors (copyright) are not authorities, and neither is what is authorized.
    ("author", "author_"),
    ("authors", "author_"),
    ("authority", "authority_"),
    ("authorities", "authority_"),
    // "Import" of tools is not "importance".
    ("importance", "importance_"),
    ("important", "importance_"),
    ("importantly", "importance_"),
    // A designated authority is not a device "designed" for an offence.
    ("designate", "designate_"),
    ("designates", "designate_"),
    ("designated", "designate_"),
    ("designating", "designate_"),
    ("designation", "designate_"),
    ("designations", "designate_"),
];

/// Words ending in "-ise" whose "-ize" form is not a word.
const ISE_WORDS: &[&str] = &[
    "advis",
    "apprais",
    "aris",
    "chastis",
    "compris",
    "compromis",
    "concis",
    "demis",
    "despis",
    "devis",
    "disguis",
    "enterpris",
    "exercis",
    "expertis",
    "franchis",
    "improvis",
    "incis",
    "merchandis",
    "otherwis",
    "paradis",
    "pois",
    "prais",
    "precis",
    "premis",
    "promis",
    "rais",
    "revis",
    "ris",
    "supervis",
    "surmis",
    "televis",
    "treatis",
    "wis",
    "likewis",
    "nois",
    "cruis",
    "bruis",
    "excis",
];

/// British "-ise/-isation" spellings as American "-ize/-ization", so the Budapest
/// Convention's "criminalisation" meets the UN Convention's "criminalization".
fn american(word: &str) -> Option<String> {
    const SUFFIXES: &[&str] = &[
        "isations", "isation", "ising", "ised", "ises", "iser", "isers", "ise",
    ];
    let suffix = SUFFIXES.iter().find(|s| word.ends_with(*s))?;
    let base = &word[..word.len() - suffix.len()];
    if base.len() < 3 || ISE_WORDS.contains(&format!("{base}is").as_str()) {
        return None;
    }
    Some(format!("{base}iz{}", &suffix[2..]))
}

#[derive(Clone, Copy)]
struct Spelling;

impl TokenFilter for Spelling {
    type Tokenizer<T: Tokenizer> = SpellingFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> SpellingFilter<T> {
        SpellingFilter { inner }
    }
}

#[derive(Clone)]
struct SpellingFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SpellingFilter<T> {
    type TokenStream<'a> = SpellingStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SpellingStream {
            tail: self.inner.token_stream(text),
        }
    }
}

struct SpellingStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for SpellingStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some((_, kept)) = KEEP_APART.iter().find(|(w, _)| *w == token.text) {
            token.text = (*kept).to_string();
        } else if let Some(american) = american(&token.text) {
            token.text = american;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use crate::search::analysis::stems;

    #[test]
    fn accession_is_not_access() {
        assert_ne!(stems("accession"), stems("access"));
        assert_eq!(stems("accession"), stems("accede"));
    }

    #[test]
    fn words_kept_apart_stem_apart() {
        for (word, unrelated) in [
            ("personal", "persons"),
            ("proceeds", "proceedings"),
            ("objectives", "object"),
            ("nations", "national"),
            ("nationality", "national"),
            ("sensitization", "sensitive"),
            ("constitutional", "constitutes"),
            ("authors", "authority"),
            ("authorities", "authorized"),
            ("importance", "import"),
            ("designated", "designed"),
        ] {
            assert_ne!(stems(word), stems(unrelated), "{word} / {unrelated}");
        }
        assert_eq!(stems("personal"), stems("personally"));
        assert_eq!(stems("nationals"), stems("national"));
        assert_eq!(stems("important"), stems("importance"));
        assert_eq!(stems("sensitisation"), stems("sensitization"));
        assert_eq!(stems("Designated"), ["designate_"]);
    }

    #[test]
    fn british_and_american_spellings_meet() {
        assert_eq!(stems("criminalisation"), stems("criminalization"));
        assert_eq!(stems("authorised"), stems("authorized"));
        assert_eq!(stems("organised crime"), stems("organized crime"));
        assert_ne!(stems("otherwise"), stems("otherwize"));
        assert_eq!(stems("exercise"), ["exercis"]);
    }
}
