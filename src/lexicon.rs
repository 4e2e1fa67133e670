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
use crate::model::{MentionKind, NodeType, Segmented};

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
        "words/act_nouns.txt",
        include_str!("../lexicon/words/act_nouns.txt"),
    ),
    (
        "words/actor_noun_modifiers.txt",
        include_str!("../lexicon/words/actor_noun_modifiers.txt"),
    ),
    (
        "words/affiliation_preps.txt",
        include_str!("../lexicon/words/affiliation_preps.txt"),
    ),
    (
        "words/be_forms.txt",
        include_str!("../lexicon/words/be_forms.txt"),
    ),
    (
        "words/before_object.txt",
        include_str!("../lexicon/words/before_object.txt"),
    ),
    (
        "words/before_verb.txt",
        include_str!("../lexicon/words/before_verb.txt"),
    ),
    (
        "words/clause_openers.txt",
        include_str!("../lexicon/words/clause_openers.txt"),
    ),
    (
        "words/determiners.txt",
        include_str!("../lexicon/words/determiners.txt"),
    ),
    (
        "words/done_infinitive.txt",
        include_str!("../lexicon/words/done_infinitive.txt"),
    ),
    (
        "words/government_nouns.txt",
        include_str!("../lexicon/words/government_nouns.txt"),
    ),
    (
        "words/home_state_heads.txt",
        include_str!("../lexicon/words/home_state_heads.txt"),
    ),
    (
        "words/state_owned.txt",
        include_str!("../lexicon/words/state_owned.txt"),
    ),
    (
        "words/seat_verbs.txt",
        include_str!("../lexicon/words/seat_verbs.txt"),
    ),
    (
        "words/name_connectors.txt",
        include_str!("../lexicon/words/name_connectors.txt"),
    ),
    (
        "words/object_stops.txt",
        include_str!("../lexicon/words/object_stops.txt"),
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
        "words/passive_adverbs.txt",
        include_str!("../lexicon/words/passive_adverbs.txt"),
    ),
    (
        "words/possessive_pronouns.txt",
        include_str!("../lexicon/words/possessive_pronouns.txt"),
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
        "words/question_verbs.txt",
        include_str!("../lexicon/words/question_verbs.txt"),
    ),
    (
        "words/adverbial_marks.txt",
        include_str!("../lexicon/words/adverbial_marks.txt"),
    ),
    (
        "words/deontic_modals.txt",
        include_str!("../lexicon/words/deontic_modals.txt"),
    ),
    (
        "words/counting_words.txt",
        include_str!("../lexicon/words/counting_words.txt"),
    ),
    (
        "words/title_verbs.txt",
        include_str!("../lexicon/words/title_verbs.txt"),
    ),
    (
        "words/attribution_verbs.txt",
        include_str!("../lexicon/words/attribution_verbs.txt"),
    ),
    (
        "words/fault_words.txt",
        include_str!("../lexicon/words/fault_words.txt"),
    ),
    (
        "words/founding_verbs.txt",
        include_str!("../lexicon/words/founding_verbs.txt"),
    ),
    (
        "words/membership_nouns.txt",
        include_str!("../lexicon/words/membership_nouns.txt"),
    ),
    (
        "words/nomination_nouns.txt",
        include_str!("../lexicon/words/nomination_nouns.txt"),
    ),
    (
        "words/sitting_verbs.txt",
        include_str!("../lexicon/words/sitting_verbs.txt"),
    ),
    (
        "words/speaker_fillers.txt",
        include_str!("../lexicon/words/speaker_fillers.txt"),
    ),
    (
        "words/state_nouns.txt",
        include_str!("../lexicon/words/state_nouns.txt"),
    ),
    (
        "words/subordinators.txt",
        include_str!("../lexicon/words/subordinators.txt"),
    ),
    (
        "words/title_modifiers.txt",
        include_str!("../lexicon/words/title_modifiers.txt"),
    ),
    (
        "words/title_words.txt",
        include_str!("../lexicon/words/title_words.txt"),
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
    (
        "org_descriptions.tsv",
        include_str!("../lexicon/org_descriptions.tsv"),
    ),
    (
        "party_members.tsv",
        include_str!("../lexicon/party_members.tsv"),
    ),
];

/// The kinds of institution `institutions.tsv` may give.
pub const INSTITUTION_KINDS: &[&str] = &[
    "company",
    "government",
    "intelligence",
    "international",
    "judiciary",
    "legislature",
    "media",
    "military",
    "ngo",
    "party",
    "university",
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
    /// What the title belongs to when no body is named with it.
    pub seat: Option<Seat>,
}

/// What a title with no body named belongs to (`titles.tsv`, `seat`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seat {
    /// A post of a state's government (`Prime Minister X`): the state the
    /// article is about.
    State,
    /// A seat in the legislature of that head word (`house` for
    /// `Representative X`) of the same state.
    Chamber(String),
    /// The one institution that has such a post (`pope`: the Catholic
    /// Church), by its lexicon id.
    Body(String),
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
    /// The node types its target may have (`targets` column, `|`-separated;
    /// empty: any actor). One travels to a state, not to a hospital.
    pub targets: Vec<NodeType>,
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
    /// `the company`, `the bloc`: the kinds of institution each noun may
    /// stand for (`org_descriptions.tsv`).
    pub org_descriptions: HashMap<String, Vec<String>>,
    /// Words for a party's members (`Republican`, `Tories`), as written,
    /// with the party's entity (`party_members.tsv`).
    pub party_members: HashMap<String, usize>,
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
    for (file, line, w) in words::entries(files) {
        if !w
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == ' ')
        {
            return Err(LexiconError {
                file: file.to_string(),
                line,
                message: format!("`{w}` is not a lowercase lemma"),
            });
        }
        out.insert(w.to_string());
    }
    Ok(out)
}

/// Builds the lexicon from the built-in files.
pub fn builtin() -> Result<Lexicon, LexiconError> {
    load(BUILTIN_FILES, &[])
}

/// The files a lexicon is built from: the named (built-in) files, and a
/// user's files that add rows to those of the same base name.
struct Files<'a> {
    files: &'a [(&'a str, &'a str)],
    extra: &'a [(String, String)],
}

impl<'a> Files<'a> {
    /// The texts of a file, with the name each is known by.
    fn get(&self, name: &str) -> Vec<(String, &'a str)> {
        let mut out: Vec<(String, &'a str)> = self
            .files
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(n, t)| (n.to_string(), *t))
            .collect();
        for (path, text) in self.extra {
            let base = std::path::Path::new(path)
                .file_name()
                .and_then(|s| s.to_str())
                .unwrap_or("");
            if base == name {
                out.push((path.clone(), text.as_str()));
            }
        }
        out
    }
}

/// Builds a lexicon from named files; `extra` files (a user's own
/// `states.tsv`, `institutions.tsv`, `persons.tsv`, `titles.tsv`,
/// `relations.tsv`, `cues.tsv`) add rows to the built-in ones.
pub fn load(files: &[(&str, &str)], extra: &[(String, String)]) -> Result<Lexicon, LexiconError> {
    let files = Files { files, extra };
    let mut names = Names::load(&files)?;
    let index = names.index()?;
    let combining = load_combining(&files, &names.by_id)?;
    let titles = load_titles(&files, &names)?;
    let honorifics = load_honorifics(&files)?;
    let org_words = load_org_words(&files)?;
    let name_heads = load_name_heads(&files)?;
    let (actor_nouns, goods) = load_nouns(&files)?;
    let relations = load_ontology(&files)?;
    let (patterns, triggers) = load_patterns(&files, &relations)?;
    let cues = load_cues(&files)?;
    let light_verbs = lemma_list(&files.get("light_verbs.txt"))?;
    let words = WordLists::load(|name| files.get(name))?;
    let plural_nouns = load_plural_nouns(&files)?;
    let org_descriptions = load_org_descriptions(&files)?;
    let party_members = load_party_members(&files, &names)?;
    let mut frames = Frames::default();
    for (file, text) in files.get("frames.tsv") {
        frames.add_file(&file, text, &relations)?;
    }
    // The segmenter reads this list itself; reading it here too makes a
    // malformed row a load error.
    let abbreviations = files.get(ABBREVIATIONS_FILE);
    word_list(ABBREVIATIONS_FILE, &abbreviations, Case::AsWritten)?;
    Ok(Lexicon {
        entities: names.entities,
        by_id: names.by_id,
        surfaces: index.surfaces,
        surface_text: index.surface_text,
        surface_index: index.surface_index,
        automaton: index.automaton,
        combining,
        state_org_heads: org_words.state_heads,
        titles: titles.titles,
        max_title_words: titles.max_words,
        title_prefixes: titles.prefixes,
        honorifics,
        given_names: plain_list(&files.get("given_names.txt")),
        function_words: plain_list(&files.get("function_words.txt")),
        org_words: org_words.words,
        legal_forms: org_words.legal_forms,
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
        org_descriptions,
        party_members,
        words,
    })
}

/// Which columns an entity table has beyond `id`, `name` and `aliases`.
struct EntityTable {
    file: &'static str,
    node_type: NodeType,
    required: &'static [&'static str],
    /// Columns kept as attributes when not empty.
    attributes: &'static [&'static str],
}

const ENTITY_TABLES: [EntityTable; 4] = [
    EntityTable {
        file: "states.tsv",
        node_type: NodeType::State,
        required: &["id", "name", "aliases", "capitals", "demonyms"],
        attributes: &["iso2", "iso3", "wikidata"],
    },
    EntityTable {
        file: "institutions.tsv",
        node_type: NodeType::Institution,
        required: &["id", "name", "aliases", "part_of", "kind"],
        attributes: &["part_of", "kind", "wikidata"],
    },
    EntityTable {
        file: "persons.tsv",
        node_type: NodeType::Person,
        required: &["id", "name", "aliases"],
        attributes: &["wikidata"],
    },
    EntityTable {
        file: "places.tsv",
        node_type: NodeType::Place,
        required: &["id", "name", "aliases", "country", "kind"],
        attributes: &["country", "kind"],
    },
];

/// The known entities and every surface form of theirs, as read.
#[derive(Default)]
struct Names {
    entities: Vec<KnownEntity>,
    by_id: HashMap<String, usize>,
    surfaces: BTreeMap<String, Surface>,
}

/// The index over the surface forms: parallel lists in text order, an exact
/// look-up and the automaton.
struct NameIndex {
    surfaces: Vec<Surface>,
    surface_text: Vec<String>,
    surface_index: HashMap<String, usize>,
    automaton: AhoCorasick,
}

impl Names {
    /// Reads the entity tables (states, institutions, persons, places) and
    /// checks the links between them.
    fn load(files: &Files) -> Result<Names, LexiconError> {
        let mut names = Names::default();
        for spec in &ENTITY_TABLES {
            for (file, text) in files.get(spec.file) {
                let t = Table::parse(&file, text, spec.required)?;
                for (line, row) in &t.rows {
                    names.add_row(&t, *line, row, spec)?;
                }
            }
        }
        names.check_links()?;
        names.lower_case_party_names();
        Ok(names)
    }

    /// `the Labour party`: a party's name is often written with a
    /// lower-case `party`; each name ending in `Party` also matches so,
    /// unless another entry claims that form.
    fn lower_case_party_names(&mut self) {
        let variants: Vec<(String, Surface)> = self
            .surfaces
            .iter()
            .filter(|(_, s)| s.kind == MentionKind::Name)
            .filter_map(|(text, s)| {
                let stem = text.strip_suffix(" Party")?;
                Some((format!("{stem} party"), s.clone()))
            })
            .collect();
        for (text, surface) in variants {
            self.surfaces.entry(text).or_insert(surface);
        }
    }

    /// One row of an entity table: the entity and its names, aliases and
    /// (for a state) capitals and demonyms, of which `weak` ones need
    /// context.
    fn add_row(
        &mut self,
        t: &Table,
        line: usize,
        row: &[&str],
        spec: &EntityTable,
    ) -> Result<(), LexiconError> {
        let id = cell(row, t.col("id"));
        if id.is_empty() || self.by_id.contains_key(id) {
            return Err(t.err(line, format!("missing or repeated id `{id}`")));
        }
        let mut attributes = BTreeMap::new();
        for key in spec.attributes {
            let v = cell(row, t.col(key));
            if !v.is_empty() {
                attributes.insert(key.to_string(), v.to_string());
            }
        }
        let entity = self.entities.len();
        self.by_id.insert(id.to_string(), entity);
        self.entities.push(KnownEntity {
            id: id.into(),
            label: cell(row, t.col("name")).into(),
            node_type: spec.node_type,
            attributes,
        });
        let state = spec.node_type == NodeType::State;
        let weak: HashSet<&str> = if state {
            multi(cell(row, t.col("weak"))).collect()
        } else {
            HashSet::new()
        };
        let mut add = |text: &str, kind: MentionKind, weak: bool| {
            let surface = Surface { entity, kind, weak };
            self.add_surface(text, surface, t.file, line)
        };
        add(cell(row, t.col("name")), MentionKind::Name, false)?;
        for a in multi(cell(row, t.col("aliases"))) {
            add(a, MentionKind::Name, weak.contains(a))?;
        }
        if !state {
            return Ok(());
        }
        for a in multi(cell(row, t.col("capitals"))) {
            add(a, MentionKind::Capital, weak.contains(a))?;
        }
        let demonyms = cell(row, t.col("demonyms"));
        for a in multi(demonyms) {
            // A demonym ending in `s` that is not also an adjective form
            // (`North Koreans`, not `Swiss`) stands for the people.
            let plural = a.ends_with('s')
                && multi(demonyms).any(|b| b.len() + 1 == a.len() && a.starts_with(b));
            let kind = if plural {
                MentionKind::DemonymPlural
            } else {
                MentionKind::Demonym
            };
            add(a, kind, weak.contains(a))?;
        }
        Ok(())
    }

    /// Adds a surface form; one already claimed by another entity is an
    /// error.
    fn add_surface(
        &mut self,
        text: &str,
        s: Surface,
        file: &str,
        line: usize,
    ) -> Result<(), LexiconError> {
        if let Some(old) = self.surfaces.get(text) {
            if old.entity != s.entity {
                return Err(LexiconError {
                    file: file.into(),
                    line,
                    message: format!("the name `{text}` is claimed by two entries"),
                });
            }
            return Ok(());
        }
        self.surfaces.insert(text.to_string(), s);
        Ok(())
    }

    /// A place's `country` must be a known state, and `part_of` a known
    /// entity.
    fn check_links(&self) -> Result<(), LexiconError> {
        for e in &self.entities {
            let country = e
                .attributes
                .get("country")
                .filter(|_| e.node_type == NodeType::Place);
            if let Some(c) = country {
                if self
                    .by_id
                    .get(c)
                    .is_none_or(|&i| self.entities[i].node_type != NodeType::State)
                {
                    return Err(LexiconError {
                        file: "places.tsv".into(),
                        line: 0,
                        message: format!("`{}` lies in `{c}`, which is not a known state id", e.id),
                    });
                }
            }
        }
        for e in &self.entities {
            if let Some(p) = e.attributes.get("part_of") {
                if !self.by_id.contains_key(p) {
                    return Err(LexiconError {
                        file: "institutions.tsv".into(),
                        line: 0,
                        message: format!("`{}` is part of `{p}`, which is not a known id", e.id),
                    });
                }
            }
        }
        Ok(())
    }

    /// The surface forms in text order, indexed (taken out of `self`).
    fn index(&mut self) -> Result<NameIndex, LexiconError> {
        let (surface_text, surfaces): (Vec<String>, Vec<Surface>) =
            std::mem::take(&mut self.surfaces).into_iter().unzip();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&surface_text)
            .map_err(|e| LexiconError {
                file: "lexicon".into(),
                line: 0,
                message: format!("cannot build the name index: {e}"),
            })?;
        let surface_index = surface_text
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i))
            .collect();
        Ok(NameIndex {
            surfaces,
            surface_text,
            surface_index,
            automaton,
        })
    }
}

/// Combining forms of states (`Russo`, `Sino`), by entity.
fn load_combining(
    files: &Files,
    by_id: &HashMap<String, usize>,
) -> Result<HashMap<String, usize>, LexiconError> {
    let mut combining = HashMap::new();
    for (file, text) in files.get("combining.tsv") {
        let t = Table::parse(&file, text, &["form", "state"])?;
        for (line, row) in &t.rows {
            let state = cell(row, t.col("state"));
            let Some(&idx) = by_id.get(state) else {
                return Err(t.err(*line, format!("`{state}` is not a known state id")));
            };
            combining.insert(cell(row, t.col("form")).to_string(), idx);
        }
    }
    Ok(combining)
}

/// The titles by lowercase phrase, with the longest title's word count and
/// every prefix of a title.
struct Titles {
    titles: HashMap<String, Title>,
    max_words: usize,
    prefixes: HashSet<String>,
}

fn load_titles(files: &Files, names: &Names) -> Result<Titles, LexiconError> {
    let mut titles = HashMap::new();
    for (file, text) in files.get("titles.tsv") {
        let t = Table::parse(&file, text, &["title", "relation", "role", "position"])?;
        let (ct, cr, cro, cp) = (
            t.col("title"),
            t.col("relation"),
            t.col("role"),
            t.col("position"),
        );
        // `seat` is optional, so that a user's file of four columns loads.
        let cs = t.col("seat");
        for (line, row) in &t.rows {
            let relation = cell(row, cr);
            if relation != "leads" && relation != "member_of" {
                return Err(t.err(
                    *line,
                    format!("relation `{relation}` must be leads or member_of"),
                ));
            }
            let institution = |id: &str| {
                names
                    .by_id
                    .get(id)
                    .is_some_and(|&e| names.entities[e].node_type == NodeType::Institution)
            };
            let seat = match cell(row, cs) {
                "" => None,
                "state" => Some(Seat::State),
                id if institution(id) => Some(Seat::Body(id.into())),
                w if w.chars().all(|c| c.is_ascii_lowercase()) => Some(Seat::Chamber(w.into())),
                w => {
                    return Err(t.err(
                        *line,
                        format!("seat `{w}` must be `state`, the id of an institution in institutions.tsv, a legislature's head word in lower case (`senate`), or empty"),
                    ))
                }
            };
            titles.insert(
                cell(row, ct).to_lowercase(),
                Title {
                    relation: relation.into(),
                    role: cell(row, cro).into(),
                    pre: cell(row, cp) == "pre",
                    seat,
                },
            );
        }
    }
    let max_words = titles
        .keys()
        .map(|k| k.split_whitespace().count())
        .max()
        .unwrap_or(1);
    let prefixes = titles
        .keys()
        .flat_map(|k| {
            k.char_indices()
                .skip(1)
                .map(|(i, _)| k[..i].to_string())
                .chain([k.clone()])
        })
        .collect();
    Ok(Titles {
        titles,
        max_words,
        prefixes,
    })
}

fn load_honorifics(files: &Files) -> Result<HashSet<String>, LexiconError> {
    let mut honorifics = HashSet::new();
    for (file, text) in files.get("honorifics.tsv") {
        let t = Table::parse(&file, text, &["form"])?;
        let c = t.col("form");
        for (_, row) in &t.rows {
            honorifics.insert(cell(row, c).to_string());
        }
    }
    Ok(honorifics)
}

/// The words of plain lists (`given_names.txt`), as written.
fn plain_list(files: &[(String, &str)]) -> HashSet<String> {
    files
        .iter()
        .flat_map(|(_, t)| words_of(t).map(String::from).collect::<Vec<_>>())
        .collect()
}

/// What `orgwords.tsv` says of organisation words.
struct OrgWords {
    /// Capitalised organisation words; `true` when the word starts the name.
    words: HashMap<String, bool>,
    legal_forms: HashSet<String>,
    /// Lowercase heads a state can own.
    state_heads: HashSet<String>,
}

fn load_org_words(files: &Files) -> Result<OrgWords, LexiconError> {
    let mut out = OrgWords {
        words: HashMap::new(),
        legal_forms: HashSet::new(),
        state_heads: HashSet::new(),
    };
    for (file, text) in files.get("orgwords.tsv") {
        let t = Table::parse(&file, text, &["word", "position", "state"])?;
        let (cw, cp, cs) = (t.col("word"), t.col("position"), t.col("state"));
        for (_, row) in &t.rows {
            out.words
                .insert(cell(row, cw).to_string(), cell(row, cp) == "front");
            if cell(row, t.col("legal")) == "yes" {
                out.legal_forms.insert(cell(row, cw).to_string());
            }
            if cell(row, cs) == "yes" {
                out.state_heads.insert(cell(row, cw).to_lowercase());
            }
        }
    }
    Ok(out)
}

fn load_name_heads(files: &Files) -> Result<HashMap<String, NameHead>, LexiconError> {
    let mut name_heads = HashMap::new();
    for (file, text) in files.get("namewords.tsv") {
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
    Ok(name_heads)
}

/// The actor nouns and the goods nouns of `nouns.tsv`.
fn load_nouns(files: &Files) -> Result<(HashSet<String>, HashSet<String>), LexiconError> {
    let mut actor_nouns = HashSet::new();
    let mut goods = HashSet::new();
    for (file, text) in files.get("nouns.tsv") {
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
    Ok((actor_nouns, goods))
}

fn load_plural_nouns(files: &Files) -> Result<HashMap<String, NodeType>, LexiconError> {
    let mut plural_nouns = HashMap::new();
    for (file, text) in files.get("plural_nouns.tsv") {
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
    Ok(plural_nouns)
}

fn load_org_descriptions(files: &Files) -> Result<HashMap<String, Vec<String>>, LexiconError> {
    let mut out = HashMap::new();
    for (file, text) in files.get("org_descriptions.tsv") {
        let t = Table::parse(&file, text, &["noun", "kinds"])?;
        let (cn, ck) = (t.col("noun"), t.col("kinds"));
        for (line, row) in &t.rows {
            let kinds: Vec<String> = multi(cell(row, ck)).map(str::to_string).collect();
            if let Some(k) = kinds
                .iter()
                .find(|k| !INSTITUTION_KINDS.contains(&k.as_str()))
            {
                let known = INSTITUTION_KINDS.join(", ");
                return Err(t.err(*line, format!("unknown kind `{k}` (one of {known})")));
            }
            out.insert(cell(row, cn).to_lowercase(), kinds);
        }
    }
    Ok(out)
}

/// `party_members.tsv`: each word's party must be an institution of kind
/// `party`.
fn load_party_members(
    files: &Files,
    names: &Names,
) -> Result<HashMap<String, usize>, LexiconError> {
    let mut out = HashMap::new();
    for (file, text) in files.get("party_members.tsv") {
        let t = Table::parse(&file, text, &["word", "party"])?;
        for (line, row) in &t.rows {
            let (word, id) = (cell(row, t.col("word")), cell(row, t.col("party")));
            let party = names.by_id.get(id).copied().filter(|&e| {
                names.entities[e].attributes.get("kind").map(String::as_str) == Some("party")
            });
            let Some(party) = party else {
                return Err(t.err(*line, format!("`{id}` is no party in institutions.tsv")));
            };
            if out.insert(word.to_string(), party).is_some() {
                return Err(t.err(*line, format!("`{word}` is listed twice")));
            }
        }
    }
    Ok(out)
}

fn load_ontology(files: &Files) -> Result<BTreeMap<String, RelationInfo>, LexiconError> {
    let mut relations = BTreeMap::new();
    for (file, text) in files.get("ontology.tsv") {
        let t = Table::parse(
            &file,
            text,
            &["relation", "symmetric", "cameo", "plover", "family"],
        )?;
        for (line, row) in &t.rows {
            let targets = multi(cell(row, t.col("targets")))
                .map(|v| v.parse::<NodeType>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| t.err(*line, format!("column `targets`: {e}")))?;
            relations.insert(
                cell(row, t.col("relation")).to_string(),
                RelationInfo {
                    symmetric: cell(row, t.col("symmetric")) == "yes",
                    cameo: cell(row, t.col("cameo")).into(),
                    plover: cell(row, t.col("plover")).into(),
                    family: cell(row, t.col("family")).into(),
                    targets,
                },
            );
        }
    }
    Ok(relations)
}

/// The patterns of `relations.tsv`, one per form, and the patterns by the
/// first word of their trigger, longest first.
#[allow(clippy::type_complexity)]
fn load_patterns(
    files: &Files,
    relations: &BTreeMap<String, RelationInfo>,
) -> Result<(Vec<Pattern>, HashMap<String, Vec<usize>>), LexiconError> {
    let mut patterns = Vec::new();
    for (file, text) in files.get("relations.tsv") {
        let t = Table::parse(
            &file,
            text,
            &["relation", "kind", "forms", "preps", "subject", "flags"],
        )?;
        for (line, row) in &t.rows {
            patterns.extend(pattern_row(&t, *line, row, relations)?);
        }
    }
    let mut triggers: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in patterns.iter().enumerate() {
        triggers.entry(p.words[0].clone()).or_default().push(i);
    }
    for list in triggers.values_mut() {
        list.sort_by_key(|&i| std::cmp::Reverse(patterns[i].words.len()));
    }
    Ok((patterns, triggers))
}

/// The patterns of one row of `relations.tsv`, one per form.
fn pattern_row(
    t: &Table,
    line: usize,
    row: &[&str],
    relations: &BTreeMap<String, RelationInfo>,
) -> Result<Vec<Pattern>, LexiconError> {
    let relation = cell(row, t.col("relation"));
    if !relations.contains_key(relation) {
        return Err(t.err(
            line,
            format!("relation `{relation}` is not in ontology.tsv"),
        ));
    }
    let kind = match cell(row, t.col("kind")) {
        "verb" => PatternKind::Verb,
        "noun" => PatternKind::Noun,
        "phrase" => PatternKind::Phrase,
        "threat" => PatternKind::Threat,
        k => return Err(t.err(line, format!("unknown pattern kind `{k}`"))),
    };
    let subject = match cell(row, t.col("subject")) {
        "left" | "" => SubjectRule::Left,
        "mod" => SubjectRule::Modifier,
        "both" => SubjectRule::Both,
        k => return Err(t.err(line, format!("unknown subject rule `{k}`"))),
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
    Ok(multi(cell(row, t.col("forms")))
        .map(|form| Pattern {
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
        })
        .collect())
}

fn load_cues(files: &Files) -> Result<HashMap<String, CueKind>, LexiconError> {
    let mut cues = HashMap::new();
    for (file, text) in files.get("cues.tsv") {
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
    Ok(cues)
}

impl Lexicon {
    /// The lexicon's surface forms found in a segmented text
    /// (leftmost-longest) that start and end on token boundaries: the first
    /// and last token of each, with its surface. Whether a match may cross
    /// a sentence is the caller's to decide.
    pub fn token_matches<'a>(
        &'a self,
        text: &'a str,
        seg: &'a Segmented,
    ) -> impl Iterator<Item = (usize, usize, &'a Surface)> + 'a {
        self.automaton.find_iter(text).filter_map(move |m| {
            let first = seg
                .tokens
                .binary_search_by_key(&m.start(), |t| t.byte_start)
                .ok()?;
            let last = seg.tokens[first..]
                .iter()
                .position(|t| t.byte_end >= m.end())
                .map(|p| p + first)?;
            (seg.tokens[last].byte_end == m.end())
                .then(|| (first, last, &self.surfaces[m.pattern().as_usize()]))
        })
    }

    /// Whether a lower-case word is a title in the singular or the plural
    /// (`senators`); `Some(true)` for the plural.
    pub fn title_number(&self, lower: &str) -> Option<bool> {
        if self.titles.contains_key(lower) {
            return Some(false);
        }
        let singular = lower.strip_suffix('s').filter(|s| s.len() > 2)?;
        self.titles.contains_key(singular).then_some(true)
    }

    /// Whether a lower-case word is an organisation's head word written
    /// small (`committee` for `Committee`).
    pub fn is_org_word_lower(&self, lower: &str) -> bool {
        let mut cap = lower.to_string();
        if let Some(first) = cap.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        self.org_words.contains_key(cap.as_str())
    }

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
