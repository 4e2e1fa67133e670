//! The corpus reader: turns command-line inputs into documents.
//!
//! This module owns every way an article comes in: a text file, a folder of
//! `*.txt` files (recursively, in sorted order), standard input (`-`), and
//! JSON Lines files of `{"id": …, "text": …}` records. Unusable inputs are
//! errors that name them; unusable parts of an input (a binary file in a
//! folder, a broken JSON line) are skipped with a warning. It does no
//! extraction.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::model::Document;

/// An input that cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    pub message: String,
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CorpusError {}

fn err(message: String) -> CorpusError {
    CorpusError { message }
}

/// Documents read, and warnings about what was skipped.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub warnings: Vec<String>,
}

/// Reads every input. `stdin` is read only for the input `-`.
pub fn read_inputs(inputs: &[PathBuf], stdin: &mut dyn Read) -> Result<Corpus, CorpusError> {
    let mut corpus = Corpus::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|e| err(format!("cannot read standard input: {e}")))?;
            match decode(&bytes) {
                Ok(text) => corpus.documents.push(Document {
                    id: "stdin".into(),
                    path: "-".into(),
                    text,
                }),
                Err(why) => corpus.warnings.push(format!("skipped standard input: {why}")),
            }
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| {
            err(format!(
                "cannot read input `{}`: {}",
                input.display(),
                describe_io(&e)
            ))
        })?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files).map_err(|e| {
                err(format!("cannot read folder `{}`: {}", input.display(), describe_io(&e)))
            })?;
            files.sort();
            if files.is_empty() {
                return Err(err(format!(
                    "folder `{}` holds no `.txt` files; give text files, a folder of them, a `.jsonl` file or `-` for standard input",
                    input.display()
                )));
            }
            let before = corpus.documents.len();
            for f in files {
                read_file(&f, &mut corpus)?;
            }
            if corpus.documents.len() == before {
                return Err(err(format!(
                    "folder `{}` holds no readable text: every file was skipped",
                    input.display()
                )));
            }
        } else {
            read_file(input, &mut corpus)?;
        }
    }
    // Ids must be unique: a repeated id keeps the first in sorted path order.
    let mut seen = std::collections::BTreeSet::new();
    let mut kept = Vec::with_capacity(corpus.documents.len());
    for d in std::mem::take(&mut corpus.documents) {
        if seen.insert(d.id.clone()) {
            kept.push(d);
        } else {
            corpus
                .warnings
                .push(format!("skipped `{}`: document id `{}` is already taken", d.path, d.id));
        }
    }
    corpus.documents = kept;
    Ok(corpus)
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

/// Text as UTF-8 (a BOM is dropped); binary content is refused.
fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("it looks binary (it holds NUL bytes)".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.replace("\r\n", "\n")),
        Err(e) => Err(format!(
            "it is not valid UTF-8 (bad byte at offset {})",
            e.valid_up_to()
        )),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into())
}

fn read_file(path: &Path, corpus: &mut Corpus) -> Result<(), CorpusError> {
    let bytes = std::fs::read(path).map_err(|e| {
        err(format!("cannot read input `{}`: {}", path.display(), describe_io(&e)))
    })?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        read_jsonl(path, &bytes, corpus);
        return Ok(());
    }
    match decode(&bytes) {
        Ok(text) => corpus.documents.push(Document {
            id: stem(path),
            path: path.display().to_string(),
            text,
        }),
        Err(why) => corpus
            .warnings
            .push(format!("skipped `{}`: {why}", path.display())),
    }
    Ok(())
}

fn read_jsonl(path: &Path, bytes: &[u8], corpus: &mut Corpus) {
    let shown = path.display();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let n = i + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(line) = std::str::from_utf8(line) else {
            corpus.warnings.push(format!("skipped `{shown}` line {n}: not valid UTF-8"));
            continue;
        };
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                corpus.warnings.push(format!("skipped `{shown}` line {n}: bad JSON ({e})"));
                continue;
            }
        };
        let Some(text) = value.get("text").and_then(|t| t.as_str()) else {
            corpus.warnings.push(format!("skipped `{shown}` line {n}: no string field `text`"));
            continue;
        };
        let id = match value.get("id") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(serde_json::Value::Number(x)) => x.to_string(),
            _ => format!("{}-{n}", stem(path)),
        };
        corpus.documents.push(Document {
            id,
            path: format!("{shown}:{n}"),
            text: text.replace("\r\n", "\n"),
        });
    }
}
