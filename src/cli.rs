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
    /// Turn articles into partial graphs, one JSON line per article (the map
    /// step of a distributed build).
    Extract(ExtractArgs),
    /// Merge partial graphs into one graph (the reduce step).
    Merge(MergeArgs),
    /// List the actors connected to one actor, to any depth.
    Neighbors(NeighborsArgs),
    /// Show the shortest ways two actors are connected.
    Path(PathArgs),
    /// Show everything the graph says about one actor, with its evidence.
    Show(ShowArgs),
    /// Count nodes and edges, and rank the best-connected actors.
    Stats(StatsArgs),
    /// Convert a JSON graph into another format (GraphML, GEXF, Cypher, CSV, Kùzu, Turtle, N-Triples, DOT).
    Export(ExportArgs),
    /// Draw the graph: SVG, PNG or PDF through Graphviz, or an interactive HTML page.
    Render(RenderArgs),
    /// Score a graph (or the graph of articles) against a hand-made gold graph.
    Eval(EvalArgs),
    /// Tag and parse sentences: text or CoNLL-U in, CoNLL-U out.
    Parse(crate::cmd::syntax::ParseArgs),
    /// Train a model (`train syntax`: tagger and parser from treebanks; `train ner`: the entity recogniser; `train clusters`: word classes from plain text).
    Train(crate::cmd::syntax::TrainArgs),
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
    /// Output formats, comma-separated: json, dot, graphml, gexf, cypher, csv,
    /// kuzu, ttl, nt, mentions. Each writes `graph.<ext>`; csv writes
    /// `nodes.csv` and `edges.csv`; kuzu writes them and `load.cypher`, which
    /// loads them into LadybugDB or Kùzu; mentions writes `mentions.jsonl`.
    #[arg(
        long,
        short,
        value_name = "FORMATS",
        value_delimiter = ',',
        default_value = "json,dot"
    )]
    pub format: Vec<String>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// A folder of lexicon files (states.tsv, institutions.tsv, persons.tsv,
    /// titles.tsv, relations.tsv, cues.tsv, …) whose rows extend the built-in
    /// lexicon.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
    /// Print the time spent in each stage (summed over threads) to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Memory for the graph's edges and their evidence positions, in MiB
    /// (at least 1): past it they are sorted into temporary files (TMPDIR)
    /// and merged at the end, so memory stays flat as the corpus grows.
    /// Same output.
    #[arg(long, value_name = "MIB", default_value_t = newsgraph::DEFAULT_EDGE_BUDGET >> 20)]
    pub edge_memory: usize,
    /// Memory for the graph's actors (people, states, institutions met so
    /// far), in MiB (at least 1): past it they are sorted into temporary
    /// files (TMPDIR) and merged at the end into a node file the exports
    /// read. Same output.
    #[arg(long, value_name = "MIB", default_value_t = newsgraph::DEFAULT_ACTOR_BUDGET >> 20)]
    pub actor_memory: usize,
    /// Memory for the text of the graph's strings (actor ids, labels,
    /// aliases), in MiB: past it new strings' text goes to a temporary
    /// file (TMPDIR) and memory keeps 10 to 19 bytes a string (0: every
    /// string on disk). Same output.
    #[arg(long, value_name = "MIB", default_value_t = newsgraph::DEFAULT_STRING_BUDGET >> 20)]
    pub string_memory: usize,
}

/// How documents are read and how much of them the graph keeps.
#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Skip (with a warning) documents longer than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = newsgraph::corpus::DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
    /// Evidence records kept per edge (the first in document order); the
    /// total is kept as `evidence_count`.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_evidence: usize,
    /// Worker threads (default: all cores, or RAYON_NUM_THREADS).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// What standard input (`-`) holds: JSON Lines of {"id", "text"}
    /// records, or one text. Default for `build`: JSON Lines when its first
    /// non-blank line is a JSON object with a string `text`, else text; for
    /// `extract`: jsonl.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub stdin_format: Option<StdinFormatArg>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdinFormatArg {
    Auto,
    Jsonl,
    Text,
}

#[derive(Args, Debug, Clone)]
pub struct ExtractArgs {
    /// Inputs as for `build`; with none, JSON Lines of {"id", "text"} records
    /// on standard input (so does `-`).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Write the partial graphs here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// A folder of lexicon files that extend the built-in lexicon.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args, Debug, Clone)]
pub struct MergeArgs {
    /// Files of partial graphs (JSON Lines, as `extract` writes them); with
    /// none, standard input (so does `-`).
    #[arg(value_name = "PARTIAL")]
    pub inputs: Vec<PathBuf>,
    /// Write one merged partial graph (for a further merge) instead of the
    /// finished graph files.
    #[arg(long)]
    pub partial: bool,
    /// Folder for the graph files; with --partial, a file (default: standard output).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output formats, comma-separated: json, dot, graphml, gexf, cypher,
    /// csv, kuzu, ttl, nt (as for `build`; partial graphs keep no mentions).
    #[arg(
        long,
        short,
        value_name = "FORMATS",
        value_delimiter = ',',
        default_value = "json,dot"
    )]
    pub format: Vec<String>,
    /// A folder of lexicon files that extend the built-in lexicon.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct NeighborsArgs {
    /// An actor's name, alias or id (case and accents do not matter).
    pub name: String,
    #[command(flatten)]
    pub graph: GraphArg,
    /// How many steps away to look.
    #[arg(long, value_name = "N", default_value = "1", value_parser = at_least_one)]
    pub depth: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print JSON instead of a table.
    #[arg(long, conflicts_with = "dot")]
    pub json: bool,
    /// Print the listed edges as a Graphviz DOT graph, ready to render.
    #[arg(long)]
    pub dot: bool,
}

#[derive(Args, Debug)]
pub struct PathArgs {
    /// Where the paths start: a name, alias or id.
    pub from: String,
    /// Where the paths end: a name, alias or id.
    pub to: String,
    #[command(flatten)]
    pub graph: GraphArg,
    /// At most this many paths (all of the shortest length).
    #[arg(long, value_name = "N", default_value = "3", value_parser = at_least_one)]
    pub max: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// An actor's name, alias or id.
    pub name: String,
    #[command(flatten)]
    pub graph: GraphArg,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// How many actors each ranking lists.
    #[arg(long, value_name = "N", default_value = "10", value_parser = at_least_one)]
    pub top: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The graph file a query reads.
#[derive(Args, Debug)]
pub struct GraphArg {
    /// The JSON graph to read (a `.idx` index is kept beside it).
    #[arg(long, short, value_name = "FILE", default_value = "out/graph.json")]
    pub graph: PathBuf,
}

/// Which edges and nodes a query walks and shows. Negated edges are
/// hidden unless `--certainty negated` asks for them.
#[derive(Args, Debug)]
pub struct FilterArgs {
    /// Only these relations (repeatable, or comma-separated).
    #[arg(long, short, value_name = "RELATION", value_delimiter = ',')]
    pub relation: Vec<String>,
    /// Only edges of this certainty (repeatable). Default: asserted and hedged.
    #[arg(
        long,
        short,
        value_enum,
        value_name = "CERTAINTY",
        value_delimiter = ','
    )]
    pub certainty: Vec<CertaintyArg>,
    /// Only actors of this type (repeatable): the listed neighbors, or a path's inner nodes.
    #[arg(
        long = "type",
        short = 't',
        value_enum,
        value_name = "TYPE",
        value_delimiter = ','
    )]
    pub node_type: Vec<TypeArg>,
    /// Only edges supported by at least N documents.
    #[arg(long, value_name = "N", default_value = "1")]
    pub min_weight: usize,
    /// Only edges with evidence from this document id.
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,
    /// Which way edges may be followed.
    #[arg(long, short, value_enum, default_value_t = DirectionArg::Both)]
    pub direction: DirectionArg,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertaintyArg {
    Asserted,
    Hedged,
    Negated,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeArg {
    Person,
    State,
    Institution,
    Place,
    Other,
}

fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a whole number of at least 1".into()),
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectionArg {
    Out,
    In,
    Both,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The JSON graph to read.
    #[arg(long, short, value_name = "FILE", default_value = "out/graph.json")]
    pub graph: PathBuf,
    /// Where to write: a file, or for csv a folder that gets `nodes.csv` and
    /// `edges.csv` (kuzu: and `load.cypher`). An existing folder gets the
    /// format's usual file name.
    #[arg(long, short, value_name = "PATH")]
    pub out: PathBuf,
    /// json, dot, graphml, gexf, cypher, csv, kuzu, ttl or nt. Default: from
    /// the extension of --out.
    #[arg(long, short, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The JSON graph to read.
    #[arg(long, short, value_name = "FILE", default_value = "out/graph.json")]
    pub graph: PathBuf,
    /// The picture to write; its extension picks the kind: .svg, .png, .pdf
    /// (through Graphviz), .html (an interactive page that works offline) or
    /// .dot (the styled Graphviz source).
    #[arg(long, short, value_name = "FILE", default_value = "out/graph.svg")]
    pub out: PathBuf,
    /// Draw only the ego network of this actor (a name, alias or id).
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,
    /// With --focus: how many steps from the actor to go.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub depth: u32,
    /// Leave out relations read in fewer than N documents.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_weight: usize,
    /// Only these relations (repeatable).
    #[arg(long, short, value_name = "RELATION")]
    pub relation: Vec<String>,
    /// Also draw relations whose evidence is all negated (dotted).
    #[arg(long)]
    pub show_negated: bool,
    /// The Graphviz layout engine. Default: dot for small graphs, neato
    /// from 61 actors, sfdp from 301.
    #[arg(long, short, value_enum, value_name = "ENGINE")]
    pub layout: Option<LayoutArg>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutArg {
    Dot,
    Neato,
    Fdp,
    Sfdp,
    Circo,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// The gold graph to score against (format: docs/ANNOTATION.md).
    #[arg(long, value_name = "GOLD.json")]
    pub gold: PathBuf,
    /// A JSON graph to score, or articles to build one from first (as for
    /// `build`). Default: out/graph.json.
    #[arg(value_name = "GRAPH.json|INPUT")]
    pub inputs: Vec<PathBuf>,
    /// List missed and false entities and relations before the figures.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print the figures and listings as JSON.
    #[arg(long)]
    pub json: bool,
    /// When building: a folder of lexicon files that extend the built-in lexicon.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}
