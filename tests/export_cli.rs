//! `newsgraph export` and `build --format`, run as a user runs them: each
//! test in its own temporary folder, asserting files and exact messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use newsgraph::export::Format;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hostile() -> PathBuf {
    root().join("tests/fixtures/hostile.json")
}

fn newsgraph(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn export(dir: &Path, extra: &[&str]) -> Output {
    let graph = hostile();
    let mut args = vec!["export", "--graph", graph.to_str().unwrap()];
    args.extend_from_slice(extra);
    newsgraph(&args, dir)
}

#[test]
fn format_comes_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (file, start) in [
        (
            "g.graphml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml ",
        ),
        (
            "g.gexf",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf ",
        ),
        (
            "g.cypher",
            "// newsgraph: a knowledge graph as a Cypher script",
        ),
        ("g.ttl", "@base <https://newsgraph.example/> ."),
        ("g.nt", "<https://newsgraph.example/ontology#Institution> "),
        ("g.gv", "digraph "),
        ("g.json", "{\n"),
    ] {
        let o = export(dir.path(), &["--out", file]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(
            text.starts_with(start),
            "{file} starts with {:?}",
            &text[..60.min(text.len())]
        );
    }
}

#[test]
fn csv_writes_a_folder_of_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), &["--out", "tables", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let nodes = std::fs::read_to_string(dir.path().join("tables/nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(dir.path().join("tables/edges.csv")).unwrap();
    assert!(nodes.starts_with("id:ID,:LABEL,label,type,aliases,mentions:int,documents,"));
    assert!(edges.starts_with(":START_ID,:END_ID,:TYPE,key,relation,certainty,label,weight:int,"));
    // A `.csv` path is a folder too.
    let o = export(dir.path(), &["--out", "graph.csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("graph.csv/edges.csv").is_file());
}

#[test]
fn an_existing_folder_gets_the_usual_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), &["--out", ".", "--format", "TTL"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("graph.ttl").is_file());
}

#[test]
fn unknown_formats_list_the_valid_names() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), &["--out", "g.xyz", "--format", "xyz"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "newsgraph: unknown format `xyz` (expected one of: json, dot, graphml, gexf, cypher, csv, kuzu, ttl, nt)\n"
    );
    let o = export(dir.path(), &["--out", "g.xyz"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "newsgraph: cannot tell the format from `g.xyz`; pass --format with one of: \
         json, dot, graphml, gexf, cypher, csv, kuzu, ttl, nt\n"
    );
    assert!(!dir.path().join("g.xyz").exists());
}

#[test]
fn a_file_named_for_another_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), &["--out", "x.gexf", "--format", "ttl"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "newsgraph: `x.gexf` has the extension of gexf, but --format asks for ttl; \
         name the file `x.ttl`, or leave out --format to write gexf\n"
    );
    assert!(!dir.path().join("x.gexf").exists());
    // The same format under another of its names, or an extension no format
    // claims, is fine.
    for (out, format) in [("x.gv", "dot"), ("x.TTL", "ttl"), ("x.out", "nt")] {
        let o = export(dir.path(), &["--out", out, "--format", format]);
        assert!(o.status.success(), "{out}: {}", stderr(&o));
    }
    assert_eq!(
        stderr(&export(dir.path(), &["--out", "y.ttl"])),
        "newsgraph: 7 nodes, 7 edges as ttl -> y.ttl\n"
    );
}

#[test]
fn a_missing_graph_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let o = newsgraph(
        &["export", "--graph", "nope.json", "--out", "g.ttl"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("newsgraph: cannot read graph `nope.json`: "),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).ends_with("build one first with `newsgraph build`\n"));
}

#[test]
fn csv_refuses_to_overwrite_a_file_with_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("taken"), "x").unwrap();
    let o = export(dir.path(), &["--out", "taken", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "newsgraph: `taken` is a file, but csv writes a folder of files; pass a folder for --out\n"
    );
}

#[test]
fn json_export_gives_the_fixture_back() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), &["--out", "again.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    assert_eq!(read(&dir.path().join("again.json")), read(&hostile()));
}

#[test]
fn every_format_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    for f in Format::ALL {
        let a = format!("a-{}", f.name());
        let b = format!("b-{}", f.name());
        for out in [&a, &b] {
            let o = export(dir.path(), &["--out", out, "--format", f.name()]);
            assert!(o.status.success(), "{f}: {}", stderr(&o));
        }
        let files = |p: &str| -> Vec<Vec<u8>> {
            let p = dir.path().join(p);
            if p.is_dir() {
                ["nodes.csv", "edges.csv"]
                    .iter()
                    .map(|n| std::fs::read(p.join(n)).unwrap())
                    .collect()
            } else {
                vec![std::fs::read(p).unwrap()]
            }
        };
        assert_eq!(files(&a), files(&b), "{f} is not deterministic");
    }
}

#[test]
fn build_writes_every_asked_format_into_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Russian President Vladimir Putin visited Pyongyang on Tuesday.\n",
    )
    .unwrap();
    let o = newsgraph(
        &[
            "build",
            "a.txt",
            "--out",
            "out",
            "--quiet",
            "--format",
            "graphml,gexf,cypher,csv,ttl,nt",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "edges.csv",
            "graph.cypher",
            "graph.gexf",
            "graph.graphml",
            "graph.nt",
            "graph.ttl",
            "nodes.csv"
        ]
    );
    let cypher = std::fs::read_to_string(dir.path().join("out/graph.cypher")).unwrap();
    assert!(cypher.contains(
        "MATCH (a:Person {id: 'vladimir-putin'}), (b:State {id: 'north-korea'}) MERGE (a)-[r:VISITED]->(b)"
    ));
}

#[test]
fn kuzu_writes_the_csv_files_and_the_script_that_loads_them() {
    let dir = tempfile::tempdir().unwrap();
    let o = export(dir.path(), &["--out", "db", "--format", "kuzu"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "newsgraph: 7 nodes, 7 edges as kuzu -> db/nodes.csv, db/edges.csv, db/load.cypher\n"
    );
    let script = std::fs::read_to_string(dir.path().join("db/load.cypher")).unwrap();
    let statements: Vec<&str> = script.lines().filter(|l| !l.starts_with("//")).collect();
    assert_eq!(statements.len(), 4, "{script}");
    assert!(statements[0].starts_with("CREATE NODE TABLE Actor(`id` STRING, `labels` STRING, "));
    assert!(statements[1].starts_with("CREATE REL TABLE Relation(FROM Actor TO Actor, "));
    assert!(statements[2].starts_with("COPY Actor FROM 'nodes.csv' (HEADER=true"));
    assert!(statements[3].starts_with("COPY Relation FROM 'edges.csv' (HEADER=true"));
    // The CSV files are csv's own.
    let o = export(dir.path(), &["--out", "tables", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["nodes.csv", "edges.csv"] {
        assert_eq!(
            std::fs::read(dir.path().join("db").join(f)).unwrap(),
            std::fs::read(dir.path().join("tables").join(f)).unwrap()
        );
    }
    // Asked for with csv, its files are written once.
    std::fs::write(dir.path().join("a.txt"), "Japan warned Peru.\n").unwrap();
    let o = newsgraph(
        &[
            "build",
            "a.txt",
            "--out",
            "out",
            "--format",
            "csv,kuzu,json",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).ends_with("-> out/graph.json, out/nodes.csv, out/edges.csv, out/load.cypher\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn build_rejects_an_unknown_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Nothing happened.\n").unwrap();
    let o = newsgraph(
        &["build", "a.txt", "--out", "out", "--format", "json,rdfxml"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    // `build` also takes `mentions`, which is not a graph format.
    let err = stderr(&o);
    assert!(
        err.starts_with("newsgraph: unknown format `rdfxml` (expected one of: "),
        "{err}"
    );
    assert!(
        err.ends_with("json, dot, graphml, gexf, cypher, csv, kuzu, ttl, nt)\n"),
        "{err}"
    );
    assert!(!dir.path().join("out/graph.json").exists());
}

#[test]
fn formats_know_their_extensions() {
    let ext = |p: &str| Format::from_extension(Path::new(p));
    assert_eq!(ext("x.graphml"), Some(Format::Graphml));
    assert_eq!(ext("x.GEXF"), Some(Format::Gexf));
    assert_eq!(ext("x.cql"), Some(Format::Cypher));
    assert_eq!(ext("x.turtle"), Some(Format::Ttl));
    assert_eq!(ext("x.nt"), Some(Format::Nt));
    assert_eq!(ext("dir"), None);
    for f in Format::ALL {
        assert_eq!(f.name().parse::<Format>(), Ok(*f));
    }
}
