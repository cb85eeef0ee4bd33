//! The `concord` command line: `index`, `search`, `show`, `compare`, `check`, `serve`. Parses
//! arguments with clap and prints what the library returns.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use crate::corpus::{self, ProvisionId};
use crate::search::snippet::{self, Snippet};
use crate::search::{SearchRequest, SearchResults};
use crate::views::{ArticleView, ProvisionView, TreatyView};
use crate::{Concord, Paths, index};

#[derive(Debug, Parser)]
#[command(
    name = "concord",
    version,
    about = "Search and read the international cybercrime conventions"
)]
pub struct Cli {
    /// Folder of the corpus Markdown files.
    #[arg(long, global = true, env = "CONCORD_CORPUS", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Folder where the index is kept.
    #[arg(long, global = true, env = "CONCORD_INDEX", default_value = "index")]
    pub index: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// (Re)build the search index from the corpus.
    Index,
    /// Search the treaties: ranked articles with their best paragraph.
    Search {
        /// Words, "a phrase", treaty:ID, chapter:WORD, keywords:WORD, AND/OR/NOT, or a citation
        /// ("budapest 2").
        query: Vec<String>,
        /// Only this treaty (an id or alias: uncc, budapest, budapest-p1, malabo, un, au …).
        #[arg(long)]
        treaty: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON: {"query", "total", "hits": [...]}.
        #[arg(long)]
        json: bool,
    },
    /// Serve the web pages and JSON API (building the index first if it is missing or stale).
    Serve {
        /// Address to listen on; 127.0.0.1 keeps it on this machine.
        #[arg(long, env = "CONCORD_ADDR", default_value = "127.0.0.1:3000")]
        addr: std::net::SocketAddr,
        /// Public URL of the site, for the full links in cite boxes (default: from the request).
        #[arg(long, env = "CONCORD_BASE_URL")]
        base_url: Option<String>,
    },
    /// Compare two or three provisions: aligned paragraphs, wording only one has marked.
    Compare {
        /// Provision ids: budapest:2 uncc:7 malabo:29(1)(a)
        ids: Vec<String>,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
    /// Check the corpus: parse every file, resolve every cross-reference, concordance entry and
    /// subject index entry.
    Check,
    /// Show a treaty (budapest), an article (budapest:2) or a provision (malabo:29(1)(a)).
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

/// A failure to report as one line, with the exit code to use.
#[derive(Debug)]
struct Failure(String, u8);

pub fn run(cli: Cli) -> ExitCode {
    let paths = Paths {
        corpus: cli.corpus.clone(),
        index: cli.index.clone(),
    };
    let result = match cli.command {
        Command::Index => index_command(&paths),
        Command::Search {
            query,
            treaty,
            limit,
            json,
        } => search_command(&paths, &query.join(" "), treaty, limit, json),
        Command::Show { id, json } => show_command(&paths, &id, json),
        Command::Serve { addr, base_url } => serve_command(&paths, addr, base_url),
        Command::Compare { ids, json, csv } => compare_command(&paths, &ids, json, csv),
        Command::Check => check_command(&paths),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A reader that stops early (`| head`) is not an error.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            if let Some(Failure(message, code)) = e.downcast_ref::<Failure>() {
                eprintln!("concord: {message}");
                return ExitCode::from(*code);
            }
            eprintln!("concord: {e:#}");
            ExitCode::FAILURE
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

fn usage(message: impl Into<String>) -> anyhow::Error {
    Failure(message.into(), 2).into()
}

fn index_command(paths: &Paths) -> Result<()> {
    let start = Instant::now();
    let corpus = corpus::load(&paths.corpus)?;
    let parsed = start.elapsed();
    let report = index::build(&corpus, &paths.index)
        .with_context(|| format!("building the index in {}", paths.index.display()))?;
    for t in &corpus.treaties {
        println!(
            "{:<12} {:>3} articles  {}",
            t.meta.id,
            t.articles.len(),
            t.meta.short_title
        );
    }
    println!(
        "indexed {} documents in {:.0?} (corpus read in {:.0?}, index written in {:.0?}) into {}",
        report.documents,
        start.elapsed(),
        parsed,
        report.elapsed,
        report.path.display()
    );
    Ok(())
}

fn open(paths: &Paths) -> Result<Concord> {
    let concord = Concord::open(paths)?;
    if let Some((report, why)) = &concord.built {
        eprintln!(
            "concord: built the index ({why}): {} documents in {:.0?}",
            report.documents, report.elapsed
        );
    }
    Ok(concord)
}

fn search_command(
    paths: &Paths,
    query: &str,
    treaties: Vec<String>,
    limit: usize,
    json: bool,
) -> Result<()> {
    let concord = open(paths)?;
    let request = SearchRequest {
        query: query.to_string(),
        treaties,
        limit,
        ..Default::default()
    };
    let results = concord
        .engine
        .search(&request)
        .map_err(|e| usage(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    if json {
        #[derive(serde::Serialize)]
        struct Shape<'a> {
            query: &'a str,
            total: usize,
            hits: &'a [crate::search::Hit],
        }
        let shape = Shape {
            query: &results.query,
            total: results.total,
            hits: &results.hits,
        };
        serde_json::to_writer_pretty(&mut out, &shape)?;
        writeln!(out)?;
        return Ok(());
    }
    print_results(&mut out, &concord, &results, colour())?;
    Ok(())
}

fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn print_results(
    out: &mut impl Write,
    concord: &Concord,
    r: &SearchResults,
    colour: bool,
) -> Result<()> {
    let (bold, mark, dim, reset) = if colour {
        ("\x1b[1m", "\x1b[1;33m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    if let Some(c) = &r.citation {
        writeln!(out, "{bold}{}{reset}  →  {}", c.citation, c.url)?;
    }
    for w in &r.warnings {
        writeln!(out, "{dim}note: {w}{reset}")?;
    }
    if let Some(fix) = &r.did_you_mean {
        writeln!(out, "did you mean: {bold}{fix}{reset}")?;
    }
    writeln!(
        out,
        "{} result{} for {:?} ({:.1} ms)\n",
        r.total,
        if r.total == 1 { "" } else { "s" },
        r.query,
        r.took.as_secs_f64() * 1e3
    )?;
    for (i, hit) in r.hits.iter().enumerate() {
        let treaty = concord
            .corpus
            .treaty(&hit.treaty)
            .map_or(hit.treaty.as_str(), |t| t.meta.short_title.as_str());
        let article = if hit.article.is_empty() || hit.article == "preamble" {
            hit.title.clone()
        } else {
            format!("art. {} – {}", hit.article, hit.title)
        };
        writeln!(
            out,
            "{:>3}. {bold}{}{reset}  {treaty}, {article}  {dim}score {:.2}{reset}",
            i + 1,
            hit.id,
            hit.score
        )?;
        let s = Snippet {
            paragraph: hit.paragraph.clone(),
            text: hit.snippet.clone(),
            highlights: hit.highlights.clone(),
        };
        writeln!(
            out,
            "     {}",
            snippet::render(&s, mark, reset, str::to_string)
        )?;
        if !hit.subjects.is_empty() {
            writeln!(
                out,
                "     {dim}indexed under: {}{reset}",
                hit.subjects.join("; ")
            )?;
        }
        if let Some(asked) = &hit.asked {
            writeln!(
                out,
                "     {dim}judged to answer a question like it: {asked}{reset}"
            )?;
        }
        writeln!(out, "     {dim}{}{reset}\n", hit.url)?;
    }
    Ok(())
}

fn compare_command(paths: &Paths, ids: &[String], json: bool, csv: bool) -> Result<()> {
    let corpus = corpus::load(&paths.corpus)?;
    let thesaurus = crate::search::Thesaurus::load(&paths.thesaurus())?;
    let c = crate::compare::compare(&corpus, &thesaurus, ids).map_err(|e| usage(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &c)?;
        writeln!(out)?;
        return Ok(());
    }
    if csv {
        write!(out, "{}", c.to_csv())?;
        return Ok(());
    }
    let (mark, reset) = if colour() {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for column in &c.columns {
        writeln!(out, "── {} ({})", column.citation, column.title)?;
        for p in &column.paragraphs {
            let line: String = p
                .words
                .iter()
                .map(|w| {
                    if w.mark == "only" {
                        format!("{mark}{}{reset}", w.text)
                    } else {
                        w.text.clone()
                    }
                })
                .collect();
            writeln!(out, "   {line}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{mark}marked{reset}: wording only that provision has")?;
    Ok(())
}

fn check_command(paths: &Paths) -> Result<()> {
    let corpus = corpus::load(&paths.corpus)?;
    let xrefs = crate::xref::CrossReferences::build(&corpus);
    let total = xrefs.all().len();
    let external: Vec<_> = xrefs.all().iter().filter(|r| r.is_external()).collect();
    let unresolved = xrefs.unresolved();
    for t in &corpus.treaties {
        println!(
            "{:<12} {:>3} articles, {} divisions",
            t.meta.id,
            t.articles.len(),
            t.divisions.len()
        );
    }
    println!(
        "{} concordance rows on {} topics; every provision they name exists",
        corpus.concordance.rows.len(),
        corpus.concordance.topics.len()
    );
    let (documents, keywords) = corpus.keywords.counts();
    println!("{keywords} keywords in the subject index, for {documents} articles and preambles");
    let thesaurus = crate::search::Thesaurus::load(&paths.thesaurus())?;
    thesaurus.check(&corpus, &paths.thesaurus())?;
    println!(
        "{} thesaurus concepts; every definition they name exists",
        thesaurus.concepts().len()
    );
    let questions = crate::search::Questions::load(&paths.questions())?;
    questions.check(&corpus, &paths.questions())?;
    println!(
        "{} questions asked before; every answer they give is an article or preamble",
        questions.all().len()
    );
    println!(
        "{total} cross-references: {} to other instruments, {} unresolved",
        external.len(),
        unresolved.len()
    );
    for r in &external {
        println!(
            "  other instrument  {}:{}  {:?}",
            r.location.treaty, r.location.eid, r.text
        );
    }
    for r in &unresolved {
        let reasons: Vec<String> = r
            .targets
            .iter()
            .filter_map(|t| match t {
                crate::xref::Target::Unresolved { cited, reason } => {
                    Some(format!("{cited}: {reason}"))
                }
                _ => None,
            })
            .collect();
        println!(
            "  UNRESOLVED  {}:{}  {:?}  {}",
            r.location.treaty,
            r.location.eid,
            r.text,
            reasons.join("; ")
        );
    }
    if unresolved.is_empty() {
        Ok(())
    } else {
        Err(Failure(
            format!(
                "{} cross-reference(s) could not be resolved",
                unresolved.len()
            ),
            1,
        )
        .into())
    }
}

fn serve_command(
    paths: &Paths,
    addr: std::net::SocketAddr,
    base_url: Option<String>,
) -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "concord=info,tower_http=info".into()),
        )
        .init();
    let start = Instant::now();
    let concord = Concord::open(paths)?;
    match &concord.built {
        Some((report, why)) => tracing::info!(
            "built the index ({why}): {} documents in {:.0?}",
            report.documents,
            report.elapsed
        ),
        None => tracing::info!("opened the index in {}", paths.index.display()),
    }
    tracing::info!("ready in {:.0?}", start.elapsed());
    let mut state = crate::web::AppState::new(concord);
    state.base_url = base_url;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(crate::web::BLOCKING_THREADS)
        .build()
        .context("starting the async runtime")?;
    runtime
        .block_on(crate::web::serve(state, paths.clone(), addr))
        .with_context(|| format!("serving on {addr}"))
}

fn show_command(paths: &Paths, id: &str, json: bool) -> Result<()> {
    let corpus = corpus::load(&paths.corpus)?;
    let provision = ProvisionId::parse(id).map_err(|e| usage(e.to_string()))?;
    let resolved = provision
        .resolve(&corpus)
        .map_err(|e| usage(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    match (resolved.article, resolved.block) {
        (None, _) if resolved.preamble => {
            let recitals: Vec<&str> = resolved
                .treaty
                .preamble
                .iter()
                .map(|b| b.text.as_str())
                .collect();
            if json {
                let view = serde_json::json!({ "id": resolved.canonical(), "citation": resolved.citation(), "url": resolved.url(), "recitals": recitals });
                serde_json::to_writer_pretty(&mut out, &view)?;
                writeln!(out)?;
                return Ok(());
            }
            writeln!(out, "{}\n", resolved.citation())?;
            writeln!(out, "{}", recitals.join("\n\n"))?;
        }
        (None, _) => {
            let treaty = resolved.treaty;
            if json {
                serde_json::to_writer_pretty(&mut out, &TreatyView::new(treaty))?;
                writeln!(out)?;
                return Ok(());
            }
            let m = &treaty.meta;
            writeln!(out, "{}\n{}\n", m.short_title, m.title)?;
            writeln!(
                out,
                "{}; adopted {}, {}",
                m.document,
                m.adoption.date.long(),
                m.adoption.place
            )?;
            match m.entry_into_force.date {
                Some(d) => writeln!(out, "In force since {}", d.long())?,
                None => writeln!(out, "Not yet in force: {}", m.entry_into_force.rule)?,
            }
            for s in &m.status {
                writeln!(out, "{} (as of {})", s.fact, s.as_of.long())?;
            }
            writeln!(out)?;
            for (depth, entry) in treaty.contents() {
                let indent = "  ".repeat(depth + 1);
                match entry {
                    corpus::Entry::Division(d) => writeln!(out, "{indent}{}", d.heading)?,
                    corpus::Entry::Article(a) => {
                        writeln!(out, "{indent}{:>3}  {}", a.number, a.title)?
                    }
                }
            }
        }
        (Some(article), None) => {
            if json {
                serde_json::to_writer_pretty(
                    &mut out,
                    &ArticleView::new(resolved.treaty, article).with_citations(
                        &corpus,
                        &crate::xref::CrossReferences::build(&corpus),
                        resolved.treaty,
                        article,
                    ),
                )?;
                writeln!(out)?;
                return Ok(());
            }
            writeln!(out, "{}\n{}\n", article.heading, resolved.citation())?;
            writeln!(out, "{}", article.text())?;
            for note in &article.notes {
                writeln!(
                    out,
                    "\nInterpretative note ({}): {}",
                    note.heading, note.text
                )?;
            }
        }
        (Some(article), Some(block)) => {
            if json {
                serde_json::to_writer_pretty(
                    &mut out,
                    &ProvisionView::new(&resolved, article, block),
                )?;
                writeln!(out)?;
                return Ok(());
            }
            writeln!(out, "{}\n{}\n", article.heading, resolved.citation())?;
            writeln!(out, "{}", block.full_text())?;
        }
    }
    Ok(())
}
