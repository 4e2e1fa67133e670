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
    let nodes = graph.nodes().collect::<Vec<_>>();
    let edges = graph.edges(true).collect::<Vec<_>>();
    let node_extra: BTreeSet<&str> = nodes
        .iter()
        .flat_map(|n| n.attributes.keys().map(String::as_str))
        .filter(|k| !NODE_KEYS.iter().any(|(f, _)| f == k))
        .collect();
    let edge_extra: BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| e.attributes.keys().map(String::as_str))
        .filter(|k| *k != "evidence" && !EDGE_KEYS.iter().any(|(f, _)| f == k))
        .collect();
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
    for n in &nodes {
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
    for e in &edges {
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
                "evidence" => Some(evidence_json(e)),
                other => e.attributes.get(other).cloned(),
            };
            data(&mut out, "      ", &k.id, value.as_deref());
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
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
