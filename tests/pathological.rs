//! Pathological inputs through the built binary, one test each: the exact
//! behaviour (processed, with what it gives, or skipped with the warning
//! naming the file and line) and a run that completes. The small inputs are
//! committed under `tests/pathological/`; the big ones (a 50 MB line,
//! 100,000 one-word sentences, a sentence of 100,000 tokens) are generated
//! here.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The exit code of a run that skipped some inputs and built the rest.
const SKIPPED_EXIT: i32 = 0;
/// The exit code of a run that skipped every input: it writes nothing.
const NOTHING_READ_EXIT: i32 = 2;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pathological")
        .join(name)
}

/// What one `newsgraph build` gave.
struct Built {
    code: i32,
    warnings: Vec<String>,
    graph: Value,
}

impl Built {
    fn ids(&self, what: &str, field: &str) -> Vec<String> {
        self.graph[what]
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| v[field].as_str().expect("a string").to_string())
            .collect()
    }

    fn nodes(&self) -> Vec<String> {
        self.ids("nodes", "id")
    }

    fn edges(&self) -> Vec<String> {
        self.ids("edges", "key")
    }

    fn documents(&self) -> Vec<(String, u64)> {
        self.graph["graph"]["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap().to_string(),
                    d["sentences"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    fn edge(&self, key: &str) -> &Value {
        self.graph["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["key"] == key)
            .unwrap_or_else(|| panic!("no edge {key}: {:?}", self.edges()))
    }
}

/// Runs `newsgraph build INPUT… --out TMP ARGS…` where every input is
/// skipped: it must fail and write nothing. Returns the warnings.
fn build_nothing(inputs: &[&Path], args: &[&str]) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .arg("build")
        .args(inputs)
        .arg("--out")
        .arg(out.path())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(NOTHING_READ_EXIT), "{stderr}");
    assert!(!out.path().join("graph.json").exists());
    assert!(
        stderr.contains("newsgraph: every input was skipped, so nothing was written"),
        "{stderr}"
    );
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("newsgraph: warning: "))
        .map(str::to_string)
        .collect()
}

/// Runs `newsgraph build INPUT… --out TMP ARGS…`; the graph must be written.
fn build(inputs: &[&Path], args: &[&str]) -> Built {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .arg("build")
        .args(inputs)
        .arg("--out")
        .arg(out.path())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let graph = std::fs::read(out.path().join("graph.json"))
        .unwrap_or_else(|e| panic!("no graph.json ({e}); stderr:\n{stderr}"));
    Built {
        code: o.status.code().expect("an exit code"),
        warnings: stderr
            .lines()
            .filter_map(|l| l.strip_prefix("newsgraph: warning: "))
            .map(str::to_string)
            .collect(),
        graph: serde_json::from_slice(&graph).expect("graph.json is JSON"),
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn an_empty_file_is_a_document_without_sentences() {
    let b = build(&[&corpus("empty.txt")], &[]);
    assert_eq!((b.code, b.warnings.len()), (0, 0));
    assert_eq!(b.documents(), [("empty".to_string(), 0)]);
    assert!(b.nodes().is_empty() && b.edges().is_empty());
}

#[test]
fn a_file_of_only_whitespace_is_a_document_without_sentences() {
    // Spaces, tabs, CRLF, a no-break space, an ideographic space and a line
    // separator.
    let b = build(&[&corpus("whitespace.txt")], &[]);
    assert_eq!((b.code, b.warnings.len()), (0, 0));
    assert_eq!(b.documents(), [("whitespace".to_string(), 0)]);
    assert!(b.nodes().is_empty() && b.edges().is_empty());
}

/// A 50 MB line with no sentence end: plain words, with one relation in
/// every thousand tokens or so.
fn write_long_line(path: &Path) -> String {
    let filler = "the quick brown fox jumps over the lazy dog while rain falls on the quiet hills "
        .repeat(62);
    let unit = format!("{filler}France warned Germany about the deal ");
    let size = 50 << 20;
    let mut text = unit.repeat(size / unit.len() + 1);
    text.truncate(size);
    std::fs::write(path, &text).unwrap();
    text
}

#[test]
fn a_50_mb_line_is_skipped_over_the_default_limit_and_read_in_pieces_under_a_raised_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.txt");
    let text = write_long_line(&path);
    assert_eq!(
        build_nothing(&[&path], &[]),
        [format!(
            "skipped `{}`: 52428800 bytes is over the limit of 10000000 (raise it with --max-doc-bytes)",
            path.display()
        )]
    );

    // Raised: the line is cut into sentences of at most 1,000 tokens, and
    // each piece of evidence is one of them, not the whole line.
    let b = build(&[&path], &["--max-doc-bytes", "60000000"]);
    assert_eq!((b.code, b.warnings.len()), (0, 0));
    let tokens = text.split_whitespace().count() as u64;
    assert_eq!(b.documents(), [("line".to_string(), tokens.div_ceil(1000))]);
    assert_eq!(b.nodes(), ["france", "germany"]);
    assert_eq!(b.edges(), ["france|warns|germany"]);
    let evidence = b.edge("france|warns|germany")["evidence"]
        .as_array()
        .unwrap()
        .clone();
    assert!(!evidence.is_empty());
    for ev in &evidence {
        let t = ev["text"].as_str().unwrap();
        assert!(t.split_whitespace().count() <= 1000 && t.contains("France warned Germany"));
    }
}

#[test]
fn a_hundred_thousand_one_word_sentences_are_read_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("words.txt");
    let words = [
        "France.", "Germany.", "Yes.", "No.", "Why?", "Stop!", "Russia.", "warned.",
    ];
    let text: String = (0..100_000)
        .map(|i| format!("{}\n", words[i % words.len()]))
        .collect();
    std::fs::write(&path, text).unwrap();
    let b = build(&[&path], &[]);
    assert_eq!((b.code, b.warnings.len()), (0, 0));
    assert_eq!(b.documents(), [("words".to_string(), 100_000)]);
    assert_eq!(b.nodes(), ["france", "germany", "russia"]);
    assert!(b.edges().is_empty(), "one word relates nothing");
    let mentions: Vec<u64> = b.graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["mentions"].as_u64().unwrap())
        .collect();
    assert_eq!(mentions, [12_500, 12_500, 12_500]);
}

#[test]
fn a_sentence_of_a_hundred_thousand_tokens_is_read_in_pieces() {
    // Through the library: the same pipeline as `build`, without the file.
    let unit =
        "the talks on the border went on and on while France warned Germany about the deal and ";
    let words: Vec<&str> = unit.split_whitespace().collect();
    let text: Vec<&str> = words.iter().copied().cycle().take(100_000).collect();
    let doc = newsgraph::Document {
        id: "long".into(),
        path: "long.txt".into(),
        text: text.join(" "),
    };
    let lex = newsgraph::lexicon::builtin().unwrap();
    let g = newsgraph::build(std::slice::from_ref(&doc), &lex);
    assert_eq!(g.documents.len(), 1);
    assert_eq!(g.documents[0].sentences, 100);
    let keys: Vec<&str> = g.edges().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["france|warns|germany"]);
    let e = g.edges()[0];
    assert!(e.certainty == newsgraph::Certainty::Asserted);
    assert!(e
        .evidence
        .iter()
        .all(|ev| ev.text.split_whitespace().count() <= 1000));
}

#[test]
fn deeply_nested_and_unbalanced_quotes_and_brackets_are_read_as_punctuation() {
    let b = build(&[&corpus("brackets.txt")], &[]);
    assert_eq!((b.code, b.warnings.len()), (0, 0));
    assert_eq!(b.documents(), [("brackets".to_string(), 5)]);
    assert_eq!(b.nodes(), ["china", "france", "germany", "russia"]);
    // The second line ends in open brackets, so it reads as a headline and
    // gives no fact; the first, inside 550 openers, gives its fact.
    assert_eq!(b.edges(), ["france|warns|germany"]);
    let ev = &b.edge("france|warns|germany")["evidence"][0];
    assert!(ev["text"]
        .as_str()
        .unwrap()
        .contains("France warned Germany about the border deal."));
}

/// The warning of a skipped text file.
fn skipped(path: &Path, why: &str) -> String {
    format!("skipped `{}`: {why}", path.display())
}

/// Builds one corpus file alone: it must be skipped with exactly this
/// reason, and the run must fail without writing a graph.
fn assert_skipped_alone(file: &str, why: &str) {
    let path = corpus(file);
    assert_eq!(build_nothing(&[&path], &[]), [skipped(&path, why)]);
}

#[test]
fn invalid_utf8_in_an_article_skips_it_naming_the_byte() {
    assert_skipped_alone(
        "invalid-utf8.txt",
        "it is not valid UTF-8 (bad byte at offset 30)",
    );
}

#[test]
fn utf16_with_a_byte_order_mark_is_skipped_as_binary() {
    assert_skipped_alone("utf16-bom.txt", "it looks binary (it holds NUL bytes)");
}

#[test]
fn nul_bytes_skip_a_file_as_binary() {
    assert_skipped_alone("nul.txt", "it looks binary (it holds NUL bytes)");
}

#[test]
fn skipped_files_of_a_folder_leave_the_rest_of_the_run_whole() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["invalid-utf8.txt", "nul.txt", "utf16-bom.txt", "empty.txt"] {
        std::fs::copy(corpus(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("good.txt"),
        "Russia criticized China over the talks.\n",
    )
    .unwrap();
    let b = build(&[dir.path()], &[]);
    assert_eq!(b.code, SKIPPED_EXIT);
    assert_eq!(
        b.warnings,
        [
            skipped(
                &dir.path().join("invalid-utf8.txt"),
                "it is not valid UTF-8 (bad byte at offset 30)"
            ),
            skipped(
                &dir.path().join("nul.txt"),
                "it looks binary (it holds NUL bytes)"
            ),
            skipped(
                &dir.path().join("utf16-bom.txt"),
                "it looks binary (it holds NUL bytes)"
            ),
        ]
    );
    assert_eq!(
        b.documents(),
        [("empty".to_string(), 0), ("good".to_string(), 1)]
    );
    assert_eq!(b.edges(), ["russia|criticizes|china"]);
}

#[test]
fn right_to_left_and_combining_characters_are_text() {
    let path = corpus("rtl-combining.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let b = build(&[&path], &[]);
    assert_eq!((b.code, b.warnings.len()), (0, 0));
    assert_eq!(b.documents(), [("rtl-combining".to_string(), 6)]);
    // Bidirectional marks and overrides around a sentence change nothing.
    assert_eq!(
        b.edges(),
        [
            "france|warns|germany",
            "russia|criticizes|china",
            "zoe-barta|visited|germany"
        ]
    );
    // A name with combining marks keeps them in its label, not in its id;
    // offsets count characters, combining marks included.
    let zoe = b.graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "zoe-barta")
        .unwrap();
    assert_eq!(zoe["label"], "Zoe\u{308} Ba\u{301}rta");
    let ev = &b.edge("zoe-barta|visited|germany")["evidence"][0];
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (
        ev["start"].as_u64().unwrap() as usize,
        ev["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        chars[start..end].iter().collect::<String>(),
        ev["text"].as_str().unwrap()
    );
    assert_eq!(
        ev["text"],
        "President Zoe\u{308} Ba\u{301}rta visited Germany on Tuesday."
    );
}

#[test]
fn html_and_script_tags_are_read_as_text_and_never_become_actors() {
    let b = build(&[&corpus("html.txt")], &[]);
    assert_eq!((b.code, b.warnings.len()), (0, 0));
    assert_eq!(b.documents(), [("html".to_string(), 12)]);
    assert_eq!(
        b.nodes(),
        ["china", "france", "germany", "iran", "israel", "russia"]
    );
    for n in b.graph["nodes"].as_array().unwrap() {
        let label = n["label"].as_str().unwrap();
        assert!(
            !label.contains(['<', '>', '&', '"']),
            "markup in a label: {label}"
        );
    }
    // No markup is stripped: a line wrapped in tags ends in `>`, so it reads
    // as a headline and gives no fact, while a script's string is text.
    assert_eq!(b.edges(), ["iran|accuses|israel"]);
}

#[test]
fn broken_json_lines_records_are_skipped_naming_file_and_line() {
    let path = corpus("broken.jsonl");
    let b = build(&[&path], &[]);
    assert_eq!(b.code, SKIPPED_EXIT);
    let p = path.display();
    assert_eq!(
        b.warnings,
        strings(&[
            &format!("skipped `{p}` line 2: bad JSON (control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0)"),
            &format!("skipped `{p}` line 3: no string field `text`"),
            &format!("skipped `{p}` line 4: no string field `text`"),
            &format!("skipped `{p}:5`: document id `good-1` is already taken"),
            &format!("skipped `{p}` line 7: not valid UTF-8"),
            &format!("skipped `{p}` line 8: no string field `text`"),
            &format!("skipped `{p}` line 10: bad JSON (EOF while parsing a string at line 1 column 23)"),
        ])
    );
    assert_eq!(
        b.documents(),
        [("good-1".to_string(), 1), ("good-2".to_string(), 1)]
    );
    assert_eq!(
        b.edges(),
        ["france|warns|germany", "russia|criticizes|china"]
    );
    let paths: Vec<&str> = b.graph["graph"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [format!("{p}:1"), format!("{p}:9")]);
}
