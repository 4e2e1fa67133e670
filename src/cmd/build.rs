//! `newsgraph build`: articles in, graph files out.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};

use super::pipeline::{
    count, finish_mentions, lock_folder, parse_formats, print_timings, progress, set_threads,
    stdin_format, stream_batches, tempfile_in, write_outputs,
};
use super::{load_lexicon, usage};
use crate::cli::BuildArgs;
use newsgraph::corpus;
use newsgraph::graph::GraphView;
use newsgraph::graph::Limits;
use newsgraph::Builder;

pub fn run(args: BuildArgs) -> Result<()> {
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
        stdin: stdin_format(&args.run, corpus::StdinFormat::Auto),
    };
    let bar = progress(args.quiet);
    // Runs of under a MiB would be merged over and over (graph/runs.rs).
    let edge_budget = args.edge_memory.max(1).saturating_mul(1 << 20);
    let actor_budget = args.actor_memory.max(1).saturating_mul(1 << 20);
    let string_budget = args.string_memory.saturating_mul(1 << 20);
    let mut builder = Builder::new(&lex, limits)
        .with_edge_budget(edge_budget)
        .with_actor_budget(actor_budget)
        .with_string_budget(string_budget);
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
    let read = stream_batches(&inputs, options, &bar, |batch| {
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
    if read.docs == 0 {
        // A run that read nothing never replaces a graph.
        if let Some((path, f)) = scratch.take() {
            drop(f);
            let _ = std::fs::remove_file(path);
        }
        return Err(read.nothing_read(&inputs));
    }
    let footprint = builder.footprint();
    let (graph, timings) = builder.finish().context(
        "cannot write the spill store or the edges' or actors' temporary files (TMPDIR)",
    )?;
    let remap = graph.remap_names();
    let stage_time: f64 = timings.stages().iter().map(|(_, d)| d.as_secs_f64()).sum();
    let read_time = (read_clock.elapsed().as_secs_f64() - stage_time).max(0.0);
    let export_clock = Instant::now();
    let _lock = lock_folder(&args.out)?;
    let mut written = write_outputs(&graph, &formats, &args.out)?;
    if let Some((path, f)) = scratch.take() {
        written.push(finish_mentions(&path, f, &remap, &args.out)?);
    }
    if args.timings {
        print_timings(&timings, read_time, export_clock.elapsed().as_secs_f64());
        print_footprint(&footprint);
    }
    if !args.quiet {
        eprintln!(
            "newsgraph: {}, {}, {} in {:.2} s -> {}",
            count(read.docs, "document"),
            count(graph.node_count(), "node"),
            count(graph.edge_count(), "edge"),
            started.elapsed().as_secs_f64(),
            written.join(", ")
        );
    }
    Ok(())
}

/// What the graph held in memory before the finish (`--timings`).
fn print_footprint(f: &newsgraph::Footprint) {
    let mib = |b: usize| b as f64 / (1 << 20) as f64;
    eprintln!(
        "memory: {} entities {:.1} MiB, {} strings {:.1} MiB ({} of them on disk), {} documents {:.1} MiB ({}), {} edges in memory {:.1} MiB, {} edge runs on disk, {} actor runs on disk",
        f.entities,
        mib(f.entity_bytes),
        f.strings,
        mib(f.string_bytes),
        f.strings_on_disk,
        f.documents,
        mib(f.document_bytes),
        if f.documents_in_order { "ids in order, on disk past 1 MiB" } else { "ids out of order, in memory" },
        f.edges,
        mib(f.edge_bytes),
        f.edge_runs,
        f.actor_runs
    );
}
