//! Every route in-process (`app(state).oneshot(...)`): pages, redirects, the JSON API, errors,
//! escaping and headers.

mod common;

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use concord::web::{AppState, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn router() -> Router {
    static STATE: OnceLock<Arc<AppState>> = OnceLock::new();
    let state = STATE.get_or_init(|| {
        Arc::new(AppState::new(
            concord::Concord::open(&common::paths()).expect("Concord opens"),
        ))
    });
    app(state.clone())
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn request(method: Method, uri: &str) -> Reply {
    let response = router()
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    // minijinja escapes "/" in HTML as "&#x2f;"; tests read it back as the browser does.
    let body = String::from_utf8_lossy(&bytes).replace("&#x2f;", "/");
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(uri: &str) -> Reply {
    request(Method::GET, uri).await
}

#[tokio::test]
async fn home_lists_the_instruments_with_their_facts() {
    let r = get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    for text in [
        "UN Convention against Cybercrime",
        "Budapest Convention",
        "First Additional Protocol",
        "Malabo Convention",
        "72 States signed",
        "since 8 June 2023",
        "action=\"/search\"",
    ] {
        assert!(r.body.contains(text), "home lacks {text:?}");
    }
}

#[tokio::test]
async fn search_page_ranks_and_highlights() {
    let r = get("/search?q=illegal+access").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("value=\"illegal access\""),
        "the query stays in the box"
    );
    // The first hit is one of the three offences of illegal access, linked at its paragraph.
    let first = &r.body[r.body.find("class=\"hit\"").unwrap()..];
    let href = &first[first.find("href=\"").unwrap() + 6..];
    let href = &href[..href.find('"').unwrap()];
    assert!(
        href.starts_with("/uncc/art/7?")
            || href.starts_with("/budapest/art/2?")
            || (href.starts_with("/malabo/art/29?") && href.ends_with("#art_29__para_1__point_a")),
        "the first hit is an offence of illegal access: {href}"
    );
    assert!(r.body.contains("<mark>"), "matched words are marked");
    assert!(
        r.body.contains("?hl=illegal+access#art_"),
        "results link to the paragraph with highlighting"
    );
    assert!(
        r.body.contains("class=\"count\""),
        "treaty filters show counts"
    );
    assert!(r.body.contains(" ms)"), "time taken is shown");
}

#[tokio::test]
async fn a_hit_found_by_its_keywords_says_which() {
    let r = get("/search?q=metasploit").await;
    assert_eq!(r.status, StatusCode::OK);
    let first = &r.body[r.body.find("class=\"hit\"").unwrap()..];
    let first = &first[..first.find("</li>").unwrap()];
    // Misuse of devices, in either framework that has "metasploit" as a keyword.
    assert!(
        first.contains("/budapest/art/6?") || first.contains("/uncc/art/11?"),
        "{first}"
    );
    assert!(
        first.contains("<p class=\"subjects\">Indexed under <q>metasploit</q>"),
        "{first}"
    );
    // Keywords are escaped like every other text.
    let r = get("/search?q=t%26c").await;
    assert!(r.body.contains("<q>t&amp;c</q>"), "{}", r.body);
    assert!(!r.body.contains("<q>t&c</q>"));
}

#[tokio::test]
async fn a_hit_judged_to_answer_a_question_like_the_query_names_it() {
    // A question of corpus/questions.toml, typed as it was asked.
    let r = get("/search?q=someone+posted+my+home+address+online").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(
            "<p class=\"subjects\">Judged to answer a question like yours: <q>someone posted my home address online</q>"
        ),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn search_filters_and_pages() {
    let r = get("/search?q=data&treaty=malabo").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("/uncc/art/") && r.body.contains("/malabo/art/"));
    assert!(r.body.contains("All treaties"));
    let p2 = get("/search?q=data&page=2").await;
    assert!(p2.body.contains("rel=\"prev\""));
    assert!(
        p2.body.contains("<ol class=\"hits\" start=\"11\">"),
        "page two starts at 11"
    );
    let junk = get("/search?q=data&page=-3").await;
    assert_eq!(
        junk.status,
        StatusCode::OK,
        "a bad page number falls back to page one"
    );
}

#[tokio::test]
async fn a_treaty_link_replaces_the_treaty_typed_in_the_query() {
    let r = get("/search?q=illegal+access+treaty%3Auncc").await;
    assert_eq!(r.status, StatusCode::OK);
    // Typed, the treaty is the one chosen; another treaty's link searches that one instead
    // of both, and "All treaties" drops the filter.
    assert!(
        r.body
            .contains("<li class=\"selected\"><a href=\"/search?q=illegal+access+treaty%3Auncc\">"),
        "{}",
        r.body
    );
    let link = "/search?q=illegal+access+treaty%3Abudapest";
    assert!(
        r.body.contains(&format!("<a href=\"{link}\">")),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<a href=\"/search?q=illegal+access\">All treaties</a>")
    );
    let budapest = get(link).await;
    assert!(budapest.body.contains("/budapest/art/2?"));
    assert!(!budapest.body.contains("/uncc/art/"), "{}", budapest.body);
    // Left out or in brackets, a treaty filter is part of what the query says and stays.
    let r = get("/search?q=illegal+access+-treaty%3Auncc").await;
    assert!(
        r.body
            .contains("/search?q=illegal+access+-treaty%3Auncc&amp;treaty=budapest")
    );
    // A bracketed choice of treaties is replaced as a typed filter is.
    let r = get("/search?q=access+%28treaty%3Auncc+OR+treaty%3Amalabo%29").await;
    assert!(
        r.body
            .contains("<a href=\"/search?q=access+treaty%3Abudapest\">")
    );
    assert_eq!(
        r.body.matches("<li class=\"selected\">").count(),
        2,
        "{}",
        r.body
    );
    // Typed and chosen filters add up, and every treaty searched is marked.
    let r = get("/search?q=illegal+access+treaty%3Auncc+treaty%3Auncc&treaty=budapest").await;
    assert_eq!(
        r.body.matches("<li class=\"selected\">").count(),
        2,
        "{}",
        r.body
    );
    // A filter alone leaves nothing to search everywhere: no link claims to.
    let r = get("/search?q=treaty%3Auncc&treaty=uncc&chapter=uncc%3Achp_ii").await;
    assert!(!r.body.contains("All treaties"), "{}", r.body);
    // Nor do words only left out; an OR that joined the filter goes with it.
    let r = get("/search?q=NOT+hacking+OR+treaty%3Auncc").await;
    assert!(!r.body.contains("All treaties"), "{}", r.body);
    let r = get("/search?q=access+treaty%3Auncc+OR+treaty%3Amalabo").await;
    assert!(
        r.body
            .contains("<a href=\"/search?q=access+treaty%3Abudapest\">"),
        "{}",
        r.body
    );
    // A treaty typed that no corpus has is left out, as a chosen one is.
    let r = get("/search?q=illegal+access+treaty%3Aatlantis").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Showing results from all treaties"));
    assert!(r.body.contains("/uncc/art/7?"), "{}", r.body);
    // Alone, it leaves nothing to search, and the page promises nothing.
    let r = get("/search?q=treaty%3Aatlantis").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("there is no treaty"), "{}", r.body);
    assert!(!r.body.contains("Showing results"), "{}", r.body);
}

#[tokio::test]
async fn a_citation_in_the_box_goes_to_the_provision() {
    let r = get("/search?q=Malabo+29(1)(a)").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/malabo/art/29#art_29__para_1__point_a");
    assert_eq!(
        get("/search?q=budapest+2").await.location(),
        "/budapest/art/2"
    );
    assert_eq!(
        get("/search?q=UNCC+article+16").await.location(),
        "/uncc/art/16"
    );
    // The parts named in words, and a bracketed word of the text after the reference.
    assert_eq!(
        get("/search?q=Budapest+Article+29%2C+paragraph+2%2C+sub-paragraph+a")
            .await
            .location(),
        "/budapest/art/29#art_29__para_2__point_a"
    );
    assert_eq!(
        get("/search?q=UNCC+art.+19(3)+(preparation)")
            .await
            .location(),
        "/uncc/art/19#art_19__para_3"
    );
    // A treaty asked for as a whole, by a name in the possessive too.
    assert_eq!(
        get("/search?q=what+is+the+Budapest+Convention")
            .await
            .location(),
        "/budapest"
    );
    assert_eq!(
        get("/search?q=the+Malabo+Convention%27s+article+29")
            .await
            .location(),
        "/malabo/art/29"
    );
    // An interpretative note cited by number: its article, at the note.
    assert_eq!(
        get("/search?q=interpretative+note+3").await.location(),
        "/uncc/art/17#note_3"
    );
    // Provisions of different treaties cited together: side by side.
    for q in [
        "compare+uncc+7+with+budapest+2",
        "uncc+7+vs+budapest+2",
        "Budapest+art.+2+and+UNCC+7",
    ] {
        let r = get(&format!("/search?q={q}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{q}");
        assert!(
            r.location().starts_with("/compare?p="),
            "{q}: {}",
            r.location()
        );
        let page = get(r.location()).await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        assert!(page.body.contains("Illegal access"), "{q}");
    }
    assert_eq!(
        get("/search?q=uncc+7+vs+budapest+2").await.location(),
        "/compare?p=uncc%3A7&p=budapest%3A2"
    );
    // Of one treaty, or more than three: the results.
    for q in [
        "budapest+16+and+17",
        "uncc+7,+budapest+2,+malabo+29,+budapest-p1+3",
    ] {
        let r = get(&format!("/search?q={q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
    }
}

#[tokio::test]
async fn nothing_found_helps() {
    let r = get("/search?q=extradiction").await;
    assert!(
        r.body.contains("Did you mean"),
        "a suggestion for a misspelling"
    );
    let r = get("/search?q=qqqzzzxx").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Nothing matches"));
    assert!(r.body.contains("href=\"/budapest\""), "browse links");
}

#[tokio::test]
async fn unusable_queries_are_400_pages_that_still_help() {
    let r = get("/search?q=+++").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("the query is empty"));
    let long = "access+".repeat(120);
    let r = get(&format!("/search?q={long}")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("the limit is 500") && r.body.contains("class=\"hit\""),
        "explains, and still shows results"
    );
    let r = get("/search?q=access&treaty=atlantis").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("no treaty") && r.body.contains("class=\"hit\""));
}

#[tokio::test]
async fn markup_in_the_query_is_escaped_everywhere() {
    let attack = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg+src%3Dx%3E";
    for uri in [
        format!("/search?q={attack}"),
        format!("/budapest/art/2?hl={attack}"),
        format!("/nowhere{attack}"),
        format!("/budapest/art/{attack}"),
    ] {
        let r = get(&uri).await;
        assert!(!r.body.contains("<script>alert"), "{uri} echoes a script");
        assert!(!r.body.contains("<img src=x>"), "{uri} echoes markup");
    }
    let r = get(&format!("/api/v1/search?q={attack}")).await;
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
}

#[tokio::test]
async fn article_pages_anchor_every_provision() {
    let r = get("/malabo/art/29").await;
    assert_eq!(r.status, StatusCode::OK);
    for id in [
        "art_29__para_1",
        "art_29__para_1__point_a",
        "art_29__para_3__para_1__point_h",
        "art_29__para_4",
    ] {
        assert!(r.body.contains(&format!("id=\"{id}\"")), "no anchor {id}");
        assert!(
            r.body.contains(&format!("href=\"#{id}\"")),
            "no link mark for {id}"
        );
    }
    assert!(r.body.contains("Malabo Convention, art. 29"), "cite box");
    assert!(r.body.contains("rel=\"prev\"") && r.body.contains("rel=\"next\""));
    assert!(
        r.body.contains("CHAPTER III"),
        "breadcrumb names the chapter"
    );
}

#[tokio::test]
async fn interpretative_notes_show_with_their_articles() {
    let r = get("/uncc/art/2").await;
    assert!(r.body.contains("Interpretative notes"));
    assert!(
        r.body
            .contains("States parties are not obliged to reproduce verbatim")
    );
}

#[tokio::test]
async fn arriving_from_a_result_highlights_the_terms() {
    let r = get("/budapest/art/2?hl=illegal+access").await;
    assert!(
        r.body.contains("<mark>access"),
        "the query's words are marked"
    );
    // Thesaurus wordings are highlighted for lay words.
    let r = get("/malabo/art/29?hl=hacking").await;
    assert!(
        r.body
            .contains("<mark>unauthorized access to part or all of a computer system</mark>")
    );
}

#[tokio::test]
async fn aliases_and_paragraph_links_redirect_to_the_permanent_url() {
    let r = get("/ets185/art/2").await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.location(), "/budapest/art/2");
    let r = get("/malabo/art/29/para/1").await;
    assert_eq!(r.location(), "/malabo/art/29#art_29__para_1");
    assert_eq!(get("/au").await.location(), "/malabo");
    let r = get("/budapest/art/4/para/9").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("its paragraphs are 1, 2"), "{}", r.body);
}

#[tokio::test]
async fn unknown_articles_and_treaties_get_helpful_404s() {
    let r = get("/budapest/art/99").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("has articles 1–48"));
    assert!(r.body.contains("Contents of the Budapest Convention"));
    let r = get("/budapest/art/-1").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get("/atlantis").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Malabo Convention"), "lists the treaties");
    let r = get("/no/such/page").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        r.body.contains("search?q=no%20such%20page") || r.body.contains("search?q=no+such+page"),
        "offers a search"
    );
}

#[tokio::test]
async fn treaty_pages_show_facts_and_contents() {
    let r = get("/budapest").await;
    assert_eq!(r.status, StatusCode::OK);
    for text in [
        "ETS No. 185",
        "since 1 July 2004",
        "Secretary General of the Council of Europe",
        "SECTION 2 – PROCEDURAL LAW",
        "href=\"/budapest/art/48\"",
        "Preamble",
        "IN WITNESS WHEREOF",
    ] {
        assert!(r.body.contains(text), "no {text:?}");
    }
    let r = get("/uncc/preamble").await;
    assert!(r.body.contains("id=\"preamble__recital_1\""));
}

#[tokio::test]
async fn api_search_has_the_cli_hit_shape_plus_facets_and_timing() {
    let r = get("/api/v1/search?q=interception&limit=3").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["query"], "interception");
    assert!(v["total"].as_u64().unwrap() > 3);
    assert_eq!(v["hits"].as_array().unwrap().len(), 3);
    let hit = v["hits"][0].as_object().unwrap();
    for key in [
        "id",
        "treaty",
        "article",
        "title",
        "score",
        "paragraph",
        "snippet",
        "url",
    ] {
        assert!(hit.contains_key(key), "hit lacks {key}");
    }
    assert!(v["facets"]["budapest"].as_u64().unwrap() > 0);
    assert!(v["took_ms"].as_f64().unwrap() >= 0.0);
    let filtered = get("/api/v1/search?q=interception&treaty=uncc&treaty=au")
        .await
        .json();
    assert!(
        filtered["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["treaty"] == "uncc" || h["treaty"] == "malabo")
    );
}

#[tokio::test]
async fn api_errors_are_json_with_code_and_status() {
    let cases = [
        ("/api/v1/search?q=", StatusCode::BAD_REQUEST, "empty_query"),
        (
            "/api/v1/search?q=a&limit=abc",
            StatusCode::BAD_REQUEST,
            "bad_parameter",
        ),
        (
            "/api/v1/search?q=a&limit=-5",
            StatusCode::BAD_REQUEST,
            "bad_parameter",
        ),
        (
            "/api/v1/search?q=a&offset=99999999999999999999999",
            StatusCode::BAD_REQUEST,
            "bad_parameter",
        ),
        (
            "/api/v1/search?q=a&treaty=atlantis",
            StatusCode::BAD_REQUEST,
            "unknown_treaty",
        ),
        (
            "/api/v1/articles/budapest/99",
            StatusCode::NOT_FOUND,
            "unknown_article",
        ),
        (
            "/api/v1/articles/budapest/x",
            StatusCode::NOT_FOUND,
            "unknown_article",
        ),
        (
            "/api/v1/articles/atlantis/1",
            StatusCode::NOT_FOUND,
            "unknown_treaty",
        ),
        (
            "/api/v1/treaties/atlantis",
            StatusCode::NOT_FOUND,
            "unknown_treaty",
        ),
        (
            "/api/v1/treaties/budapest:2",
            StatusCode::NOT_FOUND,
            "unknown_treaty",
        ),
        (
            "/api/v1/search?q=a&limit=0",
            StatusCode::BAD_REQUEST,
            "bad_parameter",
        ),
        (
            "/api/v1/compare?p=budapest&p=uncc",
            StatusCode::BAD_REQUEST,
            "bad_comparison",
        ),
        ("/api/v1/nothing", StatusCode::NOT_FOUND, "not_found"),
    ];
    for (uri, status, code) in cases {
        let r = get(uri).await;
        assert_eq!(r.status, status, "{uri}");
        let v = r.json();
        assert_eq!(v["error"]["code"], code, "{uri}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    }
    let r = request(Method::POST, "/api/v1/search?q=a").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    let r = request(Method::DELETE, "/budapest/art/2").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn api_treaties_and_articles() {
    let v = get("/api/v1/treaties").await.json();
    let ids: Vec<&str> = v["treaties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["uncc", "budapest", "budapest-p1", "malabo"]);
    let v = get("/api/v1/treaties/ets189").await.json();
    assert_eq!(v["id"], "budapest-p1");
    assert_eq!(v["articles"].as_array().unwrap().len(), 16);
    let v = get("/api/v1/articles/uncc/7").await.json();
    assert_eq!(v["title"], "Illegal access");
    assert_eq!(
        v["citation"],
        "UN Convention against Cybercrime (A/RES/79/243, annex), art. 7"
    );
    assert_eq!(v["paragraphs"][1]["eid"], "art_7__para_2");
}

#[tokio::test]
async fn openapi_describes_every_endpoint_and_the_error_shape() {
    let v = get("/api/v1/openapi.json").await.json();
    assert_eq!(v["openapi"], "3.1.0");
    for path in [
        "/api/v1/search",
        "/api/v1/treaties",
        "/api/v1/treaties/{id}",
        "/api/v1/articles/{treaty}/{n}",
        "/api/v1/similar/{treaty}/{n}",
        "/api/v1/compare",
        "/api/v1/status",
        "/api/v1/openapi.json",
    ] {
        assert!(v["paths"][path]["get"].is_object(), "{path} undocumented");
    }
    assert!(
        v["components"]["schemas"]["Error"]["properties"]["error"]["required"]
            .as_array()
            .unwrap()
            .len()
            == 2
    );
}

#[tokio::test]
async fn responses_carry_security_headers_and_static_assets_load() {
    let r = get("/").await;
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(r.headers.contains_key(header::REFERRER_POLICY));
    let css = get("/static/style.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains("prefers-color-scheme: dark") && css.body.contains("@media print"));
    assert_eq!(get("/static/app.js").await.status, StatusCode::OK);
    assert_eq!(get("/healthz").await.body, "ok");
}

#[tokio::test]
async fn pages_are_light() {
    for uri in ["/", "/search?q=illegal+access", "/budapest/art/2"] {
        let r = get(uri).await;
        assert!(r.body.len() < 60_000, "{uri} is {} bytes", r.body.len());
        assert!(!r.body.contains("<script>"), "{uri} has inline script");
    }
}

#[tokio::test]
async fn references_in_the_text_are_links_and_articles_list_them() {
    let r = get("/uncc/art/11").await;
    // "articles 7 to 10 of this Convention" in 11(1)(a)(i) links to article 7.
    assert!(
        r.body.contains("<a class=\"xref\" href=\"/uncc/art/7"),
        "no cross-reference link"
    );
    assert!(r.body.contains("Cites"));
    let r = get("/uncc/art/7").await;
    assert!(r.body.contains("Referenced by"));
    assert!(
        r.body
            .contains("/uncc/art/11#art_11__para_1__point_a__subpoint_i"),
        "11(1)(a)(i) cites article 7"
    );
    // The Protocol's references to the Convention link into the Budapest Convention.
    let r = get("/budapest-p1/art/8").await;
    assert!(r.body.contains("href=\"/budapest/art/1\""));
    let v = get("/api/v1/articles/uncc/7").await.json();
    assert!(
        v["cited_by"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["article"] == "uncc:11")
    );
    let v = get("/api/v1/articles/uncc/11").await.json();
    assert!(
        v["cites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "uncc:7")
    );
}

#[tokio::test]
async fn articles_show_their_counterparts_and_similar_provisions() {
    let r = get("/budapest/art/2").await;
    assert!(r.body.contains("Corresponds to"));
    assert!(
        r.body.contains("href=\"/uncc/art/7\""),
        "concordance counterpart"
    );
    assert!(
        r.body.contains("/compare?p=budapest%3A2&amp;p=uncc%3A7")
            || r.body.contains("/compare?p=budapest:2&amp;p=uncc:7"),
        "one-click compare"
    );
    assert!(r.body.contains("Similar provisions in other treaties"));
}

#[tokio::test]
async fn compare_shows_provisions_side_by_side_with_exports() {
    let r = get("/compare?p=budapest:2&p=uncc:7&p=malabo:29(1)(a)").await;
    assert_eq!(r.status, StatusCode::OK);
    for text in [
        "Budapest Convention (ETS No. 185), art. 2",
        "Malabo Convention, art. 29(1)(a)",
        "<mark class=\"only\">",
        "class=\"shared\"",
        "format=csv",
        "format=json",
    ] {
        assert!(r.body.contains(text), "no {text:?}");
    }
    let csv = get("/compare?p=budapest:2&p=uncc:7&format=csv").await;
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.body
            .starts_with("\"Budapest Convention (ETS No. 185), art. 2\"")
    );
    let json = get("/api/v1/compare?p=budapest:4&p=uncc:9").await.json();
    assert_eq!(json["columns"].as_array().unwrap().len(), 2);
    assert_eq!(json["rows"].as_array().unwrap().len(), 2);
    assert_eq!(
        get("/compare").await.status,
        StatusCode::OK,
        "an empty form"
    );
    let r = get("/compare?p=budapest:2").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("choose two or three provisions"));
    let r = get("/compare?p=budapest:2&p=uncc:99").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("has articles 1–68"));
    assert_eq!(
        get("/api/v1/compare?p=budapest:2").await.json()["error"]["code"],
        "bad_comparison"
    );
}

#[tokio::test]
async fn topics_show_the_matrix_and_each_topic_side_by_side() {
    let r = get("/topics").await;
    assert_eq!(r.status, StatusCode::OK);
    for text in [
        "Cyber-dependent crimes",
        "Personal data protection",
        "href=\"/topics/procedural#uncc\"",
        "Internet Governance Forum",
        "Binding",
    ] {
        assert!(r.body.contains(text), "no {text:?}");
    }
    let r = get("/topics/cyber-dependent").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("Illegal access")
            && r.body
                .contains("href=\"/malabo/art/29#art_29__para_1__point_a\"")
    );
    assert!(r.body.contains("class=\"compare-link\""));
    assert_eq!(get("/topics/astrology").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_similar_lists_other_treaties_best_first() {
    let v = get("/api/v1/similar/budapest/2?limit=1").await.json();
    let similar = v["similar"].as_array().unwrap();
    assert_eq!(similar.len(), 3, "one from each other treaty");
    assert!(similar.iter().any(|s| s["id"] == "uncc:7"));
    assert!(
        similar
            .iter()
            .all(|s| s["treaty"] != "budapest"
                && s["paragraph"].as_str().unwrap().starts_with("art_"))
    );
    assert_eq!(
        get("/api/v1/similar/budapest/99").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn notes_and_footnotes_that_cite_an_article_link_to_their_anchors() {
    // Regression: "referenced by" pointed at #note_4 on article 23, which had no such anchor,
    // and called the note article 23.
    let r = get("/uncc/art/19").await;
    assert!(
        r.body
            .contains("href=\"/uncc/art/23#note_4\">interpretative note 4</a>"),
        "{}",
        &r.body[r.body.find("Referenced by").unwrap_or(0)..][..400.min(r.body.len())]
    );
    assert!(get("/uncc/art/23").await.body.contains("id=\"note_4\""));
    let r = get("/uncc/art/2").await;
    assert!(r.body.contains("href=\"/uncc#footnote_1\">footnote 1</a>"));
    assert!(get("/uncc").await.body.contains("id=\"footnote_1\""));
    // References inside notes are links too ("article 2 (e)" in note 1).
    let r = get("/uncc/art/2").await;
    let notes = &r.body[r.body.find("Interpretative notes").unwrap()..];
    assert!(notes.contains("class=\"xref\""));
}
