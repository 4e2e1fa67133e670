//! Query answers as text: aligned tables for people, JSON for programs,
//! DOT for Graphviz. Pure functions from answers to strings; `main` prints
//! them. Every string ends with a newline.

use serde_json::{json, Value};

use super::card::Card;
use super::index::QueryGraph;
use super::neighbors::Neighbor;
use super::path::Path;
use super::stats::Stats;
use crate::export::Exporter;
use crate::graph::KnowledgeGraph;

/// Rows aligned in columns, two spaces apart and indented by two, with no
/// trailing spaces; columns marked in `right` are right-aligned.
pub fn table(header: Option<&[&str]>, rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = header
        .map(|h| h.len())
        .or_else(|| rows.first().map(Vec::len))
        .unwrap_or(0);
    let mut widths = vec![0; cols];
    let all = header.map(|h| h.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    for row in all.iter().chain(rows) {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for row in all.iter().chain(rows) {
        let mut line = String::from(" ");
        for (i, c) in row.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            line.push(' ');
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(c);
            } else {
                line.push_str(c);
                line.push_str(&" ".repeat(pad));
            }
            line.push(' ');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn title(g: &QueryGraph, n: usize) -> String {
    format!("{} ({}, {})", g.label(n), g.node_type(n), g.id(n))
}

fn arrow(direction: &str) -> &'static str {
    if direction == "out" {
        "->"
    } else {
        "<-"
    }
}

fn node_json(g: &QueryGraph, n: usize) -> Value {
    json!({"id": g.id(n), "label": g.label(n), "type": g.node_type(n).as_str()})
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The neighbor table: one line per edge; with `depth > 1` also the depth
/// and the node each neighbor was reached through (arrows point from that
/// node's side).
pub fn neighbors_table(g: &QueryGraph, center: usize, depth: usize, rows: &[Neighbor]) -> String {
    let mut out = title(g, center);
    out.push('\n');
    if rows.is_empty() {
        out.push_str("  no neighbors\n");
        return out;
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut v = Vec::with_capacity(7);
            if depth > 1 {
                v.push(r.depth.to_string());
            }
            v.push(r.label.clone());
            if depth > 1 {
                v.push(r.via_label.clone());
            }
            v.push(r.edge_label.clone());
            v.push(arrow(&r.direction).to_string());
            v.push(r.certainty.as_str().to_string());
            v.push(r.weight.to_string());
            v
        })
        .collect();
    if depth > 1 {
        let header = [
            "DEPTH",
            "NEIGHBOR",
            "VIA",
            "RELATION",
            "DIRECTION",
            "CERTAINTY",
            "WEIGHT",
        ];
        out.push_str(&table(
            Some(&header),
            &cells,
            &[true, false, false, false, false, false, true],
        ));
    } else {
        let header = ["NEIGHBOR", "RELATION", "DIRECTION", "CERTAINTY", "WEIGHT"];
        out.push_str(&table(
            Some(&header),
            &cells,
            &[false, false, false, false, true],
        ));
    }
    out
}

/// The neighbor listing as JSON.
pub fn neighbors_json(g: &QueryGraph, center: usize, depth: usize, rows: &[Neighbor]) -> String {
    pretty(&json!({
        "node": g.id(center),
        "label": g.label(center),
        "type": g.node_type(center).as_str(),
        "depth": depth,
        "neighbors": rows,
    }))
}

/// A graph as Graphviz DOT, exactly as `build --format dot` writes it.
pub fn dot(graph: &KnowledgeGraph) -> String {
    String::from_utf8_lossy(&crate::export::dot::Dot.export(graph)).into_owned()
}

fn step_relations(g: &QueryGraph, edges: &[(usize, bool)]) -> String {
    edges
        .iter()
        .map(|&(e, out)| {
            if out {
                format!("-{}->", g.edge_label(e))
            } else {
                format!("<-{}-", g.edge_label(e))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Paths as text: a summary line, then each path one step a line.
pub fn paths_text(g: &QueryGraph, a: usize, b: usize, paths: &[Path]) -> String {
    let mut out = String::new();
    let Some(first) = paths.first() else {
        out.push_str(&format!(
            "no path from {} to {}\n",
            title(g, a),
            title(g, b)
        ));
        return out;
    };
    let steps = first.steps.len();
    out.push_str(&format!(
        "{} to {}: {} shortest path{} of {} step{}\n",
        title(g, a),
        title(g, b),
        paths.len(),
        if paths.len() == 1 { "" } else { "s" },
        steps,
        if steps == 1 { "" } else { "s" },
    ));
    for (i, p) in paths.iter().enumerate() {
        out.push_str(&format!("\npath {}\n", i + 1));
        let rows: Vec<Vec<String>> = p
            .steps
            .iter()
            .map(|s| {
                vec![
                    g.label(s.from).to_string(),
                    step_relations(g, &s.edges),
                    g.label(s.to).to_string(),
                ]
            })
            .collect();
        out.push_str(&table(None, &rows, &[]));
    }
    out
}

/// Paths as JSON.
pub fn paths_json(g: &QueryGraph, a: usize, b: usize, paths: &[Path]) -> String {
    let list: Vec<Value> = paths
        .iter()
        .map(|p| {
            json!({
                "nodes": p.nodes.iter().map(|&n| node_json(g, n)).collect::<Vec<_>>(),
                "steps": p.steps.iter().map(|s| json!({
                    "from": g.id(s.from),
                    "to": g.id(s.to),
                    "edges": s.edges.iter().map(|&(e, out)| json!({
                        "key": format!("{}|{}|{}", g.id(g.source(e)), g.relation(e), g.id(g.target(e))),
                        "relation": g.relation(e),
                        "label": g.edge_label(e),
                        "direction": if out { "out" } else { "in" },
                        "certainty": g.certainty(e),
                        "weight": g.weight(e),
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    pretty(&json!({
        "from": node_json(g, a),
        "to": node_json(g, b),
        "length": paths.first().map(|p| p.steps.len()),
        "paths": list,
    }))
}

/// A node id as its label when it is a node of the graph.
fn speaker(g: &QueryGraph, id: &str) -> String {
    g.find_id(id)
        .map(|n| g.label(n).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// Line breaks and other control characters as spaces, so that one piece
/// of evidence stays on one line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The actor card as text.
pub fn card_text(g: &QueryGraph, card: &Card) -> String {
    let n = &card.node;
    let mut fields: Vec<Vec<String>> = vec![
        vec!["id".into(), n.id.clone()],
        vec!["type".into(), n.node_type.to_string()],
        vec![
            "aliases".into(),
            if n.aliases.is_empty() {
                "none".into()
            } else {
                n.aliases.join(", ")
            },
        ],
    ];
    for (k, v) in &n.attributes {
        let value = match (k.as_str(), g.find_id(v)) {
            ("part_of", Some(p)) => format!("{} ({v})", g.label(p)),
            _ => v.clone(),
        };
        fields.push(vec![k.clone(), value]);
    }
    fields.push(vec!["mentions".into(), n.mentions.to_string()]);
    fields.push(vec!["documents".into(), n.documents.join(", ")]);
    let mut out = format!("{}\n", n.label);
    out.push_str(&table(None, &fields, &[]));

    if card.edges.is_empty() {
        out.push_str("\nno edges\n");
        return out;
    }
    let mut i = 0;
    while i < card.edges.len() {
        let relation = &card.edges[i].edge.relation;
        let group: Vec<_> = card.edges[i..]
            .iter()
            .take_while(|c| &c.edge.relation == relation)
            .collect();
        i += group.len();
        out.push_str(&format!(
            "\n{relation}: {} edge{}\n",
            group.len(),
            if group.len() == 1 { "" } else { "s" }
        ));
        for c in group {
            let e = &c.edge;
            let mut facts = vec![
                e.certainty.as_str().to_string(),
                format!("weight {}", e.weight),
            ];
            facts.extend(e.attributes.iter().map(|(k, v)| format!("{k} {v}")));
            out.push_str(&format!(
                "  {} {} ({}) [{}]\n",
                if c.out { "->" } else { "<-" },
                g.label(c.other),
                g.node_type(c.other),
                facts.join(", ")
            ));
            for v in &e.evidence {
                let mut line = format!("      {} sentence {}", v.document, v.sentence);
                if v.certainty != e.certainty {
                    line.push_str(&format!(" [{}]", v.certainty));
                }
                line.push_str(&format!(": {}", one_line(&v.text)));
                if let Some(a) = &v.attributed_to {
                    line.push_str(&format!(" (said by {})", speaker(g, a)));
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
    }
    out
}

/// The actor card as JSON.
pub fn card_json(g: &QueryGraph, card: &Card) -> String {
    let n = &card.node;
    let mut groups: Vec<Value> = Vec::new();
    let mut i = 0;
    while i < card.edges.len() {
        let relation = &card.edges[i].edge.relation;
        let group: Vec<_> = card.edges[i..]
            .iter()
            .take_while(|c| &c.edge.relation == relation)
            .collect();
        i += group.len();
        let edges: Vec<Value> = group
            .iter()
            .map(|c| {
                let e = &c.edge;
                json!({
                    "key": e.key,
                    "direction": if c.out { "out" } else { "in" },
                    "other": node_json(g, c.other),
                    "label": e.label,
                    "certainty": e.certainty,
                    "weight": e.weight,
                    "attributes": e.attributes,
                    "evidence": e.evidence.iter().map(|v| json!({
                        "document": v.document,
                        "sentence": v.sentence,
                        "start": v.start,
                        "end": v.end,
                        "text": v.text,
                        "certainty": v.certainty,
                        "attributed_to": v.attributed_to,
                        "attributed_label": v.attributed_to.as_deref().map(|a| speaker(g, a)),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        groups.push(json!({"relation": relation, "edges": edges}));
    }
    pretty(&json!({
        "id": n.id,
        "label": n.label,
        "type": n.node_type.as_str(),
        "aliases": n.aliases,
        "attributes": n.attributes,
        "mentions": n.mentions,
        "documents": n.documents,
        "relations": groups,
    }))
}

/// The statistics as text.
pub fn stats_text(g: &QueryGraph, s: &Stats) -> String {
    let mut out = format!(
        "{} nodes, {} edges, {} documents\n\n",
        s.nodes, s.edges, s.documents
    );
    let types: Vec<Vec<String>> = s
        .by_type
        .iter()
        .map(|(t, c)| vec![t.to_string(), c.to_string()])
        .collect();
    out.push_str(&table(Some(&["TYPE", "NODES"]), &types, &[false, true]));
    out.push('\n');
    let rels: Vec<Vec<String>> = s
        .by_relation
        .iter()
        .map(|r| {
            vec![
                r.relation.clone(),
                r.edges.to_string(),
                r.asserted.to_string(),
                r.hedged.to_string(),
                r.negated.to_string(),
            ]
        })
        .collect();
    out.push_str(&table(
        Some(&["RELATION", "EDGES", "ASSERTED", "HEDGED", "NEGATED"]),
        &rels,
        &[false, true, true, true, true],
    ));
    let top = |out: &mut String, heading: &str, column: &str, list: &[(usize, usize)]| {
        out.push_str(&format!("\n{heading}\n"));
        let rows: Vec<Vec<String>> = list
            .iter()
            .enumerate()
            .map(|(i, &(n, v))| {
                vec![
                    (i + 1).to_string(),
                    g.label(n).to_string(),
                    g.node_type(n).to_string(),
                    v.to_string(),
                ]
            })
            .collect();
        out.push_str(&table(
            Some(&["RANK", "ACTOR", "TYPE", column]),
            &rows,
            &[true, false, false, true],
        ));
    };
    top(
        &mut out,
        "Top actors by degree (edges, asserted or hedged)",
        "DEGREE",
        &s.top_degree,
    );
    top(
        &mut out,
        "Top actors by weighted degree (supporting documents, summed over those edges)",
        "WEIGHTED",
        &s.top_weighted,
    );
    out
}

/// The statistics as JSON.
pub fn stats_json(g: &QueryGraph, s: &Stats) -> String {
    let top = |list: &[(usize, usize)], key: &str| -> Vec<Value> {
        list.iter()
            .map(|&(n, v)| {
                let mut o = node_json(g, n);
                o[key] = json!(v);
                o
            })
            .collect()
    };
    pretty(&json!({
        "nodes": s.nodes,
        "edges": s.edges,
        "documents": s.documents,
        "nodes_by_type": s.by_type.iter().map(|(t, c)| (t.as_str().to_string(), json!(c))).collect::<serde_json::Map<_, _>>(),
        "edges_by_relation": s.by_relation.iter().map(|r| (r.relation.clone(), json!({
            "edges": r.edges, "asserted": r.asserted, "hedged": r.hedged, "negated": r.negated,
        }))).collect::<serde_json::Map<_, _>>(),
        "top_degree": top(&s.top_degree, "degree"),
        "top_weighted_degree": top(&s.top_weighted, "weighted_degree"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_leave_no_trailing_spaces() {
        let rows = vec![
            vec!["a".to_string(), "7".into(), "x".into()],
            vec!["long".into(), "12".into(), "".into()],
        ];
        assert_eq!(
            table(Some(&["NAME", "N", "C"]), &rows, &[false, true, false]),
            "  NAME   N  C\n  a      7  x\n  long  12\n"
        );
    }
}
