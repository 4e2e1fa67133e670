//! GEXF 1.3, Gephi's own format (networkx's `read_gexf` reads it too).
//!
//! Labels and weights are GEXF's native `label` and `weight`; the edge's
//! relation is also its `kind`, so that Gephi keeps two relations between
//! the same pair of actors as parallel edges. Everything else is a declared
//! attribute; lists and the evidence are JSON strings.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::escape::{evidence_json, json_list, xml_attr};
use super::Exporter;
use crate::graph::GraphView;

pub struct Gexf;

impl Exporter for Gexf {
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        to_gexf(graph).into_bytes()
    }

    fn write(&self, graph: &dyn GraphView, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        write_gexf(graph, out)?;
        graph.check()
    }
}

const NODE_ATTRS: &[(&str, &str)] = &[
    ("type", "string"),
    ("aliases", "string"),
    ("mentions", "integer"),
    ("documents", "string"),
];

const EDGE_ATTRS: &[(&str, &str)] = &[("relation", "string"), ("certainty", "string")];

/// The GEXF document of a graph.
pub fn to_gexf(graph: &dyn GraphView) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and every piece is UTF-8.
    let _ = write_gexf(graph, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams the GEXF document of a graph, a node or edge at a time.
pub fn write_gexf(graph: &dyn GraphView, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (node_extra, edge_extra) = super::graphml::extra_names(graph, NODE_ATTRS, EDGE_ATTRS);
    let node_extra: BTreeSet<&str> = node_extra.iter().map(String::as_str).collect();
    let edge_extra: BTreeSet<&str> = edge_extra.iter().map(String::as_str).collect();
    let node_attrs: Vec<(&str, &str)> = NODE_ATTRS
        .iter()
        .copied()
        .chain(node_extra.iter().map(|k| (*k, "string")))
        .collect();
    let edge_attrs: Vec<(&str, &str)> = EDGE_ATTRS
        .iter()
        .copied()
        .chain(edge_extra.iter().map(|k| (*k, "string")))
        .chain([("evidence", "string")])
        .collect();

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    );
    out.push_str("  <meta>\n    <creator>newsgraph</creator>\n  </meta>\n");
    out.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n");
    for (class, prefix, attrs) in [("node", 'n', &node_attrs), ("edge", 'e', &edge_attrs)] {
        let _ = writeln!(out, "    <attributes class=\"{class}\">");
        for (i, (title, ty)) in attrs.iter().enumerate() {
            let _ = writeln!(
                out,
                "      <attribute id=\"{prefix}{i}\" title=\"{}\" type=\"{ty}\"/>",
                xml_attr(title)
            );
        }
        out.push_str("    </attributes>\n");
    }
    out.push_str("    <nodes>\n");
    for n in graph.nodes() {
        w.write_all(out.as_bytes())?;
        out.clear();
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            xml_attr(&n.id),
            xml_attr(&n.label)
        );
        out.push_str("        <attvalues>\n");
        for (i, (title, _)) in node_attrs.iter().enumerate() {
            let value = match *title {
                "type" => Some(n.node_type.as_str().to_string()),
                "aliases" => Some(json_list(&n.aliases)),
                "mentions" => Some(n.mentions.to_string()),
                "documents" => Some(json_list(&n.documents)),
                other => n.attributes.get(other).cloned(),
            };
            attvalue(&mut out, 'n', i, value.as_deref());
        }
        out.push_str("        </attvalues>\n      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for e in graph.edges(true) {
        w.write_all(out.as_bytes())?;
        out.clear();
        let _ = writeln!(
            out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" kind=\"{}\" label=\"{}\" weight=\"{}\">",
            xml_attr(&e.key),
            xml_attr(&e.source),
            xml_attr(&e.target),
            xml_attr(&e.relation),
            xml_attr(&e.label),
            e.weight
        );
        out.push_str("        <attvalues>\n");
        for (i, (title, _)) in edge_attrs.iter().enumerate() {
            let value = match *title {
                "relation" => Some(e.relation.clone()),
                "certainty" => Some(e.certainty.as_str().to_string()),
                "evidence" => Some(evidence_json(&e)),
                other => e.attributes.get(other).cloned(),
            };
            attvalue(&mut out, 'e', i, value.as_deref());
        }
        out.push_str("        </attvalues>\n      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    w.write_all(out.as_bytes())
}

fn attvalue(out: &mut String, prefix: char, i: usize, value: Option<&str>) {
    if let Some(v) = value {
        let _ = writeln!(
            out,
            "          <attvalue for=\"{prefix}{i}\" value=\"{}\"/>",
            xml_attr(v)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_graph::hostile_pair;

    #[test]
    fn writes_native_labels_weights_and_kinds() {
        let xml = to_gexf(&hostile_pair());
        assert!(xml.contains(
            "<node id=\"tom &amp; &quot;jerry&quot;&#10;\" label=\"Tom &amp; &quot;Jerry&quot; &lt;b&gt; \\ {x}; 'q'&#10;Жуков 東京 😀\u{FFFD}\">"
        ));
        assert!(xml.contains("kind=\"supplies\" label=\"supplies?\" weight=\"1\">"));
        assert!(xml.contains("<attribute id=\"n2\" title=\"mentions\" type=\"integer\"/>"));
        assert!(xml.contains("<attvalue for=\"n5\" value=\"Q423\"/>"));
    }
}
