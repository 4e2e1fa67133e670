//! Resolution: decides which actor each mention of a document refers to.
//!
//! This stage owns identity within a document: short forms (`Sullivan`,
//! `Mr. Kim`) to the full name introduced in the document, hyphen and space
//! variants to one id, pronouns and definite descriptions to their referent,
//! and the affiliations that titles imply. A surname shared by two people
//! stays unresolved rather than being merged wrongly. Identity across
//! documents is settled by stable ids and by `merge`. It never fails.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use crate::extract::entities::{Candidate, RawMention, Words};
use crate::lexicon::{Lexicon, Title};
use crate::model::{slug, Entity, Mention, MentionKind, NodeType, Segmented};

/// A person's post, read from a title: `Sergei Shoigu` is `member_of`
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

/// Prepositions that make a noun phrase an oblique argument.
pub const PREPOSITIONS: &[&str] = &[
    "about",
    "across",
    "after",
    "against",
    "amid",
    "among",
    "at",
    "before",
    "between",
    "by",
    "during",
    "for",
    "from",
    "in",
    "including",
    "into",
    "like",
    "near",
    "of",
    "on",
    "over",
    "since",
    "than",
    "through",
    "to",
    "toward",
    "towards",
    "under",
    "with",
    "within",
    "without",
];

/// How many earlier mentions a pronoun or description looks at for its
/// referent (within six sentences): far more than real text needs, and a
/// bound that keeps a page of pronouns linear.
const LOOKBACK: usize = 200;

/// True when the mention starting at token `start` is the object of a
/// preposition (`to Russia`, `from [North Korea]`, `with the U.S.`); at
/// most eight determiners, brackets and quotes may stand between.
pub fn in_pp(words: &Words, start: usize, sent_start: usize) -> bool {
    let mut j = start;
    while j > sent_start && start - j <= 8 {
        let w = words.lower(j - 1);
        if matches!(
            w,
            "the" | "a" | "an" | "both" | "[" | "(" | "“" | "\"" | "‘"
        ) {
            j -= 1;
            continue;
        }
        return PREPOSITIONS.contains(&w);
    }
    false
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

/// Words an acronym skips.
const ACRONYM_SKIPS: &[&str] = &["of", "for", "the", "and", "&", "on", "in", "de", "to"];

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
        if short.len() == 1 && !bare && (2..=6).contains(&first.len()) {
            found.extend(
                self.names
                    .iter()
                    .filter(|(n, _)| {
                        let initials: String = n
                            .iter()
                            .filter(|w| !ACRONYM_SKIPS.contains(&w.as_str()))
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

/// Resolves the raw mentions of one document.
pub fn resolve(text: &str, seg: &Segmented, lex: &Lexicon, raw: &[RawMention]) -> Resolved {
    let words = Words::new(text, seg);
    let mut out = Resolved::default();
    let mut ids: Vec<Vec<String>> = vec![Vec::new(); raw.len()];

    // Pass 1: names that identify by themselves.
    let mut registry = Registry::default();
    for (k, m) in raw.iter().enumerate() {
        match &m.candidate {
            Candidate::Known(e) => {
                let ent = entity_from_lexicon(lex, *e);
                if ent.node_type == NodeType::Person {
                    registry.add(ent.id.clone(), words_of(&ent.label));
                }
                ids[k] = vec![ent.id.clone()];
                out.entities.entry(ent.id.clone()).or_insert(ent);
            }
            Candidate::Institution { name, part_of } => {
                let label = clean_name(name);
                let id = slug(&label);
                ids[k] = vec![id.clone()];
                let mut attributes = BTreeMap::new();
                if let Some(p) = part_of {
                    let parent = &lex.entities[*p];
                    attributes.insert("part_of".to_string(), parent.id.clone());
                    out.entities
                        .entry(parent.id.clone())
                        .or_insert_with(|| entity_from_lexicon(lex, *p));
                }
                out.entities.entry(id.clone()).or_insert_with(|| Entity {
                    id,
                    label,
                    node_type: NodeType::Institution,
                    aliases: Vec::new(),
                    attributes,
                });
            }
            Candidate::Place { name } => {
                let label = clean_name(name);
                let id = slug(&label);
                // A place never takes the id of a known actor.
                if lex.by_id.contains_key(&id) {
                    continue;
                }
                ids[k] = vec![id.clone()];
                out.entities.entry(id.clone()).or_insert_with(|| Entity {
                    id,
                    label,
                    node_type: NodeType::Place,
                    aliases: Vec::new(),
                    attributes: BTreeMap::new(),
                });
            }
            Candidate::Person { name, .. } if name.split_whitespace().nth(1).is_some() => {
                let label = clean_name(name);
                let id = slug(&label);
                registry.add(id.clone(), words_of(&label));
                ids[k] = vec![id.clone()];
                out.entities.entry(id.clone()).or_insert_with(|| Entity {
                    id,
                    label,
                    node_type: NodeType::Person,
                    aliases: Vec::new(),
                    attributes: BTreeMap::new(),
                });
            }
            _ => {}
        }
    }

    // Pass 2: short forms against the full names of the document: persons
    // (`Roe`), then organisations (`Acme` for `Acme Holdings`, `NDS` for
    // `National Directorate of Security`).
    let orgs = OrgNames::new(&words, lex, raw, &ids, &out.entities);
    for (k, m) in raw.iter().enumerate() {
        let (name, evidence) = match &m.candidate {
            Candidate::Person { name, evidence } if name.split_whitespace().nth(1).is_none() => {
                (name, *evidence)
            }
            Candidate::Unknown { name } => (name, false),
            Candidate::Institution {
                name,
                part_of: None,
            }
            | Candidate::Place { name } => {
                let short = words_of(&clean_name(name));
                let person = registry.lookup(&short);
                if short.len() == 1 && person.len() == 1 {
                    ids[k] = person.into_iter().collect();
                } else if let Some(id) = orgs.lookup(&short, lex) {
                    ids[k] = vec![id];
                } else if is_bare(&short, lex) {
                    // `Parliament` with no one parliament named: a
                    // description, no name.
                    ids[k].clear();
                }
                continue;
            }
            _ => continue,
        };
        let short = words_of(name);
        let found = registry.lookup(&short);
        if found.len() == 1 {
            ids[k] = found.into_iter().collect();
        } else if let Some(id) = found.is_empty().then(|| orgs.lookup(&short, lex)).flatten() {
            ids[k] = vec![id];
        } else if found.is_empty() && evidence {
            let label = clean_name(name);
            let id = slug(&label);
            ids[k] = vec![id.clone()];
            out.entities.entry(id.clone()).or_insert_with(|| Entity {
                id,
                label,
                node_type: NodeType::Person,
                aliases: Vec::new(),
                attributes: BTreeMap::new(),
            });
        }
    }

    // `Acme Holdings (AH)`, `Védelmi Kft. (Defence Ltd)`: a name in
    // brackets right after an organisation's is its other name.
    let other_name = |m: &RawMention| match &m.candidate {
        Candidate::Institution { name, .. } | Candidate::Unknown { name } => Some(clean_name(name)),
        _ => None,
    };
    let mut other_names: HashMap<String, String> = HashMap::new();
    for k in 1..raw.len() {
        let (before, m) = (&raw[k - 1], &raw[k]);
        // An abbreviation's dot may stand between: `Acme Kft. (Acme Ltd)`.
        let open = before.tokens.end + usize::from(words.get(before.tokens.end) == ".");
        let bracketed =
            m.tokens.start == open + 1 && words.get(open) == "(" && words.get(m.tokens.end) == ")";
        let org = ids[k - 1].len() == 1
            && out
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
    // The other name then stands for the organisation wherever it is used,
    // and so do its short forms.
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

    // Affiliations from titles, needed by person descriptions.
    for (k, m) in raw.iter().enumerate() {
        if let (Some(title), Some(a)) = (&m.title, m.affiliation) {
            if let (Some(p), Some(o)) = (ids[k].first(), ids[a].first()) {
                out.affiliations.push(Affiliation {
                    person: p.clone(),
                    organisation: o.clone(),
                    title: title.clone(),
                    sentence: m.sentence,
                });
            }
        }
    }

    // The affiliations indexed for pass 3, which reads them for every
    // description: the people of an organisation (or of the state it
    // belongs to), with any title and by the title's relation; the state
    // of each person's first post that has one; everyone with a post.
    let mut people_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    let mut people_as: HashMap<(&str, &str), BTreeSet<&str>> = HashMap::new();
    let mut own_state: HashMap<&str, &str> = HashMap::new();
    for a in &out.affiliations {
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
    let placed: BTreeSet<&str> = out.affiliations.iter().map(|a| a.person.as_str()).collect();
    // The persons with no post, computed when first needed: pass 3 gives
    // ids only to pronouns and descriptions, and only ids already taken.
    let mut unplaced: Option<BTreeSet<String>> = None;

    // Pass 3: pronouns and descriptions, in document order.
    let type_of =
        |id: &str, entities: &BTreeMap<String, Entity>| entities.get(id).map(|e| e.node_type);
    for k in 0..raw.len() {
        let m = &raw[k];
        let sent_start = seg.sentences[m.sentence].tokens.start;
        // Earlier resolved actor mentions (not demonym modifiers), nearest first.
        let earlier =
            |want: &dyn Fn(NodeType) -> bool, same_sentence_only: bool| -> Vec<(usize, String)> {
                let mut v = Vec::new();
                for j in (0..k).rev().take(LOOKBACK) {
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
                    if let Some(id) = ids[j].first() {
                        if ids[j].len() == 1 && type_of(id, &out.entities).is_some_and(want) {
                            v.push((j, id.clone()));
                        }
                    }
                }
                v
            };
        match &m.candidate {
            Candidate::Pronoun(p) => {
                let person = |t: NodeType| t == NodeType::Person;
                let org = |t: NodeType| t == NodeType::State || t == NodeType::Institution;
                let pick = match p.as_str() {
                    "he" | "him" | "his" | "she" | "her" => {
                        let same = earlier(&person, true);
                        if let Some((_, id)) = same.first() {
                            Some(id.clone())
                        } else {
                            // The first person of the nearest earlier sentence
                            // that has one: usually its subject or speaker.
                            let all = earlier(&person, false);
                            all.first().map(|(j, _)| raw[*j].sentence).and_then(|s| {
                                all.iter()
                                    .rfind(|(j, _)| raw[*j].sentence == s)
                                    .map(|(_, id)| id.clone())
                            })
                        }
                    }
                    "it" | "its" | "they" | "them" | "their" => {
                        let same = earlier(&org, true);
                        // A possessive takes the nearest actor (`sell arms to
                        // Russia for its war`); a subject pronoun prefers the
                        // subject of its own clause, then the nearest actor.
                        let clause_start = (sent_start.max(m.tokens.start.saturating_sub(60))
                            ..m.tokens.start)
                            .rev()
                            .find(|&t| {
                                matches!(
                                    words.lower(t),
                                    "," | ";"
                                        | "and"
                                        | "but"
                                        | "that"
                                        | "if"
                                        | "because"
                                        | "while"
                                        | "which"
                                        | "when"
                                )
                            })
                            .unwrap_or(sent_start);
                        let possessive = matches!(p.as_str(), "its" | "their");
                        let pick_same = if possessive {
                            same.first()
                        } else {
                            same.iter()
                                .find(|(j, _)| {
                                    raw[*j].tokens.start >= clause_start
                                        && !in_pp(&words, raw[*j].tokens.start, sent_start)
                                })
                                .or(same.first())
                        };
                        if let Some((_, id)) = pick_same {
                            Some(id.clone())
                        } else {
                            let all = earlier(&org, false);
                            all.first().map(|(j, _)| raw[*j].sentence).and_then(|s| {
                                let in_s: Vec<_> =
                                    all.iter().filter(|(j, _)| raw[*j].sentence == s).collect();
                                let first = in_s.last().copied();
                                let ss = seg.sentences[s].tokens.start;
                                in_s.iter()
                                    .rev()
                                    .find(|(j, _)| !in_pp(&words, raw[*j].tokens.start, ss))
                                    .copied()
                                    .or(first)
                                    .map(|(_, id)| id.clone())
                            })
                        }
                    }
                    // `we`, `our`, `us` stand for the speaker: the relation
                    // pass resolves them.
                    _ => None,
                };
                if let Some(id) = pick {
                    ids[k] = vec![id];
                }
            }
            Candidate::StateDescription => {
                // The nearest earlier state that is not an oblique argument
                // and not in the description's own clause.
                let state = |t: NodeType| t == NodeType::State;
                let all = earlier(&state, false);
                let pick = all
                    .iter()
                    .filter(|(j, _)| {
                        let ss = seg.sentences[raw[*j].sentence].tokens.start;
                        !in_pp(&words, raw[*j].tokens.start, ss)
                    })
                    .find(|(j, _)| {
                        // Skip the subject of the description's own clause.
                        !(raw[*j].sentence == m.sentence && {
                            let between =
                                (raw[*j].tokens.end..m.tokens.start).map(|t| words.lower(t));
                            !between
                                .into_iter()
                                .any(|w| w == "," || w == "that" || w == "if")
                        })
                    })
                    .or(all.first());
                if let Some((_, id)) = pick {
                    ids[k] = vec![id.clone()];
                }
            }
            Candidate::OwnState(_) => {
                // The nearest person before, and the state their title ties
                // them to.
                let person = |t: NodeType| t == NodeType::Person;
                let near = earlier(&person, true);
                let near = if near.is_empty() {
                    earlier(&person, false)
                } else {
                    near
                };
                if let Some((_, pid)) = near.first() {
                    if let Some(st) = own_state.get(pid.as_str()) {
                        ids[k] = vec![st.to_string()];
                    }
                }
            }
            Candidate::PersonDescription { affiliation, title } => {
                let Some(org) = ids[*affiliation].first() else {
                    continue;
                };
                let none = BTreeSet::new();
                let people = if title.role == "official" {
                    people_of.get(org.as_str())
                } else {
                    people_as.get(&(org.as_str(), title.relation.as_str()))
                }
                .unwrap_or(&none);
                if people.is_empty() && title.role == "official" {
                    // `the U.S. official`: the one person of the document
                    // with no post elsewhere, else the state itself.
                    let free = unplaced.get_or_insert_with(|| {
                        (0..raw.len())
                            .filter_map(|j| ids[j].first().filter(|_| ids[j].len() == 1))
                            .filter(|id| {
                                type_of(id, &out.entities) == Some(NodeType::Person)
                                    && !placed.contains(id.as_str())
                            })
                            .cloned()
                            .collect()
                    });
                    let pick = if free.len() == 1 {
                        free.iter().next().cloned()
                    } else {
                        Some(org.clone())
                    };
                    if let Some(p) = pick {
                        ids[k] = vec![p];
                    }
                } else if people.len() == 1 {
                    ids[k] = people.iter().map(|p| p.to_string()).collect();
                }
            }
            _ => {}
        }
    }

    // Mentions, counts and aliases.
    for (k, m) in raw.iter().enumerate() {
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
            // `Mr. Kim`: the honorific form is an alias too.
            let in_sentence = m.tokens.start > seg.sentences[m.sentence].tokens.start;
            let before = if in_sentence {
                words.get(m.tokens.start - 1)
            } else {
                ""
            };
            let honorific = lex
                .honorifics
                .contains(before)
                .then(|| format!("{before} {span}"));
            if let Some(e) = out.entities.get_mut(&ids[k][0]) {
                for form in std::iter::once(span.clone()).chain(honorific) {
                    if form != e.label && !e.aliases.contains(&form) {
                        e.aliases.push(form);
                    }
                }
            }
        }
        out.mentions.push(Mention {
            sentence: m.sentence,
            tokens: m.tokens.clone(),
            start,
            end,
            text: span,
            kind: m.kind,
            entities: ids[k].clone(),
        });
    }
    for e in out.entities.values_mut() {
        e.aliases.sort();
    }
    // Drop entities that no mention kept (a short form that stayed unresolved).
    let used: BTreeSet<&String> = out
        .mentions
        .iter()
        .flat_map(|m| m.entities.iter())
        .collect();
    let keep: BTreeSet<String> = used.into_iter().cloned().collect();
    out.entities.retain(|id, _| keep.contains(id));
    out
}
