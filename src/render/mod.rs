//! Relationship diagrams: the part of the graph to draw, its styled DOT,
//! Graphviz's pictures of it and a self-contained interactive HTML page.
//!
//! This module owns what a diagram shows (filters, the ego network of one
//! actor) and how it looks (shapes, colours, the legend). It builds text and
//! bytes; the only I/O is the Graphviz child process in [`graphviz`], and
//! writing files is left to the caller. It knows nothing about the command
//! line and never prints.
//!
//! ```
//! use newsgraph::render::{self, Options, Target};
//! use newsgraph::{build, lexicon, Document};
//!
//! let lex = lexicon::builtin().unwrap();
//! let doc = Document {
//!     id: "a".into(),
//!     path: "a.txt".into(),
//!     text: "Russian President Vladimir Putin visited Pyongyang on Tuesday.".into(),
//! };
//! let graph = build(&[doc], &lex);
//! let drawing = render::render(&graph, &lex, Target::Dot, &Options::default()).unwrap();
//! let dot = String::from_utf8(drawing.bytes).unwrap();
//! assert!(dot.contains("\"visited\""));
//! ```

pub mod dot;
pub mod graphviz;
pub mod html;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::graph::KnowledgeGraph;
use crate::lexicon::Lexicon;
use crate::model::{Certainty, Edge, Node};

/// A Graphviz layout engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layout {
    Dot,
    Neato,
    Fdp,
    Sfdp,
    Circo,
}

impl Layout {
    pub const ALL: &'static [Layout] = &[
        Layout::Dot,
        Layout::Neato,
        Layout::Fdp,
        Layout::Sfdp,
        Layout::Circo,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Sfdp => "sfdp",
            Layout::Circo => "circo",
        }
    }

    /// The engine that keeps a graph of this many nodes legible: `dot`'s
    /// layered drawing reads best while it is small, then `neato`'s stress
    /// layout, then `sfdp`, which stays fast on thousands of nodes.
    pub fn for_size(nodes: usize) -> Layout {
        match nodes {
            0..=60 => Layout::Dot,
            61..=300 => Layout::Neato,
            _ => Layout::Sfdp,
        }
    }
}

impl Layout {
    /// The engine that places the nodes of the interactive page: the page
    /// is a window to fill, so an even spread (`fdp`, then `sfdp`) reads
    /// better there than `dot`'s long layers.
    pub fn for_page(nodes: usize) -> Layout {
        if nodes <= 300 {
            Layout::Fdp
        } else {
            Layout::Sfdp
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A layout name no Graphviz engine has.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown layout `{0}` (expected one of: dot, neato, fdp, sfdp, circo)")]
pub struct UnknownLayout(pub String);

impl FromStr for Layout {
    type Err = UnknownLayout;
    fn from_str(s: &str) -> Result<Self, UnknownLayout> {
        let s = s.trim().to_ascii_lowercase();
        Layout::ALL
            .iter()
            .copied()
            .find(|l| l.name() == s)
            .ok_or(UnknownLayout(s))
    }
}

/// A diagram file name whose extension says no kind of drawing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot tell what to draw `{}` as: give the output file one of the extensions .svg, .png, .pdf, .html or .dot",
    .0.display()
)]
pub struct UnknownTarget(pub std::path::PathBuf);

/// What kind of file a diagram is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Svg,
    Png,
    Pdf,
    /// The interactive page.
    Html,
    /// The styled DOT source itself, for users who run Graphviz themselves.
    Dot,
}

impl Target {
    pub const ALL: &'static [Target] = &[
        Target::Svg,
        Target::Png,
        Target::Pdf,
        Target::Html,
        Target::Dot,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            Target::Svg => "svg",
            Target::Png => "png",
            Target::Pdf => "pdf",
            Target::Html => "html",
            Target::Dot => "dot",
        }
    }

    /// The target a file name's extension asks for (`.htm` and `.gv` too).
    pub fn from_path(path: &Path) -> Result<Target, UnknownTarget> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_default();
        let found = match ext.as_str() {
            "htm" => Some(Target::Html),
            "gv" => Some(Target::Dot),
            e => Target::ALL.iter().copied().find(|t| t.extension() == e),
        };
        found.ok_or_else(|| UnknownTarget(path.to_path_buf()))
    }
}

/// What to draw and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The id of the actor whose ego network is drawn; `None` draws the
    /// whole graph.
    pub focus: Option<String>,
    /// How many steps from the focus to go (at least 1).
    pub depth: usize,
    /// Edges read from fewer documents are left out.
    pub min_weight: usize,
    /// Only these relations; empty means all.
    pub relations: Vec<String>,
    /// Draw edges whose evidence is all negated (hidden by default, as
    /// ONTOLOGY.md asks).
    pub show_negated: bool,
    /// The layout engine; `None` chooses by size.
    pub layout: Option<Layout>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            focus: None,
            depth: 1,
            min_weight: 1,
            relations: Vec::new(),
            show_negated: false,
            layout: None,
        }
    }
}

/// Why a diagram could not be drawn.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// `--relation` named a relation that is neither in the ontology nor in
    /// the graph.
    #[error("unknown relation `{name}` (known relations: {})", known.join(", "))]
    UnknownRelation { name: String, known: Vec<String> },
    /// The focus id is not a node of the graph.
    #[error("no actor with id `{0}` in the graph")]
    UnknownFocus(String),
    /// No edge passes the filters.
    #[error("nothing to draw: {0}")]
    Nothing(String),
    /// There is no `dot` program; the DOT source that would have been drawn
    /// is kept so that the caller can write it.
    #[error(
        "Graphviz is not installed (no `dot` program on the PATH); install it with \
         `apt-get install graphviz` (Debian, Ubuntu), `dnf install graphviz` (Fedora) or \
         `brew install graphviz` (macOS), or write the DOT source with `--out FILE.dot`"
    )]
    GraphvizMissing { dot: String },
    /// Graphviz ran and failed.
    #[error("Graphviz failed ({status}): {}", stderr.trim())]
    GraphvizFailed { status: String, stderr: String },
    /// Graphviz could not be started or talked to for another reason.
    #[error("cannot run Graphviz: {0}")]
    GraphvizIo(String),
}

/// A finished diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawing {
    pub bytes: Vec<u8>,
    /// The engine that laid it out; `None` for a page that lays itself out.
    pub layout: Option<Layout>,
    pub nodes: usize,
    pub edges: usize,
    /// Things the user should know, such as Graphviz's own warnings.
    pub warnings: Vec<String>,
}

/// The colour family of a relation: `hostile`, `cooperative`,
/// `affiliation`, or `other` for relations the ontology does not know.
pub fn family<'a>(lex: &'a Lexicon, relation: &str) -> &'a str {
    match lex.relation(relation).map(|r| r.family.as_str()) {
        Some(f @ ("hostile" | "cooperative" | "affiliation")) => f,
        _ => "other",
    }
}

/// The line colour of a relation family.
pub fn family_color(family: &str) -> &'static str {
    match family {
        "hostile" => "#c62828",
        "cooperative" => "#1f6fb4",
        "affiliation" => "#a0a0a0",
        _ => "#555555",
    }
}

/// Whether a relation is stored once for both directions.
pub fn symmetric(lex: &Lexicon, relation: &str) -> bool {
    lex.relation(relation).is_some_and(|r| r.symmetric)
}

/// The part of the graph a diagram shows: the edges that pass the filters,
/// the actors they join and, with a focus, only what lies within `depth`
/// steps of it. Actors with no drawn relation are left out, except the focus.
pub fn select(
    graph: &KnowledgeGraph,
    lex: &Lexicon,
    opts: &Options,
) -> Result<KnowledgeGraph, RenderError> {
    let in_graph: BTreeSet<&str> = graph.edges().iter().map(|e| e.relation.as_str()).collect();
    for r in &opts.relations {
        if lex.relation(r).is_none() && !in_graph.contains(r.as_str()) {
            let mut known: BTreeSet<&str> = lex.relations.keys().map(|k| k.as_str()).collect();
            known.extend(&in_graph);
            return Err(RenderError::UnknownRelation {
                name: r.clone(),
                known: known.into_iter().map(String::from).collect(),
            });
        }
    }
    let kept: Vec<&Edge> = graph
        .edges()
        .into_iter()
        .filter(|e| opts.show_negated || e.certainty != Certainty::Negated)
        .filter(|e| e.weight >= opts.min_weight)
        .filter(|e| opts.relations.is_empty() || opts.relations.iter().any(|r| r == &e.relation))
        .collect();

    let chosen: BTreeSet<&str> = match &opts.focus {
        Some(focus) => {
            let start = graph
                .node(focus)
                .ok_or_else(|| RenderError::UnknownFocus(focus.clone()))?;
            let mut adjacent: HashMap<&str, Vec<&str>> = HashMap::new();
            for e in &kept {
                adjacent.entry(&e.source).or_default().push(&e.target);
                adjacent.entry(&e.target).or_default().push(&e.source);
            }
            let mut seen: BTreeSet<&str> = BTreeSet::from([start.id.as_str()]);
            let mut queue = VecDeque::from([(start.id.as_str(), 0usize)]);
            while let Some((id, d)) = queue.pop_front() {
                if d >= opts.depth.max(1) {
                    continue;
                }
                for &next in adjacent.get(id).map(Vec::as_slice).unwrap_or_default() {
                    if seen.insert(next) {
                        queue.push_back((next, d + 1));
                    }
                }
            }
            seen
        }
        None => kept
            .iter()
            .flat_map(|e| [e.source.as_str(), e.target.as_str()])
            .collect(),
    };
    if chosen.is_empty() {
        let why = if graph.edge_count() == 0 {
            "the graph has no relations".to_string()
        } else {
            describe_filters(opts)
        };
        return Err(RenderError::Nothing(why));
    }
    let nodes: Vec<Node> = chosen
        .iter()
        .filter_map(|id| graph.node(id))
        .cloned()
        .collect();
    let edges: Vec<Edge> = kept
        .into_iter()
        .filter(|e| chosen.contains(e.source.as_str()) && chosen.contains(e.target.as_str()))
        .cloned()
        .collect();
    Ok(KnowledgeGraph::new(graph.documents.clone(), nodes, edges))
}

fn describe_filters(opts: &Options) -> String {
    let mut parts = Vec::new();
    if opts.min_weight > 1 {
        parts.push(format!("--min-weight {}", opts.min_weight));
    }
    if !opts.relations.is_empty() {
        parts.push(format!("--relation {}", opts.relations.join(", ")));
    }
    if parts.is_empty() {
        "every relation in the graph is negated; pass --show-negated to draw them".into()
    } else {
        format!("no relation passes {}", parts.join(" and "))
    }
}

/// Draws the selected part of a graph as `target`. SVG, PNG and PDF run
/// Graphviz; HTML uses Graphviz for positions when it is there and lets the
/// page lay itself out when it is not.
pub fn render(
    graph: &KnowledgeGraph,
    lex: &Lexicon,
    target: Target,
    opts: &Options,
) -> Result<Drawing, RenderError> {
    // The page carries negated edges too, behind its certainty filter.
    let view = if target == Target::Html {
        select(
            graph,
            lex,
            &Options {
                show_negated: true,
                ..opts.clone()
            },
        )?
    } else {
        select(graph, lex, opts)?
    };
    let layout = opts
        .layout
        .unwrap_or_else(|| Layout::for_size(view.node_count()));
    let mut warnings = Vec::new();
    let mut drawn_by = Some(layout);
    let style = dot::Style {
        layout,
        focus: opts.focus.clone(),
        dpi: if target == Target::Png {
            Some(144)
        } else {
            None
        },
        legend: true,
    };
    let bytes = match target {
        Target::Dot => dot::styled(&view, graph, lex, &style).into_bytes(),
        Target::Html => {
            // Graphviz places the nodes (the page's own force layout is the
            // fallback without it: slower, and poorer on long chains).
            let positions = {
                let layout = opts
                    .layout
                    .unwrap_or_else(|| Layout::for_page(view.node_count()));
                let bare = dot::Style {
                    layout,
                    legend: false,
                    ..style
                };
                let source = dot::styled(&view, graph, lex, &bare);
                drawn_by = Some(layout);
                match graphviz::positions(&source, view.node_count(), layout) {
                    Ok(p) => Some(p),
                    Err(RenderError::GraphvizMissing { .. }) => {
                        warnings.push(
                            "Graphviz is not installed, so the page lays the graph out itself, slowly for a \
                             graph this size; install it (`apt-get install graphviz` or `brew install graphviz`)"
                                .into(),
                        );
                        None
                    }
                    Err(e) => {
                        warnings.push(format!("{e}; the page lays the graph out itself"));
                        None
                    }
                }
            };
            if positions.is_none() {
                drawn_by = None;
            }
            html::page(&view, graph, lex, positions.as_ref(), opts).into_bytes()
        }
        Target::Svg | Target::Png | Target::Pdf => {
            let source = dot::styled(&view, graph, lex, &style);
            let out = graphviz::run(&source, target.extension(), layout)?;
            warnings.extend(out.warnings);
            out.bytes
        }
    };
    Ok(Drawing {
        bytes,
        layout: drawn_by,
        nodes: view.node_count(),
        edges: view.edge_count(),
        warnings,
    })
}

/// Positions of nodes by id, in points with y growing downwards.
pub type Positions = BTreeMap<String, (f64, f64)>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentInfo, Evidence, NodeType};

    fn node(id: &str) -> Node {
        Node {
            id: id.into(),
            label: id.to_uppercase(),
            node_type: NodeType::State,
            aliases: vec![],
            mentions: 1,
            documents: vec!["d".into()],
            attributes: BTreeMap::new(),
        }
    }

    fn edge(s: &str, r: &str, t: &str, c: Certainty, w: usize) -> Edge {
        Edge {
            key: Edge::key_of(s, r, t),
            source: s.into(),
            target: t.into(),
            relation: r.into(),
            certainty: c,
            label: Edge::label_of(r, c),
            weight: w,
            attributes: BTreeMap::new(),
            evidence: vec![Evidence {
                document: "d".into(),
                sentence: 0,
                start: 0,
                end: 1,
                text: "x".into(),
                certainty: c,
                attributed_to: None,
            }],
        }
    }

    /// a -warns-> b -meets-> c -supplies?-> d, e -denies(negated)-> a, f alone.
    fn chain() -> KnowledgeGraph {
        KnowledgeGraph::new(
            vec![DocumentInfo {
                id: "d".into(),
                path: "d.txt".into(),
                sha256: String::new(),
                sentences: 1,
            }],
            ["a", "b", "c", "d", "e", "f"]
                .iter()
                .map(|i| node(i))
                .collect(),
            vec![
                edge("a", "warns", "b", Certainty::Asserted, 3),
                edge("b", "meets", "c", Certainty::Asserted, 1),
                edge("c", "supplies", "d", Certainty::Hedged, 2),
                edge("e", "denies", "a", Certainty::Negated, 1),
            ],
        )
    }

    fn ids(g: &KnowledgeGraph) -> Vec<&str> {
        g.nodes().iter().map(|n| n.id.as_str()).collect()
    }

    fn lex() -> Lexicon {
        crate::lexicon::builtin().unwrap()
    }

    #[test]
    fn whole_graph_hides_negated_edges_and_lone_actors() {
        let v = select(&chain(), &lex(), &Options::default()).unwrap();
        assert_eq!(ids(&v), ["a", "b", "c", "d"]);
        assert_eq!(v.edge_count(), 3);
        let all = select(
            &chain(),
            &lex(),
            &Options {
                show_negated: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&all), ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn ego_network_follows_edges_both_ways_to_the_depth() {
        let focus = |id: &str, depth| Options {
            focus: Some(id.into()),
            depth,
            ..Options::default()
        };
        assert_eq!(
            ids(&select(&chain(), &lex(), &focus("b", 1)).unwrap()),
            ["a", "b", "c"]
        );
        assert_eq!(
            ids(&select(&chain(), &lex(), &focus("b", 2)).unwrap()),
            ["a", "b", "c", "d"]
        );
        // A lone actor is drawn alone rather than refused.
        assert_eq!(
            ids(&select(&chain(), &lex(), &focus("f", 1)).unwrap()),
            ["f"]
        );
        assert_eq!(
            select(&chain(), &lex(), &focus("zz", 1)).unwrap_err(),
            RenderError::UnknownFocus("zz".into())
        );
    }

    #[test]
    fn weight_and_relation_filters() {
        let v = select(
            &chain(),
            &lex(),
            &Options {
                min_weight: 2,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&v), ["a", "b", "c", "d"]);
        assert_eq!(v.edge_count(), 2);
        let v = select(
            &chain(),
            &lex(),
            &Options {
                relations: vec!["supplies".into()],
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&v), ["c", "d"]);
        let none = select(
            &chain(),
            &lex(),
            &Options {
                relations: vec!["attacks".into()],
                ..Options::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            none.to_string(),
            "nothing to draw: no relation passes --relation attacks"
        );
        let bad = select(
            &chain(),
            &lex(),
            &Options {
                relations: vec!["warn".into()],
                ..Options::default()
            },
        )
        .unwrap_err();
        assert!(
            bad.to_string()
                .starts_with("unknown relation `warn` (known relations: accuses, attacks,"),
            "{bad}"
        );
    }

    #[test]
    fn layout_by_size_and_target_by_extension() {
        assert_eq!(Layout::for_size(36), Layout::Dot);
        assert_eq!(Layout::for_size(200), Layout::Neato);
        assert_eq!(Layout::for_size(2000), Layout::Sfdp);
        assert_eq!("SFDP".parse::<Layout>(), Ok(Layout::Sfdp));
        assert!("spring"
            .parse::<Layout>()
            .unwrap_err()
            .to_string()
            .contains("expected one of: dot, neato"));
        assert_eq!(Target::from_path(Path::new("a/b.SVG")), Ok(Target::Svg));
        assert_eq!(Target::from_path(Path::new("b.htm")), Ok(Target::Html));
        assert_eq!(Target::from_path(Path::new("b.gv")), Ok(Target::Dot));
        assert!(Target::from_path(Path::new("b.jpeg"))
            .unwrap_err()
            .to_string()
            .contains(".svg, .png, .pdf, .html or .dot"));
    }

    #[test]
    fn relation_families_come_from_the_ontology() {
        let lex = lex();
        assert_eq!(family(&lex, "warns"), "hostile");
        assert_eq!(family(&lex, "declines_comment"), "hostile");
        assert_eq!(family(&lex, "visited"), "cooperative");
        assert_eq!(family(&lex, "part_of"), "affiliation");
        assert_eq!(family(&lex, "invented"), "other");
        assert!(symmetric(&lex, "meets"));
        assert!(!symmetric(&lex, "warns"));
    }
}
