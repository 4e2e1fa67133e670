//! Graphviz DOT, built with graphviz-rust's structures. graphviz-rust
//! escapes nothing, so every id and label is quoted and escaped here: the
//! output renders with `dot` whatever the names hold.

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::Exporter;
use crate::graph::GraphView;
use crate::model::{Certainty, NodeType};

pub struct Dot;

impl Exporter for Dot {
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into memory cannot fail.
        let _ = self.write(graph, &mut out);
        out
    }

    /// Streams the graph a statement at a time: the same bytes as
    /// graphviz-rust prints [`to_dot`] with, without the whole graph as
    /// DOT structures in memory.
    fn write(&self, graph: &dyn GraphView, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let head = to_dot_with(&[], &[]).print(&mut PrinterContext::default());
        let head = head.strip_suffix('}').unwrap_or(&head);
        out.write_all(head.as_bytes())?;
        let mut line = String::new();
        for n in graph.nodes() {
            line.clear();
            let (shape, fill) = node_style(n.node_type);
            line.push_str("  ");
            push_quoted(&mut line, &n.id);
            line.push('[');
            let tooltip = format!("{} ({})", n.label, n.node_type);
            push_attrs(
                &mut line,
                &[
                    ("label", &n.label),
                    ("shape", shape),
                    ("fillcolor", fill),
                    ("tooltip", &tooltip),
                ],
            );
            line.push_str("]\n");
            out.write_all(line.as_bytes())?;
        }
        for e in graph.edges(false) {
            line.clear();
            line.push_str("  ");
            push_quoted(&mut line, &e.source);
            line.push_str(" -> ");
            push_quoted(&mut line, &e.target);
            line.push_str(" [");
            let (style, pen) = edge_style(&e);
            let mut attrs = vec![
                ("label", e.label.as_str()),
                ("style", style),
                ("penwidth", &pen),
            ];
            if e.certainty == Certainty::Negated {
                attrs.push(("color", "grey"));
            }
            push_attrs(&mut line, &attrs);
            line.push_str("]\n");
            out.write_all(line.as_bytes())?;
        }
        out.write_all(b"}\n")?;
        graph.check()
    }
}

fn push_quoted(out: &mut String, s: &str) {
    if let Id::Escaped(q) = quote(s) {
        out.push_str(&q);
    }
}

fn push_attrs(out: &mut String, attrs: &[(&str, &str)]) {
    for (i, (k, v)) in attrs.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(k);
        out.push('=');
        push_quoted(out, v);
    }
}

/// An edge's line style by certainty, and its pen width by weight.
fn edge_style(e: &crate::model::Edge) -> (&'static str, String) {
    let style = match e.certainty {
        Certainty::Asserted => "solid",
        Certainty::Hedged => "dashed",
        Certainty::Negated => "dotted",
    };
    (style, format!("{:.1}", 1.0 + (e.weight as f64).ln_1p()))
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
pub fn to_dot(graph: &dyn GraphView) -> Graph {
    let nodes: Vec<_> = graph.nodes().collect();
    let edges: Vec<_> = graph.edges(false).collect();
    let nodes: Vec<&crate::model::Node> = nodes.iter().map(|n| &**n).collect();
    let edges: Vec<&crate::model::Edge> = edges.iter().map(|e| &**e).collect();
    to_dot_with(&nodes, &edges)
}

fn to_dot_with(nodes: &[&crate::model::Node], edges: &[&crate::model::Edge]) -> Graph {
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
    for n in nodes {
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
    for e in edges {
        let (style, pen) = edge_style(e);
        let mut attributes = vec![
            attr("label", &e.label),
            attr("style", style),
            attr("penwidth", &pen),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_graph::hostile_pair;

    #[test]
    fn the_streamed_dot_is_what_graphviz_rust_prints() {
        let g = hostile_pair();
        let mut whole = to_dot(&g).print(&mut PrinterContext::default());
        whole.push('\n');
        assert_eq!(String::from_utf8(Dot.export(&g)).unwrap(), whole);
        let empty = crate::graph::KnowledgeGraph::default();
        let mut none = to_dot(&empty).print(&mut PrinterContext::default());
        none.push('\n');
        assert_eq!(String::from_utf8(Dot.export(&empty)).unwrap(), none);
    }
}
