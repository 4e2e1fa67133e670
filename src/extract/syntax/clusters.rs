//! Word clusters learned from unlabelled text: each word form (as the
//! tagger's features see it: lower case, digits `0`) has a class at each of
//! up to three granularities (say 32, 256 and 1024 classes), found by the
//! exchange algorithm ([`crate::learn::exchange`]) over the word before and
//! the word after. The tagger and the parser read the classes of the words
//! around them as features (Koo, Carreras and Collins 2008 used Brown
//! clusters' bit-string prefixes the same way), so that a word seen rarely
//! or never in the treebank is read like the words it keeps company with.
//!
//! Forms are lower-cased: the features' word keys are, the text is too thin
//! to learn both `Bank` and `bank` well, and the tagger reads case from the
//! word's shape and raw form.

use foldhash::{HashMap, HashMapExt};

use super::tagger::normalize;
use super::words;
use crate::extract::segment;
use crate::learn::exchange::{self, Contexts, ExchangeData, ExchangeOptions};
use crate::learn::io::{Reader, Writer};
use crate::learn::ModelError;

const MAGIC: &str = "NGCLUSTR";
const VERSION: u32 = 1;
/// Granularities a table holds at most (and features read).
pub const LEVELS: usize = 3;
/// Feature ids below this are reserved (none, padding, unknown word).
const FIRST_ID: u32 = 16;
/// The feature id of a word the table does not hold.
pub const UNKNOWN: u32 = 3;

/// The classes of word forms at up to [`LEVELS`] granularities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clusters {
    /// The number of classes of each granularity, coarsest first.
    pub classes: Vec<u16>,
    ids: HashMap<String, [u16; LEVELS]>,
}

/// How to learn clusters.
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    /// Class counts, one run of the exchange algorithm each.
    pub classes: Vec<u16>,
    /// Forms seen fewer times get no class.
    pub min_count: u32,
    /// At most this many forms (the most frequent) get a class.
    pub max_words: usize,
    pub iterations: usize,
    pub seed: u64,
    pub threads: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            classes: vec![32, 256, 1024],
            min_count: 5,
            max_words: 100_000,
            iterations: 12,
            seed: 1,
            threads: 1,
        }
    }
}

impl Clusters {
    /// A table from its parts (`ids` holds one class per granularity).
    pub fn new(classes: Vec<u16>, ids: HashMap<String, [u16; LEVELS]>) -> Clusters {
        Clusters { classes, ids }
    }

    /// How many forms have classes.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The classes of a normalised form ([`normalize`]), if it has any.
    pub fn classes_of(&self, norm: &str) -> Option<[u16; LEVELS]> {
        self.ids.get(norm).copied()
    }

    /// The forms in class `class` at granularity `level`, sorted.
    pub fn members(&self, level: usize, class: u16) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .ids
            .iter()
            .filter(|(_, c)| c.get(level) == Some(&class))
            .map(|(w, _)| w.as_str())
            .collect();
        v.sort_unstable();
        v
    }

    /// Feature ids of a normalised form's classes ([`UNKNOWN`] for each
    /// granularity if the form has none).
    #[inline]
    pub fn feature_ids(&self, norm: &str) -> [u32; LEVELS] {
        match self.ids.get(norm) {
            Some(c) => c.map(|x| x as u32 + FIRST_ID),
            None => [UNKNOWN; LEVELS],
        }
    }

    /// The binary form (the same table gives the same bytes).
    pub fn write(&self, w: &mut Writer) {
        w.u8(self.classes.len() as u8);
        for &c in &self.classes {
            w.u16(c);
        }
        let mut words: Vec<(&String, &[u16; LEVELS])> = self.ids.iter().collect();
        words.sort();
        w.u32(words.len() as u32);
        for (k, ids) in words {
            w.str(k);
            for &c in &ids[..self.classes.len()] {
                w.u16(c);
            }
        }
    }

    /// Reads [`Clusters::write`]'s form, checking every class.
    pub fn read(r: &mut Reader) -> Result<Clusters, ModelError> {
        let levels = r.u8()? as usize;
        if levels == 0 || levels > LEVELS {
            return Err(ModelError::Corrupt(format!(
                "{levels} cluster granularities"
            )));
        }
        let classes: Vec<u16> = (0..levels).map(|_| r.u16()).collect::<Result<_, _>>()?;
        let n = r.u32()? as usize;
        if n > r.remaining() / (4 + 2 * levels) {
            return Err(ModelError::Corrupt(format!("{n} clustered words claimed")));
        }
        let mut ids = HashMap::with_capacity(n);
        for _ in 0..n {
            let k = r.str()?;
            let mut c = [0u16; LEVELS];
            for l in 0..LEVELS {
                c[l] = if l < levels { r.u16()? } else { c[l - 1] };
                if c[l] >= classes[l.min(levels - 1)] {
                    return Err(ModelError::Corrupt(format!("class {} of `{k}`", c[l])));
                }
            }
            ids.insert(k, c);
        }
        Ok(Clusters { classes, ids })
    }

    /// A clusters file on its own.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.header(MAGIC, VERSION);
        self.write(&mut w);
        w.buf
    }

    /// Reads a clusters file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Clusters, ModelError> {
        let mut r = Reader::new(bytes);
        r.header(MAGIC, VERSION)?;
        let c = Clusters::read(&mut r)?;
        r.end()?;
        Ok(c)
    }
}

/// The normalised words of each sentence of a text, as the syntax stage
/// cuts them (the segmenter's sentences, UD-style words).
pub fn text_words(text: &str) -> Vec<Vec<String>> {
    let seg = segment::segment(text);
    let mut norm = String::new();
    seg.sentences
        .iter()
        .map(|s| {
            words::split(text, &seg.tokens, s.tokens.clone())
                .iter()
                .map(|w| {
                    normalize(&text[w.bytes.clone()], &mut norm);
                    norm.clone()
                })
                .collect()
        })
        .collect()
}

/// Forms by falling count (ties by the form), those seen `min_count`
/// times or more, at most `max_words`.
fn vocabulary(sents: &[Vec<String>], opt: &ClusterOptions) -> Vec<(String, u32)> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for w in sents.iter().flatten() {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let mut v: Vec<(String, u32)> = counts
        .into_iter()
        .filter(|&(_, n)| n >= opt.min_count)
        .map(|(w, n)| (w.to_string(), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(opt.max_words);
    v
}

/// The left and right contexts of every vocabulary word. Context ids:
/// a vocabulary word's id, then one for any other word and one for the
/// sentence's edge; right contexts come after the left ones.
fn contexts(sents: &[Vec<String>], vocab: &[(String, u32)]) -> ExchangeData {
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i as u32))
        .collect();
    let v = vocab.len() as u32;
    let (other, edge) = (v, v + 1);
    let side = v + 2;
    let mut pairs: Vec<HashMap<u32, u32>> = vec![HashMap::new(); vocab.len()];
    for s in sents {
        let ids: Vec<u32> = s
            .iter()
            .map(|w| index.get(w.as_str()).copied().unwrap_or(other))
            .collect();
        for (i, &id) in ids.iter().enumerate() {
            if id >= v {
                continue;
            }
            let left = if i == 0 { edge } else { ids[i - 1] };
            let right = ids.get(i + 1).copied().unwrap_or(edge);
            *pairs[id as usize].entry(left).or_default() += 1;
            *pairs[id as usize].entry(side + right).or_default() += 1;
        }
    }
    let words = pairs
        .into_iter()
        .map(|m| {
            let mut c: Contexts = m.into_iter().collect();
            c.sort_unstable();
            c
        })
        .collect();
    ExchangeData {
        words,
        n_contexts: 2 * side as usize,
        sides: 2,
    }
}

/// Learns clusters from sentences of normalised words ([`text_words`]);
/// `log` gets a line per pass.
pub fn train(sents: &[Vec<String>], opt: &ClusterOptions, log: &mut dyn FnMut(&str)) -> Clusters {
    let vocab = vocabulary(sents, opt);
    let data = contexts(sents, &vocab);
    log(&format!(
        "{} sentences, {} words; {} forms seen {} times or more get classes",
        sents.len(),
        sents.iter().map(Vec::len).sum::<usize>(),
        vocab.len(),
        opt.min_count
    ));
    let mut classes: Vec<u16> = opt.classes.iter().copied().take(LEVELS).collect();
    classes.sort_unstable();
    let mut runs: Vec<Vec<u16>> = Vec::new();
    for &k in &classes {
        let eo = ExchangeOptions {
            classes: k as usize,
            iterations: opt.iterations,
            seed: opt.seed,
            threads: opt.threads,
        };
        let c = exchange::exchange(&data, &eo, &mut |it, moved, obj| {
            log(&format!(
                "{k} classes, pass {it}: {moved} words moved, objective {obj:.0}"
            ))
        });
        runs.push(c);
    }
    let ids = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| {
            let c: [u16; LEVELS] =
                std::array::from_fn(|l| runs.get(l).or(runs.last()).map_or(0, |r| r[i]));
            (w.clone(), c)
        })
        .collect();
    Clusters::new(classes, ids)
}
