//! The README as a newcomer reads it (issue 17): how to put `newsgraph` on
//! the PATH, the diagrams first, what the test command installs and how to
//! skip its fuzz run, and no flag that newsgraph does not have; `--help`
//! lists every output format.

use std::collections::BTreeSet;
use std::process::Command;

use newsgraph::export::Format;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

fn help(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

/// Every command, as its `--help` is asked for.
const COMMANDS: &[&[&str]] = &[
    &["build"],
    &["extract"],
    &["merge"],
    &["neighbors"],
    &["path"],
    &["show"],
    &["stats"],
    &["export"],
    &["render"],
    &["eval"],
    &["parse"],
    &["train", "syntax"],
    &["train", "clusters"],
];

/// Flags of the other tools the README shows (cargo, Graphviz, Spark,
/// neo4j-admin, the scorer, the benchmark and fuzz scripts).
const OTHER_TOOLS: &[&str] = &[
    "--path",
    "--release",
    "--example",
    "--bench",
    "--gold",
    "--master",
    "--files",
    "--nodes",
    "--relationships",
    "--multiline-fields",
    "--quick",
    "--sizes",
    "--runs",
    "--summary",
    "--runs-small",
    "--runs-large",
    "--no-spacy",
    "--bin",
    "--call-graph",
    "--help",
    "--all-targets",
    "--test",
    "--check",
    "--seed",
    "--base",
    "--cores",
    "--nice",
    "--corpus-dir",
    "--features",
];

#[test]
fn every_flag_the_readme_names_is_real() {
    let mut known: BTreeSet<String> = OTHER_TOOLS.iter().map(|s| s.to_string()).collect();
    let mut helps = help(&[]);
    for c in COMMANDS {
        helps.push_str(&help(c));
    }
    let flag = |text: &str| -> Vec<String> {
        let mut out = Vec::new();
        let b = text.as_bytes();
        for (i, _) in text.match_indices("--") {
            let before_ok = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-');
            let name: String = text[i + 2..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            if before_ok && name.len() > 1 && name.starts_with(|c: char| c.is_ascii_lowercase()) {
                out.push(format!("--{}", name.trim_end_matches('-')));
            }
        }
        out
    };
    known.extend(flag(&helps));
    let unknown: BTreeSet<String> = flag(&readme())
        .into_iter()
        .filter(|f| !known.contains(f))
        .collect();
    assert!(
        unknown.is_empty(),
        "README names flags newsgraph has not: {unknown:?}"
    );
}

#[test]
fn help_lists_every_format() {
    for args in [&["build"][..], &["merge"], &["export"], &[]] {
        let text = help(args);
        let words: BTreeSet<&str> = text.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        for f in Format::ALL {
            assert!(
                words.contains(f.name()),
                "`newsgraph {} --help` does not list {f}",
                args.join(" ")
            );
        }
    }
    assert!(help(&["build"]).contains("mentions"));
}

#[test]
fn the_readme_says_how_to_install_draw_and_test() {
    let text = readme();
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("README lacks {s:?}"));
    at("cargo install --path .");
    // Diagrams: `render` and its page come before the DOT file's Graphviz line.
    assert!(at("newsgraph render --out graph.html") < at("## Building a graph"));
    // The test command: what it installs, how long, and how to skip the fuzz run.
    let tests = at("## Running the tests");
    for s in [
        "bash .ci/run",
        "FUZZ_SECONDS=0",
        "default-jre-headless",
        "pyspark",
        "ladybug",
    ] {
        assert!(text[tests..].contains(s), "the test section lacks {s:?}");
    }
}
