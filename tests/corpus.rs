//! The corpus: fidelity to the reference texts in `../shared/treaties`, structure, and the
//! errors a malformed file gets; the thesaurus keeping the rules of its header.

use std::path::{Path, PathBuf};

use concord::corpus::{self, BlockKind, Corpus, LoadError, ProvisionId};

fn corpus() -> Corpus {
    corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).expect("the corpus loads")
}

/// `../shared/treaties`, or None (with the reason printed) where it is absent outside CI.
fn reference_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/treaties");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have ../shared/treaties beside the checkout for the fidelity test"
    );
    eprintln!(
        "skipping fidelity test: {} is absent (and CI is not set)",
        dir.display()
    );
    None
}

/// One instrument as the reference text lays it out.
#[derive(Debug, Default)]
struct Reference {
    preamble: Vec<String>,
    /// (kind word, number, title) per division heading, in order.
    divisions: Vec<(String, String, String)>,
    /// (number, title, lines) per article.
    articles: Vec<(u32, String, Vec<String>)>,
    testimonium: Vec<String>,
}

/// Reads a reference text by the layouts its README documents: `Article 7` + title line (UN),
/// `Article 2 – Title` (Council of Europe), `Article 1: Title` (Malabo); chapters likewise.
fn read_reference(path: &Path) -> Reference {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("#%"))
        .collect();
    let mut r = Reference::default();
    #[derive(PartialEq)]
    enum At {
        Title,
        Preamble,
        Article,
        Testimonium,
    }
    let mut at = At::Title;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if at == At::Title
            && (line.eq_ignore_ascii_case("preamble") || line.starts_with("The member States"))
        {
            at = At::Preamble;
            if line.eq_ignore_ascii_case("preamble") {
                i += 1;
                continue;
            }
        }
        if line.starts_with("IN WITNESS WHEREOF") {
            at = At::Testimonium;
        }
        if at == At::Testimonium {
            r.testimonium.push(line.to_string());
            i += 1;
            continue;
        }
        if let Some((number, title, used)) = heading(&lines, i, &["Article"]) {
            r.articles
                .push((number.parse().unwrap(), title, Vec::new()));
            at = At::Article;
            i += used;
            continue;
        }
        if let Some((number, title, used)) = heading(
            &lines,
            i,
            &["Chapter", "CHAPTER", "SECTION", "Section", "TITLE"],
        ) {
            let word = line.split(' ').next().unwrap().to_lowercase();
            r.divisions.push((word, number, title));
            i += used;
            continue;
        }
        match at {
            At::Title => {}
            At::Preamble => r.preamble.push(line.to_string()),
            At::Article => r.articles.last_mut().unwrap().2.push(line.to_string()),
            At::Testimonium => unreachable!(),
        }
        i += 1;
    }
    r
}

/// `Word N – Title`, `Word N: Title`, or `Word N` with the title on the next line.
fn heading(lines: &[&str], i: usize, words: &[&str]) -> Option<(String, String, usize)> {
    let line = lines[i];
    let rest = words
        .iter()
        .find_map(|w| line.strip_prefix(w)?.strip_prefix(' '))?;
    let end = rest.find([' ', ':']).unwrap_or(rest.len());
    let number = &rest[..end];
    let is_number = !number.is_empty()
        && (number.bytes().all(|b| b.is_ascii_digit())
            || number.bytes().all(|b| b"IVX".contains(&b)));
    if !is_number {
        return None;
    }
    let tail = &rest[end..];
    if tail.is_empty() {
        return Some((number.to_string(), lines[i + 1].to_string(), 2));
    }
    let title = tail
        .strip_prefix(" – ")
        .or_else(|| tail.strip_prefix(": "))?;
    Some((number.to_string(), title.to_string(), 1))
}

/// Where two texts first differ, word by word, for a readable failure.
fn first_difference(ours: &str, theirs: &str) -> String {
    let (a, b): (Vec<_>, Vec<_>) = (
        ours.split_whitespace().collect(),
        theirs.split_whitespace().collect(),
    );
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    format!(
        "corpus has {:?} where the reference has {:?} (word {})",
        a.get(at..(at + 6).min(a.len()))
            .unwrap_or_default()
            .join(" "),
        b.get(at..(at + 6).min(b.len()))
            .unwrap_or_default()
            .join(" "),
        at + 1
    )
}

#[test]
fn every_word_equals_the_reference_text() {
    let Some(dir) = reference_dir() else { return };
    let corpus = corpus();
    let mut problems = Vec::new();
    for treaty in &corpus.treaties {
        let id = &treaty.meta.id;
        let reference = read_reference(&dir.join(&treaty.meta.source.reference));
        let compare =
            |problems: &mut Vec<String>, what: String, ours: &[String], theirs: &[String]| {
                if ours.len() != theirs.len() {
                    problems.push(format!(
                        "{id} {what}: {} paragraphs in the corpus, {} in the reference",
                        ours.len(),
                        theirs.len()
                    ));
                }
                for (k, (a, b)) in ours.iter().zip(theirs).enumerate() {
                    if a != b {
                        problems.push(format!(
                            "{id} {what}, paragraph {}: {}",
                            k + 1,
                            first_difference(a, b)
                        ));
                    }
                }
            };
        let preamble: Vec<String> = treaty.preamble.iter().map(|b| b.text.clone()).collect();
        compare(
            &mut problems,
            "preamble".into(),
            &preamble,
            &reference.preamble,
        );
        let testimonium: Vec<String> = treaty.testimonium.iter().map(|b| b.text.clone()).collect();
        compare(
            &mut problems,
            "testimonium".into(),
            &testimonium,
            &reference.testimonium,
        );

        let divisions: Vec<String> = treaty
            .divisions
            .iter()
            .map(|d| format!("{:?} {} {}", d.kind, d.number, d.title).to_lowercase())
            .collect();
        let ref_divisions: Vec<String> = reference
            .divisions
            .iter()
            .map(|(k, n, t)| format!("{k} {n} {t}").to_lowercase())
            .collect();
        compare(
            &mut problems,
            "divisions".into(),
            &divisions,
            &ref_divisions,
        );

        if treaty.articles.len() != reference.articles.len() {
            problems.push(format!(
                "{id}: {} articles in the corpus, {} in the reference",
                treaty.articles.len(),
                reference.articles.len()
            ));
        }
        for (article, (number, title, lines)) in treaty.articles.iter().zip(&reference.articles) {
            if article.number != *number || article.title != *title {
                problems.push(format!(
                    "{id}: article {} {:?} where the reference has article {number} {title:?}",
                    article.number, article.title
                ));
            }
            compare(
                &mut problems,
                format!("article {number}"),
                &article.source_lines(),
                lines,
            );
        }
    }
    assert!(
        problems.is_empty(),
        "the corpus differs from ../shared/treaties:\n{}",
        problems.join("\n")
    );
}

#[test]
fn interpretative_notes_are_the_annexed_text_and_sit_with_their_articles() {
    let Some(dir) = reference_dir() else { return };
    let text =
        std::fs::read_to_string(dir.join("un-cybercrime-convention.interpretative-notes.txt"))
            .unwrap();
    let uncc = corpus().treaty("uncc").unwrap().clone();
    let notes_of = |n: u32| -> Vec<String> {
        uncc.article(n)
            .unwrap()
            .notes
            .iter()
            .map(|x| x.text.clone())
            .collect()
    };
    let reference_notes: Vec<&str> = text
        .lines()
        .filter(|l| l.as_bytes().first().is_some_and(u8::is_ascii_digit))
        .collect();
    assert_eq!(reference_notes.len(), 5);
    assert_eq!(notes_of(2), reference_notes[..2]);
    assert_eq!(notes_of(17), reference_notes[2..3]);
    assert_eq!(notes_of(23), reference_notes[3..4]);
    assert_eq!(notes_of(35), [reference_notes[3], reference_notes[4]]);
    let footnote = text
        .lines()
        .find_map(|l| l.strip_prefix("Footnote 1 "))
        .unwrap();
    assert_eq!(uncc.footnotes[0].text, footnote);
    // Notes are shown with the article, not part of its text.
    assert!(
        !uncc
            .article(2)
            .unwrap()
            .text()
            .contains("States parties are not obliged")
    );
}

#[test]
fn each_instrument_has_its_articles() {
    let corpus = corpus();
    let counts: Vec<(&str, usize)> = corpus
        .treaties
        .iter()
        .map(|t| (t.meta.id.as_str(), t.articles.len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("uncc", 68),
            ("budapest", 48),
            ("budapest-p1", 16),
            ("malabo", 38)
        ]
    );
    for t in &corpus.treaties {
        for (i, a) in t.articles.iter().enumerate() {
            assert_eq!(
                a.number as usize,
                i + 1,
                "{} numbers its articles 1, 2, 3 …",
                t.meta.id
            );
            assert!(!a.title.is_empty());
        }
    }
}

#[test]
fn titles_and_divisions_are_kept() {
    let corpus = corpus();
    let title = |id: &str| {
        ProvisionId::parse(id)
            .unwrap()
            .resolve(&corpus)
            .unwrap()
            .article
            .unwrap()
            .title
            .clone()
    };
    assert_eq!(title("budapest:2"), "Illegal access");
    assert_eq!(title("uncc:7"), "Illegal access");
    assert_eq!(
        title("malabo:29"),
        "Offences specific to Information and Communication Technologies"
    );
    assert_eq!(
        title("budapest-p1:6"),
        "Denial, gross minimisation, approval or justification of genocide or crimes against humanity"
    );

    let uncc = corpus.treaty("uncc").unwrap();
    let chapters: Vec<String> = uncc
        .divisions_of(uncc.article(22).unwrap())
        .iter()
        .map(|d| format!("{} {}", d.number, d.title))
        .collect();
    assert_eq!(chapters, ["III Jurisdiction"]);

    let budapest = corpus.treaty("budapest").unwrap();
    let chain: Vec<&str> = budapest
        .divisions_of(budapest.article(16).unwrap())
        .iter()
        .map(|d| d.eid.as_str())
        .collect();
    assert_eq!(chain, ["chp_ii", "chp_ii__sec_2", "chp_ii__sec_2__title_2"]);
    assert!(budapest.divisions_of(budapest.article(1).unwrap())[0].title == "USE OF TERMS");
}

#[test]
fn malabo_29_groups_its_points_under_numbered_headings() {
    let corpus = corpus();
    let malabo = corpus.treaty("malabo").unwrap();
    let art = malabo.article(29).unwrap();
    let para1 = art.block("art_29__para_1").unwrap();
    assert_eq!(para1.text, "Attacks on computer systems");
    let points: Vec<&str> = para1
        .children
        .iter()
        .filter(|b| b.kind == BlockKind::Point)
        .filter_map(|b| b.label.as_deref())
        .collect();
    assert_eq!(points, ["a", "b", "c", "d", "e", "f", "g", "h"]);
    let a = ProvisionId::parse("malabo:29(1)(a)")
        .unwrap()
        .resolve(&corpus)
        .unwrap();
    assert_eq!(a.block.unwrap().eid, "art_29__para_1__point_a");
    assert!(
        a.block
            .unwrap()
            .text
            .starts_with("Gain or attempt to gain unauthorized access")
    );
    // The numbered sub-paragraphs of 29(3).
    let nested = ProvisionId::parse("malabo:29(3)(1)(a)")
        .unwrap()
        .resolve(&corpus)
        .unwrap();
    assert_eq!(nested.block.unwrap().eid, "art_29__para_3__para_1__point_a");
}

#[test]
fn letters_and_roman_numbers_are_told_apart() {
    let corpus = corpus();
    let uncc = corpus.treaty("uncc").unwrap();
    let art2 = uncc.article(2).unwrap();
    // (i) after (h) is the letter i ("Property"), (i) after (e) a sub-point.
    assert!(
        art2.block("art_2__para_1__point_i")
            .unwrap()
            .text
            .starts_with("“Property”")
    );
    assert!(
        art2.block("art_2__para_1__point_e__subpoint_i")
            .unwrap()
            .text
            .starts_with("Provides to users")
    );
    let resolved = ProvisionId::parse("uncc:2(e)(ii)")
        .unwrap()
        .resolve(&corpus)
        .unwrap();
    assert_eq!(
        resolved.block.unwrap().eid,
        "art_2__para_1__point_e__subpoint_ii"
    );
    // Malabo article 29(3) holds its points in its sub-paragraph 1: "29(3)(h)" is cited as
    // often as "29(3)(1)(h)", and resolves there.
    let resolved = ProvisionId::parse("malabo:29(3)(h)")
        .unwrap()
        .resolve(&corpus)
        .unwrap();
    assert!(
        resolved
            .block
            .unwrap()
            .text
            .starts_with("Deliberately deny")
    );
    // Only below a paragraph, and only a label of another kind than the sub-paragraphs'.
    for id in [
        "malabo:29(h)",
        "uncc:29(1)(i)",
        "budapest:29(c)",
        "uncc:41(a)",
    ] {
        assert!(
            ProvisionId::parse(id).unwrap().resolve(&corpus).is_err(),
            "{id}"
        );
    }
    // Words closing a list of sub-points belong to the point that holds the list.
    let art11 = uncc.article(11).unwrap();
    assert!(
        art11
            .block("art_11__para_1__point_a__text_1")
            .unwrap()
            .text
            .starts_with("with the intent that")
    );
}

#[test]
fn article_text_is_the_source_text_with_numbers() {
    let corpus = corpus();
    let budapest = corpus.treaty("budapest").unwrap();
    let art4 = budapest.article(4).unwrap();
    assert!(art4.text().starts_with("1. Each Party shall adopt"));
    assert!(art4.text().contains("\n\n2. A Party may reserve the right"));
    // A paragraph number standing alone on its line ("3.") keeps its own line.
    assert!(
        budapest
            .article(14)
            .unwrap()
            .text()
            .contains("\n\n3.\n\na) Each Party may reserve")
    );
    // A paragraph number sharing its line with the first point ("6. a. Any natural …").
    let malabo = corpus.treaty("malabo").unwrap();
    assert!(
        malabo
            .article(5)
            .unwrap()
            .text()
            .contains("\n\n6. a. Any natural or legal person")
    );
}

#[test]
fn a_first_point_printed_on_its_parents_line_is_a_point_of_its_own() {
    // Regression: "(a) (i) The conversion …" and "1. (a) A State Party …" kept the inner label
    // as words of the outer provision, so uncc:17(1)(a)(i) and uncc:36(1)(a) could not be cited.
    let corpus = corpus();
    let block = |id: &str| {
        ProvisionId::parse(id)
            .unwrap()
            .resolve(&corpus)
            .unwrap()
            .block
            .unwrap()
            .clone()
    };
    assert!(
        block("uncc:17(1)(a)(i)")
            .text
            .starts_with("The conversion or transfer of property")
    );
    assert!(
        block("uncc:36(1)(a)")
            .text
            .starts_with("A State Party transferring personal data")
    );
    assert_eq!(block("uncc:36(1)").text, "");
    let uncc = corpus.treaty("uncc").unwrap();
    assert!(
        uncc.article(36)
            .unwrap()
            .text()
            .starts_with("1. (a) A State Party transferring")
    );
    assert!(
        uncc.article(17)
            .unwrap()
            .text()
            .contains("\n\n(a) (i) The conversion or transfer")
    );
}

#[test]
fn citations_and_urls_follow_the_conventions() {
    let corpus = corpus();
    let cite = |id: &str| ProvisionId::parse(id).unwrap().resolve(&corpus).unwrap();
    assert_eq!(
        cite("budapest:2").citation(),
        "Budapest Convention (ETS No. 185), art. 2"
    );
    assert_eq!(
        cite("uncc:14(2)").citation(),
        "UN Convention against Cybercrime (A/RES/79/243, annex), art. 14(2)"
    );
    assert_eq!(
        cite("malabo:29(1)(a)").citation(),
        "Malabo Convention, art. 29(1)(a)"
    );
    assert_eq!(cite("budapest:2").url(), "/budapest/art/2");
    assert_eq!(
        cite("au:29(1)(a)").url(),
        "/malabo/art/29#art_29__para_1__point_a"
    );
    assert_eq!(cite("ets185:2").canonical(), "budapest:2");
    assert_eq!(cite("un:2(e)").canonical(), "uncc:2(e)");
}

#[test]
fn preambles_and_unnumbered_paragraphs_can_be_cited() {
    // Regression: uncc:preamble resolved to the treaty, and "Budapest art. 2(1)" to nothing,
    // though /budapest/art/2/para/1 and the anchor art_2__para_1 exist.
    let corpus = corpus();
    let preamble = ProvisionId::parse("uncc:preamble")
        .unwrap()
        .resolve(&corpus)
        .unwrap();
    assert_eq!(preamble.url(), "/uncc/preamble");
    assert_eq!(preamble.canonical(), "uncc:preamble");
    assert_eq!(
        preamble.citation(),
        "UN Convention against Cybercrime (A/RES/79/243, annex), preamble"
    );
    let para = ProvisionId::parse("budapest:2(1)")
        .unwrap()
        .resolve(&corpus)
        .unwrap();
    assert_eq!(para.url(), "/budapest/art/2#art_2__para_1");
    // In an article with numbered paragraphs, numbers are the printed ones, never positions.
    assert!(
        ProvisionId::parse("budapest:4(3)")
            .unwrap()
            .resolve(&corpus)
            .is_err()
    );
}

#[test]
fn unknown_provisions_say_what_exists() {
    let corpus = corpus();
    let err = |id: &str| {
        ProvisionId::parse(id)
            .unwrap()
            .resolve(&corpus)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err("budapest:49"),
        "Budapest Convention has no article 49; it has articles 1–48"
    );
    assert!(err("nowhere:1").contains("uncc, budapest, budapest-p1, malabo"));
    assert!(err("malabo:29(9)").contains("has no provision (9)"));
}

#[test]
fn metadata_is_read_from_front_matter() {
    let corpus = corpus();
    let uncc = &corpus.treaty("un").unwrap().meta;
    assert_eq!(uncc.document, "A/RES/79/243, annex");
    assert_eq!(uncc.adoption.date.to_string(), "2024-12-24");
    assert_eq!(uncc.signature.as_ref().unwrap().place, "Hanoi");
    assert!(uncc.status.iter().any(|s| s.fact.contains("72")));
    assert!(
        uncc.secretariat
            .as_deref()
            .unwrap()
            .contains("United Nations Office on Drugs and Crime")
    );
    let malabo = &corpus.treaty("au").unwrap().meta;
    assert_eq!(malabo.entry_into_force.date.unwrap().long(), "8 June 2023");
    assert_eq!(corpus.treaty("ETS189").unwrap().meta.id, "budapest-p1");
}

// ---- malformed corpus files ----

const FRONT: &str = "+++\nid = \"tiny\"\nposition = 1\ntitle = \"Tiny Convention\"\nshort_title = \"Tiny\"\nabbreviation = \"T\"\ncitation = \"Tiny Convention\"\ndocument = \"T-1\"\norganisation = \"Nobody\"\nbinding = false\ndepositary = \"Nobody\"\n[adoption]\ndate = \"2020-01-01\"\nplace = \"Nowhere\"\n[entry_into_force]\nrule = \"Never.\"\n[source]\nofficial = \"x\"\ncopy = \"x\"\nreference = \"x\"\n+++\n";

fn errors(body: &str) -> Vec<String> {
    corpus::parse_treaty("tiny.md", &format!("{FRONT}{body}"))
        .expect_err("the file is malformed")
        .into_iter()
        .map(|e| e.to_string())
        .collect()
}

/// The front matter takes lines 1–21 and each body below starts with a newline: body line k
/// (counting its leading empty line as 0) is line 22 + k of the file.
const B: usize = 22;

#[test]
fn a_well_formed_file_parses() {
    let treaty = corpus::parse_treaty("tiny.md", &format!("{FRONT}\n# Tiny\n\n## Preamble\n\nThe Parties,\n\n## Chapter I – Things\n\n### Article 1 – One\n\n1\\. First.\n\n(a) point;\n\n### Article 2 – Two\n\nOnly words.\n")).unwrap();
    assert_eq!(treaty.articles.len(), 2);
    assert_eq!(
        treaty.articles[0]
            .block("art_1__para_1__point_a")
            .unwrap()
            .text,
        "point;"
    );
    assert_eq!(treaty.articles[1].blocks[0].eid, "art_2__para_1");
}

#[test]
fn missing_front_matter_is_named() {
    let errs =
        corpus::parse_treaty("bare.md", "# Title\n\n## Article 1 – One\n\nText.\n").unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "bare.md:1: missing front matter: the file must start with a `+++` TOML block (see corpus/README.md)"
    );
}

#[test]
fn invalid_front_matter_names_the_field_and_line() {
    let text = FRONT
        .replace("binding = false", "binding = \"no\"")
        .replace("position = 1\n", "");
    let errs = corpus::parse_treaty(
        "tiny.md",
        &format!("{text}\n# T\n\n## Article 1 – One\n\nText.\n"),
    )
    .unwrap_err();
    let msg = errs[0].to_string();
    assert!(msg.starts_with("tiny.md:"), "{msg}");
    assert!(msg.contains("front matter"), "{msg}");
    let date = FRONT.replace("2020-01-01", "1 January 2020");
    let errs = corpus::parse_treaty(
        "tiny.md",
        &format!("{date}\n# T\n\n## Article 1 – One\n\nText.\n"),
    )
    .unwrap_err();
    assert!(
        errs[0].to_string().contains("expected YYYY-MM-DD"),
        "{}",
        errs[0]
    );
    assert!(
        errs[0].to_string().starts_with("tiny.md:13:"),
        "{}",
        errs[0]
    );
}

#[test]
fn duplicate_and_out_of_order_articles_are_named() {
    let errs = errors(
        "\n# T\n\n## Article 1 – One\n\nA.\n\n## Article 1 – Again\n\nB.\n\n## Article 5 – Five\n\nC.\n",
    );
    assert_eq!(
        errs,
        [
            format!("tiny.md:{}: duplicate article 1", B + 7),
            format!(
                "tiny.md:{}: article 5 is out of order: expected article 2",
                B + 11
            ),
        ]
    );
}

#[test]
fn an_article_without_a_title_is_named() {
    let errs = errors("\n# T\n\n## Article 1\n\nA.\n");
    assert_eq!(
        errs[0],
        format!(
            "tiny.md:{}: \"Article 1\" has no title: write `Article N – Title`",
            B + 3
        )
    );
}

#[test]
fn a_heading_at_the_wrong_level_is_named() {
    let errs = errors(
        "\n# T\n\n## Chapter I – Things\n\n## Article 1 – One\n\nA.\n\n#### Section 1 – Deep\n",
    );
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].starts_with(&format!("tiny.md:{}: heading level 2 for \"Article 1 – One\": articles under \"Chapter I – Things\" are level 3", B + 5)), "{}", errs[0]);
    assert!(
        errs[1].starts_with(&format!(
            "tiny.md:{}: heading level 4 for \"Section 1 – Deep\"",
            B + 9
        )),
        "{}",
        errs[1]
    );
}

#[test]
fn unsupported_markdown_and_stray_text_are_named() {
    let errs = errors(
        "\nStray words.\n\n# T\n\n## Article 1 – One\n\n- a list item\n\nSome *emphasis* here.\n",
    );
    assert_eq!(
        errs,
        [
            format!(
                "tiny.md:{}: text before the preamble or the first article",
                B + 1
            ),
            format!(
                "tiny.md:{}: a list is not part of the corpus format: use headings and plain paragraphs (see corpus/README.md)",
                B + 7
            ),
            format!(
                "tiny.md:{}: emphasis (treaty text is plain) is not part of the corpus format: use headings and plain paragraphs (see corpus/README.md)",
                B + 9
            ),
        ]
    );
}

#[test]
fn repeated_paragraph_numbers_are_named() {
    let errs = errors("\n# T\n\n## Article 1 – One\n\n1\\. A.\n\n(a) x;\n\n(a) y.\n");
    assert_eq!(
        errs,
        [format!(
            "tiny.md:{}: article 1: a second provision with element id art_1__para_1__point_a (a number or letter repeats)",
            B + 9
        )]
    );
}

#[test]
fn odd_characters_and_numbers_are_errors_not_crashes() {
    // Regression: headings with a multi-byte character where "Annex" or "Article " would end,
    // and a paragraph numbered 0, made the parser panic instead of naming the line.
    for body in [
        "\n# T\n\n## Ann€x\n",
        "\n# T\n\n## Article—1 – A\n",
        "\n# T\n\n## Article 1 – One\n\n1\\. A.\n\n0\\. B.\n\n0\\. C.\n",
        "\n# T\n\n## Articlé 1 – One\n",
    ] {
        let result =
            std::panic::catch_unwind(|| corpus::parse_treaty("tiny.md", &format!("{FRONT}{body}")));
        let parsed = result.unwrap_or_else(|_| panic!("the parser panicked on {body:?}"));
        if let Err(errors) = parsed {
            assert!(
                errors.iter().all(|e| e.file == "tiny.md" && e.line > 0),
                "{errors:?}"
            );
        }
    }
}

#[test]
fn all_errors_of_all_files_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# No front matter\n\n## Article 1 – One\n\nA.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        format!("{FRONT}\n# T\n\n## Article 2 – Two\n\nB.\n\n## Article 2 – Again\n\nC.\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("README.md"), "Not an instrument.").unwrap();
    let err = corpus::load(dir.path()).unwrap_err();
    let LoadError::Invalid(errs) = &err else {
        panic!("{err}")
    };
    let files: Vec<&str> = errs.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(files, ["a.md", "b.md", "b.md"], "{err}");
    assert!(err.to_string().starts_with("3 error(s) in the corpus:"));
}

// ---- the thesaurus (`corpus/thesaurus.toml`) keeps the rules its header states ----

/// Lowercase words separated by single spaces, punctuation dropped: "Party’s" and "party's"
/// both read "party s", so wordings match texts on word boundaries.
fn normalised(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn thesaurus_keeps_the_rules_of_its_header() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let thesaurus = concord::search::thesaurus::Thesaurus::load(&dir.join("thesaurus.toml"))
        .expect("the thesaurus loads");
    let corpus = corpus::load(&dir).expect("the corpus loads");
    // Each paragraph of each treaty file, front matter left out, padded so that a wording
    // matches whole words only.
    let mut paragraphs = Vec::new();
    for file in corpus::corpus_files(&dir).unwrap() {
        let text = std::fs::read_to_string(&file).unwrap();
        let body = text.splitn(3, "+++").nth(2).expect("front matter");
        paragraphs.extend(body.lines().map(|l| format!(" {} ", normalised(l))));
    }
    let occurs = |wording: &str| {
        let needle = format!(" {} ", normalised(wording));
        paragraphs.iter().any(|p| p.contains(&needle))
    };
    let all_terms: std::collections::HashSet<&str> = thesaurus
        .concepts()
        .iter()
        .flat_map(|c| c.terms.iter().map(String::as_str))
        .collect();
    let mut offences = Vec::new();
    for c in thesaurus.concepts() {
        let mut seen = std::collections::HashSet::new();
        for w in std::iter::once(&c.id).chain(&c.terms).chain(&c.lay) {
            if *w != w.to_lowercase() {
                offences.push(format!("{}: {w:?} is not lowercase", c.id));
            }
        }
        for w in c.terms.iter().chain(&c.lay) {
            if !seen.insert(w.as_str()) {
                offences.push(format!("{}: {w:?} is listed twice", c.id));
            }
        }
        for w in &c.terms {
            if !occurs(w) {
                offences.push(format!("{}: term {w:?} occurs in no treaty", c.id));
            }
        }
        match c.definitions(&corpus) {
            Ok(found) => {
                for (article, block) in found {
                    let text = normalised(&block.text);
                    if !c.terms.iter().any(|t| text.contains(&normalised(t))) {
                        offences.push(format!(
                            "{}: {article} {} defines none of its terms",
                            c.id, block.eid
                        ));
                    }
                }
            }
            Err(e) => offences.push(e),
        }
        // A lay word may well occur in a treaty ("computer", "warrant"); what the header rules
        // out is a wording listed as a treaty term of one concept and only as lay in another.
        for w in &c.lay {
            if all_terms.contains(w.as_str()) && !c.terms.contains(w) {
                offences.push(format!(
                    "{}: {w:?} is a treaty wording elsewhere but only lay here",
                    c.id
                ));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "corpus/thesaurus.toml breaks its own rules:\n{}",
        offences.join("\n")
    );
}

#[test]
fn a_thesaurus_definition_that_is_not_one_is_an_error_naming_its_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let corpus = corpus::load(&dir).expect("the corpus loads");
    let check = |defined: &str| {
        let text = format!(
            "# a thesaurus\n\n[[concept]]\nid = \"computer-system\"\nterms = [\"computer system\"]\ndefined = [{defined}]\n"
        );
        let thesaurus = concord::search::Thesaurus::parse(&text).unwrap();
        thesaurus
            .check(&corpus, Path::new("thesaurus.toml"))
            .map_err(|e| e.to_string())
    };
    assert_eq!(check("\"budapest:1(a)\", \"malabo:1\""), Ok(()));
    let e = check("\"budapest:99\"").unwrap_err();
    assert!(
        e.starts_with("thesaurus.toml:4: concept computer-system"),
        "{e}"
    );
    assert!(e.contains("no article 99"), "{e}");
    // An article none of whose paragraphs begins "computer system means".
    let e = check("\"budapest:2\"").unwrap_err();
    assert!(
        e.contains("no paragraph of it defines one of the concept's terms (begins \"computer system means\")"),
        "{e}"
    );
}

// ---- the subject index (`corpus/keywords.toml`) ----

#[test]
fn every_article_and_preamble_has_keywords() {
    let corpus = corpus();
    let mut missing = Vec::new();
    for treaty in &corpus.treaties {
        let id = &treaty.meta.id;
        let preamble = (!treaty.preamble.is_empty()).then(|| format!("{id}:preamble"));
        let articles = treaty.articles.iter().map(|a| format!("{id}:{}", a.number));
        for doc in preamble.into_iter().chain(articles) {
            if corpus.keywords.of(&doc).len() < 5 {
                missing.push(doc);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "corpus/keywords.toml has fewer than five keywords for {missing:?}"
    );
}

/// A temporary folder holding a copy of the corpus's treaty files, and nothing else.
fn copy_of_the_treaty_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for file in corpus::corpus_files(&source).unwrap() {
        std::fs::copy(&file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn a_keyword_for_a_missing_article_is_an_error_naming_its_line() {
    let dir = copy_of_the_treaty_files();
    let text = "# keywords\n\n[[article]]\nid = \"budapest:99\"\nkeywords = [\"hacking\"]\n";
    std::fs::write(dir.path().join("keywords.toml"), text).unwrap();
    let message = corpus::load(dir.path()).unwrap_err().to_string();
    assert!(
        message.contains("keywords.toml:4:") && message.contains("no article 99"),
        "{message}"
    );
}

#[test]
fn the_fingerprint_of_a_load_is_that_of_the_files_it_read() {
    // The loaded corpus carries the fingerprint of the bytes it parsed; read again, unchanged
    // files give the same one, with and without a subject index, and an edit changes it.
    let dir = copy_of_the_treaty_files();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let without = corpus::load(dir.path()).unwrap().fingerprint;
    assert_eq!(without, corpus::fingerprint(dir.path()).unwrap());
    std::fs::copy(
        source.join("keywords.toml"),
        dir.path().join("keywords.toml"),
    )
    .unwrap();
    let with = corpus::load(dir.path()).unwrap().fingerprint;
    assert_eq!(with, corpus::fingerprint(dir.path()).unwrap());
    assert_ne!(with, without);
    assert_eq!(corpus().fingerprint, corpus::fingerprint(&source).unwrap());
}

// ---- the questions asked before (`corpus/questions.toml`) ----

#[test]
fn a_question_naming_no_article_is_reported_with_its_line() {
    let dir = copy_of_the_treaty_files();
    let paths = concord::Paths {
        corpus: dir.path().to_path_buf(),
        index: dir.path().join("index"),
    };
    let question = |primary: &str| {
        format!(
            "# questions\n\n[[question]]\nq = \"hacking\"\nkind = \"lay\"\nprimary = [{primary}]\n"
        )
    };
    std::fs::write(paths.questions(), question("\"budapest:99\"")).unwrap();
    let message = concord::Concord::open(&paths).err().unwrap().to_string();
    assert!(
        message.contains("questions.toml:3:") && message.contains("budapest:99 is no article"),
        "{message}"
    );
    // A paragraph is not an article: the judgments are of whole articles.
    std::fs::write(paths.questions(), question("\"budapest:2(1)\"")).unwrap();
    let message = concord::Concord::open(&paths).err().unwrap().to_string();
    assert!(message.contains("budapest:2(1) is no article"), "{message}");
    std::fs::write(paths.questions(), question("\"budapest:2\"")).unwrap();
    let opened = concord::Concord::open(&paths).unwrap();
    assert_eq!(opened.engine.questions().all().len(), 1);
}
