//! Experiment: the mean of two syntax models' weights (parser, and with
//! `--tagger` the tagger too), then pruned like `prune_syntax --one-pass`.
//! `cargo run --release --example mix_syntax -- A B OUT TAGGER_MIN PARSER_MIN [--tagger]`

use newsgraph::extract::syntax::SyntaxModel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    if a.len() < 6 {
        return Err("usage: mix_syntax A B OUT TAGGER_MIN PARSER_MIN [--tagger]".into());
    }
    let mut m = SyntaxModel::load(a[1].as_ref())?;
    let other = SyntaxModel::load(a[2].as_ref())?;
    if m.parser.transitions != other.parser.transitions {
        return Err("the two parsers were trained for different transition systems".into());
    }
    let (t, p): (f32, f32) = (a[4].parse()?, a[5].parse()?);
    if a.get(6).is_some_and(|f| f == "--tagger") {
        m.tagger.weights = m.tagger.weights.mean(&other.tagger.weights);
    }
    m.tagger.weights = m.tagger.weights.pruned(t);
    m.tagger.second = None;
    m.parser.weights = m.parser.weights.mean(&other.parser.weights).pruned(p);
    let bytes = m.to_bytes();
    std::fs::write(&a[3], &bytes)?;
    println!("{}: {} bytes", a[3], bytes.len());
    Ok(())
}
