//! The scoring itself: a port of `kg-score`'s `score()`, step for step, so
//! that every figure and every listing is the same.
//!
//! Entities: a predicted node of type person, state or institution matches
//! the gold entity whose label or alias equals its label (or, failing that,
//! one of its aliases) after [`norm`]; nodes are taken by mentions, most
//! first, and a second node matching the same gold entity is a duplicate,
//! which counts as a false positive. Relations: edges are collapsed to
//! (source, relation, target) over matched entities; symmetric relations
//! match in either direction; a trailing `?` on a relation name is dropped.
//! Gold entries with `required: false` are acceptable extras, neither
//! rewarded nor penalised. Negated edges and relations outside the ontology
//! are not scored.

use std::collections::{BTreeSet, HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::gold::{Gold, GoldEdge};
use super::predicted::Predicted;

/// The node types the scorer knows; nodes of other types are ignored.
pub const TYPES: [&str; 3] = ["person", "state", "institution"];

/// The relations of the ontology (`docs/ONTOLOGY.md`): the ones scored.
pub const RELATIONS: [&str; 18] = [
    "warns",
    "visited",
    "denies",
    "supplies",
    "accuses",
    "sanctions",
    "urges",
    "meets",
    "negotiates",
    "cooperates_with",
    "supports",
    "attacks",
    "declines_comment",
    "leads",
    "member_of",
    "part_of",
    "proposes",
    "criticizes",
];

/// The relations matched in either direction.
pub const SYMMETRIC: [&str; 3] = ["meets", "negotiates", "cooperates_with"];

/// Every figure `kg-score` reports, under its names.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    pub entity_precision: f64,
    pub entity_recall: f64,
    pub entity_f1: f64,
    pub entity_typed_f1: f64,
    pub entity_duplicates: usize,
    pub relation_precision: f64,
    pub relation_recall: f64,
    pub relation_f1: f64,
    pub certainty_accuracy: f64,
    pub evidence_recall: f64,
    pub evidence_precision: f64,
    /// Edges whose relation is outside the ontology.
    pub unscored_edges: usize,
    pub details: Details,
}

/// What `-v` lists, in `kg-score`'s words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Details {
    /// Labels of required gold entities no node matched, in gold order.
    pub missed_entities: Vec<String>,
    /// Labels of nodes that match no gold entity, most mentioned first.
    pub false_entities: Vec<String>,
    /// `Label (again Gold label)` for each second node of a gold entity.
    pub duplicate_entities: Vec<String>,
    /// `a|b -rel-> c` for each required gold edge not found, and
    /// `…  [certainty x, gold y]` for each found with the wrong certainty.
    pub missed_relations: Vec<String>,
    /// `s -rel-> t` for each collapsed edge no gold edge accepts (sorted),
    /// then `(unmatched node) s -rel-> t` for edges with an unmatched end.
    pub false_relations: Vec<String>,
}

impl Details {
    /// The listings with their names, in the order `kg-score` prints them.
    pub fn listings(&self) -> [(&'static str, &[String]); 5] {
        [
            ("missed_entities", &self.missed_entities),
            ("false_entities", &self.false_entities),
            ("duplicate_entities", &self.duplicate_entities),
            ("missed_relations", &self.missed_relations),
            ("false_relations", &self.false_relations),
        ]
    }
}

/// A name as the scorer compares it: ASCII after compatibility
/// decomposition (accents dropped), lowercase, dots and hyphens as spaces,
/// a possessive `'s` dropped, other punctuation as spaces, a leading
/// `the`, `mr`, `mrs`, `ms` or `dr` dropped, then every space removed.
pub fn norm(name: &str) -> String {
    // Python: NFKD, encode("ascii", "ignore"), lower(). The curly
    // apostrophe kg-score then replaces is already gone here.
    let ascii: String = name
        .nfkd()
        .filter(char::is_ascii)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let spaced: String = ascii
        .chars()
        .map(|c| if c == '.' || c == '-' { ' ' } else { c })
        .collect();
    let kept: String = drop_possessives(&spaced)
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\'' || c == ' ' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = kept.split(' ').filter(|w| !w.is_empty()).collect();
    let mut s = words.join(" ");
    for prefix in ["the ", "mr ", "mrs ", "ms ", "dr "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
            break;
        }
    }
    s.replace(' ', "")
}

/// `re.sub(r"'s\b", "", s)` over ASCII text.
fn drop_possessives(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let word_after = |j: usize| {
            b.get(j)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        };
        if b[i] == b'\'' && b.get(i + 1) == Some(&b's') && !word_after(i + 2) {
            i += 2;
            continue;
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// `kg-score`'s ranking of certainties; an unknown word ranks as asserted.
fn strength(certainty: &str) -> u8 {
    match certainty {
        "negated" => 0,
        "hedged" => 1,
        _ => 2,
    }
}

/// Entities matched: predicted node id -> gold entity index, and counts.
#[derive(Default)]
struct EntityMatch {
    node_map: HashMap<String, usize>,
    matched: HashSet<usize>,
    tp: usize,
    typed_tp: usize,
    false_entities: Vec<String>,
    duplicates: Vec<String>,
}

fn match_entities(gold: &Gold, pred: &Predicted) -> EntityMatch {
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, e) in gold.entities.iter().enumerate() {
        for n in std::iter::once(&e.label).chain(&e.aliases) {
            names.entry(norm(n)).or_insert(i);
        }
    }
    let mut nodes: Vec<_> = pred.nodes.iter().collect();
    // Stable, as Python's sort: equal mentions keep graph order.
    nodes.sort_by_key(|n| std::cmp::Reverse(n.mentions));
    let mut m = EntityMatch::default();
    for n in nodes {
        let found = std::iter::once(&n.label)
            .chain(&n.aliases)
            .find_map(|c| names.get(&norm(c)).copied());
        let Some(gi) = found else {
            m.false_entities.push(n.label.clone());
            continue;
        };
        m.node_map.insert(n.id.clone(), gi);
        let ge = &gold.entities[gi];
        if !m.matched.insert(gi) {
            m.duplicates
                .push(format!("{} (again {})", n.label, ge.label));
            continue;
        }
        if !ge.required {
            continue;
        }
        m.tp += 1;
        if n.node_type == ge.node_type {
            m.typed_tp += 1;
        }
    }
    m
}

/// A collapsed edge: gold source id, relation, gold target id.
type Key<'g> = (&'g str, &'static str, &'g str);

struct Collapsed<'g> {
    key: Key<'g>,
    certainty: String,
    documents: BTreeSet<String>,
}

/// The predicted edges over matched entities, one per key, in the order
/// first seen; and what was left out.
#[derive(Default)]
struct Edges<'g> {
    collapsed: Vec<Collapsed<'g>>,
    unscored: usize,
    unmapped: Vec<String>,
}

fn collapse_edges<'g>(gold: &'g Gold, pred: &Predicted, m: &EntityMatch) -> Edges<'g> {
    let mut out = Edges::default();
    let mut index: HashMap<Key<'g>, usize> = HashMap::new();
    for e in &pred.edges {
        let rel = e.relation.trim_end_matches('?');
        if e.certainty == "negated" {
            continue;
        }
        let Some(rel) = RELATIONS.iter().copied().find(|r| *r == rel) else {
            out.unscored += 1;
            continue;
        };
        let (Some(&s), Some(&t)) = (m.node_map.get(&e.source), m.node_map.get(&e.target)) else {
            out.unmapped
                .push(format!("{} -{rel}-> {}", e.source, e.target));
            continue;
        };
        let (mut s, mut t) = (gold.entities[s].id.as_str(), gold.entities[t].id.as_str());
        if SYMMETRIC.contains(&rel) && t < s {
            std::mem::swap(&mut s, &mut t);
        }
        let key = (s, rel, t);
        match index.get(&key) {
            Some(&i) => {
                let old = &mut out.collapsed[i];
                old.documents.extend(e.documents.iter().cloned());
                if strength(&e.certainty) > strength(&old.certainty) {
                    old.certainty = e.certainty.clone();
                }
            }
            None => {
                index.insert(key, out.collapsed.len());
                out.collapsed.push(Collapsed {
                    key,
                    certainty: e.certainty.clone(),
                    documents: e.documents.iter().cloned().collect(),
                });
            }
        }
    }
    out
}

/// Whether a gold edge accepts a collapsed edge.
fn matches(g: &GoldEdge, (s, rel, t): Key) -> bool {
    if !g.relation.iter().any(|r| r == rel) {
        return false;
    }
    let ok = |want: &[String], got: &str| want.iter().any(|w| w == "*" || w == got);
    if ok(&g.source, s) && ok(&g.target, t) {
        return true;
    }
    SYMMETRIC.contains(&rel) && ok(&g.source, t) && ok(&g.target, s)
}

/// Counts over the required gold edges.
#[derive(Default)]
struct RelationCounts {
    tp: usize,
    covered: HashSet<usize>,
    missed: Vec<String>,
    certainty_ok: usize,
    certainty_n: usize,
    evidence_hit: usize,
    evidence_gold: usize,
    evidence_pred: usize,
}

fn score_relations(gold: &Gold, edges: &Edges) -> RelationCounts {
    let mut c = RelationCounts::default();
    for g in gold.edges.iter().filter(|g| g.required) {
        let hits: Vec<usize> = (0..edges.collapsed.len())
            .filter(|&i| matches(g, edges.collapsed[i].key))
            .collect();
        c.covered.extend(&hits);
        let name = format!(
            "{} -{}-> {}",
            g.source.join("|"),
            g.relation.join("|"),
            g.target.join("|")
        );
        if hits.is_empty() {
            c.missed.push(name);
            continue;
        }
        c.tp += 1;
        // Python's max(): the first of the strongest, in collapsed order.
        let mut best = edges.collapsed[hits[0]].certainty.as_str();
        for &i in &hits[1..] {
            let cert = edges.collapsed[i].certainty.as_str();
            if strength(cert) > strength(best) {
                best = cert;
            }
        }
        if let Some(want) = g.certainty {
            c.certainty_n += 1;
            if best == want.as_str() {
                c.certainty_ok += 1;
            } else {
                c.missed.push(format!(
                    "{name}  [certainty {best}, gold {}]",
                    want.as_str()
                ));
            }
        }
        let pdocs: BTreeSet<&str> = hits
            .iter()
            .flat_map(|&i| edges.collapsed[i].documents.iter().map(String::as_str))
            .collect();
        let gdocs: BTreeSet<&str> = g.docs.iter().map(String::as_str).collect();
        c.evidence_hit += gdocs.intersection(&pdocs).count();
        c.evidence_gold += gdocs.len();
        c.evidence_pred += pdocs.len();
    }
    c
}

/// Scores a graph against a gold graph, as `kg-score` does.
pub fn score(gold: &Gold, pred: &Predicted) -> Scores {
    let m = match_entities(gold, pred);
    let required = gold.entities.iter().filter(|e| e.required).count();
    let missed_entities = gold
        .entities
        .iter()
        .enumerate()
        .filter(|(i, e)| e.required && !m.matched.contains(i))
        .map(|(_, e)| e.label.clone())
        .collect();
    let e_fp = m.false_entities.len() + m.duplicates.len();
    let (e_p, e_r) = (ratio(m.tp, m.tp + e_fp), ratio(m.tp, required));
    let (t_p, t_r) = (ratio(m.typed_tp, m.tp + e_fp), ratio(m.typed_tp, required));

    let edges = collapse_edges(gold, pred, &m);
    let c = score_relations(gold, &edges);
    let optional: Vec<&GoldEdge> = gold.edges.iter().filter(|g| !g.required).collect();
    let mut fp_rels: Vec<Key> = (0..edges.collapsed.len())
        .filter(|i| !c.covered.contains(i))
        .map(|i| edges.collapsed[i].key)
        .filter(|&k| !optional.iter().any(|g| matches(g, k)))
        .collect();
    fp_rels.sort();
    let r_fp = fp_rels.len() + edges.unmapped.len();
    let n_req = gold.edges.iter().filter(|g| g.required).count();
    let (r_p, r_r) = (ratio(c.tp, c.tp + r_fp), ratio(c.tp, n_req));
    let false_relations = fp_rels
        .iter()
        .map(|(s, r, t)| format!("{s} -{r}-> {t}"))
        .chain(
            edges
                .unmapped
                .iter()
                .map(|u| format!("(unmatched node) {u}")),
        )
        .collect();
    Scores {
        entity_precision: e_p,
        entity_recall: e_r,
        entity_f1: f1(e_p, e_r),
        entity_typed_f1: f1(t_p, t_r),
        entity_duplicates: m.duplicates.len(),
        relation_precision: r_p,
        relation_recall: r_r,
        relation_f1: f1(r_p, r_r),
        certainty_accuracy: ratio(c.certainty_ok, c.certainty_n),
        evidence_recall: ratio(c.evidence_hit, c.evidence_gold),
        evidence_precision: ratio(c.evidence_hit, c.evidence_pred),
        unscored_edges: edges.unscored,
        details: Details {
            missed_entities,
            false_entities: m.false_entities,
            duplicate_entities: m.duplicates,
            missed_relations: c.missed,
            false_relations,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_folds_names_as_kg_score_does() {
        assert_eq!(norm("Kim Jong-un"), "kimjongun");
        assert_eq!(norm("Kim Jong Un"), "kimjongun");
        assert_eq!(norm("U.S."), "us");
        assert_eq!(norm("Mr. Firefly"), "firefly");
        assert_eq!(norm("The Freedonian Army"), "freedonianarmy");
        assert_eq!(norm("Freedonia's"), "freedonia");
        assert_eq!(norm("O'Sullivan"), "o'sullivan");
        assert_eq!(norm("Rufus's's"), "rufus");
        assert_eq!(norm("Zoë Ça"), "zoeca");
        // The curly apostrophe is not ASCII: it goes before `'s` is seen.
        assert_eq!(norm("Freedonia\u{2019}s"), "freedonias");
        assert_eq!(norm("  Dr  Quincy_Wagstaff, "), "quincywagstaff");
        assert_eq!(norm("the"), "the");
        assert_eq!(norm("Mrs  Teasdale"), "teasdale");
    }

    #[test]
    fn ratios_of_nothing_are_zero() {
        assert_eq!((ratio(0, 0), f1(0.0, 0.0)), (0.0, 0.0));
        assert_eq!(f1(1.0, 0.5), 2.0 / 3.0);
    }
}
