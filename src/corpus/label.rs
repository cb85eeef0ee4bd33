//! The numbers and letters that open a paragraph line: "1.", "(a)", "a)", "b.", "(ii)",
//! "Principle 3:", "•". Which level a letter belongs to is decided by the tree builder. Also
//! what labels are and how they count ("(a)" to "(c)", "(i)" to "(iii)"), for the readers of
//! citations in the treaties' text and in queries.

/// A label found at the start of a line, and the byte offset where the words begin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub kind: LabelKind,
    /// The label as printed, without the space after it.
    pub printed: String,
    /// Where the words after the label begin.
    pub rest: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelKind {
    /// "1." — a paragraph number.
    Number(u32),
    /// "Principle 1:" — Malabo article 13's numbered principles.
    Principle(u32),
    /// "(a)", "a)", "(ii)", "ii)" — a letter or a roman number; "(i)" may be either.
    Alpha(String),
    /// "a." — a letter written with a full stop (Malabo).
    LetterDot(String),
    /// "•" or "–" opening a list item.
    Bullet,
}

pub fn parse(line: &str) -> Option<Label> {
    let make = |kind, end: usize| {
        let rest = end + line[end..].len() - line[end..].trim_start().len();
        (rest > end || end == line.len()).then(|| Label {
            kind,
            printed: line[..end].to_string(),
            rest,
        })
    };
    if let Some(after) = line.strip_prefix("Principle ") {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(':') {
            let n = after[..digits].parse().ok()?;
            return make(LabelKind::Principle(n), "Principle ".len() + digits + 1);
        }
        return None;
    }
    for bullet in ["•", "–"] {
        if line.starts_with(bullet) {
            return make(LabelKind::Bullet, bullet.len());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && line[digits..].starts_with('.') {
        return make(LabelKind::Number(line[..digits].parse().ok()?), digits + 1);
    }
    let (open, body) = match line.strip_prefix('(') {
        Some(body) => (1, body),
        None => (0, line),
    };
    let letters = body.bytes().take_while(u8::is_ascii_lowercase).count();
    if letters == 0 || letters > 5 {
        return None;
    }
    let word = &body[..letters];
    let alpha_ok = letters == 1 || is_roman(word);
    match body.as_bytes().get(letters) {
        Some(b')') if alpha_ok => make(LabelKind::Alpha(word.to_string()), open + letters + 1),
        Some(b'.') if open == 0 && letters == 1 => {
            make(LabelKind::LetterDot(word.to_string()), letters + 1)
        }
        _ => None,
    }
}

pub fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'))
}

/// A paragraph's label: digits only ("3").
pub fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a label that may be a letter or a roman numeral ("i", "v", "x", "ii") is the
/// numeral, given the label of the part it is in: when longer than one letter, or below a
/// letter ("(i)" of 2(f)(i) is a numeral, of 29(3)(i) a letter).
pub fn is_numeral(s: &str, within: Option<&str>) -> bool {
    is_roman(s) && (s.len() > 1 || within.is_some_and(|w| !is_number(w)))
}

/// A point's label: one letter ("b") or a roman numeral ("iv").
pub fn is_letter_label(s: &str) -> bool {
    (s.len() == 1 && s.bytes().all(|b| b.is_ascii_lowercase())) || is_roman(s)
}

/// The value of a roman numeral of "i", "v" and "x": "iv" → 4.
fn roman_value(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    u32::try_from(total).ok().filter(|&n| n > 0)
}

/// `n` as a lowercase roman numeral: 4 → "iv".
fn roman(mut n: u32) -> String {
    let mut s = String::new();
    for (value, digits) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= value {
            s.push_str(digits);
            n -= value;
        }
    }
    s
}

/// The labels from `from` to `to`, both included, when they count alike and `from` comes
/// first, at most `max` apart: "7" to "10", "a" to "c", "i" to "iii". `numerals` reads "i",
/// "v" and "x" alone as roman numerals rather than letters.
pub fn range(from: &str, to: &str, numerals: bool, max: u32) -> Option<Vec<String>> {
    let within = |x: u32, y: u32| x < y && y - x <= max;
    if let (Ok(x), Ok(y)) = (from.parse::<u32>(), to.parse::<u32>()) {
        return within(x, y).then(|| (x..=y).map(|n| n.to_string()).collect());
    }
    if numerals || from.len() > 1 || to.len() > 1 {
        let (x, y) = (roman_value(from)?, roman_value(to)?);
        return within(x, y).then(|| (x..=y).map(roman).collect());
    }
    match (from.as_bytes(), to.as_bytes()) {
        ([x @ b'a'..=b'z'], [y @ b'a'..=b'z']) if within(u32::from(*x), u32::from(*y)) => {
            Some((*x..=*y).map(|c| char::from(c).to_string()).collect())
        }
        _ => None,
    }
}

/// The letter after `s` when `s` is one letter: "h" → "i".
pub fn next_letter(s: &str) -> Option<String> {
    match s.as_bytes() {
        [c @ b'a'..=b'y'] => Some(char::from(c + 1).to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<LabelKind> {
        parse(line).map(|l| l.kind)
    }

    #[test]
    fn reads_each_label_style() {
        assert_eq!(kind("1. Each Party"), Some(LabelKind::Number(1)));
        assert_eq!(
            kind("(a) The obtaining"),
            Some(LabelKind::Alpha("a".into()))
        );
        assert_eq!(kind("a) any input"), Some(LabelKind::Alpha("a".into())));
        assert_eq!(kind("(ii) a password"), Some(LabelKind::Alpha("ii".into())));
        assert_eq!(kind("b. However"), Some(LabelKind::LetterDot("b".into())));
        assert_eq!(
            kind("Principle 4: Principle of accuracy"),
            Some(LabelKind::Principle(4))
        );
        assert_eq!(kind("• The rules"), Some(LabelKind::Bullet));
        assert_eq!(kind("– the European Convention"), Some(LabelKind::Bullet));
    }

    #[test]
    fn ordinary_words_are_not_labels() {
        assert_eq!(kind("Each Party shall"), None);
        assert_eq!(kind("with the intent that"), None);
        assert_eq!(kind("(or this) Convention"), None);
        assert_eq!(kind("2014 was a year"), None);
        assert_eq!(kind("etc.) and more"), None);
    }

    #[test]
    fn words_start_after_the_space() {
        let label = parse("(iii) Any other information").unwrap();
        assert_eq!(label.printed, "(iii)");
        assert_eq!(
            &"(iii) Any other information"[label.rest..],
            "Any other information"
        );
    }

    #[test]
    fn ranges_count_numbers_letters_and_numerals() {
        let r = |a, b, roman| range(a, b, roman, 12);
        assert_eq!(r("7", "10", false).unwrap(), ["7", "8", "9", "10"]);
        assert_eq!(r("a", "c", false).unwrap(), ["a", "b", "c"]);
        assert_eq!(r("i", "iv", false).unwrap(), ["i", "ii", "iii", "iv"]);
        assert_eq!(r("i", "v", true).unwrap(), ["i", "ii", "iii", "iv", "v"]);
        // "i" to "l" as letters.
        assert_eq!(r("i", "l", false).unwrap(), ["i", "j", "k", "l"]);
        for (a, b) in [
            ("3", "1"),
            ("c", "a"),
            ("a", "3"),
            ("1", "20"),
            ("a", "z"),
            ("x", "ab"),
        ] {
            assert_eq!(r(a, b, false), None, "{a} to {b}");
        }
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman(14), "xiv");
    }

    #[test]
    fn next_letter_steps_through_the_alphabet() {
        assert_eq!(next_letter("h").as_deref(), Some("i"));
        assert_eq!(next_letter("ii"), None);
        assert_eq!(next_letter("z"), None);
    }
}
