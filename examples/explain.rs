//! Shows, sentence by sentence, what the pipeline reads in an article: the
//! mentions it found and the entity each resolved to, and the facts read.
//! It uses the library directly, without the CLI.
//!
//! ```text
//! cargo run --example explain -- seeds/000_f901c045fa95aab6.txt
//! echo "Turkey's president visited Baku." | cargo run --example explain
//! ```

use std::io::Read;

use newsgraph::{entities, lexicon, relations, resolve, segment};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path)?,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        }
    };
    let lex = lexicon::builtin()?;
    let seg = segment::segment(&text);
    let raw = entities::find_mentions(&text, &seg, &lex);
    let res = resolve::resolve(&text, &seg, &lex, &raw);
    let facts = relations::extract("doc", &text, &seg, &lex, &res, &[]);
    for s in &seg.sentences {
        println!(
            "\n[{}]{} {}",
            s.index,
            if s.headline { " (headline)" } else { "" },
            &text[s.byte_start..s.byte_end]
        );
        for m in res.mentions.iter().filter(|m| m.sentence == s.index) {
            println!(
                "    {:<28} {:?} -> {}",
                m.text,
                m.kind,
                m.entities.join(", ")
            );
        }
        for f in facts.iter().filter(|f| f.evidence.sentence == s.index) {
            let by = f
                .evidence
                .attributed_to
                .as_deref()
                .map(|a| format!(" @{a}"))
                .unwrap_or_default();
            println!(
                "  => {} -{}-> {} [{}]{by}",
                f.source, f.relation, f.target, f.evidence.certainty
            );
        }
    }
    for a in &res.affiliations {
        println!(
            "affiliation: {} {} {} ({})",
            a.person, a.title.relation, a.organisation, a.title.role
        );
    }
    Ok(())
}
