//! Prunes a syntax model: drops tagger and parser weights below the given
//! magnitudes, to fit a size budget without training again.
//!
//! `cargo run --release --example prune_syntax -- IN OUT TAGGER_MIN PARSER_MIN`

use newsgraph::extract::syntax::SyntaxModel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a: Vec<String> = std::env::args().collect();
    if a.len() != 5 {
        return Err("usage: prune_syntax IN OUT TAGGER_MIN PARSER_MIN".into());
    }
    let mut m = SyntaxModel::load(a[1].as_ref())?;
    let (t, p): (f32, f32) = (a[3].parse()?, a[4].parse()?);
    m.tagger.weights = m.tagger.weights.pruned(t);
    m.tagger.second = m.tagger.second.as_ref().map(|w| w.pruned(t));
    m.parser.weights = m.parser.weights.pruned(p);
    let bytes = m.to_bytes();
    std::fs::write(&a[2], &bytes)?;
    println!("{}: {} bytes", a[2], bytes.len());
    Ok(())
}
