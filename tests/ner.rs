//! The entity recogniser's trainer and command: a tiny annotated set
//! (`tests/fixtures/ner-tiny.conll`, invented sentences) is learned
//! perfectly, the same data and seed give the same bytes, and the command
//! reports bad input with exit code 2. How the shipped model reads news is
//! checked in `tests/cases/entities.tsv`.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use newsgraph::extract::ner::data::{read_conll, Example};
use newsgraph::extract::ner::train::{evaluate, train, Config};
use newsgraph::extract::ner::{Kind, Recogniser};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ner-tiny.conll")
}

fn examples() -> Vec<Example> {
    let text = std::fs::read_to_string(fixture()).unwrap();
    read_conll(&text)
        .unwrap()
        .iter()
        .map(Example::new)
        .collect()
}

fn config(seed: u64) -> Config {
    Config {
        epochs: 10,
        seed,
        min_weight: 0.0,
    }
}

#[test]
fn the_trainer_learns_the_tiny_set_perfectly() {
    let lex = newsgraph::lexicon::builtin().unwrap();
    let ex = examples();
    let mut epochs = Vec::new();
    let model = train(&ex, &ex, &lex, &config(1), |e| epochs.push(e.clone()));
    assert_eq!(epochs.len(), 10);
    assert_eq!(epochs.last().unwrap().errors, 0);
    let scores = evaluate(&model, &ex, &lex);
    // (correct, predicted, gold) per kind: PER, ORG, LOC, MISC.
    assert_eq!(scores.counts, [(5, 5, 5), (4, 4, 4), (4, 4, 4), (2, 2, 2)]);
    assert_eq!(scores.of(Kind::Org), (1.0, 1.0, 1.0));
}

#[test]
fn the_same_data_and_seed_give_the_same_bytes() {
    let lex = newsgraph::lexicon::builtin().unwrap();
    let ex = examples();
    let a = train(&ex, &[], &lex, &config(7), |_| {}).to_bytes();
    let b = train(&ex, &[], &lex, &config(7), |_| {}).to_bytes();
    assert_eq!(a, b);
    let back = Recogniser::from_bytes(&a).unwrap();
    assert_eq!(back.to_bytes(), a);
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

#[test]
fn train_ner_writes_a_model_and_reports_scores() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.bin");
    let f = fixture();
    let f = f.to_str().unwrap();
    let o = run(&[
        "train",
        "ner",
        "--train",
        f,
        "--dev",
        f,
        "--out",
        out.to_str().unwrap(),
        "--epochs",
        "10",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("all      1.0000   1.0000   1.0000      15"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("train: 3 documents"), "{stderr}");
    assert!(stderr.contains("epoch 10: 0 errors"), "{stderr}");
    Recogniser::from_bytes(&std::fs::read(&out).unwrap()).unwrap();
}

#[test]
fn train_ner_explains_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.bin");
    let missing = dir.path().join("missing.conll");
    let o = run(&[
        "train",
        "ner",
        "--train",
        missing.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot read training data") && err.contains("missing.conll"),
        "{err}"
    );

    let bad = dir.path().join("bad.conll");
    std::fs::write(&bad, "Jane B-PER\nRoe X-PER\n").unwrap();
    let o = run(&[
        "train",
        "ner",
        "--train",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.conll`: line 2: unknown tag `X-PER`"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn an_institution_joins_its_full_name_across_documents() {
    let lex = newsgraph::lexicon::builtin().unwrap();
    let doc = |id: &str, text: &str| newsgraph::Document {
        id: id.into(),
        path: format!("{id}.txt"),
        text: text.into(),
    };
    let g = newsgraph::build(
        &[
            doc(
                "a",
                "The Norwegian Maritime Authority issued a warning on Monday.",
            ),
            doc("b", "The Maritime Authority lifted the warning on Friday."),
            doc(
                "c",
                "Shares of Norvik Motors Holdings rose. Analysts praised the carmaker.",
            ),
            doc("d", "Sales of Norvik Motors would grow, analysts said."),
        ],
        &lex,
    );
    let nodes: Vec<(String, Vec<String>, Vec<String>)> = g
        .nodes()
        .into_iter()
        .filter(|n| n.node_type == newsgraph::NodeType::Institution)
        .map(|n| (n.label.clone(), n.aliases.clone(), n.documents.clone()))
        .collect();
    assert_eq!(
        nodes,
        [
            (
                "Norvik Motors Holdings".to_string(),
                vec!["Norvik Motors".to_string()],
                vec!["c".to_string(), "d".to_string()]
            ),
            (
                "Norwegian Maritime Authority".to_string(),
                vec!["Maritime Authority".to_string()],
                vec!["a".to_string(), "b".to_string()]
            ),
        ]
    );
}
