//! The commands, one module each; this module holds what they share:
//! the explained-error type, the lexicon and graph loaders, printing.
//! Commands read and write files and print; the work is the library's.

pub mod build;
pub mod eval;
pub mod export;
pub mod extract;
pub mod merge;
mod pipeline;
pub mod query;
pub mod render;
pub mod syntax;
pub mod train_clusters;
pub mod train_ner;

use std::path::PathBuf;

use anyhow::{anyhow, Result};

use crate::cli::{CertaintyArg, DirectionArg, FilterArgs, TypeArg};
use newsgraph::query::Direction;
use newsgraph::{Certainty, NodeType};

/// An error that has already been explained and only needs an exit code.
pub struct Usage(pub String);

/// An explained error, as an `anyhow::Error`.
pub fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow!(Usage(msg.into()))
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::fmt::Debug for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Usage {}

/// The built-in lexicon, extended by the files of a user's folder.
pub fn load_lexicon(dir: Option<&std::path::Path>) -> Result<newsgraph::Lexicon> {
    let mut extra = Vec::new();
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            anyhow!(Usage(format!(
                "cannot read lexicon folder `{}`: {e}",
                dir.display()
            )))
        })?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let known = newsgraph::lexicon::BUILTIN_FILES
                .iter()
                .any(|(n, _)| p.file_name().is_some_and(|f| f == *n));
            if !known {
                continue;
            }
            let text = std::fs::read_to_string(&p).map_err(|e| {
                anyhow!(Usage(format!(
                    "cannot read lexicon file `{}`: {e}",
                    p.display()
                )))
            })?;
            extra.push((p.display().to_string(), text));
        }
    }
    newsgraph::lexicon::load(newsgraph::lexicon::BUILTIN_FILES, &extra)
        .map_err(|e| anyhow!(Usage(format!("lexicon error: {e}"))))
}

pub fn load_graph(path: &std::path::Path) -> Result<newsgraph::KnowledgeGraph> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        anyhow!(Usage(format!(
            "cannot read graph `{}`: {e}; build one first with `newsgraph build`",
            path.display()
        )))
    })?;
    newsgraph::export::json::from_json(&text)
        .map_err(|e| anyhow!(Usage(format!("`{}`: {e}", path.display()))))
}

/// Opens a graph for a query, through its index; warnings go to stderr.
pub fn open_graph(path: &std::path::Path) -> Result<newsgraph::query::QueryGraph> {
    let opened = newsgraph::query::open(path).map_err(|e| anyhow!(Usage(e.to_string())))?;
    for w in &opened.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    Ok(opened.graph)
}

pub fn find_node(graph: &newsgraph::query::QueryGraph, name: &str) -> Result<usize> {
    newsgraph::query::find_node(graph, name).map_err(|e| anyhow!(Usage(e.to_string())))
}

pub fn compile_filter(
    args: &FilterArgs,
    graph: &newsgraph::query::QueryGraph,
) -> Result<newsgraph::query::Compiled> {
    let filter = newsgraph::query::Filter {
        relations: args.relation.clone(),
        certainties: args
            .certainty
            .iter()
            .map(|c| match c {
                CertaintyArg::Asserted => Certainty::Asserted,
                CertaintyArg::Hedged => Certainty::Hedged,
                CertaintyArg::Negated => Certainty::Negated,
            })
            .collect(),
        node_types: args
            .node_type
            .iter()
            .map(|t| match t {
                TypeArg::Person => NodeType::Person,
                TypeArg::State => NodeType::State,
                TypeArg::Institution => NodeType::Institution,
                TypeArg::Place => NodeType::Place,
                TypeArg::Other => NodeType::Other,
            })
            .collect(),
        min_weight: args.min_weight,
        document: args.document.clone(),
        direction: match args.direction {
            DirectionArg::Out => Direction::Out,
            DirectionArg::In => Direction::In,
            DirectionArg::Both => Direction::Both,
        },
    };
    filter
        .compile(graph)
        .map_err(|e| anyhow!(Usage(e.to_string())))
}

/// Evidence and attributes are read from the index only when shown.
pub fn index_damaged(graph: &std::path::Path) -> impl Fn(String) -> anyhow::Error + '_ {
    move |e| {
        anyhow!(Usage(format!(
            "the query index `{}` is damaged ({e}); delete it and run the query again",
            newsgraph::query::store::index_path(graph).display()
        )))
    }
}

/// Prints a rendered answer; a closed pipe (`| head`) is not an error.
pub fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
