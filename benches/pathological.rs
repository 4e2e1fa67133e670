//! How build time grows with a pathological sentence and a huge line.
//!
//! `cargo bench --bench pathological` builds, stage by stage, one document
//! that is a single sentence of 1,000, 10,000 and 100,000 tokens (no stop,
//! no line break: names, titles, relation verbs, pronouns, quotes and
//! plain words in a fixed pseudo-random mix, generated here, and three
//! mixes that stress pronouns, coordination and speech), then one
//! document that is a single line of 1, 10 and 50 MB of the same text. It
//! prints the time of each stage, the time per token and the growth factor
//! from one size to the next: a linear pipeline grows by the size factor.
//! `cargo test` runs the smallest sizes once as a smoke test.
//! Options after `--`: `--tokens N,M,…`, `--mb A,B,…`, `--shape mixed,…`.

use std::time::{Duration, Instant};

use newsgraph::export::Exporter;
use newsgraph::{entities, relations, resolve, segment, Document, Lexicon};

/// Words of the mix; several of each kind so that coordination, speech,
/// titles and plural descriptions all occur.
const MIXED: &[&str] = &[
    "France",
    "Germany",
    "Russia",
    "China",
    "Iran",
    "the",
    "the",
    "a",
    "and",
    "and",
    "of",
    "to",
    "in",
    "on",
    "warned",
    "visited",
    "met",
    "accused",
    "denied",
    "sanctions",
    "supplies",
    "criticized",
    "said",
    "told",
    "according to",
    "President",
    "Minister",
    "spokesman",
    "Mr.",
    "Anna",
    "Kowalski",
    "Jean",
    "Martin",
    "he",
    "she",
    "it",
    "they",
    "its",
    "their",
    "the two countries",
    "the two leaders",
    "not",
    "may",
    "allegedly",
    "weapons",
    "talks",
    "deal",
    "border",
    "officials",
    "\u{201c}",
    "\u{201d}",
    ",",
    "(",
    ")",
    "that",
    "which",
    "United Nations",
    "Ministry",
    "University",
    "Paris",
    "Berlin",
    "reportedly",
    "war",
    "meeting",
];

/// Mixes that stress one pass each: pronouns and descriptions looking
/// back for a referent, long coordinations of actors, titles and the
/// descriptions that use them, reported speech.
const SHAPES: &[(&str, &[&str])] = &[
    ("mixed", MIXED),
    (
        "pronouns",
        &[
            "he",
            "she",
            "it",
            "they",
            "its",
            "their",
            "the two countries",
            "the country",
            "warned",
            "France",
            "Mr.",
            "Anna",
            "Kowalski",
            "his country",
        ],
    ),
    (
        "coordination",
        &[
            "France", "and", "Germany", ",", "Russia", "and", "China", "warned", "Iran", "and",
            "Israel", "or", "met", "with",
        ],
    ),
    (
        "titles",
        &[
            "President",
            "Anna",
            "Kowalski",
            "the U.S. official",
            "the French president",
            "his country",
            "of",
            "France",
            "Minister",
            "Jean",
            "Martin",
            "warned",
            "Germany",
            "the",
            "visited",
            "met",
            "and",
            "said",
            "on",
            "talks",
            "with",
            "officials",
            "in",
            "a",
            "deal",
        ],
    ),
    (
        "speech",
        &[
            "said",
            "according to",
            "France",
            "told",
            "he",
            "\u{201c}",
            "\u{201d}",
            ",",
            "telling",
            "Anna",
            "Kowalski",
            "warned",
            "that",
        ],
    ),
];

/// A small deterministic generator (xorshift64*), so every run measures
/// the same text.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }
}

/// Text of about `tokens` tokens or `bytes` bytes, whichever comes first,
/// with no sentence end and no line break.
fn run_on(words: &[&str], tokens: usize, bytes: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = String::with_capacity(bytes.min(tokens * 8) + 16);
    let mut n = 0;
    while n < tokens && out.len() < bytes {
        let w = words[rng.below(words.len())];
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        n += w.split(' ').count();
    }
    out
}

/// Stage times of one document, and what it gave.
struct Run {
    stages: [(&'static str, Duration); 6],
    tokens: usize,
    sentences: usize,
    facts: usize,
    edges: usize,
}

impl Run {
    /// What `newsgraph build` spends on the document: the build and the
    /// JSON (the first four stages are measured again inside the build).
    fn total(&self) -> Duration {
        self.stages[4].1 + self.stages[5].1
    }
}

fn measure(text: String, lex: &Lexicon) -> Run {
    let doc = Document {
        id: "run-on".into(),
        path: "run-on.txt".into(),
        text,
    };
    let t = Instant::now();
    let seg = segment::segment(&doc.text);
    let d_seg = t.elapsed();
    let t = Instant::now();
    let raw = entities::find_mentions(&doc.text, &seg, lex);
    let d_ent = t.elapsed();
    let t = Instant::now();
    let res = resolve::resolve(&doc.text, &seg, lex, &raw);
    let d_res = t.elapsed();
    let t = Instant::now();
    let facts = relations::extract(&doc.id, &doc.text, &seg, lex, &res, &[]);
    let d_rel = t.elapsed();
    let (tokens, sentences, nfacts) = (seg.tokens.len(), seg.sentences.len(), facts.len());
    drop((seg, raw, res, facts));
    // The whole document through the library's build (every stage again,
    // and the merge), then its JSON: what `newsgraph build` does with it.
    let t = Instant::now();
    let g = newsgraph::build(std::slice::from_ref(&doc), lex);
    let d_build = t.elapsed();
    let t = Instant::now();
    let json = newsgraph::export::json::Json.export(&g);
    let d_json = t.elapsed();
    assert!(!json.is_empty());
    Run {
        stages: [
            ("segment", d_seg),
            ("entities", d_ent),
            ("resolve", d_res),
            ("relations", d_rel),
            ("build", d_build),
            ("json", d_json),
        ],
        tokens,
        sentences,
        facts: nfacts,
        edges: g.edge_count(),
    }
}

fn list(args: &[String], flag: &str, default: &[usize]) -> Vec<usize> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

fn report(title: &str, unit: &str, rows: &[(usize, Run)]) {
    println!("\n{title}");
    print!("| {unit} | tokens | sentences | facts | edges |");
    for (name, _) in &rows[0].1.stages {
        print!(" {name} s |");
    }
    println!(" total s | µs/token | growth |");
    let mut prev: Option<(usize, Duration)> = None;
    for (size, r) in rows {
        print!(
            "| {size} | {} | {} | {} | {} |",
            r.tokens, r.sentences, r.facts, r.edges
        );
        for (_, d) in &r.stages {
            print!(" {} |", secs(*d));
        }
        let total = r.total();
        let per = total.as_secs_f64() * 1e6 / r.tokens.max(1) as f64;
        let growth = match prev {
            Some((s, t)) if t.as_secs_f64() > 0.0 => format!(
                "×{:.1} for ×{:.0}",
                total.as_secs_f64() / t.as_secs_f64(),
                *size as f64 / s as f64
            ),
            _ => "-".into(),
        };
        println!(" {} | {per:.2} | {growth} |", secs(total));
        prev = Some((*size, total));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench");
    let lex = newsgraph::lexicon::builtin().expect("the built-in lexicon loads");
    let (tokens, mbs) = if bench {
        (
            list(&args, "--tokens", &[1_000, 10_000, 100_000]),
            list(&args, "--mb", &[1, 10, 50]),
        )
    } else {
        (vec![1_000, 10_000], vec![])
    };
    let only: Vec<&str> = args
        .iter()
        .position(|a| a == "--shape")
        .and_then(|i| args.get(i + 1))
        .map(|v| v.split(',').collect())
        .unwrap_or_default();
    for (name, words) in SHAPES
        .iter()
        .filter(|(n, _)| only.is_empty() || only.contains(n))
    {
        let rows: Vec<(usize, Run)> = tokens
            .iter()
            .map(|&n| (n, measure(run_on(words, n, usize::MAX), &lex)))
            .collect();
        report(
            &format!("One sentence of N tokens, {name} (cut into pieces by the segmenter)"),
            "tokens",
            &rows,
        );
        assert!(rows.iter().all(|(_, r)| r.edges > 0), "{name}: no edge");
    }
    if bench {
        let rows: Vec<(usize, Run)> = mbs
            .iter()
            .map(|&mb| (mb, measure(run_on(MIXED, usize::MAX, mb << 20), &lex)))
            .collect();
        report("One line of N MB, mixed", "MB", &rows);
    } else {
        // The smoke run: a 100 KB line.
        let r = measure(run_on(MIXED, usize::MAX, 100 << 10), &lex);
        assert!(r.edges > 0 && r.sentences > 1);
        println!("\nsmoke run: 100 KB line in {} s", secs(r.total()));
    }
}
