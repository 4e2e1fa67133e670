//! Affiliations that a title or a name gives without naming the body,
//! read against the whole document (a step of `resolve`):
//!
//! - the document's own state: the state it is plainly about, named (by
//!   name, demonym, capital or one of its bodies) at least three times and
//!   at least twice as often as any other;
//! - a state post's holder with no body named (`President X`, `Solicitor
//!   General Y`, `titles.tsv` seat `state`) serves that state, unless a
//!   title elsewhere in the document already ties them to a state;
//! - a legislator's title (`Representatives X and Y`, `Conservative MP Z`,
//!   seat `house`, `parliament`, …) is a seat in the chamber of that head
//!   word that the document names (of the state of the party or state
//!   named with the title, or of the document's state, when known);
//! - a title after a lower-case organisation noun (`committee chairman`)
//!   is held at the institution of that head word named just before;
//! - a title only one body has (`pope`, seat `catholic-church`) ties its
//!   holder to that body when no other is named with it;
//! - a government body named without a state (`the Interior Ministry`,
//!   `the Defence Forces`; its head word in `home_state_heads.txt`) that
//!   neither the lexicon nor its name ties to a parent belongs to the
//!   document's state;
//! - a counterpart (`her Peruvian counterpart X`) holds, in the body named
//!   with it, the post of the one whose counterpart they are: the other
//!   titled person of the sentence.
//!
//! It reads ids chosen by the earlier steps and never fails.

use std::collections::{BTreeMap, BTreeSet};

use crate::extract::entities::{title_at, RawMention, Words};
use crate::extract::resolve::Affiliation;
use crate::lexicon::{Lexicon, Seat, Title};
use crate::model::{Entity, NodeType};

/// How often the document's own state must be named, at least.
const HOME_MIN_MENTIONS: usize = 3;

/// The state an actor of the document is or belongs to: itself, or its
/// parent's state in the lexicon.
pub fn state_of<'a>(
    lex: &'a Lexicon,
    entities: &'a BTreeMap<String, Entity>,
    id: &'a str,
) -> Option<&'a str> {
    let e = entities.get(id)?;
    match e.node_type {
        NodeType::State => Some(&e.id),
        NodeType::Institution => e
            .attributes
            .get("part_of")
            .and_then(|p| lex.state_of(p))
            .or_else(|| lex.state_of(id)),
        _ => None,
    }
}

/// The state the document is about: named (itself or by one of its
/// bodies) at least `HOME_MIN_MENTIONS` times and at least twice as often
/// as the next.
pub fn home_state(
    lex: &Lexicon,
    entities: &BTreeMap<String, Entity>,
    ids: &[Vec<String>],
) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for one in ids.iter().filter_map(|ids| match ids.as_slice() {
        [one] => Some(one),
        _ => None,
    }) {
        if let Some(s) = state_of(lex, entities, one) {
            *counts.entry(s).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, &str)> = counts.into_iter().map(|(s, n)| (n, s)).collect();
    ranked.sort_by(|a, b| b.cmp(a));
    let (top, state) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.0);
    (top >= HOME_MIN_MENTIONS && top >= 2 * second).then(|| state.to_string())
}

/// The affiliations the seats of titles give (see the module's notes):
/// `titled` are those the titles' own bodies gave.
pub fn seat_affiliations(
    lex: &Lexicon,
    entities: &mut BTreeMap<String, Entity>,
    raw: &[RawMention],
    ids: &[Vec<String>],
    titled: &[Affiliation],
    home: Option<&str>,
) -> Vec<Affiliation> {
    let mut out = Vec::new();
    // Entities a mention still refers to (short forms have moved on).
    let used: BTreeSet<&str> = ids.iter().flatten().map(String::as_str).collect();
    for (k, m) in raw.iter().enumerate() {
        let (Some(title), [person]) = (&m.title, ids[k].as_slice()) else {
            continue;
        };
        let Some(seat) = &title.seat else { continue };
        let body = m.affiliation.and_then(|a| ids[a].first());
        let organisation = match seat {
            Seat::State => body
                .is_none()
                .then_some(home)
                .flatten()
                .filter(|_| !serves_a_state(lex, entities, titled, person))
                .map(str::to_string),
            Seat::Chamber(head) => chamber_seat(lex, entities, &used, body, head, home),
            Seat::Body(id) => body.is_none().then(|| id.clone()),
        };
        if let Some(organisation) = organisation {
            out.push(Affiliation {
                person: person.clone(),
                organisation,
                title: Title {
                    relation: if matches!(seat, Seat::Chamber(_)) {
                        "member_of".into()
                    } else {
                        title.relation.clone()
                    },
                    ..title.clone()
                },
                sentence: m.sentence,
            });
        }
    }
    // A body no mention named (`Pope X`: the church) becomes an entity.
    for a in &out {
        if let Some(k) = lex.entity(&a.organisation) {
            entities.entry(k.id.clone()).or_insert_with(|| Entity {
                id: k.id.clone(),
                label: k.label.clone(),
                node_type: k.node_type,
                aliases: Vec::new(),
                attributes: k.attributes.clone(),
            });
        }
    }
    out
}

/// Whether a title of the document already ties `person` to a state or
/// one of its bodies.
fn serves_a_state(
    lex: &Lexicon,
    entities: &BTreeMap<String, Entity>,
    titled: &[Affiliation],
    person: &str,
) -> bool {
    titled
        .iter()
        .filter(|a| a.person == person)
        .any(|a| state_of(lex, entities, &a.organisation).is_some())
}

/// The chamber a legislator's title names, with `body` the party or state
/// named with it (none: the document's state): the one chamber of that
/// head word the document names (of that state, when it is known). A title
/// held at another body (`a Red Cross representative`) is no seat.
fn chamber_seat(
    lex: &Lexicon,
    entities: &BTreeMap<String, Entity>,
    used: &BTreeSet<&str>,
    body: Option<&String>,
    head: &str,
    home: Option<&str>,
) -> Option<String> {
    let state = match body {
        None => home,
        Some(b) => {
            let e = entities.get(b)?;
            let party = e.attributes.get("kind").is_some_and(|k| k == "party");
            if e.node_type != NodeType::State && !party {
                return None;
            }
            state_of(lex, entities, b)
        }
    };
    let named: Vec<&String> = entities
        .values()
        .filter(|e| used.contains(e.id.as_str()))
        .filter(|e| is_legislature(lex, e) && chamber_head(lex, &e.label).as_deref() == Some(head))
        .filter(|e| state.is_none() || state_of(lex, entities, &e.id) == state)
        .map(|e| &e.id)
        .collect();
    match named.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// An institution that is a legislature: of that kind in the lexicon, or
/// one the document names that the lexicon does not know.
fn is_legislature(lex: &Lexicon, e: &Entity) -> bool {
    e.node_type == NodeType::Institution
        && match e.attributes.get("kind") {
            Some(k) => k == "legislature",
            None => lex.entity(&e.id).is_none(),
        }
}

/// The head word of a body's name, lower case, without the state it may
/// start with: `house` for `United States House of Representatives`.
pub fn chamber_head(lex: &Lexicon, label: &str) -> Option<String> {
    let name = lex
        .without_state(label)
        .unwrap_or_else(|| label.to_string());
    let w: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let head = (0..w.len())
        .find(|&i| {
            w.get(i + 1)
                .is_some_and(|t| lex.words.org_tails.contains(t.as_str()))
        })
        .unwrap_or(w.len().saturating_sub(1));
    w.get(head).cloned()
}

/// The document's government bodies named without a state (`Interior
/// Ministry`), which neither the lexicon nor their name tie to a parent,
/// made part of the document's state.
pub fn home_bodies(lex: &Lexicon, entities: &mut BTreeMap<String, Entity>, home: &str) {
    for e in entities.values_mut() {
        let unplaced = e.node_type == NodeType::Institution
            && lex.entity(&e.id).is_none()
            && !e.attributes.contains_key("part_of");
        let governs =
            || chamber_head(lex, &e.label).is_some_and(|h| lex.words.home_state_heads.contains(&h));
        if unplaced && governs() {
            e.attributes.insert("part_of".into(), home.to_string());
        }
    }
}

/// How many sentences back an unnamed body (`the committee`) looks for
/// the one it stands for.
const BODY_LOOKBACK: usize = 3;

/// `Democratic committee chairman Jane Roe` after the `Ways Committee` was
/// named: a title after a lower-case organisation noun is held at the
/// nearest institution named before whose name ends in that noun.
pub fn unnamed_body_posts(
    words: &Words,
    lex: &Lexicon,
    entities: &BTreeMap<String, Entity>,
    raw: &[RawMention],
    ids: &[Vec<String>],
) -> Vec<Affiliation> {
    let mut out = Vec::new();
    for (k, m) in raw.iter().enumerate() {
        let (Some(_), [person]) = (&m.title, ids[k].as_slice()) else {
            continue;
        };
        let Some((title, noun)) = title_after_body(words, lex, m.tokens.start) else {
            continue;
        };
        let named = raw[..k]
            .iter()
            .zip(ids)
            .rev()
            .take_while(|(r, _)| r.sentence + BODY_LOOKBACK >= m.sentence)
            .find_map(|(_, ids)| match ids.as_slice() {
                [one] => entities
                    .get(one)
                    .filter(|e| e.node_type == NodeType::Institution)
                    .filter(|e| {
                        let last = e.label.rsplit(' ').next().unwrap_or_default();
                        last.eq_ignore_ascii_case(noun)
                    }),
                _ => None,
            });
        if let Some(body) = named {
            out.push(Affiliation {
                person: person.clone(),
                organisation: body.id.clone(),
                title,
                sentence: m.sentence,
            });
        }
    }
    out
}

/// The title that ends right before token `name` and the lower-case
/// organisation noun right before that title (`committee chairman`).
fn title_after_body<'a>(words: &Words<'a>, lex: &Lexicon, name: usize) -> Option<(Title, &'a str)> {
    (1..=lex.max_title_words.min(name)).rev().find_map(|len| {
        let s = name - len;
        let (title, e) = title_at(words, lex, s, name)?;
        let noun = words.lower(s.checked_sub(1)?);
        let body = e == name && !words.is_cap(s - 1) && lex.is_org_word_lower(noun);
        body.then_some((title, noun))
    })
}

/// The role of `titles.tsv`'s `counterpart`.
pub const COUNTERPART: &str = "counterpart";

/// Gives each counterpart (`her Peruvian counterpart X`) the relation and
/// role of the other titled person of its sentence (`Chilean Foreign
/// Minister Y met …`); with none, it stays a member of its body.
pub fn counterparts(affiliations: &mut [Affiliation]) {
    for k in 0..affiliations.len() {
        if affiliations[k].title.role != COUNTERPART {
            continue;
        }
        let a = &affiliations[k];
        let model = affiliations.iter().find(|b| {
            b.sentence == a.sentence && b.person != a.person && b.title.role != COUNTERPART
        });
        if let Some(title) = model.map(|b| b.title.clone()) {
            affiliations[k].title.relation = title.relation;
            affiliations[k].title.role = title.role;
        }
    }
}
