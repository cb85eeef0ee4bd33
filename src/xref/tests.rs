//! Cross-references on the real corpus, and the patterns resolved in a real article's context.
//! The syntax of each pattern is tested on small strings in `scan.rs`.

use std::sync::OnceLock;

use super::*;

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS
        .get_or_init(|| crate::corpus::load(crate::default_corpus_dir()).expect("the corpus loads"))
}

fn xrefs() -> &'static CrossReferences {
    static XREFS: OnceLock<CrossReferences> = OnceLock::new();
    XREFS.get_or_init(|| CrossReferences::build(corpus()))
}

/// A target written compactly: `uncc:7`, `#chp_ii`, `ext:Charter of the United Nations|article 102`.
fn short(t: &Target) -> String {
    match t {
        Target::Provision(p) => p.id.clone(),
        Target::Division { treaty, eid, .. } => format!("{treaty}#{eid}"),
        Target::External { name, cited } => format!("ext:{name}|{cited}"),
        Target::Unresolved { cited, reason } => format!("unresolved:{cited}|{reason}"),
    }
}

/// `text` read as if it stood in block `eid` of the article (the same function `build` uses).
fn read_in(treaty: &str, article: u32, eid: &str, text: &str) -> Vec<Vec<String>> {
    let t = corpus().treaty(treaty).expect("treaty");
    let a = t.article(article).expect("article");
    let (paragraph, _) = walk(&a.blocks, None)
        .into_iter()
        .find(|(_, b)| b.eid == eid)
        .expect("block");
    let ctx = Context {
        treaty: t,
        article: Some(a),
        paragraph,
        within: Within::Block,
    };
    references_in(corpus(), &ctx, eid, text)
        .iter()
        .map(|r| r.targets.iter().map(short).collect())
        .collect()
}

/// The targets of the references in one block of the corpus.
fn in_block(treaty: &str, article: u32, eid: &str) -> Vec<Vec<String>> {
    xrefs()
        .in_block(treaty, article, eid)
        .iter()
        .map(|r| r.targets.iter().map(short).collect())
        .collect()
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

// --- each pattern, resolved where it would stand --------------------------------------------

#[test]
fn article_and_article_ranges_resolve_in_the_same_instrument() {
    assert_eq!(
        read_in("uncc", 3, "art_3__para_1", "under article 23"),
        [ids(&["uncc:23"])]
    );
    assert_eq!(
        read_in(
            "uncc",
            17,
            "art_17__para_2__point_a",
            "articles 7 to 16 of this Convention"
        ),
        [ids(&[
            "uncc:7", "uncc:8", "uncc:9", "uncc:10", "uncc:11", "uncc:12", "uncc:13", "uncc:14",
            "uncc:15", "uncc:16"
        ])]
    );
    assert_eq!(
        read_in(
            "budapest",
            13,
            "art_13__para_1",
            "Articles 2 through 5 of this Convention"
        ),
        [ids(&[
            "budapest:2",
            "budapest:3",
            "budapest:4",
            "budapest:5"
        ])]
    );
    assert_eq!(
        read_in(
            "uncc",
            3,
            "art_3__para_1",
            "articles 2, 17, 23 and 35 of this Convention"
        ),
        [ids(&["uncc:2", "uncc:17", "uncc:23", "uncc:35"])]
    );
    assert_eq!(
        read_in("uncc", 3, "art_3__para_1", "articles 20 and 21"),
        [ids(&["uncc:20", "uncc:21"])]
    );
}

#[test]
fn relative_paragraphs_resolve_in_the_article_they_stand_in() {
    assert_eq!(
        read_in("uncc", 9, "art_9__para_2", "paragraph 1 of this article"),
        [ids(&["uncc:9(1)"])]
    );
    assert_eq!(
        read_in("budapest", 9, "art_9__para_2", "paragraph 1 above"),
        [ids(&["budapest:9(1)"])]
    );
    assert_eq!(
        read_in(
            "uncc",
            31,
            "art_31__para_3",
            "paragraphs 1 and 2 of this article"
        ),
        [ids(&["uncc:31(1)", "uncc:31(2)"])]
    );
    assert_eq!(
        read_in(
            "uncc",
            11,
            "art_11__para_3",
            "paragraph 1 (a) (ii) of this article"
        ),
        [ids(&["uncc:11(1)(a)(ii)"])]
    );
}

#[test]
fn subparagraphs_resolve_in_the_paragraph_they_stand_in() {
    assert_eq!(
        read_in(
            "uncc",
            17,
            "art_17__para_2__point_c",
            "subparagraph (b) of this paragraph"
        ),
        [ids(&["uncc:17(2)(b)"])]
    );
    assert_eq!(
        read_in(
            "uncc",
            17,
            "art_17__para_2__point_c",
            "subparagraph (a) of this paragraph"
        ),
        [ids(&["uncc:17(2)(a)"])]
    );
    // "of paragraph 1" names another paragraph of the same article.
    assert_eq!(
        read_in(
            "uncc",
            17,
            "art_17__para_2__point_c",
            "subparagraph (b) of paragraph 1"
        ),
        [ids(&["uncc:17(1)(b)"])]
    );
    assert_eq!(
        read_in(
            "budapest",
            27,
            "art_27__para_9__point_c",
            "sub-paragraph a. of this article"
        ),
        [ids(&["budapest:27(9)(a)"])]
    );
}

#[test]
fn paragraphs_of_other_articles() {
    assert_eq!(
        read_in("uncc", 3, "art_3__para_1", "paragraph 2 of article 14"),
        [ids(&["uncc:14(2)"])]
    );
    assert_eq!(
        read_in("uncc", 3, "art_3__para_1", "article 29, paragraph 1 (a)"),
        [ids(&["uncc:29(1)(a)"])]
    );
    assert_eq!(
        read_in("uncc", 3, "art_3__para_1", "article 2 (e)"),
        [ids(&["uncc:2(e)"])]
    );
}

#[test]
fn chapters_are_divisions() {
    assert_eq!(
        read_in("budapest", 41, "art_41__para_1", "chapters II and III"),
        [ids(&["budapest#chp_ii", "budapest#chp_iii"])]
    );
    let refs = xrefs().in_block("budapest", 41, "art_41__para_1");
    let Target::Division {
        first_article, url, ..
    } = &refs[0].targets[0]
    else {
        panic!("{refs:?}")
    };
    assert_eq!((*first_article, url.as_str()), (Some(2), "/budapest/art/2"));
    assert_eq!(
        read_in("uncc", 3, "art_3__para_1", "Chapter XII"),
        [ids(&["unresolved:chapter XII|uncc has no chapter XII"])]
    );
}

#[test]
fn malabo_dotted_references() {
    assert_eq!(
        in_block("malabo", 5, "art_5__para_5"),
        [ids(&["malabo:5(3)", "malabo:5(4)"])]
    );
    assert_eq!(
        in_block("malabo", 4, "art_4__para_4"),
        [ids(&["malabo:4(2)"])]
    );
    assert_eq!(
        in_block("malabo", 11, "art_11__para_3"),
        [ids(&["malabo:11(6)"])]
    );
}

#[test]
fn the_convention_in_the_protocol_is_its_parent() {
    assert_eq!(
        read_in(
            "budapest-p1",
            10,
            "art_10__para_1",
            "Article 9 of the Convention"
        ),
        [ids(&["budapest:9"])]
    );
    assert_eq!(
        read_in(
            "budapest-p1",
            10,
            "art_10__para_1",
            "Article 9 of this Protocol"
        ),
        [ids(&["budapest-p1:9"])]
    );
    assert_eq!(
        read_in(
            "budapest-p1",
            10,
            "art_10__para_1",
            "Article 9 of the Convention on Cybercrime"
        ),
        [ids(&["budapest:9"])]
    );
    assert_eq!(
        read_in("budapest-p1", 10, "art_10__para_1", "Article 9"),
        [ids(&["budapest-p1:9"])]
    );
    // Without a parent, "the convention" is the instrument itself (the UN notes).
    assert_eq!(
        read_in("uncc", 3, "art_3__para_1", "article 19 of the convention"),
        [ids(&["uncc:19"])]
    );
}

#[test]
fn other_instruments_are_external() {
    assert_eq!(
        read_in(
            "uncc",
            3,
            "art_3__para_1",
            "article 15 of the United Nations Convention against Transnational Organized Crime"
        ),
        [ids(&[
            "ext:United Nations Convention against Transnational Organized Crime|article 15"
        ])]
    );
    assert_eq!(
        read_in(
            "budapest",
            15,
            "art_15__para_1",
            "article 8 of the 1950 Council of Europe Convention for the Protection of Human Rights and Fundamental Freedoms"
        ),
        [ids(&[
            "ext:1950 Council of Europe Convention for the Protection of Human Rights and Fundamental Freedoms|article 8"
        ])]
    );
}

// --- the real corpus --------------------------------------------------------------------------

/// References the corpus cannot resolve, each with why: (treaty, eid, what is cited). Empty:
/// every reference in the four instruments resolves.
const ALLOWED_UNRESOLVED: &[(&str, &str, &str)] = &[];

#[test]
fn every_unresolved_reference_is_allowed_and_explained() {
    let mut found = Vec::new();
    for r in xrefs().unresolved() {
        for t in &r.targets {
            if let Target::Unresolved { cited, reason } = t {
                let key = (
                    r.location.treaty.as_str(),
                    r.location.eid.as_str(),
                    cited.as_str(),
                );
                assert!(
                    ALLOWED_UNRESOLVED.contains(&key),
                    "unresolved {key:?} in {:?}: {reason}",
                    r.text
                );
                found.push(key);
            }
        }
    }
    // An entry no longer needed (the parser fixed, say) must leave the list.
    for allowed in ALLOWED_UNRESOLVED {
        assert!(
            found.contains(allowed),
            "{allowed:?} resolves now: drop it from the list"
        );
    }
}

#[test]
fn spot_checks() {
    // UN 11(1)(a)(i) cites articles 7 to 10.
    assert_eq!(
        in_block("uncc", 11, "art_11__para_1__point_a__subpoint_i"),
        [ids(&["uncc:7", "uncc:8", "uncc:9", "uncc:10"])]
    );
    // Budapest 6 cites articles 2 to 5.
    let cites: Vec<String> = xrefs()
        .cites("budapest", 6)
        .into_iter()
        .map(short)
        .collect();
    for n in 2..=5 {
        assert!(cites.contains(&format!("budapest:{n}")), "{cites:?}");
    }
    // The Protocol's article 8 cites the Convention's articles 1, 12, 13, 22, 41, 44, 45, 46.
    let cites: Vec<String> = xrefs()
        .cites("budapest-p1", 8)
        .into_iter()
        .map(short)
        .collect();
    assert_eq!(
        cites[..8],
        ids(&[
            "budapest:1",
            "budapest:12",
            "budapest:13",
            "budapest:22",
            "budapest:41",
            "budapest:44",
            "budapest:45",
            "budapest:46"
        ])
    );
    // Malabo 5(5) cites 5(3) and 5(4).
    assert_eq!(
        in_block("malabo", 5, "art_5__para_5"),
        [ids(&["malabo:5(3)", "malabo:5(4)"])]
    );
    let cites: Vec<String> = xrefs().cites("malabo", 5).into_iter().map(short).collect();
    assert!(
        cites.starts_with(&ids(&["malabo:5(3)", "malabo:5(4)"])),
        "{cites:?}"
    );
    // UN 2(m) cites article 17.
    assert_eq!(
        in_block("uncc", 2, "art_2__para_1__point_m"),
        [ids(&["uncc:17"])]
    );
    // Article 7 of the UN Convention is cited by article 11.
    let by = xrefs().cited_by("uncc", 7);
    assert!(
        by.iter().any(|c| c.reference.location.article == Some(11)
            && c.reference.location.eid == "art_11__para_1__point_a__subpoint_i"),
        "{by:?}"
    );
}

#[test]
fn other_instruments_in_the_corpus_are_external() {
    let external: Vec<String> = xrefs()
        .all()
        .iter()
        .filter(|r| r.is_external())
        .map(|r| {
            format!(
                "{}:{} {}",
                r.location.treaty,
                r.location.eid,
                r.targets.iter().map(short).collect::<Vec<_>>().join(" ")
            )
        })
        .collect();
    assert_eq!(
        external,
        [
            "budapest:art_37__para_1 ext:Statute of the Council of Europe|article 20(d)",
            "budapest-p1:preamble__recital_14 ext:Treaty on European Union|article K.3",
            "malabo:art_38__para_5 ext:Charter of the United Nations|article 102",
        ]
    );
    // The UN text names the Convention against Transnational Organized Crime nowhere with an
    // article number ("transnational organized crime" in its preamble is not a citation).
    assert!(
        !xrefs()
            .all()
            .iter()
            .any(|r| r.text.contains("Organized Crime")),
        "a citation of UNTOC appeared: check it is External"
    );
}

#[test]
fn the_references_are_the_words_of_the_block() {
    let c = corpus();
    for r in xrefs().all() {
        let t = c.treaty(&r.location.treaty).expect("treaty");
        let text = match r.location.within {
            Within::Block => t
                .article(r.location.article.expect("article"))
                .and_then(|a| a.block(&r.location.eid))
                .map(|b| b.text.clone()),
            Within::Note => t
                .articles
                .iter()
                .flat_map(|a| &a.notes)
                .find(|n| n.eid == r.location.eid)
                .map(|n| n.text.clone()),
            Within::Preamble => t
                .preamble
                .iter()
                .find(|b| b.eid == r.location.eid)
                .map(|b| b.text.clone()),
            Within::Testimonium => t
                .testimonium
                .iter()
                .find(|b| b.eid == r.location.eid)
                .map(|b| b.text.clone()),
            Within::Footnote => t
                .footnotes
                .iter()
                .find(|n| n.eid == r.location.eid)
                .map(|n| n.text.clone()),
        }
        .expect("the element exists");
        assert_eq!(
            text.get(r.location.range.clone()),
            Some(r.text.as_str()),
            "{r:?}"
        );
        assert!(!r.targets.is_empty(), "{r:?}");
        // every provision target resolves again by its id, to the same page
        for p in r.provisions() {
            let id = ProvisionId::parse(&p.id).expect("canonical ids parse");
            assert_eq!(id.resolve(c).expect("and resolve").url(), p.url);
        }
    }
}

#[test]
fn notes_are_read_once_and_shown_under_each_article() {
    // Note 4 is on articles 23 and 35.
    let under_23 = xrefs().in_block("uncc", 23, "note_4");
    let under_35 = xrefs().in_block("uncc", 35, "note_4");
    assert_eq!(under_23.len(), 1);
    assert_eq!(under_23, under_35);
    assert_eq!(
        under_23[0].targets.iter().map(short).collect::<Vec<_>>(),
        ["uncc:19"]
    );
    let by = xrefs().cited_by("uncc", 19);
    assert_eq!(
        by.iter()
            .filter(|c| c.reference.location.eid == "note_4")
            .count(),
        1
    );
    // Notes read "subparagraph (ii)" under the provision they cited just before.
    assert_eq!(
        xrefs()
            .in_element("uncc", "note_1")
            .iter()
            .map(|r| r.targets.iter().map(short).collect::<Vec<_>>())
            .collect::<Vec<_>>(),
        [
            ids(&["uncc:2(e)"]),
            ids(&["uncc:2(e)(ii)"]),
            ids(&["uncc:2(e)(i)"])
        ]
    );
    // The footnote outside any article.
    assert_eq!(
        xrefs().in_element("un", "footnote_1")[0]
            .targets
            .iter()
            .map(short)
            .collect::<Vec<_>>(),
        ["uncc:2", "uncc:17", "uncc:23", "uncc:35"]
    );
}

#[test]
fn lookups() {
    // unknown things are empty, not errors
    assert!(xrefs().in_block("nope", 1, "art_1").is_empty());
    assert!(xrefs().in_block("uncc", 999, "art_999").is_empty());
    assert!(xrefs().cites("nope", 1).is_empty());
    assert!(xrefs().cited_by("uncc", 999).is_empty());
    // aliases and case
    assert_eq!(xrefs().in_block("UN", 2, "art_2__para_1__point_m").len(), 1);
    // cites: once each, in order of first mention
    let cites: Vec<String> = xrefs()
        .cites("budapest", 14)
        .into_iter()
        .map(short)
        .collect();
    assert_eq!(
        cites[..3],
        ids(&["budapest:21", "budapest:14(1)", "budapest:2"])
    );
    let mut unique = cites.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), cites.len());
    // cited_by leaves out the article's own text
    assert!(
        xrefs()
            .cited_by("uncc", 11)
            .iter()
            .all(|c| c.reference.location.article != Some(11))
    );
    assert!(
        xrefs()
            .cited_by("uncc", 9)
            .iter()
            .any(|c| c.provision.id == "uncc:9")
    );
}

#[test]
fn serialises_as_plain_data() {
    let r = &xrefs().in_block("budapest-p1", 8, "art_8__para_1")[0];
    let json = serde_json::to_value(r).expect("serialises");
    assert_eq!(json["location"]["treaty"], "budapest-p1");
    assert_eq!(json["location"]["article"], 8);
    assert_eq!(json["location"]["within"], "block");
    assert_eq!(json["location"]["range"]["start"], 0);
    assert_eq!(json["targets"][0]["kind"], "provision");
    assert_eq!(json["targets"][0]["id"], "budapest:1");
    assert_eq!(json["targets"][0]["url"], "/budapest/art/1");
}

#[test]
fn counts_per_treaty() {
    for t in &corpus().treaties {
        let refs: Vec<&Reference> = xrefs()
            .all()
            .iter()
            .filter(|r| r.location.treaty == t.meta.id)
            .collect();
        let targets: Vec<&Target> = refs.iter().flat_map(|r| &r.targets).collect();
        let count = |f: fn(&Target) -> bool| targets.iter().filter(|t| f(t)).count();
        println!(
            "{}: {} references, {} targets: {} provisions, {} chapters, {} external, {} unresolved",
            t.meta.id,
            refs.len(),
            targets.len(),
            count(|t| matches!(t, Target::Provision(_))),
            count(|t| matches!(t, Target::Division { .. })),
            count(|t| matches!(t, Target::External { .. })),
            count(|t| matches!(t, Target::Unresolved { .. })),
        );
        assert!(!refs.is_empty(), "{} has no references", t.meta.id);
    }
}

#[test]
fn never_panics_on_generated_text() {
    const WORDS: &[&str] = &[
        "article",
        "Articles",
        "paragraph",
        "paragraphs",
        "sub-paragraph",
        "subparagraphs",
        "chapter",
        "Chapter",
        "of",
        "the",
        "this",
        "present",
        "Convention",
        "convention",
        "Protocol",
        "Charter",
        "United",
        "Nations",
        "above",
        "and",
        "or",
        "to",
        "through",
        ",",
        ".",
        ";",
        "(a)",
        "(b)",
        "(i)",
        "(ii)",
        "(1)",
        "1",
        "2",
        "7",
        "16",
        "99",
        "4294967296",
        "1.b",
        "9.1.a",
        "a.ii",
        "K.3",
        "d.",
        "e",
        "ii",
        "II",
        "XII",
        "é",
        "–",
        "“",
        "(",
        ")",
        "said",
        "article",
        "first",
    ];
    let t = corpus().treaty("budapest-p1").expect("treaty");
    let a = t.article(5).expect("article");
    let (paragraph, _) = walk(&a.blocks, None)[1];
    let contexts = [
        Context {
            treaty: t,
            article: Some(a),
            paragraph,
            within: Within::Block,
        },
        Context {
            treaty: t,
            article: Some(a),
            paragraph: None,
            within: Within::Note,
        },
        Context {
            treaty: t,
            article: None,
            paragraph: None,
            within: Within::Preamble,
        },
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..3000 {
        let len = next() % 14;
        let mut text = String::new();
        for _ in 0..len {
            let w = WORDS[next() % WORDS.len()];
            if next() % 3 != 0 {
                text.push(' ');
            }
            text.push_str(w);
        }
        for ctx in &contexts {
            for r in references_in(corpus(), ctx, "x", &text) {
                assert_eq!(text.get(r.location.range.clone()), Some(r.text.as_str()));
                assert!(
                    !r.targets.is_empty() || r.text.is_empty(),
                    "{text:?}: {r:?}"
                );
            }
        }
    }
}
