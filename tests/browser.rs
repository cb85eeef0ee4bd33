//! End to end in a real browser: headless Chromium driven through chromedriver (WebDriver).
//!
//! Home page → type a query → results page → first hit → article page with the paragraph
//! targeted and the query terms highlighted → side-by-side comparison with its counterparts;
//! screenshots of each page go to
//! `target/screenshots/`, and the browser console must stay free of errors throughout
//! (the pages run under a strict Content-Security-Policy, so e.g. an inline script shows up
//! there).
//!
//! Needs `/usr/bin/chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`).
//! Without them the test is skipped, except under CI (`CI` set), where it fails.

mod common;

use std::future::Future;
use std::net::TcpListener as StdTcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
/// The whole browser session, start to finish: a hung browser fails the test, never CI.
const TOTAL_TIMEOUT: Duration = Duration::from_secs(120);
/// How long to wait for one thing to show up (an element, a page, chromedriver).
const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

#[test]
fn search_then_open_the_article_in_a_real_browser() {
    let Some(chromedriver) = prerequisites() else {
        return;
    };
    let started = Instant::now();
    let base = start_server().expect("the server starts");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let outcome = runtime.block_on(async {
        tokio::time::timeout(TOTAL_TIMEOUT, run(&chromedriver, &base))
            .await
            .unwrap_or_else(|_| Err(anyhow!("the browser test took more than {TOTAL_TIMEOUT:?}")))
    });
    // Don't let a stuck task keep the test binary alive.
    runtime.shutdown_timeout(Duration::from_secs(5));
    if let Err(e) = outcome {
        panic!("browser test failed: {e:#}");
    }
    eprintln!("browser test passed in {:.1?}", started.elapsed());
}

/// The browser and its driver, or `None` (after saying why) to skip; under CI, a panic.
fn prerequisites() -> Option<PathBuf> {
    let chromium = Path::new(CHROMIUM).is_file();
    let chromedriver = find_in_path("chromedriver");
    let mut missing = Vec::new();
    if !chromium {
        missing.push(format!("{CHROMIUM} (Debian package chromium)"));
    }
    if chromedriver.is_none() {
        missing.push("chromedriver in PATH (Debian package chromium-driver)".to_string());
    }
    if missing.is_empty() {
        return chromedriver;
    }
    let missing = missing.join(" and ");
    if std::env::var_os("CI").is_some() {
        panic!("browser test: missing {missing}; CI must install it (see .ci/run)");
    }
    eprintln!("skipping browser test: missing {missing}");
    None
}

fn find_in_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin")])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

async fn run(chromedriver: &Path, base: &str) -> Result<()> {
    let profile = tempfile::tempdir().context("a temporary Chromium profile folder")?;
    let driver = Chromedriver::start(chromedriver)?;
    driver.wait_until_ready().await?;

    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities(profile.path()))
        .connect(&driver.url)
        .await
        .context("starting a Chromium session through chromedriver")?;
    let outcome = journey(&client, base).await;
    // End the session (and so Chromium) whatever happened; the guard then ends chromedriver.
    let closed = client.close().await;
    outcome?;
    closed.context("closing the browser session")?;
    Ok(())
}

/// The user's path through the site, with the console checked on every page.
async fn journey(client: &Client, base: &str) -> Result<()> {
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).with_context(|| format!("creating {}", shots.display()))?;
    let mut console = Console::default();

    // 1. Home: type the query and submit the form.
    client.goto(&format!("{base}/")).await?;
    let input = wait_for(client, "#q-home").await?;
    screenshot(client, &shots.join("home.png")).await?;
    console.collect(client, "home").await?;
    input.send_keys("illegal access").await?;
    wait_for(client, "form.search.big button[type=submit]")
        .await?
        .click()
        .await?;

    // 2. Results.
    wait_for(client, "ol.hits li.hit").await?;
    let url = client.current_url().await?;
    let q: Vec<String> = url
        .query_pairs()
        .filter(|(k, _)| k == "q")
        .map(|(_, v)| v.into_owned())
        .collect();
    ensure!(
        url.path() == "/search" && q == ["illegal access"],
        "the form should lead to /search?q=illegal+access, not {url}"
    );
    let hits = client.find_all(Locator::Css("ol.hits li.hit")).await?;
    ensure!(
        hits.len() >= 3,
        "expected at least 3 hits, got {}",
        hits.len()
    );
    let marks = client
        .find_all(Locator::Css("ol.hits li.hit p.snippet mark"))
        .await?;
    ensure!(!marks.is_empty(), "no <mark> in the result snippets");
    let first = wait_for(client, "ol.hits li.hit h3 a").await?;
    // Any of the three offences of illegal access (UN 7, Budapest 2, Malabo 29(1)(a)).
    let href = first.attr("href").await?.unwrap_or_default();
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let fragment = href.rsplit_once('#').map_or("", |(_, f)| f);
    ensure!(
        matches!(
            (path, fragment),
            ("/uncc/art/7" | "/budapest/art/2", _) | ("/malabo/art/29", "art_29__para_1__point_a")
        ),
        "the first hit should be an offence of illegal access, not {href:?}"
    );
    screenshot(client, &shots.join("results.png")).await?;
    console.collect(client, "results").await?;

    // 3. The first hit's article, scrolled to the paragraph that matched.
    first.click().await?;
    let url = poll("the article page", || async {
        let url = client.current_url().await?;
        let ready = client.execute("return document.readyState", vec![]).await?;
        Ok((url.path() != "/search" && ready == "complete").then_some(url))
    })
    .await?;
    let fragment = url.fragment().unwrap_or_default().to_string();
    ensure!(
        is_paragraph_id(&fragment),
        "the hit should link to a paragraph (#art_…__para_…), not {url}"
    );
    let target = format!("[id=\"{fragment}\"]");
    wait_for(client, &target).await?;
    let targeted = client
        .execute(
            "const t = document.querySelector(':target'); return t ? t.id : null;",
            vec![],
        )
        .await?;
    ensure!(
        targeted == fragment.as_str(),
        "the paragraph #{fragment} should be the CSS :target, but :target is {targeted}"
    );
    let marks = client
        .find_all(Locator::Css(&format!("{target} mark")))
        .await?;
    ensure!(
        !marks.is_empty(),
        "the targeted paragraph #{fragment} has no <mark> (highlighted query terms)"
    );
    screenshot(client, &shots.join("article.png")).await?;
    console.collect(client, "article").await?;

    // 4. From the article, compare it with its counterparts in the other frameworks.
    let compare = wait_for(client, "section.related a.compare-link").await?;
    compare.click().await?;
    poll("the comparison page", || async {
        let url = client.current_url().await?;
        let ready = client.execute("return document.readyState", vec![]).await?;
        Ok((url.path() == "/compare" && ready == "complete").then_some(()))
    })
    .await?;
    let columns = client.find_all(Locator::Css(".compare thead th")).await?;
    ensure!(
        columns.len() >= 2,
        "the comparison should show at least two provisions, not {}",
        columns.len()
    );
    let marked = client
        .find_all(Locator::Css(".compare td mark.only"))
        .await?;
    ensure!(
        !marked.is_empty(),
        "the comparison should mark wording only one provision has"
    );
    screenshot(client, &shots.join("compare.png")).await?;
    console.collect(client, "compare").await?;

    // 5. A word only the subject index has: the hit says which keywords found it.
    client.goto(&format!("{base}/search?q=metasploit")).await?;
    let subjects = wait_for(client, "ol.hits li.hit p.subjects").await?;
    let text = subjects.text().await?;
    ensure!(
        text.starts_with("Indexed under") && text.contains("metasploit"),
        "the hit should say it is indexed under \"metasploit\", not {text:?}"
    );
    screenshot(client, &shots.join("subjects.png")).await?;
    console.collect(client, "subjects").await?;

    console.check()
}

/// `art_2__para_1`, `art_29__para_1__pt_a`…: an article's paragraph (or a point within one).
fn is_paragraph_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("art_") else {
        return false;
    };
    let Some((article, para)) = rest.split_once("__para_") else {
        return false;
    };
    !article.is_empty()
        && para
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

fn capabilities(profile: &Path) -> Capabilities {
    let args = [
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        format!("--user-data-dir={}", profile.display()),
        "--window-size=1280,1600".into(),
    ];
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
        "goog:loggingPrefs": { "browser": "ALL" },
        "timeouts": { "pageLoad": 20_000, "script": 10_000, "implicit": 0 },
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object"),
    }
}

/// Serves the app on a free port from a thread of its own; returns its base URL.
fn start_server() -> Result<String> {
    let concord = concord::Concord::open(&common::paths()).context("opening Concord")?;
    let app = concord::web::app(Arc::new(concord::web::AppState::new(concord)));
    let listener = StdTcpListener::bind("127.0.0.1:0").context("binding a free port")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime for the server");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
            axum::serve(listener, app).await.expect("the server runs");
        });
    });
    Ok(format!("http://{addr}"))
}

/// chromedriver as a child process in a process group of its own, so that dropping the guard
/// (also on failure or timeout) ends it and any browser it started.
struct Chromedriver {
    child: Child,
    url: String,
}

impl Chromedriver {
    fn start(program: &Path) -> Result<Self> {
        use std::os::unix::process::CommandExt;
        let port = StdTcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        Ok(Chromedriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        })
    }

    async fn wait_until_ready(&self) -> Result<()> {
        let addr = self.url.trim_start_matches("http://").to_string();
        poll("chromedriver to listen", || async {
            Ok(tokio::net::TcpStream::connect(&addr).await.ok().map(drop))
        })
        .await
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and, if the session was not closed, Chromium. Again
        // while any of it lives, for a browser process that was being started meanwhile.
        let group = self.child.id();
        let kill_group = || {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{group}")])
                .stderr(Stdio::null())
                .status();
        };
        kill_group();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(2);
        while group_is_alive(group) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            kill_group();
        }
    }
}

/// Whether a process of that group is still running (zombies don't count).
fn group_is_alive(group: u32) -> bool {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    procs.flatten().any(|entry| {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            return false;
        };
        // pid (comm) state ppid pgrp …; comm may hold spaces, so split after the last ')'.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        matches!(fields.as_slice(), [state, _ppid, pgrp, ..]
            if *state != "Z" && *state != "X" && pgrp.parse() == Ok(group))
    })
}

/// Browser console messages, read page by page through chromedriver's log endpoint.
#[derive(Default)]
struct Console {
    errors: Vec<String>,
}

impl Console {
    async fn collect(&mut self, client: &Client, page: &str) -> Result<()> {
        // Messages are logged asynchronously: give late ones (a blocked script…) a moment.
        tokio::time::sleep(Duration::from_millis(200)).await;
        for entry in browser_log(client).await? {
            if entry["level"] != "SEVERE" {
                continue;
            }
            let message = entry["message"].as_str().unwrap_or_default();
            self.errors.push(format!("{page}: {message}"));
        }
        Ok(())
    }

    fn check(&self) -> Result<()> {
        if self.errors.is_empty() {
            return Ok(());
        }
        bail!(
            "the browser console has {} error(s):\n  {}",
            self.errors.len(),
            self.errors.join("\n  ")
        )
    }
}

/// The browser log entries since the last call (chromedriver clears them as it returns them).
async fn browser_log(client: &Client) -> Result<Vec<Value>> {
    let entries = client
        .issue_cmd(GetLog("browser"))
        .await
        .context("reading the browser console log")?;
    match entries {
        Value::Array(entries) => Ok(entries),
        other => bail!("the browser log should be a list, not {other}"),
    }
}

/// `POST /session/{id}/se/log`: chromedriver's (non-W3C) log endpoint.
#[derive(Debug)]
struct GetLog(&'static str);

impl WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

async fn screenshot(client: &Client, path: &Path) -> Result<()> {
    let png = client.screenshot().await?;
    std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("screenshot: {}", path.display());
    Ok(())
}

async fn wait_for(client: &Client, css: &str) -> Result<fantoccini::elements::Element> {
    poll(css, || async {
        match client.find(Locator::Css(css)).await {
            Ok(element) => Ok(Some(element)),
            Err(e) if e.is_no_such_element() => Ok(None),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Polls `check` until it gives a value, for at most [`WAIT`].
async fn poll<T, F, Fut>(what: &str, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check().await? {
            return Ok(value);
        }
        if Instant::now() >= deadline {
            bail!("timed out after {WAIT:?} waiting for {what}");
        }
        tokio::time::sleep(POLL).await;
    }
}
