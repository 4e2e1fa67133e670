//! Exporters: one file per output format behind one small trait.
//!
//! Each exporter turns a graph ([`GraphView`]) into bytes; it reads only
//! the sorted `nodes()` and `edges()`, one at a time, so the same graph
//! always gives the same bytes and a large graph is never whole in memory.
//! Exporters open no files of their own: the caller hands them a writer
//! (a file written atomically, see `output`). Adding a format is one file, one `Format`
//! variant and one test.

pub mod csv;
pub mod cypher;
pub mod dot;
mod escape;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod kuzu;
pub mod rdf;
#[cfg(test)]
mod test_graph;

use std::fmt;
use std::str::FromStr;

use crate::graph::GraphView;

/// A graph serialisation.
pub trait Exporter {
    /// Serialises the whole graph.
    fn export(&self, graph: &dyn GraphView) -> Vec<u8>;

    /// Writes the same bytes as [`Exporter::export`] into `out`. Formats
    /// that can stream override it, so that the export of a large graph is
    /// never held whole in memory beside the graph.
    fn write(&self, graph: &dyn GraphView, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(&self.export(graph))?;
        graph.check()
    }

    /// The files this format writes into a folder. Most formats are one
    /// file, given the name `name`; a format made of several files (csv,
    /// kuzu) overrides this and names its own.
    fn file_names(&self, name: &str) -> Vec<String> {
        vec![name.to_string()]
    }

    /// Streams one of [`Exporter::file_names`] into `out`.
    fn write_file(
        &self,
        graph: &dyn GraphView,
        _file: &str,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        self.write(graph, out)
    }

    /// The files this format writes into a folder, as (file name, bytes).
    fn export_files(&self, graph: &dyn GraphView, name: &str) -> Vec<(String, Vec<u8>)> {
        self.file_names(name)
            .into_iter()
            .map(|file| {
                let mut bytes = Vec::new();
                // Writing into memory cannot fail.
                let _ = self.write_file(graph, &file, &mut bytes);
                (file, bytes)
            })
            .collect()
    }
}

/// The output formats, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Json,
    Dot,
    Graphml,
    Gexf,
    Cypher,
    Csv,
    Kuzu,
    Ttl,
    Nt,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Json,
        Format::Dot,
        Format::Graphml,
        Format::Gexf,
        Format::Cypher,
        Format::Csv,
        Format::Kuzu,
        Format::Ttl,
        Format::Nt,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Graphml => "graphml",
            Format::Gexf => "gexf",
            Format::Cypher => "cypher",
            Format::Csv => "csv",
            Format::Kuzu => "kuzu",
            Format::Ttl => "ttl",
            Format::Nt => "nt",
        }
    }

    /// The file a build writes for this format inside its output folder
    /// (for csv, the first of its two files; for kuzu, its script).
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "graph.json",
            Format::Dot => "graph.dot",
            Format::Graphml => "graph.graphml",
            Format::Gexf => "graph.gexf",
            Format::Cypher => "graph.cypher",
            Format::Csv => "nodes.csv",
            Format::Kuzu => kuzu::SCRIPT,
            Format::Ttl => "graph.ttl",
            Format::Nt => "graph.nt",
        }
    }

    /// True when the format is a folder of files (csv, kuzu) rather than
    /// one file.
    pub fn is_folder(self) -> bool {
        matches!(self, Format::Csv | Format::Kuzu)
    }

    /// The names of the files a build writes for this format into its
    /// output folder.
    pub fn file_names(self) -> Vec<String> {
        self.exporter().file_names(self.file_name())
    }

    /// The files a build writes for this format into its output folder.
    pub fn export_files(self, graph: &dyn GraphView) -> Vec<(String, Vec<u8>)> {
        self.exporter().export_files(graph, self.file_name())
    }

    /// The format a file name's extension asks for.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        let alias = match ext.as_str() {
            "gv" => Some(Format::Dot),
            "cql" => Some(Format::Cypher),
            "turtle" => Some(Format::Ttl),
            _ => None,
        };
        alias.or_else(|| Format::ALL.iter().copied().find(|f| f.name() == ext))
    }

    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Json => Box::new(json::Json),
            Format::Dot => Box::new(dot::Dot),
            Format::Graphml => Box::new(graphml::GraphMl),
            Format::Gexf => Box::new(gexf::Gexf),
            Format::Cypher => Box::new(cypher::Cypher),
            Format::Csv => Box::new(csv::Csv),
            Format::Kuzu => Box::new(kuzu::Kuzu),
            Format::Ttl => Box::new(rdf::Turtle),
            Format::Nt => Box::new(rdf::NTriples),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name no format has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected one of: {names})", names = format_names())]
pub struct UnknownFormat(pub String);

fn format_names() -> String {
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    names.join(", ")
}

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, UnknownFormat> {
        let s = s.trim().to_ascii_lowercase();
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or(UnknownFormat(s))
    }
}
