//! A Cypher script for Neo4j 5 and Memgraph: uniqueness constraints, then
//! one `MERGE` per node, then one `MERGE` per relationship, each statement
//! on its own line and ended by `;`, so `cypher-shell -f`, `mgconsole` and
//! Kùzu-like engines can run it statement by statement.
//!
//! A node's label comes from its type (`:Person`, `:State`,
//! `:Institution`, any other type `:Actor`), a relationship's type from its
//! relation in upper case (`WARNS`, `COOPERATES_WITH`). Lists are Cypher
//! lists; the evidence is a JSON string, since neither engine stores a list
//! of maps as a property. The constraint syntax differs between the two
//! engines: the script runs Neo4j 5's and gives Memgraph's in a comment
//! beside it. Running the script twice changes nothing.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::escape::evidence_json;
use super::Exporter;
use crate::graph::GraphView;
use crate::model::NodeType;

pub struct Cypher;

impl Exporter for Cypher {
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        to_cypher(graph).into_bytes()
    }

    fn write(&self, graph: &dyn GraphView, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        write_cypher(graph, out)?;
        graph.check()
    }
}

/// The label of a node type.
pub fn label_of(t: NodeType) -> &'static str {
    match t {
        NodeType::Person => "Person",
        NodeType::State => "State",
        NodeType::Institution => "Institution",
        NodeType::Place | NodeType::Other => "Actor",
    }
}

/// A Cypher string literal in single quotes. Quotes, backslashes and every
/// control character are escaped (`\n`, `\t`, `\uXXXX`…); other characters,
/// any script and emoji included, stay as they are in UTF-8.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() && (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            // A control character beyond the BMP does not exist today;
            // dropping one is safer than guessing an engine's escape.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A list of strings as a Cypher list literal.
fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// A label, relationship type or property name: bare when it is a plain
/// identifier, otherwise in backticks with backticks doubled. A backticked
/// name has no other escape, so a control character (a line break would
/// split the statement) becomes U+FFFD and the loss shows.
pub fn name(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        s.to_string()
    } else {
        let shown: String = s
            .chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect();
        format!("`{}`", shown.replace('`', "``"))
    }
}

/// The relationship type of a relation: `cooperates_with` -> `COOPERATES_WITH`.
pub fn rel_type(relation: &str) -> String {
    name(&relation.to_uppercase())
}

/// The Cypher script of a graph.
pub fn to_cypher(graph: &dyn GraphView) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and every piece is UTF-8.
    let _ = write_cypher(graph, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams the Cypher script of a graph, a statement at a time.
pub fn write_cypher(graph: &dyn GraphView, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Each node's type, by id, for the relationships' MATCH clauses.
    let types: std::collections::HashMap<String, NodeType> =
        graph.nodes().map(|n| (n.id.clone(), n.node_type)).collect();
    let mut out = String::new();
    out.push_str("// newsgraph: a knowledge graph as a Cypher script for Neo4j 5 and Memgraph.\n");
    out.push_str(
        "// Neo4j: cypher-shell -f graph.cypher; Memgraph: swap the constraint lines for the\n",
    );
    out.push_str("// commented ones below them, then mgconsole < graph.cypher.\n");
    let labels: BTreeSet<&str> = types.values().map(|&t| label_of(t)).collect();
    for l in &labels {
        let _ = writeln!(
            out,
            "CREATE CONSTRAINT newsgraph_{}_id IF NOT EXISTS FOR (n:{l}) REQUIRE n.id IS UNIQUE;",
            l.to_ascii_lowercase()
        );
        let _ = writeln!(
            out,
            "// Memgraph: CREATE CONSTRAINT ON (n:{l}) ASSERT n.id IS UNIQUE;"
        );
    }
    for n in graph.nodes() {
        w.write_all(out.as_bytes())?;
        out.clear();
        let mut sets = vec![
            format!("n.label = {}", string(&n.label)),
            format!("n.type = {}", string(n.node_type.as_str())),
            format!("n.aliases = {}", list(&n.aliases)),
            format!("n.mentions = {}", n.mentions),
            format!("n.documents = {}", list(&n.documents)),
        ];
        for (k, v) in &n.attributes {
            sets.push(format!("n.{} = {}", name(k), string(v)));
        }
        let _ = writeln!(
            out,
            "MERGE (n:{} {{id: {}}}) SET {};",
            label_of(n.node_type),
            string(&n.id),
            sets.join(", ")
        );
    }
    for e in graph.edges(true) {
        w.write_all(out.as_bytes())?;
        out.clear();
        let (Some(&a), Some(&b)) = (types.get(&e.source), types.get(&e.target)) else {
            continue;
        };
        let mut sets = vec![
            format!("r.key = {}", string(&e.key)),
            format!("r.certainty = {}", string(e.certainty.as_str())),
            format!("r.label = {}", string(&e.label)),
            format!("r.weight = {}", e.weight),
        ];
        for (k, v) in &e.attributes {
            sets.push(format!("r.{} = {}", name(k), string(v)));
        }
        sets.push(format!("r.evidence = {}", string(&evidence_json(&e))));
        let _ = writeln!(
            out,
            "MATCH (a:{} {{id: {}}}), (b:{} {{id: {}}}) MERGE (a)-[r:{}]->(b) SET {};",
            label_of(a),
            string(&e.source),
            label_of(b),
            string(&e.target),
            rel_type(&e.relation),
            sets.join(", ")
        );
    }
    w.write_all(out.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_graph::hostile_pair;

    #[test]
    fn strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(string("O'Brien \"x\" \\ y"), r#"'O\'Brien \"x\" \\ y'"#);
        assert_eq!(string("a\nb\r\tc\u{1}\u{7f}"), r"'a\nb\r\tc\u0001\u007F'");
        assert_eq!(string("Жуков 東京 😀 {x};"), "'Жуков 東京 😀 {x};'");
    }

    #[test]
    fn names_are_backticked_only_when_needed() {
        assert_eq!(rel_type("cooperates_with"), "COOPERATES_WITH");
        assert_eq!(rel_type("makes peace"), "`MAKES PEACE`");
        assert_eq!(name("a`b"), "`a``b`");
        assert_eq!(name("1st"), "`1st`");
        assert_eq!(name("a\nb\u{0}c"), "`a\u{FFFD}b\u{FFFD}c`");
    }

    #[test]
    fn constraints_come_first_then_nodes_then_relationships() {
        let script = to_cypher(&hostile_pair());
        let lines: Vec<&str> = script.lines().filter(|l| !l.starts_with("//")).collect();
        assert_eq!(
            lines[0],
            "CREATE CONSTRAINT newsgraph_person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;"
        );
        assert_eq!(
            lines[1],
            "CREATE CONSTRAINT newsgraph_state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE;"
        );
        assert_eq!(
            lines[2],
            "MERGE (n:State {id: 'north-korea'}) SET n.label = 'North Korea', n.type = 'state', \
             n.aliases = [], n.mentions = 3, n.documents = ['d1'], n.iso2 = 'KP', n.wikidata = 'Q423';"
        );
        assert!(lines[3].starts_with(
            r#"MERGE (n:Person {id: 'tom & \"jerry\"\n'}) SET n.label = 'Tom & \"Jerry\" <b> \\ {x}; \'q\'\nЖуков 東京 😀\u0001', "#
        ));
        assert!(lines[4].starts_with(
            r#"MATCH (a:State {id: 'north-korea'}), (b:Person {id: 'tom & \"jerry\"\n'}) MERGE (a)-[r:SUPPLIES]->(b) SET r.key = "#
        ));
        assert!(lines[6].contains("MERGE (a)-[r:WARNS]->(b)"));
        assert!(lines[6].contains("r.cameo = '13', r.plover = 'THREATEN', r.evidence = '[{"));
        // Every line is one statement: no raw line break inside a literal.
        assert_eq!(lines.len(), 7);
        assert!(lines.iter().all(|l| l.ends_with(';')));
    }
}
