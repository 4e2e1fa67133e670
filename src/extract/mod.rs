//! The per-document extraction stages, in pipeline order:
//!
//! ```text
//! segment -> syntax (tags, lemmas, trees) -> entities (mentions) -> resolve (who is who) -> relations (facts)
//! ```
//!
//! Each stage is a pure function over the previous stage's plain data; none
//! does I/O or fails on odd text.

pub mod entities;
pub mod name_context;
pub mod ner;
pub mod posts;
pub mod relations;
pub mod resolve;
pub mod segment;
pub mod syntax;
