//! The library's dependency tree holds none of the binary's own crates
//! (clap, indicatif, anyhow, mimalloc): a program that uses newsgraph as a
//! library with `default-features = false` builds none of them.

use std::process::Command;

fn tree(features: &[&str]) -> Vec<String> {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let mut args = vec!["tree", "-e", "normal", "--prefix", "none", "--offline"];
    args.extend_from_slice(features);
    args.extend_from_slice(&["--manifest-path", manifest]);
    let out = Command::new(env!("CARGO")).args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut names: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect();
    names.sort();
    names.dedup();
    names
}

const BINARY_ONLY: [&str; 4] = ["anyhow", "clap", "indicatif", "mimalloc"];

#[test]
fn library_dependency_tree_has_no_binary_only_crates() {
    let lib = tree(&["--no-default-features"]);
    for name in BINARY_ONLY {
        assert!(!lib.iter().any(|n| n == name), "{name} in {lib:?}");
    }
    // The library's own dependencies are still there.
    for name in ["petgraph", "serde_json", "rayon", "aho-corasick"] {
        assert!(lib.iter().any(|n| n == name), "{name} missing: {lib:?}");
    }
}

#[test]
fn the_binary_feature_brings_them_in() {
    let all = tree(&[]);
    for name in BINARY_ONLY {
        assert!(all.iter().any(|n| n == name), "{name} missing: {all:?}");
    }
}

fn typed<E: std::error::Error + Send + Sync + 'static>(e: E) -> String {
    e.to_string()
}

/// The library's errors are error types (thiserror), not strings: a
/// program can match them and `?` them into its own errors.
#[test]
fn library_errors_are_typed() {
    use newsgraph::export::Format;
    use newsgraph::render::{Layout, Target};
    assert_eq!(
        typed("xls".parse::<Format>().unwrap_err()),
        "unknown format `xls` (expected one of: json, dot, graphml, gexf, cypher, csv, kuzu, ttl, nt)"
    );
    assert!(typed(newsgraph::export::json::from_json("[]").unwrap_err())
        .starts_with("not a newsgraph JSON graph: "));
    assert!(
        typed(Target::from_path(std::path::Path::new("g.jpeg")).unwrap_err())
            .starts_with("cannot tell what to draw `g.jpeg` as")
    );
    assert_eq!(
        typed("spring".parse::<Layout>().unwrap_err()),
        "unknown layout `spring` (expected one of: dot, neato, fdp, sfdp, circo)"
    );
    let missing = std::path::PathBuf::from("no/such/folder");
    assert!(typed(newsgraph::corpus::plan(&[missing]).unwrap_err())
        .starts_with("cannot read input `no/such/folder`"));
}
