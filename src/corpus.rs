//! The corpus reader: turns command-line inputs into documents.
//!
//! This module owns every way an article comes in: a text file, a folder of
//! `*.txt` files (recursively, in sorted order), standard input (`-`, one
//! text or JSON Lines), and JSON Lines files of `{"id": …, "text": …}`
//! records. Unusable inputs are errors that name them; unusable parts of an
//! input (a binary file in a folder, a broken JSON line) are skipped with a
//! warning. It does no extraction.
//!
//! Document ids are unique by construction: a text file's id is its path
//! relative to the input given on the command line, without `.txt`
//! (`corpus/a/story.txt` under `corpus` is `a/story`; a file given itself
//! is its stem). Two files that would still share an id (`x/story.txt` and
//! `y/story.txt` given side by side) are named by their paths as given
//! instead (`x/story`, `y/story`). A JSON Lines record keeps the id it
//! gives; the same id twice is a true duplicate, skipped with a warning.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::model::Document;

/// An input that cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CorpusError {
    pub message: String,
}

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
    /// How standard input (`-`) is read.
    pub stdin: StdinFormat,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            stdin: StdinFormat::Auto,
        }
    }
}

/// What standard input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StdinFormat {
    /// JSON Lines when the first non-blank line is a JSON object with a
    /// string field `text`, else one text.
    Auto,
    /// One text, the document `stdin`.
    Text,
    /// JSON Lines of `{"id", "text"}` records.
    JsonLines,
}

/// One input to read, after checking that it exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    /// A text file and the id of its document.
    Text {
        path: PathBuf,
        id: String,
    },
    JsonLines(PathBuf),
}

/// Something read from the inputs.
#[derive(Debug)]
pub enum Item {
    Document(Document),
    /// A part of an input that was skipped, and why.
    Warning(String),
}

/// Checks every input and lists what to read, folders expanded, each text
/// file with its document id (see the module notes). An unusable input is
/// an error naming it, before anything is read.
pub fn plan(inputs: &[PathBuf]) -> Result<Vec<Source>, CorpusError> {
    let mut out = Vec::new();
    // Each text file, with the input it was found under.
    let mut texts: Vec<(usize, PathBuf, &Path)> = Vec::new();
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
            for f in files {
                texts.push((out.len(), f, input));
                out.push(Source::Stdin);
            }
        } else if input.extension().is_some_and(|e| e == "jsonl") {
            out.push(Source::JsonLines(input.clone()));
        } else {
            texts.push((out.len(), input.clone(), input));
            out.push(Source::Stdin);
        }
    }
    for ((slot, path, _), id) in texts.iter().zip(text_ids(&texts)) {
        out[*slot] = Source::Text {
            path: path.clone(),
            id,
        };
    }
    Ok(out)
}

/// The ids of text files: each one's path relative to its input, without
/// `.txt`; where two distinct files would share one, both take their path
/// as given instead.
fn text_ids(texts: &[(usize, PathBuf, &Path)]) -> Vec<String> {
    let relative: Vec<String> = texts
        .iter()
        .map(|(_, path, root)| match path.strip_prefix(root) {
            Ok(rel) if !rel.as_os_str().is_empty() => path_id(rel),
            _ => stem(path),
        })
        .collect();
    let mut owners: std::collections::HashMap<&str, Vec<&Path>> = Default::default();
    for (id, (_, path, _)) in relative.iter().zip(texts) {
        let paths = owners.entry(id).or_default();
        if !paths.contains(&path.as_path()) {
            paths.push(path);
        }
    }
    relative
        .iter()
        .zip(texts)
        .map(|(id, (_, path, _))| {
            if owners[id.as_str()].len() > 1 {
                path_id(path)
            } else {
                id.clone()
            }
        })
        .collect()
}

/// A path as an id: its named parts joined by `/`, without its extension.
fn path_id(path: &Path) -> String {
    use std::path::Component;
    let path = path.with_extension("");
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        "document".into()
    } else {
        parts.join("/")
    }
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

    /// Starts reading standard input: as JSON Lines (returns `None`, the
    /// lines follow), or as one text (returns its document).
    fn open_stdin(&mut self, stdin: &'a mut dyn Read) -> Result<Option<Item>, CorpusError> {
        let failed = |e: std::io::Error| err(format!("cannot read standard input: {e}"));
        let mut reader = std::io::BufReader::new(stdin);
        // The lines up to the first non-blank one, read once and replayed.
        let mut head = Vec::new();
        let jsonl = match self.options.stdin {
            StdinFormat::JsonLines => true,
            StdinFormat::Text => false,
            StdinFormat::Auto => loop {
                let start = head.len();
                if reader.read_until(b'\n', &mut head).map_err(failed)? == 0 {
                    break false;
                }
                let line = &head[start..];
                if !line.iter().all(u8::is_ascii_whitespace) {
                    break looks_like_record(line);
                }
            },
        };
        let rest = std::io::Cursor::new(head).chain(reader);
        if jsonl {
            self.lines = Some(("-".into(), Box::new(std::io::BufReader::new(rest)), 0));
            return Ok(None);
        }
        let mut bytes = Vec::new();
        let mut rest = rest;
        rest.read_to_end(&mut bytes).map_err(failed)?;
        Ok(Some(match decode(&bytes) {
            Ok(text) => self.admit(Document {
                id: "stdin".into(),
                path: "-".into(),
                text,
            }),
            Err(why) => Item::Warning(format!("skipped standard input: {why}")),
        }))
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
                Source::Stdin => {
                    let Some(stdin) = self.stdin.take() else {
                        continue;
                    };
                    match self.open_stdin(stdin) {
                        Ok(None) => continue,
                        Ok(Some(item)) => return Some(Ok(item)),
                        Err(e) => {
                            self.failed = true;
                            return Some(Err(e));
                        }
                    }
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
                Source::Text { path, id } => {
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
                            id,
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

/// Whether a line is a JSON object with a string field `text`: what makes
/// standard input JSON Lines rather than one text.
fn looks_like_record(line: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(line)
        .is_ok_and(|v| v.get("text").is_some_and(|t| t.is_string()))
}

/// One JSON Lines record as a document, or the warning that skips it.
///
/// The document's path is `FILE:LINE` and its id, when the record has
/// none, `STEM-LINE`. A record may say where it really came from (what a
/// distributed engine knows and `newsgraph extract`, reading a pipe, does
/// not): with a string `path` and a whole number `line`, it is named as if
/// read from that file at that line; with `path` alone, `path` is its path.
pub fn parse_record(name: &str, n: usize, line: &[u8]) -> Result<Document, String> {
    let Ok(line) = std::str::from_utf8(line) else {
        return Err(format!("skipped `{name}` line {n}: not valid UTF-8"));
    };
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| format!("skipped `{name}` line {n}: bad JSON ({e})"))?;
    let Some(text) = value.get("text").and_then(|t| t.as_str()) else {
        return Err(format!("skipped `{name}` line {n}: no string field `text`"));
    };
    let origin = value
        .get("path")
        .and_then(|p| p.as_str())
        .filter(|p| !p.is_empty());
    let origin_line = value.get("line").and_then(|l| l.as_u64());
    let (name, n, path) = match (origin, origin_line) {
        (Some(p), Some(l)) => (p, l as usize, format!("{p}:{l}")),
        (Some(p), None) => (name, n, p.to_string()),
        (None, _) => (name, n, format!("{name}:{n}")),
    };
    let id = match value.get("id") {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
        Some(serde_json::Value::Number(x)) => x.to_string(),
        _ => format!("{}-{n}", stem(Path::new(name))),
    };
    Ok(Document {
        id,
        path,
        text: text.replace("\r\n", "\n"),
    })
}
