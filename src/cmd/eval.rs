//! The `eval` command: reads a gold file and a graph (or builds the graph
//! of articles in memory), scores one against the other with
//! `newsgraph::eval`, and prints the report as `kg-score` does.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Result};

use super::{load_lexicon, Usage};
use crate::cli::EvalArgs;
use newsgraph::corpus::{self, Item, Reader};
use newsgraph::eval::{self, report, Gold, Predicted};
use newsgraph::graph::Limits;
use newsgraph::{Builder, Document};

/// Documents per parallel batch when building.
const BATCH_DOCS: usize = 512;

fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow!(Usage(msg.into()))
}

pub fn eval(args: EvalArgs) -> Result<()> {
    let gold = read_gold(&args.gold)?;
    let predicted = match graph_input(&args.inputs)? {
        Some(graph) => graph,
        None => build(&args)?,
    };
    let scores = eval::score(&gold, &predicted);
    let text = if args.json {
        report::json(&scores)
    } else {
        report::text(&scores, args.verbose)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn read_gold(path: &Path) -> Result<Gold> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| usage(format!("cannot read gold file `{}`: {e}", path.display())))?;
    eval::gold::parse(&text).map_err(|e| {
        usage(format!(
            "gold file `{}`: {e}; see docs/ANNOTATION.md for the format",
            path.display()
        ))
    })
}

/// The graph to score when the inputs name one: a `.json` file is a graph
/// (and an error if it is not one); no input is `out/graph.json`. `None`:
/// the inputs are articles.
fn graph_input(inputs: &[PathBuf]) -> Result<Option<Predicted>> {
    if inputs.is_empty() {
        let default = Path::new("out/graph.json");
        if !default.is_file() {
            return Err(usage(
                "no graph given and no `out/graph.json` here; pass a JSON graph, or articles to build one from",
            ));
        }
        return read_graph(default).map(Some);
    }
    let is_json = |p: &PathBuf| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            && p.is_file()
    };
    match inputs.iter().filter(|p| is_json(p)).count() {
        0 => Ok(None),
        1 if inputs.len() == 1 => read_graph(&inputs[0]).map(Some),
        _ => Err(usage(
            "give one JSON graph, or articles (text files, folders, .jsonl) to build one from, not both",
        )),
    }
}

fn read_graph(path: &Path) -> Result<Predicted> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| usage(format!("cannot read graph `{}`: {e}", path.display())))?;
    eval::predicted::from_json(&text).map_err(|e| {
        usage(format!(
            "`{}` is not a JSON graph: {e}; give a graph written by `newsgraph build` (docs/GRAPH-JSON.md), or articles to build one from",
            path.display()
        ))
    })
}

/// Builds the graph of the articles in memory, as `build` would write it.
fn build(args: &EvalArgs) -> Result<Predicted> {
    let started = Instant::now();
    if let Some(n) = args.run.threads {
        // Only the first call can set the global pool; later calls keep it.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let lex = load_lexicon(args.lexicon.as_deref())?;
    let sources = corpus::plan(&args.inputs).map_err(|e| usage(e.message))?;
    let options = corpus::Options {
        max_doc_bytes: args.run.max_doc_bytes,
        stdin: corpus::StdinFormat::Auto,
    };
    let limits = Limits {
        max_evidence: args.run.max_evidence.max(1),
        ..Limits::default()
    };
    let mut builder = Builder::new(&lex, limits);
    let mut stdin = std::io::stdin().lock();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH_DOCS);
    let mut docs = 0;
    for item in Reader::new(sources, &mut stdin, options) {
        match item.map_err(|e| usage(e.message))? {
            Item::Warning(w) => eprintln!("newsgraph: warning: {w}"),
            Item::Document(d) => {
                batch.push(d);
                if batch.len() == BATCH_DOCS {
                    docs += batch.len();
                    builder.add_batch(&batch);
                    batch.clear();
                }
            }
        }
    }
    docs += batch.len();
    builder.add_batch(&batch);
    if docs == 0 {
        return Err(usage(
            "the inputs hold no readable text: every file was skipped",
        ));
    }
    let (graph, _) = builder
        .finish()
        .map_err(|e| anyhow::anyhow!("cannot write the spill store (TMPDIR): {e}"))?;
    let graph = graph.to_knowledge_graph();
    eprintln!(
        "newsgraph: built the graph of {docs} document{} ({} nodes, {} edges) in {:.2} s",
        if docs == 1 { "" } else { "s" },
        graph.node_count(),
        graph.edge_count(),
        started.elapsed().as_secs_f64()
    );
    Ok(eval::predicted::from_graph(&graph))
}
