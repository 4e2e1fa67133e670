//! Actors out of memory: when a build's entity table passes its budget
//! (`--actor-memory`), its entities are sorted by id (as strings) and
//! written as a run to a temporary file, as the edges are (`runs.rs`). At
//! the finish the runs are merged (k-way, an actor's records combined as
//! the table combines them) into one file, read twice more to find and
//! join the short names (`remap.rs`: the rules look at one actor at a
//! time), and the finished nodes, already in output order, go to a store
//! on disk that exporters read a node at a time. Memory holds a budget of
//! actors, one reader per run and what the short-name rules learn (per
//! distinct name word, not per actor).
//!
//! The interner still holds every actor's id, label and aliases: edges and
//! their runs name actors by symbol.

use std::cmp::Ordering;
use std::fs::File;
use std::io;

use foldhash::HashSet;

use super::compact::{actor_cost, Compact, Ctx, Ent, Extra, NONE};
use super::intern::{Interner, Sym};
use super::lean::{as_alias, lean_node, LeanNode};
use super::remap::{settle, RemapIndex};
use super::runs::{broken, Cursor, EdgeStore, Record, Run, RunWriter, SealedStore, Sorter};
use crate::lexicon::Lexicon;
use crate::model::NodeType;

/// An actor's record in a run: its id, and, for a short name joined to a
/// full one, the short name's id (`from`; else `NONE`).
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: Sym,
    pub from: Sym,
    pub ent: Ent,
}

impl Actor {
    /// An actor under its own id.
    pub fn own(id: Sym, ent: Ent) -> Actor {
        Actor {
            id,
            from: NONE,
            ent,
        }
    }
}

fn type_byte(t: Option<NodeType>) -> u8 {
    match t {
        None => 0,
        Some(NodeType::Person) => 1,
        Some(NodeType::State) => 2,
        Some(NodeType::Institution) => 3,
        Some(NodeType::Place) => 4,
        Some(NodeType::Other) => 5,
    }
}

fn byte_type(b: u8) -> io::Result<Option<NodeType>> {
    Ok(match b {
        0 => None,
        1 => Some(NodeType::Person),
        2 => Some(NodeType::State),
        3 => Some(NodeType::Institution),
        4 => Some(NodeType::Place),
        5 => Some(NodeType::Other),
        _ => return Err(broken()),
    })
}

fn put(out: &mut Vec<u8>, xs: &[u32]) {
    for x in xs {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A list of `u32`s after its length.
fn put_list(out: &mut Vec<u8>, xs: impl ExactSizeIterator<Item = u32>) {
    put(out, &[len32(xs.len())]);
    for x in xs {
        put(out, &[x]);
    }
}

impl Cursor<'_> {
    fn list(&mut self) -> io::Result<Vec<u32>> {
        let n = self.u32()? as usize;
        let mut v = Vec::with_capacity(n.min(self.0.len() / 4));
        for _ in 0..n {
            v.push(self.u32()?);
        }
        Ok(v)
    }

    fn pairs(&mut self) -> io::Result<Vec<(u32, u32)>> {
        let flat = self.list()?;
        if flat.len() % 2 != 0 {
            return Err(broken());
        }
        Ok(flat.chunks(2).map(|p| (p[0], p[1])).collect())
    }

    fn byte(&mut self) -> io::Result<u8> {
        Ok(self.take::<1>()?[0])
    }

    fn text(&mut self) -> io::Result<String> {
        let n = self.u32()? as usize;
        if self.0.len() < n {
            return Err(broken());
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        String::from_utf8(a.to_vec()).map_err(|_| broken())
    }

    fn end(&self) -> io::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(broken())
        }
    }
}

fn flat(pairs: &[(u32, u32)]) -> impl ExactSizeIterator<Item = u32> + '_ {
    let n = pairs.len() * 2;
    (0..n).map(move |i| {
        if i % 2 == 0 {
            pairs[i / 2].0
        } else {
            pairs[i / 2].1
        }
    })
}

impl Record for Actor {
    fn encode(&self, out: &mut Vec<u8>) {
        let e = &self.ent;
        put(out, &[self.id, self.from, e.mentions, e.document_count]);
        out.push(type_byte(e.node_type));
        put_list(out, flat(&e.labels));
        put_list(out, e.documents.iter().copied());
        put_list(out, e.aliases().iter().copied());
        put_list(out, flat(e.attributes()));
    }

    fn decode(bytes: &[u8]) -> io::Result<Self> {
        let mut c = Cursor(bytes);
        let (id, from, mentions, document_count) = (c.u32()?, c.u32()?, c.u32()?, c.u32()?);
        let node_type = byte_type(c.byte()?)?;
        let labels = c.pairs()?.into_boxed_slice();
        let documents = c.list()?.into_boxed_slice();
        let (aliases, attributes) = (c.list()?, c.pairs()?);
        c.end()?;
        let extra = (!aliases.is_empty() || !attributes.is_empty()).then(|| {
            Box::new(Extra {
                aliases,
                attributes,
            })
        });
        let ent = Ent {
            labels,
            documents,
            extra,
            mentions,
            document_count,
            node_type,
        };
        Ok(Actor { id, from, ent })
    }

    fn cost(&self) -> usize {
        actor_cost(&self.ent)
    }
}

impl Record for LeanNode {
    fn encode(&self, out: &mut Vec<u8>) {
        put(out, &[self.id, self.label, self.mentions]);
        out.push(type_byte(Some(self.node_type)));
        put_list(out, self.aliases.iter().copied());
        put_list(out, self.documents.iter().copied());
        put(out, &[len32(self.attributes.len())]);
        for (k, v) in &self.attributes {
            for t in [k, v] {
                put(out, &[len32(t.len())]);
                out.extend_from_slice(t.as_bytes());
            }
        }
    }

    fn decode(bytes: &[u8]) -> io::Result<Self> {
        let mut c = Cursor(bytes);
        let (id, label, mentions) = (c.u32()?, c.u32()?, c.u32()?);
        let node_type = byte_type(c.byte()?)?.ok_or_else(broken)?;
        let aliases = c.list()?.into_boxed_slice();
        let documents = c.list()?.into_boxed_slice();
        let n = c.u32()? as usize;
        let mut attributes = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            attributes.push((c.text()?, c.text()?));
        }
        c.end()?;
        Ok(LeanNode {
            id,
            label,
            node_type,
            mentions,
            aliases,
            documents,
            attributes,
        })
    }

    fn cost(&self) -> usize {
        std::mem::size_of::<LeanNode>()
    }
}

/// Actors (by id as strings) and edges (by key) past their budgets, in
/// runs on disk; the first error writing them.
pub struct OnDisk {
    pub edges: Sorter,
    pub edge_budget: usize,
    pub actors: Sorter<Actor>,
    pub actor_budget: usize,
    pub error: Option<io::Error>,
}

impl OnDisk {
    pub fn new(edge_budget: usize, actor_budget: usize) -> OnDisk {
        OnDisk {
            edges: Sorter::new(edge_budget),
            edge_budget,
            actors: Sorter::new(actor_budget),
            actor_budget,
            error: None,
        }
    }

    /// Writes the edges, and the actors, to a run once they pass their
    /// budget.
    pub fn spill(&mut self, acc: &mut Compact) {
        if self.error.is_some() {
            return;
        }
        let mut run = || -> io::Result<()> {
            if acc.edge_bytes > self.edge_budget {
                self.edges
                    .add_run(&acc.take_edges(), &|a, b| a.key.cmp(&b.key))?;
            }
            if acc.actor_bytes > self.actor_budget {
                let actors = acc.take_actors();
                self.actors.add_run(&actors, &by_id(&acc.strings))?;
            }
            Ok(())
        };
        self.error = run().err();
    }
}

/// Orders actors by id (as strings), a short name's joined record after
/// the full name's own, by the short name.
fn by_id(s: &Interner) -> impl Fn(&Actor, &Actor) -> Ordering + '_ {
    move |a, b| {
        s.get(a.id)
            .cmp(&s.get(b.id))
            .then((a.from != NONE).cmp(&(b.from != NONE)))
            .then_with(|| match (a.from, b.from) {
                (x, y) if x == y => Ordering::Equal,
                (x, y) => s.get(x).cmp(&s.get(y)),
            })
    }
}

/// The runs merged into one file, each actor's records combined; and what
/// the short-name rules learned of them.
fn merged(
    runs: Sorter<Actor>,
    s: &Interner,
    ctx: &Ctx,
    lex: &Lexicon,
) -> io::Result<(File, RemapIndex)> {
    let mut w = RunWriter::new()?;
    let mut index = RemapIndex::default();
    runs.finish(&by_id(s), &|a, b| a.ent.absorb(b.ent, ctx), &mut |a| {
        index.add(a.id, &a.ent, s, lex);
        w.write(&a)
    })?;
    Ok((w.finish()?, index))
}

/// Reads a file of actor records, one at a time.
fn each(file: File, f: &mut dyn FnMut(Actor) -> io::Result<()>) -> io::Result<()> {
    let mut run: Run<Actor> = Run::open(file)?;
    while let Some(a) = run.read()? {
        f(a)?;
    }
    Ok(())
}

/// Where the short names go (`remap::remap` over the merged actors).
fn remap_of(
    file: &File,
    index: &RemapIndex,
    s: &Interner,
    lex: &Lexicon,
) -> io::Result<Vec<(Sym, Sym)>> {
    let mut pairs = Vec::new();
    each(file.try_clone()?, &mut |a| {
        if let Some(to) = index.target(a.id, &a.ent, s, lex) {
            pairs.push((a.id, to));
        }
        Ok(())
    })?;
    Ok(settle(pairs, s))
}

/// The merged actors with the short names joined to their full names (as
/// `lean::remap_entities` joins them), in id order, in a new file.
fn joined(
    file: File,
    remap: &[(Sym, Sym)],
    s: &Interner,
    ctx: &Ctx,
    budget: usize,
) -> io::Result<File> {
    let to: foldhash::HashMap<Sym, Sym> = remap.iter().copied().collect();
    let cmp = by_id(s);
    let mut moved: Sorter<Actor> = Sorter::new(budget);
    each(file.try_clone()?, &mut |a| match to.get(&a.id) {
        Some(&into) => {
            let ent = as_alias(a.ent);
            moved.push(
                Actor {
                    id: into,
                    from: a.id,
                    ent,
                },
                &cmp,
            )
        }
        None => Ok(()),
    })?;
    moved.adopt(file);
    let mut w = RunWriter::new()?;
    // The actor being joined; `None` past a joined record with no own.
    let mut current: Option<Actor> = None;
    let mut last = NONE;
    moved.finish_with(&cmp, None, &mut |a| {
        if a.from == NONE && to.contains_key(&a.id) {
            return Ok(());
        }
        if a.id == last {
            if let Some(c) = current.as_mut() {
                c.ent.absorb(a.ent, ctx);
            }
            return Ok(());
        }
        last = a.id;
        if let Some(done) = current.take() {
            w.write(&done)?;
        }
        current = (a.from == NONE).then_some(a);
        Ok(())
    })?;
    if let Some(done) = current {
        w.write(&done)?;
    }
    w.finish()
}

/// The finished nodes of actors in a file, in output order, in a store;
/// and their ids.
fn stored_nodes(
    file: File,
    strings: &mut Interner,
    lex: &Lexicon,
) -> io::Result<(SealedStore<LeanNode>, Vec<Sym>)> {
    let mut store = EdgeStore::new()?;
    let mut ids = Vec::new();
    let mut scratch = Vec::new();
    each(file, &mut |a| {
        let node = lean_node(a.id, a.ent, strings, lex);
        ids.push(node.id);
        store.push(&node, &mut scratch)
    })?;
    Ok((store.seal()?, ids))
}

/// The finished nodes of a build whose actors went to runs on disk (`acc`
/// holds those since the last run), in a store in output order; their
/// ids; and where the short names went.
pub(super) fn finish_actors(
    acc: &mut Compact,
    mut runs: Sorter<Actor>,
    ctx: &Ctx,
    lex: &Lexicon,
    budget: usize,
) -> io::Result<(SealedStore<LeanNode>, Vec<Sym>, Remap)> {
    let actors = acc.take_actors();
    runs.add_run(&actors, &by_id(&acc.strings))?;
    drop(actors);
    let (file, index) = merged(runs, &acc.strings, ctx, lex)?;
    let remap = remap_of(&file, &index, &acc.strings, lex)?;
    drop(index);
    let file = joined(file, &remap, &acc.strings, ctx, budget)?;
    let (store, ids) = stored_nodes(file, &mut acc.strings, lex)?;
    Ok((store, ids, remap))
}

/// Where short names go: (short id, full id) pairs, sorted by the short id.
pub type Remap = Vec<(Sym, Sym)>;

/// Whether a node's `part_of` attribute is backed by an edge (see
/// `lean::keep_backed_part_of`).
pub(super) fn keep_backed(n: &mut LeanNode, backed: &HashSet<(Sym, Sym)>, strings: &Interner) {
    n.attributes.retain(|(k, v)| {
        k != "part_of" || strings.find(v).is_some_and(|p| backed.contains(&(n.id, p)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actor_and_a_node_survive_their_records_and_a_cut_record_is_an_error() {
        let a = Actor {
            id: 7,
            from: 3,
            ent: Ent {
                labels: Box::new([(1, 2), (4, 1)]),
                documents: Box::new([0, 5, 9]),
                extra: Some(Box::new(Extra {
                    aliases: vec![8],
                    attributes: vec![(10, 11)],
                })),
                mentions: 6,
                document_count: 4,
                node_type: Some(NodeType::Institution),
            },
        };
        let mut buf = Vec::new();
        a.encode(&mut buf);
        let b = Actor::decode(&buf).unwrap();
        assert_eq!((b.id, b.from), (7, 3));
        assert_eq!(&b.ent.labels[..], &[(1, 2), (4, 1)]);
        assert_eq!(&b.ent.documents[..], &[0, 5, 9]);
        assert_eq!(
            (b.ent.aliases(), b.ent.attributes()),
            (&[8][..], &[(10, 11)][..])
        );
        assert_eq!((b.ent.mentions, b.ent.document_count), (6, 4));
        assert_eq!(b.ent.node_type, Some(NodeType::Institution));
        assert!(Actor::decode(&buf[..buf.len() - 1]).is_err());
        let n = LeanNode {
            id: 2,
            label: 5,
            node_type: NodeType::Person,
            mentions: 3,
            aliases: Box::new([6, 1]),
            documents: Box::new([4]),
            attributes: vec![("part_of".into(), "Ríos".into())],
        };
        buf.clear();
        n.encode(&mut buf);
        let m = LeanNode::decode(&buf).unwrap();
        assert_eq!(
            (m.id, m.label, m.node_type, m.mentions),
            (2, 5, NodeType::Person, 3)
        );
        assert_eq!((&m.aliases[..], &m.documents[..]), (&[6, 1][..], &[4][..]));
        assert_eq!(m.attributes, n.attributes);
        buf.push(0);
        assert!(LeanNode::decode(&buf).is_err());
    }
}
