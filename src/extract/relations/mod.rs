//! The relation pass: typed, directed facts between resolved actors.
//!
//! - [`tree`]: relations read off the dependency tree, by the frames of
//!   `lexicon/frames.tsv`: arguments by grammatical function, certainty by
//!   what governs the trigger, speakers by the speech verb above it.
//! - `window`: the older token-window patterns of `lexicon/relations.tsv`,
//!   affiliations from titles and `part_of` facts from the lexicon.

pub mod tree;
mod window;

pub use window::extract;
