//! The `concord` binary as a person or a script uses it.

mod common;

use std::process::Command;

fn concord(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["--corpus", concord::default_corpus_dir().to_str().unwrap()])
        .args(["--index", common::index_dir().to_str().unwrap()])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn index_reports_what_it_indexed() {
    let (code, out, err) = concord(&["index"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("uncc") && out.contains("68 articles"), "{out}");
    assert!(out.contains("indexed 174 documents in"), "{out}");
}

#[test]
fn search_json_has_the_documented_shape() {
    let (code, out, err) = concord(&["search", "illegal", "access", "--json", "--limit", "3"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["hits", "query", "total"]);
    assert_eq!(v["query"], "illegal access");
    let hit = v["hits"][0].as_object().unwrap();
    let mut keys: Vec<&str> = hit.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "article",
            "id",
            "paragraph",
            "score",
            "snippet",
            "title",
            "treaty",
            "url"
        ]
    );
    assert!(v["hits"].as_array().unwrap().len() <= 3);
    assert!(v["total"].as_u64().unwrap() >= 3);
}

#[test]
fn search_prints_ranked_hits_for_people() {
    let (code, out, _) = concord(&["search", "dual", "criminality", "--treaty", "budapest"]);
    assert_eq!(code, 0);
    assert!(out.contains("results for \"dual criminality\""), "{out}");
    assert!(out.contains("/budapest/art/"), "{out}");
    assert!(!out.contains("/uncc/"), "{out}");
}

#[test]
fn show_prints_an_article_with_its_numbers() {
    let (code, out, _) = concord(&["show", "budapest:4"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "Article 4 – Data interference\nBudapest Convention (ETS No. 185), art. 4\n"
        ),
        "{out}"
    );
    assert!(out.contains("2. A Party may reserve the right"));
}

#[test]
fn show_json_prints_treaties_articles_and_points() {
    let (_, out, _) = concord(&["show", "budapest:2", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["number"], "2");
    assert_eq!(v["title"], "Illegal access");
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .starts_with("Each Party shall adopt")
    );
    assert_eq!(v["paragraphs"][0]["eid"], "art_2__para_1");

    let (_, out, _) = concord(&["show", "budapest", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], "budapest");
    assert_eq!(v["articles"].as_array().unwrap().len(), 48);
    assert_eq!(
        v["articles"][8]["title"],
        "Offences related to child pornography"
    );

    let (_, out, _) = concord(&["show", "malabo:29(1)(a)", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], "malabo:29(1)(a)");
    assert_eq!(v["citation"], "Malabo Convention, art. 29(1)(a)");
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .starts_with("a) Gain or attempt to gain unauthorized access")
    );
}

#[test]
fn unknown_ids_get_one_line_saying_what_exists() {
    let (code, _, err) = concord(&["show", "budapest:99"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "concord: Budapest Convention has no article 99; it has articles 1–48\n"
    );
    let (code, _, err) = concord(&["show", "atlantis"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1);
    assert!(
        err.contains("the treaties are uncc, budapest, budapest-p1, malabo"),
        "{err}"
    );
    let (code, _, err) = concord(&["search", "", "--json"]);
    assert_eq!(code, 2);
    assert!(err.contains("the query is empty"), "{err}");
}

#[test]
fn a_malformed_corpus_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.md"), "# Title only\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args([
            "--corpus",
            dir.path().to_str().unwrap(),
            "--index",
            dir.path().join("index").to_str().unwrap(),
            "index",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.md:1: missing front matter"), "{err}");
}

#[test]
fn check_reports_every_cross_reference_resolved() {
    let (code, out, err) = concord(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 unresolved"), "{out}");
    assert!(
        out.contains("Charter of the United Nations"),
        "external references are listed: {out}"
    );
}

#[test]
fn compare_prints_provisions_with_their_own_wording_marked() {
    let (code, out, _) = concord(&["compare", "budapest:4", "uncc:9"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("── Budapest Convention (ETS No. 185), art. 4"),
        "{out}"
    );
    assert!(out.contains("[reserve the right]"), "{out}");
    let (code, out, _) = concord(&["compare", "budapest:4", "uncc:9", "--csv"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 3);
    let (code, _, err) = concord(&["compare", "budapest:4"]);
    assert_eq!(code, 2);
    assert!(err.contains("choose two or three provisions"), "{err}");
}

#[test]
fn show_a_treaty_lists_each_heading_once() {
    // Regression: the chapter and section headings were printed again before every title.
    let (code, out, _) = concord(&["show", "budapest"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.matches("CHAPTER II – MEASURES TO BE TAKEN AT THE NATIONAL LEVEL")
            .count(),
        1,
        "{out}"
    );
    assert_eq!(
        out.matches("SECTION 1 – SUBSTANTIVE CRIMINAL LAW").count(),
        1
    );
    assert!(out.contains("In force since 1 July 2004"));
    assert!(out.contains("  2  Illegal access"));
}
