//! `newsgraph train ner`: reads annotated files, trains the entity
//! recogniser, reports each epoch's development scores, writes the model.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Result};
use clap::Args;

use super::Usage;
use newsgraph::extract::ner::data::{self, AnnotatedDoc, Example};
use newsgraph::extract::ner::train::{self, Config};

#[derive(Args, Debug, Clone)]
pub struct TrainNerArgs {
    /// Training data, comma-separated: CoNLL-style files (a word and its
    /// IOB tag per line), `*.conllu` files with GUM's entity layer, or
    /// folders of `*.conllu` files.
    #[arg(long, value_name = "FILES", value_delimiter = ',', required = true)]
    pub train: Vec<PathBuf>,
    /// Development data (same formats), scored after every epoch.
    #[arg(long, value_name = "FILES", value_delimiter = ',')]
    pub dev: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, value_name = "N", default_value_t = Config::default().epochs)]
    pub epochs: usize,
    /// Seed of the order the documents are read in.
    #[arg(long, value_name = "S", default_value_t = Config::default().seed)]
    pub seed: u64,
    /// Averaged weights smaller than this are left out of the model.
    #[arg(long, value_name = "W", default_value_t = Config::default().min_weight)]
    pub min_weight: f32,
}

/// The files a path stands for: a folder's `*.conllu` files (sorted), or
/// the path itself.
fn expand(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| anyhow!(Usage(format!("cannot read `{}`: {e}", path.display()))))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(anyhow!(Usage(format!(
            "`{}` holds no `*.conllu` files",
            path.display()
        ))));
    }
    Ok(files)
}

/// Reads the annotated documents of the given paths.
fn read_all(paths: &[PathBuf], lex: &newsgraph::Lexicon) -> Result<Vec<AnnotatedDoc>> {
    let mut docs = Vec::new();
    for path in paths {
        for file in expand(path)? {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                anyhow!(Usage(format!(
                    "cannot read training data `{}`: {e}",
                    file.display()
                )))
            })?;
            let read = if file.extension().is_some_and(|x| x == "conllu") {
                data::read_gum(&text, lex)
            } else {
                data::read_conll(&text)
            };
            let read = read.map_err(|e| anyhow!(Usage(format!("`{}`: {e}", file.display()))))?;
            docs.extend(read);
        }
    }
    Ok(docs)
}

fn tokens(examples: &[Example]) -> usize {
    examples.iter().map(|e| e.seg.tokens.len()).sum()
}

/// `newsgraph train ner`.
pub fn run(args: TrainNerArgs) -> Result<()> {
    let clock = Instant::now();
    let lex = super::load_lexicon(None)?;
    let train_docs = read_all(&args.train, &lex)?;
    let dev_docs = read_all(&args.dev, &lex)?;
    if train_docs.is_empty() {
        return Err(anyhow!(Usage(
            "the training files hold no sentences".into()
        )));
    }
    let train_ex: Vec<Example> = train_docs.iter().map(Example::new).collect();
    let dev_ex: Vec<Example> = dev_docs.iter().map(Example::new).collect();
    eprintln!(
        "train: {} documents, {} tokens; dev: {} documents, {} tokens",
        train_ex.len(),
        tokens(&train_ex),
        dev_ex.len(),
        tokens(&dev_ex)
    );
    let config = Config {
        epochs: args.epochs,
        seed: args.seed,
        min_weight: args.min_weight,
    };
    let model = train::train(&train_ex, &dev_ex, &lex, &config, |e| {
        let dev = e.dev.as_ref().map_or(String::new(), |s| {
            let (p, r, f) = s.total();
            format!("; dev P {p:.4} R {r:.4} F1 {f:.4}")
        });
        eprintln!(
            "epoch {:>2}: {} errors in {} tokens{dev} ({:.0} s)",
            e.epoch,
            e.errors,
            e.tokens,
            clock.elapsed().as_secs_f64()
        );
    });
    let bytes = model.to_bytes();
    newsgraph::output::write_atomic(&args.out, &bytes).map_err(|e| {
        anyhow!(Usage(format!(
            "cannot write the model to `{}`: {e}",
            args.out.display()
        )))
    })?;
    if !dev_ex.is_empty() {
        print!("{}", train::evaluate(&model, &dev_ex, &lex).table());
    }
    println!(
        "wrote {} ({} bytes, {} features) in {:.1} s",
        args.out.display(),
        bytes.len(),
        model.n_features(),
        clock.elapsed().as_secs_f64()
    );
    Ok(())
}
