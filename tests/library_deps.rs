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
