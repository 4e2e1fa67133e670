//! Training the tagger and the parser from CoNLL-U treebanks, and scoring
//! them. Deterministic: the same data, options and seed give the same
//! model bytes (shuffles come from a seeded generator, folds are trained
//! apart and joined in order).

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::clusters::Clusters;
use super::conllu::{self, col, ConlluError};
use super::lemma::Lemmatizer;
use super::parser::{self, EpochOptions, ParseExample, Parser, Transitions};
use super::tagger::{self, TagExample, Tagger};
use super::{analyse_forms, SyntaxModel, Upos};
use crate::learn::Perceptron;

/// A small, fast, seeded generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_F42D_4C95_7F2D)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A sentence of a treebank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldSentence {
    pub forms: Vec<String>,
    pub lemmas: Vec<String>,
    /// `UPOS XPOS`.
    pub tags: Vec<String>,
    pub heads: Vec<Option<usize>>,
    pub deprels: Vec<String>,
}

/// Reads a treebank's sentences, with their heads checked.
pub fn read_treebank(text: &str) -> Result<Vec<GoldSentence>, ConlluError> {
    conllu::read(text)?
        .iter()
        .map(|s| {
            let heads = conllu::check_heads(s)?;
            let c = |k: usize| {
                s.words
                    .iter()
                    .map(|r| r.cols[k].clone())
                    .collect::<Vec<_>>()
            };
            let tags = s
                .words
                .iter()
                .map(|r| format!("{} {}", r.cols[col::UPOS], r.cols[col::XPOS]))
                .collect();
            Ok(GoldSentence {
                forms: c(col::FORM),
                lemmas: c(col::LEMMA),
                tags,
                heads,
                deprels: c(col::DEPREL),
            })
        })
        .collect()
}

/// How to train.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Parser passes over the data.
    pub epochs: usize,
    /// Tagger passes over the data.
    pub tagger_epochs: usize,
    pub seed: u64,
    /// Threads for the tagger folds.
    pub threads: usize,
    /// Folds for the tags the parser trains on (each tagged by a tagger
    /// that did not see it); 1 trains the parser on gold tags.
    pub folds: usize,
    /// Averaged weights below this are dropped (tagger, parser).
    pub prune: (f32, f32),
    /// Train the tagger's second pass (needs `folds` > 1).
    pub second_pass: bool,
    /// Forms seen fewer times are left out of the tagger's dictionary.
    pub dict_min: u32,
    /// The parser's transition system.
    pub transitions: Transitions,
    /// Word classes for the tagger and parser to read (kept in the model).
    pub clusters: Option<Arc<Clusters>>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            tagger_epochs: 8,
            seed: 1,
            threads: 1,
            folds: 4,
            prune: (0.05, 0.25),
            second_pass: true,
            dict_min: 3,
            transitions: Transitions::Monotonic,
            clusters: None,
        }
    }
}

/// Scores with gold words: the CoNLL 2018 UPOS, UAS, LAS (in %).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub upos: f64,
    pub uas: f64,
    pub las: f64,
    pub lemma: f64,
    pub words: usize,
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "UPOS {:.2}  UAS {:.2}  LAS {:.2}  lemma {:.2}  ({} words)",
            self.upos, self.uas, self.las, self.lemma, self.words
        )
    }
}

/// Scores a model on gold sentences (labels compared without subtype, as
/// the CoNLL 2018 LAS does).
pub fn evaluate(model: &SyntaxModel, gold: &[GoldSentence]) -> Scores {
    let base = |l: &str| l.split(':').next().unwrap_or("").to_string();
    let (mut u, mut ua, mut la, mut le, mut n) = (0, 0, 0, 0, 0usize);
    for s in gold {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let a = analyse_forms(model, &forms);
        for i in 0..forms.len() {
            n += 1;
            u += (model.tagger.upos(a.tags[i]) == tagger::upos_of(&s.tags[i])) as usize;
            le += (a.lemmas[i] == s.lemmas[i]) as usize;
            if a.heads[i] == s.heads[i] {
                ua += 1;
                la += (base(model.parser.label(a.labels[i])) == base(&s.deprels[i])) as usize;
            }
        }
    }
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    Scores {
        upos: pct(u),
        uas: pct(ua),
        las: pct(la),
        lemma: pct(le),
        words: n,
    }
}

fn index_of(list: &[String]) -> HashMap<&str, usize> {
    list.iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect()
}

fn sorted_set<'a>(it: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut v: Vec<String> = it.cloned().collect();
    v.sort();
    v.dedup();
    v
}

/// One run of tagger training: its tags, passes, seed, pruning and the
/// dictionary's threshold.
struct TaggerRun<'a> {
    tags: &'a [String],
    epochs: usize,
    seed: u64,
    prune: f32,
    dict_min: u32,
    clusters: Option<&'a Arc<Clusters>>,
}

/// Trains a tagger on examples; `on_epoch` sees it after each pass. With
/// `base` (a first-pass tagger and its held-out tags of each example),
/// trains that tagger's second pass.
fn train_tagger(
    run: &TaggerRun,
    data: &[TagExample],
    base: Option<(&Tagger, &[Vec<usize>])>,
    mut on_epoch: impl FnMut(usize, f64, &Tagger),
) -> Tagger {
    let tags = run.tags;
    let upos: Vec<Upos> = tags.iter().map(|t| tagger::upos_of(t)).collect();
    let dict = match base {
        Some((b, _)) => b.dict.clone(),
        None => tagger::build_dict(data, tags.len(), &upos, run.dict_min),
    };
    let make = |w: crate::learn::Weights| {
        match base {
            Some((b, _)) => Tagger::new(tags.to_vec(), dict.clone(), b.weights.clone(), Some(w)),
            None => Tagger::new(tags.to_vec(), dict.clone(), w, None),
        }
        .with_clusters(run.clusters.cloned())
    };
    let mut model = Perceptron::new(tags.len());
    let mut rng = Rng::new(run.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let first = base.map(|(_, f)| f);
    for e in 0..run.epochs {
        rng.shuffle(&mut order);
        let cl = run.clusters.map(|c| c.as_ref());
        let acc = tagger::train_epoch(&mut model, &dict, data, &order, first, cl);
        on_epoch(e + 1, acc, &make(model.freeze(run.prune)));
    }
    make(model.freeze(run.prune))
}

/// The tagger's UPOS accuracy (%) on tagged examples.
fn tag_accuracy(t: &Tagger, data: &[TagExample]) -> f64 {
    let (mut r, mut n) = (0usize, 0usize);
    for s in data {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        for (g, p) in s.tags.iter().zip(t.tag(&forms)) {
            r += (t.upos(*g) == t.upos(p)) as usize;
            n += 1;
        }
    }
    100.0 * r as f64 / n.max(1) as f64
}

fn tag_examples(data: &[GoldSentence], tix: &HashMap<&str, usize>) -> Vec<TagExample> {
    data.iter()
        .map(|s| TagExample {
            forms: s.forms.clone(),
            tags: s
                .tags
                .iter()
                .map(|t| tix.get(t.as_str()).copied().unwrap_or(0))
                .collect(),
        })
        .collect()
}

/// Each training sentence's tags as a tagger that never saw it predicts them.
fn jackknife(tags: &[String], data: &[TagExample], opt: &TrainOptions) -> Vec<Vec<usize>> {
    if opt.folds <= 1 {
        return data.iter().map(|s| s.tags.clone()).collect();
    }
    let k = opt.folds;
    let run = || {
        (0..k)
            .into_par_iter()
            .map(|f| {
                let train: Vec<TagExample> = data
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % k != f)
                    .map(|(_, s)| s.clone())
                    .collect();
                let run = TaggerRun {
                    tags,
                    epochs: opt.tagger_epochs,
                    seed: opt.seed + f as u64,
                    prune: 0.0,
                    dict_min: opt.dict_min,
                    clusters: opt.clusters.as_ref(),
                };
                let t = train_tagger(&run, &train, None, |_, _, _| {});
                data.iter()
                    .enumerate()
                    .filter(|(i, _)| i % k == f)
                    .map(|(i, s)| {
                        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
                        (i, t.tag(&forms))
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    let parts = match rayon::ThreadPoolBuilder::new()
        .num_threads(opt.threads.max(1))
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    let mut out = vec![Vec::new(); data.len()];
    for (i, t) in parts.into_iter().flatten() {
        out[i] = t;
    }
    out
}

/// The lemma table: forms whose treebank lemma the rules and exceptions
/// miss, with their most frequent lemma.
fn learn_lemmas(data: &[GoldSentence]) -> HashMap<String, String> {
    let base = Lemmatizer::new(HashMap::new());
    let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for s in data {
        for i in 0..s.forms.len() {
            let x = s.tags[i].split_once(' ').map_or("_", |(_, x)| x);
            let key = format!(
                "{}\t{}",
                s.forms[i].to_lowercase().replace('\u{2019}', "'"),
                x
            );
            *counts
                .entry(key)
                .or_default()
                .entry(s.lemmas[i].clone())
                .or_default() += 1;
        }
    }
    let mut out = HashMap::new();
    for (k, c) in counts {
        let mut best: Vec<(&String, &usize)> = c.iter().collect();
        best.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let lemma = best[0].0;
        let (form, xpos) = k.split_once('\t').expect("key has a tab");
        let upos = data_upos(xpos);
        let rule = base.lemma(form, upos, xpos);
        // Proper nouns keep their own case: learn only lower-case misses.
        if &rule != lemma && upos != Upos::Propn {
            out.insert(k.clone(), lemma.clone());
        }
    }
    out
}

/// A rough UPOS for a Penn tag (only used to pick lemma rules).
fn data_upos(xpos: &str) -> Upos {
    match xpos {
        "NNP" | "NNPS" => Upos::Propn,
        "CD" => Upos::Num,
        x if x.starts_with('V') => Upos::Verb,
        x if x.starts_with('N') => Upos::Noun,
        x if x.starts_with('J') => Upos::Adj,
        x if x.starts_with('R') => Upos::Adv,
        _ => Upos::X,
    }
}

/// Parser training examples: given tags, projective gold heads.
fn parse_examples(
    data: &[GoldSentence],
    tags: Vec<Vec<usize>>,
    lix: &HashMap<&str, usize>,
) -> Vec<ParseExample> {
    data.iter()
        .zip(tags)
        .map(|(s, t)| {
            let n = s.forms.len();
            let mut heads: Vec<usize> = s.heads.iter().map(|h| h.unwrap_or(n)).collect();
            parser::projectivize(&mut heads);
            ParseExample {
                forms: s.forms.clone(),
                tags: t,
                heads,
                labels: s
                    .deprels
                    .iter()
                    .map(|l| lix.get(l.as_str()).copied().unwrap_or(0))
                    .collect(),
            }
        })
        .collect()
}

/// The tags and labels of a training set, with their indices.
struct Inventory<'a> {
    tags: &'a [String],
    labels: &'a [String],
    tix: HashMap<&'a str, usize>,
    lix: HashMap<&'a str, usize>,
}

/// The sorted tags and labels (with `root`) of a training set.
fn tags_and_labels(train: &[GoldSentence]) -> (Vec<String>, Vec<String>) {
    let tags = sorted_set(train.iter().flat_map(|s| &s.tags));
    let mut labels = sorted_set(train.iter().flat_map(|s| &s.deprels));
    if !labels.iter().any(|l| l == "root") {
        labels.push("root".into());
    }
    (tags, labels)
}

/// The tagger (first pass, then the second over held-out tags when asked)
/// and each training sentence's held-out tags, for the parser.
fn train_taggers(
    inv: &Inventory,
    tag_data: &[TagExample],
    dev_tags: &[TagExample],
    opt: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> (Tagger, Vec<Vec<usize>>) {
    let mut run = TaggerRun {
        tags: inv.tags,
        epochs: opt.tagger_epochs,
        seed: opt.seed,
        prune: opt.prune.0,
        dict_min: opt.dict_min,
        clusters: opt.clusters.as_ref(),
    };
    let mut tagger = train_tagger(&run, tag_data, None, |e, acc, t| {
        log(&format!(
            "tagger epoch {e}: train {:.2}%, dev UPOS {:.2}%",
            100.0 * acc,
            tag_accuracy(t, dev_tags)
        ))
    });
    let predicted = jackknife(inv.tags, tag_data, opt);
    log(&format!(
        "tagged the training set in {} folds",
        opt.folds.max(1)
    ));
    if opt.folds > 1 && opt.second_pass {
        run.seed = opt.seed + 500;
        tagger = train_tagger(&run, tag_data, Some((&tagger, &predicted)), |e, acc, t| {
            log(&format!(
                "tagger second pass epoch {e}: train {:.2}%, dev UPOS {:.2}%",
                100.0 * acc,
                tag_accuracy(t, dev_tags)
            ))
        });
    }
    (tagger, predicted)
}

/// Parser passes over `data`; the model of the pass with the best dev LAS
/// (the last pass without dev sentences).
fn train_parser(
    inv: &Inventory,
    data: &[ParseExample],
    dev: &[GoldSentence],
    base: SyntaxModel,
    opt: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> SyntaxModel {
    let labels = inv.labels.to_vec();
    let root = inv.lix["root"];
    let mut model = Perceptron::new(Parser::n_moves(labels.len()));
    let mut rng = Rng::new(opt.seed.wrapping_add(1000));
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut best: Option<(f64, SyntaxModel)> = None;
    for e in 0..opt.epochs {
        rng.shuffle(&mut order);
        let ep = EpochOptions {
            n_labels: labels.len(),
            root,
            explore: e > 0,
            transitions: opt.transitions,
            clusters: opt.clusters.clone(),
        };
        let acc = parser::train_epoch(&mut model, data, &order, &ep, &mut rng);
        let m = SyntaxModel {
            parser: Parser::new(labels.clone(), model.freeze(opt.prune.1))
                .with_transitions(opt.transitions)
                .with_clusters(opt.clusters.clone()),
            ..base.clone()
        };
        let s = evaluate(&m, dev);
        log(&format!(
            "parser epoch {}: moves right {:.2}%, dev {s}",
            e + 1,
            100.0 * acc
        ));
        if best.as_ref().is_none_or(|(b, _)| s.las > *b) || dev.is_empty() {
            best = Some((s.las, m));
        }
    }
    match best {
        Some((_, m)) => m,
        None => SyntaxModel {
            parser: Parser::new(labels, model.freeze(opt.prune.1))
                .with_transitions(opt.transitions)
                .with_clusters(opt.clusters.clone()),
            ..base
        },
    }
}

/// Trains tagger, lemma table and parser; `log` gets one line per pass.
/// The parser of the pass with the best dev LAS is kept.
pub fn train(
    train: &[GoldSentence],
    dev: &[GoldSentence],
    opt: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> SyntaxModel {
    let (tags, labels) = tags_and_labels(train);
    let inv = Inventory {
        tags: &tags,
        labels: &labels,
        tix: index_of(&tags),
        lix: index_of(&labels),
    };
    let tag_data = tag_examples(train, &inv.tix);
    let dev_tags = tag_examples(dev, &inv.tix);
    log(&format!(
        "{} training sentences, {} dev; {} tags, {} labels",
        train.len(),
        dev.len(),
        tags.len(),
        labels.len()
    ));
    let (tagger, predicted) = train_taggers(&inv, &tag_data, &dev_tags, opt, log);
    let base = SyntaxModel {
        tagger,
        lemmas: Lemmatizer::new(learn_lemmas(train)),
        parser: Parser::new(labels.clone(), Perceptron::new(1).freeze(0.0)),
    };
    let data = parse_examples(train, predicted, &inv.lix);
    train_parser(&inv, &data, dev, base, opt, log)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The oracle rebuilds every (projectivised) tree of a real treebank:
    /// `cargo test --release --lib oracle_on -- --ignored` where the EWT
    /// files are in /work/data/ud (they are not in the repository).
    #[test]
    #[ignore]
    fn oracle_on_a_treebank() {
        let text = std::fs::read_to_string("/work/data/ud/en_ewt-ud-dev.conllu").unwrap();
        let data = read_treebank(&text).unwrap();
        let labels = sorted_set(data.iter().flat_map(|s| &s.deprels));
        let lix = index_of(&labels);
        let tags = vec![Vec::new(); data.len()];
        let ex = parse_examples(&data, tags, &lix);
        let mut bad = 0;
        for e in &ex {
            let want: Vec<(usize, usize)> = e
                .heads
                .iter()
                .copied()
                .zip(e.labels.iter().copied())
                .collect();
            for t in [Transitions::Monotonic, Transitions::NonMonotonic] {
                let got = parser::oracle_tree((&e.heads, &e.labels), labels.len(), lix["root"], t);
                bad += (got != want) as usize;
            }
        }
        assert_eq!(bad, 0, "of {}", ex.len());
    }
}
