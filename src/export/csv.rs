//! CSV, as two files: `nodes.csv` and `edges.csv`.
//!
//! The headers follow neo4j-admin's import format (`id:ID`, `:LABEL`,
//! `mentions:int`, `:START_ID`, `:END_ID`, `:TYPE`, `weight:int`), so
//! `neo4j-admin database import full --nodes=nodes.csv
//! --relationships=edges.csv --multiline-fields=true` loads them. The same
//! files load into Kùzu and LadybugDB with `COPY … FROM` (`HEADER=true`,
//! `ESCAPE='"'`): the id and the two ends come first, as those engines
//! expect, and columns are matched by position. Spreadsheets open them as
//! they are.
//!
//! Fields are quoted per RFC 4180 (only when they hold a comma, a quote or a
//! line break, and then with quotes doubled), rows end in CRLF, and the
//! files are UTF-8 without a byte-order mark. Lists (`aliases`,
//! `documents`) and the evidence are JSON strings: neo4j-admin's array
//! delimiter could occur in a name, and a JSON string reads back the same
//! in every consumer. An absent attribute is an empty, unquoted field, which
//! the databases read as null; a present but empty one is `""`.

use std::collections::BTreeSet;
use std::io;

use super::cypher::{label_of, rel_type};
use super::escape::{evidence_json, json_list};
use super::Exporter;
use crate::graph::GraphView;

pub struct Csv;

/// The two files' names.
pub const NODES: &str = "nodes.csv";
pub const EDGES: &str = "edges.csv";

impl Exporter for Csv {
    /// The nodes file alone; a CSV export is two files, see
    /// [`Exporter::file_names`].
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        nodes_csv(graph).into_bytes()
    }

    fn write(&self, graph: &dyn GraphView, out: &mut dyn io::Write) -> io::Result<()> {
        write_nodes(graph, out)?;
        graph.check()
    }

    fn file_names(&self, _name: &str) -> Vec<String> {
        vec![NODES.into(), EDGES.into()]
    }

    fn write_file(
        &self,
        graph: &dyn GraphView,
        file: &str,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        match file {
            NODES => write_nodes(graph, out)?,
            EDGES => write_edges(graph, out)?,
            _ => return Err(io::Error::other(format!("csv writes no file `{file}`"))),
        }
        graph.check()
    }
}

/// One CSV field, quoted when RFC 4180 needs it.
pub fn field(s: &str) -> String {
    if s.is_empty() {
        "\"\"".into()
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row, ended by CRLF; `None` is an empty, unquoted field.
fn write_row(out: &mut dyn io::Write, cells: &[Option<String>]) -> io::Result<()> {
    let line: Vec<String> = cells
        .iter()
        .map(|c| c.as_deref().map(field).unwrap_or_default())
        .collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

/// The header of `nodes.csv`: `id:ID`, `:LABEL`, `label`, `type`,
/// `aliases`, `mentions:int`, `documents`, then the extra attributes by
/// name.
pub fn node_header(graph: &dyn GraphView) -> Vec<String> {
    let extra: BTreeSet<String> = graph
        .nodes()
        .flat_map(|n| n.attributes.keys().cloned().collect::<Vec<_>>())
        .collect();
    [
        "id:ID",
        ":LABEL",
        "label",
        "type",
        "aliases",
        "mentions:int",
        "documents",
    ]
    .iter()
    .map(|h| h.to_string())
    .chain(extra)
    .collect()
}

/// `nodes.csv`: a row per node under [`node_header`].
pub fn nodes_csv(graph: &dyn GraphView) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_nodes(graph, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams `nodes.csv`, a node at a time.
pub fn write_nodes(graph: &dyn GraphView, out: &mut dyn io::Write) -> io::Result<()> {
    let header = node_header(graph);
    let extra = &header[7..];
    let cells: Vec<Option<String>> = header.iter().cloned().map(Some).collect();
    write_row(out, &cells)?;
    for n in graph.nodes() {
        let mut cells = vec![
            Some(n.id.clone()),
            Some(label_of(n.node_type).to_string()),
            Some(n.label.clone()),
            Some(n.node_type.as_str().to_string()),
            Some(json_list(&n.aliases)),
            Some(n.mentions.to_string()),
            Some(json_list(&n.documents)),
        ];
        cells.extend(extra.iter().map(|k| n.attributes.get(k).cloned()));
        write_row(out, &cells)?;
    }
    Ok(())
}

/// The header of `edges.csv`: `:START_ID`, `:END_ID`, `:TYPE`, `key`,
/// `relation`, `certainty`, `label`, `weight:int`, the extra attributes by
/// name, then `evidence`.
pub fn edge_header(graph: &dyn GraphView) -> Vec<String> {
    let extra: BTreeSet<String> = graph
        .edges(false)
        .flat_map(|e| e.attributes.keys().cloned().collect::<Vec<_>>())
        .filter(|k| k != "evidence")
        .collect();
    [
        ":START_ID",
        ":END_ID",
        ":TYPE",
        "key",
        "relation",
        "certainty",
        "label",
        "weight:int",
    ]
    .iter()
    .map(|h| h.to_string())
    .chain(extra)
    .chain(["evidence".to_string()])
    .collect()
}

/// `edges.csv`: a row per edge under [`edge_header`].
pub fn edges_csv(graph: &dyn GraphView) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_edges(graph, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams `edges.csv`, an edge at a time.
pub fn write_edges(graph: &dyn GraphView, out: &mut dyn io::Write) -> io::Result<()> {
    let header = edge_header(graph);
    let extra = &header[8..header.len() - 1];
    let cells: Vec<Option<String>> = header.iter().cloned().map(Some).collect();
    write_row(out, &cells)?;
    for e in graph.edges(true) {
        // neo4j-admin takes the type as it is written: no backticks.
        let ty = rel_type(&e.relation).trim_matches('`').replace("``", "`");
        let mut cells = vec![
            Some(e.source.clone()),
            Some(e.target.clone()),
            Some(ty),
            Some(e.key.clone()),
            Some(e.relation.clone()),
            Some(e.certainty.as_str().to_string()),
            Some(e.label.clone()),
            Some(e.weight.to_string()),
        ];
        cells.extend(extra.iter().map(|k| e.attributes.get(k).cloned()));
        cells.push(Some(evidence_json(&e)));
        write_row(out, &cells)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_graph::hostile_pair;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field(""), "\"\"");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("semi;colon {x} Жуков 😀"), "semi;colon {x} Жуков 😀");
    }

    #[test]
    fn nodes_have_neo4j_headers_and_absent_attributes_are_empty() {
        let csv = nodes_csv(&hostile_pair());
        let mut lines = csv.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("id:ID,:LABEL,label,type,aliases,mentions:int,documents,iso2,wikidata")
        );
        assert_eq!(
            lines.next(),
            Some("north-korea,State,North Korea,state,[],3,\"[\"\"d1\"\"]\",KP,Q423")
        );
        assert_eq!(
            lines.next(),
            Some(
                "\"tom & \"\"jerry\"\"\n\",Person,\"Tom & \"\"Jerry\"\" <b> \\ {x}; 'q'\nЖуков 東京 😀\u{1}\",person,\
                 \"[\"\"T'om\"\",\"\"Том\"\"]\",2,\"[\"\"d1\"\"]\",,"
            )
        );
    }

    #[test]
    fn edges_start_with_their_ends_and_type() {
        let files = Csv.export_files(&hostile_pair(), "ignored");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["nodes.csv", "edges.csv"]);
        let edges = String::from_utf8(files[1].1.clone()).unwrap();
        let mut lines = edges.split("\r\n");
        assert_eq!(
            lines.next(),
            Some(":START_ID,:END_ID,:TYPE,key,relation,certainty,label,weight:int,cameo,plover,evidence")
        );
        assert!(lines.next().unwrap().starts_with(
            "north-korea,\"tom & \"\"jerry\"\"\n\",SUPPLIES,\"north-korea|supplies|tom & \"\"jerry\"\"\n\",supplies,hedged,supplies?,1,,,"
        ));
    }
}
