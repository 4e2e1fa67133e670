//! Exporters: one file per output format behind one small trait.
//!
//! Each exporter turns a [`KnowledgeGraph`] into bytes; it reads only the
//! sorted `nodes()` and `edges()`, so the same graph always gives the same
//! bytes. Exporters do no I/O of their own: the caller writes the bytes
//! (atomically, see `output`). Adding a format is one file, one `Format`
//! variant and one test.

pub mod dot;
pub mod json;

use std::fmt;
use std::str::FromStr;

use crate::graph::KnowledgeGraph;

/// A graph serialisation.
pub trait Exporter {
    /// Serialises the whole graph.
    fn export(&self, graph: &KnowledgeGraph) -> Vec<u8>;
}

/// The output formats, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Json,
    Dot,
}

impl Format {
    pub const ALL: &'static [Format] = &[Format::Json, Format::Dot];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
        }
    }

    /// The file a build writes for this format inside its output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "graph.json",
            Format::Dot => "graph.dot",
        }
    }

    /// The format a file name's extension asks for.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL.iter().copied().find(|f| f.name() == ext || (ext == "gv" && *f == Format::Dot))
    }

    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Json => Box::new(json::Json),
            Format::Dot => Box::new(dot::Dot),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        Format::ALL.iter().copied().find(|f| f.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            format!("unknown format `{s}` (expected one of: {})", names.join(", "))
        })
    }
}
