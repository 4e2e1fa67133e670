//! Scoring a graph against a hand-made gold graph (`newsgraph eval`).
//!
//! The semantics are those of the project's reference scorer `kg-score`
//! (described in `docs/ANNOTATION.md`), figure for figure and line for
//! line: [`gold`] reads and checks a gold file, [`predicted`] is the part of
//! a graph the scorer reads, [`score`] compares them, and [`report`] writes
//! the result as `kg-score` prints it (text, `-v` listings, or JSON).
//! Nothing here reads files or prints.
//!
//! ```
//! use newsgraph::eval::{gold, predicted, report, score};
//!
//! let gold = gold::parse(r#"{"entities": [
//!     {"id": "freedonia", "label": "Freedonia", "type": "state", "required": true}],
//!     "edges": []}"#).unwrap();
//! let graph = predicted::from_json(r#"{"nodes": [
//!     {"id": "freedonia", "label": "Freedonia", "type": "state", "aliases": [], "mentions": 2}],
//!     "edges": []}"#).unwrap();
//! let scores = score::score(&gold, &graph);
//! assert_eq!(scores.entity_f1, 1.0);
//! assert!(report::text(&scores, false).ends_with(
//!     "summary: entity F1 1.00 typed 1.00 | relation F1 0.00 | certainty 0.00 | evidence recall 0.00\n"));
//! ```

pub mod gold;
pub mod predicted;
pub mod report;
pub mod score;

pub use gold::Gold;
pub use predicted::Predicted;
pub use score::{score, Scores};

/// What is wrong with a gold file or a graph, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if .field.is_empty() { String::new() } else { format!("{}: ", .field) })]
pub struct FieldError {
    /// The path of the field at fault (`edges[3].source`); empty when the
    /// fault is not in one field.
    pub field: String,
    pub message: String,
}

/// Deserialises JSON text, naming the field at fault on error.
fn from_json_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, FieldError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        let message = if inner.is_syntax() || inner.is_eof() {
            format!("not JSON: {inner}")
        } else {
            inner.to_string()
        };
        FieldError {
            field: if field == "." { String::new() } else { field },
            message,
        }
    })
}
