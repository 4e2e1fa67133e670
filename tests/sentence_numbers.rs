//! One convention for sentence numbers (issue 17): counted from 0, in the
//! JSON graph, `show`, the diagrams' tooltips, the HTML page's data and
//! the mentions export alike. A fact in the second sentence of a document
//! is sentence 1 everywhere. (The page's script shows the number it is
//! given; tests/browser/check_html.py checks it in Chromium.)

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn newsgraph(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

#[test]
fn a_second_sentence_is_sentence_1_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("story.txt"),
        "Rain fell on the capital.\nJapan warned Peru about the fishing deal.\n",
    )
    .unwrap();
    newsgraph(
        d,
        &[
            "build",
            "story.txt",
            "--out",
            "out",
            "--format",
            "json,mentions",
        ],
    );
    let g: Value =
        serde_json::from_slice(&std::fs::read(d.join("out/graph.json")).unwrap()).unwrap();
    let edge = &g["edges"][0];
    assert_eq!(edge["key"], "japan|warns|peru");
    assert_eq!(edge["evidence"][0]["sentence"], 1);

    let show = newsgraph(d, &["show", "Japan", "--graph", "out/graph.json"]);
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(
        show.contains("      story sentence 1: Japan warned Peru about the fishing deal."),
        "{show}"
    );

    newsgraph(
        d,
        &["render", "--graph", "out/graph.json", "--out", "g.dot"],
    );
    let dot = std::fs::read_to_string(d.join("g.dot")).unwrap();
    assert!(
        dot.contains("[story, sentence 1] Japan warned Peru"),
        "{dot}"
    );

    newsgraph(
        d,
        &["render", "--graph", "out/graph.json", "--out", "g.html"],
    );
    let html = std::fs::read_to_string(d.join("g.html")).unwrap();
    assert!(
        html.contains("\"sentence\":1,"),
        "the page's data keeps the number"
    );

    let mentions: Vec<Value> = std::fs::read_to_string(d.join("out/mentions.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sentences: Vec<(&str, u64)> = mentions
        .iter()
        .map(|m| (m["text"].as_str().unwrap(), m["sentence"].as_u64().unwrap()))
        .collect();
    assert_eq!(sentences, [("Japan", 1), ("Peru", 1)]);
}
