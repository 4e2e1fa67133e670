//! The `newsgraph` binary: parses flags, dispatches, prints. All real work
//! lives in the library.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use clap::Parser;

use cli::{BuildArgs, Cli, Command, DirectionArg, NeighborsArgs};
use newsgraph::export::Format;
use newsgraph::query::{self, Direction};

/// An error that has already been explained and only needs an exit code.
struct Usage(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Build(args)) => build(args),
        Some(Command::Neighbors(args)) => neighbors(args),
        None => build(cli.build),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(Usage(msg)) = e.downcast_ref::<Usage>() {
                eprintln!("newsgraph: {msg}");
            } else {
                eprintln!("newsgraph: {e:#}");
            }
            ExitCode::from(2)
        }
    }
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

fn build(args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    let formats: Vec<Format> = args
        .format
        .iter()
        .filter(|f| !f.trim().is_empty())
        .map(|f| f.parse::<Format>().map_err(|e| anyhow!(Usage(e))))
        .collect::<Result<_>>()?;
    let inputs = if args.inputs.is_empty() {
        let seeds = PathBuf::from("seeds");
        if !seeds.is_dir() {
            return Err(anyhow!(Usage(
                "no input given and no `seeds/` folder here; pass files, folders, a `.jsonl` file or `-`".into()
            )));
        }
        vec![seeds]
    } else {
        args.inputs.clone()
    };
    let lex = newsgraph::lexicon::builtin().context("the built-in lexicon is broken")?;
    let corpus = newsgraph::corpus::read_inputs(&inputs, &mut std::io::stdin().lock())
        .map_err(|e| anyhow!(Usage(e.message)))?;
    for w in &corpus.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    let graph = newsgraph::build(&corpus.documents, &lex);
    let mut written = Vec::new();
    for f in &formats {
        let path = args.out.join(f.file_name());
        let bytes = f.exporter().export(&graph);
        newsgraph::output::write_atomic(&path, &bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path.display().to_string());
    }
    if !args.quiet {
        eprintln!(
            "newsgraph: {} documents, {} nodes, {} edges in {:.2} s -> {}",
            corpus.documents.len(),
            graph.node_count(),
            graph.edge_count(),
            started.elapsed().as_secs_f64(),
            written.join(", ")
        );
    }
    Ok(())
}

fn load_graph(path: &std::path::Path) -> Result<newsgraph::KnowledgeGraph> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        anyhow!(Usage(format!(
            "cannot read graph `{}`: {e}; build one first with `newsgraph build`",
            path.display()
        )))
    })?;
    newsgraph::export::json::from_json(&text).map_err(|e| anyhow!(Usage(format!("`{}`: {e}", path.display()))))
}

fn neighbors(args: NeighborsArgs) -> Result<()> {
    let graph = load_graph(&args.graph)?;
    let node = query::lookup(&graph, &args.name).map_err(|e| anyhow!(Usage(e.to_string())))?;
    let direction = match args.direction {
        DirectionArg::Out => Direction::Out,
        DirectionArg::In => Direction::In,
        DirectionArg::Both => Direction::Both,
    };
    let rows = query::neighbors(&graph, node, &args.relation, direction);
    if args.json {
        let doc = serde_json::json!({ "node": node.id, "label": node.label, "neighbors": rows });
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    println!("{} ({}, {})", node.label, node.node_type, node.id);
    if rows.is_empty() {
        println!("  no neighbors");
        return Ok(());
    }
    let header = ["NEIGHBOR", "RELATION", "DIRECTION", "CERTAINTY", "WEIGHT"];
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.label.clone(),
                r.edge_label.clone(),
                if r.direction == "out" { "->".into() } else { "<-".into() },
                r.certainty.as_str().into(),
                r.weight.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &table {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut s = String::from(" ");
        for (i, c) in cells.iter().enumerate() {
            s.push(' ');
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - c.chars().count() + 1));
            }
        }
        s
    };
    println!("{}", line(header));
    for row in &table {
        println!("{}", line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
    }
    Ok(())
}
