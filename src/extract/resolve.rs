//! Resolution: decides which actor each mention of a document refers to.
//!
//! This stage owns identity within a document: short forms (`Roe`,
//! `Mr. Kim`) to the full name introduced in the document, hyphen and space
//! variants to one id, pronouns and definite descriptions to their referent,
//! and the affiliations that titles imply. A surname shared by two people
//! stays unresolved rather than being merged wrongly. Identity across
//! documents is settled by stable ids and by `merge`. It never fails.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use crate::extract::entities::{title_at, Candidate, RawMention, Words};
use crate::extract::posts;
use crate::lexicon::{Lexicon, Title};
use crate::model::{slug, Entity, Mention, MentionKind, NodeType, Segmented};

/// A person's post, read from a title: `Jane Roe` is `member_of`
/// `russia` as `defense minister`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Affiliation {
    pub person: String,
    pub organisation: String,
    pub title: Title,
    pub sentence: usize,
}

/// A document after resolution.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// In document order; a mention with no entities is unresolved.
    pub mentions: Vec<Mention>,
    pub entities: BTreeMap<String, Entity>,
    pub affiliations: Vec<Affiliation>,
}

/// How many earlier mentions a pronoun or description looks at for its
/// referent (within six sentences): far more than real text needs, and a
/// bound that keeps a page of pronouns linear.
const LOOKBACK: usize = 200;

/// True when the mention starting at token `start` is the object of a
/// preposition (`to Russia`, `from [North Korea]`, `with the U.S.`).
pub fn in_pp(lex: &Lexicon, words: &Words, start: usize, sent_start: usize) -> bool {
    preposition_before(lex, words, start, sent_start).is_some()
}

/// The token of the preposition whose object starts at token `start`, if
/// there is one; at most eight determiners, brackets and quotes
/// (`lexicon/words/before_object.txt`) may stand between.
pub fn preposition_before(
    lex: &Lexicon,
    words: &Words,
    start: usize,
    sent_start: usize,
) -> Option<usize> {
    let mut j = start;
    while j > sent_start && start - j <= 8 {
        let w = words.lower(j - 1);
        if lex.words.before_object.contains(w) {
            j -= 1;
            continue;
        }
        return lex.words.prepositions.contains(w).then_some(j - 1);
    }
    None
}

fn words_of(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2010}')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// The full names of a document, indexed by their first and last words.
#[derive(Default)]
struct Registry {
    by_end: HashMap<String, BTreeSet<String>>,
    exact: HashMap<Vec<String>, String>,
}

impl Registry {
    fn add(&mut self, id: String, words: Vec<String>) {
        if let (Some(first), Some(last)) = (words.first(), words.last()) {
            self.by_end
                .entry(first.clone())
                .or_default()
                .insert(id.clone());
            self.by_end
                .entry(last.clone())
                .or_default()
                .insert(id.clone());
        }
        self.exact.insert(words, id);
    }

    /// Persons whose full name is the short form, or starts or ends with it
    /// (a short form of several words: ends with them, as a double surname
    /// does).
    fn lookup(&self, short: &[String]) -> BTreeSet<String> {
        if let Some(id) = self.exact.get(short) {
            return [id.clone()].into();
        }
        match short {
            [] => BTreeSet::new(),
            [one] => self.by_end.get(one).cloned().unwrap_or_default(),
            _ => self
                .exact
                .iter()
                .filter(|(w, _)| w.len() > short.len() && w.ends_with(short))
                .map(|(_, id)| id.clone())
                .collect(),
        }
    }
}

/// The multi-word organisation names of a document, for their short forms.
struct OrgNames {
    /// Lowercase words of each name, and its id.
    names: Vec<(Vec<String>, String)>,
    /// The names that begin with a state's name or demonym, without it
    /// (`House of Representatives` for `United States House of
    /// Representatives`).
    unqualified: Vec<(Vec<String>, String)>,
    /// The names that end in a legal form, without it (`Acme` for `Acme
    /// Holdings`).
    legal: Vec<(Vec<String>, String)>,
}

impl OrgNames {
    fn new(
        words: &Words,
        lex: &Lexicon,
        raw: &[RawMention],
        ids: &[Vec<String>],
        entities: &BTreeMap<String, Entity>,
    ) -> Self {
        let mut names: Vec<(Vec<String>, String)> = Vec::new();
        let mut unqualified_names: Vec<(Vec<String>, String)> = Vec::new();
        let mut legal: Vec<(Vec<String>, String)> = Vec::new();
        for (k, m) in raw.iter().enumerate() {
            let [id] = ids[k].as_slice() else { continue };
            let institution = entities
                .get(id)
                .is_some_and(|e| e.node_type == NodeType::Institution);
            if !institution {
                continue;
            }
            // A known institution by its label and by the form the text uses.
            let forms = match &m.candidate {
                Candidate::Institution { name, .. } => vec![clean_name(name)],
                Candidate::Known(_) => vec![
                    entities[id].label.clone(),
                    clean_name(words.span(m.tokens.clone())),
                ],
                _ => continue,
            };
            for form in forms {
                if let Some(rest) = lex.without_state(&form) {
                    let w = words_of(&rest);
                    if w.len() >= 2 {
                        names.push((w.clone(), id.clone()));
                    }
                    unqualified_names.push((w, id.clone()));
                }
                if let Some(base) = lex.without_legal_form(&form) {
                    legal.push((words_of(&base), id.clone()));
                }
                let w = words_of(&form);
                if w.len() >= 2 && !names.iter().any(|(n, i)| *n == w && i == id) {
                    names.push((w, id.clone()));
                }
            }
        }
        OrgNames {
            names,
            unqualified: unqualified_names,
            legal,
        }
    }

    /// The one organisation a short form names: the one name that is it
    /// once a leading state is left out, or that starts with its words
    /// (one that adds only a legal form, `Acme` for `Acme Holdings`, first),
    /// or whose initials it spells (an all-capitals word); for a bare
    /// organisation word (`Parliament`), the one name that holds it.
    /// `None` when none or several fit.
    fn lookup(&self, short: &[String], lex: &Lexicon) -> Option<String> {
        let first = short.first()?;
        let one = |found: BTreeSet<&str>| match found.len() {
            1 => found.first().map(|s| s.to_string()),
            _ => None,
        };
        // `Defence Force` and `Defence Forces` name one body: the
        // singular joins the plural.
        let plural = |n: &[String]| {
            n.len() == short.len()
                && n.len() >= 2
                && n[..n.len() - 1] == short[..short.len() - 1]
                && n[n.len() - 1] == format!("{}s", short[short.len() - 1])
        };
        let same: BTreeSet<&str> = self
            .unqualified
            .iter()
            .filter(|(n, _)| n == short)
            .chain(self.names.iter().filter(|(n, _)| plural(n)))
            .map(|(_, id)| id.as_str())
            .collect();
        if let Some(id) = one(same) {
            return Some(id);
        }
        let legal: BTreeSet<&str> = self
            .legal
            .iter()
            .filter(|(n, _)| n == short)
            .map(|(_, id)| id.as_str())
            .collect();
        if let Some(id) = one(legal) {
            return Some(id);
        }
        let bare = is_bare(short, lex);
        // `Acme Ruritania` is Acme's branch in a country, not Acme.
        let placed = |rest: &[String]| {
            rest.iter().any(|w| {
                let mut c = w.chars();
                let cap: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                lex.surface_index.get(cap.as_str()).is_some_and(|&s| {
                    let t = lex.entities[lex.surfaces[s].entity].node_type;
                    t == NodeType::State || t == NodeType::Place
                })
            })
        };
        let fits = |n: &[String]| {
            if bare {
                n.contains(first)
            } else {
                n.len() > short.len() && n.starts_with(short) && !placed(&n[short.len()..])
            }
        };
        let mut found: BTreeSet<&str> = self
            .names
            .iter()
            .filter(|(n, _)| fits(n))
            .map(|(_, id)| id.as_str())
            .collect();
        // `House` for `House of Delegates` beside `House Rules Committee`:
        // a one-word short form is the head of the name it stands for.
        let headed: BTreeSet<&str> = self
            .names
            .iter()
            .filter(|(n, _)| {
                !bare
                    && fits(n)
                    && n.get(1)
                        .is_some_and(|w| lex.words.org_tails.contains(w.as_str()))
            })
            .map(|(_, id)| id.as_str())
            .collect();
        if short.len() == 1 && found.len() > 1 && headed.len() == 1 {
            found = headed;
        }
        if short.len() == 1 && !bare && (2..=6).contains(&first.len()) {
            found.extend(
                self.names
                    .iter()
                    .filter(|(n, _)| {
                        let initials: String = n
                            .iter()
                            .filter(|w| !lex.words.acronym_skips.contains(w.as_str()))
                            .filter_map(|w| w.chars().next())
                            .collect();
                        initials == *first
                    })
                    .map(|(_, id)| id.as_str()),
            );
        }
        one(found)
    }
}

/// `Hallorans` beside a person named `… Halloran`: a family, no actor of
/// its own.
fn family(short: &[String], registry: &Registry) -> bool {
    let [word] = short else { return false };
    word.strip_suffix('s')
        .filter(|s| s.len() > 1 && registry.lookup(short).is_empty())
        .is_some_and(|s| !registry.lookup(&[s.to_string()]).is_empty())
}

/// The legislature a one-word short form (`Senate`, `Congress`) names
/// when no name of the document fits it: the one the lexicon knows by that
/// head word among those of the states the document names.
fn legislature(
    short: &[String],
    lex: &Lexicon,
    entities: &mut BTreeMap<String, Entity>,
) -> Option<String> {
    let [word] = short else { return None };
    let named = |state: &str| {
        entities
            .get(state)
            .is_some_and(|e| e.node_type == NodeType::State)
    };
    let found: Vec<usize> = lex
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.attributes.get("kind").is_some_and(|k| k == "legislature"))
        .filter(|(_, e)| lex.state_of(&e.id).is_some_and(named))
        .filter(|(_, e)| posts::chamber_head(lex, &e.label).as_ref() == Some(word))
        .map(|(k, _)| k)
        .collect();
    let [e] = found.as_slice() else { return None };
    let ent = entity_from_lexicon(lex, *e);
    let id = ent.id.clone();
    entities.entry(id.clone()).or_insert(ent);
    Some(id)
}

/// A bare organisation word (`Parliament`, `Ministry`), lower case.
fn is_bare(short: &[String], lex: &Lexicon) -> bool {
    let [word] = short else { return false };
    let mut c = word.chars();
    let capital: String = c
        .next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default();
    lex.org_words.contains_key(capital.as_str())
}

fn entity_from_lexicon(lex: &Lexicon, e: usize) -> Entity {
    let k = &lex.entities[e];
    Entity {
        id: k.id.clone(),
        label: k.label.clone(),
        node_type: k.node_type,
        aliases: Vec::new(),
        attributes: k.attributes.clone(),
    }
}

fn clean_name(name: &str) -> String {
    let name = name.trim();
    let name = name.strip_prefix("The ").unwrap_or(name);
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What every step of resolution reads: the document and the lexicon.
struct Doc<'a> {
    text: &'a str,
    seg: &'a Segmented,
    lex: &'a Lexicon,
    raw: &'a [RawMention],
    words: Words<'a>,
}

/// What the steps pass on: the ids chosen so far for each raw mention
/// (none: unresolved; several: a plural), and the result being built.
struct State {
    ids: Vec<Vec<String>>,
    out: Resolved,
}

/// Resolves the raw mentions of one document.
pub fn resolve(text: &str, seg: &Segmented, lex: &Lexicon, raw: &[RawMention]) -> Resolved {
    let doc = Doc {
        text,
        seg,
        lex,
        raw,
        words: Words::new(text, seg),
    };
    let mut st = State {
        ids: vec![Vec::new(); raw.len()],
        out: Resolved::default(),
    };
    let registry = identify_full_names(&doc, &mut st);
    resolve_short_forms(&doc, &registry, &mut st);
    join_bracketed_names(&doc, &mut st);
    st.out.affiliations = affiliations_from_titles(raw, &st.ids);
    let home = posts::home_state(lex, &st.out.entities, &st.ids);
    if let Some(h) = &home {
        posts::home_bodies(lex, &mut st.out.entities, h);
    }
    let seats = posts::seat_affiliations(
        lex,
        &mut st.out.entities,
        raw,
        &st.ids,
        &st.out.affiliations,
        home.as_deref(),
    );
    st.out.affiliations.extend(seats);
    let bodies = posts::unnamed_body_posts(&doc.words, lex, &st.out.entities, raw, &st.ids);
    st.out.affiliations.extend(bodies);
    posts::counterparts(&mut st.out.affiliations);
    resolve_references(&doc, &mut st);
    let mentions = make_mentions(&doc, &st.ids, &mut st.out.entities);
    st.out.mentions = mentions;
    drop_unused_entities(&mut st.out);
    st.out
}

/// Adds an entity the document introduces (if its id is new) and returns
/// its id.
fn add_entity(
    entities: &mut BTreeMap<String, Entity>,
    label: String,
    node_type: NodeType,
    attributes: BTreeMap<String, String>,
) -> String {
    let id = slug(&label);
    entities.entry(id.clone()).or_insert_with(|| Entity {
        id: id.clone(),
        label,
        node_type,
        aliases: Vec::new(),
        attributes,
    });
    id
}

/// Pass 1: the names that identify by themselves (lexicon entries,
/// institutions, places, persons' full names) get their ids; the persons'
/// full names go into the registry that short forms are looked up in.
fn identify_full_names(doc: &Doc, st: &mut State) -> Registry {
    let lex = doc.lex;
    let entities = &mut st.out.entities;
    let mut registry = Registry::default();
    for (k, m) in doc.raw.iter().enumerate() {
        let id = match &m.candidate {
            Candidate::Known(e) => {
                let ent = entity_from_lexicon(lex, *e);
                if ent.node_type == NodeType::Person {
                    registry.add(ent.id.clone(), words_of(&ent.label));
                }
                let id = ent.id.clone();
                entities.entry(id.clone()).or_insert(ent);
                id
            }
            Candidate::Institution { name, part_of } => {
                let mut attributes = BTreeMap::new();
                if let Some(p) = part_of {
                    let parent = &lex.entities[*p];
                    attributes.insert("part_of".to_string(), parent.id.clone());
                    entities
                        .entry(parent.id.clone())
                        .or_insert_with(|| entity_from_lexicon(lex, *p));
                }
                add_entity(
                    entities,
                    clean_name(name),
                    NodeType::Institution,
                    attributes,
                )
            }
            Candidate::Place { name } => {
                let label = clean_name(name);
                // A place never takes the id of a known actor.
                if lex.by_id.contains_key(&slug(&label)) {
                    continue;
                }
                add_entity(entities, label, NodeType::Place, BTreeMap::new())
            }
            Candidate::Person { name, .. } if name.split_whitespace().nth(1).is_some() => {
                let label = clean_name(name);
                if let Some(id) = spelling_variant_of(entities, &label) {
                    id
                } else {
                    registry.add(slug(&label), words_of(&label));
                    add_entity(entities, label, NodeType::Person, BTreeMap::new())
                }
            }
            _ => continue,
        };
        st.ids[k] = vec![id];
    }
    registry
}

/// The person of the document whose name is `label` spelt another way:
/// as many words, one at least the same, each other differing in one vowel
/// (`Usama bin Ladin` for `Osama bin Laden`, as transliterations vary).
fn spelling_variant_of(entities: &BTreeMap<String, Entity>, label: &str) -> Option<String> {
    let words: Vec<&str> = label.split_whitespace().collect();
    entities
        .values()
        .filter(|e| e.node_type == NodeType::Person)
        .find(|e| {
            let other: Vec<&str> = e.label.split_whitespace().collect();
            other.len() == words.len()
                && words.iter().zip(&other).any(|(a, b)| a == b)
                && words
                    .iter()
                    .zip(&other)
                    .all(|(a, b)| a == b || one_vowel_apart(a, b))
        })
        .map(|e| e.id.clone())
}

/// Whether two words of five letters or more differ in exactly one
/// letter, a vowel in both (short given names such as `Tom` and `Tim` are
/// different names).
fn one_vowel_apart(a: &str, b: &str) -> bool {
    let vowel = |c: char| "aeiouAEIOU".contains(c);
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let diffs: Vec<(char, char)> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    a.len() == b.len()
        && a.len() >= 5
        && matches!(diffs.as_slice(), [(x, y)] if vowel(*x) && vowel(*y))
}

/// Pass 2: short forms against the full names of the document: persons
/// (`Roe`), then organisations (`Acme` for `Acme Holdings`, `NDS` for
/// `National Directorate of Security`).
fn resolve_short_forms(doc: &Doc, registry: &Registry, st: &mut State) {
    let lex = doc.lex;
    let orgs = OrgNames::new(&doc.words, lex, doc.raw, &st.ids, &st.out.entities);
    for (k, m) in doc.raw.iter().enumerate() {
        let found = match &m.candidate {
            Candidate::Person { name, evidence } if name.split_whitespace().nth(1).is_none() => {
                short_name_ids(name, *evidence, registry, &orgs, lex, &mut st.out.entities)
            }
            Candidate::Unknown { name } => {
                short_name_ids(name, false, registry, &orgs, lex, &mut st.out.entities)
            }
            Candidate::Institution {
                name,
                part_of: None,
            }
            | Candidate::Place { name } => {
                short_org_ids(name, registry, &orgs, lex, &mut st.out.entities)
            }
            _ => None,
        };
        if let Some(ids) = found {
            st.ids[k] = ids;
        }
    }
}

/// The ids of a short organisation or place name: the one person whose
/// name it is one word of, else the one organisation it names; a bare
/// organisation word (`Parliament`) with neither is a description and gets
/// none. `None` leaves the mention as it is.
fn short_org_ids(
    name: &str,
    registry: &Registry,
    orgs: &OrgNames,
    lex: &Lexicon,
    entities: &mut BTreeMap<String, Entity>,
) -> Option<Vec<String>> {
    let short = words_of(&clean_name(name));
    let person = registry.lookup(&short);
    if short.len() == 1 && person.len() == 1 {
        Some(person.into_iter().collect())
    } else if family(&short, registry) {
        Some(Vec::new())
    } else if let Some(id) = orgs
        .lookup(&short, lex)
        .or_else(|| legislature(&short, lex, entities))
    {
        Some(vec![id])
    } else if is_bare(&short, lex) {
        Some(Vec::new())
    } else {
        None
    }
}

/// The ids of a one-word person name or an unknown name: the one full name
/// it fits, else (fitting none) the one organisation it names, else, with
/// evidence that it names a person, a person of its own. `None` leaves the
/// mention as it is.
fn short_name_ids(
    name: &str,
    evidence: bool,
    registry: &Registry,
    orgs: &OrgNames,
    lex: &Lexicon,
    entities: &mut BTreeMap<String, Entity>,
) -> Option<Vec<String>> {
    let short = words_of(name);
    let found = registry.lookup(&short);
    if found.is_empty() && family(&short, registry) {
        Some(Vec::new())
    } else if found.len() == 1 {
        Some(found.into_iter().collect())
    } else if let Some(id) = found
        .is_empty()
        .then(|| {
            orgs.lookup(&short, lex)
                .or_else(|| legislature(&short, lex, entities))
        })
        .flatten()
    {
        Some(vec![id])
    } else if found.is_empty() && evidence {
        let id = add_entity(
            entities,
            clean_name(name),
            NodeType::Person,
            BTreeMap::new(),
        );
        Some(vec![id])
    } else {
        None
    }
}

/// The name of a mention that can be an organisation's other name.
fn other_name(m: &RawMention) -> Option<String> {
    match &m.candidate {
        Candidate::Institution { name, .. } | Candidate::Unknown { name } => Some(clean_name(name)),
        _ => None,
    }
}

/// `Acme Holdings (AH)`, `Védelmi Kft. (Defence Ltd)`: a name in brackets
/// right after an organisation's is its other name, and stands for the
/// organisation wherever it is used, as do its short forms.
fn join_bracketed_names(doc: &Doc, st: &mut State) {
    let (raw, words, ids) = (doc.raw, &doc.words, &mut st.ids);
    let mut other_names: HashMap<String, String> = HashMap::new();
    for k in 1..raw.len() {
        let (before, m) = (&raw[k - 1], &raw[k]);
        // An abbreviation's dot may stand between: `Acme Kft. (Acme Ltd)`.
        let open = before.tokens.end + usize::from(words.get(before.tokens.end) == ".");
        let bracketed =
            m.tokens.start == open + 1 && words.get(open) == "(" && words.get(m.tokens.end) == ")";
        let org = ids[k - 1].len() == 1
            && st
                .out
                .entities
                .get(&ids[k - 1][0])
                .is_some_and(|e| e.node_type == NodeType::Institution);
        if let Some(name) = other_name(m).filter(|_| bracketed && org) {
            let to = ids[k - 1][0].clone();
            if let [own] = ids[k].as_slice() {
                other_names.insert(own.clone(), to.clone());
            }
            other_names.insert(slug(&name), to);
        }
    }
    for (k, m) in raw.iter().enumerate() {
        let named = other_name(m).and_then(|n| other_names.get(&slug(&n)));
        let short = match ids[k].as_slice() {
            [own] => other_names.get(own),
            _ => None,
        };
        if let Some(id) = named.or(short) {
            ids[k] = vec![id.clone()];
        }
    }
}

/// The affiliations the titles of the entity pass imply, once both the
/// person and the organisation have an id.
fn affiliations_from_titles(raw: &[RawMention], ids: &[Vec<String>]) -> Vec<Affiliation> {
    let mut out = Vec::new();
    for (k, m) in raw.iter().enumerate() {
        if let (Some(title), Some(a)) = (&m.title, m.affiliation) {
            if let (Some(p), Some(o)) = (ids[k].first(), ids[a].first()) {
                out.push(Affiliation {
                    person: p.clone(),
                    organisation: o.clone(),
                    title: title.clone(),
                    sentence: m.sentence,
                });
            }
        }
    }
    out
}

/// The affiliations indexed for pass 3, which reads them for every
/// description.
struct Posts<'a> {
    /// The people of an organisation, or of the state it belongs to.
    people_of: HashMap<&'a str, BTreeSet<&'a str>>,
    /// The same by the title's relation.
    people_as: HashMap<(&'a str, &'a str), BTreeSet<&'a str>>,
    /// The state of each person's first post that has one.
    own_state: HashMap<&'a str, &'a str>,
    /// Everyone with a post.
    placed: BTreeSet<&'a str>,
}

impl<'a> Posts<'a> {
    fn new(affiliations: &'a [Affiliation], lex: &'a Lexicon) -> Self {
        let mut people_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        let mut people_as: HashMap<(&str, &str), BTreeSet<&str>> = HashMap::new();
        let mut own_state: HashMap<&str, &str> = HashMap::new();
        for a in affiliations {
            let state = lex.state_of(&a.organisation);
            for org in std::iter::once(a.organisation.as_str()).chain(state) {
                people_of.entry(org).or_default().insert(&a.person);
                people_as
                    .entry((org, a.title.relation.as_str()))
                    .or_default()
                    .insert(&a.person);
            }
            if let Some(st) = state {
                own_state.entry(&a.person).or_insert(st);
            }
        }
        let placed = affiliations.iter().map(|a| a.person.as_str()).collect();
        Posts {
            people_of,
            people_as,
            own_state,
            placed,
        }
    }
}

/// Pass 3: pronouns and descriptions, in document order, each to an id
/// already taken by an earlier mention.
fn resolve_references(doc: &Doc, st: &mut State) {
    let posts = Posts::new(&st.out.affiliations, doc.lex);
    // The persons with no post, computed when first needed.
    let mut unplaced: Option<BTreeSet<String>> = None;
    for k in 0..doc.raw.len() {
        let look = Lookback {
            doc,
            entities: &st.out.entities,
            ids: &st.ids,
            k,
        };
        let pick = match &doc.raw[k].candidate {
            Candidate::Pronoun(p) => match p.as_str() {
                "he" | "him" | "his" | "she" | "her" => look.personal_referent(),
                "it" | "its" | "they" | "them" | "their" => look.actor_referent(p),
                // `we`, `our`, `us` stand for the speaker: the relation
                // pass resolves them.
                _ => None,
            },
            Candidate::StateDescription => look.described_state(),
            Candidate::OrgDescription(noun) => look.described_org(noun),
            Candidate::OwnState(_) => look.own_state(&posts),
            Candidate::PersonDescription { affiliation, title } => {
                look.described_person(*affiliation, title, &posts, &mut unplaced)
            }
            _ => None,
        };
        if let Some(ids) = pick {
            st.ids[k] = ids;
        }
    }
}

/// The mentions before mention `k`, as pass 3 sees them.
struct Lookback<'a> {
    doc: &'a Doc<'a>,
    entities: &'a BTreeMap<String, Entity>,
    ids: &'a [Vec<String>],
    k: usize,
}

impl Lookback<'_> {
    fn type_of(&self, id: &str) -> Option<NodeType> {
        self.entities.get(id).map(|e| e.node_type)
    }

    /// Earlier resolved actor mentions (not demonym modifiers) of a wanted
    /// type, nearest first: in the same sentence, or up to six sentences
    /// back.
    fn earlier(
        &self,
        want: impl Fn(NodeType) -> bool,
        same_sentence_only: bool,
    ) -> Vec<(usize, String)> {
        let (raw, m) = (self.doc.raw, &self.doc.raw[self.k]);
        let mut v = Vec::new();
        for j in (0..self.k).rev().take(LOOKBACK) {
            let r = &raw[j];
            if same_sentence_only && r.sentence != m.sentence {
                break;
            }
            if r.sentence + 6 < m.sentence {
                break;
            }
            if r.kind == MentionKind::Demonym || r.tokens.end > m.tokens.start {
                continue;
            }
            if let Some(id) = self.ids[j].first() {
                if self.ids[j].len() == 1 && self.type_of(id).is_some_and(&want) {
                    v.push((j, id.clone()));
                }
            }
        }
        v
    }

    /// Whether mention `j` is the object of a preposition.
    fn oblique(&self, j: usize) -> bool {
        let r = &self.doc.raw[j];
        let ss = self.doc.seg.sentences[r.sentence].tokens.start;
        in_pp(self.doc.lex, &self.doc.words, r.tokens.start, ss)
    }

    /// `he`, `she`: the nearest person in the sentence, else the first
    /// person of the nearest earlier sentence that has one (usually its
    /// subject or speaker).
    fn personal_referent(&self) -> Option<Vec<String>> {
        let person = |t: NodeType| t == NodeType::Person;
        let same = self.earlier(person, true);
        if let Some((_, id)) = same.iter().find(|(j, _)| !self.owns_a_post(*j)) {
            return Some(vec![id.clone()]);
        }
        let all = self.earlier(person, false);
        let s = all.first().map(|(j, _)| self.doc.raw[*j].sentence)?;
        all.iter()
            .rfind(|(j, _)| self.doc.raw[*j].sentence == s)
            .map(|(_, id)| vec![id.clone()])
    }

    /// Whether mention `j` is the possessor of a post (`President X's vice
    /// president`, `X's aide`): the post names someone else, whom a
    /// following `he` means rather than `X`.
    fn owns_a_post(&self, j: usize) -> bool {
        let (words, end) = (&self.doc.words, self.doc.raw[j].tokens.end);
        let limit = self.doc.seg.sentences[self.doc.raw[j].sentence].tokens.end;
        words.is_possessive(end)
            && (end + 1..limit.min(end + 3))
                .any(|t| title_at(words, self.doc.lex, t, limit).is_some())
    }

    /// `it`, `they`, `its`: a state or institution. A possessive takes the
    /// nearest actor in the sentence (`sell arms to Russia for its war`); a
    /// subject pronoun prefers the subject of its own clause, then the
    /// nearest actor. With none in the sentence: the first actor of the
    /// nearest earlier sentence that has one and is not oblique, else its
    /// first actor.
    fn actor_referent(&self, pronoun: &str) -> Option<Vec<String>> {
        let (doc, m) = (self.doc, &self.doc.raw[self.k]);
        let org = |t: NodeType| t == NodeType::State || t == NodeType::Institution;
        let same = self.earlier(org, true);
        let sent_start = doc.seg.sentences[m.sentence].tokens.start;
        let clause_start = (sent_start.max(m.tokens.start.saturating_sub(60))..m.tokens.start)
            .rev()
            .find(|&t| {
                let w = doc.words.lower(t);
                doc.lex.words.clause_openers.contains(w) || doc.lex.words.subordinators.contains(w)
            })
            .unwrap_or(sent_start);
        let pick_same = if matches!(pronoun, "its" | "their") {
            same.first()
        } else {
            same.iter()
                .find(|(j, _)| {
                    doc.raw[*j].tokens.start >= clause_start
                        && !in_pp(doc.lex, &doc.words, doc.raw[*j].tokens.start, sent_start)
                })
                .or(same.first())
        };
        if let Some((_, id)) = pick_same {
            return Some(vec![id.clone()]);
        }
        let all = self.earlier(org, false);
        let s = all.first().map(|(j, _)| doc.raw[*j].sentence)?;
        let in_s: Vec<_> = all
            .iter()
            .filter(|(j, _)| doc.raw[*j].sentence == s)
            .collect();
        let first = in_s.last().copied();
        in_s.iter()
            .rev()
            .find(|(j, _)| !self.oblique(*j))
            .copied()
            .or(first)
            .map(|(_, id)| vec![id.clone()])
    }

    /// `the communist state`: the nearest earlier state that is not an
    /// oblique argument and not the subject of the description's own
    /// clause, else the nearest earlier state.
    fn described_state(&self) -> Option<Vec<String>> {
        let (doc, m) = (self.doc, &self.doc.raw[self.k]);
        let all = self.earlier(|t| t == NodeType::State, false);
        let own_clause = |j: usize| {
            doc.raw[j].sentence == m.sentence && {
                let mut between =
                    (doc.raw[j].tokens.end..m.tokens.start).map(|t| doc.words.lower(t));
                !between.any(|w| w == "," || w == "that" || w == "if")
            }
        };
        all.iter()
            .filter(|(j, _)| !self.oblique(*j))
            .find(|(j, _)| !own_clause(*j))
            .or(all.first())
            .map(|(_, id)| vec![id.clone()])
    }

    /// `the company`, `the bloc`: the nearest earlier institution of a
    /// kind the noun may stand for; one of no known kind fits when its
    /// name ends in the noun (`the university`) or, for a company, in a
    /// legal form (`Acme Ltd`).
    fn described_org(&self, noun: &str) -> Option<Vec<String>> {
        let lex = self.doc.lex;
        let kinds = lex.org_descriptions.get(noun)?;
        let fits = |id: &str| {
            let Some(e) = self.entities.get(id) else {
                return false;
            };
            let last = e.label.rsplit(' ').next().unwrap_or_default();
            match e.attributes.get("kind") {
                Some(k) => kinds.contains(k),
                None => {
                    last.eq_ignore_ascii_case(noun)
                        || (kinds.iter().any(|k| k == "company") && lex.legal_forms.contains(last))
                }
            }
        };
        self.earlier(|t| t == NodeType::Institution, false)
            .into_iter()
            .find(|(_, id)| fits(id))
            .map(|(_, id)| vec![id])
    }

    /// `his country`: the state the title of the nearest person before (in
    /// the sentence, else up to six sentences back) ties them to.
    fn own_state(&self, posts: &Posts) -> Option<Vec<String>> {
        let person = |t: NodeType| t == NodeType::Person;
        let near = self.earlier(person, true);
        let near = if near.is_empty() {
            self.earlier(person, false)
        } else {
            near
        };
        let (_, pid) = near.first()?;
        posts
            .own_state
            .get(pid.as_str())
            .map(|st| vec![st.to_string()])
    }

    /// `the North Korean leader`: the one person with that post in the
    /// organisation. `the U.S. official` with no official named: the one
    /// person of the document with no post, else the state itself.
    fn described_person(
        &self,
        affiliation: usize,
        title: &Title,
        posts: &Posts,
        unplaced: &mut Option<BTreeSet<String>>,
    ) -> Option<Vec<String>> {
        let org = self.ids[affiliation].first()?;
        let none = BTreeSet::new();
        let people = if title.role == "official" {
            posts.people_of.get(org.as_str())
        } else {
            posts
                .people_as
                .get(&(org.as_str(), title.relation.as_str()))
        }
        .unwrap_or(&none);
        if people.is_empty() && title.role == "official" {
            let free = unplaced.get_or_insert_with(|| {
                self.ids
                    .iter()
                    .filter_map(|ids| ids.first().filter(|_| ids.len() == 1))
                    .filter(|id| {
                        self.type_of(id) == Some(NodeType::Person)
                            && !posts.placed.contains(id.as_str())
                    })
                    .cloned()
                    .collect()
            });
            let pick = if free.len() == 1 {
                free.iter().next().cloned()
            } else {
                Some(org.clone())
            };
            pick.map(|p| vec![p])
        } else if people.len() == 1 {
            Some(people.iter().map(|p| p.to_string()).collect())
        } else {
            None
        }
    }
}

/// The mentions of the document with their ids and offsets; each resolved
/// name's form (and its honorific form, `Mr. Kim`) becomes an alias of its
/// entity.
fn make_mentions(
    doc: &Doc,
    ids: &[Vec<String>],
    entities: &mut BTreeMap<String, Entity>,
) -> Vec<Mention> {
    let (text, seg, words) = (doc.text, doc.seg, &doc.words);
    let mut mentions = Vec::with_capacity(doc.raw.len());
    for (k, m) in doc.raw.iter().enumerate() {
        let (span, start, end) = match &m.span {
            Some(b) => {
                let t = &seg.tokens[m.tokens.start];
                let start = t.start + text[t.byte_start..b.start].chars().count();
                let span = text[b.clone()].to_string();
                let end = start + span.chars().count();
                (span, start, end)
            }
            None => (
                words.span(m.tokens.clone()).to_string(),
                seg.tokens[m.tokens.start].start,
                seg.tokens[m.tokens.end - 1].end,
            ),
        };
        if ids[k].len() == 1 && !matches!(m.kind, MentionKind::Pronoun | MentionKind::Description) {
            let in_sentence = m.tokens.start > seg.sentences[m.sentence].tokens.start;
            let before = if in_sentence {
                words.get(m.tokens.start - 1)
            } else {
                ""
            };
            let honorific = doc
                .lex
                .honorifics
                .contains(before)
                .then(|| format!("{before} {span}"));
            if let Some(e) = entities.get_mut(&ids[k][0]) {
                for form in std::iter::once(span.clone()).chain(honorific) {
                    if form != e.label && !e.aliases.contains(&form) {
                        e.aliases.push(form);
                    }
                }
            }
        }
        mentions.push(Mention {
            sentence: m.sentence,
            tokens: m.tokens.clone(),
            start,
            end,
            text: span,
            kind: m.kind,
            entities: ids[k].clone(),
        });
    }
    for e in entities.values_mut() {
        e.aliases.sort();
    }
    mentions
}

/// Drops the entities that no mention kept (a short form that stayed
/// unresolved).
fn drop_unused_entities(out: &mut Resolved) {
    let keep: BTreeSet<String> = out
        .mentions
        .iter()
        .flat_map(|m| m.entities.iter())
        // A title's one body may go unnamed (`Pope X`: the church).
        .chain(out.affiliations.iter().map(|a| &a.organisation))
        .cloned()
        .collect();
    out.entities.retain(|id, _| keep.contains(id));
}
