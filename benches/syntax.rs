//! Tagging and parsing speed on one core.
//!
//! `cargo bench --bench syntax` segments the shipped articles (`seeds/`)
//! into UD-style words once, then tags, lemmatises and parses every
//! sentence with the built-in model, several runs of about 200,000 words
//! each, and prints the median words per second of the whole
//! (tagger + lemmas + parser) and of the tagger alone, with the machine's
//! CPU. `cargo test` runs one small pass as a smoke test.
//! Options after `--`: `--runs N`, `--words N`, `--conllu FILE` (use a
//! treebank's words instead of the articles).

use std::time::{Duration, Instant};

use newsgraph::extract::syntax::{self, conllu, words};

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

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// The sentences of the articles in `seeds/`, as word forms.
fn seed_sentences() -> Vec<Vec<String>> {
    let mut paths: Vec<_> = std::fs::read_dir("seeds")
        .expect("run from the repository root: seeds/ is missing")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("a seed article reads");
        let seg = newsgraph::segment::segment(&text);
        for s in &seg.sentences {
            let w = words::split(&text, &seg.tokens, s.tokens.clone());
            out.push(
                w.iter()
                    .map(|w| text[w.bytes.clone()].to_string())
                    .collect(),
            );
        }
    }
    out
}

fn treebank_sentences(path: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("the treebank reads");
    conllu::read(&text)
        .expect("the treebank is CoNLL-U")
        .into_iter()
        .map(|s| {
            s.words
                .into_iter()
                .map(|r| r.cols[conllu::col::FORM].clone())
                .collect()
        })
        .collect()
}

/// CPU time of this thread so far (Linux: /proc/thread-self/schedstat,
/// nanoseconds on the CPU), so that a loaded machine does not count
/// against the figures; `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Runs `f`, returning its wall time and its CPU time.
fn timed(f: impl FnOnce()) -> (Duration, Option<Duration>) {
    let (t, c) = (Instant::now(), cpu_time());
    f();
    let cpu = c.zip(cpu_time()).map(|(a, b)| b - a);
    (t.elapsed(), cpu)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs: usize = arg("--runs")
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 7 } else { 1 });
    let target: usize = arg("--words")
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 200_000 } else { 2_000 });
    let base = match arg("--conllu") {
        Some(p) => treebank_sentences(&p),
        None => seed_sentences(),
    };
    let model = syntax::builtin();
    let mut sents: Vec<Vec<&str>> = Vec::new();
    let mut n = 0;
    'fill: loop {
        for s in &base {
            sents.push(s.iter().map(String::as_str).collect());
            n += s.len();
            if n >= target {
                break 'fill;
            }
        }
    }
    let (mut all, mut tag, mut all_cpu, mut tag_cpu) = (vec![], vec![], vec![], vec![]);
    let mut check = 0usize;
    for _ in 0..runs.max(1) {
        let (w, c) = timed(|| {
            let refs: Vec<&[&str]> = sents.iter().map(Vec::as_slice).collect();
            for a in syntax::analyse_many(model, &refs) {
                check += a.heads.iter().flatten().count();
            }
        });
        all.push(w);
        all_cpu.extend(c);
        let (w, c) = timed(|| {
            for s in &sents {
                check += model.tagger.tag(s).len();
            }
        });
        tag.push(w);
        tag_cpu.extend(c);
    }
    let per_s = |d: Duration| n as f64 / d.as_secs_f64();
    println!("syntax benchmark on {}", machine());
    let (t, p) = (&model.tagger.weights, &model.parser.weights);
    println!(
        "model: tagger {} features, {} weights; parser {} features, {} weights; \
         run-time tables {:.1} MB",
        t.n_features(),
        t.n_weights(),
        p.n_features(),
        p.n_weights(),
        (t.table_bytes() + p.table_bytes()) as f64 / 1e6
    );
    println!(
        "{} sentences, {n} words, median of {} runs (checksum {check})",
        sents.len(),
        runs.max(1)
    );
    let cpu = |v: Vec<Duration>| {
        if v.is_empty() {
            "n/a".to_string()
        } else {
            format!("{:.0}", per_s(median(v)))
        }
    };
    println!("                     words/s (wall)  words/s (CPU time)");
    println!(
        "tag + lemma + parse: {:>14.0}  {:>18}",
        per_s(median(all)),
        cpu(all_cpu)
    );
    println!(
        "tag alone:           {:>14.0}  {:>18}",
        per_s(median(tag)),
        cpu(tag_cpu)
    );
}
