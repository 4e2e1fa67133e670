//! The command line end to end: building the seeds' graph, bad inputs,
//! determinism, and the outputs' consumers. Every test runs in its own
//! temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn build_seeds(out: &Path) -> Value {
    let o = run(bin()
        .arg("build")
        .arg(repo().join("seeds"))
        .arg("--out")
        .arg(out));
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap()
}

fn edge<'a>(g: &'a Value, source: &str, relation: &str, target: &str) -> Option<&'a Value> {
    g["edges"].as_array().unwrap().iter().find(|e| {
        let (s, t) = (e["source"].as_str().unwrap(), e["target"].as_str().unwrap());
        e["relation"] == relation
            && ((s == source && t == target) || (s == target && t == source && relation == "meets"))
    })
}

#[test]
fn seeds_graph_holds_the_expected_edges() {
    let dir = tempfile::tempdir().unwrap();
    let g = build_seeds(dir.path());
    let supplies =
        edge(&g, "north-korea", "supplies", "russia").expect("North Korea supplies Russia");
    assert_eq!(supplies["certainty"], "hedged");
    assert_eq!(supplies["label"], "supplies?");
    assert_eq!(supplies["weight"], 5);
    let warns =
        edge(&g, "jake-sullivan", "warns", "north-korea").expect("Sullivan warns North Korea");
    assert_eq!(warns["certainty"], "asserted");
    assert!(warns["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|ev| ev["attributed_to"] == "jake-sullivan"));
    let visited =
        edge(&g, "sergei-shoigu", "visited", "north-korea").expect("Shoigu visited North Korea");
    assert_eq!(visited["certainty"], "asserted");
    let leads = edge(&g, "kim-jong-un", "leads", "north-korea").expect("Kim leads North Korea");
    assert_eq!(leads["role"], "leader");
    let meets = edge(&g, "kim-jong-un", "meets", "vladimir-putin").expect("Kim meets Putin");
    assert_eq!(meets["certainty"], "hedged");
    // One node per actor, whatever the text calls it.
    let kim = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "kim-jong-un")
        .unwrap();
    let aliases: Vec<&str> = kim["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(aliases.contains(&"Kim"), "{aliases:?}");
    assert!(aliases.contains(&"Kim Jong-un"), "{aliases:?}");
    let nk = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "north-korea")
        .unwrap();
    assert_eq!(nk["type"], "state");
    assert_eq!(nk["iso3"], "PRK");
    assert!(nk["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Pyongyang"));
}

#[test]
fn build_prints_a_one_line_summary() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(bin()
        .arg("build")
        .arg(repo().join("seeds"))
        .arg("--out")
        .arg(dir.path()));
    let err = stderr(&o);
    assert!(o.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("newsgraph: 5 documents, "), "{err}");
    assert!(
        err.contains(" nodes, ") && err.contains(" edges in "),
        "{err}"
    );
}

#[test]
fn no_input_builds_the_seeds_into_out() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    for e in std::fs::read_dir(repo().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, seeds.join(p.file_name().unwrap())).unwrap();
    }
    let o = run(bin().current_dir(dir.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("out/graph.json").is_file());
    assert!(dir.path().join("out/graph.dot").is_file());
}

#[test]
fn no_input_and_no_seeds_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(bin().arg("build").current_dir(dir.path()));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "newsgraph: no input given and no `seeds/` folder here; pass files, folders, a `.jsonl` file or `-`"
    );
}

#[test]
fn a_missing_path_is_an_error_naming_it_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(bin()
        .arg("build")
        .arg("no-such-article.txt")
        .arg("--out")
        .arg(&out)
        .current_dir(dir.path()));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "newsgraph: cannot read input `no-such-article.txt`: no such file or folder"
    );
    assert!(!out.exists(), "nothing is written on failure");
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_seeds(&out);
    let before = std::fs::read(out.join("graph.json")).unwrap();
    let o = run(bin()
        .arg("build")
        .arg(dir.path().join("missing"))
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(out.join("graph.json")).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn a_folder_without_text_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.md"), "not an article").unwrap();
    let o = run(bin()
        .arg("build")
        .arg(&empty)
        .arg("--out")
        .arg(dir.path().join("out")));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "newsgraph: folder `{}` holds no `.txt` files; give text files, a folder of them, a `.jsonl` file or `-` for standard input",
            empty.display()
        )
    );
}

#[test]
fn binary_and_invalid_utf8_files_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("a.txt"),
        "Turkish President Recep Tayyip Erdogan visited Baku on Monday.",
    )
    .unwrap();
    std::fs::write(input.join("b.txt"), b"\x00\x01\x02binary\x00").unwrap();
    std::fs::write(input.join("c.txt"), b"Valid start \xff\xfe then junk").unwrap();
    let out = dir.path().join("out");
    let o = run(bin().arg("build").arg(&input).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let b = input.join("b.txt");
    let c = input.join("c.txt");
    assert!(
        err.contains(&format!(
            "newsgraph: warning: skipped `{}`: it looks binary (it holds NUL bytes)",
            b.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "newsgraph: warning: skipped `{}`: it is not valid UTF-8 (bad byte at offset 12)",
            c.display()
        )),
        "{err}"
    );
    let g: Value = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    assert_eq!(g["graph"]["documents"].as_array().unwrap().len(), 1);
    assert!(
        edge(&g, "recep-tayyip-erdogan", "visited", "azerbaijan").is_some(),
        "{g}"
    );
}

#[test]
fn empty_documents_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("empty.txt");
    std::fs::write(&f, "").unwrap();
    let out = dir.path().join("out");
    let o = run(bin().arg("build").arg(&f).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let g: Value = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    assert_eq!(g["nodes"].as_array().unwrap().len(), 0);
    assert_eq!(g["graph"]["documents"][0]["id"], "empty");
}

#[test]
fn json_lines_and_stdin_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("corpus.jsonl");
    std::fs::write(
        &f,
        concat!(
            r#"{"id": "a1", "text": "Israeli Prime Minister Benjamin Netanyahu met Egyptian President Abdel Fattah el-Sisi in Cairo."}"#,
            "\n",
            "{not json}\n",
            r#"{"id": "a2"}"#,
            "\n",
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(bin().arg("build").arg(&f).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("skipped `{}` line 2: bad JSON", f.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "skipped `{}` line 3: no string field `text`",
            f.display()
        )),
        "{err}"
    );
    let g: Value = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    assert_eq!(g["graph"]["documents"][0]["id"], "a1");
    assert!(
        edge(&g, "benjamin-netanyahu", "leads", "israel").is_some(),
        "{g}"
    );

    let mut child = bin()
        .arg("build")
        .arg("-")
        .arg("--out")
        .arg(dir.path().join("out2"))
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
        .write_all("Germany's Chancellor Olaf Scholz visited Warsaw.".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let g: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out2/graph.json")).unwrap())
            .unwrap();
    assert_eq!(g["graph"]["documents"][0]["id"], "stdin");
    assert!(
        edge(&g, "olaf-scholz", "visited", "poland").is_some(),
        "{g}"
    );
}

#[test]
fn the_same_inputs_in_any_order_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    assert!(run(bin().arg("build").args(&files).arg("--out").arg(&a))
        .status
        .success());
    files.reverse();
    assert!(run(bin().arg("build").args(&files).arg("--out").arg(&b))
        .status
        .success());
    for f in ["graph.json", "graph.dot"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(bin()
        .arg("build")
        .arg(repo().join("seeds"))
        .arg("--format")
        .arg("xls")
        .arg("--out")
        .arg(dir.path()));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .starts_with("newsgraph: unknown format `xls` (expected one of: mentions, json, dot"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn graphviz_renders_the_dot_export() {
    let dir = tempfile::tempdir().unwrap();
    build_seeds(dir.path());
    let o = Command::new("dot")
        .arg("-Tsvg")
        .arg(dir.path().join("graph.dot"))
        .output()
        .expect("Graphviz `dot` is installed (bash .ci/run installs it)");
    assert!(o.status.success(), "dot failed: {}", stderr(&o));
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(svg.contains("<svg"));
    assert!(svg.contains("North Korea"));
    assert!(svg.contains("supplies?"));
}

#[test]
fn the_json_export_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let g = build_seeds(dir.path());
    assert_eq!(g["directed"], true);
    assert_eq!(g["multigraph"], true);
    assert_eq!(g["graph"]["format"], "kg-json");
    assert_eq!(g["graph"]["version"], 1);
    let nodes = g["nodes"].as_array().unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "nodes are sorted by id");
    for n in nodes {
        for field in ["id", "label", "type", "aliases", "mentions", "documents"] {
            assert!(!n[field].is_null(), "node {} lacks {field}", n["id"]);
        }
        assert!(["person", "state", "institution", "place", "other"]
            .contains(&n["type"].as_str().unwrap()));
    }
    let edges = g["edges"].as_array().unwrap();
    let keys: Vec<&str> = edges.iter().map(|e| e["key"].as_str().unwrap()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "edges are sorted by key");
    for e in edges {
        let (s, r, t) = (
            e["source"].as_str().unwrap(),
            e["relation"].as_str().unwrap(),
            e["target"].as_str().unwrap(),
        );
        assert_eq!(e["key"], format!("{s}|{r}|{t}"));
        assert!(ids.contains(&s) && ids.contains(&t));
        let cert = e["certainty"].as_str().unwrap();
        let want = if cert == "hedged" {
            format!("{r}?")
        } else {
            r.to_string()
        };
        assert_eq!(e["label"], want.as_str());
        let ev = e["evidence"].as_array().unwrap();
        assert!(!ev.is_empty());
        let docs: std::collections::BTreeSet<&str> =
            ev.iter().map(|v| v["document"].as_str().unwrap()).collect();
        assert_eq!(e["weight"], docs.len());
        for v in ev {
            assert!(v["start"].as_u64().unwrap() < v["end"].as_u64().unwrap());
            assert!(["asserted", "hedged", "negated"].contains(&v["certainty"].as_str().unwrap()));
        }
        // Offsets are character offsets into the document file.
        let v = &ev[0];
        let text = std::fs::read_to_string(
            repo()
                .join("seeds")
                .join(format!("{}.txt", v["document"].as_str().unwrap())),
        )
        .unwrap();
        let chars: Vec<char> = text.chars().collect();
        let span: String = chars
            [v["start"].as_u64().unwrap() as usize..v["end"].as_u64().unwrap() as usize]
            .iter()
            .collect();
        assert_eq!(span, v["text"].as_str().unwrap());
    }
}

#[test]
fn neighbors_lists_relations_and_explains_unknown_names() {
    let dir = tempfile::tempdir().unwrap();
    build_seeds(dir.path());
    let graph = dir.path().join("graph.json");
    let o = run(bin()
        .arg("neighbors")
        .arg("pyongyang")
        .arg("--graph")
        .arg(&graph)
        .arg("--json"));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["node"], "north-korea");
    let rows = v["neighbors"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["id"] == "russia"
        && r["relation"] == "supplies"
        && r["direction"] == "out"
        && r["certainty"] == "hedged"));
    assert!(rows
        .iter()
        .any(|r| r["id"] == "jake-sullivan" && r["relation"] == "warns" && r["direction"] == "in"));

    let o = run(bin()
        .arg("neighbors")
        .arg("Narnia")
        .arg("--graph")
        .arg(&graph));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("newsgraph: no actor named `Narnia` in the graph"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_user_lexicon_extends_the_builtin_one() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("lex");
    std::fs::create_dir(&lex).unwrap();
    std::fs::write(
        lex.join("persons.tsv"),
        "id\tname\taliases\twikidata\nzora-quill\tZora Quill\tQuill\t\n",
    )
    .unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "Quill visited Nairobi on Friday.").unwrap();
    let out = dir.path().join("out");
    let o = run(bin()
        .arg("build")
        .arg(&article)
        .arg("--lexicon")
        .arg(&lex)
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let g: Value = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    assert!(edge(&g, "zora-quill", "visited", "kenya").is_some(), "{g}");

    // A name the built-in lexicon already gives to someone else is refused.
    std::fs::write(
        lex.join("persons.tsv"),
        "id\tname\taliases\twikidata\nfake\tFake\tKenya\t\n",
    )
    .unwrap();
    let o = run(bin()
        .arg("build")
        .arg(&article)
        .arg("--lexicon")
        .arg(&lex)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "newsgraph: lexicon error: {}:2: the name `Kenya` is claimed by two entries",
            lex.join("persons.tsv").display()
        )
    );
}

#[test]
fn the_mentions_export_lists_every_resolved_mention() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(bin()
        .arg("build")
        .arg(repo().join("seeds"))
        .arg("--format")
        .arg("json,mentions")
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(out.join("mentions.jsonl")).unwrap();
    let rows: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let g: Value = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    let ids: std::collections::BTreeSet<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for r in &rows {
        assert!(
            ids.contains(r["node"].as_str().unwrap()),
            "mention of an unknown node: {r}"
        );
        let doc = std::fs::read_to_string(
            repo()
                .join("seeds")
                .join(format!("{}.txt", r["document"].as_str().unwrap())),
        )
        .unwrap();
        let chars: Vec<char> = doc.chars().collect();
        let span: String = chars
            [r["start"].as_u64().unwrap() as usize..r["end"].as_u64().unwrap() as usize]
            .iter()
            .collect();
        assert_eq!(span, r["text"].as_str().unwrap());
    }
    // `Mr. Sullivan` in one article and `Jake Sullivan` in another are one node.
    assert!(rows
        .iter()
        .any(|r| r["text"] == "Sullivan" && r["node"] == "jake-sullivan" && r["type"] == "person"));
    assert!(rows
        .iter()
        .any(|r| r["text"] == "Pyongyang" && r["node"] == "north-korea" && r["type"] == "state"));
}
