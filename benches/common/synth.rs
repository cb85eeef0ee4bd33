//! Synthetic corpora ×N the size of the real one, in the same Markdown format: the four real
//! files, plus N − 1 perturbed copies of each under new treaty ids.
//!
//! A copy keeps every heading and every paragraph label (`1\.`, `(a)`, `ii)`, `•`, …) where it
//! is, so articles stay numbered 1..n and the parser builds the same tree. What changes:
//! - front matter: `id = "uncc"` → `id = "uncc-x7"`, `position` unique, `aliases` and
//!   `names` dropped, `short_title`/`abbreviation` suffixed (they are treaty names a query can
//!   use), `parent` pointed at the copy of the parent;
//! - inside each article, the words after the labels are shuffled between its paragraphs;
//! - in article and preamble text, about one lowercase word in ten (four letters or more) is
//!   replaced by a word drawn from the whole file, so articles exchange words.
//!
//! The vocabulary does not grow: every word of a copy is a word of the original.
//! `concordance.toml` is not copied (its rows name the real ids only); `thesaurus.toml` is.

use std::path::Path;

/// The real corpus files to copy (README and concordance left out).
pub fn sources() -> Vec<(String, String)> {
    let dir = concord::default_corpus_dir();
    concord::corpus::corpus_files(dir)
        .expect("the corpus folder lists")
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).expect("a corpus file reads");
            (name, text)
        })
        .collect()
}

/// Writes a corpus `factor` times the size of the real one into `dir` (created).
pub fn generate(dir: &Path, factor: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let real = concord::default_corpus_dir();
    std::fs::copy(real.join("thesaurus.toml"), dir.join("thesaurus.toml"))?;
    for (name, text) in sources() {
        std::fs::write(dir.join(&name), &text)?;
        let stem = name.trim_end_matches(".md");
        for copy in 1..factor {
            let seed = (copy as u64) << 32 ^ hash(stem.as_bytes());
            let out = perturb(&text, copy, seed);
            std::fs::write(dir.join(format!("{stem}-x{copy}.md")), out)?;
        }
    }
    Ok(())
}

/// One perturbed copy of a corpus file.
pub fn perturb(text: &str, copy: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let lines: Vec<&str> = text.lines().collect();
    let fences: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == "+++")
        .map(|(i, _)| i)
        .take(2)
        .collect();
    assert_eq!(fences.len(), 2, "front matter between +++ lines");
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in &lines[..=fences[1]] {
        if let Some(line) = front_matter(line, copy) {
            out.push(line);
        }
    }

    // Lines of the body, with the article (or preamble) each text line belongs to.
    #[derive(PartialEq, Clone, Copy)]
    enum Place {
        Article(usize),
        Preamble,
        Other,
    }
    let body = &lines[fences[1] + 1..];
    let mut place = Place::Other;
    let mut articles = 0;
    let mut places = Vec::with_capacity(body.len());
    for line in body {
        if line.starts_with('#') {
            let heading = line.trim_start_matches('#').trim();
            place = if heading.eq_ignore_ascii_case("preamble") {
                Place::Preamble
            } else if is_article_heading(heading) {
                articles += 1;
                Place::Article(articles)
            } else {
                Place::Other
            };
            places.push(Place::Other);
        } else if line.trim().is_empty() {
            places.push(Place::Other);
        } else {
            places.push(place);
        }
    }

    // Split movable lines into label and words.
    let mut parts: Vec<(String, String)> = body
        .iter()
        .zip(&places)
        .map(|(line, p)| match p {
            Place::Other => (line.to_string(), String::new()),
            _ => {
                let (label, words) = split_label(line);
                (label.to_string(), words.to_string())
            }
        })
        .collect();

    // Shuffle the words between the paragraphs of each article.
    for article in 1..=articles {
        let slots: Vec<usize> = (0..parts.len())
            .filter(|&i| places[i] == Place::Article(article) && !parts[i].1.is_empty())
            .collect();
        let mut texts: Vec<String> = slots
            .iter()
            .map(|&i| std::mem::take(&mut parts[i].1))
            .collect();
        for i in (1..texts.len()).rev() {
            let j = rng.below(i + 1);
            texts.swap(i, j);
        }
        for (&slot, text) in slots.iter().zip(texts) {
            parts[slot].1 = text;
        }
    }

    // Swap about one word in ten for a word from elsewhere in the file.
    let pool: Vec<String> = parts
        .iter()
        .zip(&places)
        .filter(|(_, p)| **p != Place::Other)
        .flat_map(|((_, words), _)| swappable(words).map(|r| words[r].to_string()))
        .collect();
    for (part, p) in parts.iter_mut().zip(&places) {
        if *p == Place::Other || pool.is_empty() {
            continue;
        }
        let words = &part.1;
        let mut new = String::with_capacity(words.len());
        let mut last = 0;
        for r in swappable(words) {
            if rng.below(10) == 0 {
                new.push_str(&words[last..r.start]);
                new.push_str(&pool[rng.below(pool.len())]);
                last = r.end;
            }
        }
        new.push_str(&words[last..]);
        part.1 = new;
    }

    for ((label, words), p) in parts.into_iter().zip(&places) {
        out.push(match (*p, label.is_empty(), words.is_empty()) {
            (Place::Other, _, _) | (_, _, true) => label,
            (_, true, false) => words,
            (_, false, false) => format!("{label} {words}"),
        });
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn front_matter(line: &str, copy: usize) -> Option<String> {
    let Some((key, value)) = line.split_once(" = ") else {
        return Some(line.to_string());
    };
    let quoted = |v: &str| v.trim().trim_matches('"').to_string();
    Some(match key.trim() {
        "id" | "parent" => format!("{key} = \"{}-x{copy}\"", quoted(value)),
        "position" => {
            let p: usize = value.trim().parse().expect("a position number");
            format!("position = {}", 10 * copy + p)
        }
        "aliases" | "names" => return None,
        "short_title" => format!("{key} = \"{} (copy x{copy})\"", quoted(value)),
        "abbreviation" => format!("{key} = \"{} x{copy}\"", quoted(value)),
        _ => line.to_string(),
    })
}

/// `Article 12 – Title` or `Article 12: Title` (not the annex's `Article 12` note headings).
fn is_article_heading(heading: &str) -> bool {
    let Some(rest) = heading.strip_prefix("Article ") else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (rest[digits..].starts_with(" – ") || rest[digits..].starts_with(':'))
}

/// The labels a line starts with (`1\.`, `(a)`, `ii)`, `a.`, `•`, `–`, `Principle 1:`, several
/// in a row), and the words after them.
fn split_label(line: &str) -> (&str, &str) {
    let mut end = 0;
    loop {
        let rest = &line[end..];
        let token = rest.split(' ').next().unwrap_or("");
        let len = if token == "Principle" {
            let number = rest["Principle ".len().min(rest.len())..]
                .split(' ')
                .next()
                .unwrap_or("");
            if number.ends_with(':')
                && number[..number.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            {
                "Principle ".len() + number.len()
            } else {
                0
            }
        } else if is_label(token) {
            token.len()
        } else {
            0
        };
        if len == 0 {
            break;
        }
        end += len;
        if line[end..].starts_with(' ') {
            end += 1;
        } else {
            break;
        }
    }
    let label = line[..end].trim_end();
    (label, &line[end..])
}

fn is_label(token: &str) -> bool {
    let inner = |s: &str, max: usize| {
        !s.is_empty()
            && s.len() <= max
            && (s.bytes().all(|b| b.is_ascii_lowercase()) || s.bytes().all(|b| b.is_ascii_digit()))
    };
    if token == "•" || token == "–" {
        return true;
    }
    if let Some(n) = token
        .strip_suffix("\\.")
        .or_else(|| token.strip_suffix('.'))
    {
        return (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            || (n.len() == 1 && n.bytes().all(|b| b.is_ascii_lowercase()));
    }
    if let Some(n) = token.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        return inner(n, 6);
    }
    if let Some(n) = token.strip_suffix(')') {
        return inner(n, 6);
    }
    false
}

/// Byte ranges of lowercase ASCII words of four letters or more standing on their own.
fn swappable(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !bytes[i].is_ascii_lowercase() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_lowercase() {
                i += 1;
            }
            let alone_before = start == 0 || !is_word_byte(bytes[start - 1]);
            let alone_after = i == bytes.len() || !is_word_byte(bytes[i]);
            if i - start >= 4 && alone_before && alone_after {
                return Some(start..i);
            }
        }
        None
    })
}

/// Letters, digits, and any byte of a multi-byte character (accented letters).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn hash(bytes: &[u8]) -> u64 {
    // FNV-1a
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
