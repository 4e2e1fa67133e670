//! The bounded-memory build (compact merge, sentences and documents'
//! details spilled to a temporary file, batches merged while the next is
//! extracted, every format streamed from the lean graph) writes the same
//! bytes, in every format and each of its files, as the all-in-memory
//! reference: one partial graph per document, merged as `Partial`s and
//! finished whole into a `KnowledgeGraph` (the finishing rules are the
//! build's own, `LeanGraph::finish`; the merge, the spill and the views
//! exporters read are what differ).

use std::path::PathBuf;

use newsgraph::export::Format;
use newsgraph::graph::{GraphView, Limits, Partial};
use newsgraph::{corpus, lexicon, Builder, Document, Footprint, Lexicon, DEFAULT_STRING_BUDGET};

/// A corpus made by recombining the lines of the seed articles: `n`
/// documents of a few lines each, drawn by a fixed generator, with ids
/// that do not come in sorted order.
fn generated(n: usize) -> Vec<Document> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let seeds = corpus::read_inputs(&[dir], &mut std::io::empty())
        .unwrap()
        .documents;
    let lines: Vec<&str> = seeds
        .iter()
        .flat_map(|d| d.text.lines())
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            let k = 2 + next(6);
            let text: Vec<&str> = (0..k).map(|_| lines[next(lines.len())]).collect();
            // Ids out of order: 7 is prime to n's used here.
            let id = format!("doc-{}", (i * 7) % n);
            Document {
                path: format!("{id}.txt"),
                id,
                text: text.join("\n"),
            }
        })
        .collect()
}

fn every_format(g: &dyn GraphView) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for &f in Format::ALL {
        let mut bytes = Vec::new();
        f.exporter().write(g, &mut bytes).unwrap();
        out.push((f.name().to_string(), bytes));
        for (name, b) in f.export_files(g) {
            out.push((format!("{} {name}", f.name()), b));
        }
    }
    out
}

fn reference(docs: &[Document], lex: &Lexicon, limits: Limits) -> Vec<(String, Vec<u8>)> {
    let mut acc = Partial::new(limits);
    for d in docs {
        acc.merge(newsgraph::extract_partial(d, lex, limits));
    }
    every_format(&acc.finish(lex))
}

fn built(
    docs: &[Document],
    lex: &Lexicon,
    limits: Limits,
    batch: usize,
    threshold: usize,
) -> (Vec<(String, Vec<u8>)>, bool) {
    let (out, spilled, _) = built_with_budget(docs, lex, limits, batch, threshold, usize::MAX);
    (out, spilled)
}

/// A build with `edge_budget` bytes of edges in memory: every format, and
/// whether the sentences and the edges went to disk.
fn built_with_budget(
    docs: &[Document],
    lex: &Lexicon,
    limits: Limits,
    batch: usize,
    threshold: usize,
    edge_budget: usize,
) -> (Vec<(String, Vec<u8>)>, bool, bool) {
    let mut b = Builder::new(lex, limits)
        .with_spill_threshold(threshold)
        .with_edge_budget(edge_budget);
    for chunk in docs.chunks(batch) {
        b.add_batch(chunk);
    }
    let (g, _) = b.finish().unwrap();
    (every_format(&g), g.spilled(), g.edges_on_disk())
}

fn assert_same(got: &[(String, Vec<u8>)], want: &[(String, Vec<u8>)], what: &str) {
    assert_eq!(got.len(), want.len());
    for ((name, a), (_, b)) in got.iter().zip(want) {
        assert!(a == b, "{name} differs ({what})");
    }
}

#[test]
fn the_spilled_build_writes_the_bytes_of_the_in_memory_reference() {
    let lex = lexicon::builtin().unwrap();
    let docs = generated(400);
    for limits in [
        Limits::default(),
        Limits {
            max_evidence: 2,
            max_documents: 3,
        },
    ] {
        let want = reference(&docs, &lex, limits);
        // Every format, and each file of the formats made of several.
        let names: Vec<&str> = want.iter().map(|(n, _)| n.as_str()).collect();
        for file in [
            "csv edges.csv",
            "kuzu load.cypher",
            "ttl graph.ttl",
            "nt graph.nt",
        ] {
            assert!(names.contains(&file), "{file} not compared: {names:?}");
        }
        let json = &want[0].1;
        // The corpus is big enough to mean something.
        assert!(json.len() > 100_000, "{} bytes", json.len());
        let (spilled, on_disk) = built(&docs, &lex, limits, 7, 0);
        assert!(on_disk);
        assert_same(&spilled, &want, "spilled, batches of 7");
        let (whole, on_disk) = built(&docs, &lex, limits, docs.len(), usize::MAX);
        assert!(!on_disk);
        assert_same(&whole, &want, "in memory, one batch");
        // Edges out of memory: a run after every batch and the finish's
        // sort in runs of one edge (budget 0), or of a few dozen.
        for budget in [0, 3_000] {
            let (runs, _, edges_on_disk) = built_with_budget(&docs, &lex, limits, 7, 0, budget);
            assert!(edges_on_disk, "budget {budget}");
            assert_same(&runs, &want, &format!("edges in runs, budget {budget}"));
        }
        let (_, _, edges_on_disk) =
            built_with_budget(&docs, &lex, limits, 7, 0, newsgraph::DEFAULT_EDGE_BUDGET);
        assert!(!edges_on_disk, "400 short documents fit the default budget");
    }
}

#[test]
fn a_repeated_document_id_is_skipped_and_reported() {
    let lex = lexicon::builtin().unwrap();
    let mut docs = generated(10);
    let mut again = docs[3].clone();
    again.text = "Chile and Peru held talks.".into();
    docs.push(again.clone());
    let mut b = Builder::new(&lex, Limits::default()).with_spill_threshold(0);
    b.add_batch(&docs[..6]);
    b.add_batch(&docs[6..]);
    assert_eq!(b.repeated, vec![again.id.clone()]);
    let (g, _) = b.finish().unwrap();
    let want = reference(&docs[..10], &lex, Limits::default());
    assert_same(&every_format(&g), &want, "repeated id skipped");
}

/// Partial graphs of six documents each, as `merge` reads them.
fn partials<'a>(
    docs: &'a [Document],
    lex: &'a Lexicon,
    limits: Limits,
) -> impl Iterator<Item = Partial> + 'a {
    docs.chunks(6).map(move |group| {
        let mut p = Partial::new(limits);
        for d in group {
            p.merge(newsgraph::extract_partial(d, lex, limits));
        }
        p
    })
}

#[test]
fn merged_partial_graphs_spill_and_match_the_build() {
    let lex = lexicon::builtin().unwrap();
    let docs = generated(40);
    let limits = Limits::default();
    let want = reference(&docs, &lex, limits);
    let mut b = Builder::new(&lex, limits)
        .with_spill_threshold(0)
        .with_edge_budget(0);
    for p in partials(&docs, &lex, limits) {
        let text = serde_json::to_string(&p).unwrap();
        assert!(b
            .add_partial(serde_json::from_str(&text).unwrap())
            .is_empty());
    }
    let (g, _) = b.finish().unwrap();
    assert!(g.spilled());
    assert!(g.edges_on_disk());
    assert_same(&every_format(&g), &want, "merged partial graphs");
}

/// The same documents with ids that sort as they come (`doc-0000`, ...).
fn in_order(docs: &[Document]) -> Vec<Document> {
    docs.iter()
        .enumerate()
        .map(|(i, d)| Document {
            id: format!("doc-{i:04}"),
            path: format!("doc-{i:04}.txt"),
            text: d.text.clone(),
        })
        .collect()
}

/// A build in batches of `batch` with everything on disk past no memory
/// (spill threshold 0): every format, and whether ids came in order.
fn built_on_disk(docs: &[Document], lex: &Lexicon, batch: usize) -> (Vec<(String, Vec<u8>)>, bool) {
    let mut b = Builder::new(lex, Limits::default()).with_spill_threshold(0);
    for chunk in docs.chunks(batch) {
        b.add_batch(chunk);
    }
    let in_order = b.footprint().documents_in_order;
    let (g, _) = b.finish().unwrap();
    (every_format(&g), in_order)
}

#[test]
fn documents_in_order_stay_on_disk_and_write_the_same_bytes() {
    let lex = lexicon::builtin().unwrap();
    let docs = in_order(&generated(120));
    let want = reference(&docs, &lex, Limits::default());
    let (got, ordered) = built_on_disk(&docs, &lex, 7);
    assert!(ordered);
    assert_same(&got, &want, "ids in order, the table on disk");
    // In order for 60 documents, then ids that sort before them: the
    // table reads its ids back into memory and goes on.
    let mut mixed = docs.clone();
    for d in &mut mixed[60..] {
        d.id = d.id.replace("doc-", "a-");
        d.path = format!("{}.txt", d.id);
    }
    let want = reference(&mixed, &lex, Limits::default());
    let (got, ordered) = built_on_disk(&mixed, &lex, 7);
    assert!(!ordered);
    assert_same(&got, &want, "ids out of order after 60");
}

#[test]
fn a_repeated_id_among_ids_in_order_is_skipped_and_keeps_the_order() {
    let lex = lexicon::builtin().unwrap();
    let mut docs = in_order(&generated(30));
    let mut again = docs[3].clone();
    again.text = "Chile and Peru held talks.".into();
    docs.push(again.clone());
    let mut b = Builder::new(&lex, Limits::default()).with_spill_threshold(0);
    for chunk in docs.chunks(7) {
        b.add_batch(chunk);
    }
    assert_eq!(b.repeated, vec!["doc-0003".to_string()]);
    assert!(b.footprint().documents_in_order);
    let (g, _) = b.finish().unwrap();
    let want = reference(&docs[..30], &lex, Limits::default());
    assert_same(
        &every_format(&g),
        &want,
        "repeated id skipped, ids in order",
    );
}

/// Invented documents whose short names (a person's surname, an
/// institution without its state) come in a later batch than the full
/// names they join.
fn with_short_names(docs: &[Document]) -> Vec<Document> {
    let doc = |id: &str, text: &str| Document {
        id: id.into(),
        path: format!("{id}.txt"),
        text: text.into(),
    };
    let mut all = vec![
        doc(
            "x-full-1",
            "Chilean President Marta Quillon met the foreign minister of Peru in Lima on Monday.",
        ),
        doc(
            "x-full-2",
            "Orvane Holdings signed a deal with the government of Peru.\nThe Peruvian Senate of Commerce approved it.",
        ),
    ];
    all.extend(docs.iter().cloned());
    all.push(doc(
        "x-short-1",
        "Ms Quillon said on Tuesday that Chile would sign the deal with Peru.",
    ));
    all.push(doc(
        "x-short-2",
        "Orvane said it would invest in Chile. The Senate of Commerce agreed.",
    ));
    all
}

/// Every format's files: (name, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// What a build with given budgets wrote and held.
struct Built {
    /// Every format's files.
    files: Files,
    /// How many strings there were, and how many went to disk.
    strings: (usize, usize),
    nodes_on_disk: bool,
    edges_on_disk: bool,
    /// Where the short names went.
    remap: Vec<(String, String)>,
}

/// A build with `strings`, `actors` and `edges` bytes in memory, in
/// batches of 7, everything else on disk.
fn built_with_budgets(
    docs: &[Document],
    lex: &Lexicon,
    limits: Limits,
    (strings, actors, edges): (usize, usize, usize),
) -> Built {
    let mut b = Builder::new(lex, limits)
        .with_spill_threshold(0)
        .with_string_budget(strings)
        .with_edge_budget(edges)
        .with_actor_budget(actors);
    for chunk in docs.chunks(7) {
        b.add_batch(chunk);
    }
    let f = b.footprint();
    let (g, _) = b.finish().unwrap();
    Built {
        files: every_format(&g),
        strings: (f.strings, f.strings_on_disk),
        nodes_on_disk: g.nodes_on_disk(),
        edges_on_disk: g.edges_on_disk(),
        remap: g.remap_names().into_iter().collect(),
    }
}

#[test]
fn actors_in_runs_write_the_bytes_of_the_in_memory_reference() {
    let lex = lexicon::builtin().unwrap();
    let docs = with_short_names(&generated(300));
    for limits in [
        Limits::default(),
        Limits {
            max_evidence: 2,
            max_documents: 3,
        },
    ] {
        let want = reference(&docs, &lex, limits);
        let all = (DEFAULT_STRING_BUDGET, usize::MAX, usize::MAX);
        let Built {
            nodes_on_disk,
            remap: in_memory,
            ..
        } = built_with_budgets(&docs, &lex, limits, all);
        assert!(!nodes_on_disk);
        // Short names joined across batches (and so across runs below).
        for (short, full) in [
            ("quillon", "marta-quillon"),
            ("senate-of-commerce", "peruvian-senate-of-commerce"),
        ] {
            assert!(
                in_memory.contains(&(short.to_string(), full.to_string())),
                "{short} -> {full} not in {in_memory:?}"
            );
        }
        // A run after every batch (budget 0), or after a few (6 KB), with
        // the edges in memory or in runs of their own.
        for (actors, edges) in [(0, usize::MAX), (0, 0), (6_000, 3_000)] {
            let what = format!("actor budget {actors}, edge budget {edges}");
            let budgets = (DEFAULT_STRING_BUDGET, actors, edges);
            let got = built_with_budgets(&docs, &lex, limits, budgets);
            assert!(got.nodes_on_disk, "{what}");
            assert!(got.edges_on_disk, "{what}");
            assert_eq!(got.remap, in_memory, "{what}");
            assert_same(&got.files, &want, &what);
        }
    }
}

/// Forty documents' partial graphs, merged by a builder that `budget`
/// sets up (everything else spilled): every format of the graph, and what
/// the builder held before the finish.
fn merged_partials(budget: impl Fn(Builder) -> Builder) -> (Files, Files, Footprint, bool) {
    let lex = lexicon::builtin().unwrap();
    let docs = with_short_names(&generated(40));
    let limits = Limits::default();
    let want = reference(&docs, &lex, limits);
    let mut b = budget(Builder::new(&lex, limits).with_spill_threshold(0));
    for p in partials(&docs, &lex, limits) {
        assert!(b.add_partial(p).is_empty());
    }
    let f = b.footprint();
    let (g, _) = b.finish().unwrap();
    (every_format(&g), want, f, g.nodes_on_disk())
}

#[test]
fn merged_partial_graphs_with_actors_in_runs_match_the_build() {
    let (got, want, f, nodes_on_disk) = merged_partials(|b| b.with_actor_budget(0));
    assert!(f.actor_runs > 0);
    assert!(nodes_on_disk);
    assert_same(&got, &want, "partial graphs, actors in runs");
}

#[test]
fn strings_on_disk_write_the_bytes_of_the_in_memory_reference() {
    let lex = lexicon::builtin().unwrap();
    let docs = with_short_names(&generated(300));
    for limits in [
        Limits::default(),
        Limits {
            max_evidence: 2,
            max_documents: 3,
        },
    ] {
        let want = reference(&docs, &lex, limits);
        let all = (usize::MAX, usize::MAX, usize::MAX);
        let Built {
            strings: (n, on_disk),
            remap: in_memory,
            ..
        } = built_with_budgets(&docs, &lex, limits, all);
        assert_eq!(on_disk, 0);
        assert!(n > 150, "{n} strings");
        assert!(in_memory.contains(&("quillon".into(), "marta-quillon".into())));
        // Every string on disk from the first (budget 0), with actors and
        // edges in memory, in runs after every batch, or after a few; and
        // the first 1 KB of text in memory, the rest on disk.
        for (strings, actors, edges) in [
            (0, usize::MAX, usize::MAX),
            (0, 0, 0),
            (0, 6_000, 3_000),
            (1_000, usize::MAX, usize::MAX),
        ] {
            let what = format!("string budget {strings}, actor {actors}, edge {edges}");
            let budgets = (strings, actors, edges);
            let got = built_with_budgets(&docs, &lex, limits, budgets);
            let (m, on_disk) = got.strings;
            assert_eq!(m, n, "{what}");
            match strings {
                0 => assert_eq!(on_disk, n, "{what}"),
                _ => assert!(on_disk > 0 && on_disk < n, "{what}: {on_disk} of {n}"),
            }
            assert_eq!(got.remap, in_memory, "{what}");
            assert_same(&got.files, &want, &what);
        }
    }
}

#[test]
fn merged_partial_graphs_with_strings_on_disk_match_the_build() {
    let (got, want, f, _) = merged_partials(|b| b.with_string_budget(0));
    assert!(f.strings > 0);
    assert_eq!(f.strings_on_disk, f.strings);
    assert_same(&got, &want, "partial graphs, strings on disk");
}
