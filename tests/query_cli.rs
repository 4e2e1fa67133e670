//! The query commands (`neighbors`, `path`, `show`, `stats`) as a user runs
//! them, on a fixed graph of the seeds (`tests/fixtures/seeds-graph.json`,
//! which does not change when extraction improves).
//!
//! Answers are compared with the files in `tests/snapshots/`; run with
//! `UPDATE_SNAPSHOTS=1` to write them anew, then read the diff. Every
//! command is run twice, once from the JSON and once through the index it
//! wrote, and must print the same both times. Errors are checked here with
//! their exact messages and exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary folder with the fixture at the default place, `out/graph.json`.
fn with_graph() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/seeds-graph.json"),
        dir.path().join("out/graph.json"),
    )
    .unwrap();
    dir
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Run {
        code: o.status.code(),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

/// Runs a query that must succeed and compares its output with
/// `tests/snapshots/<name>.txt`, whose first line is the command.
fn snapshot(name: &str, args: &[&str]) -> String {
    let dir = with_graph();
    let first = run(dir.path(), args);
    assert_eq!(first.code, Some(0), "{args:?} failed: {}", first.stderr);
    assert_eq!(first.stderr, "", "{args:?}");
    assert!(
        dir.path().join("out/graph.json.idx").is_file(),
        "the first query writes the index"
    );
    let second = run(dir.path(), args);
    assert_eq!(
        second.stdout, first.stdout,
        "{args:?}: the index answers as the JSON does"
    );
    assert_eq!(second.stderr, "");

    let quoted: Vec<String> = args
        .iter()
        .map(|a| {
            if a.contains(' ') || a.is_empty() {
                format!("\"{a}\"")
            } else {
                a.to_string()
            }
        })
        .collect();
    let got = format!("$ newsgraph {}\n{}", quoted.join(" "), first.stdout);
    let file = root().join("tests/snapshots").join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &got).unwrap();
    } else {
        let want = std::fs::read_to_string(&file).unwrap_or_else(|_| {
            panic!(
                "no snapshot {}; run with UPDATE_SNAPSHOTS=1",
                file.display()
            )
        });
        assert!(
            got == want,
            "{name}: output differs from {}\n--- want\n{want}\n--- got\n{got}",
            file.display()
        );
    }
    first.stdout
}

/// Runs a command that must fail with exit code 2 and returns its stderr.
fn fails(dir: &Path, args: &[&str]) -> String {
    let r = run(dir, args);
    assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
    assert_eq!(r.stdout, "", "{args:?}");
    r.stderr
}

// --- neighbors --------------------------------------------------------------

#[test]
fn neighbors_of_a_person() {
    let out = snapshot("neighbors", &["neighbors", "Kim Jong Un"]);
    assert!(out.contains("\n  Vladimir Putin  meets        ->         asserted        3\n"));
}

#[test]
fn neighbors_by_alias_ignoring_case() {
    let by_alias = snapshot("neighbors-alias", &["neighbors", "pyongyang"]);
    let dir = with_graph();
    assert_eq!(
        run(dir.path(), &["neighbors", "North Korea"]).stdout,
        by_alias
    );
    assert_eq!(
        run(dir.path(), &["neighbors", "north-korea"]).stdout,
        by_alias
    );
}

#[test]
fn neighbors_at_depth_two() {
    let out = snapshot(
        "neighbors-depth2",
        &["neighbors", "Sergei Shoigu", "--depth", "2"],
    );
    // Reached through North Korea, which Shoigu visited.
    assert!(out.contains("      2  Jake Sullivan "), "{out}");
}

#[test]
fn neighbors_of_chosen_relations() {
    snapshot(
        "neighbors-relation",
        &[
            "neighbors",
            "North Korea",
            "--relation",
            "supplies",
            "--relation",
            "denies",
        ],
    );
    let dir = with_graph();
    let repeated = run(
        dir.path(),
        &["neighbors", "North Korea", "-r", "supplies", "-r", "denies"],
    );
    let listed = run(
        dir.path(),
        &["neighbors", "North Korea", "--relation", "supplies,denies"],
    );
    assert_eq!(repeated.stdout, listed.stdout);
}

#[test]
fn neighbors_of_one_certainty() {
    let hedged = snapshot(
        "neighbors-hedged",
        &["neighbors", "Russia", "--certainty", "hedged"],
    );
    assert!(!hedged.contains("asserted"));
    let negated = snapshot(
        "neighbors-negated",
        &["neighbors", "Russia", "--certainty", "negated"],
    );
    assert!(negated.contains("Jake Sullivan"));
    // Negated edges are hidden by default.
    let dir = with_graph();
    assert!(!run(dir.path(), &["neighbors", "Russia"])
        .stdout
        .contains("negated"));
}

#[test]
fn neighbors_of_one_type() {
    let out = snapshot(
        "neighbors-type",
        &["neighbors", "United States", "--type", "person"],
    );
    assert!(!out.contains("North Korea"));
}

#[test]
fn neighbors_with_a_minimum_weight() {
    snapshot(
        "neighbors-min-weight",
        &["neighbors", "Russia", "--min-weight", "3"],
    );
}

#[test]
fn neighbors_in_one_document() {
    snapshot(
        "neighbors-document",
        &["neighbors", "Russia", "--document", "002_1e71314483689c18"],
    );
}

#[test]
fn neighbors_by_direction() {
    snapshot(
        "neighbors-out",
        &["neighbors", "United States", "--direction", "out"],
    );
    snapshot(
        "neighbors-in",
        &["neighbors", "United States", "--direction", "in"],
    );
}

#[test]
fn neighbors_with_every_filter_at_once() {
    snapshot(
        "neighbors-filters",
        &[
            "neighbors",
            "Kim Jong Un",
            "--depth",
            "2",
            "--relation",
            "meets,leads,member_of",
            "--type",
            "person",
            "--min-weight",
            "1",
            "--direction",
            "both",
        ],
    );
}

#[test]
fn neighbors_without_any() {
    let out = snapshot("neighbors-none", &["neighbors", "Leiden University"]);
    assert_eq!(
        out,
        "Leiden University (institution, leiden-university)\n  no neighbors\n"
    );
}

#[test]
fn neighbors_as_json() {
    let out = snapshot("neighbors-json", &["neighbors", "Sergei Shoigu", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["node"], "sergei-shoigu");
    let rows = v["neighbors"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["id"] == "north-korea"
        && r["relation"] == "visited"
        && r["direction"] == "out"));
}

#[test]
fn neighbors_as_dot_render_with_graphviz() {
    let out = snapshot(
        "neighbors-dot",
        &[
            "neighbors",
            "Sergei Shoigu",
            "--depth",
            "2",
            "--relation",
            "visited,leads",
            "--dot",
        ],
    );
    assert!(out.starts_with("digraph \"newsgraph\" {"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ego.dot");
    std::fs::write(&file, &out).unwrap();
    let o = Command::new("dot")
        .arg("-Tsvg")
        .arg(&file)
        .output()
        .expect("Graphviz `dot` is needed (.ci/run installs it)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = String::from_utf8(o.stdout).unwrap();
    for label in [
        "Sergei Shoigu",
        "North Korea",
        "Kim Jong Un",
        "visited",
        "leads",
    ] {
        assert!(svg.contains(label), "{label} missing from the drawing");
    }
}

// --- path -------------------------------------------------------------------

#[test]
fn paths_between_two_actors() {
    let out = snapshot("path", &["path", "Jake Sullivan", "Vladimir Putin"]);
    assert!(out.starts_with(
        "Jake Sullivan (person, jake-sullivan) to Vladimir Putin (person, vladimir-putin): 3 shortest paths of 3 steps\n"
    ));
    snapshot(
        "path-max1",
        &["path", "Jake Sullivan", "Vladimir Putin", "--max", "1"],
    );
}

#[test]
fn paths_with_filters() {
    snapshot(
        "path-relation",
        &[
            "path",
            "Sullivan",
            "Putin",
            "--relation",
            "warns,leads,meets,member_of",
        ],
    );
    snapshot(
        "path-type",
        &["path", "Sullivan", "Putin", "--type", "state"],
    );
    snapshot(
        "path-direction",
        &["path", "Sergei Shoigu", "Ukraine", "--direction", "out"],
    );
    snapshot(
        "path-negated",
        &["path", "Jake Sullivan", "Russia", "--certainty", "negated"],
    );
    snapshot(
        "path-document",
        &[
            "path",
            "Kim Jong Un",
            "Ukraine",
            "--document",
            "000_f901c045fa95aab6",
        ],
    );
    snapshot(
        "path-min-weight",
        &["path", "Kim Jong Un", "Ukraine", "--min-weight", "3"],
    );
}

#[test]
fn paths_as_json() {
    let out = snapshot("path-json", &["path", "Dmitry Peskov", "Ukraine", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["length"], 3);
    assert_eq!(
        v["paths"][0]["steps"][0]["edges"][0]["relation"],
        "member_of"
    );
}

#[test]
fn no_path_is_an_answer_not_an_error() {
    let out = snapshot("path-none", &["path", "Leiden University", "Russia"]);
    assert_eq!(
        out,
        "no path from Leiden University (institution, leiden-university) to Russia (state, russia)\n"
    );
}

// --- show -------------------------------------------------------------------

#[test]
fn show_a_persons_card() {
    let out = snapshot("show-person", &["show", "Kim Jong Un"]);
    assert!(out.contains("  wikidata   Q56226\n"), "{out}");
    assert!(out.contains("(said by Pavel Felgenhauer)"));
}

#[test]
fn show_a_states_card() {
    let out = snapshot("show-state", &["show", "Russia"]);
    assert!(out.contains("  iso3       RUS\n"));
    // The card hides nothing: the negated edge is there, marked.
    assert!(
        out.contains("<- Jake Sullivan (person) [negated, weight 3, cameo 07, plover AID]"),
        "{out}"
    );
}

#[test]
fn show_an_institutions_card() {
    let out = snapshot("show-institution", &["show", "national security council"]);
    assert!(
        out.contains("  part_of    White House (white-house)\n"),
        "{out}"
    );
}

#[test]
fn show_as_json() {
    let out = snapshot("show-json", &["show", "Shoigu", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], "sergei-shoigu");
    let proposes = v["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["relation"] == "proposes")
        .unwrap();
    assert_eq!(
        proposes["edges"][0]["evidence"][0]["attributed_label"],
        "South Korea"
    );
}

// --- stats ------------------------------------------------------------------

#[test]
fn stats_of_the_graph() {
    let out = snapshot("stats", &["stats"]);
    assert!(out.starts_with("36 nodes, 56 edges, 5 documents\n"));
    snapshot("stats-top3", &["stats", "--top", "3"]);
    let json = snapshot("stats-json", &["stats", "--top", "5", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["edges_by_relation"]["supplies"]["negated"], 1);
    assert_eq!(v["top_degree"][0]["id"], "north-korea");
}

// --- names that do not find one actor ----------------------------------------

#[test]
fn an_unknown_name_suggests_the_closest_labels() {
    let dir = with_graph();
    assert_eq!(
        fails(dir.path(), &["neighbors", "Kim Yo Jong"]),
        "newsgraph: no actor named `Kim Yo Jong` in the graph; did you mean: Kim Jong Un?\n"
    );
    assert_eq!(
        fails(dir.path(), &["show", "qqqq"]),
        "newsgraph: no actor named `qqqq` in the graph\n"
    );
    assert_eq!(
        fails(dir.path(), &["path", "Russia", "Moscow Times"]),
        "newsgraph: no actor named `Moscow Times` in the graph; did you mean: New York Times, Russia?\n"
    );
    // Nothing unrelated is offered (issue 17).
    assert_eq!(
        fails(dir.path(), &["show", "Emmanuel Macron"]),
        "newsgraph: no actor named `Emmanuel Macron` in the graph\n"
    );
    // A word of two states names both, not a longer word that starts like it.
    assert_eq!(
        fails(dir.path(), &["show", "Korea"]),
        "newsgraph: `Korea` matches 2 actors; use a fuller name or the id:\n  \
         North Korea (state, north-korea)\n  South Korea (state, south-korea)\n"
    );
}

#[test]
fn a_close_spelling_finds_the_actor() {
    let dir = with_graph();
    let exact = run(dir.path(), &["neighbors", "Jake Sullivan"]);
    assert_eq!(
        run(dir.path(), &["neighbors", "Jake Sulivan"]).stdout,
        exact.stdout
    );
    assert_eq!(
        run(dir.path(), &["neighbors", "SULLIVAN"]).stdout,
        exact.stdout
    );
    assert_eq!(
        run(dir.path(), &["neighbors", "Jake Sull"]).stdout,
        exact.stdout
    );
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    let dir = with_graph();
    let want = "newsgraph: `United` matches 2 actors; use a fuller name or the id:\n  \
                United Nations (institution, united-nations)\n  United States (state, united-states)\n";
    assert_eq!(fails(dir.path(), &["neighbors", "United"]), want);
    assert_eq!(fails(dir.path(), &["show", "United"]), want);
    assert_eq!(fails(dir.path(), &["path", "United", "Russia"]), want);
}

#[test]
fn a_path_needs_two_different_actors() {
    let dir = with_graph();
    assert_eq!(
        fails(dir.path(), &["path", "Kim", "kim jong-un"]),
        "newsgraph: `Kim` and `kim jong-un` are the same actor, Kim Jong Un (kim-jong-un); name two different actors\n"
    );
}

// --- graph files --------------------------------------------------------------

#[test]
fn a_missing_graph_says_to_build_one() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["neighbors", "Russia"][..],
        &["path", "Russia", "Ukraine"],
        &["show", "Russia"],
        &["stats"],
    ] {
        assert_eq!(
            fails(dir.path(), args),
            "newsgraph: no graph file `out/graph.json`; build one first with `newsgraph build`, or pass --graph FILE\n"
        );
    }
    assert_eq!(
        fails(dir.path(), &["stats", "--graph", "elsewhere.json"]),
        "newsgraph: no graph file `elsewhere.json`; build one first with `newsgraph build`, or pass --graph FILE\n"
    );
    assert_eq!(
        fails(dir.path(), &["stats", "--graph", "."]),
        "newsgraph: cannot read graph file `.`: it is a folder; build one first with `newsgraph build`, or pass --graph FILE\n"
    );
}

#[test]
fn an_invalid_graph_says_to_rebuild_it() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "broken.json",
            "{\"nodes\": [",
            "EOF while parsing a list at line 1 column 11",
        ),
        (
            "list.json",
            "[1, 2]",
            "invalid type: integer `1`, expected a boolean at line 1 column 2",
        ),
        (
            "empty.json",
            "",
            "EOF while parsing a value at line 1 column 0",
        ),
        (
            "shape.json",
            "{\"nodes\": []}",
            "missing field `directed` at line 1 column 13",
        ),
    ];
    for (name, text, why) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        assert_eq!(
            fails(dir.path(), &["stats", "--graph", name]),
            format!(
                "newsgraph: `{name}` is not a usable graph (not a newsgraph JSON graph: {why}); \
                 rebuild it with `newsgraph build`\n"
            )
        );
        assert!(!dir.path().join(format!("{name}.idx")).exists());
    }
    std::fs::write(dir.path().join("latin1.json"), b"{\"a\": \"\xe9\"}").unwrap();
    assert_eq!(
        fails(dir.path(), &["stats", "--graph", "latin1.json"]),
        "newsgraph: `latin1.json` is not a usable graph (not UTF-8 text); rebuild it with `newsgraph build`\n"
    );
}

#[test]
fn a_changed_graph_is_read_again() {
    let dir = with_graph();
    let before = run(dir.path(), &["stats"]);
    assert!(before.stdout.starts_with("36 nodes, 56 edges"));
    // Drop every edge but the first from the JSON: the index is stale.
    let file = dir.path().join("out/graph.json");
    let mut g: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    g["edges"].as_array_mut().unwrap().truncate(1);
    std::fs::write(&file, serde_json::to_string(&g).unwrap()).unwrap();
    let after = run(dir.path(), &["stats"]);
    assert_eq!(after.code, Some(0));
    assert!(
        after.stdout.starts_with("36 nodes, 1 edges"),
        "{}",
        after.stdout
    );
    assert_eq!(run(dir.path(), &["stats"]).stdout, after.stdout);
}

#[test]
fn a_damaged_index_is_rebuilt() {
    let dir = with_graph();
    let want = run(dir.path(), &["show", "Russia"]).stdout;
    let idx = dir.path().join("out/graph.json.idx");
    let good = std::fs::read(&idx).unwrap();
    // Same header, garbage after it; then a truncated copy.
    let mut bad = good.clone();
    for b in bad.iter_mut().skip(40) {
        *b = 0xff;
    }
    std::fs::write(&idx, &bad).unwrap();
    let r = run(dir.path(), &["show", "Russia"]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert_eq!(r.stdout, want);
    assert_eq!(
        std::fs::read(&idx).unwrap(),
        good,
        "the index was written again"
    );
    std::fs::write(&idx, &good[..good.len() / 3]).unwrap();
    assert_eq!(run(dir.path(), &["show", "Russia"]).stdout, want);
}

// --- flag values -------------------------------------------------------------

#[test]
fn bad_flag_values_are_refused() {
    let dir = with_graph();
    let clap = |flag: &str, value: &str, why: &str| {
        format!("error: invalid value '{value}' for '{flag}': {why}\n\nFor more information, try '--help'.\n")
    };
    let positive = "expected a whole number of at least 1";
    assert_eq!(
        fails(dir.path(), &["neighbors", "Russia", "--depth", "0"]),
        clap("--depth <N>", "0", positive)
    );
    assert_eq!(
        fails(dir.path(), &["neighbors", "Russia", "--depth", "two"]),
        clap("--depth <N>", "two", positive)
    );
    assert_eq!(
        fails(dir.path(), &["path", "Russia", "Ukraine", "--max", "0"]),
        clap("--max <N>", "0", positive)
    );
    assert_eq!(
        fails(dir.path(), &["stats", "--top", "0"]),
        clap("--top <N>", "0", positive)
    );
    assert_eq!(
        fails(dir.path(), &["neighbors", "Russia", "--min-weight", "x"]),
        clap("--min-weight <N>", "x", "invalid digit found in string")
    );
    assert_eq!(
        fails(dir.path(), &["neighbors", "Russia", "--certainty", "maybe"]),
        "error: invalid value 'maybe' for '--certainty <CERTAINTY>'\n  \
         [possible values: asserted, hedged, negated]\n\nFor more information, try '--help'.\n"
    );
    assert_eq!(
        fails(dir.path(), &["neighbors", "Russia", "--type", "city"]),
        "error: invalid value 'city' for '--type <TYPE>'\n  \
         [possible values: person, state, institution, place, other]\n\nFor more information, try '--help'.\n"
    );
    assert_eq!(
        fails(dir.path(), &["neighbors", "Russia", "--direction", "up"]),
        "error: invalid value 'up' for '--direction <DIRECTION>'\n  \
         [possible values: out, in, both]\n\nFor more information, try '--help'.\n"
    );
    assert_eq!(
        fails(dir.path(), &["neighbors", "Russia", "--json", "--dot"]),
        "error: the argument '--json' cannot be used with '--dot'\n\n\
         Usage: newsgraph neighbors --json <NAME>\n\nFor more information, try '--help'.\n"
    );
}

#[test]
fn unknown_relations_and_documents_list_the_known_ones() {
    let dir = with_graph();
    assert_eq!(
        fails(dir.path(), &["neighbors", "Russia", "--relation", "invades"]),
        "newsgraph: no `invades` edges in the graph; its relations are: accuses, attacks, cooperates_with, \
         declines_comment, denies, leads, meets, member_of, negotiates, part_of, … (17 in all)\n"
    );
    assert_eq!(
        fails(
            dir.path(),
            &["path", "Russia", "Ukraine", "--document", "005_nope"]
        ),
        "newsgraph: no document `005_nope` in the graph; its documents are: 000_f901c045fa95aab6, \
         001_38320f658f82b1b7, 002_1e71314483689c18, 003_daa22dbdf43430df, 004_a45c892f91800066\n"
    );
}
