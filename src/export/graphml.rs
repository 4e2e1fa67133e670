//! GraphML, as networkx's `read_graphml`, Gephi and yEd read it.
//!
//! Every node and edge attribute gets a typed `<key>`: the fixed ones of the
//! JSON graph first, then the extra attributes found in the graph (`iso2`,
//! `wikidata`, `cameo`…), sorted by name. Lists (`aliases`, `documents`) and
//! the evidence are JSON strings, since GraphML has no list type. The edge
//! key is the `<edge id>`, which networkx takes as the multigraph key; it is
//! not repeated as a data attribute because networkx would then be handed
//! `key` twice.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::escape::{evidence_json, json_list, xml_attr, xml_text};
use super::Exporter;
use crate::graph::GraphView;

pub struct GraphMl;

impl Exporter for GraphMl {
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        to_graphml(graph).into_bytes()
    }

    fn write(&self, graph: &dyn GraphView, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        write_graphml(graph, out)?;
        graph.check()
    }
}

/// One `<key>`: its id in the file, what it is for, its name and type.
struct Key {
    id: String,
    name: String,
    ty: &'static str,
}

fn keys(prefix: char, fixed: &[(&str, &'static str)], extra: &BTreeSet<&str>) -> Vec<Key> {
    fixed
        .iter()
        .map(|&(name, ty)| (name.to_string(), ty))
        .chain(extra.iter().map(|name| (name.to_string(), "string")))
        .enumerate()
        .map(|(i, (name, ty))| Key {
            id: format!("{prefix}{i}"),
            name,
            ty,
        })
        .collect()
}

const NODE_KEYS: &[(&str, &str)] = &[
    ("id", "string"),
    ("label", "string"),
    ("type", "string"),
    ("aliases", "string"),
    ("mentions", "int"),
    ("documents", "string"),
];

const EDGE_KEYS: &[(&str, &str)] = &[
    ("relation", "string"),
    ("certainty", "string"),
    ("label", "string"),
    ("weight", "int"),
];

/// The GraphML document of a graph.
pub fn to_graphml(graph: &dyn GraphView) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and every piece is UTF-8.
    let _ = write_graphml(graph, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The extra attribute names of nodes and of edges (a pass that reads no
/// evidence), less the fixed ones.
pub(super) fn extra_names(
    graph: &dyn GraphView,
    node_fixed: &[(&str, &str)],
    edge_fixed: &[(&str, &str)],
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut nodes = BTreeSet::new();
    for n in graph.nodes() {
        for k in n.attributes.keys() {
            if !node_fixed.iter().any(|(f, _)| f == k) && !nodes.contains(k) {
                nodes.insert(k.clone());
            }
        }
    }
    let mut edges = BTreeSet::new();
    for e in graph.edges(false) {
        for k in e.attributes.keys() {
            if k != "evidence" && !edge_fixed.iter().any(|(f, _)| f == k) && !edges.contains(k) {
                edges.insert(k.clone());
            }
        }
    }
    (nodes, edges)
}

/// Streams the GraphML document of a graph, a node or edge at a time.
pub fn write_graphml(graph: &dyn GraphView, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (node_extra, edge_extra) = extra_names(graph, NODE_KEYS, EDGE_KEYS);
    let node_extra: BTreeSet<&str> = node_extra.iter().map(String::as_str).collect();
    let edge_extra: BTreeSet<&str> = edge_extra.iter().map(String::as_str).collect();
    let node_keys = keys('n', NODE_KEYS, &node_extra);
    let mut edge_keys = keys('e', EDGE_KEYS, &edge_extra);
    edge_keys.push(Key {
        id: format!("e{}", edge_keys.len()),
        name: "evidence".into(),
        ty: "string",
    });

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (domain, ks) in [("node", &node_keys), ("edge", &edge_keys)] {
        for k in ks {
            let _ = writeln!(
                out,
                "  <key id=\"{}\" for=\"{domain}\" attr.name=\"{}\" attr.type=\"{}\"/>",
                k.id,
                xml_attr(&k.name),
                k.ty
            );
        }
    }
    out.push_str("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
    for n in graph.nodes() {
        w.write_all(out.as_bytes())?;
        out.clear();
        let _ = writeln!(out, "    <node id=\"{}\">", xml_attr(&n.id));
        for k in &node_keys {
            let value = match k.name.as_str() {
                "id" => Some(n.id.clone()),
                "label" => Some(n.label.clone()),
                "type" => Some(n.node_type.as_str().to_string()),
                "aliases" => Some(json_list(&n.aliases)),
                "mentions" => Some(n.mentions.to_string()),
                "documents" => Some(json_list(&n.documents)),
                other => n.attributes.get(other).cloned(),
            };
            data(&mut out, "      ", &k.id, value.as_deref());
        }
        out.push_str("    </node>\n");
    }
    for e in graph.edges(true) {
        w.write_all(out.as_bytes())?;
        out.clear();
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            xml_attr(&e.key),
            xml_attr(&e.source),
            xml_attr(&e.target)
        );
        for k in &edge_keys {
            let value = match k.name.as_str() {
                "relation" => Some(e.relation.clone()),
                "certainty" => Some(e.certainty.as_str().to_string()),
                "label" => Some(e.label.clone()),
                "weight" => Some(e.weight.to_string()),
                "evidence" => Some(evidence_json(&e)),
                other => e.attributes.get(other).cloned(),
            };
            data(&mut out, "      ", &k.id, value.as_deref());
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    w.write_all(out.as_bytes())
}

fn data(out: &mut String, indent: &str, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        let _ = writeln!(out, "{indent}<data key=\"{key}\">{}</data>", xml_text(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_graph::hostile_pair;

    #[test]
    fn declares_typed_keys_for_fixed_and_extra_attributes() {
        let xml = to_graphml(&hostile_pair());
        assert!(
            xml.contains("<key id=\"n4\" for=\"node\" attr.name=\"mentions\" attr.type=\"int\"/>")
        );
        assert!(
            xml.contains("<key id=\"n6\" for=\"node\" attr.name=\"iso2\" attr.type=\"string\"/>")
        );
        assert!(xml
            .contains("<key id=\"n7\" for=\"node\" attr.name=\"wikidata\" attr.type=\"string\"/>"));
        assert!(
            xml.contains("<key id=\"e3\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>")
        );
        assert!(
            xml.contains("<key id=\"e4\" for=\"edge\" attr.name=\"cameo\" attr.type=\"string\"/>")
        );
        assert!(xml.contains("attr.name=\"evidence\" attr.type=\"string\"/>"));
    }

    #[test]
    fn escapes_markup_and_drops_characters_xml_forbids() {
        let xml = to_graphml(&hostile_pair());
        assert!(xml.contains("<data key=\"n1\">Tom &amp; \"Jerry\" &lt;b&gt; \\ {x}; 'q'\nЖуков 東京 😀\u{FFFD}</data>"));
        assert!(xml.contains("<node id=\"tom &amp; &quot;jerry&quot;&#10;\">"));
        assert!(xml.contains("<edge id=\"tom &amp; &quot;jerry&quot;&#10;|warns|north-korea\""));
        // The evidence is a JSON string inside escaped XML text.
        assert!(xml.contains(r#"He said: \"Stop\" \\ &lt;now&gt; &amp; 'then'\r\nЖ 😀"#));
        assert!(!xml.contains('\u{1}'));
    }
}
