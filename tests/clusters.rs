//! Word clusters: `newsgraph train clusters` on invented text (the same
//! bytes whatever the threads, words of one distribution in one class),
//! and a syntax model that reads them (version 3, kept in the file).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use newsgraph::extract::syntax::clusters::Clusters;
use newsgraph::extract::syntax::parser::Transitions;
use newsgraph::extract::syntax::train::{self, TrainOptions};
use newsgraph::extract::syntax::{analyse_forms, SyntaxModel};

const NOUNS: [&str; 8] = [
    "farmer", "teacher", "pilot", "doctor", "mayor", "nurse", "judge", "baker",
];
const VERBS: [&str; 4] = ["visited", "praised", "called", "helped"];

/// Every `The N V the N.` sentence: nouns and verbs each share contexts.
fn invented_text() -> String {
    let mut t = String::new();
    for a in NOUNS {
        for v in VERBS {
            for b in NOUNS {
                t.push_str(&format!("The {a} {v} the {b}. "));
            }
        }
        t.push('\n');
    }
    t
}

fn train_clusters(text: &Path, out: &Path, threads: &str) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["train", "clusters", "--text"])
        .arg(text)
        .arg("--out")
        .arg(out)
        .args(["--classes", "2,4", "--min-count", "1", "--threads", threads])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(out).unwrap()
}

#[test]
fn clusters_are_deterministic_and_group_words_of_one_distribution() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("text.txt");
    std::fs::write(&text, invented_text()).unwrap();
    let one = train_clusters(&text, &dir.path().join("a.bin"), "1");
    let two = train_clusters(&text, &dir.path().join("b.bin"), "2");
    assert_eq!(one, two);
    let c = Clusters::from_bytes(&one).unwrap();
    assert_eq!(c.classes, [2, 4]);
    assert_eq!(c.len(), NOUNS.len() + VERBS.len() + 2, "the words and `.`");
    let fine = |w: &str| c.classes_of(w).unwrap()[1];
    assert!(NOUNS.iter().all(|n| fine(n) == fine("farmer")));
    assert!(VERBS.iter().all(|v| fine(v) == fine("visited")));
    assert_ne!(fine("farmer"), fine("visited"));
    assert_ne!(fine("farmer"), fine("the"));
    assert_eq!(c.classes_of("unseen"), None);
}

#[test]
fn bad_class_counts_and_files_are_clear_errors() {
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args([
            "train",
            "clusters",
            "--text",
            "/nonexistent/x.txt",
            "--out",
            "/tmp/x.bin",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("cannot read `/nonexistent/x.txt`"), "{e}");
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["train", "clusters", "--text", "x.txt", "--out", "x.bin"])
        .args(["--classes", "8,16,32,64"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("--classes takes one to 3 class counts"), "{e}");
    assert!(Clusters::from_bytes(b"NGSYNTAX").is_err());
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_model_with_clusters_learns_keeps_them_and_reads_back_the_same() {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/tiny.conllu")).unwrap();
    let data = train::read_treebank(&text).unwrap();
    let sents: Vec<Vec<String>> = invented_text()
        .split(". ")
        .map(|s| s.split_whitespace().map(str::to_lowercase).collect())
        .collect();
    let opt = newsgraph::extract::syntax::clusters::ClusterOptions {
        classes: vec![2, 4],
        min_count: 1,
        ..Default::default()
    };
    let c = newsgraph::extract::syntax::clusters::train(&sents, &opt, &mut |_| {});
    let topt = TrainOptions {
        epochs: 15,
        tagger_epochs: 10,
        seed: 7,
        threads: 1,
        folds: 1,
        prune: (0.0, 0.0),
        second_pass: false,
        dict_min: 1,
        transitions: Transitions::Monotonic,
        clusters: Some(Arc::new(c.clone())),
    };
    let m = train::train(&data, &data, &topt, &mut |_| {});
    let s = train::evaluate(&m, &data);
    assert_eq!((s.upos, s.uas, s.las), (100.0, 100.0, 100.0));
    let bytes = m.to_bytes();
    assert_eq!(&bytes[8..12], &3u32.to_le_bytes(), "version 3");
    let back = SyntaxModel::from_bytes(&bytes).unwrap();
    assert_eq!(back, m);
    assert_eq!(back.parser.clusters.as_deref(), Some(&c));
    assert_eq!(back.tagger.clusters.as_deref(), Some(&c));
    let forms = ["The", "pilot", "praised", "the", "nurse", "."];
    assert_eq!(analyse_forms(&back, &forms), analyse_forms(&m, &forms));
    assert_eq!(
        train::train(&data, &data, &topt, &mut |_| {}).to_bytes(),
        bytes
    );
}
