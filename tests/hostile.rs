//! Hostile requests: every route and parameter fed oversized, empty, malformed, encoded,
//! injected and out-of-range input, table-driven (route × payload, method × route,
//! header × route). Each request must be answered below 500, quickly, with a body; HTML
//! must never echo markup unescaped; the API must answer JSON with `{"error": {"code",
//! "message"}}` on errors. What `Request::builder` cannot express (invalid bytes in the request
//! line, URIs over the `http` crate's limit, broken headers) goes to a real server over TCP.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use concord::web::{AppState, ServeOptions, app, serve_connections};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Longest any one request may take in-process (debug build, two cores shared with the other
/// tests of this binary).
const BOUND: Duration = Duration::from_secs(2);

fn state() -> Arc<AppState> {
    static STATE: OnceLock<Arc<AppState>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let state = AppState::new(concord::Concord::open(&common::paths()).expect("opens"));
            // Built lazily on the first article page; build it here so no request pays for it.
            state.similar();
            Arc::new(state)
        })
        .clone()
}

fn router() -> Router {
    app(state())
}

// ---------------------------------------------------------------------------------------------
// Payloads

/// A hostile value: `Text` is percent-encoded into the URI (so it reaches the handler as
/// written), `Raw` goes into the URI verbatim (broken encodings, traversal, structure).
#[derive(Clone, Debug)]
enum Payload {
    Text(&'static str, String),
    Raw(&'static str, String),
}

impl Payload {
    fn name(&self) -> &'static str {
        match self {
            Payload::Text(n, _) | Payload::Raw(n, _) => n,
        }
    }

    /// The payload as it stands in a URI.
    fn in_uri(&self) -> String {
        match self {
            Payload::Text(_, s) => pct(s),
            Payload::Raw(_, s) => s.clone(),
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn t(name: &'static str, s: impl Into<String>) -> Payload {
    Payload::Text(name, s.into())
}

fn r(name: &'static str, s: impl Into<String>) -> Payload {
    Payload::Raw(name, s.into())
}

/// Every hostile value, text and raw.
fn payloads() -> Vec<Payload> {
    let mut p = vec![
        // size
        t("empty", ""),
        t("space", " "),
        t("spaces", "     \t  "),
        t("10k-letters", "a".repeat(10_000)),
        t("10k-words", "access ".repeat(1_500)),
        t("60k-encoded", "é".repeat(10_000)),
        t("100k", "b".repeat(100_000)),
        t("501-bytes", "x".repeat(501)),
        t("500-multibyte-cut", format!("{}é", "a".repeat(499))),
        // quotes and brackets
        t("dquote", "\""),
        t("unbalanced-dquote", "\"illegal access"),
        t("squote", "'"),
        t("triple-quote", "\"\"\""),
        t("open-paren", "(((( access"),
        t("close-paren", "access ))))"),
        t(
            "nested-200",
            format!("{}a{}", "(".repeat(200), ")".repeat(200)),
        ),
        t("unbalanced-250", "(".repeat(250)),
        t("brackets", "[ ] { }"),
        t("range", "[a TO z]"),
        t("exclusive-range", "{a TO z}"),
        t("star-range", "title:[* TO *]"),
        t("open-range", "title:[a TO"),
        // query syntax
        t("unknown-field", "foo:bar"),
        t("field-only", "title:"),
        t("field-chapter", "chapter:"),
        t("field-treaty", "treaty:"),
        t("treaty-unknown", "treaty:nope access"),
        t(
            "treaty-all",
            "treaty:budapest treaty:uncc treaty:malabo treaty:budapest-p1 data",
        ),
        t("colons", ":::: a:b:c:d"),
        t("field-group", "title:(access OR data)"),
        t("id-field", "id:budapest:2"),
        t("wildcard", "acc*"),
        t("star", "*"),
        t("star-star", "*:*"),
        t("question", "?"),
        t("wild-mix", "a*b?c **********"),
        t("fuzzy", "access~5"),
        t("fuzzy-huge", "access~99999999999"),
        t("fuzzy-phrase", "\"illegal access\"~10"),
        t("boost", "access^100"),
        t("boost-neg", "access^-1"),
        t("boost-huge", "access^1e40"),
        t("boost-nan", "access^NaN"),
        t("caret-tilde", "^ ~ ^~"),
        t("ops", "+-!"),
        t("and", "AND"),
        t("or", "OR"),
        t("not", "NOT"),
        t("and-or-not", "AND OR NOT"),
        t("not-not", "NOT NOT NOT access"),
        t("minus", "-access"),
        t("plus-minus", "+access -data"),
        t("bang", "!access && || data"),
        t("dangling-and", "access AND"),
        t("minus-phrase", "access -\"illegal access\""),
        t("minus-hyphenated", "data -e-evidence"),
        t("regex", "/acc.*/"),
        t("backslash", "\\ \\\" a\\:b"),
        // control characters
        t("nul", "\0"),
        t("nul-inside", "acc\0ess"),
        t("newline", "access\ndata"),
        t("crlf", "a\r\nSet-Cookie: x=1"),
        t("escape", "\x1b[31mred\x1b[0m"),
        t("del", "\x7f"),
        t("nel", "\u{85}access"),
        // unicode
        t("rtl", "\u{202e}sseccA lagelli"),
        t("rlm", "\u{200f}access\u{200e}"),
        t("combining", format!("a{}", "\u{301}".repeat(100))),
        t("emoji", "🔥💻 access 🔐"),
        t("zwj-family", "👩\u{200d}👩\u{200d}👧\u{200d}👦"),
        t("zwj", "ac\u{200d}cess"),
        t("bom", "\u{feff}access"),
        t("replacement", "\u{fffd}\u{fffd}"),
        t("math-letters", "𝔞𝔠𝔠𝔢𝔰𝔰"),
        t("fullwidth", "ＡＣＣＥＳＳ"),
        t("dotted-i", "İİİ İllegal access"),
        t("case-growing", "ẞ ǅ ΐ ﬁ Σ İ access"),
        t("surrogate-ish", "\u{d7ff}\u{e000}\u{10ffff}"),
        // template injection
        t("jinja", "{{7*7}}qq7"),
        t("jinja-raw", "{% raw %}{{ x }}"),
        t("jinja-loop", "{% for x in range(99999999) %}x{% endfor %}"),
        t("dollar", "${7*7}qq7"),
        t("hash", "#{7*7}qq7"),
        t("erb", "<%= 7*7 %>"),
        // markup and script
        t("script", "<script>alert(1)</script>"),
        t("svg", "\"><svg onload=alert(1)>"),
        t("img", "'><img src=x onerror=alert(1)>"),
        t("javascript", "javascript:alert(1)"),
        t("title-break", "</title><script>alert(1)</script>"),
        t("xss-tag", "<XSS>"),
        t("attr-break", "\" onmouseover=alert(1) x=\""),
        t("entities", "&lt;script&gt; &#x3C;script&#x3E;"),
        t("comment", "<!-- ]]>"),
        t("data-url", "data:text/html,<script>alert(1)</script>"),
        // traversal
        t("dotdot", "../../etc/passwd"),
        t("dotdot-back", "..\\..\\windows\\win.ini"),
        t("dotdot-double", "....//....//etc/passwd"),
        t("abs-path", "/etc/passwd"),
        t("dots", ".."),
        t("dot", "."),
        t("file-url", "file:///etc/passwd"),
        // numbers
        t("big", "99999999999999999999"),
        t("u32-max", "4294967295"),
        t("u32-over", "4294967296"),
        t("u64-max", "18446744073709551615"),
        t("u64-over", "18446744073709551616"),
        t("minus-one", "-1"),
        t("minus-zero", "-0"),
        t("zero", "0"),
        t("exp", "1e9"),
        t("fraction", "1.5"),
        t("hex", "0x10"),
        t("nan", "NaN"),
        t("inf", "inf"),
        t("padded", " 2 "),
        t("plus-two", "+2"),
        t("leading-zero", "02"),
        t("fullwidth-digit", "２"),
        t("arabic-digit", "٢"),
        t("deep-path", "2(1)(a)(i)(ii)(iii)(iv)(v)"),
        t("dotted-path", "2.1.a.i.ii"),
        t("big-path", "9999999999(1)"),
        // citations
        t("cite", "budapest 2"),
        t("cite-deep", "Budapest art. 2(1)(a)"),
        t("cite-missing", "uncc:99999"),
        t("cite-broken", "malabo:29((((("),
        t("cite-para-word", "art 2 budapest paragraph"),
        t("cite-section", "§ 2 budapest"),
        t("cite-zero", "budapest article 0"),
        t("cite-repeat", "un un un un un"),
        t("cite-two", "ets 185 ets 189"),
        t("cite-preamble", "budapest:preamble"),
        t(
            "cite-many-points",
            format!("budapest 2{}", "(a)".repeat(100)),
        ),
        // misc
        t("null", "null"),
        t("json", "{\"a\":[1,2]}"),
        t("percent", "%"),
        t("percents", "%%%"),
        t("amp", "a&q=b&treaty=budapest"),
        t("equals", "=="),
        t("hash-sign", "#frag"),
        t("sql", "' OR 1=1 --"),
        t("format", "%s%s%s%n {0} {}"),
    ];
    p.extend([
        r("ff-fe", "%ff%fe"),
        r("lone-percent", "%"),
        r("bad-hex", "%zz"),
        r("percent-percent", "%%"),
        r("truncated", "%e2%82"),
        r("overlong-slash", "%c0%af"),
        r("overlong-dotdot", "%c0%ae%c0%ae%c0%af"),
        r("overlong-3", "%e0%80%af"),
        r("overlong-4", "%f0%80%80%af"),
        r("surrogate", "%ed%a0%80"),
        r("nul", "%00"),
        r("lf", "%0a"),
        r("crlf", "%0d%0aSet-Cookie:%20x=1"),
        r("esc", "%1b"),
        r("del", "%7f"),
        r("enc-dotdot", "%2e%2e"),
        r("enc-traversal", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
        r("half-traversal", "..%2f..%2fetc%2fpasswd"),
        r("backslash-traversal", "..%5c..%5cwindows"),
        r("double-encoded", "%252e%252e%252f"),
        r("iis-unicode", "%u002e%u002e"),
        r("enc-script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        r("raw-script", "<script>alert(1)</script>"),
        r("raw-svg", "\"><svg/onload=alert(1)>"),
        r("raw-space", "a b"),
        r("raw-slash", "a/b"),
        r("raw-dotdot", "../../etc/passwd"),
        r("raw-dot", "."),
        r("semicolon", "a;b"),
        r("plus", "a+b"),
        r("enc-plus", "%2B"),
        r("injected-param", "a&treaty=budapest&q=x"),
        r("fragment", "a#frag"),
        r("question", "a?b=c"),
        r("raw-utf8", "é"),
        r("raw-braces", "{}|^`"),
        r("raw-jinja", "{{7*7}}qq7"),
    ]);
    p
}

/// The few payloads every numeric or enumerated parameter gets (a subset, so the run stays
/// fast): sizes, syntax, encodings, numbers, markup.
fn short_list(all: &[Payload]) -> Vec<Payload> {
    const KEEP: &[&str] = &[
        "empty",
        "space",
        "10k-letters",
        "60k-encoded",
        "100k",
        "dquote",
        "range",
        "unknown-field",
        "wildcard",
        "nul",
        "crlf",
        "rtl",
        "emoji",
        "zwj",
        "combining",
        "dotted-i",
        "jinja",
        "script",
        "svg",
        "img",
        "javascript",
        "attr-break",
        "dotdot",
        "big",
        "u32-over",
        "u64-over",
        "minus-one",
        "minus-zero",
        "zero",
        "exp",
        "fraction",
        "hex",
        "nan",
        "padded",
        "plus-two",
        "leading-zero",
        "fullwidth-digit",
        "arabic-digit",
        "deep-path",
        "cite-missing",
        "amp",
        "ff-fe",
        "lone-percent",
        "bad-hex",
        "truncated",
        "overlong-slash",
        "lf",
        "enc-traversal",
        "half-traversal",
        "enc-dotdot",
        "raw-dotdot",
        "raw-script",
        "raw-space",
        "raw-utf8",
        "injected-param",
    ];
    all.iter()
        .filter(|p| KEEP.contains(&p.name()))
        .cloned()
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Cases

#[derive(Clone, Debug)]
struct Case {
    label: String,
    method: Method,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Case {
    fn get(label: String, uri: String) -> Self {
        Case {
            label,
            method: Method::GET,
            uri,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }
}

/// Where a payload goes: `{}` is replaced by it. `true`: the parameter takes free text and
/// gets every payload; `false`: numeric or enumerated, it gets the short list.
const QUERY_SLOTS: &[(&str, bool)] = &[
    ("/search?q={}", true),
    ("/search?q=access&treaty={}", false),
    ("/search?q=access&chapter={}", false),
    ("/search?q=access&page={}", false),
    ("/budapest/preamble?hl={}", true),
    ("/budapest/art/2?hl={}", true),
    ("/un/art/02?hl={}", false),
    ("/compare?p=budapest:2&p={}", true),
    ("/compare?p={}&p=uncc:7&format=json", false),
    ("/compare?p=budapest:2&p=uncc:7&format={}", false),
    ("/api/v1/search?q={}", true),
    ("/api/v1/search?q=access&treaty={}", false),
    ("/api/v1/search?q=access&chapter={}", false),
    ("/api/v1/search?q=access&limit={}", false),
    ("/api/v1/search?q=access&offset={}", false),
    ("/api/v1/similar/budapest/2?limit={}", false),
    ("/api/v1/compare?p=budapest:2&p={}", true),
    ("/?q={}", false),
    ("/topics?topic={}", false),
    ("/healthz?{}", false),
];

const PATH_SLOTS: &[(&str, bool)] = &[
    ("/{}", true),
    ("/{}/preamble", false),
    ("/{}/art/2", false),
    ("/budapest/art/{}", true),
    ("/budapest/art/2/para/{}", true),
    ("/topics/{}", true),
    ("/static/{}", false),
    ("/api/v1/treaties/{}", true),
    ("/api/v1/articles/{}/2", false),
    ("/api/v1/articles/budapest/{}", true),
    ("/api/v1/similar/budapest/{}", false),
    ("/api/v1/similar/{}/2", false),
    ("/api/v1/{}", false),
];

/// One plain URI per route, for the method and header sweeps.
const ROUTES: &[&str] = &[
    "/",
    "/search?q=access",
    "/healthz",
    "/static/style.css",
    "/static/app.js",
    "/budapest",
    "/budapest/preamble?hl=data",
    "/budapest/art/2?hl=access",
    "/budapest/art/2/para/1",
    "/compare?p=budapest:2&p=uncc:7",
    "/compare?p=budapest:2&p=uncc:7&format=csv",
    "/topics",
    "/topics/illegal-access",
    "/api/v1/search?q=access",
    "/api/v1/treaties",
    "/api/v1/treaties/budapest",
    "/api/v1/articles/budapest/2",
    "/api/v1/similar/budapest/2?limit=3",
    "/api/v1/compare?p=budapest:2&p=uncc:7",
    "/api/v1/openapi.json",
    "/no/such/page",
];

/// Whole query strings for the routes that read one: repeated and array parameters, broken
/// pairs, extreme combinations.
const WHOLE_QUERIES: &[&str] = &[
    "q[]=a",
    "q=a&q=b",
    "q",
    "q=",
    "=",
    "&&&&",
    "q=a;q=b",
    "q=%",
    "q=%ff%fe",
    "hl=a&hl=%3Cscript%3E",
    "p=budapest:2&p=uncc:7&p=malabo:2&p=budapest-p1:2",
    "p=budapest&p=uncc&p=malabo",
    "p=uncc:preamble&p=budapest:preamble",
    "p[]=budapest:2&p[]=uncc:7",
    "p=budapest:2&p=budapest:2",
    "p=budapest:2&p=uncc:7&format=json&format=csv",
    "q=access&page=1000",
    "q=access&page=999999999999999999999999",
    "q=access&offset=10000&limit=100",
    "q=access&offset=10001&limit=101",
    "limit=100&offset=10000&q=data",
    "q=access&treaty=budapest&treaty=uncc&treaty=malabo&treaty=budapest-p1&treaty=un",
    "q=access&treaty=budapest&chapter=budapest:chp_ii",
    "q=access&chapter=budapest:chp_ii__sec_1",
];

fn many(key: &str, value: &str, n: usize) -> String {
    vec![format!("{key}={value}"); n].join("&")
}

const QUERY_ROUTES: &[&str] = &[
    "/search",
    "/api/v1/search",
    "/compare",
    "/api/v1/compare",
    "/budapest/art/2",
    "/budapest/preamble",
    "/api/v1/similar/budapest/2",
];

fn cases() -> Vec<Case> {
    let all = payloads();
    let short = short_list(&all);
    let mut cases = Vec::new();
    for (slots, kind) in [(QUERY_SLOTS, "query"), (PATH_SLOTS, "path")] {
        for (template, free_text) in slots {
            let list = if *free_text { &all } else { &short };
            for p in list {
                let uri = template.replace("{}", &p.in_uri());
                cases.push(Case::get(format!("{kind} {template} <- {}", p.name()), uri));
            }
        }
    }
    let mut queries: Vec<String> = WHOLE_QUERIES.iter().map(|q| q.to_string()).collect();
    queries.push(many("p", "budapest:2", 200));
    queries.push(format!("q=access&{}", many("treaty", "budapest", 1000)));
    queries.push(format!("q=access&{}", many("x", "y", 2000)));
    for route in QUERY_ROUTES {
        for q in &queries {
            let shown: String = q.chars().take(40).collect();
            cases.push(Case::get(
                format!("whole-query {route}?{shown}"),
                format!("{route}?{q}"),
            ));
        }
    }
    // Wrong methods on every route, with and without a body.
    for route in ROUTES {
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD"] {
            cases.push(Case {
                label: format!("method {method} {route}"),
                method: Method::from_bytes(method.as_bytes()).unwrap(),
                uri: route.to_string(),
                headers: Vec::new(),
                body: Vec::new(),
            });
        }
        cases.push(Case {
            label: format!("method POST 100k body {route}"),
            method: Method::POST,
            uri: route.to_string(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: vec![b'{'; 100_000],
        });
        cases.push(Case {
            label: format!("method BREW {route}"),
            method: Method::from_bytes(b"BREW").unwrap(),
            uri: route.to_string(),
            headers: Vec::new(),
            body: Vec::new(),
        });
    }
    // Weird headers on the routes that read them or echo things.
    let headers: Vec<(&str, String)> = vec![
        ("accept", "application/json".into()),
        ("accept", "text/html;q=0, */*;q=0".into()),
        ("accept", "<script>alert(1)</script>".into()),
        ("accept", "a/b;".repeat(2_000)),
        ("host", "evil.example".into()),
        ("host", "evil.example\"><script>alert(1)</script>".into()),
        ("host", "a".repeat(300)),
        ("host", "[::1]:99999999".into()),
        ("host", "".into()),
        ("x-forwarded-host", "evil.example".into()),
        ("x-forwarded-proto", "javascript".into()),
        ("accept-language", "zz-ZZ;q=NaN".into()),
        ("accept-encoding", "gzip;q=abc, *;q=-1".into()),
        ("content-type", "multipart/form-data; boundary=".into()),
        ("content-length", "99999999999999999999".into()),
        ("range", "bytes=99999999999-0".into()),
        ("if-none-match", "*".into()),
        ("cookie", "a=b; ".repeat(10_000)),
        ("x-long", "x".repeat(100_000)),
        ("referer", "javascript:alert(1)".into()),
    ];
    for route in [
        "/",
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/budapest/art/2",
        "/api/v1/search?q=access",
        "/no/such/page",
    ] {
        for (name, value) in &headers {
            cases.push(Case {
                label: format!("header {name}: {}… {route}", &value[..value.len().min(30)]),
                method: Method::GET,
                uri: route.to_string(),
                headers: vec![(name.to_string(), value.clone())],
                body: Vec::new(),
            });
        }
        cases.push(Case {
            label: format!("header x500 {route}"),
            method: Method::GET,
            uri: route.to_string(),
            headers: (0..500).map(|i| (format!("x-h{i}"), "v".into())).collect(),
            body: Vec::new(),
        });
    }
    cases
}

// ---------------------------------------------------------------------------------------------
// Checks

/// What must never be in an HTML body, whatever was sent (lowercase).
const FORBIDDEN_HTML: &[&str] = &[
    "<script>alert",
    "<svg onload",
    "<svg/onload",
    "<img src=x onerror",
    "<xss>",
    "href=\"javascript:",
    "src=\"javascript:",
    "\" onmouseover=alert",
    "49qq7",
    "</title><script",
];

fn check(
    case: &Case,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    took: Duration,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut fail = |what: String| problems.push(format!("{}: {what}", case.label));
    if status.is_server_error() {
        fail(format!("status {status}"));
    }
    if took > BOUND {
        fail(format!("took {took:?}"));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let encoded = headers.contains_key(header::CONTENT_ENCODING);
    if headers.contains_key(header::SET_COOKIE) {
        fail("a Set-Cookie header".into());
    }
    if status.is_redirection() {
        let location = headers
            .get(header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        if !location.starts_with('/') || location.starts_with("//") || location.contains("://") {
            fail(format!("redirect to {location:?}"));
        }
        return problems;
    }
    if case.method == Method::HEAD {
        return problems;
    }
    if body.is_empty() {
        fail(format!("status {status} with an empty body"));
        return problems;
    }
    if encoded {
        return problems;
    }
    let text = String::from_utf8_lossy(body);
    // Path traversal that worked would serve a file from the disk.
    for leaked in ["root:x:0:0", "[package]", "[dependencies]"] {
        if text.contains(leaked) {
            fail(format!(
                "the body contains {leaked:?}: a file from the disk"
            ));
        }
    }
    let path = case.uri.split('?').next().unwrap_or("");
    let json_wanted = path.starts_with("/api/v1/")
        || path == "/api/v1"
        || (path == "/compare" && status.is_success() && content_type.contains("json"));
    if json_wanted {
        if !content_type.starts_with("application/json") {
            fail(format!(
                "status {status}, content-type {content_type:?}, body {:?}",
                text.chars().take(120).collect::<String>()
            ));
            return problems;
        }
        match serde_json::from_slice::<serde_json::Value>(body) {
            Err(e) => fail(format!("not JSON ({e})")),
            Ok(v) if !status.is_success() => {
                let ok = v["error"]["code"].is_string() && v["error"]["message"].is_string();
                if !ok {
                    fail(format!("error body without error.code/message: {v}"));
                }
            }
            Ok(_) => {}
        }
    }
    if content_type.starts_with("text/html") {
        let lower = text.to_lowercase();
        for bad in FORBIDDEN_HTML {
            if lower.contains(bad) {
                fail(format!("HTML contains {bad:?} unescaped"));
            }
        }
    }
    problems
}

/// Cases that cannot run in this process because they abort it (a stack overflow cannot be
/// caught); each has its own test below, run in a child process.
fn aborts_the_process(case: &Case) -> Option<&'static str> {
    let searched = case.uri.starts_with("/search?q=") || case.uri.starts_with("/api/v1/search?q=");
    (searched && case.label.ends_with("<- unbalanced-250"))
        .then_some("a_query_of_250_open_brackets_does_not_abort_the_server")
}

/// Failures of the sweep that are reported bugs, each with a test of its own below (ignored
/// until fixed), so the sweep stays green and catches anything new.
fn known_bug(case: &Case, problem: &str) -> Option<&'static str> {
    let path = case.uri.split('?').next().unwrap_or("");
    let excludes_a_phrase =
        case.label.ends_with("<- minus-phrase") || case.label.ends_with("<- minus-hyphenated");
    if cfg!(debug_assertions) && excludes_a_phrase && path.ends_with("/search") {
        return Some("a_search_excluding_a_phrase_gets_an_answer");
    }
    if path.starts_with("/api/v1/") && problem.contains("Invalid UTF-8 in") {
        return Some("api_path_parameters_with_invalid_utf8_get_json_errors");
    }
    if (path == "/api/v1/" || path == "/api/v1") && problem.contains("text/html") {
        return Some("the_api_root_answers_json");
    }
    None
}

struct Outcome {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    took: Duration,
}

/// Sends one case in-process; `None` when `Request::builder` cannot express it.
async fn send(case: &Case) -> Option<Result<Outcome, String>> {
    let mut builder = Request::builder()
        .method(case.method.clone())
        .uri(case.uri.as_str());
    for (name, value) in &case.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let request = builder.body(Body::from(case.body.clone())).ok()?;
    let start = Instant::now();
    let response =
        match tokio::time::timeout(Duration::from_secs(20), router().oneshot(request)).await {
            Err(_) => return Some(Err(format!("{}: no answer in 20 s", case.label))),
            Ok(r) => r.expect("the router is infallible"),
        };
    let status = response.status();
    let headers = response.headers().clone();
    let body = match response.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(e) => return Some(Err(format!("{}: body failed: {e}", case.label))),
    };
    Some(Ok(Outcome {
        status,
        headers,
        body,
        took: start.elapsed(),
    }))
}

#[tokio::test]
async fn every_hostile_request_gets_a_safe_answer_in_process() {
    let _ = state();
    let cases = cases();
    let started = Instant::now();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut sent = 0;
    let mut not_expressible = 0;
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let mut skipped = Vec::new();
    let mut known = Vec::new();
    let trace = std::env::var_os("HOSTILE_TRACE").is_some();
    for case in &cases {
        if trace {
            eprintln!("sending {}", case.label);
        }
        if let Some(bug) = aborts_the_process(case) {
            skipped.push(format!("{} (known bug, see {bug})", case.label));
            continue;
        }
        let Some(outcome) = send(case).await else {
            not_expressible += 1;
            continue;
        };
        sent += 1;
        match outcome {
            Err(e) => problems.push(e),
            Ok(o) => {
                *statuses.entry(o.status.as_u16()).or_default() += 1;
                for problem in check(case, o.status, &o.headers, &o.body, o.took) {
                    match known_bug(case, &problem) {
                        Some(bug) => known.push(format!("{problem} [{bug}]")),
                        None => problems.push(problem),
                    }
                }
                slowest.push((o.took, case.label.clone()));
            }
        }
    }
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!(
        "hostile in-process: {} cases, {sent} sent, {not_expressible} not expressible by \
         Request::builder (sent over TCP instead), in {:?}",
        cases.len(),
        started.elapsed()
    );
    println!("status distribution: {statuses:?}");
    for (took, label) in slowest.iter().take(8) {
        println!("  slow: {took:?} {label}");
    }
    for s in &skipped {
        println!("SKIPPED {s}");
    }
    for k in &known {
        println!("KNOWN BUG {k}");
    }
    for p in &problems {
        println!("PROBLEM {p}");
    }
    assert!(sent >= 200, "only {sent} requests sent");
    assert!(
        problems.is_empty(),
        "{} problems; first: {}",
        problems.len(),
        problems[0]
    );
}

// ---------------------------------------------------------------------------------------------
// A real server over TCP

/// The app served as `concord serve` serves it, on 127.0.0.1:0; started once per test binary.
fn server() -> std::net::SocketAddr {
    static ADDR: OnceLock<std::net::SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| start_server(ServeOptions::default()))
}

/// Header-read deadline of `impatient_server`, short so the slow-client tests are quick.
const HEADER_DEADLINE: Duration = Duration::from_secs(1);

/// As `server`, but clients get `HEADER_DEADLINE` to send their headers.
fn impatient_server() -> std::net::SocketAddr {
    static ADDR: OnceLock<std::net::SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        start_server(ServeOptions {
            header_read_timeout: HEADER_DEADLINE,
            ..ServeOptions::default()
        })
    })
}

/// Starts the app on 127.0.0.1:0 in a runtime of its own; the thread lives as long as the test
/// binary.
fn start_server(options: ServeOptions) -> std::net::SocketAddr {
    let state = state();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("binds");
            tx.send(listener.local_addr().expect("an address"))
                .expect("the test waits");
            serve_connections(listener, app(state), options, std::future::pending()).await;
        });
    });
    rx.recv().expect("the server starts")
}

/// Sends raw bytes on a fresh connection, writing and reading at once (the server may answer
/// and close before a huge request is all written); returns what came back.
fn raw_exchange(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    exchange(bytes, false)
}

/// As `raw_exchange`; with `to_close`, reads until the server closes (pipelined requests).
fn exchange(bytes: Vec<u8>, to_close: bool) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(server()).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    let mut write = stream.try_clone().map_err(|e| e.to_string())?;
    // The write half stays open until the answer is read: a half-close is not a request.
    let writer = std::thread::spawn(move || {
        let _ = write.write_all(&bytes);
        let _ = write.flush();
        write
    });
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut error = None;
    while Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if !to_close && response_complete(&out) {
                    break;
                }
            }
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = writer.join();
    match error {
        Some(e) if out.is_empty() => Err(format!("read: {e}")),
        _ if out.is_empty() => Err("closed without an answer".into()),
        _ => Ok(out),
    }
}

/// Whether `out` holds one whole response (headers and a Content-Length body, or a chunked
/// body's last chunk).
fn response_complete(out: &[u8]) -> bool {
    let Some(end) = out.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&out[..end]).to_lowercase();
    let body = &out[end + 4..];
    if let Some(len) = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return body.len() >= len;
    }
    if head.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n");
    }
    false
}

fn status_of(response: &[u8]) -> Option<u16> {
    let line = response.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split_whitespace();
    let version = parts.next()?;
    if !version.starts_with("HTTP/1.") {
        return None;
    }
    parts.next()?.parse().ok()
}

/// What a raw request must get back.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Malformed HTTP: a 4xx.
    Client,
    /// Legal, if odd: any answer below 500.
    Answer,
    /// Not HTTP/1 at all (an HTTP/2 preface to an HTTP/1-only server): a 4xx, or the
    /// connection closed at once.
    ClientOrClose,
}

struct Raw {
    label: String,
    bytes: Vec<u8>,
    expect: Expect,
}

fn raw(label: &str, bytes: impl Into<Vec<u8>>, expect: Expect) -> Raw {
    Raw {
        label: label.to_string(),
        bytes: bytes.into(),
        expect,
    }
}

/// `GET target` with a Host and `Connection: close`.
fn get_raw(target: &[u8]) -> Vec<u8> {
    let mut v = b"GET ".to_vec();
    v.extend_from_slice(target);
    v.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    v
}

/// An article page request with extra header lines (each ending in CRLF).
fn with_headers(headers: &[u8]) -> Vec<u8> {
    let mut v =
        b"GET /budapest/art/2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".to_vec();
    v.extend_from_slice(headers);
    v.extend_from_slice(b"\r\n");
    v
}

/// Raw requests `Request::builder` cannot make, or that test the HTTP layer itself.
fn raw_requests() -> Vec<Raw> {
    use Expect::{Answer, Client, ClientOrClose};
    let long_header = |n: usize| format!("X-Long: {}\r\n", "x".repeat(n));
    let many_headers: String = (0..1000).map(|i| format!("X-H{i}: v\r\n")).collect();
    let big_body = [
        b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1000000\r\n\r\n"
            .to_vec(),
        vec![b'x'; 1_000_000],
    ]
    .concat();
    let client_hello = [
        vec![
            0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
        ],
        vec![0u8; 64],
        b"\r\n\r\n".to_vec(),
    ]
    .concat();
    let mut out = vec![
        // the request target
        raw("invalid utf-8 in query", get_raw(b"/search?q=\xff\xfe"), Client),
        raw("overlong utf-8 in path", get_raw(b"/\xc0\xaf"), Client),
        raw("raw utf-8 in query", get_raw("/search?q=é".as_bytes()), Answer),
        raw("raw utf-8 in path", get_raw("/budapest/art/é".as_bytes()), Answer),
        raw("NUL in query", get_raw(b"/search?q=a\x00b"), Client),
        raw("ESC in query", get_raw(b"/search?q=a\x1bb"), Client),
        raw("tab in target", get_raw(b"/search?q=a\tb"), Client),
        raw("DEL in target", get_raw(b"/search?q=a\x7fb"), Client),
        raw("space in target", get_raw(b"/search?q=a b"), Client),
        raw("raw script in query", get_raw(b"/search?q=<script>alert(1)</script>"), Answer),
        raw("raw svg in hl", get_raw(b"/budapest/art/2?hl=\"><svg/onload=alert(1)>"), Answer),
        raw("raw jinja in hl", get_raw(b"/budapest/art/2?hl={{7*7}}qq7"), Answer),
        raw("raw quote in path", get_raw(b"/\"><svg/onload=alert(1)>"), Answer),
        raw("backslash in path", get_raw(b"/..\\..\\etc\\passwd"), Answer),
        raw("70k uri", get_raw(format!("/search?q={}", "a".repeat(70_000)).as_bytes()), Client),
        raw("100k uri", get_raw(format!("/search?q={}", "b".repeat(100_000)).as_bytes()), Client),
        raw("1M uri", get_raw(format!("/{}", "c".repeat(1_000_000)).as_bytes()), Client),
        raw("absolute-form", get_raw(b"http://evil.example/budapest"), Answer),
        raw("asterisk", get_raw(b"*"), Client),
        raw("no slash", get_raw(b"budapest"), Client),
        raw("empty target", &b"GET  HTTP/1.1\r\nHost: x\r\n\r\n"[..], Client),
        // the request line
        raw("OPTIONS *", &b"OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..], Answer),
        raw("CONNECT", &b"CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n"[..], Answer),
        raw("HTTP/9.9", &b"GET / HTTP/9.9\r\nHost: x\r\n\r\n"[..], Client),
        raw("HTTP/1.1x", &b"GET / HTTP/1.1x\r\nHost: x\r\n\r\n"[..], Client),
        raw("HTTP/0.9", &b"GET /\r\n\r\n"[..], Client),
        raw("bad protocol", &b"GET / FOO/1.1\r\nHost: x\r\n\r\n"[..], Client),
        raw("double space", &b"GET  / HTTP/1.1\r\nHost: x\r\n\r\n"[..], Client),
        raw("lowercase method", &b"get / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..], Answer),
        raw("NUL in method", &b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n"[..], Client),
        raw("unknown method", &b"FOO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..], Answer),
        raw("10k method", [vec![b'A'; 10_000], b" / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()].concat(), Client),
        raw("HTTP/1.0 without host", &b"GET /healthz HTTP/1.0\r\n\r\n"[..], Answer),
        raw("HTTP/1.1 without host", &b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"[..], Answer),
        raw("blank lines before a request", &b"\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"[..], Answer),
        raw("bare LF", &b"GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n"[..], Answer),
        raw("bare CR", &b"GET /healthz HTTP/1.1\rHost: x\r\r"[..], Client),
        // headers
        raw("header without colon", with_headers(b"X-Bad\r\n"), Client),
        raw("space in header name", with_headers(b"Bad Header: x\r\n"), Client),
        raw("space before colon", with_headers(b"Host : x\r\n"), Client),
        raw("NUL in header value", with_headers(b"X-A: a\x00b\r\n"), Client),
        raw("ESC in header value", with_headers(b"X-A: a\x1b[31m\r\n"), Answer),
        raw("obs-fold", with_headers(b"X-A: a\r\n  folded\r\n"), Answer),
        raw("non-ascii header value", with_headers(b"X-A: \xff\xfe\r\n"), Answer),
        raw("non-ascii header name", with_headers(b"X-\xc3\xa9: a\r\n"), Client),
        raw("hostile host", with_headers(b"X-Dummy: 1\r\nHost: evil\"><script>alert(1)</script>\r\n"), Answer),
        raw("duplicate host", with_headers(b"Host: evil.example\r\n"), Answer),
        raw("100k header", with_headers(long_header(100_000).as_bytes()), Answer),
        raw("1M header", with_headers(long_header(1_000_000).as_bytes()), Client),
        raw("1000 headers", with_headers(many_headers.as_bytes()), Client),
        // bodies and framing
        raw("negative content-length", &b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"[..], Client),
        raw("alpha content-length", &b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"[..], Client),
        raw("huge content-length", &b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n"[..], Client),
        raw("two content-lengths", &b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"[..], Client),
        raw("list content-length", &b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\nab"[..], Client),
        raw("bad chunk", &b"POST /search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n"[..], Answer),
        raw("unknown transfer-encoding", &b"POST /search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"[..], Client),
        raw("te and cl", &b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"[..], Answer),
        raw("1M body", big_body, Answer),
        raw("expect 100-continue", &b"POST /search HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"[..], Answer),
        raw("h2c upgrade", &b"GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"[..], Answer),
        raw("websocket upgrade", &b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"[..], Answer),
        // not HTTP/1
        raw("http2 preface", &b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"[..], ClientOrClose),
        raw("tls client hello", client_hello, Client),
    ];
    // Seeded garbage: a few kilobytes of bytes that are not HTTP.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut garbage = Vec::new();
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        garbage.push((x >> 24) as u8);
    }
    garbage.extend_from_slice(b"\r\n\r\n");
    out.push(raw("random bytes", garbage, Client));
    out
}

/// The in-process cases whose URI or headers `Request::builder` rejects, as raw requests.
fn inexpressible() -> Vec<Raw> {
    cases()
        .into_iter()
        .filter(|c| {
            let mut b = Request::builder()
                .method(c.method.clone())
                .uri(c.uri.as_str());
            for (n, v) in &c.headers {
                b = b.header(n.as_str(), v.as_str());
            }
            b.body(()).is_err()
        })
        .map(|c| {
            let mut v = format!("{} ", c.method).into_bytes();
            v.extend_from_slice(c.uri.as_bytes());
            v.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            for (n, val) in &c.headers {
                v.extend_from_slice(format!("{n}: {val}\r\n").as_bytes());
            }
            v.extend_from_slice(b"\r\n");
            Raw {
                label: format!("tcp {}", c.label),
                bytes: v,
                expect: Expect::Answer,
            }
        })
        .collect()
}

#[test]
fn malformed_http_over_tcp_gets_an_answer_and_the_server_lives() {
    let _ = server();
    let mut requests = inexpressible();
    let from_cases = requests.len();
    requests.extend(raw_requests());
    let started = Instant::now();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for Raw {
        label,
        bytes,
        expect,
    } in &requests
    {
        let t0 = Instant::now();
        let response = match raw_exchange(bytes.clone()) {
            Err(e) if *expect == Expect::ClientOrClose && !e.contains("temporarily") => {
                *statuses.entry(0).or_default() += 1;
                continue;
            }
            Err(e) => {
                problems.push(format!("{label}: dropped without an answer ({e})"));
                continue;
            }
            Ok(response) => response,
        };
        let took = t0.elapsed();
        let Some(status) = status_of(&response) else {
            problems.push(format!(
                "{label}: not an HTTP response: {:?}",
                String::from_utf8_lossy(&response[..response.len().min(80)])
            ));
            continue;
        };
        *statuses.entry(status).or_default() += 1;
        if status >= 500 {
            problems.push(format!("{label}: status {status}"));
        }
        if *expect != Expect::Answer && !(400..500).contains(&status) {
            problems.push(format!("{label}: malformed but got {status}"));
        }
        if took > BOUND * 2 {
            problems.push(format!("{label}: took {took:?}"));
        }
        let lower = String::from_utf8_lossy(&response).to_lowercase();
        if lower.contains("content-type: text/html") {
            for bad in FORBIDDEN_HTML {
                if lower.contains(bad) {
                    problems.push(format!("{label}: HTML contains {bad:?}"));
                }
            }
        }
    }
    // Pipelined: three requests in one write, three answers in order.
    let pipelined = exchange(
        b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope%ff HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        true,
    );
    let answers = pipelined
        .as_deref()
        .map(|r| r.windows(9).filter(|w| w == b"HTTP/1.1 ").count())
        .unwrap_or(0);
    if answers != 3 {
        problems.push(format!("pipelined: {answers} answers to 3 requests"));
    }
    // Still alive.
    let health =
        raw_exchange(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec())
            .expect("the server still answers");
    assert_eq!(status_of(&health), Some(200));
    assert!(health.ends_with(b"ok"), "healthz says ok");
    println!(
        "hostile over TCP: {} requests ({from_cases} from the in-process list, {} raw) in {:?}",
        requests.len(),
        requests.len() - from_cases,
        started.elapsed()
    );
    println!("status distribution: {statuses:?}");
    for p in &problems {
        println!("PROBLEM {p}");
    }
    assert!(
        problems.is_empty(),
        "{} problems; first: {}",
        problems.len(),
        problems[0]
    );
}

// ---------------------------------------------------------------------------------------------
// Bugs found by the sweep, one test each (ignored until fixed in src/)

/// 250 unclosed brackets (`/search?q=((((…`, 250 bytes, under the 500-byte limit) overflow the
/// 2 MiB stack of the blocking thread that runs the search, in tantivy's lenient query parser
/// (`Engine::plan` → `QueryParser::parse_query_lenient`, src/search/mod.rs): the process aborts,
/// taking every other request with it. A debug build aborts at about 250 brackets; a release
/// build needs 1.3–1.5 MiB of its 2 MiB for the 500 the limit allows. A stack overflow cannot
/// be caught, so the request runs in a child process.
#[test]

fn a_query_of_250_open_brackets_does_not_abort_the_server() {
    for uri in [
        format!("/search?q={}", "(".repeat(250)),
        format!("/api/v1/search?q={}", "%28".repeat(250)),
        format!("/search?q={}", "a:(".repeat(166)),
    ] {
        let child = std::process::Command::new(std::env::current_exe().expect("the test binary"))
            .args([
                "--exact",
                "child_sends_one_request",
                "--nocapture",
                "--include-ignored",
            ])
            .env("HOSTILE_CHILD_URI", &uri)
            .output()
            .expect("the child runs");
        assert!(
            child.status.success(),
            "{uri}: the server process died ({:?}): {}",
            child.status,
            String::from_utf8_lossy(&child.stderr)
                .lines()
                .filter(|l| l.contains("overflow") || l.contains("panicked"))
                .collect::<Vec<_>>()
                .join(" / ")
        );
    }
}

/// Run by the test above in a child process; does nothing on its own.
#[test]
fn child_sends_one_request() {
    let Ok(uri) = std::env::var("HOSTILE_CHILD_URI") else {
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let status = rt.block_on(async {
        let request = Request::builder()
            .uri(uri.as_str())
            .body(Body::empty())
            .unwrap();
        router().oneshot(request).await.unwrap().status()
    });
    assert!(status.as_u16() < 500, "{uri}: {status}");
}

/// `/api/v1/treaties/%ff` (and every API path parameter that is not UTF-8 after decoding)
/// gets axum's own rejection, `400 text/plain` "Invalid URL: Invalid UTF-8 in `id`", not the
/// API's JSON error: src/web/api.rs extracts `Path<String>` / `Path<(String, String)>` without
/// mapping the rejection to `ApiError`.
#[tokio::test]

async fn api_path_parameters_with_invalid_utf8_get_json_errors() {
    for uri in [
        "/api/v1/treaties/%ff%fe",
        "/api/v1/treaties/%c0%af",
        "/api/v1/articles/%ff/2",
        "/api/v1/articles/budapest/%e2%82",
        "/api/v1/similar/budapest/%ed%a0%80",
        "/api/v1/similar/%ff/2",
    ] {
        let case = Case::get(uri.to_string(), uri.to_string());
        let o = send(&case).await.expect("expressible").expect("answered");
        let problems = check(&case, o.status, &o.headers, &o.body, o.took);
        assert!(problems.is_empty(), "{problems:?}");
    }
}

/// Regression: `/api/v1/` and `/api/v1` fell through to the HTML 404 page instead of the API's JSON
/// `not_found` (src/web/mod.rs nests the API router, whose fallback does not see its own root).
#[tokio::test]

async fn the_api_root_answers_json() {
    for uri in ["/api/v1/", "/api/v1"] {
        let case = Case::get(uri.to_string(), uri.to_string());
        let o = send(&case).await.expect("expressible").expect("answered");
        let problems = check(&case, o.status, &o.headers, &o.body, o.took);
        assert!(problems.is_empty(), "{problems:?}");
    }
}

/// `/%ff`, `/budapest/art/%ff` and the like get axum's bare `400 text/plain` "Invalid URL:
/// Invalid UTF-8 in `treaty`" instead of the site's HTML error page with its links (src/web/
/// pages.rs extracts `Path<String>` without mapping the rejection to `PageError`).
#[tokio::test]

async fn page_paths_with_invalid_utf8_get_the_html_error_page() {
    for uri in [
        "/%ff",
        "/%ff/preamble",
        "/budapest/art/%ff",
        "/budapest/art/2/para/%ff",
        "/topics/%ff",
    ] {
        let case = Case::get(uri.to_string(), uri.to_string());
        let o = send(&case).await.expect("expressible").expect("answered");
        let content_type = o
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            content_type.starts_with("text/html"),
            "{uri}: {} {content_type} {:?}",
            o.status,
            String::from_utf8_lossy(&o.body)
        );
    }
}

/// Reads from `stream` until the server closes it (end of file or a reset) or `limit` passes;
/// returns what was read, and when the server closed, counted from `since`.
fn read_until_closed(
    stream: &mut std::net::TcpStream,
    since: Instant,
    limit: Duration,
) -> (Vec<u8>, Option<Duration>) {
    use std::io::Read;
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while since.elapsed() < limit {
        let left = limit
            .saturating_sub(since.elapsed())
            .max(Duration::from_millis(1));
        stream.set_read_timeout(Some(left)).expect("a timeout");
        match stream.read(&mut buf) {
            Ok(0) => return (out, Some(since.elapsed())),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (out, Some(since.elapsed()));
            }
            Err(_) => break,
        }
    }
    (out, None)
}

/// Reads one whole response from a kept-alive connection.
fn read_response(stream: &mut std::net::TcpStream) -> Vec<u8> {
    use std::io::Read;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while !response_complete(&out) {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => panic!("reading a response: {e}"),
        }
    }
    out
}

/// A client that sends a request line and part of its headers, then nothing, is cut off at the
/// header-read deadline (`HEADER_READ_TIMEOUT`, 10 s in `concord serve`), so such clients
/// cannot pile up until the server runs out of file descriptors (slowloris). Before, the
/// connection was held for ever: the app's 10 s request timeout starts only once a request is
/// parsed.
#[test]
fn a_connection_that_never_finishes_its_headers_is_closed() {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(impatient_server()).expect("connects");
    let started = Instant::now();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .expect("writes");
    let (answer, closed) = read_until_closed(&mut stream, started, HEADER_DEADLINE * 8);
    let closed = closed.expect("the server still holds the half-sent request");
    assert!(
        closed >= HEADER_DEADLINE - Duration::from_millis(50),
        "closed after {closed:?}, before the deadline"
    );
    assert!(
        answer.is_empty(),
        "no request, so no answer: {:?}",
        String::from_utf8_lossy(&answer)
    );
}

/// The deadline is for the whole header, not between bytes: a client sending one byte every
/// 100 ms is cut at the deadline all the same.
#[test]
fn a_client_trickling_header_bytes_is_cut_at_the_deadline() {
    use std::io::Write;
    let stream = std::net::TcpStream::connect(impatient_server()).expect("connects");
    let started = Instant::now();
    let mut writer = stream.try_clone().expect("clones");
    let trickle = std::thread::spawn(move || {
        writer
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .expect("writes");
        // Stops when the server has closed the connection, or after 10 s.
        for _ in 0..100 {
            if writer.write_all(b"a").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let mut reader = stream;
    let (_, closed) = read_until_closed(&mut reader, started, HEADER_DEADLINE * 5);
    let _ = reader.shutdown(std::net::Shutdown::Both);
    trickle.join().expect("the writer ends");
    let closed = closed.expect("the server still holds the trickling request");
    assert!(
        closed >= HEADER_DEADLINE - Duration::from_millis(50),
        "closed after {closed:?}, before the deadline"
    );
}

/// Headers that take a while but arrive within the deadline are answered; keep-alive serves
/// several requests on one connection; a kept-alive connection left idle for the deadline is
/// closed (hyper starts the header clock when it waits for the next request).
#[test]
fn keep_alive_serves_requests_until_the_connection_idles_past_the_deadline() {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(impatient_server()).expect("connects");
    // The first request's headers in three parts over about half the deadline.
    for part in [
        &b"GET /healthz HTTP/1.1\r\n"[..],
        b"Host: x\r\n",
        b"User-Agent: slow but honest\r\n\r\n",
    ] {
        stream.write_all(part).expect("writes");
        std::thread::sleep(HEADER_DEADLINE / 6);
    }
    let first = read_response(&mut stream);
    assert_eq!(
        status_of(&first),
        Some(200),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
    // Two more on the same connection, with pauses shorter than the deadline.
    for path in ["/static/style.css", "/api/v1/search?q=illegal+access"] {
        std::thread::sleep(HEADER_DEADLINE / 2);
        stream
            .write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .expect("the connection is still open");
        let response = read_response(&mut stream);
        assert_eq!(status_of(&response), Some(200), "{path}");
    }
    // Then nothing: the server closes the connection at the deadline.
    let idle = Instant::now();
    let (extra, closed) = read_until_closed(&mut stream, idle, HEADER_DEADLINE * 8);
    let closed = closed.expect("the idle connection is still open");
    assert!(extra.is_empty(), "{:?}", String::from_utf8_lossy(&extra));
    assert!(
        closed >= HEADER_DEADLINE - Duration::from_millis(50),
        "closed after {closed:?} idle, before the deadline"
    );
}

/// In a debug build, a search that excludes a phrase — `access -"illegal access"`, or
/// `data -e-evidence` (a hyphenated word is read as a phrase) — panics in tantivy 0.27's
/// `PhraseScorer::seek_danger` debug assertion; `AppState::search` (src/web/mod.rs) re-panics
/// with "search does not panic", and the `CatchPanicLayer` turns it into `500 text/plain`
/// "Concord could not answer this request." (before that layer: the connection dropped without
/// an answer). See `excluding_a_phrase_does_not_panic_the_search` in tests/properties.rs.
#[test]
fn a_search_excluding_a_phrase_gets_an_answer() {
    for target in [
        "/search?q=access+-%22illegal+access%22",
        "/api/v1/search?q=data+-e-evidence",
    ] {
        let response = raw_exchange(get_raw(target.as_bytes()));
        let status = response.as_deref().ok().and_then(status_of);
        assert!(
            status.is_some_and(|s| s < 500),
            "{target}: {:?}",
            response.map(|r| String::from_utf8_lossy(&r[..r.len().min(60)]).into_owned())
        );
    }
}
