//! Speed of the entity recogniser alone.
//!
//! `cargo bench --bench ner` reads the articles in `seeds/` (real news
//! text), repeats them into documents of about 2,000 tokens until the
//! corpus holds `--tokens N` tokens (default 2,000,000), segments them once,
//! and times on one thread, as medians over `--runs N` runs (default 7):
//!
//! - `recognise`: the labeller over documents already read (features,
//!   scores, greedy decoding);
//! - `prepare`: reading each document's tokens with the lexicon (word
//!   hashes, word lists, the lexicon's name matches, the document's word
//!   statistics);
//! - `prepare + recognise`: both, which is what the entity pass pays.
//!
//! The target is 500,000 tokens per second for `recognise`. `cargo test`
//! runs a 20,000-token smoke run.

use std::time::{Duration, Instant};

use newsgraph::extract::ner::{self, Prepared};
use newsgraph::segment::segment;

fn arg(name: &str) -> Option<usize> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{model}, one thread")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Documents of about 2,000 tokens made of the seed articles, in turn.
fn corpus(tokens: usize) -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a seed article"))
        .collect();
    let mut docs = Vec::new();
    let (mut total, mut doc, mut in_doc) = (0, String::new(), 0);
    for text in texts.iter().cycle() {
        let n = segment(text).tokens.len();
        doc.push_str(text);
        doc.push('\n');
        in_doc += n;
        total += n;
        if in_doc >= 2_000 {
            docs.push(std::mem::take(&mut doc));
            in_doc = 0;
        }
        if total >= tokens {
            break;
        }
    }
    if !doc.is_empty() {
        docs.push(doc);
    }
    docs
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let tokens = arg("--tokens").unwrap_or(if full { 2_000_000 } else { 20_000 });
    let runs = arg("--runs").unwrap_or(if full { 7 } else { 1 }).max(1);
    let lex = newsgraph::lexicon::builtin().expect("the built-in lexicon loads");
    let model = ner::builtin();
    let docs = corpus(tokens);
    let segs: Vec<_> = docs.iter().map(|d| segment(d)).collect();
    let n: usize = segs.iter().map(|s| s.tokens.len()).sum();
    let prepared: Vec<Prepared> = docs
        .iter()
        .zip(&segs)
        .map(|(d, s)| Prepared::new(d, s, &lex))
        .collect();

    let mut names = 0;
    let mut alone = Vec::new();
    let mut with_prep = Vec::new();
    let mut prep = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let k: usize = docs
            .iter()
            .zip(&segs)
            .map(|(d, s)| Prepared::new(d, s, &lex).len())
            .sum();
        prep.push(t.elapsed());
        assert_eq!(k, n);
        let t = Instant::now();
        names = prepared
            .iter()
            .map(|p| model.recognise_prepared(p).len())
            .sum::<usize>();
        alone.push(t.elapsed());
        let t = Instant::now();
        let m: usize = docs
            .iter()
            .zip(&segs)
            .map(|(d, s)| model.recognise(d, s, &lex).len())
            .sum();
        with_prep.push(t.elapsed());
        assert_eq!(m, names, "the two paths find the same names");
    }
    assert!(names > n / 100, "{names} names in {n} tokens");
    println!("ner benchmark on {}", machine());
    println!(
        "{} documents, {n} tokens, {names} names; medians over {runs} runs",
        docs.len()
    );
    for (what, times) in [
        ("recognise", alone),
        ("prepare", prep),
        ("prepare + recognise", with_prep),
    ] {
        let d = median(times);
        println!(
            "{what:<20} {:>9.1} ms  {:>12.0} tokens/s",
            d.as_secs_f64() * 1e3,
            n as f64 / d.as_secs_f64()
        );
    }
}
