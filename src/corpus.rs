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

/// The default for `Options::max_doc_bytes`.
pub const DEFAULT_MAX_DOC_BYTES: usize = 10_000_000;

/// How inputs are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Documents longer than this many bytes are skipped with a warning.
    pub max_doc_bytes: usize,
    /// Read standard input (`-`) as JSON Lines rather than one text.
    pub stdin_jsonl: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            stdin_jsonl: false,
        }
    }
}

/// One input to read, after checking that it exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    Text(PathBuf),
    JsonLines(PathBuf),
}

/// Something read from the inputs.
#[derive(Debug)]
pub enum Item {
    Document(Document),
    /// A part of an input that was skipped, and why.
    Warning(String),
}

/// Checks every input and lists what to read, folders expanded. An
/// unusable input is an error naming it, before anything is read.
pub fn plan(inputs: &[PathBuf]) -> Result<Vec<Source>, CorpusError> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Source::Stdin);
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
                err(format!(
                    "cannot read folder `{}`: {}",
                    input.display(),
                    describe_io(&e)
                ))
            })?;
            files.sort();
            if files.is_empty() {
                return Err(err(format!(
                    "folder `{}` holds no `.txt` files; give text files, a folder of them, a `.jsonl` file or `-` for standard input",
                    input.display()
                )));
            }
            out.extend(files.into_iter().map(Source::Text));
        } else if input.extension().is_some_and(|e| e == "jsonl") {
            out.push(Source::JsonLines(input.clone()));
        } else {
            out.push(Source::Text(input.clone()));
        }
    }
    Ok(out)
}

/// Streams the documents of planned sources, one at a time: JSON Lines
/// files are read line by line, so memory holds one document, not the
/// corpus. A repeated document id is skipped with a warning.
pub struct Reader<'a> {
    sources: std::vec::IntoIter<Source>,
    /// Taken when first read: standard input can be read once.
    stdin: Option<&'a mut dyn Read>,
    options: Options,
    lines: Option<(String, Box<dyn std::io::BufRead + 'a>, usize)>,
    seen: std::collections::HashSet<String>,
    failed: bool,
}

impl<'a> Reader<'a> {
    pub fn new(sources: Vec<Source>, stdin: &'a mut dyn Read, options: Options) -> Self {
        Reader {
            sources: sources.into_iter(),
            stdin: Some(stdin),
            options,
            lines: None,
            seen: std::collections::HashSet::new(),
            failed: false,
        }
    }

    fn admit(&mut self, d: Document) -> Item {
        if d.text.len() > self.options.max_doc_bytes {
            return Item::Warning(format!(
                "skipped `{}`: {} bytes is over the limit of {} (raise it with --max-doc-bytes)",
                d.path,
                d.text.len(),
                self.options.max_doc_bytes
            ));
        }
        if !self.seen.insert(d.id.clone()) {
            return Item::Warning(format!(
                "skipped `{}`: document id `{}` is already taken",
                d.path, d.id
            ));
        }
        Item::Document(d)
    }

    /// The next line of the JSON Lines source being read, as an item.
    fn next_line(&mut self) -> Option<Result<Item, CorpusError>> {
        let (name, reader, n) = self.lines.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            *n += 1;
            let read = match reader.read_until(b'\n', &mut buf) {
                Ok(r) => r,
                Err(e) => {
                    let name = name.clone();
                    self.lines = None;
                    return Some(Err(err(format!("cannot read input `{name}`: {e}"))));
                }
            };
            if read == 0 {
                self.lines = None;
                return None;
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (name, n) = (name.clone(), *n);
            return Some(Ok(match parse_record(&name, n, &buf) {
                Ok(d) => self.admit(d),
                Err(w) => Item::Warning(w),
            }));
        }
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<Item, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            if self.lines.is_some() {
                match self.next_line() {
                    Some(item) => {
                        self.failed = item.is_err();
                        return Some(item);
                    }
                    None => continue,
                }
            }
            let source = self.sources.next()?;
            match source {
                Source::Stdin if self.options.stdin_jsonl => {
                    if let Some(stdin) = self.stdin.take() {
                        self.lines =
                            Some(("-".into(), Box::new(std::io::BufReader::new(stdin)), 0));
                    }
                }
                Source::Stdin => {
                    let Some(stdin) = self.stdin.take() else {
                        continue;
                    };
                    let mut bytes = Vec::new();
                    if let Err(e) = stdin.read_to_end(&mut bytes) {
                        self.failed = true;
                        return Some(Err(err(format!("cannot read standard input: {e}"))));
                    }
                    return Some(Ok(match decode(&bytes) {
                        Ok(text) => self.admit(Document {
                            id: "stdin".into(),
                            path: "-".into(),
                            text,
                        }),
                        Err(why) => Item::Warning(format!("skipped standard input: {why}")),
                    }));
                }
                Source::JsonLines(path) => match std::fs::File::open(&path) {
                    Ok(f) => {
                        self.lines = Some((
                            path.display().to_string(),
                            Box::new(std::io::BufReader::new(f)),
                            0,
                        ));
                    }
                    Err(e) => {
                        self.failed = true;
                        return Some(Err(err(format!(
                            "cannot read input `{}`: {}",
                            path.display(),
                            describe_io(&e)
                        ))));
                    }
                },
                Source::Text(path) => {
                    let bytes = match std::fs::read(&path) {
                        Ok(b) => b,
                        Err(e) => {
                            self.failed = true;
                            return Some(Err(err(format!(
                                "cannot read input `{}`: {}",
                                path.display(),
                                describe_io(&e)
                            ))));
                        }
                    };
                    return Some(Ok(match decode(&bytes) {
                        Ok(text) => self.admit(Document {
                            id: stem(&path),
                            path: path.display().to_string(),
                            text,
                        }),
                        Err(why) => Item::Warning(format!("skipped `{}`: {why}", path.display())),
                    }));
                }
            }
        }
    }
}

/// Reads every input into memory (for small corpora and tests).
pub fn read_inputs(inputs: &[PathBuf], stdin: &mut dyn Read) -> Result<Corpus, CorpusError> {
    read_inputs_with(inputs, stdin, Options::default())
}

/// Reads every input into memory, with options.
pub fn read_inputs_with(
    inputs: &[PathBuf],
    stdin: &mut dyn Read,
    options: Options,
) -> Result<Corpus, CorpusError> {
    let sources = plan(inputs)?;
    let folders: Vec<&PathBuf> = inputs.iter().filter(|p| p.is_dir()).collect();
    let mut corpus = Corpus::default();
    for item in Reader::new(sources, stdin, options) {
        match item? {
            Item::Document(d) => corpus.documents.push(d),
            Item::Warning(w) => corpus.warnings.push(w),
        }
    }
    if corpus.documents.is_empty() && folders.len() == inputs.len() && !folders.is_empty() {
        return Err(err(format!(
            "folder `{}` holds no readable text: every file was skipped",
            folders[0].display()
        )));
    }
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

/// One JSON Lines record as a document, or the warning that skips it.
pub fn parse_record(name: &str, n: usize, line: &[u8]) -> Result<Document, String> {
    let Ok(line) = std::str::from_utf8(line) else {
        return Err(format!("skipped `{name}` line {n}: not valid UTF-8"));
    };
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| format!("skipped `{name}` line {n}: bad JSON ({e})"))?;
    let Some(text) = value.get("text").and_then(|t| t.as_str()) else {
        return Err(format!("skipped `{name}` line {n}: no string field `text`"));
    };
    let id = match value.get("id") {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
        Some(serde_json::Value::Number(x)) => x.to_string(),
        _ => format!("{}-{n}", stem(Path::new(name))),
    };
    Ok(Document {
        id,
        path: format!("{name}:{n}"),
        text: text.replace("\r\n", "\n"),
    })
}
