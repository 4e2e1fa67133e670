//! What `build`, `extract` and `merge` share: reading inputs in batches,
//! progress on a terminal, warnings, the output-folder lock, and writing
//! outputs. The work itself is the library's (`newsgraph::Builder`,
//! `graph::Partial`).

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use super::usage;
use crate::cli::{RunArgs, StdinFormatArg};
use newsgraph::corpus;
use newsgraph::export::Format;
use newsgraph::graph::GraphView;
use newsgraph::read_ahead::{Event, ReadAhead};
use newsgraph::{Document, Timings};

/// Documents per parallel batch, and the bytes that close a batch early.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 32 << 20;

/// The graph formats asked for, and whether `mentions` (JSON Lines of the
/// entity pass's mentions, written beside the graph) is among them.
pub fn parse_formats(names: &[String]) -> Result<(Vec<Format>, bool)> {
    let mut mentions = false;
    let mut formats = Vec::new();
    for f in names.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
        if f.eq_ignore_ascii_case("mentions") {
            mentions = true;
            continue;
        }
        formats.push(f.parse::<Format>().map_err(|e| {
            usage(
                e.to_string()
                    .replace("(expected one of: ", "(expected one of: mentions, "),
            )
        })?);
    }
    formats.sort();
    formats.dedup();
    // kuzu writes csv's two files too: asked for both, they are written once.
    if formats.contains(&Format::Kuzu) {
        formats.retain(|&f| f != Format::Csv);
    }
    Ok((formats, mentions))
}

/// How standard input is read: as asked, else `default`.
pub fn stdin_format(run: &RunArgs, default: corpus::StdinFormat) -> corpus::StdinFormat {
    match run.stdin_format {
        None => default,
        Some(StdinFormatArg::Auto) => corpus::StdinFormat::Auto,
        Some(StdinFormatArg::Jsonl) => corpus::StdinFormat::JsonLines,
        Some(StdinFormatArg::Text) => corpus::StdinFormat::Text,
    }
}

pub fn set_threads(run: &RunArgs) {
    if let Some(n) = run.threads {
        // Only the first call can set the global pool; later calls keep it.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}

/// A spinner on stderr when it is a terminal, silent otherwise.
pub fn progress(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// The skip warnings a run keeps to repeat in its error.
const SHOWN: usize = 5;

/// What a run read: documents, how many parts it skipped and the
/// first warnings that say why.
#[derive(Debug, Default)]
pub struct Streamed {
    pub docs: usize,
    pub skipped: usize,
    pub first_skipped: Vec<String>,
}

impl Streamed {
    /// The error of a run that read no document: nothing is written, and
    /// the message names what was skipped and why.
    pub fn nothing_read(&self, inputs: &[PathBuf]) -> anyhow::Error {
        if self.skipped == 0 {
            let names: Vec<String> = inputs
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect();
            return usage(format!(
                "no document in {}; nothing was written",
                names.join(", ")
            ));
        }
        let mut lines: Vec<String> = self
            .first_skipped
            .iter()
            .map(|w| format!("\n  {w}"))
            .collect();
        if self.skipped > lines.len() {
            lines.push(format!("\n  … and {} more", self.skipped - lines.len()));
        }
        usage(format!(
            "every input was skipped, so nothing was written and earlier outputs are left as they were:{}",
            lines.concat()
        ))
    }
}

/// Streams documents from inputs in batches to `each`; warnings go to
/// stderr and are kept in what it returns.
pub fn stream_batches(
    inputs: &[PathBuf],
    options: corpus::Options,
    bar: &ProgressBar,
    mut each: impl FnMut(&[Document]) -> Result<()>,
) -> Result<Streamed> {
    let sources = corpus::plan(inputs).map_err(|e| usage(e.message))?;
    // Read and parsed on a thread of its own, a batch ahead.
    let reader = ReadAhead::spawn(
        sources,
        std::io::stdin(),
        options,
        BATCH_DOCS,
        BATCH_BYTES,
        2,
    );
    let mut first_skipped = Vec::new();
    let (mut docs, mut bytes, mut skipped) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    for event in reader {
        match event.map_err(|e| usage(e.message))? {
            Event::Warning(w) => {
                bar.suspend(|| eprintln!("newsgraph: warning: {w}"));
                skipped += 1;
                if first_skipped.len() < SHOWN {
                    first_skipped.push(w);
                }
            }
            Event::Batch(batch) => {
                each(&batch)?;
                docs += batch.len();
                bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!(
                    "{}, {:.1} MB, {:.1} MB/s",
                    count(docs, "document"),
                    bytes as f64 / 1e6,
                    bytes as f64 / 1e6 / secs
                ));
            }
        }
    }
    Ok(Streamed {
        docs,
        skipped,
        first_skipped,
    })
}

/// `1 document`, `2 documents`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Holds an exclusive lock on an output folder for as long as it lives, so
/// that two runs into the same folder do not interleave their files.
pub struct FolderLock(#[allow(dead_code)] std::fs::File);

pub fn lock_folder(dir: &Path) -> Result<FolderLock> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output folder `{}`", dir.display()))?;
    let path = dir.join(".newsgraph.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot create lock file `{}`", path.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock `{}`", path.display()))?;
    remove_stale_temporaries(dir);
    Ok(FolderLock(file))
}

/// Removes the temporary outputs of an earlier run into `dir` that was
/// killed before it could rename them (`.graph.json.<pid>.tmp`). Called
/// with the folder's lock held, so no live run of ours is writing them;
/// other files, and the query index's temporaries, are left alone.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = format!(".{}.tmp", std::process::id());
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(base) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.rsplit_once('.'))
            .filter(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            .map(|(base, _)| base)
        else {
            continue;
        };
        let ours = Format::ALL.iter().any(|f| f.file_name() == base)
            || matches!(base, "edges.csv" | "mentions.jsonl");
        if ours && !name.ends_with(&own) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A scratch file in a folder, removed when the run ends.
pub fn tempfile_in(dir: &Path) -> Result<(PathBuf, std::io::BufWriter<std::fs::File>)> {
    let path = dir.join(format!(".mentions.{}.scratch", std::process::id()));
    let f = std::fs::File::create(&path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok((path, std::io::BufWriter::new(f)))
}

/// Rewrites the scratch mentions with their final node ids into
/// `mentions.jsonl`, atomically.
pub fn finish_mentions(
    scratch: &Path,
    f: std::io::BufWriter<std::fs::File>,
    remap: &std::collections::BTreeMap<String, String>,
    out: &Path,
) -> Result<String> {
    drop(
        f.into_inner()
            .map_err(|e| anyhow!("cannot write mentions: {e}"))?,
    );
    let mut bytes = Vec::new();
    let reader = std::io::BufReader::new(std::fs::File::open(scratch)?);
    for line in reader.lines() {
        let mut m: newsgraph::MentionRecord = serde_json::from_str(&line?)?;
        if let Some(to) = remap.get(&m.node) {
            m.node = to.clone();
        }
        serde_json::to_writer(&mut bytes, &m)?;
        bytes.push(b'\n');
    }
    let _ = std::fs::remove_file(scratch);
    let path = out.join("mentions.jsonl");
    newsgraph::output::write_atomic(&path, &bytes)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(path.display().to_string())
}

/// Writes a graph in every format into a folder; returns the paths.
pub fn write_outputs(graph: &dyn GraphView, formats: &[Format], out: &Path) -> Result<Vec<String>> {
    use rayon::prelude::*;
    // The formats are independent: each is written on its own thread.
    let written: Vec<Vec<String>> = formats
        .par_iter()
        .map(|&f| write_format(graph, f, out))
        .collect::<Result<_>>()?;
    Ok(written.into_iter().flatten().collect())
}

/// Writes a format's files into `out`, each streamed into place.
fn write_format(graph: &dyn GraphView, f: Format, out: &Path) -> Result<Vec<String>> {
    let exporter = f.exporter();
    let mut written = Vec::new();
    for name in f.file_names() {
        let path = out.join(&name);
        newsgraph::output::write_atomic_with(&path, |w| exporter.write_file(graph, &name, w))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

pub fn print_timings(t: &Timings, read: f64, export: f64) {
    eprintln!("timing: read {read:.3} s");
    for (name, d) in t.stages() {
        eprintln!("timing: {name} {:.3} s", d.as_secs_f64());
    }
    eprintln!("timing: export {export:.3} s");
}
