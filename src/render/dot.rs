//! The styled DOT of a diagram: shapes and colours by node type, line
//! colours by relation family, dashed hedged edges, line width from weight,
//! evidence sentences as tooltips and a legend as the graph's HTML-like
//! label. Like the DOT export, every id and label is quoted and escaped
//! here, because graphviz-rust escapes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::{family, family_color, symmetric, Layout};
use crate::export::dot::{node_style, quote};
use crate::graph::KnowledgeGraph;
use crate::lexicon::Lexicon;
use crate::model::{Certainty, Edge, Node, NodeType};

/// How a diagram is drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    pub layout: Layout,
    /// The node drawn with a heavy border: the centre of an ego network.
    pub focus: Option<String>,
    /// Pixels per inch for bitmaps.
    pub dpi: Option<u32>,
    /// Whether the legend is drawn (it is left out when only positions are
    /// wanted).
    pub legend: bool,
}

/// Node labels are wrapped to lines of about this many characters.
pub const WRAP: usize = 16;
/// A tooltip lists at most this many evidence sentences.
pub const TOOLTIP_EVIDENCE: usize = 6;
/// An evidence sentence in a tooltip is cut after this many characters.
pub const TOOLTIP_CHARS: usize = 280;

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.into()), quote(v))
}

/// The border colour of a node type: a darker shade of its fill.
pub fn border_color(t: NodeType) -> &'static str {
    match t {
        NodeType::Person => "#b7791f",
        NodeType::State => "#3b6ea5",
        NodeType::Institution => "#4d8c45",
        NodeType::Place | NodeType::Other => "#888888",
    }
}

/// Breaks a label into lines of about `width` characters at spaces; a word
/// longer than that stays whole.
pub fn wrap(label: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// Cuts text after `max` characters, with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push('…');
    s
}

/// The width of an edge's line: thicker the more documents support it.
pub fn pen_width(edge: &Edge, family: &str) -> f64 {
    if family == "affiliation" {
        return 0.8;
    }
    (1.2 + 1.6 * (edge.weight.max(1) as f64).ln()).min(6.0)
}

fn node_tooltip(n: &Node) -> String {
    let mut s = format!("{} ({})", n.label, n.node_type);
    if !n.aliases.is_empty() {
        let shown: Vec<&str> = n.aliases.iter().take(8).map(String::as_str).collect();
        let more = n.aliases.len().saturating_sub(shown.len());
        let _ = write!(s, "\nalso: {}", shown.join(", "));
        if more > 0 {
            let _ = write!(s, " and {more} more");
        }
    }
    let _ = write!(
        s,
        "\nmentioned {} time{} in {} document{}",
        n.mentions,
        if n.mentions == 1 { "" } else { "s" },
        n.documents.len(),
        if n.documents.len() == 1 { "" } else { "s" }
    );
    s
}

/// The evidence of an edge as plain text: a headline, then one line per
/// sentence with its document, sentence number and speaker.
pub fn edge_tooltip(names: &KnowledgeGraph, e: &Edge) -> String {
    let name = |id: &str| {
        names
            .node(id)
            .map(|n| n.label.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut s = format!(
        "{} {} {} ({}; {} document{})",
        name(&e.source),
        e.label,
        name(&e.target),
        e.certainty,
        e.weight,
        if e.weight == 1 { "" } else { "s" }
    );
    for v in e.evidence.iter().take(TOOLTIP_EVIDENCE) {
        let _ = write!(s, "\n\n[{}, sentence {}", v.document, v.sentence);
        if let Some(who) = &v.attributed_to {
            let _ = write!(s, ", said by {}", name(who));
        }
        if v.certainty != e.certainty {
            let _ = write!(s, ", {}", v.certainty);
        }
        let _ = write!(s, "] {}", clip(&v.text, TOOLTIP_CHARS));
    }
    let more = e.evidence.len().saturating_sub(TOOLTIP_EVIDENCE);
    if more > 0 {
        let _ = write!(s, "\n\n… and {more} more");
    }
    s
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Escapes text for an HTML-like Graphviz label.
fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The legend: the node types and relation families that the diagram
/// shows, as a Graphviz HTML-like table.
pub fn legend(graph: &KnowledgeGraph, lex: &Lexicon) -> String {
    let types: BTreeSet<NodeType> = graph.nodes().iter().map(|n| n.node_type).collect();
    let mut families: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut hedged = false;
    let mut negated = false;
    for e in graph.edges() {
        families
            .entry(family(lex, &e.relation))
            .or_default()
            .insert(&e.relation);
        hedged |= e.certainty == Certainty::Hedged;
        negated |= e.certainty == Certainty::Negated;
    }
    let mut t = String::from(
        "<TABLE BORDER=\"1\" COLOR=\"#bbbbbb\" CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"3\" BGCOLOR=\"#ffffff\">",
    );
    let _ = write!(
        t,
        "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>Legend</B>  {}, {}, {}</TD></TR>",
        count(graph.node_count(), "actor"),
        count(graph.edge_count(), "relation"),
        count(graph.documents.len(), "document")
    );
    for ty in types {
        let (shape, fill) = node_style(ty);
        let _ = write!(
            t,
            "<TR><TD BGCOLOR=\"{fill}\" BORDER=\"1\" COLOR=\"{}\">{}</TD><TD ALIGN=\"LEFT\">{shape}</TD></TR>",
            border_color(ty),
            ty.as_str()
        );
    }
    for fam in ["hostile", "cooperative", "affiliation", "other"] {
        let Some(names) = families.get(fam) else {
            continue;
        };
        let names: Vec<&str> = names.iter().copied().collect();
        let _ = write!(
            t,
            "<TR><TD><FONT COLOR=\"{}\"><B>———</B></FONT></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">{fam}: {}</TD></TR>",
            family_color(fam),
            wrap(&names.join(", "), 56).lines().map(html_text).collect::<Vec<_>>().join("<BR ALIGN=\"LEFT\"/>")
        );
    }
    if hedged {
        t.push_str("<TR><TD>- - -</TD><TD ALIGN=\"LEFT\">hedged: alleged, planned, possible (label ends in ?)</TD></TR>");
    }
    if negated {
        t.push_str("<TR><TD>· · ·</TD><TD ALIGN=\"LEFT\">negated: the text says it did not happen</TD></TR>");
    }
    t.push_str(
        "<TR><TD>─ <B>━━</B></TD><TD ALIGN=\"LEFT\">thicker line: read in more documents</TD></TR>",
    );
    t.push_str("</TABLE>");
    t
}

/// The DOT structure of a diagram.
/// `graph` is the part drawn; `names` (usually the whole graph) gives the
/// names of speakers who are not drawn.
pub fn to_graph(
    graph: &KnowledgeGraph,
    names: &KnowledgeGraph,
    lex: &Lexicon,
    style: &Style,
) -> Graph {
    let large = graph.node_count() > 300;
    let mut g = vec![
        attr("fontname", "Helvetica"),
        attr("fontsize", "11"),
        attr("bgcolor", "white"),
        attr("pad", "0.3"),
        attr("outputorder", "edgesfirst"),
    ];
    match style.layout {
        Layout::Dot => {
            g.push(attr("rankdir", "LR"));
            g.push(attr("nodesep", "0.3"));
            g.push(attr("ranksep", "0.8"));
            g.push(attr("splines", "true"));
        }
        Layout::Neato | Layout::Fdp | Layout::Sfdp => {
            g.push(attr("overlap", "prism"));
            g.push(attr("sep", "+10"));
            // Curved edges around nodes cost minutes on thousands of nodes.
            g.push(attr("splines", if large { "false" } else { "true" }));
        }
        Layout::Circo => {
            g.push(attr("overlap", "false"));
            g.push(attr("splines", "true"));
        }
    }
    if let Some(dpi) = style.dpi {
        g.push(attr("dpi", &dpi.to_string()));
        // A bitmap of thousands of actors would otherwise run to hundreds
        // of megabytes; Graphviz scales a larger drawing down to this.
        g.push(attr("size", "40,40"));
    }
    if style.legend {
        g.push(Attribute(
            Id::Plain("label".into()),
            Id::Html(format!("<{}>", legend(graph, lex))),
        ));
        g.push(attr("labelloc", "b"));
        g.push(attr("labeljust", "r"));
    }
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(g)),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "11"),
            attr("margin", "0.08,0.04"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "9"),
            attr("arrowsize", "0.7"),
        ])),
    ];
    for n in graph.nodes() {
        let (shape, fill) = node_style(n.node_type);
        let focus = style.focus.as_deref() == Some(n.id.as_str());
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(quote(&n.id), None),
            vec![
                attr("label", &wrap(&n.label, WRAP)),
                attr("shape", shape),
                attr("fillcolor", fill),
                attr("color", border_color(n.node_type)),
                attr("penwidth", if focus { "3" } else { "1" }),
                attr("tooltip", &node_tooltip(n)),
            ],
        )));
    }
    for e in graph.edges() {
        let fam = family(lex, &e.relation);
        let color = family_color(fam);
        let mut a = vec![
            attr("label", &e.label),
            attr("color", color),
            attr(
                "fontcolor",
                if fam == "affiliation" {
                    "#808080"
                } else {
                    color
                },
            ),
            attr("penwidth", &format!("{:.1}", pen_width(e, fam))),
            attr("tooltip", &edge_tooltip(names, e)),
        ];
        match e.certainty {
            Certainty::Asserted => {}
            Certainty::Hedged => a.push(attr("style", "dashed")),
            Certainty::Negated => a.push(attr("style", "dotted")),
        }
        if fam == "affiliation" {
            a.push(attr("fontsize", "8"));
            a.push(attr("arrowsize", "0.5"));
        }
        if symmetric(lex, &e.relation) {
            a.push(attr("dir", "none"));
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quote(&e.source), None)),
                Vertex::N(NodeId(quote(&e.target), None)),
            ),
            attributes: a,
        }));
    }
    Graph::DiGraph {
        id: quote("newsgraph"),
        strict: false,
        stmts,
    }
}

/// The styled DOT source of a diagram.
pub fn styled(
    graph: &KnowledgeGraph,
    names: &KnowledgeGraph,
    lex: &Lexicon,
    style: &Style,
) -> String {
    let mut s = to_graph(graph, names, lex, style).print(&mut PrinterContext::default());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_at_spaces() {
        assert_eq!(
            wrap("Democratic People's Republic of Korea", 16),
            "Democratic\nPeople's\nRepublic of\nKorea"
        );
        assert_eq!(wrap("Kim Jong Un", 16), "Kim Jong Un");
        assert_eq!(
            wrap("Supercalifragilisticexpialidocious Inc", 16),
            "Supercalifragilisticexpialidocious\nInc"
        );
    }

    #[test]
    fn html_label_text_is_escaped() {
        assert_eq!(html_text("<b>&\"x'"), "&lt;b&gt;&amp;&quot;x&#39;");
    }

    #[test]
    fn heavier_edges_draw_thicker_and_affiliations_thin() {
        let mut e = Edge {
            key: "a|warns|b".into(),
            source: "a".into(),
            target: "b".into(),
            relation: "warns".into(),
            certainty: Certainty::Asserted,
            label: "warns".into(),
            weight: 1,
            attributes: Default::default(),
            evidence: vec![],
        };
        let one = pen_width(&e, "hostile");
        e.weight = 4;
        assert!(pen_width(&e, "hostile") > one);
        e.weight = 1000;
        assert_eq!(pen_width(&e, "hostile"), 6.0);
        assert_eq!(pen_width(&e, "affiliation"), 0.8);
    }
}
