//! Experiment: the mean of two or more syntax models' weights (parser, and
//! with `--tagger` the tagger too; otherwise the first model's tagger),
//! then pruned like `prune_syntax --one-pass`. The models must share their
//! transition system, tags, labels and word classes (trainings that differ
//! only by `--seed`).
//! `cargo run --release --example mix_syntax -- A B [C…] OUT TAGGER_MIN PARSER_MIN [--tagger]`

use newsgraph::extract::syntax::SyntaxModel;
use newsgraph::learn::Weights;

const USAGE: &str = "usage: mix_syntax A B [C...] OUT TAGGER_MIN PARSER_MIN [--tagger]";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut a: Vec<String> = std::env::args().skip(1).collect();
    let tagger = a.last().is_some_and(|f| f == "--tagger");
    if tagger {
        a.pop();
    }
    if a.len() < 5 {
        return Err(USAGE.into());
    }
    let (t, p): (f32, f32) = (a[a.len() - 2].parse()?, a[a.len() - 1].parse()?);
    let out = a[a.len() - 3].clone();
    let models = a[..a.len() - 3]
        .iter()
        .map(|f| SyntaxModel::load(f.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let first = &models[0];
    for m in &models[1..] {
        if m.parser.transitions != first.parser.transitions
            || m.parser.labels != first.parser.labels
            || m.tagger.tags != first.tagger.tags
            || m.parser.clusters != first.parser.clusters
        {
            return Err(
                "the models differ in transition system, labels, tags or word classes: \
                        mix only trainings that differ by --seed"
                    .into(),
            );
        }
    }
    let mean = |w: Vec<&Weights>| Weights::mean_of_checked(&w).ok_or("class counts differ");
    let mut m = first.clone();
    if tagger {
        m.tagger.weights = mean(models.iter().map(|m| &m.tagger.weights).collect())?;
    }
    m.tagger.weights = m.tagger.weights.pruned(t);
    m.tagger.second = None;
    m.parser.weights = mean(models.iter().map(|m| &m.parser.weights).collect())?.pruned(p);
    let bytes = m.to_bytes();
    std::fs::write(&out, &bytes)?;
    println!("{out}: {} bytes, {} models", bytes.len(), models.len());
    Ok(())
}
