//! `newsgraph merge`: the reduce step, partial graphs into one graph.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};

use super::pipeline::{count, lock_folder, parse_formats, write_outputs};
use super::{load_lexicon, usage};
use crate::cli::MergeArgs;
use newsgraph::graph::{GraphView, Limits, Partial};
use newsgraph::Builder;

pub fn run(args: MergeArgs) -> Result<()> {
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
    let files = expand(&inputs)?;
    // A graph is merged in compact form, its sentences spilled; only
    // `--partial` keeps partial graphs whole.
    let mut acc: Option<Partial> = None;
    let mut builder: Option<Builder> = None;
    let mut parts = 0usize;
    for input in &files {
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
    if documents == 0 {
        // A merge of nothing never replaces a graph.
        let names: Vec<String> = inputs
            .iter()
            .map(|p| format!("`{}`", p.display()))
            .collect();
        return Err(usage(format!(
            "no document in the partial graphs of {}; nothing was written",
            names.join(", ")
        )));
    }
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out"));
    let _lock = lock_folder(&out)?;
    let written = write_outputs(&graph, &formats, &out)?;
    if !args.quiet {
        eprintln!(
            "newsgraph: {}, {}, {}, {} in {:.2} s -> {}",
            count(parts, "partial graph"),
            count(documents, "document"),
            count(graph.node_count(), "node"),
            count(graph.edge_count(), "edge"),
            started.elapsed().as_secs_f64(),
            written.join(", ")
        );
    }
    Ok(())
}

/// The files to read: each input as given, a folder as its `part-*` files
/// in name order (what Spark's `saveAsTextFile` and Hadoop write; their
/// `_SUCCESS` and `.crc` files are not partial graphs).
fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            files.push(input.clone());
            continue;
        }
        let entries = std::fs::read_dir(input).map_err(|e| {
            usage(format!(
                "cannot read partial graphs `{}`: {e}",
                input.display()
            ))
        })?;
        let mut parts: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("part-") && !n.ends_with(".crc"))
            })
            .collect();
        if parts.is_empty() {
            return Err(usage(format!(
                "folder `{}` holds no `part-*` files of partial graphs; give the files `newsgraph extract` wrote, or the output folder of a Spark or Hadoop job",
                input.display()
            )));
        }
        parts.sort();
        files.extend(parts);
    }
    Ok(files)
}
