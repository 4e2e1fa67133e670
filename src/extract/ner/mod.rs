//! The learned entity recogniser: finds the names of people, organisations,
//! places and other named things (`Misc`) that no lexicon lists.
//!
//! A greedy left-to-right labeller over BILOU tags (begin, inside, last,
//! unit, outside) scored by an averaged perceptron ([`crate::learn`]). Each
//! token is read with its word, shape, affixes and neighbours, its position
//! (sentence start, headline), what the lexicon says of it and of its
//! neighbours (a known state, institution or person; a title, an honorific,
//! a given name, an organisation word, a speech verb), how the document
//! writes the same word elsewhere, and the labels already given to that word
//! earlier in the document. The tags it has just given are features of the
//! next decision, so one pass reads a sentence: see `decode.rs` for why
//! greedy beat Viterbi here.
//!
//! - [`recognise`] / [`Recogniser::recognise`]: a segmented document in,
//!   [`NameSpan`]s out. Pure, never fails, linear in the tokens.
//! - [`builtin`]: the model shipped in `models/ner.bin`, read once.
//! - [`train`]: the trainer behind `newsgraph train ner`; [`data`] reads
//!   CoNLL-style and CoNLL-U (GUM) annotated text into the project's own
//!   tokens, so training and run time see the same kind of token.
//!
//! This module decides which spans are names and of what kind; turning them
//! into graph actors (and letting the lexicon overrule them) belongs to the
//! entity pass.

pub mod data;
mod decode;
mod features;
pub mod train;

use std::sync::OnceLock;

use crate::learn::io::{Reader, Writer};
use crate::learn::{ModelError, Weights};
use crate::lexicon::Lexicon;
use crate::model::Segmented;

pub use features::Prepared;

/// What kind of thing a name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Per,
    Org,
    Loc,
    Misc,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Per, Kind::Org, Kind::Loc, Kind::Misc];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Per => "PER",
            Kind::Org => "ORG",
            Kind::Loc => "LOC",
            Kind::Misc => "MISC",
        }
    }

    /// `PER`, `ORG`, `LOC`, `MISC` (also `PERSON`, `ORGANIZATION`, `LOCATION`).
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "PER" | "PERSON" => Some(Kind::Per),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(Kind::Org),
            "LOC" | "LOCATION" | "GPE" => Some(Kind::Loc),
            "MISC" => Some(Kind::Misc),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A name found in a document: tokens `start..end` of its token list.
#[derive(Clone, Debug, PartialEq)]
pub struct NameSpan {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// The smallest margin, over the span's tokens, between the chosen tag
    /// and the best other tag: how sure the model was (0 = a toss-up).
    pub score: f32,
}

/// The tags: `O`, then B, I, L, U for each kind in [`Kind::ALL`] order.
pub(crate) const N_CLASSES: usize = 1 + 4 * 4;
pub(crate) const O: u8 = 0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    B = 0,
    I = 1,
    L = 2,
    U = 3,
}

pub(crate) fn class(kind: Kind, pos: Pos) -> u8 {
    1 + (kind.index() * 4) as u8 + pos as u8
}

/// The kind and position of a tag, `None` for `O`.
pub(crate) fn tag_of(class: u8) -> Option<(Kind, Pos)> {
    if class == O || class as usize >= N_CLASSES {
        return None;
    }
    let c = class - 1;
    let pos = match c % 4 {
        0 => Pos::B,
        1 => Pos::I,
        2 => Pos::L,
        _ => Pos::U,
    };
    Some((Kind::ALL[(c / 4) as usize], pos))
}

const MAGIC: &str = "NGNER";
/// Version of the file layout and of the feature set: a model trained with
/// other features would silently misread text, so it is refused.
const VERSION: u32 = 1;

/// A trained recogniser.
#[derive(Clone, Debug, PartialEq)]
pub struct Recogniser {
    pub(crate) weights: Weights,
}

impl Recogniser {
    /// Reads a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Recogniser, ModelError> {
        let mut r = Reader::new(bytes);
        r.header(MAGIC, VERSION)?;
        let kinds = r.strs()?;
        let want: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        if kinds != want {
            return Err(ModelError::Corrupt(format!(
                "the model's kinds are {kinds:?}, expected {want:?}"
            )));
        }
        let weights = Weights::read(&mut r)?;
        if weights.n_classes() != N_CLASSES {
            return Err(ModelError::Corrupt(format!(
                "{} classes, expected {N_CLASSES}",
                weights.n_classes()
            )));
        }
        r.end()?;
        Ok(Recogniser { weights })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.header(MAGIC, VERSION);
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        w.strs(&kinds);
        self.weights.write(&mut w);
        w.buf
    }

    /// Features kept by the model.
    pub fn n_features(&self) -> usize {
        self.weights.n_features()
    }

    /// The names of a prepared document, in token order.
    pub fn recognise_prepared(&self, doc: &Prepared) -> Vec<NameSpan> {
        decode::run(&self.weights, doc)
    }

    /// The names of a segmented document, in token order.
    pub fn recognise(&self, text: &str, seg: &Segmented, lex: &Lexicon) -> Vec<NameSpan> {
        self.recognise_prepared(&Prepared::new(text, seg, lex))
    }
}

/// The model in `models/ner.bin`.
static MODEL: &[u8] = include_bytes!("../../../models/ner.bin");

/// The shipped model, read on first use.
pub fn builtin() -> &'static Recogniser {
    static CELL: OnceLock<Recogniser> = OnceLock::new();
    CELL.get_or_init(|| {
        // The file is part of the build and checked by the test suite, so a
        // broken one is a packaging bug, not a user error.
        Recogniser::from_bytes(MODEL).expect("models/ner.bin is a valid entity model")
    })
}

/// The names of a segmented document, with the shipped model.
pub fn recognise(text: &str, seg: &Segmented, lex: &Lexicon) -> Vec<NameSpan> {
    builtin().recognise(text, seg, lex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        assert_eq!(tag_of(O), None);
        for k in Kind::ALL {
            for p in [Pos::B, Pos::I, Pos::L, Pos::U] {
                assert_eq!(tag_of(class(k, p)), Some((k, p)));
            }
        }
        assert_eq!(class(Kind::Misc, Pos::U) as usize, N_CLASSES - 1);
    }

    #[test]
    fn the_shipped_model_loads_and_round_trips() {
        let m = builtin();
        assert!(m.n_features() > 1000);
        assert_eq!(Recogniser::from_bytes(&m.to_bytes()).as_ref(), Ok(m));
    }

    #[test]
    fn damaged_models_are_refused() {
        let bytes = Recogniser {
            weights: crate::learn::Perceptron::new(N_CLASSES).freeze(0.0),
        }
        .to_bytes();
        assert!(matches!(
            Recogniser::from_bytes(b"NGPOS\x01\x00\x00\x00"),
            Err(ModelError::BadMagic { .. })
        ));
        let mut old = bytes.clone();
        old[MAGIC.len()] = 0;
        assert!(matches!(
            Recogniser::from_bytes(&old),
            Err(ModelError::Version { found: 0, .. })
        ));
        assert!(Recogniser::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }
}
