//! The DOT export renders whatever the names hold.

use std::collections::BTreeMap;
use std::process::Command;

use newsgraph::export::Format;
use newsgraph::model::{Certainty, DocumentInfo, Edge, Evidence, Node, NodeType};
use newsgraph::KnowledgeGraph;

fn node(id: &str, label: &str, t: NodeType) -> Node {
    Node {
        id: id.into(),
        label: label.into(),
        node_type: t,
        aliases: vec![],
        mentions: 1,
        documents: vec!["d".into()],
        attributes: BTreeMap::new(),
    }
}

#[test]
fn hostile_names_render() {
    let names = [
        ("q", "He said \"no\" ; }", NodeType::Person),
        ("b", "C:\\path\\ {graph} <html> & co", NodeType::Institution),
        ("n", "line one\nline two", NodeType::State),
        ("u", "Путин 金正恩 🚀 محمد", NodeType::Person),
        ("digraph", "-- -> strict", NodeType::Other),
    ];
    let nodes: Vec<Node> = names.iter().map(|(i, l, t)| node(i, l, *t)).collect();
    let mut edges = Vec::new();
    for (s, t) in [("q", "b"), ("n", "u"), ("u", "digraph")] {
        edges.push(Edge {
            key: Edge::key_of(s, "warns", t),
            source: s.into(),
            target: t.into(),
            relation: "warns".into(),
            certainty: Certainty::Hedged,
            label: "warns?".into(),
            weight: 1,
            attributes: BTreeMap::new(),
            evidence: vec![Evidence {
                document: "d".into(),
                sentence: 0,
                start: 0,
                end: 3,
                text: "\"x\" \\ }".into(),
                certainty: Certainty::Hedged,
                attributed_to: None,
            }],
        });
    }
    let doc = DocumentInfo {
        id: "d".into(),
        path: "d".into(),
        sha256: String::new(),
        sentences: 1,
    };
    let g = KnowledgeGraph::new(vec![doc], nodes, edges);
    let dot = Format::Dot.exporter().export(&g);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.dot");
    std::fs::write(&path, &dot).unwrap();
    let o = Command::new("dot")
        .arg("-Tsvg")
        .arg(&path)
        .output()
        .expect("Graphviz `dot` is installed");
    assert!(
        o.status.success(),
        "dot refused it: {}\n{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&dot)
    );
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(svg.contains("He said &quot;no&quot; ; }"), "{svg}");
    assert!(
        svg.contains("C:\\path\\ {graph} &lt;html&gt; &amp; co"),
        "{svg}"
    );
    assert!(svg.contains("Путин 金正恩 🚀 محمد"));
    assert!(svg.contains("line one") && svg.contains("line two"));
    assert_eq!(svg.matches("<g id=\"node").count(), 5);
    assert_eq!(svg.matches("<g id=\"edge").count(), 3);
}
