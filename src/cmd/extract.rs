//! `newsgraph extract`: the map step, one partial graph per article.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use indicatif::ProgressBar;

use super::load_lexicon;
use super::pipeline::{set_threads, stream_batches};
use crate::cli::ExtractArgs;
use newsgraph::corpus;
use newsgraph::graph::Limits;

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
