//! Graphviz DOT, built with graphviz-rust's structures. graphviz-rust
//! escapes nothing, so every id and label is quoted and escaped here: the
//! output renders with `dot` whatever the names hold.

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::Exporter;
use crate::graph::KnowledgeGraph;
use crate::model::{Certainty, NodeType};

pub struct Dot;

impl Exporter for Dot {
    fn export(&self, graph: &KnowledgeGraph) -> Vec<u8> {
        let mut s = to_dot(graph).print(&mut PrinterContext::default());
        s.push('\n');
        s.into_bytes()
    }
}

/// A DOT string literal: quoted, with backslashes, quotes and line breaks
/// escaped, and control characters dropped.
pub fn quote(s: &str) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.into()), quote(v))
}

/// Shape and fill colour by node type.
pub fn node_style(t: NodeType) -> (&'static str, &'static str) {
    match t {
        NodeType::Person => ("ellipse", "#fde2b8"),
        NodeType::State => ("box", "#bcd7f5"),
        NodeType::Institution => ("hexagon", "#c9ebc4"),
        NodeType::Place => ("house", "#eeeeee"),
        NodeType::Other => ("note", "#eeeeee"),
    }
}

/// The DOT graph structure of a knowledge graph. Negated edges are drawn
/// dotted and grey, hedged ones dashed.
pub fn to_dot(graph: &KnowledgeGraph) -> Graph {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("overlap", "false"),
            attr("splines", "true"),
            attr("fontname", "Helvetica"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", "Helvetica"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "10"),
        ])),
    ];
    for n in graph.nodes() {
        let (shape, fill) = node_style(n.node_type);
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(quote(&n.id), None),
            vec![
                attr("label", &n.label),
                attr("shape", shape),
                attr("fillcolor", fill),
                attr("tooltip", &format!("{} ({})", n.label, n.node_type)),
            ],
        )));
    }
    for e in graph.edges() {
        let style = match e.certainty {
            Certainty::Asserted => "solid",
            Certainty::Hedged => "dashed",
            Certainty::Negated => "dotted",
        };
        let mut attributes = vec![
            attr("label", &e.label),
            attr("style", style),
            attr(
                "penwidth",
                &format!("{:.1}", 1.0 + (e.weight as f64).ln_1p()),
            ),
        ];
        if e.certainty == Certainty::Negated {
            attributes.push(attr("color", "grey"));
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quote(&e.source), None)),
                Vertex::N(NodeId(quote(&e.target), None)),
            ),
            attributes,
        }));
    }
    Graph::DiGraph {
        id: quote("newsgraph"),
        strict: false,
        stmts,
    }
}
