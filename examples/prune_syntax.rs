//! Prunes a syntax model: drops tagger and parser weights below the given
//! magnitudes, to fit a size budget without training again; with
//! `--one-pass`, also drops the tagger's second pass (the parser learns
//! from the first pass's held-out tags either way).
//!
//! `cargo run --release --example prune_syntax -- IN OUT TAGGER_MIN PARSER_MIN [--one-pass]`

use newsgraph::extract::syntax::SyntaxModel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    let one_pass = a.len() == 6 && a[5] == "--one-pass";
    if a.len() != 5 && !one_pass {
        return Err("usage: prune_syntax IN OUT TAGGER_MIN PARSER_MIN [--one-pass]".into());
    }
    let mut m = SyntaxModel::load(a[1].as_ref())?;
    let (t, p): (f32, f32) = (a[3].parse()?, a[4].parse()?);
    m.tagger.weights = m.tagger.weights.pruned(t);
    m.tagger.second = match one_pass {
        true => None,
        false => m.tagger.second.as_ref().map(|w| w.pruned(t)),
    };
    m.parser.weights = m.parser.weights.pruned(p);
    let bytes = m.to_bytes();
    std::fs::write(&a[2], &bytes)?;
    println!("{}: {} bytes", a[2], bytes.len());
    Ok(())
}
