//! LadybugDB and Kùzu in one step: the two CSV files of [`super::csv`]
//! (the same bytes) and `load.cypher` beside them, which creates the two
//! tables those engines need before they load anything (`Actor`, one row
//! per node; `Relation`, one per edge) and copies the files in:
//!
//! ```text
//! cd out && python3 -c "import ladybug as lb; \
//!   lb.Connection(lb.Database('graph.lbdb')).execute(open('load.cypher').read())"
//! ```
//!
//! The `COPY` statements name the CSV files relative to the folder they
//! are in, so the script runs from there. Columns follow the CSV headers
//! by position: `id:ID` is the primary key `id`, `:LABEL` is `labels`,
//! `:TYPE` is `rel_type`, a `:int` column is `INT64`, every other column
//! `STRING` (`aliases`, `documents` and `evidence` hold JSON text). An
//! attribute whose name is taken by a fixed column gets `_attr` after it.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::io;

use super::csv::{edge_header, node_header, Csv, EDGES, NODES};
use super::Exporter;
use crate::graph::GraphView;

pub struct Kuzu;

/// The script's file name.
pub const SCRIPT: &str = "load.cypher";

impl Exporter for Kuzu {
    /// The script alone; the export is three files, see
    /// [`Exporter::file_names`].
    fn export(&self, graph: &dyn GraphView) -> Vec<u8> {
        load_script(graph).into_bytes()
    }

    fn file_names(&self, _name: &str) -> Vec<String> {
        vec![NODES.into(), EDGES.into(), SCRIPT.into()]
    }

    /// The CSV files stream as [`Csv`] writes them; the script is small.
    fn write_file(
        &self,
        graph: &dyn GraphView,
        file: &str,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        if file == SCRIPT {
            out.write_all(load_script(graph).as_bytes())?;
            return graph.check();
        }
        Csv.write_file(graph, file, out)
    }
}

/// An identifier in backticks, inner backticks doubled.
fn ident(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// The table columns for CSV header fields, as `name TYPE`.
fn columns(header: &[String]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    header
        .iter()
        .map(|h| {
            let (name, ty) = match h.rsplit_once(':') {
                Some((_, "ID")) => ("id".to_string(), "STRING"),
                Some((_, "LABEL")) => ("labels".to_string(), "STRING"),
                Some((_, "TYPE")) => ("rel_type".to_string(), "STRING"),
                Some((n, "int")) => (n.to_string(), "INT64"),
                _ => (h.clone(), "STRING"),
            };
            let mut name = name;
            while !taken.insert(name.to_lowercase()) {
                name.push_str("_attr");
            }
            format!("{} {ty}", ident(&name))
        })
        .collect()
}

/// `load.cypher`: the schema of the CSV files and the `COPY` statements
/// that load them, one statement a line.
pub fn load_script(graph: &dyn GraphView) -> String {
    let nodes = columns(&node_header(graph));
    let edges = columns(&edge_header(graph)[2..]);
    let options = "(HEADER=true, DELIM=',', QUOTE='\"', ESCAPE='\"', PARALLEL=false)";
    let mut out = String::new();
    out.push_str(
        "// newsgraph: the graph for LadybugDB or Kuzu. Run from this folder, in one step:\n\
         //   python3 -c \"import ladybug as lb; lb.Connection(lb.Database('graph.lbdb')).execute(open('load.cypher').read())\"\n\
         // Then: MATCH (a:Actor)-[r:Relation]->(b:Actor) RETURN a.label, r.label, b.label;\n",
    );
    let _ = writeln!(
        out,
        "CREATE NODE TABLE Actor({}, PRIMARY KEY(`id`));",
        nodes.join(", ")
    );
    let _ = writeln!(
        out,
        "CREATE REL TABLE Relation(FROM Actor TO Actor, {});",
        edges.join(", ")
    );
    let _ = writeln!(out, "COPY Actor FROM 'nodes.csv' {options};");
    let _ = writeln!(out, "COPY Relation FROM 'edges.csv' {options};");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::csv::{edges_csv, nodes_csv};
    use crate::export::test_graph::hostile_pair;

    #[test]
    fn the_script_declares_every_csv_column_in_order() {
        let script = load_script(&hostile_pair());
        let lines: Vec<&str> = script.lines().filter(|l| !l.starts_with("//")).collect();
        assert_eq!(
            lines,
            [
                "CREATE NODE TABLE Actor(`id` STRING, `labels` STRING, `label` STRING, `type` STRING, \
                 `aliases` STRING, `mentions` INT64, `documents` STRING, `iso2` STRING, `wikidata` STRING, \
                 PRIMARY KEY(`id`));",
                "CREATE REL TABLE Relation(FROM Actor TO Actor, `rel_type` STRING, `key` STRING, \
                 `relation` STRING, `certainty` STRING, `label` STRING, `weight` INT64, `cameo` STRING, \
                 `plover` STRING, `evidence` STRING);",
                "COPY Actor FROM 'nodes.csv' (HEADER=true, DELIM=',', QUOTE='\"', ESCAPE='\"', PARALLEL=false);",
                "COPY Relation FROM 'edges.csv' (HEADER=true, DELIM=',', QUOTE='\"', ESCAPE='\"', PARALLEL=false);",
            ]
        );
    }

    #[test]
    fn an_attribute_named_like_a_column_gets_its_own_name() {
        let header: Vec<String> = ["id:ID", "label", "Label", "weird`name"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            columns(&header),
            [
                "`id` STRING",
                "`label` STRING",
                "`Label_attr` STRING",
                "`weird``name` STRING"
            ]
        );
    }

    #[test]
    fn the_files_are_the_csv_files_and_the_script() {
        let g = hostile_pair();
        let files = Kuzu.export_files(&g, "ignored");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["nodes.csv", "edges.csv", "load.cypher"]);
        assert_eq!(files[0].1, nodes_csv(&g).into_bytes());
        assert_eq!(files[1].1, edges_csv(&g).into_bytes());
    }
}
