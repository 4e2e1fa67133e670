//! Shows, sentence by sentence, what the pipeline reads in articles: each
//! mention and the graph node it ends up in, and each fact as the edge it
//! becomes. Ids are the final ones, after the merge (where `Roe` joins
//! `jane-roe`), so they are the ids of `newsgraph build` on the same
//! files and of a gold file: this is where to look when an edge was or was
//! not read. It uses the library's public functions, without the CLI.
//!
//! ```text
//! cargo run --release --example explain -- seeds/000_f901c045fa95aab6.txt
//! cargo run --release --example explain -- gold/dev/texts/*.txt      # several: ids of their one graph
//! echo "Turkey's president visited Baku." | cargo run --release --example explain
//! ```

use std::io::Read;

use newsgraph::graph::Limits;
use newsgraph::{extract_document, lexicon, segment, Builder, Document};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build is slow; run with `cargo run --release --example explain`");
    }
    let mut docs = Vec::new();
    for path in std::env::args().skip(1) {
        let id = std::path::Path::new(&path)
            .file_stem()
            .map_or(path.clone(), |s| s.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(&path)?;
        docs.push(Document { id, path, text });
    }
    if docs.is_empty() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        let (id, path) = ("stdin".to_string(), "-".to_string());
        docs.push(Document { id, path, text });
    }
    let lex = lexicon::builtin()?;
    let mut builder = Builder::new(&lex, Limits::default());
    builder.add_batch(&docs);
    let lean = builder.finish()?.0;
    let remap = lean.remap_names();
    let graph = lean.to_knowledge_graph();
    let node = |id: &str| {
        let id = remap.get(id).map_or(id, String::as_str).to_string();
        match graph.node(&id) {
            Some(n) => format!("{id} ({})", n.node_type),
            None => format!("{id} (no node)"),
        }
    };
    for doc in &docs {
        println!("\n== {}", doc.path);
        let x = extract_document(doc, &lex);
        let seg = segment::segment(&doc.text);
        let learned = newsgraph::extract::ner::builtin().recognise(&doc.text, &seg, &lex);
        for s in &seg.sentences {
            let headline = if s.headline { " (headline)" } else { "" };
            println!(
                "\n[{}]{headline} {}",
                s.index,
                &doc.text[s.byte_start..s.byte_end]
            );
            for n in learned.iter().filter(|n| s.tokens.contains(&n.start)) {
                let (a, b) = (
                    seg.tokens[n.start].byte_start,
                    seg.tokens[n.end - 1].byte_end,
                );
                println!(
                    "    learned {:?} {:?} (margin {:.2})",
                    n.kind,
                    &doc.text[a..b],
                    n.score
                );
            }
            for m in x.mentions.iter().filter(|m| m.sentence == s.index) {
                let ids: Vec<String> = m.entities.iter().map(|e| node(e)).collect();
                let ids = if ids.is_empty() {
                    "unresolved".to_string()
                } else {
                    ids.join(", ")
                };
                println!("    {:<28} {:?} -> {ids}", m.text, m.kind);
            }
            for f in x.facts.iter().filter(|f| f.evidence.sentence == s.index) {
                let by = f
                    .evidence
                    .attributed_to
                    .as_deref()
                    .map(|a| format!(" @{}", node(a)));
                let (from, to) = (node(&f.source), node(&f.target));
                let note = if from == to {
                    "  (dropped: one actor)"
                } else {
                    ""
                };
                let by = by.unwrap_or_default();
                println!(
                    "  => {from} -{}-> {to} [{}]{by}{note}",
                    f.relation, f.evidence.certainty
                );
            }
        }
    }
    println!(
        "\n== the graph: {} nodes, {} edges",
        graph.node_count(),
        graph.edge_count()
    );
    for e in graph.edges() {
        println!(
            "  {} -{}-> {} [{}, weight {}]",
            e.source, e.relation, e.target, e.certainty, e.weight
        );
    }
    Ok(())
}
