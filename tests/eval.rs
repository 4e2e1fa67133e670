//! `newsgraph eval` against the reference scorer: for every case of
//! `tests/fixtures/eval/cases.tsv` it must print exactly what `kg-score`
//! printed (stored beside it by `regenerate.sh`), plain, with `-v` and with
//! `--json`; and its errors must name what is wrong.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn newsgraph(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the newsgraph binary runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "newsgraph failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The gold and graph paths of a case of `cases.tsv`.
fn case(name: &str) -> (String, String) {
    let list = std::fs::read_to_string(root().join("tests/fixtures/eval/cases.tsv")).unwrap();
    list.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f[0] == name)
        .map(|f| (f[1].to_string(), f[2].to_string()))
        .unwrap_or_else(|| panic!("no case `{name}` in cases.tsv"))
}

fn expected(name: &str, suffix: &str) -> String {
    let path = root().join(format!("tests/fixtures/eval/{name}.kg-score{suffix}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every figure of `--json`, by name, then the whole text byte for byte.
fn assert_same_json(name: &str, ours: &str, theirs: &str) {
    let ours_v: serde_json::Value = serde_json::from_str(ours).unwrap();
    let theirs_v: serde_json::Value = serde_json::from_str(theirs).unwrap();
    let (ours_m, theirs_m) = (ours_v.as_object().unwrap(), theirs_v.as_object().unwrap());
    assert_eq!(
        ours_m.keys().collect::<Vec<_>>(),
        theirs_m.keys().collect::<Vec<_>>(),
        "{name}: field names"
    );
    for (field, value) in theirs_m {
        assert_eq!(&ours_m[field], value, "{name}: field `{field}`");
    }
    assert_eq!(ours, theirs, "{name}: --json text");
}

fn check_case(name: &str) {
    let (gold, graph) = case(name);
    let args = ["eval", "--gold", gold.as_str(), graph.as_str()];
    let plain = stdout(&newsgraph(root(), &args));
    assert_eq!(plain, expected(name, ".txt"), "{name}: plain");
    let verbose = stdout(&newsgraph(root(), &[&args[..], &["-v"]].concat()));
    assert_eq!(verbose, expected(name, "-v.txt"), "{name}: -v");
    let json = stdout(&newsgraph(root(), &[&args[..], &["--json"]].concat()));
    assert_same_json(name, &json, &expected(name, ".json"));
}

#[test]
fn seeds_gold_on_the_seeds_graph_agrees_with_kg_score() {
    check_case("seeds");
}

#[test]
fn dev_gold_on_a_dev_graph_agrees_with_kg_score() {
    check_case("dev");
}

#[test]
fn entity_matching_agrees_with_kg_score() {
    // Normalisation, alias fall-back, duplicates (of a required and of an
    // optional entity), wrong types, unknown types, missing fields.
    check_case("crafted-entities");
    assert_eq!(
        expected("crafted-entities", ".txt").lines().next().unwrap(),
        "entities  P 0.54 R 0.78 F1 0.64 (typed F1 0.55, duplicates 3)"
    );
}

#[test]
fn relation_matching_agrees_with_kg_score() {
    // Symmetric relations, alternatives, `*`, optional entries, negated
    // edges, duplicates, certainty and evidence.
    check_case("crafted-relations");
    assert_eq!(
        expected("crafted-relations", ".txt").lines().nth(1).unwrap(),
        "relations P 0.62 R 0.80 F1 0.70 (certainty 0.71, evidence recall 0.90 precision 0.82, unscored 1)"
    );
}

#[test]
fn an_empty_graph_scores_zero_as_kg_score_does() {
    check_case("crafted-empty");
}

#[test]
fn scoring_articles_equals_scoring_the_graph_build_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let built = newsgraph(
        root(),
        &[
            "build",
            "seeds",
            "--quiet",
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let graph = out.join("graph.json");
    let from_file = newsgraph(
        root(),
        &[
            "eval",
            "--gold",
            "gold/seeds.gold.json",
            graph.to_str().unwrap(),
            "-v",
        ],
    );
    let from_articles = newsgraph(
        root(),
        &["eval", "--gold", "gold/seeds.gold.json", "seeds", "-v"],
    );
    assert_eq!(stdout(&from_articles), stdout(&from_file));
    assert!(stderr(&from_articles).starts_with("newsgraph: built the graph of 5 documents ("));
}

#[test]
fn with_no_graph_given_out_graph_json_is_scored() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let (gold, graph) = case("crafted-relations");
    std::fs::copy(root().join(&graph), tmp.path().join("out/graph.json")).unwrap();
    let gold = root().join(gold);
    let out = newsgraph(tmp.path(), &["eval", "--gold", gold.to_str().unwrap()]);
    assert_eq!(stdout(&out), expected("crafted-relations", ".txt"));
    std::fs::remove_file(tmp.path().join("out/graph.json")).unwrap();
    let out = newsgraph(tmp.path(), &["eval", "--gold", gold.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newsgraph: no graph given and no `out/graph.json` here; pass a JSON graph, or articles to build one from\n"
    );
}

#[test]
fn a_malformed_gold_file_is_an_error_naming_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("x.json");
    std::fs::write(
        &gold,
        r#"{"entities": [{"id": "freedonia", "label": "Freedonia", "type": "state", "required": true}],
"edges": [{"source": ["freedonia"], "relation": ["warns"], "target": ["freedonia"], "required": true},
{"relation": ["warns"], "target": ["freedonia"], "required": true}]}"#,
    )
    .unwrap();
    let out = newsgraph(tmp.path(), &["eval", "--gold", "x.json", "empty.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newsgraph: gold file `x.json`: edges[1]: missing field `source` at line 3 column 66; \
         see docs/ANNOTATION.md for the format\n"
    );
    std::fs::write(
        &gold,
        r#"{"entities": [], "edges": [{"source": ["*"], "relation": ["warns"], "target": ["sylvania"], "required": true}]}"#,
    )
    .unwrap();
    let out = newsgraph(tmp.path(), &["eval", "--gold", "x.json", "empty.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newsgraph: gold file `x.json`: edges[0].target[0]: `sylvania` is not the id of an entity \
         of the gold file; see docs/ANNOTATION.md for the format\n"
    );
}

#[test]
fn a_json_input_that_is_not_a_graph_is_an_error_naming_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("g.json"),
        r#"{"nodes": [{"id": "x", "type": "state"}], "edges": []}"#,
    )
    .unwrap();
    let gold: PathBuf = root().join("gold/seeds.gold.json");
    let out = newsgraph(
        tmp.path(),
        &["eval", "--gold", gold.to_str().unwrap(), "g.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newsgraph: `g.json` is not a JSON graph: nodes[0]: missing field `label`; give a graph \
         written by `newsgraph build` (docs/GRAPH-JSON.md), or articles to build one from\n"
    );
    std::fs::write(tmp.path().join("a.txt"), "Freedonia warned Sylvania.").unwrap();
    let out = newsgraph(
        tmp.path(),
        &["eval", "--gold", gold.to_str().unwrap(), "g.json", "a.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newsgraph: give one JSON graph, or articles (text files, folders, .jsonl) to build one from, not both\n"
    );
}

#[test]
fn the_dev_texts_are_the_articles_sources_md_lists_and_the_gold_covers() {
    use sha2::{Digest, Sha256};
    let dev = root().join("gold/dev");
    let sources = std::fs::read_to_string(dev.join("SOURCES.md")).unwrap();
    let mut listed = Vec::new();
    for row in sources.lines().filter(|l| l.starts_with("| `wn")) {
        let cells: Vec<&str> = row.split('|').map(|c| c.trim().trim_matches('`')).collect();
        let (file, sha) = (cells[1], cells[5]);
        let bytes = std::fs::read(dev.join("texts").join(file)).unwrap();
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(&digest[..16], sha, "{file}");
        listed.push(file.trim_end_matches(".txt").to_string());
    }
    assert_eq!(listed.len(), 24);
    let on_disk = std::fs::read_dir(dev.join("texts")).unwrap().count();
    assert_eq!(on_disk, 24);
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("gold/dev.gold.json")).unwrap())
            .unwrap();
    let documents: Vec<&str> = gold["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(documents, listed);
}
