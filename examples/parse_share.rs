//! How much of a corpus reaches the parser: `build` parses only the
//! sentences that can hold a relation (`relations::sentences_to_parse`:
//! two actors, or one and a trigger; never a headline). Prints the
//! documents, sentences and UD-style words in all and parsed.
//!
//! `cargo run --release --example parse_share -- INPUT...` (what `build`
//! reads: folders of text, files, JSON Lines)

use std::path::PathBuf;

use newsgraph::extract::syntax::words;
use newsgraph::{corpus, entities, lexicon, relations, resolve, segment};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if inputs.is_empty() {
        return Err("usage: parse_share INPUT...".into());
    }
    let lex = lexicon::builtin()?;
    let corpus = corpus::read_inputs(&inputs, &mut std::io::empty())
        .map_err(|e| format!("cannot read the corpus: {}", e.message))?;
    let (mut sents, mut parsed, mut all_words, mut parsed_words) = (0, 0, 0, 0);
    for doc in &corpus.documents {
        let seg = segment::segment(&doc.text);
        let raw = entities::find_mentions(&doc.text, &seg, &lex);
        let res = resolve::resolve(&doc.text, &seg, &lex, &raw);
        let to_parse = relations::sentences_to_parse(&seg, &lex, &res);
        let n_words =
            |i: usize| words::split(&doc.text, &seg.tokens, seg.sentences[i].tokens.clone()).len();
        sents += seg.sentences.len();
        parsed += to_parse.len();
        all_words += (0..seg.sentences.len()).map(n_words).sum::<usize>();
        parsed_words += to_parse.iter().map(|&i| n_words(i)).sum::<usize>();
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("documents: {}", corpus.documents.len());
    println!(
        "sentences: {sents}, parsed {parsed} ({:.1}%)",
        pct(parsed, sents)
    );
    println!(
        "words: {all_words}, parsed {parsed_words} ({:.1}%)",
        pct(parsed_words, all_words)
    );
    Ok(())
}
