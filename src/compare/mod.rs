//! Comparison across the frameworks: provisions similar by their texts, and side-by-side
//! views of two or three provisions with shared and differing wording marked.

pub mod side_by_side;
pub mod similar;

pub use side_by_side::{CompareError, Comparison, compare};
pub use similar::{Method, Similar, SimilarIndex};
