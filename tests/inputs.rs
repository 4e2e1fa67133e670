//! Inputs never lose a graph or a source (issue 17): a run that reads
//! nothing writes nothing; document ids are unique by construction; JSON
//! Lines arrive on standard input too. Every test runs in its own folder,
//! on invented sentences.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("the binary runs")
}

fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn graph(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// (id, path) of each document of a graph.
fn documents(g: &Value) -> Vec<(String, String)> {
    g["graph"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const GOOD: &str = "Chilean President Marta Quillen visited Lima on Monday.";

/// A good graph in `out`, to see whether a later run replaces it.
fn good_graph(dir: &Path, out: &Path) -> Vec<u8> {
    let f = dir.join("good.txt");
    std::fs::write(&f, GOOD).unwrap();
    let o = run(bin().arg("build").arg(&f).arg("--out").arg(out));
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read(out.join("graph.json")).unwrap()
}

#[test]
fn an_unreadable_file_given_alone_keeps_the_old_graph_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let before = good_graph(dir.path(), &out);
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"x\xff\n").unwrap();
    let o = run(bin().arg("build").arg(&bad).arg("--out").arg(&out));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "newsgraph: warning: skipped `{0}`: it is not valid UTF-8 (bad byte at offset 1)\n\
             newsgraph: every input was skipped, so nothing was written and earlier outputs are left as they were:\n  \
             skipped `{0}`: it is not valid UTF-8 (bad byte at offset 1)\n",
            bad.display()
        )
    );
    assert_eq!(std::fs::read(out.join("graph.json")).unwrap(), before);
}

#[test]
fn every_skip_is_named_whatever_the_inputs_are() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let before = good_graph(dir.path(), &out);
    let bin_file = dir.path().join("b.txt");
    std::fs::write(&bin_file, b"\x00\x01binary").unwrap();
    let records = dir.path().join("r.jsonl");
    std::fs::write(&records, "{broken\n").unwrap();
    let o = run(bin()
        .arg("build")
        .arg(&bin_file)
        .arg(&records)
        .arg("--out")
        .arg(&out)
        .arg("--format")
        .arg("json,mentions"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "\n  skipped `{}`: it looks binary (it holds NUL bytes)\n  skipped `{}` line 1: bad JSON",
            bin_file.display(),
            records.display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(out.join("graph.json")).unwrap(), before);
    // No mentions file and no scratch file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".newsgraph.lock", "graph.dot", "graph.json"]);
}

#[test]
fn an_empty_json_lines_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let before = good_graph(dir.path(), &out);
    let records = dir.path().join("none.jsonl");
    std::fs::write(&records, "\n\n").unwrap();
    let o = run(bin().arg("build").arg(&records).arg("--out").arg(&out));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "newsgraph: no document in `{}`; nothing was written\n",
            records.display()
        )
    );
    assert_eq!(std::fs::read(out.join("graph.json")).unwrap(), before);
}

#[test]
fn extract_of_only_skipped_inputs_fails_and_keeps_its_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, GOOD).unwrap();
    let parts = dir.path().join("parts.jsonl");
    let o = run(bin().arg("extract").arg(&good).arg("--out").arg(&parts));
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(&parts).unwrap();
    assert_eq!(before.iter().filter(|&&b| b == b'\n').count(), 1);
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xff").unwrap();
    let o = run(bin().arg("extract").arg(&bad).arg("--out").arg(&parts));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("every input was skipped"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&parts).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 3, "no temporary left: {names:?}");
    // An empty partition (Spark pipes one) is no error: nothing in, nothing out.
    let o = run_with_stdin(bin().arg("extract"), b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn files_of_one_name_in_different_folders_are_two_documents() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    for (sub, text) in [("a", GOOD), ("b", "Japan warned Peru on Friday.")] {
        std::fs::create_dir_all(corpus.join(sub)).unwrap();
        std::fs::write(corpus.join(sub).join("story.txt"), text).unwrap();
    }
    std::fs::write(corpus.join("story.txt"), "Canada and Mexico held talks.").unwrap();
    let out = dir.path().join("out");
    let o = run(bin().arg("build").arg(&corpus).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let ids: Vec<String> = documents(&graph(&out.join("graph.json")))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["a/story", "b/story", "story"]);
}

#[test]
fn files_given_side_by_side_with_one_name_keep_their_paths_as_ids() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["x", "y"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("story.txt"), GOOD).unwrap();
    }
    std::fs::write(dir.path().join("other.txt"), GOOD).unwrap();
    let o = run(bin().current_dir(dir.path()).args([
        "build",
        "x/story.txt",
        "y",
        "other.txt",
        "--out",
        "out",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        documents(&graph(&dir.path().join("out/graph.json"))),
        [
            ("other".to_string(), "other.txt".to_string()),
            ("x/story".to_string(), "x/story.txt".to_string()),
            ("y/story".to_string(), "y/story.txt".to_string()),
        ]
    );
    // The same file twice is one document, and a warning.
    let o = run(bin().current_dir(dir.path()).args([
        "build",
        "other.txt",
        "other.txt",
        "--out",
        "out2",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        "newsgraph: warning: skipped `other.txt`: document id `other` is already taken"
    );
}

#[test]
fn seeds_keep_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let o = run(bin().arg("build").arg(&seeds).arg("--out").arg(dir.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    let fixture =
        graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds-graph.json"));
    let ids = |g: &Value| -> Vec<String> { documents(g).into_iter().map(|(id, _)| id).collect() };
    assert_eq!(ids(&graph(&dir.path().join("graph.json"))), ids(&fixture));
}

#[test]
fn json_lines_ids_are_kept_and_a_repeated_one_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.jsonl");
    std::fs::write(
        &f,
        format!(
            "{}\n{}\n{}\n",
            serde_json::json!({"id": "a/story", "text": GOOD}),
            serde_json::json!({"id": "a/story", "text": "Japan warned Peru."}),
            serde_json::json!({"text": "Canada and Mexico held talks."}),
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(bin().arg("build").arg(&f).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).lines().next().unwrap(),
        format!(
            "newsgraph: warning: skipped `{}:2`: document id `a/story` is already taken",
            f.display()
        )
    );
    let docs = documents(&graph(&out.join("graph.json")));
    assert_eq!(
        docs,
        [
            ("a/story".to_string(), format!("{}:1", f.display())),
            ("c-3".to_string(), format!("{}:3", f.display())),
        ]
    );
}

fn records() -> String {
    format!(
        "\n{}\n{}\n",
        serde_json::json!({"id": "r1", "text": GOOD}),
        serde_json::json!({"id": "r2", "text": "Japan warned Peru on Friday."}),
    )
}

#[test]
fn json_lines_on_standard_input_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run_with_stdin(
        bin().arg("build").arg("-").arg("--out").arg(&out),
        records().as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        documents(&graph(&out.join("graph.json"))),
        [
            ("r1".to_string(), "-:2".to_string()),
            ("r2".to_string(), "-:3".to_string())
        ]
    );
    // A text that starts with braces but has no `text` field stays a text.
    let o = run_with_stdin(
        bin().arg("build").arg("-").arg("--out").arg(&out),
        b"{\"note\": 1}\nJapan warned Peru on Friday.\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        documents(&graph(&out.join("graph.json"))),
        [("stdin".to_string(), "-".to_string())]
    );
}

#[test]
fn stdin_format_forces_either_reading() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run_with_stdin(
        bin()
            .args(["build", "-", "--stdin-format", "text", "--out"])
            .arg(&out),
        records().as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        documents(&graph(&out.join("graph.json"))),
        [("stdin".to_string(), "-".to_string())]
    );
    let o = run_with_stdin(
        bin()
            .args(["build", "-", "--stdin-format", "jsonl", "--out"])
            .arg(&out),
        b"Japan warned Peru on Friday.\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("newsgraph: warning: skipped `-` line 1: bad JSON"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn counts_are_written_in_good_grammar() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("one.txt");
    std::fs::write(&f, "Japan warned Peru on Friday.").unwrap();
    let out = dir.path().join("out");
    let o = run(bin().arg("build").arg(&f).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("newsgraph: 1 document, 2 nodes, 1 edge in "),
        "{}",
        stderr(&o)
    );
    let parts = dir.path().join("p.jsonl");
    let o = run(bin().arg("extract").arg(&f).arg("--out").arg(&parts));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(bin().arg("merge").arg(&parts).arg("--out").arg(&out));
    assert!(
        stderr(&o).starts_with("newsgraph: 1 partial graph, 1 document, 2 nodes, 1 edge in "),
        "{}",
        stderr(&o)
    );
}
