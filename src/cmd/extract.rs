//! `newsgraph extract`: the map step, one partial graph per article, as
//! JSON Lines streamed to standard output or (atomically) to `--out`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use indicatif::ProgressBar;

use super::load_lexicon;
use super::pipeline::{set_threads, stdin_format, stream_batches, Streamed};
use crate::cli::ExtractArgs;
use newsgraph::corpus;
use newsgraph::graph::Limits;
use newsgraph::Lexicon;

pub fn run(args: ExtractArgs) -> Result<()> {
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
        stdin: stdin_format(&args.run, corpus::StdinFormat::JsonLines),
    };
    let map = |out: &mut dyn Write| map_into(out, &inputs, options, &lex, limits);
    let Some(path) = &args.out else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        map(&mut out)?;
        return out.flush().context("cannot write to standard output");
    };
    // The run's own error travels past the writer, which only knows I/O
    // errors; the temporary file is removed and an earlier file kept.
    let mut failure = None;
    let written = newsgraph::output::write_atomic_with(path, |out| {
        map(out).map(drop).map_err(|e| {
            failure = Some(e);
            std::io::Error::other("extract failed")
        })
    });
    match (written, failure) {
        (_, Some(e)) => Err(e),
        (Err(e), None) => Err(e).with_context(|| format!("cannot write `{}`", path.display())),
        (Ok(()), None) => Ok(()),
    }
}

/// Extracts every document of the inputs into `out`, one partial graph a
/// line. A run whose every input was skipped is an error.
fn map_into(
    out: &mut dyn Write,
    inputs: &[PathBuf],
    options: corpus::Options,
    lex: &Lexicon,
    limits: Limits,
) -> Result<Streamed> {
    let bar = ProgressBar::hidden();
    let read = stream_batches(inputs, options, &bar, |batch| {
        use rayon::prelude::*;
        let parts: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|d| serde_json::to_vec(&newsgraph::extract_partial(d, lex, limits)))
            .collect::<Result<Vec<Vec<u8>>, _>>()
            .context("cannot serialise a partial graph")?;
        for p in parts {
            out.write_all(&p)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })?;
    if read.docs == 0 && read.skipped > 0 {
        return Err(read.nothing_read(inputs));
    }
    Ok(read)
}
