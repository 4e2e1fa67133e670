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

fn newsgraph(args: &[&std::ffi::OsStr], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// Provenance through the map and the reduce (issue 17): records piped to
/// `extract` in pieces, each saying its file and line as the Spark job
/// tells them, merge from a Spark-like output folder to the bytes `build`
/// gives over the file itself.
#[test]
fn records_that_say_where_they_came_from_merge_to_the_build_of_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("news.jsonl");
    let texts = [
        "Chilean President Marta Quillen visited Lima on Monday.",
        "Japan warned Peru about the fishing deal, officials said.",
        "Canada and Mexico held talks in Ottawa.",
    ];
    let lines: Vec<serde_json::Value> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| match i {
            1 => serde_json::json!({"text": t}),
            _ => serde_json::json!({"id": format!("n{i}"), "text": t}),
        })
        .collect();
    let body: String = lines.iter().map(|l| format!("{l}\n\n")).collect();
    std::fs::write(&file, &body).unwrap();
    let name = file.display().to_string();
    // Two partitions, each piped through `extract` and `merge --partial`,
    // written as Spark writes its output folder.
    let parts = dir.path().join("partials");
    std::fs::create_dir(&parts).unwrap();
    std::fs::write(parts.join("_SUCCESS"), "").unwrap();
    std::fs::write(parts.join(".part-00000.crc"), "not a graph").unwrap();
    for (k, range) in [(0, 0..2), (1, 2..3)] {
        let mut tagged = String::new();
        for i in range {
            let mut rec = lines[i].clone();
            rec["path"] = name.clone().into();
            rec["line"] = (2 * i + 1).into();
            tagged.push_str(&format!("{rec}\n"));
        }
        let mapped = newsgraph(&["extract".as_ref()], tagged.as_bytes()).stdout;
        let reduced = newsgraph(&["merge".as_ref(), "--partial".as_ref()], &mapped).stdout;
        std::fs::write(parts.join(format!("part-0000{k}")), reduced).unwrap();
    }
    let merged = dir.path().join("merged");
    let built = dir.path().join("built");
    newsgraph(
        &[
            "merge".as_ref(),
            parts.as_os_str(),
            "--out".as_ref(),
            merged.as_os_str(),
        ],
        b"",
    );
    newsgraph(
        &[
            "build".as_ref(),
            file.as_os_str(),
            "--out".as_ref(),
            built.as_os_str(),
        ],
        b"",
    );
    let read = |p: PathBuf| std::fs::read(p).unwrap();
    assert_eq!(
        read(merged.join("graph.json")),
        read(built.join("graph.json"))
    );
    let g: serde_json::Value = serde_json::from_slice(&read(merged.join("graph.json"))).unwrap();
    let docs: Vec<(String, String)> = g["graph"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].to_string(), d["path"].to_string()))
        .collect();
    assert_eq!(
        docs,
        [
            ("\"n0\"".to_string(), format!("\"{name}:1\"")),
            ("\"n2\"".to_string(), format!("\"{name}:5\"")),
            ("\"news-3\"".to_string(), format!("\"{name}:3\"")),
        ]
    );
}

#[test]
fn merge_refuses_a_folder_without_part_files() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .arg("merge")
        .arg(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "newsgraph: folder `{}` holds no `part-*` files of partial graphs; give the files `newsgraph extract` wrote, or the output folder of a Spark or Hadoop job\n",
            dir.path().display()
        )
    );
}
