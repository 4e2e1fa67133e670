//! Relation frames: which trigger lemmas realise a relation, and which
//! dependents of the trigger give its source and target
//! (`lexicon/frames.tsv`, read by the tree relation pass).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{cell, multi, LexiconError, RelationInfo, Table};

/// Where an argument is found around a trigger in the dependency tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The deep subject: `nsubj`, or `obl:agent` in the passive; for a
    /// noun, the subject of the verb that takes it as its object.
    Subj,
    /// The deep object: `obj`, or `nsubj:pass` in the passive.
    Obj,
    Iobj,
    /// A noun's possessor or state modifier (`Russia's`, `Russian`).
    Poss,
    /// The object, when a `with` phrase names what is given
    /// (`supplied the army with drones`).
    WithObj,
    /// The subject of a complement clause (`recommended the troops
    /// withdraw`, `said the president should resign`).
    ClauseSubj,
    /// The one who acts in a complement clause: its subject, or the agent
    /// of a passive (`alleged that the police were hiding the figures`,
    /// `alleged the votes were stolen by the party`).
    ClauseAgent,
    /// An oblique or nominal modifier introduced by this preposition.
    Prep(String),
}

/// The part of speech a trigger has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TriggerPos {
    Verb,
    Noun,
}

/// How a frame behaves beyond its arguments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrameFlags {
    /// Symmetric: coordinated subjects pair up when no target is named.
    pub mutual: bool,
    /// A denial: the denied clause yields no positive edge.
    pub deny: bool,
    /// The object must be a goods noun (`send troops`, `give drones`).
    pub goods: bool,
    /// A commitment to the act (`agreed to cooperate`) is the act.
    pub pledge: bool,
    /// The noun names an event (`visit`, `talks`).
    pub event: bool,
    /// A speech act: its subject is the speaker of its complement.
    pub speech: bool,
    /// A request or proposal: what it governs through control (`urged X
    /// to hold talks`) is asked for, not done.
    pub request: bool,
    /// The owner of a non-actor object is the target (`condemned Turkey's
    /// decision` criticizes Turkey); without it, such an owner is never
    /// the target (`warned about China's efforts`).
    pub possessor: bool,
    /// The object must be an act noun (`attacked the ruling`: criticism).
    pub act: bool,
    /// A physical act: an act noun as its object is no target
    /// (`attacked the ruling` is no attack).
    pub physical: bool,
    /// Read only through a complement clause with a modal of obligation
    /// (`said X should resign` urges X; `words/deontic_modals.txt`).
    pub deontic: bool,
    /// Read only with a predicate that finds fault with the object
    /// (`called the decision a disgrace`; `words/fault_words.txt`).
    pub fault: bool,
}

/// One row of `frames.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub relation: String,
    pub pos: TriggerPos,
    pub source: Vec<Slot>,
    pub target: Vec<Slot>,
    pub flags: FrameFlags,
}

/// Every frame, indexed by (part of speech, lemma).
#[derive(Clone, Debug, Default)]
pub struct Frames {
    pub frames: Vec<Frame>,
    by_lemma: HashMap<(TriggerPos, String), Vec<usize>>,
    lemmas: HashSet<String>,
}

impl Frames {
    /// The frames a lemma triggers as this part of speech, in file order.
    pub fn of(&self, pos: TriggerPos, lemma: &str) -> impl Iterator<Item = &Frame> {
        self.by_lemma
            .get(&(pos, lemma.to_string()))
            .into_iter()
            .flatten()
            .map(|&i| &self.frames[i])
    }

    /// Whether a word is the lemma of a trigger that may stand alone: a
    /// `deontic` frame's (`say`) needs a modal of obligation as well, a
    /// `fault` frame's a word that finds fault.
    pub fn is_lemma(&self, word: &str) -> bool {
        self.lemmas.contains(word)
    }

    /// Adds the rows of one `frames.tsv`, checking every cell.
    pub(super) fn add_file(
        &mut self,
        file: &str,
        text: &str,
        relations: &BTreeMap<String, RelationInfo>,
    ) -> Result<(), LexiconError> {
        let cols = ["relation", "pos", "lemmas", "source", "target", "flags"];
        let t = Table::parse(file, text, &cols)?;
        for (line, row) in &t.rows {
            let get = |c: &str| cell(row, t.col(c));
            let frame = parse_row(get, relations).map_err(|m| t.err(*line, m))?;
            for lemma in multi(get("lemmas")) {
                if !frame.flags.deontic && !frame.flags.fault {
                    self.lemmas.insert(lemma.to_lowercase());
                }
                self.by_lemma
                    .entry((frame.pos, lemma.to_lowercase()))
                    .or_default()
                    .push(self.frames.len());
            }
            self.frames.push(frame);
        }
        Ok(())
    }
}

fn parse_row<'a>(
    get: impl Fn(&str) -> &'a str,
    relations: &BTreeMap<String, RelationInfo>,
) -> Result<Frame, String> {
    let relation = get("relation");
    if !relations.contains_key(relation) {
        return Err(format!("relation `{relation}` is not in ontology.tsv"));
    }
    let pos = match get("pos") {
        "verb" => TriggerPos::Verb,
        "noun" => TriggerPos::Noun,
        p => return Err(format!("unknown part of speech `{p}` (verb or noun)")),
    };
    if multi(get("lemmas")).next().is_none() {
        return Err("a frame needs at least one lemma".into());
    }
    Ok(Frame {
        relation: relation.to_string(),
        pos,
        source: slots(get("source"), pos)?,
        target: slots(get("target"), pos)?,
        flags: flags(get("flags"))?,
    })
}

fn slots(value: &str, pos: TriggerPos) -> Result<Vec<Slot>, String> {
    let list: Vec<Slot> = multi(value)
        .map(|s| match s {
            "subj" => Ok(Slot::Subj),
            "obj" => Ok(Slot::Obj),
            "iobj" => Ok(Slot::Iobj),
            "poss" if pos == TriggerPos::Noun => Ok(Slot::Poss),
            "poss" => Err("`poss` is a slot of nouns only".to_string()),
            "with-obj" => Ok(Slot::WithObj),
            "clause-subj" => Ok(Slot::ClauseSubj),
            "clause-agent" => Ok(Slot::ClauseAgent),
            p if !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()) => {
                Ok(Slot::Prep(p.to_string()))
            }
            other => Err(format!(
                "unknown slot `{other}` (subj, obj, iobj, poss, with-obj, clause-subj, clause-agent or a preposition)"
            )),
        })
        .collect::<Result<_, _>>()?;
    if list.is_empty() {
        return Err("a frame needs a source and a target slot".into());
    }
    Ok(list)
}

fn flags(value: &str) -> Result<FrameFlags, String> {
    let mut f = FrameFlags::default();
    for flag in multi(value) {
        let slot = match flag {
            "mutual" => &mut f.mutual,
            "deny" => &mut f.deny,
            "goods" => &mut f.goods,
            "pledge" => &mut f.pledge,
            "event" => &mut f.event,
            "speech" => &mut f.speech,
            "request" => &mut f.request,
            "possessor" => &mut f.possessor,
            "act" => &mut f.act,
            "physical" => &mut f.physical,
            "deontic" => &mut f.deontic,
            "fault" => &mut f.fault,
            other => {
                return Err(format!(
                    "unknown flag `{other}` (mutual, deny, goods, pledge, event, speech, request, possessor, act, physical, deontic, fault)"
                ))
            }
        };
        *slot = true;
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ontology() -> BTreeMap<String, RelationInfo> {
        let info = RelationInfo {
            symmetric: false,
            cameo: String::new(),
            plover: String::new(),
            family: String::new(),
            targets: Vec::new(),
        };
        [("visited".to_string(), info)].into_iter().collect()
    }

    const HEADER: &str = "relation\tpos\tlemmas\tsource\ttarget\tflags\n";

    #[test]
    fn rows_index_every_lemma() {
        let mut f = Frames::default();
        let text = format!("{HEADER}visited\tverb\tvisit|Tour\tsubj\tobj|to\tevent\n");
        f.add_file("frames.tsv", &text, &ontology()).unwrap();
        let got: Vec<&Frame> = f.of(TriggerPos::Verb, "tour").collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].target, vec![Slot::Obj, Slot::Prep("to".into())]);
        assert!(got[0].flags.event && !got[0].flags.mutual);
        assert_eq!(f.of(TriggerPos::Noun, "visit").count(), 0);
    }

    #[test]
    fn bad_cells_are_errors_with_their_line() {
        let cases = [
            (
                "flies\tverb\tfly\tsubj\tto\t",
                "relation `flies` is not in ontology.tsv",
            ),
            (
                "visited\tadj\tfly\tsubj\tto\t",
                "unknown part of speech `adj` (verb or noun)",
            ),
            (
                "visited\tverb\tfly\tsubj\tto\tsometimes",
                "unknown flag `sometimes` (mutual, deny, goods, pledge, event, speech, request, possessor, act, physical, deontic, fault)",
            ),
            (
                "visited\tverb\tfly\tposs\tto\t",
                "`poss` is a slot of nouns only",
            ),
            (
                "visited\tverb\tfly\tsubj\tTo-2\t",
                "unknown slot `To-2` (subj, obj, iobj, poss, with-obj, clause-subj, clause-agent or a preposition)",
            ),
        ];
        for (row, message) in cases {
            let text = format!("{HEADER}{row}\n");
            let err = Frames::default()
                .add_file("frames.tsv", &text, &ontology())
                .unwrap_err();
            assert_eq!((err.line, err.message.as_str()), (2, message), "{row}");
        }
    }
}
