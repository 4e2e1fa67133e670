//! A small graph with hostile names for the exporters' unit tests.

use std::collections::BTreeMap;

use crate::graph::KnowledgeGraph;
use crate::model::{Certainty, DocumentInfo, Edge, Evidence, Node, NodeType};

/// The id of the hostile person: quotes, an ampersand and a line break.
pub const TOM: &str = "tom & \"jerry\"\n";

/// Its label: markup, quotes, a backslash, braces, a semicolon, a line
/// break, Cyrillic, CJK, an emoji and a control character.
pub const TOM_LABEL: &str = "Tom & \"Jerry\" <b> \\ {x}; 'q'\nЖуков 東京 😀\u{1}";

/// The evidence text of the `warns` edge.
pub const WARNS_TEXT: &str = "He said: \"Stop\" \\ <now> & 'then'\r\nЖ 😀";

fn attrs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn evidence(text: &str, certainty: Certainty, by: Option<&str>) -> Evidence {
    Evidence {
        document: "d1".into(),
        sentence: 0,
        start: 0,
        end: text.chars().count(),
        text: text.into(),
        certainty,
        attributed_to: by.map(str::to_string),
    }
}

fn edge(source: &str, relation: &str, target: &str, certainty: Certainty, ev: Evidence) -> Edge {
    Edge {
        key: Edge::key_of(source, relation, target),
        source: source.into(),
        target: target.into(),
        relation: relation.into(),
        certainty,
        label: Edge::label_of(relation, certainty),
        weight: 1,
        attributes: BTreeMap::new(),
        evidence: vec![ev],
    }
}

/// Two nodes, a hostile person and North Korea, with an asserted `warns`,
/// a hedged `supplies` and a negated `visited` edge.
pub fn hostile_pair() -> KnowledgeGraph {
    let tom = Node {
        id: TOM.into(),
        label: TOM_LABEL.into(),
        node_type: NodeType::Person,
        aliases: vec!["T'om".into(), "Том".into()],
        mentions: 2,
        documents: vec!["d1".into()],
        attributes: BTreeMap::new(),
    };
    let nk = Node {
        id: "north-korea".into(),
        label: "North Korea".into(),
        node_type: NodeType::State,
        aliases: vec![],
        mentions: 3,
        documents: vec!["d1".into()],
        attributes: attrs(&[("iso2", "KP"), ("wikidata", "Q423")]),
    };
    let mut warns = edge(
        TOM,
        "warns",
        "north-korea",
        Certainty::Asserted,
        evidence(WARNS_TEXT, Certainty::Asserted, Some(TOM)),
    );
    warns.attributes = attrs(&[("cameo", "13"), ("plover", "THREATEN")]);
    let supplies = edge(
        "north-korea",
        "supplies",
        TOM,
        Certainty::Hedged,
        evidence("It could supply him.", Certainty::Hedged, None),
    );
    let visited = edge(
        TOM,
        "visited",
        "north-korea",
        Certainty::Negated,
        evidence("He never went there.", Certainty::Negated, None),
    );
    let docs = vec![DocumentInfo {
        id: "d1".into(),
        path: "in/d1.txt".into(),
        sha256: "00".into(),
        sentences: 3,
    }];
    KnowledgeGraph::new(docs, vec![tom, nk], vec![warns, supplies, visited])
}
