//! `newsgraph parse` and `newsgraph train syntax`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};

use newsgraph::extract::syntax::clusters::Clusters;
use newsgraph::extract::syntax::conllu::{self, col};
use newsgraph::extract::syntax::parser::Transitions;
use newsgraph::extract::syntax::train::{self, TrainOptions};
use newsgraph::extract::syntax::{self, SyntaxModel};

use super::Usage;

#[derive(Args, Debug, Clone)]
pub struct ParseArgs {
    /// Text files (or CoNLL-U files with `--conllu`); `-` or nothing for
    /// standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Read CoNLL-U and keep its words (ranges such as `3-4` and empty
    /// nodes such as `8.1` are kept as they are).
    #[arg(long)]
    pub conllu: bool,
    /// A model file made by `newsgraph train syntax` (default: the built-in one).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Write the CoNLL-U here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct TrainArgs {
    #[command(subcommand)]
    pub what: TrainWhat,
}

#[derive(Subcommand, Debug, Clone)]
pub enum TrainWhat {
    /// Train the tagger, lemma table and parser from CoNLL-U treebanks.
    Syntax(TrainSyntaxArgs),
    /// Train the entity recogniser on CoNLL-2003 style files and GUM CoNLL-U files.
    Ner(super::train_ner::TrainNerArgs),
    /// Learn word classes from unlabelled text (for `train syntax --clusters`).
    Clusters(super::train_clusters::TrainClustersArgs),
}

#[derive(Args, Debug, Clone)]
pub struct TrainSyntaxArgs {
    /// Training treebanks, comma-separated.
    #[arg(long, value_name = "FILES", value_delimiter = ',', required = true)]
    pub train: Vec<PathBuf>,
    /// The development treebank, scored after each pass.
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Parser passes.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Tagger passes.
    #[arg(long, default_value_t = TrainOptions::default().tagger_epochs)]
    pub tagger_epochs: usize,
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    pub seed: u64,
    /// Threads for tagging the training set in folds (same bytes whatever the number).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Folds for the tags the parser learns from (1: gold tags).
    #[arg(long, default_value_t = TrainOptions::default().folds)]
    pub folds: usize,
    /// Drop tagger weights smaller than this.
    #[arg(long, default_value_t = TrainOptions::default().prune.0)]
    pub prune_tagger: f32,
    /// Tag in one pass (no second pass that sees the right context's tags).
    #[arg(long)]
    pub one_pass: bool,
    /// Drop parser weights smaller than this.
    #[arg(long, default_value_t = TrainOptions::default().prune.1)]
    pub prune_parser: f32,
    /// Words seen fewer times are left out of the tagger's dictionary.
    #[arg(long, default_value_t = TrainOptions::default().dict_min)]
    pub dict_min: u32,
    /// Train a non-monotonic parser (a left arc may replace a head; a
    /// reduce may attach a headless word to the one below it).
    #[arg(long)]
    pub non_monotonic: bool,
    /// Word classes made by `newsgraph train clusters`: the tagger and the
    /// parser read them as features, and the model keeps them.
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,
}

fn usage(msg: String) -> anyhow::Error {
    anyhow!(Usage(msg))
}

fn read_input(p: &Path) -> Result<(String, String)> {
    if p == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| usage(format!("cannot read standard input: {e}")))?;
        return Ok(("stdin".into(), s));
    }
    let s = std::fs::read_to_string(p)
        .map_err(|e| usage(format!("cannot read `{}`: {e}", p.display())))?;
    Ok((p.display().to_string(), s))
}

fn load_model(path: Option<&Path>) -> Result<std::borrow::Cow<'static, SyntaxModel>> {
    match path {
        None => Ok(std::borrow::Cow::Borrowed(syntax::builtin())),
        Some(p) => SyntaxModel::load(p)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| usage(e.to_string())),
    }
}

/// `newsgraph parse`.
pub fn parse(args: ParseArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let mut out = String::new();
    for p in &inputs {
        let (name, text) = read_input(p)?;
        if args.conllu {
            parse_conllu(&model, &name, &text, &mut out)?;
        } else {
            parse_text(&model, &name, &text, &mut out);
        }
    }
    match &args.out {
        Some(f) => std::fs::write(f, out)
            .map_err(|e| usage(format!("cannot write `{}`: {e}", f.display()))),
        None => {
            let mut so = std::io::stdout().lock();
            so.write_all(out.as_bytes())
                .and_then(|_| so.flush())
                .map_err(|e| usage(format!("cannot write standard output: {e}")))
        }
    }
}

fn parse_conllu(model: &SyntaxModel, name: &str, text: &str, out: &mut String) -> Result<()> {
    let mut sents = conllu::read(text).map_err(|e| usage(format!("`{name}`: {e}")))?;
    let forms: Vec<Vec<String>> = sents
        .iter()
        .map(|s| s.words.iter().map(|r| r.cols[col::FORM].clone()).collect())
        .collect();
    let forms: Vec<Vec<&str>> = forms
        .iter()
        .map(|f| f.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = forms.iter().map(Vec::as_slice).collect();
    let analyses = syntax::analyse_many(model, &refs);
    for (s, a) in sents.iter_mut().zip(analyses) {
        for (i, r) in s.words.iter_mut().enumerate() {
            r.cols[col::LEMMA] = a.lemmas[i].clone();
            r.cols[col::UPOS] = model.tagger.upos(a.tags[i]).as_str().to_string();
            r.cols[col::XPOS] = model.tagger.xpos(a.tags[i]).to_string();
            r.cols[col::HEAD] = a.heads[i].map_or(0, |h| h + 1).to_string();
            r.cols[col::DEPREL] = model.parser.label(a.labels[i]).to_string();
            r.cols[col::FEATS] = "_".into();
            r.cols[col::DEPS] = "_".into();
        }
        conllu::write_sentence(s, out);
    }
    Ok(())
}

fn parse_text(model: &SyntaxModel, name: &str, text: &str, out: &mut String) {
    let seg = newsgraph::segment::segment(text);
    for p in syntax::parse_document(model, text, &seg) {
        let s = &seg.sentences[p.sentence];
        let stext = text[s.byte_start..s.byte_end].replace(['\n', '\r', '\t'], " ");
        out.push_str(&format!(
            "# sent_id = {name}-{}\n# text = {stext}\n",
            p.sentence + 1
        ));
        for (i, w) in p.words.iter().enumerate() {
            let glued = p.words.get(i + 1).is_some_and(|n| n.start == w.end);
            let row = [
                (i + 1).to_string(),
                w.form.clone(),
                w.lemma.clone(),
                w.upos.as_str().to_string(),
                w.xpos.clone(),
                "_".into(),
                w.head.map_or(0, |h| h + 1).to_string(),
                w.deprel.clone(),
                "_".into(),
                if glued {
                    "SpaceAfter=No".into()
                } else {
                    "_".into()
                },
            ];
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        out.push('\n');
    }
}

fn read_treebank(p: &Path) -> Result<Vec<train::GoldSentence>> {
    let (name, text) = read_input(p)?;
    train::read_treebank(&text).map_err(|e| usage(format!("`{name}`: {e}")))
}

/// `newsgraph train syntax`.
pub fn train(args: TrainArgs) -> Result<()> {
    let a = match args.what {
        TrainWhat::Syntax(a) => a,
        TrainWhat::Ner(a) => return super::train_ner::run(a),
        TrainWhat::Clusters(a) => return super::train_clusters::run(a),
    };
    let clusters = match &a.clusters {
        Some(p) => {
            let bytes = std::fs::read(p)
                .map_err(|e| usage(format!("cannot read `{}`: {e}", p.display())))?;
            let c = Clusters::from_bytes(&bytes).map_err(|e| {
                usage(format!(
                    "`{}`: {e}; make it with `newsgraph train clusters`",
                    p.display()
                ))
            })?;
            Some(std::sync::Arc::new(c))
        }
        None => None,
    };
    let clock = Instant::now();
    let mut data = Vec::new();
    for p in &a.train {
        data.extend(read_treebank(p)?);
    }
    let dev = match &a.dev {
        Some(p) => read_treebank(p)?,
        None => Vec::new(),
    };
    let opt = TrainOptions {
        epochs: a.epochs,
        tagger_epochs: a.tagger_epochs,
        seed: a.seed,
        threads: a.threads,
        folds: a.folds,
        prune: (a.prune_tagger, a.prune_parser),
        second_pass: !a.one_pass,
        dict_min: a.dict_min,
        transitions: match a.non_monotonic {
            true => Transitions::NonMonotonic,
            false => Transitions::Monotonic,
        },
        clusters,
    };
    let mut log = |s: &str| eprintln!("[{:6.1}s] {s}", clock.elapsed().as_secs_f64());
    let model = train::train(&data, &dev, &opt, &mut log);
    let bytes = model.to_bytes();
    std::fs::write(&a.out, &bytes)
        .map_err(|e| usage(format!("cannot write `{}`: {e}", a.out.display())))?;
    if !dev.is_empty() {
        log(&format!("final dev {}", train::evaluate(&model, &dev)));
    }
    log(&format!(
        "wrote {} ({} bytes: tagger {} features, parser {} features, {} weights)",
        a.out.display(),
        bytes.len(),
        model.tagger.weights.n_features(),
        model.parser.weights.n_features(),
        model.parser.weights.n_weights()
    ));
    Ok(())
}
