//! The `build`, `extract` and `merge` commands: reading inputs in batches,
//! progress on a terminal, warnings, timings, and writing outputs. The work
//! itself is the library's (`newsgraph::Builder`, `graph::Partial`).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{BuildArgs, ExtractArgs, MergeArgs, RunArgs};
use crate::{load_lexicon, Usage};
use newsgraph::corpus;
use newsgraph::export::Format;
use newsgraph::graph::GraphView;
use newsgraph::graph::{Limits, Partial};
use newsgraph::read_ahead::{Event, ReadAhead};
use newsgraph::{Builder, Document, Timings};

/// Documents per parallel batch, and the bytes that close a batch early.
const BATCH_DOCS: usize = 512;
const BATCH_BYTES: usize = 32 << 20;

fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow!(Usage(msg.into()))
}

/// The graph formats asked for, and whether `mentions` (JSON Lines of the
/// entity pass's mentions, written beside the graph) is among them.
fn parse_formats(names: &[String]) -> Result<(Vec<Format>, bool)> {
    let mut mentions = false;
    let mut formats = Vec::new();
    for f in names.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
        if f.eq_ignore_ascii_case("mentions") {
            mentions = true;
            continue;
        }
        formats.push(
            f.parse::<Format>().map_err(|e| {
                usage(e.replace("(expected one of: ", "(expected one of: mentions, "))
            })?,
        );
    }
    Ok((formats, mentions))
}

fn set_threads(run: &RunArgs) {
    if let Some(n) = run.threads {
        // Only the first call can set the global pool; later calls keep it.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}

/// A spinner on stderr when it is a terminal, silent otherwise.
fn progress(quiet: bool) -> ProgressBar {
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

/// Streams documents from inputs in batches to `each`; warnings go to
/// stderr. Returns the number of documents and bytes read.
fn stream_batches(
    inputs: &[PathBuf],
    options: corpus::Options,
    bar: &ProgressBar,
    mut each: impl FnMut(&[Document]) -> Result<()>,
) -> Result<(usize, usize)> {
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
    let (mut docs, mut bytes) = (0usize, 0usize);
    let started = Instant::now();
    for event in reader {
        match event.map_err(|e| usage(e.message))? {
            Event::Warning(w) => bar.suspend(|| eprintln!("newsgraph: warning: {w}")),
            Event::Batch(batch) => {
                each(&batch)?;
                docs += batch.len();
                bytes += batch.iter().map(|d| d.text.len()).sum::<usize>();
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                bar.set_message(format!(
                    "{docs} documents, {:.1} MB, {:.1} MB/s",
                    bytes as f64 / 1e6,
                    bytes as f64 / 1e6 / secs
                ));
            }
        }
    }
    Ok((docs, bytes))
}

/// Holds an exclusive lock on an output folder for as long as it lives, so
/// that two runs into the same folder do not interleave their files.
struct FolderLock(#[allow(dead_code)] std::fs::File);

fn lock_folder(dir: &Path) -> Result<FolderLock> {
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
fn tempfile_in(dir: &Path) -> Result<(PathBuf, std::io::BufWriter<std::fs::File>)> {
    let path = dir.join(format!(".mentions.{}.scratch", std::process::id()));
    let f = std::fs::File::create(&path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok((path, std::io::BufWriter::new(f)))
}

/// Rewrites the scratch mentions with their final node ids into
/// `mentions.jsonl`, atomically.
fn finish_mentions(
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
fn write_outputs(graph: &dyn GraphView, formats: &[Format], out: &Path) -> Result<Vec<String>> {
    use rayon::prelude::*;
    // The formats are independent: each is written on its own thread.
    let written: Vec<Vec<String>> = formats
        .par_iter()
        .map(|&f| write_format(graph, f, out))
        .collect::<Result<_>>()?;
    Ok(written.into_iter().flatten().collect())
}

fn write_format(graph: &dyn GraphView, f: Format, out: &Path) -> Result<Vec<String>> {
    let mut written = Vec::new();
    if f.is_folder() {
        for (name, bytes) in f.export_files(graph) {
            let path = out.join(name);
            newsgraph::output::write_atomic_with(&path, |w| {
                w.write_all(&bytes)?;
                graph.check()
            })
            .with_context(|| format!("cannot write `{}`", path.display()))?;
            written.push(path.display().to_string());
        }
    } else {
        let path = out.join(f.file_name());
        let exporter = f.exporter();
        newsgraph::output::write_atomic_with(&path, |w| exporter.write(graph, w))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}

fn print_timings(t: &Timings, read: f64, export: f64) {
    eprintln!("timing: read {read:.3} s");
    for (name, d) in t.stages() {
        eprintln!("timing: {name} {:.3} s", d.as_secs_f64());
    }
    eprintln!("timing: export {export:.3} s");
}

pub fn build(args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    let (formats, want_mentions) = parse_formats(&args.format)?;
    let inputs = if args.inputs.is_empty() {
        let seeds = PathBuf::from("seeds");
        if !seeds.is_dir() {
            return Err(usage(
                "no input given and no `seeds/` folder here; pass files, folders, a `.jsonl` file or `-`",
            ));
        }
        vec![seeds]
    } else {
        args.inputs.clone()
    };
    set_threads(&args.run);
    let lex = load_lexicon(args.lexicon.as_deref())?;
    // Check every input before touching the output folder.
    corpus::plan(&inputs).map_err(|e| usage(e.message))?;
    let limits = Limits {
        max_evidence: args.run.max_evidence.max(1),
        ..Limits::default()
    };
    let options = corpus::Options {
        max_doc_bytes: args.run.max_doc_bytes,
        stdin_jsonl: false,
    };
    let bar = progress(args.quiet);
    let mut builder = Builder::new(&lex, limits);
    builder.keep_mentions = want_mentions;
    // Mentions stream to a scratch file; their ids are settled at the end.
    let mut scratch = if want_mentions {
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("cannot create output folder `{}`", args.out.display()))?;
        Some(tempfile_in(&args.out)?)
    } else {
        None
    };
    let read_clock = Instant::now();
    let (docs, _) = stream_batches(&inputs, options, &bar, |batch| {
        let mentions = builder.add_batch(batch);
        if let Some((_, f)) = scratch.as_mut() {
            for m in mentions {
                serde_json::to_writer(&mut *f, &m)?;
                f.write_all(b"\n")?;
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    if docs == 0 && inputs.iter().all(|p| p.is_dir()) {
        return Err(usage(format!(
            "folder `{}` holds no readable text: every file was skipped",
            inputs[0].display()
        )));
    }
    let remap = builder.person_remap();
    let (graph, timings) = builder
        .finish()
        .context("cannot write the spill store (TMPDIR)")?;
    let stage_time: f64 = timings.stages().iter().map(|(_, d)| d.as_secs_f64()).sum();
    let read = (read_clock.elapsed().as_secs_f64() - stage_time).max(0.0);
    let export_clock = Instant::now();
    let _lock = lock_folder(&args.out)?;
    let mut written = write_outputs(&graph, &formats, &args.out)?;
    if let Some((path, f)) = scratch.take() {
        written.push(finish_mentions(&path, f, &remap, &args.out)?);
    }
    if args.timings {
        print_timings(&timings, read, export_clock.elapsed().as_secs_f64());
    }
    if !args.quiet {
        eprintln!(
            "newsgraph: {} documents, {} nodes, {} edges in {:.2} s -> {}",
            docs,
            graph.node_count(),
            graph.edge_count(),
            started.elapsed().as_secs_f64(),
            written.join(", ")
        );
    }
    Ok(())
}

pub fn extract(args: ExtractArgs) -> Result<()> {
    set_threads(&args.run);
    let lex = load_lexicon(args.lexicon.as_deref())?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let limits = Limits {
        max_evidence: args.run.max_evidence.max(1),
        ..Limits::default()
    };
    let options = corpus::Options {
        max_doc_bytes: args.run.max_doc_bytes,
        stdin_jsonl: true,
    };
    let mut buf: Vec<u8> = Vec::new();
    let mut out: Box<dyn Write> = match &args.out {
        Some(_) => Box::new(std::io::Cursor::new(&mut buf)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let bar = ProgressBar::hidden();
    stream_batches(&inputs, options, &bar, |batch| {
        use rayon::prelude::*;
        let parts: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|d| {
                serde_json::to_vec(&newsgraph::extract_partial(d, &lex, limits)).unwrap_or_default()
            })
            .collect();
        for p in parts {
            out.write_all(&p)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })?;
    out.flush()?;
    drop(out);
    if let Some(path) = &args.out {
        newsgraph::output::write_atomic(path, &buf)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}

pub fn merge(args: MergeArgs) -> Result<()> {
    let started = Instant::now();
    let (formats, want_mentions) = parse_formats(&args.format)?;
    if want_mentions {
        return Err(usage("`merge` cannot write mentions: partial graphs do not keep them; use `build --format mentions`"));
    }
    let lex = load_lexicon(args.lexicon.as_deref())?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    // A graph is merged in compact form, its sentences spilled; only
    // `--partial` keeps partial graphs whole.
    let mut acc: Option<Partial> = None;
    let mut builder: Option<Builder> = None;
    let mut parts = 0usize;
    for input in &inputs {
        let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            let f = std::fs::File::open(input).map_err(|e| {
                usage(format!(
                    "cannot read partial graphs `{}`: {e}",
                    input.display()
                ))
            })?;
            Box::new(std::io::BufReader::new(f))
        };
        for (i, line) in reader.lines().enumerate() {
            let line =
                line.map_err(|e| usage(format!("cannot read `{}`: {e}", input.display())))?;
            if line.trim().is_empty() {
                continue;
            }
            let part: Partial = serde_json::from_str(&line).map_err(|e| {
                usage(format!(
                    "`{}` line {}: not a partial graph: {e}",
                    input.display(),
                    i + 1
                ))
            })?;
            parts += 1;
            let repeated = match acc.as_mut() {
                // The first partial graph's limits hold, as they would
                // for `Partial::merge`.
                _ if !args.partial => builder
                    .get_or_insert_with(|| Builder::new(&lex, part.limits))
                    .add_partial(part),
                None => {
                    acc = Some(part);
                    Vec::new()
                }
                Some(a) => a.merge(part),
            };
            for id in repeated {
                eprintln!("newsgraph: warning: document `{id}` is in several partial graphs; the first is kept");
            }
        }
    }
    if args.partial {
        let acc = acc.unwrap_or_default();
        let mut bytes = serde_json::to_vec(&acc)?;
        bytes.push(b'\n');
        match &args.out {
            Some(path) => newsgraph::output::write_atomic(path, &bytes)
                .with_context(|| format!("cannot write `{}`", path.display()))?,
            None => std::io::stdout().lock().write_all(&bytes)?,
        }
        return Ok(());
    }
    let (graph, _) = builder
        .unwrap_or_else(|| Builder::new(&lex, Limits::default()))
        .finish()
        .context("cannot write the spill store (TMPDIR)")?;
    let documents = graph.document_count();
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out"));
    let _lock = lock_folder(&out)?;
    let written = write_outputs(&graph, &formats, &out)?;
    if !args.quiet {
        eprintln!(
            "newsgraph: {parts} partial graphs, {documents} documents, {} nodes, {} edges in {:.2} s -> {}",
            graph.node_count(),
            graph.edge_count(),
            started.elapsed().as_secs_f64(),
            written.join(", ")
        );
    }
    Ok(())
}
