//! Concord: a knowledge base of the international cybercrime conventions.
//!
//! Data flows one way: `corpus` reads the Markdown treaties into a typed model, `index` writes
//! them into a tantivy index, `search` answers queries from it, `cli` drives all of it.

pub mod corpus;
