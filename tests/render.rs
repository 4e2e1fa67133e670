//! `newsgraph render`: the SVG that Graphviz draws parses as XML and shows
//! every actor, the legend and the evidence tooltips; hostile names stay
//! text; the errors users meet (unknown actor, unknown extension, no
//! Graphviz) say what to do and exit with code 2.
//!
//! These tests need Graphviz's `dot` on the PATH (`.ci/run` installs it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use newsgraph::export::json::from_json;
use newsgraph::render::{self, Options};
use quick_xml::events::Event;
use quick_xml::Reader;

const BIN: &str = env!("CARGO_BIN_EXE_newsgraph");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hostile() -> PathBuf {
    root().join("tests/fixtures/hostile-html.json")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn seeds_graph(dir: &Path) -> PathBuf {
    let out = run(&["build", "seeds", "--out", dir.to_str().unwrap(), "--quiet"]);
    ok(&out);
    dir.join("graph.json")
}

/// What an SVG shows: the text of each node group, every text, every
/// tooltip, and whether anything could run script.
#[derive(Default, Debug)]
struct Svg {
    node_labels: BTreeSet<String>,
    texts: Vec<String>,
    tooltips: Vec<String>,
    scripting: Vec<String>,
}

fn parse_svg(text: &str) -> Svg {
    let mut reader = Reader::from_str(text);
    let mut svg = Svg::default();
    // For each open element: is it a node group?
    let mut stack: Vec<bool> = Vec::new();
    // Inside a `<text>` element (a node's label is its `<text>`s, not its
    // `<title>`, which holds the node id).
    let mut in_text = false;
    let mut label: Option<Vec<String>> = None;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("the SVG is not XML: {e}"));
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).to_lowercase();
                if name == "script" || name == "foreignobject" {
                    svg.scripting.push(name.clone());
                }
                let mut is_node = false;
                for a in e.attributes() {
                    let a = a.expect("well-formed attribute");
                    let key = String::from_utf8_lossy(a.key.as_ref()).to_lowercase();
                    let value = a.unescape_value().expect("attribute value").into_owned();
                    if key.starts_with("on")
                        || value.trim_start().to_lowercase().starts_with("javascript:")
                    {
                        svg.scripting.push(format!("{key}={value}"));
                    }
                    if key == "class" && value == "node" && name == "g" {
                        is_node = true;
                    }
                    if key == "xlink:title" {
                        svg.tooltips.push(value);
                    }
                }
                if matches!(event, Event::Start(_)) {
                    in_text = name == "text";
                    if is_node {
                        label = Some(Vec::new());
                    }
                    stack.push(is_node);
                }
            }
            Event::End(_) => {
                in_text = false;
                if stack.pop() == Some(true) {
                    if let Some(parts) = label.take() {
                        svg.node_labels.insert(parts.join(" "));
                    }
                }
            }
            Event::Text(t) => {
                let s = t.unescape().expect("text").into_owned();
                if !s.trim().is_empty() && in_text {
                    if let Some(parts) = label.as_mut() {
                        parts.push(s.clone());
                    }
                    svg.texts.push(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    svg
}

#[test]
fn seeds_svg_parses_and_shows_every_actor_the_legend_and_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let graph_path = seeds_graph(dir.path());
    let svg_path = dir.path().join("seeds.svg");
    ok(&run(&[
        "render",
        "--graph",
        graph_path.to_str().unwrap(),
        "--out",
        svg_path.to_str().unwrap(),
    ]));
    let svg = parse_svg(&std::fs::read_to_string(&svg_path).unwrap());

    let graph = from_json(&std::fs::read_to_string(&graph_path).unwrap()).unwrap();
    let lex = newsgraph::lexicon::builtin().unwrap();
    let view = render::select(&graph, &lex, &Options::default()).unwrap();
    assert!(
        view.node_count() >= 10,
        "the seeds draw {} actors",
        view.node_count()
    );
    let labels: BTreeSet<String> = view.nodes().iter().map(|n| n.label.clone()).collect();
    let missing: Vec<&String> = labels.difference(&svg.node_labels).collect();
    assert!(
        missing.is_empty(),
        "labels missing from the SVG: {missing:?}"
    );
    // Negated relations are hidden, so no node is drawn that only they join.
    assert_eq!(svg.node_labels, labels);

    assert!(
        svg.texts.iter().any(|t| t == "Legend"),
        "no legend in {:?}",
        svg.texts
    );
    for family in ["hostile: ", "cooperative: ", "affiliation: "] {
        assert!(
            svg.texts.iter().any(|t| t.starts_with(family)),
            "legend lacks {family}"
        );
    }
    // A hedged edge is drawn with its question mark.
    if let Some(hedged) = view
        .edges()
        .iter()
        .find(|e| e.certainty == newsgraph::Certainty::Hedged)
    {
        assert!(
            svg.texts.iter().any(|t| t == &hedged.label),
            "no `{}` label",
            hedged.label
        );
    }
    // Every drawn edge carries its evidence in a tooltip.
    for e in view.edges() {
        let first: String = e.evidence[0].text.chars().take(60).collect();
        assert!(
            svg.tooltips.iter().any(|t| t.contains(&first)),
            "no tooltip holds the evidence of {}: {first}",
            e.key
        );
    }
    assert!(svg.scripting.is_empty(), "{:?}", svg.scripting);
}

#[test]
fn hostile_names_and_sentences_stay_text_in_the_svg() {
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("hostile.svg");
    ok(&run(&[
        "render",
        "--graph",
        hostile().to_str().unwrap(),
        "--out",
        svg_path.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(&svg_path).unwrap();
    let svg = parse_svg(&text);
    assert!(
        svg.scripting.is_empty(),
        "the SVG can run script: {:?}",
        svg.scripting
    );
    assert!(
        svg.node_labels
            .contains("<script>window.__pwned=1;alert(1)</script>"),
        "{:?}",
        svg.node_labels
    );
    assert!(svg
        .node_labels
        .contains("</script><script>window.__pwned=1</script>"));
    assert!(
        svg.node_labels
            .contains("\"Quoted\" O'Brien & Sons <b>bold</b>"),
        "{:?}",
        svg.node_labels
    );
    assert!(
        svg.texts.iter().any(|t| t == "other: <i>x</i>"),
        "{:?}",
        svg.texts
    );
    assert!(svg
        .tooltips
        .iter()
        .any(|t| t.contains("He said <script>window.__pwned=1;alert(1)</script>")));
}

/// The text of the page's JSON data block.
fn data_block(page: &str) -> &str {
    let open = "<script type=\"application/json\" id=\"graph-data\">";
    let start = page.find(open).expect("a data block") + open.len();
    let len = page[start..]
        .find("</script>")
        .expect("the data block ends");
    &page[start..start + len]
}

#[test]
fn hostile_page_keeps_every_payload_inside_the_json_block() {
    let dir = tempfile::tempdir().unwrap();
    let page_path = dir.path().join("hostile.html");
    ok(&run(&[
        "render",
        "--graph",
        hostile().to_str().unwrap(),
        "--out",
        page_path.to_str().unwrap(),
    ]));
    let page = std::fs::read_to_string(&page_path).unwrap();
    // Exactly three script elements: the data, the library and the view.
    assert_eq!(page.matches("<script").count(), 3);
    let block = data_block(&page);
    assert!(!block.contains('<') && !block.contains('>') && !block.contains('\u{2028}'));
    let data: serde_json::Value = serde_json::from_str(block).unwrap();
    let labels: BTreeSet<&str> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains("<img src=x onerror=\"window.__pwned=1;alert(1)\">"),
        "{labels:?}"
    );
    assert!(labels.contains("</script><script>window.__pwned=1</script>"));
    // The negated edge travels too, behind the certainty filter.
    let certainties: BTreeSet<&str> = data["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["certainty"].as_str().unwrap())
        .collect();
    assert!(certainties.contains("negated"));
    // The title is escaped markup.
    let head = &page[..page.find("</head>").unwrap()];
    assert!(!head.contains("<img") && !head.contains("<svg"));
    assert!(head.contains("Content-Security-Policy"));
}

#[test]
fn focus_draws_the_ego_network() {
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("ego.svg");
    let out = run(&[
        "render",
        "--graph",
        hostile().to_str().unwrap(),
        "--focus",
        "quoted",
        "--out",
        svg_path.to_str().unwrap(),
    ]);
    ok(&out);
    let svg = parse_svg(&std::fs::read_to_string(&svg_path).unwrap());
    // `quoted` reaches one actor by an asserted edge; its negated `denies`
    // is hidden, so that target is not in the picture.
    let want: BTreeSet<String> = [
        "\"Quoted\" O'Brien & Sons <b>bold</b>",
        "<script>window.__pwned=1;alert(1)</script>",
    ]
    .map(String::from)
    .into();
    assert_eq!(svg.node_labels, want);
}

#[test]
fn unknown_focus_exits_2_with_the_lookup_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "render",
        "--graph",
        hostile().to_str().unwrap(),
        "--focus",
        "Nobody Atall",
        "--out",
        dir.path().join("x.svg").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "newsgraph: no actor named `Nobody Atall` in the graph"
    );
    assert!(!dir.path().join("x.svg").exists());
}

#[test]
fn unknown_extension_exits_2_and_names_the_good_ones() {
    let out = run(&[
        "render",
        "--graph",
        hostile().to_str().unwrap(),
        "--out",
        "/nonexistent/x.jpeg",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".svg, .png, .pdf, .html or .dot"), "{err}");
}

#[test]
fn without_graphviz_the_error_says_how_to_install_it_and_the_dot_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let png = dir.path().join("pic.png");
    let out = Command::new(BIN)
        .args([
            "render",
            "--graph",
            hostile().to_str().unwrap(),
            "--out",
            png.to_str().unwrap(),
        ])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Graphviz is not installed"), "{err}");
    assert!(
        err.contains("apt-get install graphviz") && err.contains("brew install graphviz"),
        "{err}"
    );
    let dot = dir.path().join("pic.dot");
    assert!(
        err.contains(&format!(
            "The DOT source was written to `{}`",
            dot.display()
        )),
        "{err}"
    );
    assert!(!png.exists());
    // The DOT that was kept is one Graphviz draws.
    let drawn = Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .output()
        .expect("Graphviz is installed for the tests");
    assert!(
        drawn.status.success(),
        "{}",
        String::from_utf8_lossy(&drawn.stderr)
    );
    parse_svg(&String::from_utf8(drawn.stdout).unwrap());
}

#[test]
fn every_layout_engine_draws_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let graph_path = seeds_graph(dir.path());
    for layout in ["dot", "neato", "fdp", "sfdp", "circo"] {
        let svg_path = dir.path().join(format!("{layout}.svg"));
        let out = run(&[
            "render",
            "--graph",
            graph_path.to_str().unwrap(),
            "--layout",
            layout,
            "--out",
            svg_path.to_str().unwrap(),
        ]);
        ok(&out);
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("({layout} layout)")));
        let svg = parse_svg(&std::fs::read_to_string(&svg_path).unwrap());
        assert!(svg.texts.iter().any(|t| t == "Legend"), "{layout}");
    }
}

#[test]
fn png_and_pdf_are_what_their_names_say() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, magic) in [("png", &b"\x89PNG"[..]), ("pdf", &b"%PDF"[..])] {
        let path = dir.path().join(format!("g.{ext}"));
        ok(&run(&[
            "render",
            "--graph",
            hostile().to_str().unwrap(),
            "--out",
            path.to_str().unwrap(),
        ]));
        assert!(std::fs::read(&path).unwrap().starts_with(magic), "{ext}");
    }
}
