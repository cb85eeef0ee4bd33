//! Search over the real corpus: ranking smoke tests, citations, filters, lenient parsing.

mod common;

use concord::search::{Hit, QueryError, SearchRequest, SearchResults};

fn search(q: &str) -> SearchResults {
    common::concord()
        .engine
        .search(&SearchRequest::new(q))
        .unwrap()
}

/// An engine over the test corpus that has been asked only the questions of `toml`.
fn engine_asked(toml: &str) -> concord::search::Engine {
    let questions = concord::search::Questions::parse(toml).unwrap();
    common::concord().engine_with(questions).unwrap()
}

/// The hit for document `id` among the results of `q`.
fn hit_for(q: &str, id: &str) -> Hit {
    search(q)
        .hits
        .into_iter()
        .find(|h| h.id == id)
        .unwrap_or_else(|| panic!("{id} is not found for {q:?}"))
}

fn top(q: &str, n: usize) -> Vec<String> {
    search(q).hits.into_iter().take(n).map(|h| h.id).collect()
}

#[test]
fn illegal_access_finds_all_three_frameworks() {
    let ids = top("illegal access", 5);
    for id in ["budapest:2", "uncc:7", "malabo:29"] {
        assert!(
            ids.contains(&id.to_string()),
            "{id} not in the top five: {ids:?}"
        );
    }
}

#[test]
fn the_article_with_every_word_outranks_one_that_repeats_the_common_ones() {
    // Malabo 10 and 15 say "personal data" dozens of times; only Malabo 19 also has
    // "rectification".
    assert_eq!(top("rectification of personal data", 1), ["malabo:19"]);
    // "keep ... data" alone would mean preservation orders; with "personal data" it is the
    // storage limit of Malabo 13(c).
    let ids = top("how long can a company keep my personal data?", 3);
    assert!(ids.contains(&"malabo:13".to_string()), "{ids:?}");
    assert!(!ids.contains(&"budapest:16".to_string()), "{ids:?}");
}

#[test]
fn the_article_that_says_the_words_as_typed_comes_first() {
    // Malabo 30(2)(d) alone says "critical national defence infrastructure"; UN 21 and
    // Malabo 24 and 25 say "critical" and "infrastructure" more often, apart.
    assert_eq!(
        top("critical national defence infrastructure", 1),
        ["malabo:30"]
    );
    // UN 40(3)(b): "effecting service of judicial documents".
    assert_eq!(top("service of judicial documents", 1), ["uncc:40"]);
}

#[test]
fn words_said_in_one_paragraph_outrank_words_said_apart() {
    // Malabo 31(3)(c): "for the purposes of investigation or execution of a judicial
    // delegation". Budapest 23 (co-operation in investigations) came first.
    let q = "judicial delegation in cybercrime investigations";
    assert_eq!(top(q, 1), ["malabo:31"], "{:?}", top(q, 5));
}

#[test]
fn a_query_that_says_a_subject_index_keyword_finds_its_article_first() {
    // Malabo 19 on the blocking of personal data, keyworded so, before Malabo 10 on the
    // formalities; UN 49(1)(c) on confiscation without a criminal conviction before UN 31.
    for (q, meant) in [
        ("blocking of personal data", "malabo:19"),
        ("non-conviction based confiscation", "uncc:49"),
    ] {
        assert_eq!(top(q, 1), [meant], "{q:?}: {:?}", top(q, 5));
    }
    // A query that speaks of another State asks for cooperation, whatever domestic rule a
    // keyword names with the rest of its words.
    let q = "confiscation of proceeds of crime for another State";
    assert_eq!(top(q, 1), ["uncc:50"], "{:?}", top(q, 5));
}

#[test]
fn words_of_conversation_the_treaties_never_use_count_for_nothing() {
    // Alone, such words matched a keyword or were read as misspellings ("really" as "real").
    for (said, meant) in [
        (
            "is there actually a rule on stuff like real-time traffic data",
            "is there a rule on like real-time traffic data",
        ),
        (
            "the guy really hacked my account, ok",
            "the hacked my account",
        ),
        (
            "can police here do anything about racist abuse from abroad, please",
            "can police here do about racist abuse from abroad",
        ),
    ] {
        let ids = |q: &str| -> Vec<(String, u32)> {
            let hits = search(q).hits.into_iter().take(10);
            hits.map(|h| (h.id, (h.score * 1000.0) as u32)).collect()
        };
        assert_eq!(ids(said), ids(meant), "{said:?}");
    }
    // A word of conversation can be part of a term.
    assert_eq!(top("just-in-time notice", 1), ["malabo:16"]);
}

#[test]
fn the_un_secretary_general_is_not_the_un_convention() {
    // Malabo 38(5) registers the Convention with the Secretary General of the United
    // Nations under Article 102 of the Charter; "UN" names no treaty here.
    let results =
        search("registration with the UN Secretary-General under Article 102 of the Charter");
    assert!(
        !results
            .warnings
            .iter()
            .any(|w| w.starts_with("searching only")),
        "{:?}",
        results.warnings
    );
    assert_eq!(results.hits[0].id, "malabo:38");
}

#[test]
fn the_subject_index_finds_articles_in_words_their_text_lacks() {
    let engine = &common::concord().engine;
    let corpus = engine.corpus();
    // "metasploit" is a keyword of misuse of devices in two frameworks.
    let words: [(&str, &[&str]); 2] = [
        ("metasploit", &["budapest:6", "uncc:11"]),
        ("cantons", &["budapest:41"]),
    ];
    for (word, articles) in words {
        let elsewhere = corpus.articles().any(|(_, a)| {
            a.text().to_lowercase().contains(word) || a.title.to_lowercase().contains(word)
        }) || engine.thesaurus().typed().any(|w| w.contains(word));
        assert!(
            !elsewhere,
            "{word:?} is in a treaty or the thesaurus: pick another"
        );
        for article in articles {
            assert!(corpus.keywords.of(article).iter().any(|k| k.contains(word)));
        }
        let r = search(word);
        // The articles with the keyword come first.
        let mut first: Vec<&str> = r
            .hits
            .iter()
            .take(articles.len())
            .map(|h| h.id.as_str())
            .collect();
        first.sort_unstable();
        let mut expected = articles.to_vec();
        expected.sort_unstable();
        assert_eq!(first, expected, "{word}");
        // Its text shows none of the query, so the hit says which keywords found it.
        assert!(r.hits[0].highlights.is_empty());
        assert!(
            r.hits[0].subjects.iter().any(|k| k.contains(word)),
            "{:?}",
            r.hits[0].subjects
        );
    }
    // A paragraph whose points carry its text ("1.") is not the snippet of a hit it does
    // not match.
    let bare: Vec<String> = search("metasploit")
        .hits
        .into_iter()
        .filter(|h| !h.snippet.chars().any(char::is_alphabetic))
        .map(|h| h.id)
        .collect();
    assert!(bare.is_empty(), "snippets without words: {bare:?}");
    // A hit whose text has the words needs no such note.
    let r = search("illegal access");
    assert!(!r.hits[0].highlights.is_empty());
    assert!(r.hits[0].subjects.is_empty(), "{:?}", r.hits[0].subjects);
}

#[test]
fn expert_queries_act_on_the_text_and_ask_for_keywords_by_name() {
    // "hacking" is a keyword of Budapest 2, not a word of its text: excluding it keeps it.
    let engine = &common::concord().engine;
    assert!(
        engine
            .corpus()
            .keywords
            .of("budapest:2")
            .contains(&"hacking".to_string())
    );
    assert!(top("illegal access -hacking", 3).contains(&"budapest:2".to_string()));
    let mut by_keyword = top("keywords:metasploit", 2);
    by_keyword.sort();
    assert_eq!(by_keyword, ["budapest:6", "uncc:11"]);
    assert!(search("keywords:metasploit").warnings.is_empty());
}

#[test]
fn hits_name_their_best_paragraph_and_link_to_it() {
    let r = search("expedited preservation of stored computer data");
    let hit = &r.hits[0];
    assert!(
        ["budapest:16", "budapest:29", "uncc:25"].contains(&hit.id.as_str()),
        "{:?}",
        hit.id
    );
    assert!(
        hit.url.ends_with(&format!("#{}", hit.paragraph)),
        "{}",
        hit.url
    );
    assert!(hit.paragraph.starts_with(&format!("art_{}", hit.article)));
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|r| &hit.snippet[r.clone()])
        .collect();
    assert!(
        marked.iter().any(|w| w.to_lowercase().contains("preserv")),
        "{marked:?}"
    );
    assert!(
        !marked
            .iter()
            .any(|w| ["of", "the", "and"].contains(&w.to_lowercase().as_str())),
        "{marked:?}"
    );
}

#[test]
fn words_closing_a_list_are_shown_after_the_end_of_its_last_point() {
    // Budapest 20(1)(b) ends "… in the collection or recording of," then, as its own
    // paragraph, "traffic data, in real-time, associated with …".
    let hit = hit_for("traffic data in real time", "budapest:20");
    assert_eq!(hit.paragraph, "art_20__para_1__point_b__text_1");
    assert!(
        hit.snippet.starts_with(
            "…assist the competent authorities in the collection or recording of, traffic data"
        ),
        "{}",
        hit.snippet
    );
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|r| &hit.snippet[r.clone()])
        .collect();
    assert!(marked.contains(&"traffic data"), "{marked:?}");
    // With its lead-in a snippet keeps to 320 characters and an ellipsis at each end: the
    // closing words of UN 11(1)(a) give way, cut at a word.
    let hit = hit_for(
        "intent that the device be used for committing offences treaty:uncc",
        "uncc:11",
    );
    assert_eq!(hit.paragraph, "art_11__para_1__point_a__text_1");
    assert!(hit.snippet.starts_with('…'), "{}", hit.snippet);
    assert!(hit.snippet.chars().count() <= 322, "{}", hit.snippet);
    assert!(!hit.highlights.is_empty());
    // A sentence of its own after a list is shown as it stands (Malabo 29(1), after point
    // f: "State Parties further undertake to:").
    let hit = hit_for("State Parties further undertake treaty:malabo", "malabo:29");
    assert!(
        hit.snippet.starts_with("State Parties further undertake"),
        "{}",
        hit.snippet
    );
    // An introduction is shown as it stands: it opens its sentence.
    let r = search("Budapest art. 20(1)(b)");
    assert_eq!(r.hits[0].paragraph, "art_20__para_1__point_b");
    assert!(
        r.hits[0].snippet.starts_with("b) compel"),
        "{}",
        r.hits[0].snippet
    );
}

#[test]
fn the_best_paragraph_is_the_matching_point() {
    let hit = hit_for(
        "possession of child pornography in a computer system",
        "malabo:29",
    );
    assert_eq!(
        hit.paragraph, "art_29__para_3__para_1__point_c",
        "{}",
        hit.snippet
    );
    // The point that says what was typed, over one that holds more of the thesaurus's
    // wordings for it (Malabo 10(5)(d) lists other sensitive data).
    let hit = hit_for("biometric data", "malabo:10");
    assert_eq!(hit.paragraph, "art_10__para_4__point_d", "{}", hit.snippet);
}

#[test]
fn a_citation_goes_first_and_names_the_provision() {
    let r = search("Malabo 29(1)(a)");
    let c = r.citation.as_ref().expect("read as a citation");
    assert_eq!(c.id, "malabo:29(1)(a)");
    assert_eq!(c.url, "/malabo/art/29#art_29__para_1__point_a");
    assert_eq!(r.hits[0].id, "malabo:29");
    assert_eq!(r.hits[0].paragraph, "art_29__para_1__point_a");
    // Next come the counterparts of the point and their attempt articles, not the
    // counterparts of every offence in Malabo 29.
    let next: Vec<&str> = r.hits[1..5].iter().map(|h| h.id.as_str()).collect();
    assert!(
        next.contains(&"uncc:7") && next.contains(&"budapest:2"),
        "{next:?}"
    );
    assert!(
        !next.contains(&"uncc:13"),
        "fraud is not illegal access: {next:?}"
    );
    let r = search("article 7 of the UN convention");
    assert_eq!(r.hits[0].id, "uncc:7");
    // The rest of the page is what the cited article's title finds elsewhere.
    assert!(
        r.hits.iter().skip(1).any(|h| h.id == "budapest:2"),
        "{:?}",
        r.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
    );
}

#[test]
fn a_citation_of_several_articles_lists_them_first_in_order_on_every_page() {
    let engine = &common::concord().engine;
    let page = |offset: usize, limit: usize| -> Vec<String> {
        let r = engine
            .search(&SearchRequest {
                limit,
                offset,
                ..SearchRequest::new("articles 2 to 4 of the Budapest Convention")
            })
            .unwrap();
        r.hits.into_iter().map(|h| h.id).collect()
    };
    let all = page(0, 8);
    assert_eq!(all[..3], ["budapest:2", "budapest:3", "budapest:4"]);
    // Each article once, and the pages cut the same list.
    let unique: std::collections::HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "{all:?}");
    assert_eq!(page(2, 3), all[2..5]);
    assert_eq!(page(4, 4), all[4..8]);
    // The first cited is the citation; the web goes straight to a citation of one only.
    let r = search("budapest arts. 16-17");
    assert_eq!(r.citation.map(|c| c.id).as_deref(), Some("budapest:16"));
    assert_eq!(r.hits[1].id, "budapest:17");
    assert!(engine.citation("budapest arts. 16-17").is_none());
    // A range typed with spaces around its dash is the same range, not a word left out.
    for q in [
        "budapest arts. 16 - 17",
        "budapest 16 – 17",
        "budapest 16- 17",
        "budapest 16 -- 17",
    ] {
        let ids: Vec<String> = search(q).hits.into_iter().map(|h| h.id).collect();
        assert_eq!(ids[..2], ["budapest:16", "budapest:17"], "{q:?}");
    }
    let r = search("uncc 2(a) - (c)");
    assert_eq!(
        r.citation.map(|c| c.id).as_deref(),
        Some("uncc:2(a)"),
        "{:?}",
        r.warnings
    );
    // Among other words, a range of points is a reference to its article, not brackets the
    // query parser stumbles on.
    for q in ["uncc 2(a)-(c) hacking", "uncc 2(a) – (c) hacking"] {
        let r = search(q);
        assert_eq!(r.hits[0].id, "uncc:2", "{q:?}");
        assert!(
            !r.warnings.iter().any(|w| w.contains("could not be read")),
            "{q:?}: {:?}",
            r.warnings
        );
    }
    // An article cited twice, as a whole and by a paragraph, is listed once, and counted
    // once: the pages hold exactly the total.
    let r = search("budapest 16, 16(1)");
    assert_eq!(r.hits[0].id, "budapest:16");
    assert!(
        r.hits[1..].iter().all(|h| h.id != "budapest:16"),
        "{:?}",
        r.hits
    );
    let mut listed = 0;
    for offset in (0..).step_by(50).take_while(|&o| o < r.total + 50) {
        listed += engine
            .search(&SearchRequest {
                limit: 50,
                offset,
                ..SearchRequest::new("budapest 16, 16(1)")
            })
            .unwrap()
            .hits
            .len();
    }
    assert_eq!(listed, r.total);
    // Named in a treaty filter of another treaty, cited articles are left out.
    let r = engine
        .search(&SearchRequest {
            treaties: vec!["uncc".into()],
            ..SearchRequest::new("budapest 2 and 3")
        })
        .unwrap();
    assert!(r.hits.iter().all(|h| h.treaty == "uncc"), "{:?}", r.hits);
}

#[test]
fn citations_of_articles_of_two_treaties_list_both_first() {
    assert_eq!(
        top("Budapest article 2 and UNCC 7", 2),
        ["budapest:2", "uncc:7"]
    );
    assert_eq!(
        top("Budapest Convention, Article 2 (Illegal access)", 1),
        ["budapest:2"]
    );
    // Set against each other.
    for q in [
        "compare uncc 7 and budapest 2",
        "compare uncc 7 with budapest 2",
        "uncc 7 vs budapest 2",
        "uncc 7 versus budapest 2",
        "difference between uncc 7 and budapest 2",
    ] {
        assert_eq!(top(q, 2), ["uncc:7", "budapest:2"], "{q:?}");
    }
    // A list after either name, and the paragraph the first citation names.
    assert_eq!(
        top("budapest 2 and 3 and uncc 7", 3),
        ["budapest:2", "budapest:3", "uncc:7"]
    );
    let r = search("uncc 7(1) and (2) and budapest 2");
    let ids: Vec<&str> = r.hits.iter().take(2).map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["uncc:7", "budapest:2"]);
    assert_eq!(r.hits[0].paragraph, "art_7__para_1");
    // Names after the numbers.
    assert_eq!(
        top("article 7 uncc and articles 2 and 3 budapest", 3),
        ["uncc:7", "budapest:2", "budapest:3"]
    );
}

#[test]
fn a_citation_of_a_missing_article_says_so_and_still_searches() {
    let r = search("budapest 99");
    assert!(r.citation.is_none());
    assert!(
        r.warnings.iter().any(|w| w.contains("articles 1–48")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn treaty_facets_count_every_result_the_links_and_citations_bring() {
    let engine = &common::concord().engine;
    // "sextortion" is in no treaty's text: its results are what the subject index, the
    // links and the definitions bring. "budapest 2" pins a citation.
    for q in [
        "sextortion",
        "blocking of personal data",
        "ISP",
        "budapest 2",
        "wiretap",
        "CSAM",
        "penalties treaty:budapest-p1",
    ] {
        let mut req = SearchRequest::new(q);
        req.limit = 100;
        let r = engine.search(&req).unwrap();
        assert!(r.total <= 100, "{q:?}: {}", r.total);
        assert_eq!(r.hits.len(), r.total, "{q:?}");
        let filtered = r.query.contains("treaty:");
        for hit in &r.hits {
            let treaty = &hit.treaty;
            let count = r.facets.get(treaty).copied().unwrap_or(0);
            let listed = r.hits.iter().filter(|h| &h.treaty == treaty).count();
            if filtered {
                assert!(
                    listed <= count,
                    "{q:?}: {treaty} lists {listed}, counts {count}"
                );
            } else {
                assert_eq!(
                    listed, count,
                    "{q:?}: {treaty} lists {listed}, counts {count}"
                );
            }
        }
        if !filtered {
            assert_eq!(r.facets.values().sum::<usize>(), r.total, "{q:?}");
        }
    }
}

#[test]
fn treaty_filters_take_ids_and_aliases() {
    let r = search("interception treaty:ets185");
    assert!(!r.hits.is_empty());
    assert!(r.hits.iter().all(|h| h.treaty == "budapest"));
    // Facet counts are for the query without the filter, so other treaties stay reachable.
    assert!(
        r.facets.get("uncc").copied().unwrap_or(0) > 0,
        "{:?}",
        r.facets
    );
    let engine = &common::concord().engine;
    let mut req = SearchRequest::new("interception");
    req.treaties = vec!["au".into()];
    assert!(
        engine
            .search(&req)
            .unwrap()
            .hits
            .iter()
            .all(|h| h.treaty == "malabo")
    );
}

#[test]
fn unusable_queries_are_errors_that_say_why() {
    let engine = &common::concord().engine;
    assert_eq!(
        engine.search(&SearchRequest::new("   ")).unwrap_err(),
        QueryError::Empty
    );
    let long = "access ".repeat(100);
    assert!(matches!(
        engine.search(&SearchRequest::new(long)),
        Err(QueryError::TooLong { .. })
    ));
    let err = engine
        .search(&SearchRequest::new("access treaty:atlantis"))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("uncc, budapest, budapest-p1, malabo"),
        "{err}"
    );
}

#[test]
fn stray_quotes_and_brackets_still_search() {
    for q in [
        "\"illegal access",
        "illegal access)",
        "((data",
        "access AND",
        "title:",
        "re: interception",
        "-",
        "\"\"",
    ] {
        let r = common::concord().engine.search(&SearchRequest::new(q));
        assert!(r.is_ok(), "{q:?} gave {r:?}");
    }
    assert!(!search("\"illegal access").hits.is_empty());
    // Operators the parser cannot read leave the words to search, with a note.
    for (q, expected) in [
        ("(hacking", "malabo:29"),
        ("hacking)", "malabo:29"),
        ("[child] {abuse}", "uncc:14"),
    ] {
        let r = search(q);
        assert_eq!(
            r.hits.first().map(|h| h.id.as_str()),
            Some(expected),
            "{q:?}"
        );
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("operators could not be read")),
            "{q:?}: {:?}",
            r.warnings
        );
    }
    // Words that were to be left out are not searched for instead.
    let r = search("NOT hacking");
    assert!(r.hits.is_empty(), "{:?}", r.hits);
    assert!(r.warnings.iter().any(|w| w.contains("no word is left")));
    // Read by the parser, a stray OR before it: still nothing to search for, and said once.
    let r = search("OR -malabo");
    assert!(r.hits.is_empty(), "{:?}", r.hits);
    let said: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.contains("no word is left"))
        .collect();
    assert_eq!(said.len(), 1, "{:?}", r.warnings);
    // Brackets alone suggest nothing.
    assert_eq!(search(")").did_you_mean, None);
    // The brackets of a paragraph or point group nothing: a reference that words after it
    // make a search comes first, at its paragraph, and the words are searched, the treaty
    // it names first, with no note about operators.
    let r = search("uncc 41(3) hacking");
    assert!(r.citation.is_none(), "{:?}", r.citation);
    assert!(
        r.warnings.iter().all(|w| !w.contains("operators")),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.hits[0].url, "/uncc/art/41#art_41__para_3");
    let first: Vec<&str> = r.hits.iter().take(5).map(|h| h.id.as_str()).collect();
    assert!(first.iter().all(|id| id.starts_with("uncc:")), "{first:?}");
    assert!(first.contains(&"uncc:7"), "{first:?}");
    // Brackets that open a word are still read as grouping.
    let r = search("41 (hacking");
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("operators could not be read"))
    );
}

#[test]
fn fields_and_filters_in_the_query_narrow_it() {
    // A field lists what it names, not the counterparts of what it names.
    let titled: Vec<String> = search("title:extradition")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(titled, ["uncc:37", "budapest:24"]);
    // "chapter:" keeps the articles of chapters so headed, in any framework's spelling.
    let ids = top("chapter:procedural preservation", 40);
    assert!(ids.contains(&"budapest:16".to_string()), "{ids:?}");
    assert!(!ids.contains(&"budapest:29".to_string()), "{ids:?}");
    let ids = top("chapter:cooperation extradition", 40);
    for id in ["budapest:24", "uncc:37"] {
        assert!(ids.contains(&id.to_string()), "{id}: {ids:?}");
    }
    assert!(!ids.contains(&"budapest:22".to_string()), "{ids:?}");
    // Left out with '-' or NOT, also inside brackets and beside operators.
    for q in [
        "extradition -chapter:cooperation",
        "extradition NOT chapter:cooperation",
    ] {
        let ids = top(q, 40);
        assert!(!ids.is_empty(), "{q:?}");
        for id in ["budapest:24", "uncc:37"] {
            assert!(!ids.contains(&id.to_string()), "{q:?}: {ids:?}");
        }
    }
    // A treaty is left out the same way, and only that treaty.
    for q in [
        "hacking -treaty:malabo",
        "hacking NOT treaty:malabo",
        "(hacking -treaty:malabo)",
    ] {
        let ids = top(q, 40);
        assert!(ids.contains(&"budapest:2".to_string()), "{q:?}: {ids:?}");
        assert!(ids.contains(&"uncc:7".to_string()), "{q:?}: {ids:?}");
        assert!(
            !ids.iter().any(|id| id.starts_with("malabo:")),
            "{q:?}: {ids:?}"
        );
    }
    let r = search("hacking treaty:malabo -treaty:malabo");
    assert!(r.hits.is_empty());
    assert!(
        r.warnings.iter().any(|w| w.contains("leave no treaty")),
        "{:?}",
        r.warnings
    );
    // A bracketed group left out leaves out the filters in it.
    for q in [
        "hacking NOT (treaty:malabo OR treaty:uncc)",
        "hacking -(treaty:malabo OR treaty:uncc)",
    ] {
        let ids = top(q, 40);
        assert!(ids.contains(&"budapest:2".to_string()), "{q:?}: {ids:?}");
        assert!(
            ids.iter().all(|id| id.starts_with("budapest")),
            "{q:?}: {ids:?}"
        );
    }
    // Filters joined by AND in a group left out leave out only what is both: UN 37 is a
    // UN cooperation article, UN 22 (jurisdiction) and Budapest 24 are not both.
    for q in [
        "extradition NOT (treaty:uncc AND chapter:cooperation)",
        "extradition -(treaty:uncc AND chapter:cooperation)",
    ] {
        let r = search(q);
        let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        assert!(!ids.contains(&"uncc:37"), "{q:?}: {ids:?}");
        for kept in ["budapest:24", "uncc:22"] {
            assert!(ids.contains(&kept), "{q:?}: {kept} in {ids:?}");
        }
        assert!(r.warnings.is_empty(), "{q:?}: {:?}", r.warnings);
    }
    // A group never closed still leaves out its filters.
    let ids = top("extradition NOT (treaty:uncc", 20);
    assert!(!ids.iter().any(|id| id.starts_with("uncc:")), "{ids:?}");
    let ids = top("extradition -(treaty:uncc AND chapter:cooperation", 20);
    assert!(!ids.contains(&"uncc:37".to_string()), "{ids:?}");
    assert!(ids.contains(&"uncc:22".to_string()), "{ids:?}");
    // A group with OR, NOT or a group of its own, or two treaties joined by AND, leaves out
    // each filter, and says so.
    for q in [
        "extradition NOT (treaty:uncc AND chapter:cooperation OR treaty:budapest)",
        "extradition NOT ((treaty:uncc AND chapter:cooperation) OR treaty:budapest)",
        "extradition NOT (treaty:uncc AND NOT (chapter:cooperation))",
        "extradition NOT (treaty:uncc AND treaty:budapest)",
    ] {
        let r = search(q);
        assert!(
            !r.hits.iter().any(|h| h.treaty == "uncc"),
            "{q:?}: {:?}",
            r.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
        );
        assert!(
            r.warnings.iter().any(|w| w.contains("leaving out each")),
            "{q:?}: {:?}",
            r.warnings
        );
    }
    // With words in the group as well, each is left out, and the reader is told.
    let r = search("extradition NOT (treaty:uncc AND access)");
    assert!(!r.hits.iter().any(|h| h.treaty == "uncc"));
    assert!(
        r.warnings.iter().any(|w| w.contains("leaving out each")),
        "{:?}",
        r.warnings
    );
    // A citation of a treaty left out is not pinned.
    let ids = top("Budapest art. 2 -treaty:budapest", 10);
    assert!(ids.iter().all(|id| !id.starts_with("budapest:")), "{ids:?}");
    let ids = top("article 16 -treaty:uncc", 10);
    assert!(!ids.contains(&"uncc:16".to_string()), "{ids:?}");
    assert_eq!(ids[0], "budapest:16");
    // A word left out beside a citation: the cited article first, then what its title
    // finds without the word (UN 7 and Malabo 29 say "access").
    let r = search("Budapest art. 2 -access");
    assert_eq!(
        r.citation.as_ref().map(|c| c.id.as_str()),
        Some("budapest:2")
    );
    assert_eq!(r.hits[0].id, "budapest:2");
    for id in ["uncc:7", "malabo:29"] {
        assert!(!r.hits.iter().any(|h| h.id == id), "{id}");
    }
    let ids = top(
        "(chapter:cooperation OR chapter:procedural) extradition",
        40,
    );
    assert!(ids.contains(&"budapest:24".to_string()), "{ids:?}");
    assert!(!ids.contains(&"budapest:22".to_string()), "{ids:?}");
    // Field names in capitals are the same fields.
    assert_eq!(top("Title:extradition", 5), ["uncc:37", "budapest:24"]);
    // A quoted phrase is not a field: its counterparts still join.
    assert!(top("\"illegal access\"", 10).contains(&"malabo:29".to_string()));
    // An empty or unknown filter is dropped with a note, not an error.
    for q in ["chapter:xyzzy fraud", "chapter: fraud", "fraud treaty:"] {
        let r = search(q);
        assert_eq!(r.hits[0].id, "uncc:13", "{q:?}");
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("ignored") || w.contains("without it")),
            "{q:?}"
        );
    }
}

#[test]
fn quoted_phrases_and_boolean_operators_work() {
    let phrase = search("\"content data\"");
    assert!(
        phrase.hits.iter().any(|h| h.id == "budapest:21"),
        "{:?}",
        phrase.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
    );
    let both = search("extradition AND nationality");
    let either = search("extradition OR nationality");
    assert!(
        both.total < either.total,
        "{} vs {}",
        both.total,
        either.total
    );
    let without = search("extradition NOT nationality");
    assert!(without.total < search("extradition").total);
}

#[test]
fn a_misspelt_word_is_corrected_and_suggested() {
    let r = search("extradiction");
    assert_eq!(r.did_you_mean.as_deref(), Some("extradition"));
    let ids = r
        .hits
        .iter()
        .take(3)
        .map(|h| h.id.as_str())
        .collect::<Vec<_>>();
    assert!(
        ids.contains(&"budapest:24") || ids.contains(&"uncc:37"),
        "{ids:?}"
    );
}

#[test]
fn a_typo_is_read_as_the_word_the_treaties_write_beside_the_next() {
    // "statue" is one letter from "state" and from "statute"; "state" is far more frequent,
    // but only "statute" is written next to "limitations".
    let r = search("statue of limitations");
    assert_eq!(r.did_you_mean.as_deref(), Some("statute of limitations"));
    assert_eq!(r.hits[0].id, "uncc:20");
    // Alone, a word of English is left as typed.
    assert_eq!(search("statue").did_you_mean, None);
}

#[test]
fn a_misspelt_word_keeps_its_first_letter() {
    // "ilegal" is one slip from "legal" too, which the treaties write far more often.
    let r = search("ilegal interseption of comunications");
    assert_eq!(
        r.did_you_mean.as_deref(),
        Some("illegal interception of communications")
    );
    let ids: Vec<String> = r.hits.iter().take(3).map(|h| h.id.clone()).collect();
    assert!(ids.contains(&"budapest:3".to_string()), "{ids:?}");
    assert!(ids.contains(&"uncc:8".to_string()), "{ids:?}");
    // The misspelt neighbour counts as corrected: "legal" is written beside "emails",
    // "illegal" beside "interception".
    let r = search("ilegal interseption of emails");
    assert_eq!(
        r.did_you_mean.as_deref(),
        Some("illegal interception of emails")
    );
    assert_eq!(r.hits[0].id, "budapest:3");
}

#[test]
fn a_plural_abbreviation_is_read_as_the_abbreviation() {
    // The stemmer keeps the "s" of "CSPs" and "MoUs" (no vowel before it, or one right
    // before it): read as "CSP" and "MoU", which the thesaurus has, not as typos.
    let r = search("LI obligations for CSPs");
    assert_eq!(r.did_you_mean, None);
    assert!(
        r.expansions.iter().any(|e| e.concept == "service-provider"),
        "{:?}",
        r.expansions
    );
    let r = search("LE cooperation MoUs");
    assert_eq!(r.did_you_mean, None);
    assert!(
        r.expansions
            .iter()
            .any(|e| e.concept == "agreements-or-arrangements"),
        "{:?}",
        r.expansions
    );
    assert!(top("LE cooperation MoUs", 3).contains(&"uncc:47".to_string()));
}

#[test]
fn a_word_of_english_the_treaties_lack_is_not_a_typo() {
    // "actually" is one slip from "annually" at most in letters, not in meaning.
    let r = search("is grooming a crime if the adult never actually meets the child?");
    assert_eq!(r.did_you_mean, None);
    assert_eq!(r.hits[0].id, "uncc:15");
    assert_eq!(
        search("officers trying to catch a predator").did_you_mean,
        None
    );
    assert_eq!(search("actually").did_you_mean, None);
    // Unless the treaties, or the keywords of their subject index, write a word one letter
    // away beside a word next to it.
    let r = search("statue of limitations");
    assert_eq!(r.did_you_mean.as_deref(), Some("statute of limitations"));
    let r = search("is racking a crime");
    assert_eq!(r.did_you_mean.as_deref(), Some("is hacking a crime"));
    assert_eq!(
        search("commuter virus").did_you_mean.as_deref(),
        Some("computer virus")
    );
}

#[test]
fn a_reference_among_other_words_comes_first() {
    // The words do not describe the article, so this is a search; the article referred to
    // comes first, its number is not searched ("7" had found the 24/7 network), and the
    // rest is what the words find.
    for (q, first, next) in [
        ("uncc 7 hacking", "uncc:7", "uncc:11"),
        (
            "budapest 16 preservation order",
            "budapest:16",
            "budapest:29",
        ),
        ("art 7 hacking treaty:uncc", "uncc:7", "uncc:11"),
    ] {
        let r = search(q);
        assert!(r.citation.is_none(), "{q:?}: {:?}", r.citation);
        let ids: Vec<&str> = r.hits.iter().take(3).map(|h| h.id.as_str()).collect();
        assert_eq!(ids[0], first, "{q:?}: {ids:?}");
        assert!(ids[1..].contains(&next), "{q:?}: {ids:?}");
        assert!(!ids.contains(&"uncc:41"), "{q:?}: {ids:?}");
    }
    // The snippet is the paragraph the words find, where no paragraph is referred to.
    let r = search("Budapest Convention article 16 how long");
    assert_eq!(r.hits[0].id, "budapest:16");
    assert_eq!(r.hits[0].paragraph, "art_16__para_2");
    // A number of things is no article, nor is another instrument's.
    assert_eq!(top("uncc 40 states needed", 1), ["uncc:65"]);
    assert_eq!(top("budapest article 8 ECHR privacy", 1), ["budapest:15"]);
    // A filter keeps the reference or leaves it out, the total counting what it keeps.
    let r = search("uncc 7 hacking chapter:cooperation");
    assert!(r.hits.iter().all(|h| h.id != "uncc:7"), "{:?}", r.hits);
    assert_eq!(r.total, r.hits.len());
    // A list or range: each article, in order, and no number searched.
    for q in [
        "uncc 7 and 8 hacking",
        "uncc 7-8 hacking",
        "uncc 7, 8 hacking",
    ] {
        assert_eq!(top(q, 2), ["uncc:7", "uncc:8"], "{q:?}");
    }
    // Naming no treaty: the article of that number the words find among their first
    // results, and that treaty's for a list; not another article of the same number.
    assert_eq!(top("hacking art 7", 2), ["uncc:7", "malabo:29"]);
    assert_eq!(top("forgery art 7", 1), ["budapest:7"]);
    assert_eq!(top("hacking arts 7 and 8", 2), ["uncc:7", "uncc:8"]);
    let r = search("interception (art. 8)");
    assert_eq!(r.hits[0].id, "uncc:8");
    assert!(
        r.hits[..3].iter().all(|h| h.id != "budapest-p1:8"),
        "{:?}",
        r.hits
    );
    assert!(search("hacking gdpr article 6").hits[0].article != "6");
    assert_ne!(
        top("personal data article 8 of the EU charter", 1),
        ["malabo:8"]
    );
    // A number that names no article the words find is searched as typed, and words the
    // treaties do not have leave the reference as it was read before.
    assert_eq!(top("expedited article 16", 1), ["budapest:16"]);
    assert!(search("art 7 qwertyuiop").total > 0);
    // Brackets around a citation group nothing: it is read as if they were not there.
    for (q, first) in [
        ("hacking (uncc 7)", "/uncc/art/7#art_7__para_1"),
        ("hacking(uncc 7)", "/uncc/art/7#art_7__para_1"),
        ("hacking (art 7)", "/uncc/art/7#art_7__para_1"),
        ("hacking (see art 7)", "/uncc/art/7#art_7__para_1"),
        ("hacking (see uncc 41(3))", "/uncc/art/41#art_41__para_3"),
        ("hacking (see uncc 41 (3))", "/uncc/art/41#art_41__para_3"),
        (
            "illegal access (Budapest art. 2)",
            "/budapest/art/2#art_2__para_1",
        ),
    ] {
        let r = search(q);
        assert_eq!(r.query, q);
        assert_eq!(r.hits[0].url, first, "{q:?}");
        assert!(
            r.warnings.iter().all(|w| !w.contains("operators")),
            "{q:?}: {:?}",
            r.warnings
        );
    }
}

#[test]
fn a_citation_without_a_treaty_name_reads_the_filter_or_each_treaty() {
    let r = search("treaty:uncc article 16");
    assert_eq!(r.citation.map(|c| c.id), Some("uncc:16".to_string()));
    let four = top("article 16", 4);
    assert_eq!(
        four,
        ["uncc:16", "budapest:16", "budapest-p1:16", "malabo:16"]
    );
    // Only the instruments that have the provision, without a note about the others.
    let r = search("article 60");
    assert_eq!(r.hits[0].id, "uncc:60");
    assert!(
        !r.warnings.iter().any(|w| w.contains("has no article")),
        "{:?}",
        r.warnings
    );
    assert_ne!(r.hits.get(1).map(|h| h.article.as_str()), Some("60"));
    // A word for an article with no number, or a long range, cites nothing.
    for q in ["art", "article", "articles 1 to 12"] {
        assert!(search(q).citation.is_none(), "{q:?}");
    }
    // A short list is those articles of each instrument, treaty by treaty.
    assert_eq!(
        top("art 7 and 8", 8),
        [
            "uncc:7",
            "uncc:8",
            "budapest:7",
            "budapest:8",
            "budapest-p1:7",
            "budapest-p1:8",
            "malabo:7",
            "malabo:8"
        ]
    );
    assert_eq!(
        top("articles 37 to 39", 4),
        ["uncc:37", "uncc:38", "uncc:39", "budapest:37"]
    );
    // A paragraph or point in brackets is a reference without "article" before it: to
    // the paragraph, in each instrument whose article has it.
    let r = search("41(3)");
    let urls: Vec<&str> = r.hits.iter().take(2).map(|h| h.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "/uncc/art/41#art_41__para_3",
            "/budapest/art/41#art_41__para_3"
        ]
    );
    assert!(r.hits.iter().all(|h| h.id != "malabo:41"));
    assert_eq!(top("29 (1) (a)", 2), ["uncc:29", "malabo:29"]);
    // A number no instrument has is said so, in a list too; a paragraph none has, each
    // article of its number.
    for (q, note) in [
        ("99(1)", "no instrument has an article 99"),
        ("art 99", "no instrument has an article 99"),
        ("art 90 and 91", "no instrument has an article 90"),
    ] {
        let r = search(q);
        assert!(r.citation.is_none(), "{q:?}");
        assert!(
            r.warnings.iter().any(|w| w == note),
            "{q:?}: {:?}",
            r.warnings
        );
    }
    for (q, first) in [
        ("7(9)", &["uncc:7"][..]),
        ("art 7(9) and 8", &["uncc:7", "uncc:8"]),
    ] {
        let r = search(q);
        let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids[..first.len()], *first, "{q:?}");
        let note = "no instrument has a provision 7(9); showing each article 7";
        assert!(
            r.warnings.iter().any(|w| w == note),
            "{q:?}: {:?}",
            r.warnings
        );
    }
    // Words after it that do not describe it make it a search.
    assert_ne!(top("41(3) hacking", 1), ["uncc:41"]);
    // Glued, or with a section sign.
    for q in ["art16 budapest", "§ 16 budapest", "§16 Budapest"] {
        assert_eq!(top(q, 1), ["budapest:16"], "{q:?}");
    }
    // Concord's own ids are citations, without a note about fields.
    let r = search("budapest:16");
    assert_eq!(r.hits[0].id, "budapest:16");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a_treaty_id_left_out_as_a_word_leaves_the_treaty_out() {
    let three = ["uncc:16", "budapest-p1:16", "malabo:16"];
    for q in [
        "article 16 -Budapest",
        "article 16 NOT budapest",
        "-budapest article 16",
    ] {
        assert_eq!(top(q, 3), three, "{q:?}");
        assert!(!top(q, 100).contains(&"budapest:16".to_string()), "{q:?}");
    }
    let r = search("illegal access -Malabo");
    assert!(!r.hits.is_empty());
    assert!(r.hits.iter().all(|h| h.treaty != "malabo"), "{:?}", r.hits);
    // A treaty's id searched, not left out, still names the treaty.
    assert_eq!(top("budapest 16", 1), ["budapest:16"]);
    // In brackets, and in a group left out.
    for (q, gone) in [
        ("illegal access (NOT malabo)", "malabo"),
        ("illegal access (NOT treaty:malabo)", "malabo"),
        ("illegal access AND (NOT budapest)", "budapest"),
        ("NOT (budapest OR malabo) article 16", "malabo"),
        ("NOT (budapest OR malabo) article 16", "budapest"),
    ] {
        let r = search(q);
        assert!(!r.hits.is_empty(), "{q:?}");
        assert!(
            r.hits.iter().all(|h| h.treaty != gone),
            "{q:?}: {:?}",
            r.hits
        );
    }
    // Where OR makes alternatives, the id stays a word left out of its part only.
    let r = search("(illegal access NOT budapest) OR (data interference)");
    assert!(r.hits.iter().any(|h| h.id == "budapest:4"), "{:?}", r.hits);
}

#[test]
fn a_query_of_filters_alone_lists_what_they_keep_in_order() {
    let corpus = &common::concord().corpus;
    let in_order = |treaties: &[&str], skip: &[&str]| -> Vec<String> {
        let mut ids = Vec::new();
        for t in corpus
            .treaties
            .iter()
            .filter(|t| treaties.contains(&t.meta.id.as_str()))
        {
            if !t.preamble.is_empty() {
                ids.push(format!("{}:preamble", t.meta.id));
            }
            ids.extend(
                t.articles
                    .iter()
                    .map(|a| format!("{}:{}", t.meta.id, a.number)),
            );
        }
        ids.retain(|id| !skip.contains(&id.as_str()));
        ids
    };
    // Every page of the results.
    let listed = |q: &str| {
        let mut ids: Vec<String> = Vec::new();
        loop {
            let request = SearchRequest {
                limit: 50,
                offset: ids.len(),
                ..SearchRequest::new(q)
            };
            let r = common::concord().engine.search(&request).unwrap();
            assert!(
                r.warnings
                    .iter()
                    .any(|w| w.contains("no words to search for")),
                "{q:?}: {:?}",
                r.warnings
            );
            assert!(!r.hits.is_empty(), "{q:?}: a page short of the total");
            ids.extend(r.hits.into_iter().map(|h| h.id));
            if ids.len() >= r.total {
                assert_eq!(ids.len(), r.total, "{q:?}");
                return ids;
            }
        }
    };
    assert_eq!(listed("treaty:malabo"), in_order(&["malabo"], &[]));
    let others = in_order(&["uncc", "budapest", "budapest-p1"], &[]);
    for q in ["-treaty:malabo", "NOT malabo", "-malabo"] {
        assert_eq!(listed(q), others, "{q:?}");
    }
    // Words left out leave out the provisions that say them.
    let without = listed("treaty:budapest-p1 -racist");
    assert!(!without.is_empty() && without.len() < in_order(&["budapest-p1"], &[]).len());
    assert!(
        !without.contains(&"budapest-p1:2".to_string()),
        "{without:?}"
    );
    assert_eq!(
        listed("treaty:uncc (NOT hacking)"),
        listed("treaty:uncc -hacking")
    );
    // Chapters as well as treaties.
    assert_eq!(listed("chapter:jurisdiction"), ["uncc:22", "budapest:22"]);
    // Filters that leave no treaty list nothing, and say why.
    let none = search("-treaty:malabo -treaty:uncc -treaty:budapest -treaty:budapest-p1");
    assert!(none.hits.is_empty());
    assert!(!none.warnings.iter().any(|w| w.contains("no words")));
    // A query with words searches them; a citation cites.
    assert!(
        !search("access -treaty:malabo")
            .warnings
            .iter()
            .any(|w| w.contains("no words"))
    );
    assert_eq!(top("treaty:malabo article 29", 1), ["malabo:29"]);
}

#[test]
fn a_treaty_named_beside_a_treaty_filter_is_a_word() {
    let r = search("malabo illegal access treaty:uncc");
    assert_eq!(r.hits.first().map(|h| h.id.as_str()), Some("uncc:7"));
    assert!(r.hits.iter().all(|h| h.treaty == "uncc"), "{:?}", r.hits);
    assert!(
        !r.warnings.iter().any(|w| w.contains("named")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_treaty_named_and_left_out_is_left_out() {
    let r = search("malabo budapest illegal access -budapest");
    assert!(!r.hits.is_empty());
    assert_eq!(r.hits[0].treaty, "malabo");
    // Malabo first; of the same provision elsewhere, only what is not left out.
    assert!(
        r.hits.iter().all(|h| h.treaty != "budapest"),
        "{:?}",
        r.hits
    );
    assert!(
        !r.warnings.iter().any(|w| w.contains("Budapest")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_misspelt_citation_is_read_once_corrected() {
    let r = search("Budapest Convension art 6");
    assert_eq!(r.did_you_mean.as_deref(), Some("Budapest Convention art 6"));
    assert_eq!(r.citation.map(|c| c.id), Some("budapest:6".to_string()));
    assert_eq!(r.hits[0].id, "budapest:6");
}

#[test]
fn a_misspelt_treaty_name_is_read_once_corrected() {
    // The corrected name narrows the search as the name would.
    let r = search("can a country outside Europe like Japan join the Budapesst convention?");
    assert_eq!(r.hits[0].id, "budapest:37");
    assert!(
        r.warnings.iter().any(|w| w.starts_with("read as ")),
        "{:?}",
        r.warnings
    );
    let r = search("malabbo convention data protection");
    assert!(
        r.hits.iter().take(5).all(|h| h.treaty == "malabo"),
        "{:?}",
        r.hits
    );
    // A correction that leaves no treaty named leaves the Protocol unnamed too.
    let r = search("can a state join a UN cyebrcrime convention protocol without joining it?");
    assert_eq!(r.hits[0].id, "uncc:61");
    // A corrected name that finds nothing in its treaty is a word, as typed right.
    assert!(search("what is the Palermo protocl?").total > 0);
    // Where a name would narrow nothing (a treaty chosen), the query is not read again.
    let r = search("treaty:uncc join the Budapesst convention");
    assert!(
        r.warnings.iter().all(|w| !w.starts_with("read as")),
        "{:?}",
        r.warnings
    );
    assert_eq!(r.hits[0].treaty, "uncc");
}

#[test]
fn a_typo_beside_a_treaty_name_is_corrected_within_that_treaty() {
    let r = search("hackng malabo");
    assert_eq!(r.did_you_mean.as_deref(), Some("hacking malabo"));
    assert_eq!(r.hits[0].id, "malabo:29");
    assert!(r.hits.iter().take(3).all(|h| h.treaty == "malabo"));
}

#[test]
fn a_treaty_named_comes_first_then_the_same_provision_elsewhere() {
    let r = search("hacking malabo");
    assert_eq!(r.hits[0].id, "malabo:29");
    let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    // Malabo's best results, then the counterparts of the provision that matched best,
    // Malabo 29(1)(a) on illegal access: not every offence of Malabo 29.
    let first_other = ids
        .iter()
        .position(|id| !id.starts_with("malabo:"))
        .unwrap();
    assert!(first_other >= 3, "{ids:?}");
    let others: Vec<&str> = ids[first_other..]
        .iter()
        .copied()
        .filter(|id| !id.starts_with("malabo:"))
        .collect();
    assert!(
        others.contains(&"budapest:2") && others.contains(&"uncc:7"),
        "{ids:?}"
    );
    // Only illegal access: the row on attempt pairs Malabo 29(1), not its point (a).
    let access = ["budapest:2", "uncc:7"];
    assert!(others.iter().all(|id| access.contains(id)), "{ids:?}");
    // The page stays in the order of its scores.
    assert!(
        r.hits.windows(2).all(|w| w[0].score >= w[1].score),
        "{:?}",
        r.hits
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("Malabo Convention first")),
        "{:?}",
        r.warnings
    );
    assert!(r.warnings.iter().all(|w| !w.contains("searching only")));
    // A treaty filter typed keeps to its treaty.
    let r = search("hacking treaty:malabo");
    assert!(r.hits.iter().all(|h| h.treaty == "malabo"), "{:?}", r.hits);
}

#[test]
fn a_treaty_name_that_finds_nothing_in_its_treaty_narrows_nothing() {
    // "protocol" names the First Additional Protocol, which has nothing on Palermo.
    let r = search("what is the palermo protocol?");
    assert!(
        r.hits.iter().any(|h| h.treaty != "budapest-p1"),
        "{:?}",
        r.hits
    );
    let r = search("reservations racism protocol");
    assert_eq!(r.hits[0].id, "budapest-p1:12");
}

#[test]
fn a_treaty_named_beside_words_the_treaties_lack_is_still_searched() {
    let r = search("what is the UN cybercrime convention actually for?");
    // The UN Convention's articles first; the same provision elsewhere may follow them.
    assert!(
        r.hits.iter().take(5).all(|h| h.treaty == "uncc"),
        "{:?}",
        r.hits
    );
    let ids: Vec<&str> = r.hits.iter().take(3).map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"uncc:1"), "{ids:?}");
}

#[test]
fn two_treaties_named_in_a_question_are_both_searched() {
    let r = search(
        "do a country's reservations to the Budapest Convention also apply to the racism protocol?",
    );
    assert_eq!(r.hits[0].id, "budapest-p1:12");
    // Both treaties first; the same provision in the others may follow them.
    let first: Vec<&str> = r.hits.iter().take(6).map(|h| h.treaty.as_str()).collect();
    assert!(
        first
            .iter()
            .all(|t| ["budapest", "budapest-p1"].contains(t))
            && first.contains(&"budapest"),
        "{first:?}"
    );
}

#[test]
fn a_misspelt_lay_word_no_treaty_uses_finds_what_the_word_finds() {
    for (typed, meant) in [
        ("phising", "phishing"),
        ("ransomeware", "ransomware"),
        ("keyloger software", "keylogger software"),
    ] {
        let r = search(typed);
        assert_eq!(r.did_you_mean.as_deref(), Some(meant), "{typed}");
        let ids = |r: &SearchResults| r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&r), ids(&search(meant)), "{typed}");
    }
    let fraud = search("phising");
    assert!(
        fraud
            .expansions
            .iter()
            .any(|e| e.concept == "computer-related-fraud"),
        "{:?}",
        fraud.expansions
    );
}

#[test]
fn pagination_moves_through_the_same_ranking() {
    let engine = &common::concord().engine;
    let all: Vec<String> = engine
        .search(&SearchRequest {
            limit: 6,
            ..SearchRequest::new("data")
        })
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    let second: Vec<String> = engine
        .search(&SearchRequest {
            limit: 3,
            offset: 3,
            ..SearchRequest::new("data")
        })
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(all[3..], second[..]);
}

#[test]
fn the_total_is_the_same_on_every_page_and_counts_each_article_once() {
    // Regression: lifted counterparts of the best matches were counted again when the words
    // had matched them too, and the count changed with the page asked for.
    let engine = &common::concord().engine;
    let first = engine
        .search(&SearchRequest {
            limit: 10,
            ..SearchRequest::new("party")
        })
        .unwrap();
    let pages = first.total.div_ceil(10);
    let mut seen = std::collections::HashSet::new();
    for page in 0..pages {
        let r = engine
            .search(&SearchRequest {
                limit: 10,
                offset: page * 10,
                ..SearchRequest::new("party")
            })
            .unwrap();
        assert_eq!(r.total, first.total, "page {}", page + 1);
        assert!(!r.hits.is_empty(), "page {} of {pages} is empty", page + 1);
        for h in r.hits {
            assert!(seen.insert(h.id.clone()), "{} listed twice", h.id);
        }
    }
    assert_eq!(seen.len(), first.total);
    assert!(first.total <= 174);
}

#[test]
fn the_rules_come_before_the_definitions_and_cooperation_articles_that_share_their_words() {
    // Malabo 1 defines "critical infrastructure"; the rules on it are Malabo 24 and 25 and
    // UN 21.
    let rules = top("critical information infrastructure", 3);
    assert!(!rules.contains(&"malabo:1".to_string()), "{rules:?}");
    // Budapest 33 and UN 45 are mutual assistance in the power of Budapest 20 and UN 29:
    // they come first only when the query speaks of another State.
    let mut domestic = top("real-time collection of traffic data", 2);
    domestic.sort();
    assert_eq!(domestic, ["budapest:20", "uncc:29"]);
    let mut abroad = top(
        "collecting traffic data in real time for another country",
        2,
    );
    abroad.sort();
    assert_eq!(abroad, ["budapest:33", "uncc:45"]);
    let seized = top("confiscation of proceeds of crime", 1);
    assert_eq!(seized, ["uncc:31"]);
    let seized = top("confiscation of proceeds of crime for another State", 1);
    assert_eq!(seized, ["uncc:50"]);
}

#[test]
fn a_query_that_only_names_a_defined_term_lists_its_definitions_first() {
    // "ISP" is a lay word for the crosswalk concept "service provider": UN 2(e), Budapest 1(c).
    let r = search("ISP");
    let first: Vec<(&str, &str)> = r.hits[..2]
        .iter()
        .map(|h| (h.id.as_str(), h.paragraph.as_str()))
        .collect();
    for definition in [
        ("uncc:2", "art_2__para_1__point_e"),
        ("budapest:1", "art_1__para_1__point_c"),
    ] {
        assert!(first.contains(&definition), "{first:?}");
    }
    assert!(
        r.hits[0]
            .snippet
            .to_lowercase()
            .contains("service provider")
    );
    // A quoted term with a treaty named beside it: that treaty's definition, and only that
    // treaty.
    let r = search("\"computer data\" budapest");
    assert_eq!(r.hits[0].id, "budapest:1");
    assert!(
        r.hits.iter().all(|h| h.treaty == "budapest"),
        "{:?}",
        r.hits
    );
    // Pages after the first go on from the same order, with the same total.
    let page = |offset: usize| {
        common::concord()
            .engine
            .search(&SearchRequest {
                offset,
                limit: 1,
                ..SearchRequest::new("ISP")
            })
            .unwrap()
    };
    let (first, second, isp) = (page(0), page(1), search("ISP"));
    assert_eq!(first.total, second.total);
    assert_eq!(first.total, isp.total);
    assert_eq!(
        [first.hits[0].id.as_str(), second.hits[0].id.as_str()],
        [isp.hits[0].id.as_str(), isp.hits[1].id.as_str()]
    );
    // A query that says more than the term is a search like any other.
    let ids = top("service provider must keep subscriber data", 2);
    assert!(!ids.contains(&"budapest:1".to_string()), "{ids:?}");
}

#[test]
fn a_cited_provision_brings_the_articles_its_words_cite() {
    // Budapest 22(3): "the offences referred to in Article 24, paragraph 1"; paragraph 1
    // cites the offences, not extradition.
    let cited = top("Budapest art. 22(3)", 8);
    assert_eq!(cited[0], "budapest:22");
    assert!(cited.contains(&"budapest:24".to_string()), "{cited:?}");
    // (Questions judged Budapest 24 with Budapest 22 as a whole: an engine reading none.)
    let other = engine_asked("")
        .search(&SearchRequest::new("Budapest art. 22(1)"))
        .unwrap();
    let other: Vec<&str> = other.hits.iter().take(8).map(|h| h.id.as_str()).collect();
    assert!(!other.contains(&"budapest:24"), "{other:?}");
    // Budapest 14 cites "Articles 2 through 11": ten articles share one offer, so the
    // powers it scopes (16 to 21) still come before them.
    let mut request = SearchRequest::new("budapest 14");
    request.limit = 40;
    let scope: Vec<String> = common::concord()
        .engine
        .search(&request)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    let at = |id: &str| scope.iter().position(|s| s == id).unwrap_or(usize::MAX);
    for power in ["budapest:16", "budapest:19"] {
        for offence in ["budapest:2", "budapest:9"] {
            assert!(
                at(power) < at(offence),
                "{power} before {offence}: {scope:?}"
            );
        }
    }
}

#[test]
fn a_cited_power_brings_the_scope_and_safeguards_of_its_section() {
    // Budapest 14 and 15 speak of "the powers and procedures provided for in this section",
    // UN 23 and 24 of those "provided for in this chapter": every power of it is read with
    // them, whether or not its own words cite them.
    for (query, governing) in [
        ("Budapest art. 21(1)", ["budapest:14", "budapest:15"]),
        ("budapest 16(2)", ["budapest:14", "budapest:15"]),
        ("uncc 27", ["uncc:23", "uncc:24"]),
    ] {
        let page = top(query, 10);
        for id in governing {
            assert!(page.contains(&id.to_string()), "{query}: {id} in {page:?}");
        }
    }
    // An offence is not in the section of the powers; the protection of witnesses is in the
    // chapter of the powers but is none.
    for (query, governing) in [("budapest 2", "budapest:15"), ("uncc 33", "uncc:24")] {
        let page = top(query, 8);
        assert!(!page.contains(&governing.to_string()), "{query}: {page:?}");
    }
}

#[test]
fn a_negating_prefix_is_not_a_word_of_its_own() {
    // Only Malabo 1 says "non-repudiation"; the "non" of UN 16's "Non-consensual" title
    // must not outweigh it.
    assert_eq!(top("non-repudiation", 1), ["malabo:1"]);
}

#[test]
fn a_negated_wording_keeps_its_meaning() {
    // "non-content data" is the thesaurus's lay wording for traffic data, not content data.
    let r = search("non-content data");
    assert_eq!(r.hits[0].id, "uncc:2");
    assert_eq!(r.hits[0].paragraph, "art_2__para_1__point_c");
    assert_eq!(r.did_you_mean, None);
}

#[test]
fn asking_what_a_term_means_lists_the_definitions_first() {
    let mut ids = top("what does computer system mean", 3);
    ids.sort();
    assert_eq!(ids, ["budapest:1", "malabo:1", "uncc:2"]);
}

#[test]
fn a_treaty_filter_keeps_part_of_the_unfiltered_ranking_in_its_order() {
    let engine = &common::concord().engine;
    let ranked = |q: &str, treaties: Vec<String>, limit| -> Vec<(String, f32)> {
        let r = engine
            .search(&SearchRequest {
                limit,
                treaties,
                ..SearchRequest::new(q)
            })
            .unwrap();
        r.hits.into_iter().map(|h| (h.id, h.score)).collect()
    };
    for q in [
        "illegal access",
        "penalties",
        "entry into force",
        "what is child sexual abuse material",
        "\"service provider\"",
    ] {
        // 100 is the most one page holds; these queries match fewer documents.
        let all = ranked(q, Vec::new(), 100);
        assert!(all.len() < 100, "{q:?}");
        for treaty in ["uncc", "budapest", "budapest-p1", "malabo"] {
            let within: Vec<(String, f32)> = all
                .iter()
                .filter(|(id, _)| id.split(':').next() == Some(treaty))
                .take(10)
                .cloned()
                .collect();
            assert_eq!(
                ranked(q, vec![treaty.to_string()], 10),
                within,
                "{q:?} in {treaty}"
            );
        }
    }
    // The second page and the total follow the same list.
    let page = |offset| {
        engine
            .search(&SearchRequest {
                limit: 5,
                offset,
                ..SearchRequest::new("illegal access treaty:budapest")
            })
            .unwrap()
    };
    let all = ranked("illegal access", Vec::new(), 100);
    let within: Vec<&String> = all
        .iter()
        .map(|(id, _)| id)
        .filter(|id| id.starts_with("budapest:"))
        .collect();
    let second: Vec<String> = page(5).hits.into_iter().map(|h| h.id).collect();
    assert_eq!(second.iter().collect::<Vec<_>>(), within[5..10]);
    assert_eq!(page(0).total, within.len());
    // The Protocol has no penalties of its own: article 8 applies Budapest 13.
    assert_eq!(top("penalties treaty:budapest-p1", 1), ["budapest-p1:8"]);
}

#[test]
fn an_expert_query_that_matches_nothing_as_written_searches_its_words() {
    for q in [
        "(hacking)",
        "\"computer hacking\"",
        "title:hacking",
        "hacking -xyzzy",
    ] {
        let r = search(q);
        assert!(!r.hits.is_empty(), "{q:?}");
        assert!(
            r.warnings.iter().any(|w| w.contains("as written")),
            "{q:?}: {:?}",
            r.warnings
        );
    }
    // What it leaves out stays out, whatever brings a document: its words or a link.
    for (q, left_out) in [
        ("hacking -access", "access"),
        ("(hacking -access)", "access"),
        ("hacking NOT \"illegal access\"", "illegal access"),
        ("hacking NOT (treaty:malabo OR access)", "access"),
    ] {
        let r = common::concord()
            .engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(q)
            })
            .unwrap();
        assert!(!r.hits.is_empty(), "{q:?}");
        let corpus = common::concord().engine.corpus();
        for hit in &r.hits {
            let (treaty, number) = hit.id.split_once(':').unwrap();
            let Ok(number) = number.parse::<u32>() else {
                continue;
            };
            let article = corpus.treaty(treaty).unwrap().article(number).unwrap();
            let words: Vec<String> = article
                .text()
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
            assert!(
                !format!(" {} ", words.join(" ")).contains(&format!(" {left_out} ")),
                "{q:?}: {} holds {left_out:?}",
                hit.id
            );
        }
    }
    // A left-out group of filters in the middle of the query leaves nothing else out.
    for q in [
        "data NOT (treaty:uncc) access",
        "data -(treaty:uncc) access",
    ] {
        let ids = top(q, 10);
        assert!(ids.contains(&"budapest:2".to_string()), "{q:?}: {ids:?}");
        assert!(
            !ids.iter().any(|id| id.starts_with("uncc:")),
            "{q:?}: {ids:?}"
        );
    }
    // A quote never closed quotes nothing: it does not leave out the rest.
    assert_eq!(
        search("illegal -\" access").hits.len(),
        search("illegal access").hits.len()
    );
    // A field named only in what is left out does not make the query one of fields: the
    // counterparts still join.
    assert_eq!(
        search("interception -title:zzzz").total,
        search("interception -zzzz").total
    );
    // One that matches as written is left alone.
    let r = search("title:extradition");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.hits.len(), 2);
}

#[test]
fn interpretative_notes_are_searched_as_their_articles_text() {
    // "hosting and caching" is only in the UN Convention's note on article 2.
    let ids = top("hosting and caching", 3);
    assert!(ids.contains(&"uncc:2".to_string()), "{ids:?}");
    let hit = hit_for("hosting and caching", "uncc:2");
    assert!(hit.paragraph.starts_with("note_"), "{}", hit.paragraph);
    assert!(
        hit.url.ends_with(&format!("#{}", hit.paragraph)),
        "{}",
        hit.url
    );
    assert!(
        hit.snippet.contains("hosting and caching"),
        "{}",
        hit.snippet
    );
}

#[test]
fn a_cited_interpretative_note_leads_to_the_note() {
    // Note 3 is on article 17: the citation and the hit point at the note, which the snippet
    // shows.
    let r = search("interpretative note 3");
    let cited = r.citation.as_ref().expect("a citation");
    assert_eq!(cited.url, "/uncc/art/17#note_3");
    assert!(
        cited.citation.ends_with("art. 17, interpretative note 3"),
        "{}",
        cited.citation
    );
    assert_eq!(r.hits[0].url, "/uncc/art/17#note_3");
    assert!(
        r.hits[0].snippet.starts_with("3. In the framework"),
        "{}",
        r.hits[0].snippet
    );
    // Note 4 is on two articles: each is listed at the note.
    let r = search("UNCC interpretative note 4");
    let urls: Vec<&str> = r.hits.iter().take(2).map(|h| h.url.as_str()).collect();
    assert_eq!(urls, ["/uncc/art/23#note_4", "/uncc/art/35#note_4"]);
    // A note cited by its article, which has two: the first.
    let r = search("interpretative note on article 35 UNCC");
    assert_eq!(r.hits[0].url, "/uncc/art/35#note_4");
    // A point cited with a note's number: the note, on the article's page.
    let r = search("A/RES/79/243 annex, interpretative note 1 on art. 2(e)");
    assert_eq!(r.hits[0].url, "/uncc/art/2#note_1");
    // An article cited without naming a note is not sent to its note.
    let r = search("UNCC art. 17");
    assert!(!r.hits[0].url.contains("note"), "{}", r.hits[0].url);
}

#[test]
fn a_filter_to_a_treaty_without_the_provision_says_so() {
    // Malabo has no article on extradition: the concordance marks it absent from that row.
    let r = search("extradition treaty:malabo");
    let note = r
        .warnings
        .iter()
        .find(|w| w.contains("no counterpart"))
        .unwrap_or_else(|| panic!("{:?}", r.warnings));
    assert!(
        note.contains("uncc:37") && note.contains("budapest:24"),
        "{note}"
    );
    assert!(note.contains("Malabo"), "{note}");
    assert!(r.hits.iter().all(|h| h.id.starts_with("malabo:")));
    // A treaty named in the query narrows the same way.
    let r = search("does the Malabo Convention have any rules on extradition?");
    assert!(r.warnings.iter().any(|w| w.contains("no counterpart")));
    // Where the treaty kept has the provision, nothing is said.
    let r = search("extradition treaty:uncc");
    assert!(!r.warnings.iter().any(|w| w.contains("no counterpart")));
    assert_eq!(r.hits[0].id, "uncc:37");
}

#[test]
fn a_missing_counterpart_is_noted_only_when_the_treaties_kept_lack_it() {
    // UN 7 answers; the rows of Malabo 29 that lack the UN are beside the point.
    for q in [
        "hacking treaty:uncc",
        "uncc hacking",
        "malabo hacking -treaty:malabo",
    ] {
        let r = search(q);
        assert!(
            !r.warnings.iter().any(|w| w.contains("no counterpart")),
            "{q}: {:?}",
            r.warnings
        );
    }
    // One note, for the provision that matched.
    let r = search("malabo 24/7 network");
    let notes: Vec<&String> = r
        .warnings
        .iter()
        .filter(|w| w.contains("no counterpart"))
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", r.warnings);
    assert!(notes[0].contains("uncc:41"), "{notes:?}");
    // Nothing of Malabo pairs with the 24/7 network: no counterparts follow.
    assert!(r.hits.iter().all(|h| h.treaty == "malabo"), "{:?}", r.hits);
}

#[test]
fn two_treaties_named_are_said_once_and_a_definition_brings_only_its_own_row() {
    let r = search("malabo budapest hacking");
    let first: Vec<&String> = r.warnings.iter().filter(|w| w.contains("first")).collect();
    assert_eq!(first.len(), 1, "{:?}", r.warnings);
    assert!(first[0].contains("Malabo") && first[0].contains("Budapest"));
    // Malabo's definitions are unnumbered: which definition matched, no row says.
    let r = search("personal data malabo definition");
    assert!(r.hits.iter().all(|h| h.treaty == "malabo"), "{:?}", r.hits);
    // Budapest 1(a) defines a computer system: UN 2 and Malabo 1 follow.
    let ids: Vec<String> = search("computer system budapest")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids[0], "budapest:1");
    assert!(ids.contains(&"uncc:2".to_string()), "{ids:?}");
}

#[test]
fn a_capital_s_ends_an_abbreviation() {
    // "CMS" is not the plural of "CM".
    let r = search("CMS vulnerabilities");
    let ids: Vec<&str> = r.hits.iter().take(3).map(|h| h.id.as_str()).collect();
    assert!(
        ids.contains(&"uncc:11") || ids.contains(&"budapest:6"),
        "{ids:?}"
    );
}

/// A query like a question asked before has that question's answers among its results, the
/// closer the likeness the higher; one like no question is ranked as without them.
#[test]
fn a_query_like_a_question_asked_before_has_its_answers() {
    let none = engine_asked("");
    let asked = engine_asked(
        "[[question]]\nq = \"grandma lost her pension to a man on the phone\"\nkind = \"lay\"\nprimary = [\"uncc:13\"]\n",
    );
    let ranked = |engine: &concord::search::Engine, q: &str| -> Vec<String> {
        engine
            .search(&SearchRequest::new(q))
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    let q = "my grandma lost her pension";
    let before = ranked(&none, q);
    let after = ranked(&asked, q);
    assert_ne!(
        before.first().map(String::as_str),
        Some("uncc:13"),
        "{before:?}"
    );
    assert_eq!(
        after.first().map(String::as_str),
        Some("uncc:13"),
        "{after:?}"
    );
    // Words no question has: the same ranking.
    let q = "illegal interception of transmissions";
    assert_eq!(ranked(&none, q), ranked(&asked, q));
    // A citation is what it cites, whatever was asked before.
    let cited = asked
        .search(&SearchRequest::new("budapest 2 grandma pension"))
        .unwrap();
    assert_eq!(cited.hits[0].id, "budapest:2");
}

#[test]
fn an_article_brings_what_the_questions_it_answers_judged_with_it() {
    let ranked = |engine: &concord::search::Engine, q: &str| -> Vec<String> {
        let mut request = SearchRequest::new(q);
        request.limit = 40;
        let hits = engine.search(&request).unwrap().hits;
        hits.into_iter().map(|h| h.id).collect()
    };
    let at = |ranking: &[String], id: &str| ranking.iter().position(|x| x == id);
    let none = engine_asked("");
    // A question whose words no query below shares: only what it judged counts.
    let judged = engine_asked(
        "[[question]]\nq = \"zebra quagga\"\nkind = \"question\"\nprimary = [\"budapest:2\", \"malabo:8\", \"budapest:19\"]\n",
    );
    // A citation brings what was judged with the article it cites, right after it.
    let before = ranked(&none, "budapest 2");
    let after = ranked(&judged, "budapest 2");
    assert!(
        at(&before, "malabo:8").is_none_or(|i| i >= 10),
        "{before:?}"
    );
    assert_eq!(after[0], "budapest:2");
    assert!(at(&after, "malabo:8").is_some_and(|i| i < 5), "{after:?}");
    // A match follows the best match it was judged with: closer, never above it.
    let q = "illegal access without right";
    let (before, after) = (ranked(&none, q), ranked(&judged, q));
    let (was, is) = (at(&before, "budapest:19"), at(&after, "budapest:19"));
    assert!(
        is.is_some() && (was.is_none() || is < was),
        "{before:?} {after:?}"
    );
    assert!(is > at(&after, "budapest:2"), "{after:?}");
    assert_eq!(before[0], after[0]);
}

#[test]
fn a_result_the_words_did_not_find_names_the_question_like_the_query_it_answers() {
    let question = "grandma lost her pension to a man on the phone";
    let engine = engine_asked(&format!(
        "[[question]]\nq = \"{question}\"\nkind = \"lay\"\nprimary = [\"uncc:13\", \"budapest:8\"]\nrelated = [\"uncc:34\"]\n"
    ));
    let r = engine
        .search(&SearchRequest::new("my grandma lost her pension"))
        .unwrap();
    let named: Vec<&str> = r
        .hits
        .iter()
        .filter(|h| h.asked.is_some())
        .map(|h| h.id.as_str())
        .collect();
    assert!(!named.is_empty(), "{:?}", r.hits);
    for hit in r.hits.iter().filter(|h| h.asked.is_some()) {
        assert_eq!(hit.asked.as_deref(), Some(question));
        assert!(hit.highlights.is_empty(), "{hit:?}");
        assert!(["uncc:13", "budapest:8", "uncc:34"].contains(&hit.id.as_str()));
    }
    // A question not much like the query is not named.
    let r = engine
        .search(&SearchRequest::new("pension fund fraud"))
        .unwrap();
    assert!(r.hits.iter().all(|h| h.asked.is_none()), "{:?}", r.hits);
}
