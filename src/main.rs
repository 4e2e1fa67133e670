//! The `newsgraph` binary: parses flags, dispatches, prints. All real work
//! lives in the library.

mod cli;
mod eval_cmd;
mod pipeline_cmd;
mod syntax_cmd;

/// mimalloc: the passes make many small, short-lived strings on several
/// threads, where it is faster than the system allocator and returns freed
/// memory instead of keeping it in per-thread arenas.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use clap::Parser;

use cli::{
    CertaintyArg, Cli, Command, DirectionArg, ExportArgs, FilterArgs, LayoutArg, NeighborsArgs,
    PathArgs, RenderArgs, ShowArgs, StatsArgs, TypeArg,
};
use newsgraph::export::Format;
use newsgraph::query::{self, Direction};
use newsgraph::{Certainty, NodeType};

/// An error that has already been explained and only needs an exit code.
pub(crate) struct Usage(pub(crate) String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Build(args)) => pipeline_cmd::build(args),
        Some(Command::Extract(args)) => pipeline_cmd::extract(args),
        Some(Command::Merge(args)) => pipeline_cmd::merge(args),
        Some(Command::Neighbors(args)) => neighbors(args),
        Some(Command::Path(args)) => path(args),
        Some(Command::Show(args)) => show(args),
        Some(Command::Stats(args)) => stats(args),
        Some(Command::Export(args)) => export(args),
        Some(Command::Render(args)) => render(args),
        Some(Command::Eval(args)) => eval_cmd::eval(args),
        Some(Command::Parse(args)) => syntax_cmd::parse(args),
        Some(Command::Train(args)) => syntax_cmd::train(args),
        None => pipeline_cmd::build(cli.build),
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

/// The built-in lexicon, extended by the files of a user's folder.
pub(crate) fn load_lexicon(dir: Option<&std::path::Path>) -> Result<newsgraph::Lexicon> {
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

fn load_graph(path: &std::path::Path) -> Result<newsgraph::KnowledgeGraph> {
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
fn open_graph(path: &std::path::Path) -> Result<query::QueryGraph> {
    let opened = query::open(path).map_err(|e| anyhow!(Usage(e.to_string())))?;
    for w in &opened.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    Ok(opened.graph)
}

fn find_node(graph: &query::QueryGraph, name: &str) -> Result<usize> {
    query::find_node(graph, name).map_err(|e| anyhow!(Usage(e.to_string())))
}

fn compile_filter(args: &FilterArgs, graph: &query::QueryGraph) -> Result<query::Compiled> {
    let filter = query::Filter {
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
fn index_damaged(graph: &std::path::Path) -> impl Fn(String) -> anyhow::Error + '_ {
    move |e| {
        anyhow!(Usage(format!(
            "the query index `{}` is damaged ({e}); delete it and run the query again",
            query::store::index_path(graph).display()
        )))
    }
}

/// Prints a rendered answer; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn neighbors(args: NeighborsArgs) -> Result<()> {
    let path = &args.graph.graph;
    let graph = open_graph(path)?;
    let node = find_node(&graph, &args.name)?;
    let filter = compile_filter(&args.filter, &graph)?;
    let rows = query::neighbors(&graph, node, args.depth, &filter);
    let text = if args.dot {
        query::render::dot(&query::ego_graph(&graph, node, &rows).map_err(index_damaged(path))?)
    } else if args.json {
        query::render::neighbors_json(&graph, node, args.depth, &rows)
    } else {
        query::render::neighbors_table(&graph, node, args.depth, &rows)
    };
    emit(&text)
}

fn path(args: PathArgs) -> Result<()> {
    let graph = open_graph(&args.graph.graph)?;
    let from = find_node(&graph, &args.from)?;
    let to = find_node(&graph, &args.to)?;
    if from == to {
        return Err(anyhow!(Usage(format!(
            "`{}` and `{}` are the same actor, {} ({}); name two different actors",
            args.from,
            args.to,
            graph.label(from),
            graph.id(from)
        ))));
    }
    let filter = compile_filter(&args.filter, &graph)?;
    let found = query::paths(&graph, from, to, args.max, &filter);
    let text = if args.json {
        query::render::paths_json(&graph, from, to, &found)
    } else {
        query::render::paths_text(&graph, from, to, &found)
    };
    emit(&text)
}

fn show(args: ShowArgs) -> Result<()> {
    let path = &args.graph.graph;
    let graph = open_graph(path)?;
    let node = find_node(&graph, &args.name)?;
    let card = query::card(&graph, node).map_err(index_damaged(path))?;
    let text = if args.json {
        query::render::card_json(&graph, &card)
    } else {
        query::render::card_text(&graph, &card)
    };
    emit(&text)
}

fn stats(args: StatsArgs) -> Result<()> {
    let graph = open_graph(&args.graph.graph)?;
    let stats = query::stats(&graph, args.top);
    let text = if args.json {
        query::render::stats_json(&graph, &stats)
    } else {
        query::render::stats_text(&graph, &stats)
    };
    emit(&text)
}

fn export(args: ExportArgs) -> Result<()> {
    let format = match &args.format {
        Some(f) => f.parse::<Format>().map_err(|e| anyhow!(Usage(e)))?,
        None => Format::from_extension(&args.out).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            anyhow!(Usage(format!(
                "cannot tell the format from `{}`; pass --format with one of: {}",
                args.out.display(),
                names.join(", ")
            )))
        })?,
    };
    let graph = load_graph(&args.graph)?;
    let files: Vec<(PathBuf, Vec<u8>)> = if format.is_folder() {
        if args.out.is_file() {
            return Err(anyhow!(Usage(format!(
                "`{}` is a file, but {format} writes a folder of files; pass a folder for --out",
                args.out.display()
            ))));
        }
        format
            .export_files(&graph)
            .into_iter()
            .map(|(name, bytes)| (args.out.join(name), bytes))
            .collect()
    } else if args.out.is_dir() {
        vec![(
            args.out.join(format.file_name()),
            format.exporter().export(&graph),
        )]
    } else {
        vec![(args.out.clone(), format.exporter().export(&graph))]
    };
    let mut written = Vec::new();
    for (path, bytes) in &files {
        newsgraph::output::write_atomic(path, bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path.display().to_string());
    }
    eprintln!(
        "newsgraph: {} nodes, {} edges as {format} -> {}",
        graph.node_count(),
        graph.edge_count(),
        written.join(", ")
    );
    Ok(())
}

fn render(args: RenderArgs) -> Result<()> {
    use newsgraph::render::{self, Layout, RenderError, Target};
    let started = Instant::now();
    let target = Target::from_path(&args.out).map_err(|e| anyhow!(Usage(e)))?;
    let graph = load_graph(&args.graph)?;
    let lex = newsgraph::lexicon::builtin().context("the built-in lexicon is broken")?;
    let focus = match &args.focus {
        Some(name) => Some(
            query::lookup(&graph, name)
                .map_err(|e| anyhow!(Usage(e.to_string())))?
                .id
                .clone(),
        ),
        None => None,
    };
    let opts = render::Options {
        focus,
        depth: args.depth as usize,
        min_weight: args.min_weight,
        relations: args.relation.clone(),
        show_negated: args.show_negated,
        layout: args.layout.map(|l| match l {
            LayoutArg::Dot => Layout::Dot,
            LayoutArg::Neato => Layout::Neato,
            LayoutArg::Fdp => Layout::Fdp,
            LayoutArg::Sfdp => Layout::Sfdp,
            LayoutArg::Circo => Layout::Circo,
        }),
    };
    let drawing = match render::render(&graph, &lex, target, &opts) {
        Ok(d) => d,
        Err(RenderError::GraphvizMissing { dot }) => {
            // Keep what can be kept: the DOT source, next to the picture.
            let path = args.out.with_extension("dot");
            newsgraph::output::write_atomic(&path, dot.as_bytes())
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            let e = RenderError::GraphvizMissing { dot: String::new() };
            return Err(anyhow!(Usage(format!(
                "{e}. The DOT source was written to `{}`",
                path.display()
            ))));
        }
        Err(e) => return Err(anyhow!(Usage(e.to_string()))),
    };
    for w in &drawing.warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    newsgraph::output::write_atomic(&args.out, &drawing.bytes)
        .with_context(|| format!("cannot write `{}`", args.out.display()))?;
    let layout = match drawing.layout {
        Some(l) => format!("{l} layout"),
        None => "laid out in the page".into(),
    };
    eprintln!(
        "newsgraph: drew {} actors, {} relations ({layout}) in {:.2} s -> {}",
        drawing.nodes,
        drawing.edges,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}
