//! The command line, as data: clap definitions and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "newsgraph",
    version,
    about = "Turn English news articles into a knowledge graph of who did what to whom",
    long_about = "Turn English news articles into a knowledge graph of who did what to whom.\n\n\
        Run with no arguments to build the graph of the articles in `seeds/` into `out/`.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub build: BuildArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build a graph from articles (the default command).
    Build(BuildArgs),
    /// List the actors connected to one actor.
    Neighbors(NeighborsArgs),
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// Text files, folders of `*.txt` files, `*.jsonl` files of {"id", "text"}
    /// records, or `-` for standard input. Default: `seeds/`.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Folder to write the graph files into.
    #[arg(long, short, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Output formats, comma-separated.
    #[arg(long, short, value_name = "FORMATS", value_delimiter = ',', default_value = "json,dot")]
    pub format: Vec<String>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct NeighborsArgs {
    /// An actor's name, alias or id (case and accents do not matter).
    pub name: String,
    /// The JSON graph to read.
    #[arg(long, short, value_name = "FILE", default_value = "out/graph.json")]
    pub graph: PathBuf,
    /// Only these relations (repeatable).
    #[arg(long, short, value_name = "RELATION")]
    pub relation: Vec<String>,
    /// Which edges to follow.
    #[arg(long, short, value_enum, default_value_t = DirectionArg::Both)]
    pub direction: DirectionArg,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectionArg {
    Out,
    In,
    Both,
}
