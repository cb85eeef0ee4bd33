//! The peer: SQLite FTS5 (bundled with rusqlite) over the same documents Concord indexes —
//! one row per article and one per preamble, columns `id UNINDEXED, title, body`,
//! `tokenize='porter unicode61'`, ranked by `bm25(fts, 0, 3.0, 1.0)` (title weighs 3, body 1,
//! as Concord's title boost), top 10 with one `snippet()` per hit.
//!
//! Queries: FTS5's own syntax rejects many typed queries (`art. 9(2)`, `24/7`, `e-evidence`,
//! `someone's`), so every character that is not a letter or digit becomes a space, each
//! remaining word is wrapped in double quotes (so `AND`/`OR`/`NOT`/`NEAR` are words, not
//! operators) and the words are joined with `OR`. No stopword removal, no thesaurus, no typo
//! correction, no treaty filters: FTS5 as it comes.

use std::path::Path;

use concord::corpus::Corpus;
use rusqlite::{Connection, params};

/// One document: `treaty:N` or `treaty:preamble`, its title and its full text.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub body: String,
}

/// The documents Concord's index holds, as text (the preamble's recitals joined by blank lines,
/// each article's `text()`).
pub fn rows(corpus: &Corpus) -> Vec<Row> {
    let mut rows = Vec::new();
    for treaty in &corpus.treaties {
        let id = &treaty.meta.id;
        if !treaty.preamble.is_empty() {
            let text: Vec<&str> = treaty.preamble.iter().map(|b| b.text.as_str()).collect();
            rows.push(Row {
                id: format!("{id}:preamble"),
                title: "Preamble".into(),
                body: text.join("\n\n"),
            });
        }
        for article in &treaty.articles {
            rows.push(Row {
                id: format!("{id}:{}", article.number),
                title: article.title.clone(),
                body: article.text(),
            });
        }
    }
    rows
}

pub struct Fts5 {
    pub conn: Connection,
}

const CREATE: &str =
    "CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')";

/// The search: top 10 by weighted BM25, with a snippet of the body (at most 48 tokens, about
/// Concord's 320 characters) around the matches.
const SEARCH: &str = "SELECT id, snippet(fts, 2, '<mark>', '</mark>', '…', 48) FROM fts \
     WHERE fts MATCH ?1 ORDER BY bm25(fts, 0.0, 3.0, 1.0) LIMIT 10";

impl Fts5 {
    /// Builds the table in memory: create, then every row in one transaction.
    pub fn in_memory(rows: &[Row]) -> rusqlite::Result<Fts5> {
        Self::build(Connection::open_in_memory()?, rows)
    }

    /// Builds the table in a database file (SQLite's defaults: rollback journal,
    /// synchronous=FULL).
    pub fn in_file(path: &Path, rows: &[Row]) -> rusqlite::Result<Fts5> {
        Self::build(Connection::open(path)?, rows)
    }

    fn build(mut conn: Connection, rows: &[Row]) -> rusqlite::Result<Fts5> {
        conn.execute(CREATE, [])?;
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare("INSERT INTO fts (id, title, body) VALUES (?1, ?2, ?3)")?;
            for row in rows {
                insert.execute(params![row.id, row.title, row.body])?;
            }
        }
        tx.commit()?;
        Ok(Fts5 { conn })
    }

    /// Bytes the database takes (page count × page size).
    pub fn size(&self) -> u64 {
        let pages: i64 = self
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap_or(0);
        let size: i64 = self
            .conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap_or(0);
        (pages * size) as u64
    }

    /// The top 10 ids with their snippets; nothing for a query with no words.
    pub fn search(&self, query: &str) -> Vec<(String, String)> {
        let Some(matched) = match_expression(query) else {
            return Vec::new();
        };
        let mut statement = self
            .conn
            .prepare_cached(SEARCH)
            .expect("the search statement prepares");
        let rows = statement
            .query_map([matched], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("the search runs");
        rows.map(|r| r.expect("a result row")).collect()
    }
}

/// `can police order a provider to keep data?` → `"can" OR "police" OR … OR "data"`.
pub fn match_expression(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" OR "))
    }
}
