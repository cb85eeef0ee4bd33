//! Faults lose nothing: a missing, stale or corrupted index is rebuilt; a corpus error at
//! reload leaves the last good index serving; the index replaced under load fails no request;
//! SIGTERM lets the server finish and exit.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use concord::web::{AppState, Live, app};
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
        let server = tokio::spawn(axum::serve(listener, app(live.clone())).into_future());
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
        let server = tokio::spawn(axum::serve(listener, app(live.clone())).into_future());
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
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args([
            "--corpus",
            paths.corpus.to_str().unwrap(),
            "--index",
            paths.index.to_str().unwrap(),
        ])
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let rt = runtime();
    let started = Instant::now();
    let up = rt.block_on(async {
        while started.elapsed() < Duration::from_secs(20) {
            if get(addr, "/healthz").await.ok() == Some(200) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    });
    assert!(up, "the server did not come up");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
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
