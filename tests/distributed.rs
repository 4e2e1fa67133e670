//! `extract` and `merge` are a map and a reduce: any split of the corpus,
//! merged in any grouping and order, gives the bytes `build` gives.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use newsgraph::export::Format;
use newsgraph::graph::{Limits, Partial};
use newsgraph::{corpus, lexicon, Document};

fn seeds() -> Vec<Document> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    corpus::read_inputs(&[dir], &mut std::io::empty())
        .unwrap()
        .documents
}

fn json(g: &newsgraph::KnowledgeGraph) -> Vec<u8> {
    Format::Json.exporter().export(g)
}

#[test]
fn every_split_and_grouping_merges_to_the_build() {
    let lex = lexicon::builtin().unwrap();
    let docs = seeds();
    let want = json(&newsgraph::build(&docs, &lex));
    let parts: Vec<Partial> = docs
        .iter()
        .map(|d| newsgraph::extract_partial(d, &lex, Limits::default()))
        .collect();
    let n = parts.len();
    // Every way to split the documents in two, each side merged in its own
    // order, then the two sides merged in either order.
    for mask in 1..(1u32 << n) - 1 {
        let mut a = Partial::new(Limits::default());
        let mut b = Partial::new(Limits::default());
        for (i, p) in parts.iter().enumerate() {
            if mask & (1 << i) != 0 {
                a.merge(p.clone());
            } else {
                b.merge(p.clone());
            }
        }
        let mut ab = a.clone();
        ab.merge(b.clone());
        let mut ba = b;
        ba.merge(a);
        assert_eq!(json(&ab.finish(&lex)), want, "split {mask:05b}");
        assert_eq!(json(&ba.finish(&lex)), want, "split {mask:05b}, reversed");
    }
}

#[test]
fn partial_graphs_survive_their_json_form() {
    let lex = lexicon::builtin().unwrap();
    let docs = seeds();
    let p = newsgraph::extract_partial(&docs[0], &lex, Limits::default());
    let text = serde_json::to_string(&p).unwrap();
    let back: Partial = serde_json::from_str(&text).unwrap();
    assert_eq!(back, p);
}

#[test]
fn the_cli_map_and_reduce_match_build_for_a_random_split() {
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    let dir = tempfile::tempdir().unwrap();
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // A split drawn from the clock, printed so a failure can be replayed.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let mask = 1 + seed % ((1 << files.len()) - 2);
    eprintln!("split mask {mask:05b}");
    let (a, b): (Vec<_>, Vec<_>) = files
        .iter()
        .enumerate()
        .partition(|(i, _)| mask & (1 << i) != 0);
    let run = |args: Vec<std::ffi::OsString>| {
        let o = Command::new(bin)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    for (name, part) in [("a.jsonl", &a), ("b.jsonl", &b)] {
        let mut args: Vec<std::ffi::OsString> = vec!["extract".into()];
        args.extend(part.iter().map(|(_, p)| (*p).clone().into_os_string()));
        args.push("--out".into());
        args.push(dir.path().join(name).into_os_string());
        run(args);
    }
    run(vec![
        "build".into(),
        seeds.clone().into_os_string(),
        "--out".into(),
        dir.path().join("built").into_os_string(),
    ]);
    run(vec![
        "merge".into(),
        dir.path().join("b.jsonl").into_os_string(),
        dir.path().join("a.jsonl").into_os_string(),
        "--out".into(),
        dir.path().join("merged").into_os_string(),
    ]);
    for f in ["graph.json", "graph.dot"] {
        assert_eq!(
            std::fs::read(dir.path().join("built").join(f)).unwrap(),
            std::fs::read(dir.path().join("merged").join(f)).unwrap(),
            "{f} differs for split {mask:05b}"
        );
    }
}

#[test]
fn extract_reads_json_lines_on_stdin() {
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    let mut child = Command::new(bin)
        .arg("extract")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\": \"x1\", \"text\": \"Iran's President Masoud Pezeshkian visited Moscow.\"}\n{\"id\": \"x2\", \"text\": \"Chile and Peru held talks.\"}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<Partial> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].documents.contains_key("x1"));
    assert!(
        lines[0]
            .edges
            .contains_key("masoud-pezeshkian|visited|russia"),
        "{:?}",
        lines[0].edges.keys()
    );
    assert!(
        lines[1].edges.contains_key("chile|negotiates|peru"),
        "{:?}",
        lines[1].edges.keys()
    );
}
