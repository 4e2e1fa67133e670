//! The lexicon: what newsgraph knows before it reads a word.
//!
//! This module owns the built-in knowledge files under `lexicon/` (embedded
//! in the binary), their parsing, and the indexes built from them: an
//! Aho-Corasick automaton over every name, alias, capital and demonym, and
//! lookup tables for titles, cues and relation patterns. Parsing is the only
//! place that can fail; the stages that use a `Lexicon` never do. It knows
//! nothing about documents, graphs or output formats.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::fmt;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::extract::segment::ABBREVIATIONS_FILE;
use crate::model::{MentionKind, NodeType};

mod frames;
mod words;
pub use frames::{Frame, FrameFlags, Frames, Slot, TriggerPos};
pub use words::{word_list, Case, WordLists};

/// The built-in data files, embedded at compile time.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("states.tsv", include_str!("../lexicon/states.tsv")),
    (
        "institutions.tsv",
        include_str!("../lexicon/institutions.tsv"),
    ),
    ("persons.tsv", include_str!("../lexicon/persons.tsv")),
    ("places.tsv", include_str!("../lexicon/places.tsv")),
    ("titles.tsv", include_str!("../lexicon/titles.tsv")),
    ("honorifics.tsv", include_str!("../lexicon/honorifics.tsv")),
    (
        "given_names.txt",
        include_str!("../lexicon/given_names.txt"),
    ),
    (
        "function_words.txt",
        include_str!("../lexicon/function_words.txt"),
    ),
    ("orgwords.tsv", include_str!("../lexicon/orgwords.tsv")),
    ("nouns.tsv", include_str!("../lexicon/nouns.tsv")),
    ("namewords.tsv", include_str!("../lexicon/namewords.tsv")),
    ("relations.tsv", include_str!("../lexicon/relations.tsv")),
    ("cues.tsv", include_str!("../lexicon/cues.tsv")),
    ("ontology.tsv", include_str!("../lexicon/ontology.tsv")),
    ("combining.tsv", include_str!("../lexicon/combining.tsv")),
    ("frames.tsv", include_str!("../lexicon/frames.tsv")),
    (
        "light_verbs.txt",
        include_str!("../lexicon/light_verbs.txt"),
    ),
    (
        "words/abbreviations.txt",
        include_str!("../lexicon/words/abbreviations.txt"),
    ),
    (
        "words/acronym_skips.txt",
        include_str!("../lexicon/words/acronym_skips.txt"),
    ),
    (
        "words/affiliation_preps.txt",
        include_str!("../lexicon/words/affiliation_preps.txt"),
    ),
    (
        "words/before_object.txt",
        include_str!("../lexicon/words/before_object.txt"),
    ),
    (
        "words/clause_openers.txt",
        include_str!("../lexicon/words/clause_openers.txt"),
    ),
    (
        "words/government_nouns.txt",
        include_str!("../lexicon/words/government_nouns.txt"),
    ),
    (
        "words/name_connectors.txt",
        include_str!("../lexicon/words/name_connectors.txt"),
    ),
    (
        "words/org_tails.txt",
        include_str!("../lexicon/words/org_tails.txt"),
    ),
    (
        "words/own_state_nouns.txt",
        include_str!("../lexicon/words/own_state_nouns.txt"),
    ),
    (
        "words/prepositions.txt",
        include_str!("../lexicon/words/prepositions.txt"),
    ),
    (
        "words/pronouns.txt",
        include_str!("../lexicon/words/pronouns.txt"),
    ),
    (
        "words/state_nouns.txt",
        include_str!("../lexicon/words/state_nouns.txt"),
    ),
    (
        "words/title_modifiers.txt",
        include_str!("../lexicon/words/title_modifiers.txt"),
    ),
    (
        "words/title_zone_links.txt",
        include_str!("../lexicon/words/title_zone_links.txt"),
    ),
    (
        "words/title_zone_stops.txt",
        include_str!("../lexicon/words/title_zone_stops.txt"),
    ),
    (
        "plural_nouns.tsv",
        include_str!("../lexicon/plural_nouns.tsv"),
    ),
];

/// A lexicon file that could not be read, with the place and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// A known actor: a state, an institution or a well-known person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownEntity {
    pub id: String,
    pub label: String,
    pub node_type: NodeType,
    /// `iso2`, `iso3`, `wikidata`, `kind`, `part_of` where known.
    pub attributes: BTreeMap<String, String>,
}

/// One surface form of a known entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Surface {
    pub entity: usize,
    pub kind: MentionKind,
    /// Needs context: not taken when it runs into another capitalised name.
    pub weak: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    /// `leads` or `member_of`.
    pub relation: String,
    pub role: String,
    /// Written before a name as a title (`President Joe Biden`).
    pub pre: bool,
}

/// How a relation pattern finds its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternKind {
    /// A verb: subject on the left, object on the right.
    Verb,
    /// A noun: source from a possessor or modifier, target after a preposition.
    Noun,
    /// A fixed phrase read like a verb.
    Phrase,
    /// A threat ("will pay a price"): the speaker warns the subject.
    Threat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubjectRule {
    /// The nearest clause subject to the left.
    Left,
    /// A possessor or modifier just before the trigger.
    Modifier,
    /// Either.
    Both,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub relation: String,
    pub kind: PatternKind,
    /// Lowercase words of the trigger.
    pub words: Vec<String>,
    /// Prepositions allowed before the object; `""` is a direct object.
    pub preps: Vec<String>,
    pub subject: SubjectRule,
    /// `passive`, `mutual`, `that`, `deny`, `goods`, `object_subject`, `speaker`.
    pub flags: Vec<String>,
}

impl Pattern {
    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    Hedge,
    Negation,
    /// A hedge word that also carries into a following `that` clause.
    Carrier,
    /// `continue`: what went before is ongoing, not merely planned.
    Reset,
    /// A speech verb that attributes what is said.
    Speech,
    /// A commitment (`pledged`, `agreed`): what follows is planned, except
    /// for relations that a pledge itself realises (cooperation).
    Commit,
}

/// What a name ending in one of `namewords.tsv`'s words names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameHead {
    Law,
    Event,
    Facility,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationInfo {
    pub symmetric: bool,
    pub cameo: String,
    pub plover: String,
    pub family: String,
}

/// Everything the pipeline knows, with its indexes.
pub struct Lexicon {
    pub entities: Vec<KnownEntity>,
    pub by_id: HashMap<String, usize>,
    /// Parallel to the automaton's patterns.
    pub surfaces: Vec<Surface>,
    pub surface_text: Vec<String>,
    /// Surface text -> index in `surfaces`, for exact look-ups.
    pub surface_index: HashMap<String, usize>,
    pub automaton: AhoCorasick,
    /// Combining forms of states (`Russo`, `Sino`) -> entity index.
    pub combining: HashMap<String, usize>,
    /// Lowercase organisation heads that a state can own
    /// (`Iran's foreign ministry`).
    pub state_org_heads: HashSet<String>,
    /// Lowercase title phrase -> title.
    pub titles: HashMap<String, Title>,
    pub max_title_words: usize,
    /// Every prefix of a title phrase, so a look-up can stop at the first
    /// word that no title starts with.
    pub title_prefixes: HashSet<String>,
    pub honorifics: HashSet<String>,
    pub given_names: HashSet<String>,
    pub function_words: HashSet<String>,
    /// Capitalised organisation words; `true` when the word starts the name.
    pub org_words: HashMap<String, bool>,
    /// Organisation words that only mark a company's legal form (`Inc.`,
    /// `Holdings`): `Acme Holdings` is also `Acme`.
    pub legal_forms: HashSet<String>,
    /// Capitalised words that end names of things that are no actors:
    /// laws (`Act`), events (`War`), buildings and works (`Mosque`).
    pub name_heads: HashMap<String, NameHead>,
    /// Lowercase nouns that make a state modifier stand for the state.
    pub actor_nouns: HashSet<String>,
    /// Lowercase nouns for goods, which `send` and `give` need to mean supply.
    pub goods: HashSet<String>,
    pub patterns: Vec<Pattern>,
    /// First lowercase word of a trigger -> indexes of patterns, longest first.
    pub triggers: HashMap<String, Vec<usize>>,
    /// Lowercase cue phrases (one or two words).
    pub cues: HashMap<String, CueKind>,
    pub relations: BTreeMap<String, RelationInfo>,
    /// Relation frames for the tree relation pass.
    pub frames: Frames,
    /// Verbs that lend their subject to an event noun they take as object
    /// (`held talks`, `launched an attack`).
    pub light_verbs: HashSet<String>,
    /// Plural nouns of descriptions of several actors (`the two
    /// countries`), with the type of actor they stand for.
    pub plural_nouns: HashMap<String, NodeType>,
    /// The closed-class word lists of `lexicon/words/`.
    pub words: WordLists,
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("entities", &self.entities.len())
            .field("surfaces", &self.surfaces.len())
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

/// Rows of a TSV file as maps from header to cell.
struct Table<'a> {
    file: &'a str,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    fn parse(file: &'a str, text: &'a str, expected: &[&str]) -> Result<Self, LexiconError> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let header: Vec<&str> = match lines.next() {
            Some((_, h)) => h.split('\t').collect(),
            None => {
                return Err(LexiconError {
                    file: file.into(),
                    line: 1,
                    message: "the file is empty; it needs a header line".into(),
                })
            }
        };
        for col in expected {
            if !header.contains(col) {
                return Err(LexiconError {
                    file: file.into(),
                    line: 1,
                    message: format!("the header has no `{col}` column"),
                });
            }
        }
        let mut rows = Vec::new();
        for (i, line) in lines {
            if line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() != header.len() {
                return Err(LexiconError {
                    file: file.into(),
                    line: i + 1,
                    message: format!(
                        "expected {} tab-separated cells, found {}",
                        header.len(),
                        cells.len()
                    ),
                });
            }
            rows.push((i + 1, cells));
        }
        Ok(Table { file, header, rows })
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| *h == name)
            .unwrap_or(usize::MAX)
    }

    fn err(&self, line: usize, message: String) -> LexiconError {
        LexiconError {
            file: self.file.into(),
            line,
            message,
        }
    }
}

fn cell<'a>(row: &[&'a str], col: usize) -> &'a str {
    row.get(col).copied().unwrap_or("").trim()
}

fn multi(value: &str) -> impl Iterator<Item = &str> {
    value.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A list of lowercase lemmas, one per line; anything else is an error.
fn lemma_list(files: &[(String, &str)]) -> Result<HashSet<String>, LexiconError> {
    let mut out = HashSet::new();
    for (file, text) in files {
        for (i, line) in text.lines().enumerate() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            if !w
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c == ' ')
            {
                return Err(LexiconError {
                    file: file.clone(),
                    line: i + 1,
                    message: format!("`{w}` is not a lowercase lemma"),
                });
            }
            out.insert(w.to_string());
        }
    }
    Ok(out)
}

/// Builds the lexicon from the built-in files.
pub fn builtin() -> Result<Lexicon, LexiconError> {
    load(BUILTIN_FILES, &[])
}

/// Builds a lexicon from named files; `extra` files (a user's own
/// `states.tsv`, `institutions.tsv`, `persons.tsv`, `titles.tsv`,
/// `relations.tsv`, `cues.tsv`) add rows to the built-in ones.
pub fn load(files: &[(&str, &str)], extra: &[(String, String)]) -> Result<Lexicon, LexiconError> {
    let get = |name: &str| -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = files
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(n, t)| (n.to_string(), *t))
            .collect();
        for (path, text) in extra {
            let base = std::path::Path::new(path)
                .file_name()
                .and_then(|s| s.to_str())
                .unwrap_or("");
            if base == name {
                out.push((path.clone(), text.as_str()));
            }
        }
        out
    };

    let mut entities: Vec<KnownEntity> = Vec::new();
    let mut by_id = HashMap::new();
    let mut surface_map: BTreeMap<String, Surface> = BTreeMap::new();
    let mut add_surface =
        |text: &str, s: Surface, file: &str, line: usize| -> Result<(), LexiconError> {
            if let Some(old) = surface_map.get(text) {
                if old.entity != s.entity {
                    return Err(LexiconError {
                        file: file.into(),
                        line,
                        message: format!("the name `{text}` is claimed by two entries"),
                    });
                }
                return Ok(());
            }
            surface_map.insert(text.to_string(), s);
            Ok(())
        };

    for (file, text) in get("states.tsv") {
        let t = Table::parse(
            &file,
            text,
            &["id", "name", "aliases", "capitals", "demonyms"],
        )?;
        let (ci, cn, ca, cc, cd, cw) = (
            t.col("id"),
            t.col("name"),
            t.col("aliases"),
            t.col("capitals"),
            t.col("demonyms"),
            t.col("weak"),
        );
        for (line, row) in &t.rows {
            let id = cell(row, ci);
            if id.is_empty() || by_id.contains_key(id) {
                return Err(t.err(*line, format!("missing or repeated id `{id}`")));
            }
            let mut attributes = BTreeMap::new();
            for key in ["iso2", "iso3", "wikidata"] {
                let v = cell(row, t.col(key));
                if !v.is_empty() {
                    attributes.insert(key.to_string(), v.to_string());
                }
            }
            let idx = entities.len();
            by_id.insert(id.to_string(), idx);
            entities.push(KnownEntity {
                id: id.into(),
                label: cell(row, cn).into(),
                node_type: NodeType::State,
                attributes,
            });
            let weak: HashSet<&str> = multi(cell(row, cw)).collect();
            let mk = |kind| {
                move |w: bool| Surface {
                    entity: idx,
                    kind,
                    weak: w,
                }
            };
            add_surface(cell(row, cn), mk(MentionKind::Name)(false), &file, *line)?;
            for a in multi(cell(row, ca)) {
                add_surface(a, mk(MentionKind::Name)(weak.contains(a)), &file, *line)?;
            }
            for a in multi(cell(row, cc)) {
                add_surface(a, mk(MentionKind::Capital)(weak.contains(a)), &file, *line)?;
            }
            for a in multi(cell(row, cd)) {
                // A demonym ending in `s` that is not also an adjective form
                // (`North Koreans`, not `Swiss`) stands for the people.
                let plural = a.ends_with('s')
                    && multi(cell(row, cd)).any(|b| b.len() + 1 == a.len() && a.starts_with(b));
                let kind = if plural {
                    MentionKind::DemonymPlural
                } else {
                    MentionKind::Demonym
                };
                add_surface(a, mk(kind)(weak.contains(a)), &file, *line)?;
            }
        }
    }

    for (file, text) in get("institutions.tsv") {
        let t = Table::parse(&file, text, &["id", "name", "aliases", "part_of", "kind"])?;
        let (ci, cn, ca) = (t.col("id"), t.col("name"), t.col("aliases"));
        for (line, row) in &t.rows {
            let id = cell(row, ci);
            if id.is_empty() || by_id.contains_key(id) {
                return Err(t.err(*line, format!("missing or repeated id `{id}`")));
            }
            let mut attributes = BTreeMap::new();
            for key in ["part_of", "kind", "wikidata"] {
                let v = cell(row, t.col(key));
                if !v.is_empty() {
                    attributes.insert(key.to_string(), v.to_string());
                }
            }
            let idx = entities.len();
            by_id.insert(id.to_string(), idx);
            entities.push(KnownEntity {
                id: id.into(),
                label: cell(row, cn).into(),
                node_type: NodeType::Institution,
                attributes,
            });
            let s = Surface {
                entity: idx,
                kind: MentionKind::Name,
                weak: false,
            };
            add_surface(cell(row, cn), s.clone(), &file, *line)?;
            for a in multi(cell(row, ca)) {
                add_surface(a, s.clone(), &file, *line)?;
            }
        }
    }

    for (file, text) in get("persons.tsv") {
        let t = Table::parse(&file, text, &["id", "name", "aliases"])?;
        let (ci, cn, ca, cw) = (
            t.col("id"),
            t.col("name"),
            t.col("aliases"),
            t.col("wikidata"),
        );
        for (line, row) in &t.rows {
            let id = cell(row, ci);
            if id.is_empty() || by_id.contains_key(id) {
                return Err(t.err(*line, format!("missing or repeated id `{id}`")));
            }
            let mut attributes = BTreeMap::new();
            let w = cell(row, cw);
            if !w.is_empty() {
                attributes.insert("wikidata".to_string(), w.to_string());
            }
            let idx = entities.len();
            by_id.insert(id.to_string(), idx);
            entities.push(KnownEntity {
                id: id.into(),
                label: cell(row, cn).into(),
                node_type: NodeType::Person,
                attributes,
            });
            let s = Surface {
                entity: idx,
                kind: MentionKind::Name,
                weak: false,
            };
            add_surface(cell(row, cn), s.clone(), &file, *line)?;
            for a in multi(cell(row, ca)) {
                add_surface(a, s.clone(), &file, *line)?;
            }
        }
    }

    for (file, text) in get("places.tsv") {
        let t = Table::parse(&file, text, &["id", "name", "aliases", "country", "kind"])?;
        let (ci, cn, ca) = (t.col("id"), t.col("name"), t.col("aliases"));
        for (line, row) in &t.rows {
            let id = cell(row, ci);
            if id.is_empty() || by_id.contains_key(id) {
                return Err(t.err(*line, format!("missing or repeated id `{id}`")));
            }
            let mut attributes = BTreeMap::new();
            for key in ["country", "kind"] {
                let v = cell(row, t.col(key));
                if !v.is_empty() {
                    attributes.insert(key.to_string(), v.to_string());
                }
            }
            let idx = entities.len();
            by_id.insert(id.to_string(), idx);
            entities.push(KnownEntity {
                id: id.into(),
                label: cell(row, cn).into(),
                node_type: NodeType::Place,
                attributes,
            });
            let s = Surface {
                entity: idx,
                kind: MentionKind::Name,
                weak: false,
            };
            add_surface(cell(row, cn), s.clone(), &file, *line)?;
            for a in multi(cell(row, ca)) {
                add_surface(a, s.clone(), &file, *line)?;
            }
        }
    }

    // `part_of` must name a known entity, and a place's `country` a state.
    for e in &entities {
        let country = e
            .attributes
            .get("country")
            .filter(|_| e.node_type == NodeType::Place);
        if let Some(c) = country {
            if by_id
                .get(c)
                .is_none_or(|&i| entities[i].node_type != NodeType::State)
            {
                return Err(LexiconError {
                    file: "places.tsv".into(),
                    line: 0,
                    message: format!("`{}` lies in `{c}`, which is not a known state id", e.id),
                });
            }
        }
    }
    // `part_of` must name a known entity.
    for e in &entities {
        if let Some(p) = e.attributes.get("part_of") {
            if !by_id.contains_key(p) {
                return Err(LexiconError {
                    file: "institutions.tsv".into(),
                    line: 0,
                    message: format!("`{}` is part of `{p}`, which is not a known id", e.id),
                });
            }
        }
    }

    let mut surfaces = Vec::with_capacity(surface_map.len());
    let mut surface_text = Vec::with_capacity(surface_map.len());
    for (text, s) in surface_map {
        surface_text.push(text);
        surfaces.push(s);
    }
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&surface_text)
        .map_err(|e| LexiconError {
            file: "lexicon".into(),
            line: 0,
            message: format!("cannot build the name index: {e}"),
        })?;

    let surface_index: HashMap<String, usize> = surface_text
        .iter()
        .enumerate()
        .map(|(i, t)| (t.clone(), i))
        .collect();
    let mut combining = HashMap::new();
    for (file, text) in get("combining.tsv") {
        let t = Table::parse(&file, text, &["form", "state"])?;
        for (line, row) in &t.rows {
            let state = cell(row, t.col("state"));
            let Some(&idx) = by_id.get(state) else {
                return Err(t.err(*line, format!("`{state}` is not a known state id")));
            };
            combining.insert(cell(row, t.col("form")).to_string(), idx);
        }
    }

    let mut titles = HashMap::new();
    for (file, text) in get("titles.tsv") {
        let t = Table::parse(&file, text, &["title", "relation", "role", "position"])?;
        let (ct, cr, cro, cp) = (
            t.col("title"),
            t.col("relation"),
            t.col("role"),
            t.col("position"),
        );
        for (line, row) in &t.rows {
            let relation = cell(row, cr);
            if relation != "leads" && relation != "member_of" {
                return Err(t.err(
                    *line,
                    format!("relation `{relation}` must be leads or member_of"),
                ));
            }
            titles.insert(
                cell(row, ct).to_lowercase(),
                Title {
                    relation: relation.into(),
                    role: cell(row, cro).into(),
                    pre: cell(row, cp) == "pre",
                },
            );
        }
    }
    let max_title_words = titles
        .keys()
        .map(|k| k.split_whitespace().count())
        .max()
        .unwrap_or(1);
    let title_prefixes: HashSet<String> = titles
        .keys()
        .flat_map(|k| {
            k.char_indices()
                .skip(1)
                .map(|(i, _)| k[..i].to_string())
                .chain([k.clone()])
        })
        .collect();

    let mut honorifics = HashSet::new();
    for (file, text) in get("honorifics.tsv") {
        let t = Table::parse(&file, text, &["form"])?;
        let c = t.col("form");
        for (_, row) in &t.rows {
            honorifics.insert(cell(row, c).to_string());
        }
    }
    let given_names: HashSet<String> = get("given_names.txt")
        .iter()
        .flat_map(|(_, t)| words_of(t).map(String::from).collect::<Vec<_>>())
        .collect();
    let function_words: HashSet<String> = get("function_words.txt")
        .iter()
        .flat_map(|(_, t)| words_of(t).map(String::from).collect::<Vec<_>>())
        .collect();

    let mut org_words = HashMap::new();
    let mut legal_forms = HashSet::new();
    let mut state_org_heads = HashSet::new();
    for (file, text) in get("orgwords.tsv") {
        let t = Table::parse(&file, text, &["word", "position", "state"])?;
        let (cw, cp, cs) = (t.col("word"), t.col("position"), t.col("state"));
        for (_, row) in &t.rows {
            org_words.insert(cell(row, cw).to_string(), cell(row, cp) == "front");
            if cell(row, t.col("legal")) == "yes" {
                legal_forms.insert(cell(row, cw).to_string());
            }
            if cell(row, cs) == "yes" {
                state_org_heads.insert(cell(row, cw).to_lowercase());
            }
        }
    }
    let mut name_heads = HashMap::new();
    for (file, text) in get("namewords.tsv") {
        let t = Table::parse(&file, text, &["word", "kind"])?;
        let (cw, ck) = (t.col("word"), t.col("kind"));
        for (line, row) in &t.rows {
            let kind = match cell(row, ck) {
                "law" => NameHead::Law,
                "event" => NameHead::Event,
                "facility" => NameHead::Facility,
                k => {
                    return Err(t.err(
                        *line,
                        format!("unknown name word kind `{k}` (law, event or facility)"),
                    ))
                }
            };
            name_heads.insert(cell(row, cw).to_string(), kind);
        }
    }
    let mut actor_nouns = HashSet::new();
    let mut goods = HashSet::new();
    for (file, text) in get("nouns.tsv") {
        let t = Table::parse(&file, text, &["noun", "kind"])?;
        let (c, ck) = (t.col("noun"), t.col("kind"));
        for (line, row) in &t.rows {
            let noun = cell(row, c).to_lowercase();
            match cell(row, ck) {
                "state" => actor_nouns.insert(noun),
                "goods" => goods.insert(noun),
                k => return Err(t.err(*line, format!("unknown noun kind `{k}` (state or goods)"))),
            };
        }
    }

    let mut relations = BTreeMap::new();
    for (file, text) in get("ontology.tsv") {
        let t = Table::parse(
            &file,
            text,
            &["relation", "symmetric", "cameo", "plover", "family"],
        )?;
        for (_, row) in &t.rows {
            relations.insert(
                cell(row, t.col("relation")).to_string(),
                RelationInfo {
                    symmetric: cell(row, t.col("symmetric")) == "yes",
                    cameo: cell(row, t.col("cameo")).into(),
                    plover: cell(row, t.col("plover")).into(),
                    family: cell(row, t.col("family")).into(),
                },
            );
        }
    }

    let mut patterns = Vec::new();
    for (file, text) in get("relations.tsv") {
        let t = Table::parse(
            &file,
            text,
            &["relation", "kind", "forms", "preps", "subject", "flags"],
        )?;
        for (line, row) in &t.rows {
            let relation = cell(row, t.col("relation"));
            if !relations.contains_key(relation) {
                return Err(t.err(
                    *line,
                    format!("relation `{relation}` is not in ontology.tsv"),
                ));
            }
            let kind = match cell(row, t.col("kind")) {
                "verb" => PatternKind::Verb,
                "noun" => PatternKind::Noun,
                "phrase" => PatternKind::Phrase,
                "threat" => PatternKind::Threat,
                k => return Err(t.err(*line, format!("unknown pattern kind `{k}`"))),
            };
            let subject = match cell(row, t.col("subject")) {
                "left" | "" => SubjectRule::Left,
                "mod" => SubjectRule::Modifier,
                "both" => SubjectRule::Both,
                k => return Err(t.err(*line, format!("unknown subject rule `{k}`"))),
            };
            let preps: Vec<String> = multi(cell(row, t.col("preps")))
                .map(|p| {
                    if p == "0" {
                        String::new()
                    } else {
                        p.to_lowercase()
                    }
                })
                .collect();
            let flags: Vec<String> = multi(cell(row, t.col("flags"))).map(String::from).collect();
            for form in multi(cell(row, t.col("forms"))) {
                patterns.push(Pattern {
                    relation: relation.into(),
                    kind,
                    words: form
                        .to_lowercase()
                        .split_whitespace()
                        .map(String::from)
                        .collect(),
                    preps: preps.clone(),
                    subject,
                    flags: flags.clone(),
                });
            }
        }
    }
    let mut triggers: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in patterns.iter().enumerate() {
        triggers.entry(p.words[0].clone()).or_default().push(i);
    }
    for list in triggers.values_mut() {
        list.sort_by_key(|&i| std::cmp::Reverse(patterns[i].words.len()));
    }

    let mut cues = HashMap::new();
    for (file, text) in get("cues.tsv") {
        let t = Table::parse(&file, text, &["cue", "kind"])?;
        for (line, row) in &t.rows {
            let kind = match cell(row, t.col("kind")) {
                "hedge" => CueKind::Hedge,
                "negation" => CueKind::Negation,
                "carrier" => CueKind::Carrier,
                "reset" => CueKind::Reset,
                "speech" => CueKind::Speech,
                "commit" => CueKind::Commit,
                k => return Err(t.err(*line, format!("unknown cue kind `{k}`"))),
            };
            cues.insert(cell(row, t.col("cue")).to_lowercase(), kind);
        }
    }

    let light_verbs = lemma_list(&get("light_verbs.txt"))?;
    let words = WordLists::load(get)?;
    // The segmenter reads this list itself; reading it here too makes a
    // malformed row a load error.
    let abbreviations = get(ABBREVIATIONS_FILE);
    word_list(ABBREVIATIONS_FILE, &abbreviations, Case::AsWritten)?;
    let mut plural_nouns = HashMap::new();
    for (file, text) in get("plural_nouns.tsv") {
        let t = Table::parse(&file, text, &["noun", "type"])?;
        let (cn, ct) = (t.col("noun"), t.col("type"));
        for (line, row) in &t.rows {
            let ty = match cell(row, ct) {
                "state" => NodeType::State,
                "person" => NodeType::Person,
                k => return Err(t.err(*line, format!("unknown type `{k}` (state or person)"))),
            };
            plural_nouns.insert(cell(row, cn).to_lowercase(), ty);
        }
    }
    let mut frames = Frames::default();
    for (file, text) in get("frames.tsv") {
        frames.add_file(&file, text, &relations)?;
    }

    Ok(Lexicon {
        entities,
        by_id,
        surfaces,
        surface_text,
        surface_index,
        automaton,
        combining,
        state_org_heads,
        titles,
        max_title_words,
        title_prefixes,
        honorifics,
        given_names,
        function_words,
        org_words,
        legal_forms,
        name_heads,
        actor_nouns,
        goods,
        patterns,
        triggers,
        cues,
        relations,
        frames,
        light_verbs,
        plural_nouns,
        words,
    })
}

impl Lexicon {
    pub fn entity(&self, id: &str) -> Option<&KnownEntity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    pub fn relation(&self, name: &str) -> Option<&RelationInfo> {
        self.relations.get(name)
    }

    /// A name without the state's name or demonym it begins with
    /// (`House of Commons` for `British House of Commons`), if it does.
    pub fn without_state(&self, name: &str) -> Option<String> {
        let words: Vec<&str> = name.split_whitespace().collect();
        (1..words.len().min(4)).find_map(|n| {
            let s = *self.surface_index.get(words[..n].join(" ").as_str())?;
            let state = self.entities[self.surfaces[s].entity].node_type == NodeType::State;
            state.then(|| words[n..].join(" "))
        })
    }

    /// A company's name without the legal forms it ends in (`Acme` for
    /// `Acme Holdings Ltd.`), if it has one.
    pub fn without_legal_form(&self, name: &str) -> Option<String> {
        let words: Vec<&str> = name.split_whitespace().collect();
        let keep = words
            .iter()
            .rposition(|w| !self.legal_forms.contains(*w))
            .map_or(0, |p| p + 1);
        (keep > 0 && keep < words.len()).then(|| words[..keep].join(" "))
    }

    /// The state an entity belongs to, following `part_of` links.
    pub fn state_of(&self, id: &str) -> Option<&str> {
        let mut cur = self.entity(id)?;
        for _ in 0..8 {
            if cur.node_type == NodeType::State {
                return Some(&cur.id);
            }
            cur = self.entity(cur.attributes.get("part_of")?)?;
        }
        None
    }
}
