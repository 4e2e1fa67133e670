//! `newsgraph train clusters`: word classes from unlabelled text.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::Args;

use newsgraph::extract::syntax::clusters::{self, ClusterOptions};

use super::usage;

#[derive(Args, Debug, Clone)]
pub struct TrainClustersArgs {
    /// Plain-text files, comma-separated (UTF-8; sentences are cut as `build` cuts them).
    #[arg(long, value_name = "FILES", value_delimiter = ',', required = true)]
    pub text: Vec<PathBuf>,
    /// Where to write the clusters.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Class counts, comma-separated: one granularity each (at most three).
    #[arg(long, value_name = "N,N,N", value_delimiter = ',', default_values_t = ClusterOptions::default().classes)]
    pub classes: Vec<u16>,
    /// Forms seen fewer times get no class.
    #[arg(long, default_value_t = ClusterOptions::default().min_count)]
    pub min_count: u32,
    /// At most this many forms (the most frequent) get a class.
    #[arg(long, default_value_t = ClusterOptions::default().max_words)]
    pub max_words: usize,
    /// Passes of the exchange algorithm over the words (at most).
    #[arg(long, default_value_t = ClusterOptions::default().iterations)]
    pub iterations: usize,
    #[arg(long, default_value_t = ClusterOptions::default().seed)]
    pub seed: u64,
    /// Threads (same bytes whatever the number).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
}

/// `newsgraph train clusters`.
pub fn run(a: TrainClustersArgs) -> Result<()> {
    if a.classes.is_empty() || a.classes.len() > clusters::LEVELS || a.classes.contains(&0) {
        return Err(usage(format!(
            "--classes takes one to {} class counts above 0 (for example 32,256,1024), not {:?}",
            clusters::LEVELS,
            a.classes
        )));
    }
    let clock = Instant::now();
    let mut log = |s: &str| eprintln!("[{:6.1}s] {s}", clock.elapsed().as_secs_f64());
    let mut sents = Vec::new();
    for p in &a.text {
        let text = std::fs::read_to_string(p)
            .map_err(|e| usage(format!("cannot read `{}`: {e}", p.display())))?;
        sents.extend(clusters::text_words(&text));
        log(&format!("read {}", p.display()));
    }
    let opt = ClusterOptions {
        classes: a.classes.clone(),
        min_count: a.min_count.max(1),
        max_words: a.max_words,
        iterations: a.iterations,
        seed: a.seed,
        threads: a.threads,
    };
    let table = clusters::train(&sents, &opt, &mut log);
    let bytes = table.to_bytes();
    std::fs::write(&a.out, &bytes)
        .map_err(|e| usage(format!("cannot write `{}`: {e}", a.out.display())))?;
    log(&format!(
        "wrote {} ({} bytes, {} forms, classes {:?})",
        a.out.display(),
        bytes.len(),
        table.len(),
        table.classes
    ));
    Ok(())
}
