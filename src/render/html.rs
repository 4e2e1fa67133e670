//! The interactive page: one self-contained HTML file that works offline.
//! It embeds the vendored cytoscape.js (see `assets/vendor/cytoscape`), a
//! small script of our own (`assets/render/view.js`) and the graph as JSON.
//!
//! Nothing from the articles is ever written into the markup: names and
//! sentences travel only inside the JSON block, with `<`, `>`, `&` and the
//! JavaScript line separators escaped, and the script puts them on the page
//! with `textContent`. A Content-Security-Policy that admits only the page's
//! own two scripts (by hash) and no network is a second line of defence.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::dot::{border_color, pen_width, wrap, WRAP};
use super::{family, family_color, symmetric, Options, Positions};
use crate::export::dot::node_style;
use crate::graph::KnowledgeGraph;
use crate::lexicon::Lexicon;
use crate::model::NodeType;

/// The vendored graph library, pinned (see assets/vendor/cytoscape/VENDOR.md).
pub const CYTOSCAPE_JS: &str = include_str!("../../assets/vendor/cytoscape/cytoscape.min.js");
/// The page's own script.
pub const VIEW_JS: &str = include_str!("../../assets/render/view.js");
/// The page's style sheet.
pub const VIEW_CSS: &str = include_str!("../../assets/render/view.css");

#[derive(Serialize)]
struct PageData<'a> {
    title: String,
    focus: Option<&'a str>,
    show_negated: bool,
    layout: &'a str,
    positioned: bool,
    documents: BTreeMap<&'a str, &'a str>,
    families: BTreeMap<&'static str, &'static str>,
    nodes: Vec<PageNode<'a>>,
    edges: Vec<PageEdge<'a>>,
}

#[derive(Serialize)]
struct PageNode<'a> {
    id: &'a str,
    label: &'a str,
    /// The label broken into lines, as drawn.
    text: String,
    #[serde(rename = "type")]
    node_type: &'static str,
    shape: &'static str,
    fill: &'static str,
    border: &'static str,
    w: f64,
    h: f64,
    aliases: &'a [String],
    mentions: usize,
    documents: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    y: Option<f64>,
}

#[derive(Serialize)]
struct PageEdge<'a> {
    key: &'a str,
    source: &'a str,
    target: &'a str,
    relation: &'a str,
    label: &'a str,
    certainty: &'static str,
    weight: usize,
    family: &'a str,
    color: &'static str,
    width: f64,
    symmetric: bool,
    evidence: Vec<PageEvidence<'a>>,
}

#[derive(Serialize)]
struct PageEvidence<'a> {
    document: &'a str,
    sentence: usize,
    text: &'a str,
    certainty: &'static str,
    speaker: Option<String>,
}

/// The cytoscape.js shape of a node type, close to its Graphviz shape.
fn page_shape(t: NodeType) -> &'static str {
    match t {
        NodeType::Person => "ellipse",
        NodeType::State => "rectangle",
        NodeType::Institution => "hexagon",
        NodeType::Place => "pentagon",
        NodeType::Other => "round-rectangle",
    }
}

/// JSON that is safe inside a `<script>` element: `<`, `>` and `&` become
/// `\u003c` and so on, so no `</script>` or `<!--` can end or change the
/// element; U+2028 and U+2029 are escaped for old JavaScript parsers. These
/// characters can only occur inside JSON strings, where the escapes mean the
/// same characters.
pub fn script_json<T: Serialize>(value: &T) -> String {
    let raw = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(raw.len() + 64);
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for an HTML text node or a quoted attribute.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The CSP source expression that admits exactly this inline script.
pub fn script_hash(script: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(script.as_bytes())))
}

/// How much to stretch or shrink Graphviz's positions so that a node's
/// nearest neighbour is typically `NEIGHBOUR_PX` away: Graphviz spaces nodes
/// for its own edge labels, and the page should open with names readable.
pub fn spacing_scale(positions: &Positions) -> f64 {
    const NEIGHBOUR_PX: f64 = 120.0;
    let points: Vec<(f64, f64)> = positions.values().copied().collect();
    if points.len() < 2 {
        return 1.0;
    }
    let mut nearest: Vec<f64> = points
        .iter()
        .enumerate()
        .map(|(i, a)| {
            points
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, b)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt())
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    nearest.sort_by(f64::total_cmp);
    let median = nearest[nearest.len() / 2];
    if median > 1.0 {
        (NEIGHBOUR_PX / median).clamp(0.2, 5.0)
    } else {
        1.0
    }
}

/// The page title.
fn title(view: &KnowledgeGraph, names: &KnowledgeGraph, opts: &Options) -> String {
    match opts.focus.as_deref().and_then(|f| names.node(f)) {
        Some(n) => format!(
            "{}: ego network, depth {} ({} actors, {} relations)",
            n.label,
            opts.depth.max(1),
            view.node_count(),
            view.edge_count()
        ),
        None => format!(
            "Relationship graph: {} actors, {} relations, {} documents",
            view.node_count(),
            view.edge_count(),
            view.documents.len()
        ),
    }
}

/// The page of a selected graph. `names` (usually the whole graph) gives
/// the names of speakers who are not drawn; `positions`, when Graphviz gave
/// them, place the nodes, otherwise the page lays itself out.
pub fn page(
    view: &KnowledgeGraph,
    names: &KnowledgeGraph,
    lex: &Lexicon,
    positions: Option<&Positions>,
    opts: &Options,
) -> String {
    let name = |id: &str| {
        names
            .node(id)
            .map(|n| n.label.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let scale = positions.map(spacing_scale).unwrap_or(1.0);
    let nodes: Vec<PageNode> = view
        .nodes()
        .into_iter()
        .map(|n| {
            let text = wrap(&n.label, WRAP);
            let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            let lines = text.lines().count().max(1);
            let (_, fill) = node_style(n.node_type);
            let at = positions.and_then(|p| p.get(&n.id));
            PageNode {
                id: &n.id,
                label: &n.label,
                node_type: n.node_type.as_str(),
                shape: page_shape(n.node_type),
                fill,
                border: border_color(n.node_type),
                w: (widest as f64 * 7.8 + 24.0).max(48.0),
                h: lines as f64 * 15.0 + 16.0,
                text,
                aliases: &n.aliases,
                mentions: n.mentions,
                documents: &n.documents,
                x: at.map(|p| (p.0 * scale).round()),
                y: at.map(|p| (p.1 * scale).round()),
            }
        })
        .collect();
    let edges: Vec<PageEdge> = view
        .edges()
        .into_iter()
        .map(|e| {
            let fam = family(lex, &e.relation);
            PageEdge {
                key: &e.key,
                source: &e.source,
                target: &e.target,
                relation: &e.relation,
                label: &e.label,
                certainty: e.certainty.as_str(),
                weight: e.weight,
                family: fam,
                color: family_color(fam),
                width: pen_width(e, fam) * 1.3,
                symmetric: symmetric(lex, &e.relation),
                evidence: e
                    .evidence
                    .iter()
                    .map(|v| PageEvidence {
                        document: &v.document,
                        sentence: v.sentence,
                        text: &v.text,
                        certainty: v.certainty.as_str(),
                        speaker: v.attributed_to.as_deref().map(name),
                    })
                    .collect(),
            }
        })
        .collect();
    let positioned = positions.is_some() && nodes.iter().all(|n| n.x.is_some());
    let title = title(view, names, opts);
    let data = PageData {
        title: title.clone(),
        focus: opts.focus.as_deref(),
        show_negated: opts.show_negated,
        layout: opts.layout.map(|l| l.name()).unwrap_or("auto"),
        positioned,
        documents: view
            .documents
            .iter()
            .map(|d| (d.id.as_str(), d.path.as_str()))
            .collect(),
        families: ["hostile", "cooperative", "affiliation", "other"]
            .into_iter()
            .map(|f| (f, family_color(f)))
            .collect(),
        nodes,
        edges,
    };
    let csp = format!(
        "default-src 'none'; script-src {} {}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
        script_hash(CYTOSCAPE_JS),
        script_hash(VIEW_JS)
    );
    let mut out = String::with_capacity(CYTOSCAPE_JS.len() + VIEW_JS.len() + 4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
        html_escape(&csp)
    ));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"newsgraph\">\n");
    out.push_str(&format!(
        "<title>newsgraph: {}</title>\n",
        html_escape(&title)
    ));
    out.push_str("<style>\n");
    out.push_str(VIEW_CSS);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(BODY);
    out.push_str("<script type=\"application/json\" id=\"graph-data\">");
    out.push_str(&script_json(&data));
    out.push_str("</script>\n<script>");
    out.push_str(CYTOSCAPE_JS);
    out.push_str("</script>\n<script>");
    out.push_str(VIEW_JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// The page's fixed markup; everything inside is filled in by the script.
const BODY: &str = r#"<header>
  <h1 id="title">newsgraph</h1>
  <form id="search-form" role="search" autocomplete="off">
    <input id="search" type="search" list="actors" placeholder="Find an actor…" aria-label="Find an actor">
    <datalist id="actors"></datalist>
    <button type="submit">Find</button>
  </form>
  <button id="fit" type="button" title="Show the whole graph">Fit</button>
  <span id="status" role="status"></span>
</header>
<main>
  <div id="cy" aria-label="Relationship graph: drag to pan, scroll to zoom, click an actor or a line to read its evidence"></div>
  <aside id="side">
    <section id="details" aria-live="polite"></section>
    <details id="filters" open>
      <summary>Filters</summary>
      <fieldset id="certainty-filter"><legend>Certainty</legend></fieldset>
      <fieldset id="relation-filter"><legend>Relations <button type="button" id="rel-all">all</button> <button type="button" id="rel-none">none</button></legend></fieldset>
    </details>
    <details id="legend" open>
      <summary>Legend</summary>
      <div id="legend-body"></div>
    </details>
  </aside>
</main>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let s = script_json(
            &serde_json::json!({"t": "</script><!-- & \u{2028}\u{2029} <img src=x onerror=alert(1)>"}),
        );
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(
            back["t"],
            "</script><!-- & \u{2028}\u{2029} <img src=x onerror=alert(1)>"
        );
    }

    #[test]
    fn embedded_scripts_cannot_end_early() {
        for script in [CYTOSCAPE_JS, VIEW_JS] {
            let lower = script.to_ascii_lowercase();
            assert!(!lower.contains("</script") && !lower.contains("<!--"));
        }
    }

    #[test]
    fn positions_are_scaled_to_a_readable_spacing() {
        let p: Positions = [("a", (0.0, 0.0)), ("b", (300.0, 0.0)), ("c", (0.0, 300.0))]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(spacing_scale(&p), 0.4);
        assert_eq!(spacing_scale(&Positions::new()), 1.0);
    }

    #[test]
    fn csp_hashes_are_standard_base64_sha256() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }
}
