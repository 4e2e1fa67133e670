//! The syntax model file: the tagger (tags, form dictionary, weights), the
//! learned lemma table and the parser (labels, weights), in the checked
//! binary form of [`crate::learn::io`]. The built-in model is
//! `models/syntax.bin`, compiled into the binary and read once, on first
//! use.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use foldhash::HashMap;

use super::clusters::Clusters;
use super::lemma::Lemmatizer;
use super::parser::{Parser, Transitions};
use super::tagger::{DictEntry, Tagger};
use crate::learn::io::{Reader, Writer};
use crate::learn::{ModelError, Weights};

const MAGIC: &str = "NGSYNTAX";
/// Version 1: a monotonic parser; version 2 adds a byte after the parser's
/// labels that names its transition system (0 monotonic, 1 non-monotonic);
/// version 3 adds the word classes the tagger and parser read
/// ([`Clusters`]) after the parser's weights. A model is written with the
/// lowest version that holds it (a monotonic model without classes is
/// still version 1, the same bytes).
const VERSION: u32 = 3;

/// The built-in model's bytes.
pub const BUILTIN: &[u8] = include_bytes!("../../../models/syntax.bin");

/// Tagger, lemmatiser and parser together.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxModel {
    pub tagger: Tagger,
    pub lemmas: Lemmatizer,
    pub parser: Parser,
}

/// Why a model file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read model `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("model `{path}`: {source}; retrain it with `newsgraph train syntax`")]
    Model { path: String, source: ModelError },
}

/// The built-in model, read on first use.
pub fn builtin() -> &'static SyntaxModel {
    static MODEL: OnceLock<SyntaxModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        SyntaxModel::from_bytes(BUILTIN).expect("the built-in syntax model is checked by a test")
    })
}

impl SyntaxModel {
    /// Reads a model file.
    pub fn load(path: &Path) -> Result<SyntaxModel, LoadError> {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.display().to_string(),
            source,
        })?;
        SyntaxModel::from_bytes(&bytes).map_err(|source| LoadError::Model {
            path: path.display().to_string(),
            source,
        })
    }

    /// The binary form (the same model gives the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        let nm = self.parser.transitions == Transitions::NonMonotonic;
        let cl = self
            .parser
            .clusters
            .as_ref()
            .or(self.tagger.clusters.as_ref());
        let version = match (cl, nm) {
            (Some(_), _) => 3,
            (None, true) => 2,
            (None, false) => 1,
        };
        w.header(MAGIC, version);
        w.strs(&self.tagger.tags);
        let mut dict: Vec<(&String, &DictEntry)> = self.tagger.dict.iter().collect();
        dict.sort_by(|a, b| a.0.cmp(b.0));
        w.u32(dict.len() as u32);
        for (k, e) in dict {
            w.str(k);
            w.u32(e.class);
            w.u16(e.best);
            w.u8(e.sure as u8);
        }
        self.tagger.weights.write(&mut w);
        w.u8(self.tagger.second.is_some() as u8);
        if let Some(s) = &self.tagger.second {
            s.write(&mut w);
        }
        let mut lem: Vec<(&String, &String)> = self.lemmas.learned.iter().collect();
        lem.sort();
        w.u32(lem.len() as u32);
        for (k, v) in lem {
            w.str(k);
            w.str(v);
        }
        w.strs(&self.parser.labels);
        if version >= 2 {
            w.u8(nm as u8);
        }
        self.parser.weights.write(&mut w);
        if let Some(c) = cl {
            c.write(&mut w);
        }
        w.buf
    }

    /// Reads the binary form, checking every count and index.
    pub fn from_bytes(bytes: &[u8]) -> Result<SyntaxModel, ModelError> {
        let mut r = Reader::new(bytes);
        let version = r.header_upto(MAGIC, 1, VERSION)?;
        let tags = r.strs()?;
        let n = r.u32()? as usize;
        if n > r.remaining() / 11 {
            return Err(ModelError::Corrupt(format!(
                "{n} dictionary entries claimed"
            )));
        }
        let mut dict = HashMap::default();
        for _ in 0..n {
            let k = r.str()?;
            let class = r.u32()?;
            let best = r.u16()?;
            let sure = r.u8()? != 0;
            if best as usize >= tags.len() {
                return Err(ModelError::Corrupt(format!("tag {best} of {}", tags.len())));
            }
            dict.insert(k, DictEntry { class, best, sure });
        }
        let tw = Weights::read(&mut r)?;
        let second = match r.u8()? {
            0 => None,
            _ => Some(Weights::read(&mut r)?),
        };
        if tw.n_classes() != tags.len()
            || second.as_ref().is_some_and(|s| s.n_classes() != tags.len())
        {
            return Err(ModelError::Corrupt(
                "tagger classes differ from its tags".into(),
            ));
        }
        let n = r.u32()? as usize;
        if n > r.remaining() / 8 {
            return Err(ModelError::Corrupt(format!("{n} lemmas claimed")));
        }
        let mut learned = HashMap::default();
        for _ in 0..n {
            let k = r.str()?;
            learned.insert(k, r.str()?);
        }
        let labels = r.strs()?;
        if !labels.iter().any(|l| l == "root") {
            return Err(ModelError::Corrupt("no `root` label".into()));
        }
        let transitions = match version {
            1 => Transitions::Monotonic,
            _ => match r.u8()? {
                0 => Transitions::Monotonic,
                1 => Transitions::NonMonotonic,
                t => return Err(ModelError::Corrupt(format!("transition system {t}"))),
            },
        };
        let pw = Weights::read(&mut r)?;
        if pw.n_classes() != Parser::n_moves(labels.len()) {
            return Err(ModelError::Corrupt(
                "parser classes differ from its labels".into(),
            ));
        }
        let clusters = match version {
            3.. => Some(Arc::new(Clusters::read(&mut r)?)),
            _ => None,
        };
        r.end()?;
        Ok(SyntaxModel {
            tagger: Tagger::new(tags, dict, tw, second).with_clusters(clusters.clone()),
            lemmas: Lemmatizer::new(learned),
            parser: Parser::new(labels, pw)
                .with_transitions(transitions)
                .with_clusters(clusters),
        })
    }
}
