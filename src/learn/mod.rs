//! Learning for the syntax and entity stages: an averaged perceptron over
//! hashed sparse features, the fast linear learner behind greedy taggers,
//! transition parsers and sequence labellers.
//!
//! - [`hash`]: stable 64-bit feature keys (the same bytes on every machine
//!   and crate version, so a saved model keeps its meaning).
//! - [`Perceptron`]: training (updates, averaging) and [`Perceptron::freeze`].
//! - [`Weights`]: the frozen, pruned and quantised model used at run time,
//!   with its binary form ([`Weights::write`], [`Weights::read`]).
//! - [`io`]: the little-endian reader and writer that model files share.
//!
//! Everything here is deterministic: the same updates in the same order give
//! the same bytes.

pub mod exchange;
pub mod hash;
pub mod io;
mod perceptron;
mod weights;

pub use perceptron::{argmax, Perceptron};
pub use weights::Weights;

/// What can go wrong reading a model file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("model file is truncated (needed {needed} more bytes at offset {offset})")]
    Truncated { offset: usize, needed: usize },
    #[error("not a newsgraph model: expected magic `{expected}`")]
    BadMagic { expected: String },
    #[error("unsupported model version {found} (this build reads version {supported})")]
    Version { found: u32, supported: u32 },
    #[error("corrupt model: {0}")]
    Corrupt(String),
}
