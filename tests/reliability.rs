//! Faults lose nothing: a missing, stale or corrupted index is rebuilt; a corpus error at
//! reload leaves the last good index serving; the index replaced under load fails no request;
//! SIGTERM lets the server finish and exit, after the requests in flight and for a bounded
//! time; running out of file descriptors does not stop the server.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use concord::web::{AppState, Live, ServeOptions, app, serve_connections};
use concord::{Concord, Paths};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A private copy of the corpus and an empty index folder, so tests can break them.
fn sandbox() -> (tempfile::TempDir, Paths) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(concord::default_corpus_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
        }
    }
    let paths = Paths {
        corpus,
        index: dir.path().join("index"),
    };
    (dir, paths)
}

fn current_generation(index: &Path) -> PathBuf {
    index.join(
        std::fs::read_to_string(index.join("CURRENT"))
            .unwrap()
            .trim(),
    )
}

fn reason(c: &Concord) -> String {
    c.built
        .as_ref()
        .map(|(_, why)| why.clone())
        .unwrap_or_default()
}

#[test]
fn a_missing_index_is_built_and_a_fresh_one_reused() {
    let (_dir, paths) = sandbox();
    let first = Concord::open(&paths).unwrap();
    assert_eq!(reason(&first), "no index yet");
    let second = Concord::open(&paths).unwrap();
    assert!(
        second.built.is_none(),
        "a fresh index is opened, not rebuilt"
    );
}

#[test]
fn a_changed_corpus_makes_the_index_stale() {
    let (_dir, paths) = sandbox();
    Concord::open(&paths).unwrap();
    let file = paths.corpus.join("budapest.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Illegal access", "Illegal  access")).unwrap();
    let reopened = Concord::open(&paths).unwrap();
    assert_eq!(reason(&reopened), "the corpus changed since it was built");
}

#[test]
fn changed_keywords_make_the_index_stale() {
    // The subject index is indexed with the articles, so editing it calls for a rebuild; the
    // thesaurus and the concordance are read at query time and do not.
    let (_dir, paths) = sandbox();
    Concord::open(&paths).unwrap();
    let file = paths.corpus.join("keywords.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen("keywords = [", "keywords = [\"zyxwvut\", ", 1);
    assert_ne!(edited, text);
    std::fs::write(&file, edited).unwrap();
    let reopened = Concord::open(&paths).unwrap();
    assert_eq!(reason(&reopened), "the corpus changed since it was built");
    let first = reopened
        .engine
        .search(&concord::search::SearchRequest::new("zyxwvut"))
        .unwrap();
    assert_eq!(
        first.hits.first().map(|h| h.id.as_str()),
        Some("uncc:preamble")
    );
    let thesaurus = paths.corpus.join("thesaurus.toml");
    let text = std::fs::read_to_string(&thesaurus).unwrap();
    std::fs::write(&thesaurus, format!("{text}\n")).unwrap();
    assert!(Concord::open(&paths).unwrap().built.is_none());
}

#[test]
fn corrupted_index_files_are_detected_and_rebuilt() {
    let (_dir, paths) = sandbox();
    for damage in ["truncate", "garble", "remove meta", "bad pointer"] {
        Concord::open(&paths).unwrap();
        let generation = current_generation(&paths.index);
        match damage {
            "truncate" | "garble" => {
                // Damage every segment file tantivy wrote.
                for entry in std::fs::read_dir(&generation).unwrap() {
                    let path = entry.unwrap().path();
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    if name.ends_with(".json") || name.starts_with('.') {
                        continue;
                    }
                    let bytes = std::fs::read(&path).unwrap();
                    let damaged = if damage == "truncate" {
                        bytes[..bytes.len() / 3].to_vec()
                    } else {
                        bytes
                            .iter()
                            .enumerate()
                            .map(|(i, b)| if i % 7 == 3 { b ^ 0x5a } else { *b })
                            .collect()
                    };
                    std::fs::write(&path, damaged).unwrap();
                }
            }
            "remove meta" => std::fs::remove_file(generation.join("meta.json")).unwrap(),
            _ => std::fs::write(paths.index.join("CURRENT"), "gen-does-not-exist").unwrap(),
        }
        let reopened = Concord::open(&paths).unwrap_or_else(|e| panic!("{damage}: {e}"));
        assert!(
            reopened.built.is_some(),
            "{damage}: the damaged index was used"
        );
        assert!(!reason(&reopened).is_empty(), "{damage}: a reason is given");
        // And it answers.
        let hits = reopened
            .engine
            .search(&concord::search::SearchRequest::new("illegal access"))
            .unwrap();
        assert!(hits.total > 0, "{damage}");
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Sends a GET over a fresh connection and returns the status code.
async fn get(addr: std::net::SocketAddr, path: &str) -> std::io::Result<u16> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let head = String::from_utf8_lossy(&response[..response.len().min(20)]).into_owned();
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {head:?}")))
}

/// Kills the child process when the test ends, pass or fail.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `concord serve` over `paths` on a free loopback port, its log (standard output) to
/// `log` if given, and waits until it answers.
fn concord_serve(paths: &Paths, log: Option<&Path>) -> (Child, std::net::SocketAddr) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
            .args([
                "--corpus",
                paths.corpus.to_str().unwrap(),
                "--index",
                paths.index.to_str().unwrap(),
            ])
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("NO_COLOR", "1")
            .stdout(match log {
                Some(log) => std::fs::File::create(log).unwrap().into(),
                None => std::process::Stdio::null(),
            })
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    assert!(
        answers_within(addr, Duration::from_secs(20)),
        "the server did not come up"
    );
    (child, addr)
}

/// Whether `/healthz` answers 200 within `limit`, asking every 50 ms.
fn answers_within(addr: std::net::SocketAddr, limit: Duration) -> bool {
    runtime().block_on(async {
        let started = Instant::now();
        while started.elapsed() < limit {
            if get(addr, "/healthz").await.ok() == Some(200) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    })
}

#[test]
fn a_corpus_error_at_reload_keeps_the_last_good_index_serving() {
    let (_dir, paths) = sandbox();
    let live = Live::new(AppState::new(Concord::open(&paths).unwrap()));
    let file = paths.corpus.join("malabo.md");
    std::fs::write(
        &file,
        std::fs::read_to_string(&file).unwrap().replace(
            "#### Article 2: Scope of application of electronic commerce",
            "#### Article 2",
        ),
    )
    .unwrap();
    runtime().block_on(async {
        live.reload(paths.clone()).await;
        let error = live.reload_error().expect("the reload failed");
        assert!(
            error.contains("malabo.md:") && error.contains("has no title"),
            "{error}"
        );
        let state = live.current();
        assert_eq!(
            state.concord.corpus.treaties.len(),
            4,
            "the last good corpus still serves"
        );
        let r = state
            .concord
            .engine
            .search(&concord::search::SearchRequest::new("electronic commerce"))
            .unwrap();
        assert!(r.hits.iter().any(|h| h.treaty == "malabo"));
        // The status endpoint reports it.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(serve_connections(
            listener,
            app(live.clone()),
            ServeOptions::default(),
            std::future::pending(),
        ));
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut body = String::new();
        stream.read_to_string(&mut body).await.unwrap();
        assert!(body.contains("has no title"), "{body}");
        server.abort();
    });
}

#[test]
fn the_index_replaced_under_load_fails_no_request() {
    let (_dir, paths) = sandbox();
    let live = Live::new(AppState::new(Concord::open(&paths).unwrap()));
    let rt = runtime();
    let (ok, failed, reloads) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(serve_connections(
            listener,
            app(live.clone()),
            ServeOptions::default(),
            std::future::pending(),
        ));
        let ok = Arc::new(AtomicUsize::new(0));
        let failed = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let mut clients = Vec::new();
        for c in 0..8 {
            let (ok, failed, done) = (ok.clone(), failed.clone(), done.clone());
            clients.push(tokio::spawn(async move {
                let paths = [
                    "/api/v1/search?q=illegal+access",
                    "/search?q=interception",
                    "/budapest",
                    "/api/v1/articles/uncc/7",
                ];
                let mut i = c;
                while !done.load(Ordering::Relaxed) {
                    match get(addr, paths[i % paths.len()]).await {
                        Ok(200) => ok.fetch_add(1, Ordering::Relaxed),
                        _ => failed.fetch_add(1, Ordering::Relaxed),
                    };
                    i += 1;
                }
            }));
        }
        // Meanwhile: rebuild the index from "another process" and reload, again and again.
        let mut reloads = 0;
        tokio::time::sleep(Duration::from_millis(300)).await;
        for _ in 0..3 {
            let corpus = concord::corpus::load(&paths.corpus).unwrap();
            let index = paths.index.clone();
            tokio::task::spawn_blocking(move || concord::index::build(&corpus, &index).unwrap())
                .await
                .unwrap();
            live.reload(paths.clone()).await;
            assert!(live.reload_error().is_none());
            reloads += 1;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        done.store(true, Ordering::Relaxed);
        for c in clients {
            c.await.unwrap();
        }
        server.abort();
        (
            ok.load(Ordering::Relaxed),
            failed.load(Ordering::Relaxed),
            reloads,
        )
    });
    println!(
        "{ok} requests answered, {failed} failed, during {reloads} index rebuilds and reloads"
    );
    assert!(ok > 20, "only {ok} requests");
    assert_eq!(failed, 0);
}

#[test]
fn sigterm_lets_the_server_finish_and_exit() {
    let (_dir, paths) = sandbox();
    Concord::open(&paths).unwrap();
    let (mut child, _) = concord_serve(&paths, None);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");
}

/// A server with one route that takes `delay` to answer, shut down by the sender returned.
async fn slow_server(
    delay: Duration,
    drain_timeout: Duration,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let app = axum::Router::new()
        .route(
            "/slow",
            axum::routing::get(move || async move {
                tokio::time::sleep(delay).await;
                "finished"
            }),
        )
        .route("/quick", axum::routing::get(|| async { "quick" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let options = ServeOptions {
        drain_timeout,
        ..ServeOptions::default()
    };
    let server = tokio::spawn(serve_connections(listener, app, options, async {
        let _ = stopped.await;
    }));
    (addr, stop, server)
}

/// Sends `GET path` on `stream` (kept alive) and reads one response to its end.
async fn exchange(stream: &mut tokio::net::TcpStream, path: &str) -> std::io::Result<String> {
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
        .await?;
    let mut response = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&response);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok());
            if length.is_some_and(|length| body.len() >= length) {
                break;
            }
        }
    }
    Ok(String::from_utf8_lossy(&response).into_owned())
}

/// At shutdown the listener closes, idle kept-alive connections close at once, and the server
/// returns when the request in flight has been answered.
#[test]
fn shutdown_finishes_the_requests_in_flight_and_closes_idle_connections() {
    runtime().block_on(async {
        let (addr, stop, server) =
            slow_server(Duration::from_millis(1500), Duration::from_secs(30)).await;
        // An idle kept-alive connection, and a request in flight on another.
        let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
        assert!(
            exchange(&mut idle, "/quick")
                .await
                .unwrap()
                .ends_with("quick")
        );
        let in_flight = tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            exchange(&mut stream, "/slow").await
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let stopping = Instant::now();
        stop.send(()).unwrap();
        // The idle connection is closed at once, not after the drain.
        let mut buf = [0u8; 64];
        let n = tokio::time::timeout(Duration::from_secs(1), idle.read(&mut buf))
            .await
            .expect("the idle connection is closed within a second")
            .unwrap_or(0);
        assert_eq!(n, 0, "the idle connection got {:?}", &buf[..n]);
        // No new connections.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "the listener is still open during the drain"
        );
        // The server returns once the request in flight is answered (about 1.2 s from here),
        // not before and not at the drain limit.
        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .expect("the server returns once the request in flight is answered")
            .unwrap();
        let took = stopping.elapsed();
        assert!(
            took >= Duration::from_millis(1000),
            "the server returned {took:?} after the shutdown began, before the request in flight was answered"
        );
        let answer = in_flight.await.unwrap().unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("finished"), "{answer}");
    });
}

/// A request that never finishes does not keep the server from exiting: it returns at the
/// drain limit (`DRAIN_TIMEOUT`, 30 s in `concord serve`).
#[test]
fn the_drain_at_shutdown_is_bounded() {
    runtime().block_on(async {
        let drain = Duration::from_secs(1);
        let (addr, stop, server) = slow_server(Duration::from_secs(60), drain).await;
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let stopping = Instant::now();
        stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), server)
            .await
            .expect("the server returns at the drain limit")
            .unwrap();
        let took = stopping.elapsed();
        assert!(
            took >= drain && took < drain + Duration::from_secs(3),
            "returned {took:?} after the shutdown began, the limit being {drain:?}"
        );
    });
}

/// With its file descriptors used up, the server cannot accept; it logs that, waits and tries
/// again, and answers once connections close, rather than stopping. The limit is lowered on the
/// running server with `prlimit` (util-linux).
#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let (dir, paths) = sandbox();
    Concord::open(&paths).unwrap();
    let log = dir.path().join("server.log");
    let (child, addr) = concord_serve(&paths, Some(&log));
    let pid = child.0.id();
    // Room for four more descriptors than the server has open now.
    let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    let limit = open + 4;
    let prlimit = std::process::Command::new("prlimit")
        .args([
            "--pid",
            &pid.to_string(),
            &format!("--nofile={limit}:{limit}"),
        ])
        .status()
        .expect("prlimit (util-linux) runs");
    assert!(prlimit.success(), "prlimit failed");
    // Hold more connections than that, long enough for accept to fail and be retried.
    let held: Vec<std::net::TcpStream> = (0..12)
        .map(|_| std::net::TcpStream::connect(addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(2500));
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("accepting a connection failed"),
        "the failed accept is not logged: {logged}"
    );
    drop(held);
    assert!(
        answers_within(addr, Duration::from_secs(10)),
        "the server does not answer once descriptors are free again"
    );
    drop(child);
}

/// Under 64 clients searching at once, `concord serve` keeps to its threads: the runtime's
/// workers, `BLOCKING_THREADS` for the searches and a reload, and the main and tantivy threads.
/// Left to itself tokio's blocking pool grew past 30 threads on a busy machine, and the
/// memory with it.
#[cfg(target_os = "linux")]
#[test]
fn searches_under_load_keep_to_a_bounded_number_of_threads() {
    let (_dir, paths) = sandbox();
    Concord::open(&paths).unwrap();
    let (child, addr) = concord_serve(&paths, None);
    let status = format!("/proc/{}/status", child.0.id());
    let threads = || {
        std::fs::read_to_string(&status)
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .expect("a thread count")
    };
    let (answered, most) = runtime().block_on(async {
        let answered = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let mut clients = Vec::new();
        for c in 0..64 {
            let (answered, done) = (answered.clone(), done.clone());
            clients.push(tokio::spawn(async move {
                let queries = [
                    "illegal+access",
                    "interception",
                    "child+sexual",
                    "extradition",
                ];
                let mut i = c;
                while !done.load(Ordering::Relaxed) {
                    let path = format!("/api/v1/search?q={}", queries[i % queries.len()]);
                    if get(addr, &path).await.ok() == Some(200) {
                        answered.fetch_add(1, Ordering::Relaxed);
                    }
                    i += 1;
                }
            }));
        }
        let mut most = 0;
        let load = Instant::now();
        while load.elapsed() < Duration::from_secs(4) {
            most = most.max(threads());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        done.store(true, Ordering::Relaxed);
        for c in clients {
            c.await.unwrap();
        }
        (answered.load(Ordering::Relaxed), most)
    });
    let workers = std::thread::available_parallelism().unwrap().get();
    let bound = concord::web::BLOCKING_THREADS + workers + 2;
    println!("{answered} searches answered; at most {most} threads (bound {bound})");
    assert!(answered > 32, "only {answered} searches answered");
    assert!(most <= bound, "{most} threads, more than {bound}");
    drop(child);
}
